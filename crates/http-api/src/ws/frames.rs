//! The WebSocket's text frames: what the server sends, what the client may send.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use ticket_domain::ports::VisitorEvent;
use ticket_domain::ticket::{MessageId, Status, TicketNumber};

use crate::error::ApiError;
use crate::wire::{MessageInput, MessageView};

/// A frame from the server.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum ServerFrame {
    /// A message of the visitor's ticket (replayed or live).
    Message {
        /// The ticket.
        ticket: TicketNumber,
        /// The message.
        message: MessageView,
    },
    /// The ticket's status changed (or, after a resume, is this).
    Status {
        /// The ticket.
        ticket: TicketNumber,
        /// The status.
        status: Status,
    },
    /// The message the client sent over this socket is stored.
    Ack {
        /// The client id the client gave, if any.
        client_id: Option<String>,
        /// The ticket.
        ticket: TicketNumber,
        /// The stored message.
        message: MessageView,
    },
    /// The client's frame was refused; the socket stays open.
    Error {
        /// The same codes as the HTTP API, plus `invalid_frame`.
        code: &'static str,
        /// A sentence for humans.
        message: String,
        /// The client id of the refused message, when known.
        #[serde(skip_serializing_if = "Option::is_none")]
        client_id: Option<String>,
        /// For `rate_limited`: seconds to wait.
        #[serde(skip_serializing_if = "Option::is_none")]
        retry_after: Option<u64>,
    },
}

impl ServerFrame {
    /// The error frame of `error`, about the message `client_id` when known.
    pub fn error(error: &ApiError, client_id: Option<String>) -> Self {
        let body = error.body();
        let retry_after = match error {
            ApiError::RateLimited { retry_after } => Some(*retry_after),
            _ => None,
        };
        Self::Error {
            code: body.code,
            message: body.message,
            client_id,
            retry_after,
        }
    }

    /// An `invalid_frame` error.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::Error {
            code: "invalid_frame",
            message: message.into(),
            client_id: None,
            retry_after: None,
        }
    }

    /// The frame as JSON text.
    pub fn to_text(&self) -> String {
        // Serialising these plain structs cannot fail; an empty frame would be ignored anyway.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// A live event, serialised once for every socket of the visitor.
#[derive(Debug, Clone)]
pub struct Outbound {
    /// The message's id, for deduplication after a resume; `None` for a status.
    pub message_id: Option<MessageId>,
    /// The frame's text.
    pub text: Arc<str>,
}

impl From<&VisitorEvent> for Outbound {
    fn from(event: &VisitorEvent) -> Self {
        let (message_id, frame) = match event {
            VisitorEvent::Message { ticket, message } => (
                Some(message.id),
                ServerFrame::Message {
                    ticket: *ticket,
                    message: message.into(),
                },
            ),
            VisitorEvent::Status { ticket, status } => (
                None,
                ServerFrame::Status {
                    ticket: *ticket,
                    status: *status,
                },
            ),
        };
        Self {
            message_id,
            text: frame.to_text().into(),
        }
    }
}

/// A frame from the client.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum ClientFrame {
    /// Send a message: `{"type":"message","text":"…","client_id":"…","page":"…"}` (`name`
    /// and `email` are accepted too, as over HTTP).
    Message(MessageInput),
    /// Replay every message after `after` (all when `null` or absent), then go on live.
    Resume {
        /// The last message id the client has.
        #[serde(default)]
        after: Option<i64>,
    },
}

impl ClientFrame {
    /// Parses a text frame.
    pub fn parse(text: &str) -> Result<Self, ServerFrame> {
        serde_json::from_str(text)
            .map_err(|e| ServerFrame::invalid(format!("unreadable frame: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;
    use serde_json::json;
    use ticket_domain::ticket::{Author, Message};

    use super::*;

    fn t1001() -> TicketNumber {
        TicketNumber::new(1001).unwrap()
    }

    #[test]
    fn a_message_event_becomes_a_message_frame() {
        let event = VisitorEvent::Message {
            ticket: t1001(),
            message: Message {
                id: MessageId(17),
                author: Author::Operator,
                text: "Bonjour".into(),
                sent_at: DateTime::parse_from_rfc3339("2025-01-02T03:04:05Z")
                    .unwrap()
                    .into(),
                page: None,
                operator: None,
            },
        };
        let out = Outbound::from(&event);
        assert_eq!(out.message_id, Some(MessageId(17)));
        let json: serde_json::Value = serde_json::from_str(&out.text).unwrap();
        assert_eq!(
            json,
            json!({"type": "message", "ticket": "T1001", "message": {
                "id": 17, "author": "operator", "text": "Bonjour",
                "sent_at": "2025-01-02T03:04:05Z"}})
        );
    }

    #[test]
    fn a_status_event_becomes_a_status_frame() {
        let event = VisitorEvent::Status {
            ticket: t1001(),
            status: Status::Closed,
        };
        let json: serde_json::Value = serde_json::from_str(&Outbound::from(&event).text).unwrap();
        assert_eq!(
            json,
            json!({"type": "status", "ticket": "T1001", "status": "closed"})
        );
    }

    #[test]
    fn client_frames_parse() {
        let frame = ClientFrame::parse(r#"{"type":"message","text":"hi","client_id":"c1"}"#);
        assert!(matches!(frame, Ok(ClientFrame::Message(m)) if m.text == "hi"));
        let frame = ClientFrame::parse(r#"{"type":"resume","after":42}"#);
        assert!(matches!(frame, Ok(ClientFrame::Resume { after: Some(42) })));
        let frame = ClientFrame::parse(r#"{"type":"resume"}"#);
        assert!(matches!(frame, Ok(ClientFrame::Resume { after: None })));
    }

    #[test]
    fn bad_frames_are_invalid() {
        for bad in [
            "nope",
            "{}",
            r#"{"type":"dance"}"#,
            r#"{"type":"resume","after":"x"}"#,
        ] {
            let Err(ServerFrame::Error { code, .. }) = ClientFrame::parse(bad) else {
                panic!("{bad} parsed");
            };
            assert_eq!(code, "invalid_frame");
        }
    }

    #[test]
    fn an_error_frame_carries_the_retry_delay() {
        let frame = ServerFrame::error(&ApiError::RateLimited { retry_after: 3 }, Some("c".into()));
        let json = serde_json::to_value(frame).unwrap();
        assert_eq!(json["code"], "rate_limited");
        assert_eq!(json["retry_after"], 3);
        assert_eq!(json["client_id"], "c");
    }
}
