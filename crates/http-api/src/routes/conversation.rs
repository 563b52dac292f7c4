//! `GET /api/v1/conversation[?after=<id>]`: the visitor's ticket and messages.

use actix_web::{web, HttpResponse};
use serde::Deserialize;
use ticket_domain::ticket::{Message, MessageId};

use crate::auth::Visitor;
use crate::error::ApiError;
use crate::state::AppState;
use crate::wire::{ConversationView, MessageView};

/// The most message text one answer carries: a page of 1,000 messages of 4,000 emoji would be
/// 16 MB, built in memory and held there until the client has read it.
pub const MAX_ANSWER_TEXT_BYTES: usize = 1024 * 1024;

/// The query string.
#[derive(Debug, Deserialize)]
pub struct ConversationQuery {
    /// Only messages with a greater id.
    after: Option<i64>,
}

/// 200 with the ticket (`null` before the first message), its status and the messages,
/// oldest first (at most one page, and about [`MAX_ANSWER_TEXT_BYTES`] of text: ask again with
/// `after` = the last id to get more).
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
            messages: within(&c.messages, MAX_ANSWER_TEXT_BYTES)
                .iter()
                .map(MessageView::from)
                .collect(),
        },
        None => ConversationView {
            ticket: None,
            status: None,
            messages: Vec::new(),
        },
    };
    Ok(HttpResponse::Ok().json(view))
}

/// The first of `messages` whose texts fit in `budget` bytes together (at least one).
fn within(messages: &[Message], budget: usize) -> &[Message] {
    let mut used = 0;
    let fit = messages
        .iter()
        .take_while(|message| {
            used += message.text.len();
            used <= budget
        })
        .count();
    &messages[..fit.max(1).min(messages.len())]
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;
    use ticket_domain::ticket::Author;

    use super::*;

    fn message(id: i64, text: &str) -> Message {
        Message {
            id: MessageId(id),
            author: Author::Visitor,
            text: text.into(),
            sent_at: DateTime::UNIX_EPOCH,
            page: None,
            operator: None,
        }
    }

    #[test]
    fn messages_are_kept_while_their_text_fits_the_budget() {
        let messages: Vec<_> = (1..=5).map(|id| message(id, "abcd")).collect();
        assert_eq!(within(&messages, 12).len(), 3);
        assert_eq!(within(&messages, 1_000).len(), 5);
    }

    #[test]
    fn one_message_larger_than_the_budget_still_comes() {
        let messages = [message(1, &"a".repeat(100)), message(2, "b")];
        assert_eq!(within(&messages, 10).len(), 1);
        assert!(within(&[], 10).is_empty());
    }
}
