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
}

impl From<&Message> for MessageView {
    fn from(message: &Message) -> Self {
        Self {
            id: message.id.0,
            author: message.author,
            text: message.text.clone(),
            sent_at: message.sent_at,
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
    fn a_message_view_has_exactly_the_public_fields() {
        let message = Message {
            id: ticket_domain::ticket::MessageId(17),
            author: Author::Operator,
            text: "Bonjour".into(),
            sent_at: DateTime::parse_from_rfc3339("2025-01-02T03:04:05Z")
                .unwrap()
                .into(),
            page: Some(Page::new("/prix").unwrap()),
        };
        let json = serde_json::to_value(MessageView::from(&message)).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "id": 17, "author": "operator", "text": "Bonjour",
                "sent_at": "2025-01-02T03:04:05Z"
            })
        );
    }
}
