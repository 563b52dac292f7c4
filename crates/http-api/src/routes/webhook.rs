//! `POST /telegram/webhook`: hands Telegram's updates to the application's handler, without
//! knowing anything about Telegram. The secret is checked before a byte of the body is read:
//! a stranger's call is refused at once and its connection closed, so it costs no memory.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse, ResponseError};
use bytes::{Bytes, BytesMut};
use futures_util::future::BoxFuture;
use futures_util::StreamExt;
use serde_json::json;

use crate::body_deadline;
use crate::error::ApiError;
use crate::state::AppState;

/// The header Telegram sends the webhook's secret in.
const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";

/// What the application's handler made of an update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookReply {
    /// Handled (or safely ignored): 200.
    Accepted,
    /// Wrong or missing secret: 401.
    Unauthorized,
    /// Not an update: 400.
    BadRequest,
}

/// The application's side of the webhook.
pub trait WebhookHandler: Send + Sync + 'static {
    /// Whether a call carrying `secret` (the `X-Telegram-Bot-Api-Secret-Token` header) comes
    /// from Telegram. Asked before the body is read. MUST compare in constant time and MUST
    /// NOT block.
    fn authorizes(&self, secret: Option<&str>) -> bool;

    /// Handles an authorised call's whole body (at most the configured `max_webhook_bytes`),
    /// with the same `secret`. The answer is sent once the returned future is done.
    fn handle(&self, secret: Option<&str>, body: Bytes) -> BoxFuture<'static, WebhookReply>;
}

/// Checks the secret, reads the body within its limits, calls the handler and turns its reply
/// into a status.
pub async fn receive(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> HttpResponse {
    let Some(handler) = state.webhook.clone() else {
        return ApiError::NotFound.error_response();
    };
    let secret = req
        .headers()
        .get(SECRET_HEADER)
        .and_then(|value| value.to_str().ok());
    if !handler.authorizes(secret) {
        tracing::debug!("webhook call with a missing or wrong secret refused");
        return ApiError::WebhookSecret.error_response();
    }
    let limit = state.max_webhook_bytes;
    let announced = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.parse::<usize>().ok());
    if announced.is_some_and(|length| length > limit) {
        return ApiError::PayloadTooLarge { limit }.error_response();
    }
    let body = match read_limited(payload, limit).await {
        Ok(body) => body,
        Err(error) => return error.error_response(),
    };
    match handler.handle(secret, body).await {
        WebhookReply::Accepted => HttpResponse::Ok().json(json!({"ok": true})),
        WebhookReply::Unauthorized => ApiError::WebhookSecret.error_response(),
        WebhookReply::BadRequest => ApiError::BadRequest.error_response(),
    }
}

/// The whole body, or `payload_too_large` past `limit` bytes (a JSON answer, unlike the
/// default `Bytes` extractor's), or `request_timeout` past the body's deadline.
async fn read_limited(mut payload: web::Payload, limit: usize) -> Result<Bytes, ApiError> {
    let mut body = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|error| {
            if body_deadline::is_timeout(&error) {
                ApiError::RequestTimeout
            } else {
                ApiError::BadRequest
            }
        })?;
        if body.len() + chunk.len() > limit {
            return Err(ApiError::PayloadTooLarge { limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}
