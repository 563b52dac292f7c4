//! `POST /api/v1/messages`: a visitor writes.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};

use crate::auth::Visitor;
use crate::error::ApiError;
use crate::state::AppState;
use crate::wire::{self, MessageInput, SentView};

/// 201 with the stored message; 200 with the first one when the client id was used before.
/// Everything is validated before anything is written.
pub async fn create(
    req: HttpRequest,
    visitor: Visitor,
    body: web::Json<MessageInput>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    state.limit_message(&visitor.hash)?;
    let message = body.into_inner().validate(wire::device_of(&req))?;
    let sent = state.send_message(visitor.id, message).await?;
    let status = if sent.duplicate {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok(HttpResponse::build(status).json(SentView {
        ticket: sent.ticket,
        message: (&sent.message).into(),
    }))
}
