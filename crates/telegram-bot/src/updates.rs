//! Dispatching an incoming update: a message or a button press, from an operator chat or not,
//! to the operator use cases; each `update_id` applied once.

use std::collections::HashSet;
use std::sync::Arc;

use frankenstein::types::{CallbackQuery, MaybeInaccessibleMessage, Message, User};
use frankenstein::updates::{Update, UpdateContent};
use serde_json::Value;
use ticket_domain::ports::{InboundClaim, OperatorChat, SentAbout};
use ticket_domain::service::{OperatorRequest, OperatorResponse};
use ticket_domain::values::{ClientId, Operator};

use crate::callbacks::ButtonAction;
use crate::core::{blocking, lock, Core, Place, StoreError};
use crate::metrics::Counters;

/// How long a claimed update is held: far longer than handling one takes; an instance that
/// died holding one lets a redelivery through after this.
const UPDATE_LEASE: std::time::Duration = std::time::Duration::from_secs(60);

/// The `update_id` of a raw update.
pub(crate) fn update_id(raw: &Value) -> Option<i64> {
    raw.get("update_id").and_then(Value::as_i64)
}

/// Removes an update from the in-flight set when its handling ends, however it ends.
struct InFlight<'a> {
    core: &'a Core,
    id: i64,
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        lock(&self.core.in_flight).remove(&self.id);
    }
}

impl Core {
    /// Handles one raw update (from `getUpdates` or the webhook) unless it was handled, or is
    /// being handled, already (by this process or another sharing the storage), then records
    /// it as handled. Its effect is committed when this returns.
    pub(crate) async fn handle_raw_update(&self, id: i64, raw: Value) {
        if !lock(&self.in_flight).insert(id) {
            tracing::debug!(update_id = id, "update already being handled");
            return;
        }
        let _in_flight = InFlight { core: self, id };
        let inbound = Arc::clone(&self.inbound);
        let now = self.clock.now();
        match blocking(move || inbound.claim(id, now, UPDATE_LEASE)).await {
            Ok(InboundClaim::Claimed) => {}
            Ok(InboundClaim::Done) => {
                tracing::debug!(update_id = id, "duplicate update ignored");
                return;
            }
            Ok(InboundClaim::Busy) => {
                tracing::debug!(update_id = id, "update being handled by another instance");
                return;
            }
            // The effects are idempotent (replies carry a key), so go on rather than drop it.
            Err(error) => tracing::error!(update_id = id, %error, "could not claim the update"),
        }
        match serde_json::from_value::<Update>(raw) {
            Ok(update) => self.dispatch(update.content).await,
            Err(error) => tracing::warn!(update_id = id, %error, "undecodable update skipped"),
        }
        let inbound = Arc::clone(&self.inbound);
        let now = self.clock.now();
        if let Err(error) = blocking(move || inbound.complete(id, now)).await {
            tracing::error!(update_id = id, %error, "could not record the update as handled");
        }
        Counters::add(&self.counters.updates_handled, 1);
    }

    async fn dispatch(&self, content: UpdateContent) {
        match content {
            UpdateContent::Message(message) => self.on_message(*message).await,
            UpdateContent::CallbackQuery(query) => self.on_callback(*query).await,
            _ => tracing::debug!("update of another kind ignored"),
        }
    }

    async fn on_message(&self, message: Message) {
        let chat = message.chat.id;
        if !self.is_operator_chat(chat) {
            return self.refuse_stranger(&message).await;
        }
        // Telegram sets `is_forum` on a forum's messages only.
        self.forum_seen(chat, message.chat.is_forum == Some(true));
        let place = place_of(&message);
        let Some(text) = message.text else {
            if has_content(&message) {
                let text = self.renderer().text_only();
                self.send_answer(place, &text).await;
            }
            return;
        };
        let operator = message.from.as_deref().and_then(operator_of);
        // A reply to a colleague's message (not the bot's, not a topic's creation by the bot).
        let colleague = message
            .reply_to_message
            .as_deref()
            .and_then(|replied| replied.from.as_deref())
            .filter(|author| !author.is_bot)
            .and_then(operator_of);
        let reply_to = message.reply_to_message.map(|m| i64::from(m.message_id));
        let key = ClientId::new(&format!("tg-{chat}-{}", message.message_id)).ok();
        let bot_username = self.bot_username();
        let service = Arc::clone(&self.service);
        let handled = blocking(move || {
            service.handle(OperatorRequest {
                chat: OperatorChat(chat),
                text: &text,
                reply_to,
                key,
                bot_username: bot_username.as_deref(),
                topic: place.thread,
                operator,
                colleague,
            })
        })
        .await;
        match handled {
            Ok(Some(response)) => self.answer(place, response).await,
            Ok(None) => {}
            Err(error) => self.internal_error(place, &error).await,
        }
    }

    /// A chat that is not an operator's: one short refusal per run, no ticket data. A `/start`
    /// logs the chat id so that the owner can add it.
    async fn refuse_stranger(&self, message: &Message) {
        let chat = message.chat.id;
        let text = message.text.as_deref().unwrap_or_default();
        if text.trim_start().starts_with("/start") {
            tracing::info!(
                chat_id = chat,
                chat_type = ?message.chat.type_field,
                "/start from a chat that is not an operator chat: add {chat} to \
                 TELEGRAM_OPERATOR_CHAT_IDS to make it one"
            );
        } else {
            tracing::debug!(
                chat_id = chat,
                "message from a chat that is not an operator's"
            );
        }
        if remember_refusal(&mut lock(&self.refused), chat) {
            let refusal = self.renderer().not_authorised();
            if let Err(failure) = self.api.send_text(Place::chat(chat), &refusal, None).await {
                tracing::debug!(chat_id = chat, %failure, "the refusal could not be sent");
            }
        }
    }

    /// A button press: authorisation checked again, data parsed strictly, the same command as
    /// typing it; the query is always answered.
    async fn on_callback(&self, query: CallbackQuery) {
        let place = query.message.as_ref().map(|message| match message {
            MaybeInaccessibleMessage::Message(m) => place_of(m),
            MaybeInaccessibleMessage::InaccessibleMessage(m) => Place::chat(m.chat.id),
        });
        let Some(place) = place.filter(|p| self.is_operator_chat(p.chat)) else {
            tracing::warn!(chat_id = ?place.map(|p| p.chat),
                "button press from a chat that is not an operator's");
            let refusal = self.renderer().not_authorised();
            return self.answer_callback(&query.id, Some(refusal)).await;
        };
        let chat = place.chat;
        let action = match ButtonAction::parse(query.data.as_deref().unwrap_or_default()) {
            Ok(action) => action,
            Err(error) => {
                tracing::warn!(chat_id = chat, %error, "forged or stale button press refused");
                return self.answer_callback(&query.id, None).await;
            }
        };
        let service = Arc::clone(&self.service);
        let operator = operator_of(&query.from);
        let executed = blocking(move || {
            service.execute_as(
                OperatorChat(chat),
                action.command(),
                None,
                operator.as_ref(),
                None,
            )
        })
        .await;
        self.answer_callback(&query.id, None).await;
        match executed {
            Ok(response) => self.answer(place, response).await,
            Err(error) => self.internal_error(place, &error).await,
        }
    }

    async fn answer_callback(&self, id: &str, text: Option<String>) {
        if let Err(failure) = self.api.answer_callback(id, text).await {
            tracing::warn!(%failure, "a button press could not be answered");
        }
    }

    /// Sends the use case's answer (none when it is quiet: a reply in its ticket's topic);
    /// when it is about a ticket, a reply to it goes there, and the ticket's topics are
    /// brought in step with it.
    async fn answer(&self, place: Place, response: OperatorResponse) {
        if let Some(ticket) = response.ticket {
            if self.forums.any() {
                self.topic_changes.mark(ticket);
            }
        }
        if response.quiet {
            tracing::debug!(chat_id = place.chat, thread = ?place.thread, ticket = ?response.ticket,
                "answered in its topic");
            return;
        }
        let ids = self.send_answer(place, &response.text).await;
        if let Some(ticket) = response.ticket {
            self.remember_sent(place.chat, ids, SentAbout::Ticket(ticket))
                .await;
        }
    }

    async fn internal_error(&self, place: Place, error: &StoreError) {
        tracing::error!(chat_id = place.chat, %error, "an operator request failed on storage");
        let text = self.renderer().internal_error();
        self.send_answer(place, &text).await;
    }
}

/// The member of the team a Telegram user is (their id and first name).
fn operator_of(user: &User) -> Option<Operator> {
    i64::try_from(user.id)
        .ok()
        .and_then(|id| Operator::from_telegram(id, &user.first_name))
}

/// Where to answer a message: its forum topic when it was written in one, else its chat
/// (General, in a forum: a reply chain there says nothing of a topic).
fn place_of(message: &Message) -> Place {
    match (message.is_topic_message, message.message_thread_id) {
        (Some(true), Some(thread)) => Place::topic(message.chat.id, i64::from(thread)),
        _ => Place::chat(message.chat.id),
    }
}

/// Whether a message without text carries something the operator meant to send (a photo, a
/// sticker, a voice note, a file, …), as opposed to a service message (member joined, …).
fn has_content(message: &Message) -> bool {
    message.photo.is_some()
        || message.sticker.is_some()
        || message.voice.is_some()
        || message.audio.is_some()
        || message.document.is_some()
        || message.video.is_some()
        || message.video_note.is_some()
        || message.animation.is_some()
        || message.contact.is_some()
        || message.location.is_some()
        || message.venue.is_some()
        || message.poll.is_some()
        || message.dice.is_some()
        || message.caption.is_some()
}

/// The most strangers remembered as refused: past it the set starts again (a stranger may then
/// get its one-line refusal once more), so that many strangers cannot grow it without bound.
const MAX_REMEMBERED_REFUSALS: usize = 10_000;

/// Records that `chat` was refused; true the first time (it gets the refusal).
fn remember_refusal(refused: &mut HashSet<i64>, chat: i64) -> bool {
    if refused.len() >= MAX_REMEMBERED_REFUSALS && !refused.contains(&chat) {
        refused.clear();
    }
    refused.insert(chat)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stranger_is_refused_once() {
        let mut refused = HashSet::new();
        assert!(remember_refusal(&mut refused, 7));
        assert!(!remember_refusal(&mut refused, 7));
    }

    #[test]
    fn the_remembered_strangers_never_exceed_the_cap() {
        let mut refused = HashSet::new();
        for chat in 0..(MAX_REMEMBERED_REFUSALS as i64 * 2 + 5) {
            assert!(remember_refusal(&mut refused, chat));
            assert!(refused.len() <= MAX_REMEMBERED_REFUSALS);
        }
    }
}
