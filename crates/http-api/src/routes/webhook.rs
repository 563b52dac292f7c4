//! `POST /telegram/webhook`: hands Telegram's updates to the application's handler, without
//! knowing anything about Telegram.

use std::sync::Arc;

use actix_web::{web, HttpRequest, HttpResponse, ResponseError};
use bytes::{Bytes, BytesMut};
use futures_util::future::BoxFuture;
use futures_util::StreamExt;
use serde_json::json;

use crate::error::ApiError;
use crate::state::AppState;

/// The header Telegram sends the webhook's secret in.
const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";
/// The largest update accepted (Telegram's are a few KiB).
const MAX_UPDATE_BYTES: usize = 1024 * 1024;

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

/// The application's webhook handler: the secret header's value and the raw body.
pub type WebhookHandler =
    Arc<dyn Fn(Option<String>, Bytes) -> BoxFuture<'static, WebhookReply> + Send + Sync>;

/// Calls the handler and turns its reply into a status.
pub async fn receive(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> HttpResponse {
    let Some(handler) = state.webhook.clone() else {
        return ApiError::NotFound.error_response();
    };
    let body = match read_limited(payload, MAX_UPDATE_BYTES).await {
        Ok(body) => body,
        Err(error) => return error.error_response(),
    };
    let secret = req
        .headers()
        .get(SECRET_HEADER)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    match handler(secret, body).await {
        WebhookReply::Accepted => HttpResponse::Ok().json(json!({"ok": true})),
        WebhookReply::Unauthorized => ApiError::WebhookSecret.error_response(),
        WebhookReply::BadRequest => ApiError::BadRequest.error_response(),
    }
}

/// The whole body, or `payload_too_large` past `limit` bytes (a JSON answer, unlike the
/// default `Bytes` extractor's).
async fn read_limited(mut payload: web::Payload, limit: usize) -> Result<Bytes, ApiError> {
    let mut body = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| ApiError::BadRequest)?;
        if body.len() + chunk.len() > limit {
            return Err(ApiError::PayloadTooLarge { limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}
