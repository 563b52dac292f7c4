//! `GET /api/v1/conversation[?after=<id>]`: the visitor's ticket and messages.

use actix_web::{web, HttpResponse};
use serde::Deserialize;
use ticket_domain::ticket::MessageId;

use crate::auth::Visitor;
use crate::error::ApiError;
use crate::state::AppState;
use crate::wire::ConversationView;

/// The query string.
#[derive(Debug, Deserialize)]
pub struct ConversationQuery {
    /// Only messages with a greater id.
    after: Option<i64>,
}

/// 200 with the ticket (`null` before the first message), its status and the messages,
/// oldest first (at most one page: ask again with `after` = the last id to get more).
pub async fn get(
    visitor: Visitor,
    query: web::Query<ConversationQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let visitors = state.visitors.clone();
    let after = query.after.map(MessageId);
    let conversation = web::block(move || visitors.conversation(visitor.id, after)).await??;
    let view = match conversation {
        Some(c) => ConversationView {
            ticket: Some(c.ticket),
            status: Some(c.status),
            messages: c.messages.iter().map(Into::into).collect(),
        },
        None => ConversationView {
            ticket: None,
            status: None,
            messages: Vec::new(),
        },
    };
    Ok(HttpResponse::Ok().json(view))
}
