//! The errors the fake answers on its own (not scripted), with Telegram's exact descriptions.

use actix_web::http::StatusCode;
use actix_web::HttpResponse;

use crate::failure::error_body;

/// A refusal as Telegram words it. The descriptions come from the Bot API server
/// (tdlib/telegram-bot-api, which lower-cases the first letter of TDLib's messages and passes
/// the server's `UPPER_CASE` errors through) and from bots that met them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ApiError {
    /// No `chat_id`, or one that names no chat.
    ChatNotFound,
    /// `sendMessage` without text.
    TextEmpty,
    /// `sendMessage` with more than 4096 UTF-16 code units.
    TextTooLong,
    /// A topic method on a chat that is not a forum supergroup (TDLib: "The chat is not a
    /// forum").
    NotAForum,
    /// A topic name that is empty once cleaned (TDLib: "Title must be non-empty").
    TitleEmpty,
    /// A `message_thread_id` that cannot be one (zero, negative, missing) on a topic method.
    InvalidThreadId,
    /// A topic method on a topic that does not exist or was deleted.
    TopicIdInvalid,
    /// Editing, closing or reopening a topic into the state it is already in.
    TopicNotModified,
    /// Sending into a closed topic.
    TopicClosed,
    /// Sending with a `message_thread_id` that names no open topic of a forum: unknown,
    /// deleted, the General topic (`1`), or any thread of a chat that is not a forum.
    ThreadNotFound,
    /// A flood limit: the call may be made again after `retry_after` seconds.
    TooManyRequests {
        /// Whole seconds to wait.
        retry_after: u16,
    },
}

impl ApiError {
    /// The `description` Telegram sends.
    pub(crate) fn description(self) -> String {
        let bad_request = match self {
            Self::ChatNotFound => "chat not found",
            Self::TextEmpty => "message text is empty",
            Self::TextTooLong => "message is too long",
            Self::NotAForum => "the chat is not a forum",
            Self::TitleEmpty => "title must be non-empty",
            Self::InvalidThreadId => "invalid message thread identifier specified",
            Self::TopicIdInvalid => "TOPIC_ID_INVALID",
            Self::TopicNotModified => "TOPIC_NOT_MODIFIED",
            Self::TopicClosed => "TOPIC_CLOSED",
            Self::ThreadNotFound => "message thread not found",
            Self::TooManyRequests { retry_after } => {
                return format!("Too Many Requests: retry after {retry_after}");
            }
        };
        format!("Bad Request: {bad_request}")
    }

    /// The whole answer: status, `error_code`, `description`, `parameters.retry_after`.
    pub(crate) fn response(self) -> HttpResponse {
        match self {
            Self::TooManyRequests { retry_after } => error_body(
                StatusCode::TOO_MANY_REQUESTS,
                &self.description(),
                Some(retry_after),
            ),
            _ => error_body(StatusCode::BAD_REQUEST, &self.description(), None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_carry_telegrams_prefixes() {
        assert_eq!(
            ApiError::ThreadNotFound.description(),
            "Bad Request: message thread not found"
        );
        assert_eq!(
            ApiError::TooManyRequests { retry_after: 7 }.description(),
            "Too Many Requests: retry after 7"
        );
    }
}
