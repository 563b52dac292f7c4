//! The JSON shapes of the API, shared by the HTTP routes and the WebSocket: what comes in
//! (validated into domain values before anything is written) and what goes out.

use actix_web::http::header;
use actix_web::HttpRequest;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ticket_domain::service::VisitorMessage;
use ticket_domain::ticket::{Author, Device, Message, Status, TicketNumber};
use ticket_domain::values::{ClientId, DisplayName, Email, MessageText, Page};

use crate::error::ApiError;

/// The character limits of the fields of a message, as `ticket_domain::values` enforces them.
mod field_limits {
    pub use ticket_domain::values::{
        MAX_CLIENT_ID_CHARS as CLIENT_ID, MAX_EMAIL_CHARS as EMAIL, MAX_MESSAGE_CHARS as TEXT,
        MAX_NAME_CHARS as NAME, MAX_PAGE_CHARS as PAGE,
    };
}

/// The most bytes one character takes in a JSON string: a character outside the Basic
/// Multilingual Plane written as two escapes (`\ud83d\ude00`, 12 bytes for one emoji).
const MAX_JSON_BYTES_PER_CHAR: usize = 12;
/// The most bytes one ASCII character takes in a JSON string (`\u0041`).
const MAX_JSON_BYTES_PER_ASCII: usize = 6;
/// Room for the keys (which may be escaped too), `"type":"message"`, quotes, separators and
/// white space.
const JSON_STRUCTURE_BYTES: usize = 1_024;

/// The largest JSON encoding of a message whose every field is within its character limit
/// (78,232 bytes): the body limit of `POST /api/v1/messages` and the frame limit of the
/// WebSocket, so that a message is refused for its characters (`invalid_text`, …), never for
/// the way its client encoded it.
pub const MAX_MESSAGE_JSON_BYTES: usize =
    (field_limits::TEXT + field_limits::PAGE + field_limits::NAME + field_limits::EMAIL)
        * MAX_JSON_BYTES_PER_CHAR
        + field_limits::CLIENT_ID * MAX_JSON_BYTES_PER_ASCII
        + JSON_STRUCTURE_BYTES;

/// A message as the API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MessageView {
    /// Storage's id, increasing: clients deduplicate and resume by it.
    pub id: i64,
    /// `visitor`, `operator` or `system`.
    pub author: Author,
    /// The text, to show as text (never as HTML).
    pub text: String,
    /// When it was stored (RFC 3339).
    pub sent_at: DateTime<Utc>,
    /// For an operator's reply, the first name of who answered (absent when unknown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
}

impl From<&Message> for MessageView {
    fn from(message: &Message) -> Self {
        Self {
            id: message.id.0,
            author: message.author,
            text: message.text.clone(),
            sent_at: message.sent_at,
            operator: message
                .operator
                .as_ref()
                .map(|operator| operator.name.as_str().to_owned()),
        }
    }
}

/// The answer to a send: the ticket and the stored message.
#[derive(Debug, Clone, Serialize)]
pub struct SentView {
    /// The visitor's ticket.
    pub ticket: TicketNumber,
    /// The message.
    pub message: MessageView,
}

/// The visitor's conversation.
#[derive(Debug, Clone, Serialize)]
pub struct ConversationView {
    /// The ticket, `null` before the first message.
    pub ticket: Option<TicketNumber>,
    /// Its status, `null` before the first message.
    pub status: Option<Status>,
    /// The messages asked for, oldest first.
    pub messages: Vec<MessageView>,
}

/// A message a visitor sends, as received (over HTTP or the WebSocket).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct MessageInput {
    /// Required; missing counts as blank.
    #[serde(default)]
    pub text: String,
    /// Idempotency key.
    pub client_id: Option<String>,
    /// The page written from.
    pub page: Option<String>,
    /// The visitor's name, to record.
    pub name: Option<String>,
    /// The visitor's e-mail address, to record.
    pub email: Option<String>,
}

impl MessageInput {
    /// Validates every field (the first problem wins); nothing is written before this passes.
    pub fn validate(self, device: Option<Device>) -> Result<VisitorMessage, ApiError> {
        Ok(VisitorMessage {
            text: MessageText::new(&self.text)?,
            client_id: self.client_id.as_deref().map(ClientId::new).transpose()?,
            page: self.page.as_deref().map(Page::new).transpose()?,
            device,
            name: self.name.as_deref().map(DisplayName::new).transpose()?,
            email: self.email.as_deref().map(Email::new).transpose()?,
        })
    }
}

/// The device of the request's `User-Agent`, when it has one.
pub fn device_of(req: &HttpRequest) -> Option<Device> {
    req.headers()
        .get(header::USER_AGENT)
        .and_then(|ua| ua.to_str().ok())
        .map(Device::from_user_agent)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(text: &str) -> MessageInput {
        MessageInput {
            text: text.into(),
            ..MessageInput::default()
        }
    }

    #[test]
    fn a_full_message_is_validated_into_domain_values() {
        let message = MessageInput {
            text: " Bonjour ".into(),
            client_id: Some("c-1".into()),
            page: Some("/prix".into()),
            name: Some("Jean Dupont".into()),
            email: Some("jean@email.com".into()),
        }
        .validate(Some(Device::Mobile))
        .unwrap();
        assert_eq!(message.text.as_str(), "Bonjour");
        assert_eq!(message.client_id.unwrap().as_str(), "c-1");
        assert_eq!(message.device, Some(Device::Mobile));
    }

    #[test]
    fn each_bad_field_has_its_code() {
        let cases = [
            (input(" "), "invalid_text"),
            (input(&"a".repeat(4_001)), "invalid_text"),
            (
                MessageInput {
                    client_id: Some("a b".into()),
                    ..input("hi")
                },
                "invalid_client_id",
            ),
            (
                MessageInput {
                    page: Some(" ".into()),
                    ..input("hi")
                },
                "invalid_page",
            ),
            (
                MessageInput {
                    name: Some("".into()),
                    ..input("hi")
                },
                "invalid_name",
            ),
            (
                MessageInput {
                    email: Some("jean@".into()),
                    ..input("hi")
                },
                "invalid_email",
            ),
        ];
        for (input, code) in cases {
            assert_eq!(input.validate(None).unwrap_err().code(), code);
        }
    }

    #[test]
    fn the_domains_limits_are_what_its_validators_enforce() {
        let longest = |limit: usize, valid: &dyn Fn(&str) -> bool| {
            valid(&"a".repeat(limit)) && !valid(&"a".repeat(limit + 1))
        };
        assert!(longest(field_limits::TEXT, &|s| MessageText::new(s).is_ok()));
        assert!(longest(field_limits::PAGE, &|s| Page::new(s).is_ok()));
        assert!(longest(field_limits::NAME, &|s| DisplayName::new(s).is_ok()));
        assert!(longest(field_limits::CLIENT_ID, &|s| ClientId::new(s).is_ok()));
        // 64 + 1 + 63 + 1 + 63 + 1 + label + 3 characters.
        let email = |label: usize| {
            let (b, c, d) = ("b".repeat(63), "c".repeat(63), "d".repeat(label));
            format!("{}@{b}.{c}.{d}.fr", "a".repeat(64))
        };
        let label = field_limits::EMAIL - 196;
        assert_eq!(email(label).chars().count(), field_limits::EMAIL);
        assert!(Email::new(&email(label)).is_ok());
        assert!(Email::new(&email(label + 1)).is_err());
    }

    #[test]
    fn the_largest_valid_message_in_the_worst_encoding_fits_the_limit() {
        let escaped = |c: char, n: usize| -> String {
            let mut units = [0u16; 2];
            let one: String = c
                .encode_utf16(&mut units)
                .iter()
                .map(|u| format!("\\u{u:04x}"))
                .collect();
            one.repeat(n)
        };
        let body = format!(
            r#"{{"type": "message", "text": "{}", "client_id": "{}", "page": "{}", "name": "{}", "email": "{}"}}"#,
            escaped('😀', field_limits::TEXT),
            escaped('a', field_limits::CLIENT_ID),
            escaped('😀', field_limits::PAGE),
            escaped('😀', field_limits::NAME),
            escaped('😀', field_limits::EMAIL),
        );
        assert!(body.len() <= MAX_MESSAGE_JSON_BYTES, "{} bytes", body.len());
        assert_eq!(
            MAX_MESSAGE_JSON_BYTES, 78_232,
            "the figure docs/api.md gives"
        );
        let input: MessageInput = serde_json::from_str(&body).unwrap();
        assert_eq!(input.text.chars().count(), field_limits::TEXT);
    }

    #[test]
    fn a_message_view_has_exactly_the_public_fields() {
        let message = Message {
            id: ticket_domain::ticket::MessageId(17),
            author: Author::Operator,
            text: "Bonjour".into(),
            sent_at: DateTime::parse_from_rfc3339("2025-01-02T03:04:05Z")
                .unwrap()
                .into(),
            page: Some(Page::new("/prix").unwrap()),
            operator: None,
        };
        let json = serde_json::to_value(MessageView::from(&message)).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "id": 17, "author": "operator", "text": "Bonjour",
                "sent_at": "2025-01-02T03:04:05Z"
            })
        );
        let signed = Message {
            operator: ticket_domain::values::Operator::from_telegram(501, "Marie"),
            ..message
        };
        let json = serde_json::to_value(MessageView::from(&signed)).unwrap();
        assert_eq!(
            json["operator"], "Marie",
            "who answered, and nothing else of them"
        );
        assert_eq!(json.as_object().unwrap().len(), 5);
    }
}
