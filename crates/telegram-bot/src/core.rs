//! The state every part of the adapter shares, and the helpers they have in common: running
//! blocking domain calls, sending (split) texts, remembering sent messages.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock};
use std::time::Duration;

use frankenstein::types::InlineKeyboardMarkup;
use ticket_domain::ports::{
    Clock, InboundLog, NotificationOutbox, OperatorChat, OperatorChatStore, RepositoryError,
    SentAbout,
};
use ticket_domain::render::{Locale, Renderer};
use ticket_domain::service::{DynOperatorService, OperatorError};
use tokio::sync::Notify;
use tokio::task::JoinSet;

use crate::announcements::Announcements;
use crate::backoff::backoff_capped;
use crate::client::{ApiFailure, TelegramClient};
use crate::config::TelegramMode;
use crate::forum::Forums;
use crate::metrics::Counters;
use crate::split::split_for_telegram;
use crate::topic_sync::TopicChanges;

/// Attempts for an answer to the operator (the outbox retries notifications durably instead).
const ANSWER_ATTEMPTS: u32 = 3;
/// The longest an answer waits for Telegram between two attempts.
const ANSWER_MAX_WAIT: Duration = Duration::from_secs(30);

/// Where a message goes: a chat, or one topic of a forum chat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Place {
    /// The chat.
    pub(crate) chat: i64,
    /// The topic's thread id; `None` for a chat without topics or a forum's General topic
    /// (Telegram refuses General's id).
    pub(crate) thread: Option<i64>,
}

impl Place {
    /// The chat itself (in a forum: its General topic).
    pub(crate) fn chat(chat: i64) -> Self {
        Self { chat, thread: None }
    }

    /// The topic `thread` of `chat`.
    pub(crate) fn topic(chat: i64, thread: i64) -> Self {
        Self {
            chat,
            thread: Some(thread),
        }
    }
}

/// A storage call that failed, or whose blocking task did not finish.
#[derive(Debug, thiserror::Error)]
pub(crate) enum StoreError {
    /// The repository failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
    /// An operator use case failed on storage.
    #[error(transparent)]
    Operator(#[from] OperatorError),
    /// The blocking task panicked or was cancelled.
    #[error("the storage task did not finish: {0}")]
    Task(#[from] tokio::task::JoinError),
}

/// Runs a blocking domain or storage call off the async threads.
pub(crate) async fn blocking<T, E>(
    work: impl FnOnce() -> Result<T, E> + Send + 'static,
) -> Result<T, StoreError>
where
    T: Send + 'static,
    E: Into<StoreError> + Send + 'static,
{
    match tokio::task::spawn_blocking(work).await {
        Ok(result) => result.map_err(Into::into),
        Err(error) => Err(error.into()),
    }
}

/// A lock that a panic elsewhere does not make unusable (the sets it guards stay valid).
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Everything the poller, the webhook, the dispatcher and the outbox worker share.
pub(crate) struct Core {
    pub(crate) operator_chats: HashSet<i64>,
    pub(crate) mode: TelegramMode,
    pub(crate) locale: Locale,
    pub(crate) service: Arc<DynOperatorService>,
    pub(crate) outbox: Arc<dyn NotificationOutbox>,
    /// Which updates were handled, or are being handled, by any instance.
    pub(crate) inbound: Arc<dyn InboundLog>,
    pub(crate) clock: Arc<dyn Clock>,
    /// For ordinary calls (short timeout).
    pub(crate) api: TelegramClient,
    /// For `getUpdates` (a timeout longer than the long poll).
    pub(crate) poll_api: TelegramClient,
    /// Wakes the outbox worker.
    pub(crate) wake: Arc<Notify>,
    pub(crate) counters: Arc<Counters>,
    /// Learnt from `getMe`; `None` until then.
    pub(crate) bot_username: RwLock<Option<String>>,
    /// Strangers already refused in this run: each gets one refusal only.
    pub(crate) refused: Mutex<HashSet<i64>>,
    /// Updates being handled right now by this process, so that a concurrent duplicate is
    /// dropped without asking storage.
    pub(crate) in_flight: Mutex<HashSet<i64>>,
    /// Which operator groups are forums, as far as Telegram told.
    pub(crate) forums: Forums,
    /// Tickets whose topics may need a new name or state.
    pub(crate) topic_changes: TopicChanges,
    /// Whether a forum's General topic gets a line for each new ticket.
    pub(crate) announce_new_tickets: bool,
    /// Those lines, waiting for room in their group's budget.
    pub(crate) announcements: Announcements,
}

impl Core {
    /// A renderer for the domain's texts.
    pub(crate) fn renderer(&self) -> Renderer<'_> {
        self.service.renderer()
    }

    pub(crate) fn is_operator_chat(&self, chat: i64) -> bool {
        self.operator_chats.contains(&chat)
    }

    pub(crate) fn bot_username(&self) -> Option<String> {
        self.bot_username
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Sends `text`, split if too long, with `keyboard` under the last chunk; one attempt per
    /// chunk, stopping at the first failure. Returns the ids of the chunks sent and the
    /// failure, if any. Blank chunks (Telegram refuses them) are skipped.
    pub(crate) async fn send_chunks(
        &self,
        place: Place,
        text: &str,
        keyboard: Option<InlineKeyboardMarkup>,
    ) -> (Vec<i64>, Option<ApiFailure>) {
        let chunks: Vec<&str> = split_for_telegram(text)
            .into_iter()
            .filter(|c| !c.trim().is_empty())
            .collect();
        let mut sent = Vec::with_capacity(chunks.len());
        let last = chunks.len().saturating_sub(1);
        for (index, chunk) in chunks.into_iter().enumerate() {
            let markup = if index == last {
                keyboard.clone()
            } else {
                None
            };
            match self.api.send_text(place, chunk, markup).await {
                Ok(id) => sent.push(id),
                Err(failure) => return (sent, Some(failure)),
            }
        }
        (sent, None)
    }

    /// Sends an answer to the operator (split if too long), retrying a transient failure a
    /// few times and waiting at most 30 s. Returns the ids of the messages sent.
    pub(crate) async fn send_answer(&self, place: Place, text: &str) -> Vec<i64> {
        let mut ids = Vec::new();
        for chunk in split_for_telegram(text) {
            if chunk.trim().is_empty() {
                continue;
            }
            match self.send_with_retries(place, chunk).await {
                Some(id) => ids.push(id),
                None => break,
            }
        }
        ids
    }

    async fn send_with_retries(&self, place: Place, chunk: &str) -> Option<i64> {
        let mut attempt = 0;
        loop {
            let failure = match self.api.send_text(place, chunk, None).await {
                Ok(id) => return Some(id),
                Err(failure) => failure,
            };
            let wait = match &failure {
                ApiFailure::RateLimited { retry_after, .. } => *retry_after,
                ApiFailure::Retryable(_) => backoff_capped(attempt, ANSWER_MAX_WAIT),
                ApiFailure::Permanent { .. } => Duration::MAX,
            };
            attempt += 1;
            if attempt >= ANSWER_ATTEMPTS || wait > ANSWER_MAX_WAIT {
                tracing::warn!(chat = place.chat, thread = ?place.thread, %failure,
                    "an answer to the operator could not be sent");
                return None;
            }
            tokio::time::sleep(wait).await;
        }
    }

    /// Records what the bot's messages `ids` in `chat` are about (a ticket, or several for a
    /// digest), so that a reply to any of them is routed accordingly. A failure is logged: the
    /// message is sent already.
    pub(crate) async fn remember_sent(&self, chat: i64, ids: Vec<i64>, about: SentAbout) {
        self.remember_all_sent(chat, ids.into_iter().map(|id| (id, about)).collect())
            .await;
    }

    /// Remembers what each of the messages sent to `chat` is about. The records are written
    /// concurrently, so that the store commits them together instead of one after another.
    pub(crate) async fn remember_all_sent(&self, chat: i64, sent: Vec<(i64, SentAbout)>) {
        let mut writes = JoinSet::new();
        for (id, about) in sent {
            let service = Arc::clone(&self.service);
            writes.spawn_blocking(move || {
                (
                    about,
                    service.chats().remember_sent(OperatorChat(chat), id, about),
                )
            });
        }
        while let Some(written) = writes.join_next().await {
            match written {
                Ok((_, Ok(()))) => {}
                Ok((about, Err(error))) => {
                    tracing::error!(chat, ?about, %error, "could not remember a message sent");
                }
                Err(error) => tracing::error!(chat, %error, "could not remember a message sent"),
            }
        }
    }
}
