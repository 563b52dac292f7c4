//! Sorting Bot API failures: retry later, wait `retry_after`, or give up.

use std::fmt;
use std::time::Duration;

/// Fallback wait for a 429 that does not say how long to wait.
const DEFAULT_RETRY_AFTER: Duration = Duration::from_secs(5);

/// What to do about a failed call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ApiFailure {
    /// Telegram unreachable, a 5xx, a body that is not Telegram's JSON, or a problem of the
    /// bot's configuration (401, 404, 409) rather than of the message: try again later.
    Retryable(String),
    /// 429: wait `retry_after` before the next call to this chat.
    RateLimited {
        /// Telegram's `parameters.retry_after`.
        retry_after: Duration,
        /// Telegram's description.
        description: String,
    },
    /// The message itself is refused (400 bad request, 403 blocked, …): retrying changes
    /// nothing.
    Permanent {
        /// Telegram's `error_code`.
        code: u64,
        /// Telegram's description.
        description: String,
        /// Set when a group became a supergroup: the chat id to configure instead.
        migrate_to_chat_id: Option<i64>,
    },
}

impl ApiFailure {
    /// Whether Telegram answered 409: a webhook is set, so `getUpdates` cannot work.
    pub(crate) fn is_webhook_conflict(&self) -> bool {
        matches!(self, Self::Retryable(why) if why.starts_with("409 "))
    }

    /// A refusal whose description contains one of `needles` (Telegram's error texts).
    fn refused_with(&self, needles: &[&str]) -> bool {
        matches!(self, Self::Permanent { description, .. }
            if needles.iter().any(|needle| description.contains(needle)))
    }

    /// The topic is gone: deleted by an admin (or never existed).
    pub(crate) fn is_topic_missing(&self) -> bool {
        self.refused_with(&[
            "message thread not found",
            "TOPIC_ID_INVALID",
            "TOPIC_DELETED",
            "invalid message thread identifier",
        ])
    }

    /// The topic is closed: it takes no message until reopened.
    pub(crate) fn is_topic_closed(&self) -> bool {
        self.refused_with(&["TOPIC_CLOSED"])
    }

    /// The topic already had that name or state.
    pub(crate) fn is_topic_not_modified(&self) -> bool {
        self.refused_with(&["TOPIC_NOT_MODIFIED"])
    }

    /// The bot may not do that in the group (not an administrator with *Manage topics*).
    pub(crate) fn is_missing_rights(&self) -> bool {
        self.refused_with(&["not enough rights", "CHAT_ADMIN_REQUIRED"])
    }

    /// The chat has no topics (any more).
    pub(crate) fn is_not_a_forum(&self) -> bool {
        self.refused_with(&["not a forum", "CHAT_NOT_FORUM", "FORUM_DISABLED"])
    }
}

impl fmt::Display for ApiFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Retryable(why) => write!(f, "transient failure: {why}"),
            Self::RateLimited {
                retry_after,
                description,
            } => write!(
                f,
                "rate limited for {} s: {description}",
                retry_after.as_secs()
            ),
            Self::Permanent {
                code, description, ..
            } => write!(f, "refused ({code}): {description}"),
        }
    }
}

/// Sorts a frankenstein error into retryable, rate limited or permanent.
pub(crate) fn classify(error: frankenstein::Error) -> ApiFailure {
    match error {
        frankenstein::Error::Api(response) => {
            let parameters = response.parameters;
            match response.error_code {
                429 => match parameters.and_then(|p| p.retry_after) {
                    Some(seconds) => ApiFailure::RateLimited {
                        retry_after: Duration::from_secs(u64::from(seconds)),
                        description: response.description,
                    },
                    None => ApiFailure::RateLimited {
                        retry_after: DEFAULT_RETRY_AFTER,
                        description: response.description,
                    },
                },
                // A wrong token (401, or 404 on every method) or a webhook in the way (409) is
                // the configuration's fault, not the message's: keep it until that is fixed.
                401 | 404 | 409 => ApiFailure::Retryable(format!(
                    "{} {}",
                    response.error_code, response.description
                )),
                400..=499 => ApiFailure::Permanent {
                    code: response.error_code,
                    description: response.description,
                    migrate_to_chat_id: parameters.and_then(|p| p.migrate_to_chat_id),
                },
                code => ApiFailure::Retryable(format!("{code} {}", response.description)),
            }
        }
        frankenstein::Error::JsonDecode { source, input } => {
            ApiFailure::Retryable(format!("unexpected answer ({source}): {}", excerpt(&input)))
        }
        frankenstein::Error::HttpReqwest(error) => ApiFailure::Retryable(error.to_string()),
        other => ApiFailure::Permanent {
            code: 0,
            description: other.to_string(),
            migrate_to_chat_id: None,
        },
    }
}

/// The first 200 characters of an unexpected body, on one line, for the logs.
fn excerpt(body: &str) -> String {
    body.chars()
        .take(200)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use frankenstein::response::{ErrorResponse, ResponseParameters};

    use serde_json::Value;

    use super::*;

    fn api(code: u64, description: &str, parameters: Option<ResponseParameters>) -> ApiFailure {
        classify(frankenstein::Error::Api(ErrorResponse {
            ok: false,
            description: description.to_owned(),
            error_code: code,
            parameters,
        }))
    }

    #[test]
    fn server_errors_are_retried() {
        assert!(matches!(
            api(500, "Internal Server Error", None),
            ApiFailure::Retryable(_)
        ));
        assert!(matches!(
            api(502, "Bad Gateway", None),
            ApiFailure::Retryable(_)
        ));
    }

    #[test]
    fn a_429_waits_the_time_telegram_asks_for() {
        let failure = api(
            429,
            "Too Many Requests: retry after 7",
            Some(ResponseParameters {
                migrate_to_chat_id: None,
                retry_after: Some(7),
            }),
        );
        assert!(matches!(
            failure,
            ApiFailure::RateLimited { retry_after, .. } if retry_after == Duration::from_secs(7)
        ));
    }

    #[test]
    fn bad_requests_and_blocked_chats_are_permanent() {
        assert!(matches!(
            api(400, "Bad Request: chat not found", None),
            ApiFailure::Permanent { code: 400, .. }
        ));
        assert!(matches!(
            api(403, "Forbidden: bot was blocked by the user", None),
            ApiFailure::Permanent { code: 403, .. }
        ));
    }

    #[test]
    fn configuration_errors_are_kept_for_later() {
        for code in [401, 404, 409] {
            assert!(matches!(api(code, "x", None), ApiFailure::Retryable(_)));
        }
    }

    #[test]
    fn a_body_that_is_not_json_is_retried() {
        let source = serde_json::from_str::<Value>("<html>").unwrap_err();
        let failure = classify(frankenstein::Error::JsonDecode {
            source,
            input: "<html><body>502 Bad Gateway</body></html>".to_owned(),
        });
        assert!(matches!(failure, ApiFailure::Retryable(why) if why.contains("502 Bad Gateway")));
    }

    #[test]
    fn a_group_migration_reports_the_new_chat_id() {
        let failure = api(
            400,
            "Bad Request: group chat was upgraded to a supergroup chat",
            Some(ResponseParameters {
                migrate_to_chat_id: Some(-1001234),
                retry_after: None,
            }),
        );
        assert!(matches!(
            failure,
            ApiFailure::Permanent {
                migrate_to_chat_id: Some(-1001234),
                ..
            }
        ));
    }
}
