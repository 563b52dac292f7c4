//! `POST /telegram/webhook`: hands Telegram's updates to the application's handler, without
//! knowing anything about Telegram.

use std::sync::Arc;

use actix_web::{web, HttpRequest, HttpResponse, ResponseError};
use bytes::Bytes;
use futures_util::future::BoxFuture;
use serde_json::json;

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

/// The application's webhook handler: the secret header's value and the raw body.
pub type WebhookHandler =
    Arc<dyn Fn(Option<String>, Bytes) -> BoxFuture<'static, WebhookReply> + Send + Sync>;

/// Calls the handler and turns its reply into a status.
pub async fn receive(req: HttpRequest, body: Bytes, state: web::Data<AppState>) -> HttpResponse {
    let Some(handler) = state.webhook.clone() else {
        return ApiError::NotFound.error_response();
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
