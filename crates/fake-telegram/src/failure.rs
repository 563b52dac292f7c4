//! Scripted failures: what the fake answers instead of the real result, once per call.

use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use serde_json::json;

/// A failure the fake answers with instead of handling a call (see
/// [`crate::FakeTelegram::fail_next`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// `500 Internal Server Error` with Telegram's JSON error body.
    Status500,
    /// `502 Bad Gateway` with an HTML page, as a proxy in front of Telegram answers: the body
    /// is not JSON.
    Html502,
    /// `429 Too Many Requests` with `parameters.retry_after` (seconds).
    TooManyRequests {
        /// Seconds the client must wait.
        retry_after: u16,
    },
    /// `400 Bad Request: {description}`.
    BadRequest(String),
    /// `403 Forbidden: bot was blocked by the user`.
    Forbidden,
}

impl Failure {
    /// The HTTP status of the answer.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Status500 => StatusCode::INTERNAL_SERVER_ERROR,
            Self::Html502 => StatusCode::BAD_GATEWAY,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Forbidden => StatusCode::FORBIDDEN,
        }
    }

    /// The answer, status and body.
    pub(crate) fn response(&self) -> HttpResponse {
        let status = self.status();
        match self {
            Self::Html502 => HttpResponse::build(status)
                .content_type("text/html")
                .body("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"),
            Self::Status500 => error_body(status, "Internal Server Error", None),
            Self::TooManyRequests { retry_after } => error_body(
                status,
                &format!("Too Many Requests: retry after {retry_after}"),
                Some(*retry_after),
            ),
            Self::BadRequest(description) => {
                error_body(status, &format!("Bad Request: {description}"), None)
            }
            Self::Forbidden => error_body(status, "Forbidden: bot was blocked by the user", None),
        }
    }
}

/// Telegram's error object: `{"ok":false,"error_code":…,"description":…}`.
pub(crate) fn error_body(
    status: StatusCode,
    description: &str,
    retry_after: Option<u16>,
) -> HttpResponse {
    let mut body = json!({
        "ok": false,
        "error_code": status.as_u16(),
        "description": description,
    });
    if let Some(seconds) = retry_after {
        body["parameters"] = json!({ "retry_after": seconds });
    }
    HttpResponse::build(status).json(body)
}
