//! Every error the API answers with, mapped to a status and a stable snake_case code in one
//! place: `{"error": {"code": "…", "message": "…"}}`.

use std::error::Error;
use std::fmt;

use actix_web::error::{JsonPayloadError, QueryPayloadError};
use actix_web::http::{header, StatusCode};
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use serde::Serialize;
use ticket_domain::service::VisitorError;
use ticket_domain::values::{
    ClientIdError, DisplayNameError, EmailError, MessageTextError, PageError,
};

use crate::body_deadline;

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// No token, a malformed one, or one no visitor has.
    #[error("a valid visitor token is required (Authorization: Bearer <token>)")]
    Unauthorized,
    /// The body is not the JSON expected.
    #[error("the body is not valid JSON for this request: {0}")]
    InvalidJson(String),
    /// The body is not JSON at all.
    #[error("the body must be JSON (Content-Type: application/json)")]
    UnsupportedMediaType,
    /// The query string is not the one expected.
    #[error("the query string is not valid: {0}")]
    InvalidQuery(String),
    /// The message text.
    #[error(transparent)]
    InvalidText(#[from] MessageTextError),
    /// The visitor's name.
    #[error(transparent)]
    InvalidName(#[from] DisplayNameError),
    /// The visitor's e-mail address.
    #[error(transparent)]
    InvalidEmail(#[from] EmailError),
    /// The page.
    #[error(transparent)]
    InvalidPage(#[from] PageError),
    /// The client id.
    #[error(transparent)]
    InvalidClientId(#[from] ClientIdError),
    /// The body is larger than the limit on a request's size (in bytes; a message's fields
    /// have their own limits, in characters, with their own codes).
    #[error("the request body is larger than {limit} bytes, the limit on a request's size")]
    PayloadTooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The body did not arrive in time.
    #[error("the request body did not arrive in time")]
    RequestTimeout,
    /// Too many requests: retry after this many seconds.
    #[error("too many requests; retry in {retry_after} s")]
    RateLimited {
        /// Seconds to wait.
        retry_after: u64,
    },
    /// The page's origin may not use this server.
    #[error("this origin is not allowed to use the chat")]
    OriginNotAllowed,
    /// `GET /api/v1/ws` without a WebSocket handshake.
    #[error("this endpoint only accepts WebSocket upgrades")]
    WebSocketRequired,
    /// The server is shutting down.
    #[error("the server is shutting down; retry in a moment")]
    ShuttingDown,
    /// No such route.
    #[error("there is nothing here")]
    NotFound,
    /// The route exists, not with this method.
    #[error("this method is not allowed here")]
    MethodNotAllowed,
    /// The webhook's secret header is missing or wrong.
    #[error("the webhook secret is missing or wrong")]
    WebhookSecret,
    /// A webhook update that does not parse.
    #[error("the update is not valid")]
    BadRequest,
    /// Something failed on our side; the cause (with its whole source chain) is logged when
    /// the answer is built, never shown.
    #[error("something went wrong on our side; please retry")]
    Internal(#[source] Box<dyn Error + Send + Sync>),
}

impl ApiError {
    /// The stable code clients branch on.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unauthorized | Self::WebhookSecret => "unauthorized",
            Self::InvalidJson(_) => "invalid_json",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::InvalidQuery(_) => "invalid_query",
            Self::InvalidText(_) => "invalid_text",
            Self::InvalidName(_) => "invalid_name",
            Self::InvalidEmail(_) => "invalid_email",
            Self::InvalidPage(_) => "invalid_page",
            Self::InvalidClientId(_) => "invalid_client_id",
            Self::PayloadTooLarge { .. } => "payload_too_large",
            Self::RequestTimeout => "request_timeout",
            Self::RateLimited { .. } => "rate_limited",
            Self::OriginNotAllowed => "origin_not_allowed",
            Self::WebSocketRequired => "websocket_required",
            Self::ShuttingDown => "shutting_down",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::BadRequest => "bad_request",
            Self::Internal(_) => "internal_error",
        }
    }

    /// An unexpected failure; its cause keeps its source chain for the log.
    pub fn internal(cause: impl Into<Box<dyn Error + Send + Sync>>) -> Self {
        Self::Internal(cause.into())
    }

    /// Whether the answer closes the connection: the rest of the request is not worth
    /// reading (too large, too slow, or from someone not allowed to send it).
    fn closes_connection(&self) -> bool {
        matches!(
            self,
            Self::PayloadTooLarge { .. } | Self::RequestTimeout | Self::WebhookSecret
        )
    }

    /// The `{"code", "message"}` pair of the error body (also used in WebSocket error frames).
    ///
    /// Every answer, HTTP or WebSocket, is built here once: an internal error's cause is logged
    /// here, with its whole source chain, and stays out of the body.
    pub fn body(&self) -> ErrorBody {
        if let Self::Internal(cause) = self {
            tracing::error!(error = %Chain(cause.as_ref()), "request failed");
        }
        ErrorBody {
            code: self.code(),
            message: self.to_string(),
        }
    }
}

/// An error and each of its `source()`s, `outer: inner: …` on one line.
struct Chain<'a>(&'a (dyn Error + 'static));

impl fmt::Display for Chain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = self.0.source();
        while let Some(cause) = source {
            write!(f, ": {cause}")?;
            source = cause.source();
        }
        Ok(())
    }
}

/// The `error` member of an error body.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorBody {
    /// Stable snake_case code.
    pub code: &'static str,
    /// A sentence for humans.
    pub message: String,
}

#[derive(Serialize)]
struct ErrorEnvelope {
    error: ErrorBody,
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::Unauthorized | Self::WebhookSecret => StatusCode::UNAUTHORIZED,
            Self::InvalidJson(_)
            | Self::InvalidQuery(_)
            | Self::InvalidText(_)
            | Self::InvalidName(_)
            | Self::InvalidEmail(_)
            | Self::InvalidPage(_)
            | Self::InvalidClientId(_)
            | Self::WebSocketRequired
            | Self::BadRequest => StatusCode::BAD_REQUEST,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::OriginNotAllowed => StatusCode::FORBIDDEN,
            Self::ShuttingDown => StatusCode::SERVICE_UNAVAILABLE,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status_code());
        if let Self::RateLimited { retry_after } = self {
            response.insert_header((header::RETRY_AFTER, retry_after.to_string()));
        }
        if self.closes_connection() {
            response.force_close();
        }
        response.insert_header((header::CACHE_CONTROL, "no-store"));
        response.json(ErrorEnvelope { error: self.body() })
    }
}

impl From<VisitorError> for ApiError {
    fn from(error: VisitorError) -> Self {
        match error {
            VisitorError::UnknownVisitor => Self::Unauthorized,
            VisitorError::Storage(cause) => Self::internal(cause),
        }
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(error: actix_web::error::BlockingError) -> Self {
        Self::internal(error)
    }
}

/// `JsonConfig`'s error handler: body errors as JSON with their own codes.
pub fn json_error(error: JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let api = match &error {
        JsonPayloadError::OverflowKnownLength { limit, .. }
        | JsonPayloadError::Overflow { limit } => ApiError::PayloadTooLarge { limit: *limit },
        JsonPayloadError::ContentType => ApiError::UnsupportedMediaType,
        JsonPayloadError::Payload(payload) if body_deadline::is_timeout(payload) => {
            ApiError::RequestTimeout
        }
        JsonPayloadError::Deserialize(cause) => ApiError::InvalidJson(cause.to_string()),
        other => ApiError::InvalidJson(other.to_string()),
    };
    api.into()
}

/// `QueryConfig`'s error handler.
pub fn query_error(error: QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    ApiError::InvalidQuery(error.to_string()).into()
}

/// The default service: unknown routes.
pub async fn not_found() -> HttpResponse {
    ApiError::NotFound.error_response()
}

/// Every resource's default service: known route, wrong method.
pub async fn method_not_allowed() -> HttpResponse {
    ApiError::MethodNotAllowed.error_response()
}

#[cfg(test)]
mod tests {
    use actix_web::body::to_bytes;

    use super::*;

    async fn json_of(error: ApiError) -> (StatusCode, serde_json::Value) {
        let response = error.error_response();
        let status = response.status();
        let body = to_bytes(response.into_body()).await.unwrap();
        (status, serde_json::from_slice(&body).unwrap())
    }

    #[actix_rt::test]
    async fn an_error_is_a_code_and_a_message_under_error() {
        let (status, body) = json_of(ApiError::InvalidText(MessageTextError::Blank)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body["error"]["code"], "invalid_text");
        assert_eq!(body["error"]["message"], "the message is empty");
    }

    #[actix_rt::test]
    async fn an_internal_error_hides_its_cause() {
        let (status, body) = json_of(ApiError::internal(Outer(std::io::Error::other(
            "disk on fire",
        ))))
        .await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(body["error"]["code"], "internal_error");
        assert!(!body.to_string().contains("disk"));
        assert!(!body.to_string().contains("journal"));
    }

    /// A cause with a cause.
    #[derive(Debug, thiserror::Error)]
    #[error("the journal could not be written")]
    struct Outer(#[source] std::io::Error);

    #[test]
    fn an_internal_error_keeps_its_source_chain() {
        let error = ApiError::internal(Outer(std::io::Error::other("disk on fire")));
        let cause = error.source().unwrap();
        assert_eq!(
            Chain(cause).to_string(),
            "the journal could not be written: disk on fire"
        );
    }

    #[test]
    fn a_cause_without_a_source_is_its_own_chain() {
        let error = std::io::Error::other("disk on fire");
        assert_eq!(Chain(&error).to_string(), "disk on fire");
    }

    #[test]
    fn a_rate_limited_answer_says_when_to_retry() {
        let response = ApiError::RateLimited { retry_after: 7 }.error_response();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers().get(header::RETRY_AFTER).unwrap(), "7");
    }

    #[test]
    fn answers_that_leave_a_body_unread_close_the_connection() {
        for error in [
            ApiError::PayloadTooLarge { limit: 10 },
            ApiError::RequestTimeout,
            ApiError::WebhookSecret,
        ] {
            let response = error.error_response();
            assert_eq!(
                response.head().connection_type(),
                actix_web::http::ConnectionType::Close,
                "{error:?}"
            );
        }
        let response = ApiError::Unauthorized.error_response();
        assert!(response.head().keep_alive());
    }

    #[test]
    fn a_late_body_is_a_408() {
        assert_eq!(
            ApiError::RequestTimeout.status_code(),
            StatusCode::REQUEST_TIMEOUT
        );
        assert_eq!(ApiError::RequestTimeout.code(), "request_timeout");
    }

    #[test]
    fn an_unknown_visitor_is_unauthorized() {
        let error = ApiError::from(VisitorError::UnknownVisitor);
        assert_eq!(error.status_code(), StatusCode::UNAUTHORIZED);
    }
}
