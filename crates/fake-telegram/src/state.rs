//! What the fake remembers: queued updates, sent messages, every call, scripted failures,
//! forums and their topics.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};

use crate::api_error::ApiError;
use crate::forum::{is_supergroup, ForumChat};
use crate::limiter::Limiter;
use crate::{Failure, FakeOptions};

/// The bot the fake impersonates, as `getMe` returns it.
pub(crate) fn bot_user() -> Value {
    json!({"id": 1, "is_bot": true, "first_name": "Support", "username": "support_bot"})
}

/// A message the bot sent with `sendMessage`.
#[derive(Debug, Clone, PartialEq)]
pub struct SentMessage {
    /// The chat it went to.
    pub chat_id: i64,
    /// Its text, exactly as received.
    pub text: String,
    /// The id the fake gave it.
    pub message_id: i64,
    /// The forum topic it went to (`message_thread_id`), `None` outside topics (General
    /// included).
    pub thread_id: Option<i64>,
    /// Its `reply_markup`, if any (inline buttons).
    pub reply_markup: Option<Value>,
    /// The whole request body (to check `parse_mode` and other options).
    pub body: Value,
}

/// One request the fake received.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedCall {
    /// The Bot API method (`sendMessage`, `getUpdates`, …).
    pub method: String,
    /// The request body (`{}` when empty).
    pub body: Value,
    /// When it arrived.
    pub at: Instant,
    /// The HTTP status it was answered with; `0` while it is still being answered (a long
    /// poll waiting).
    pub status: u16,
}

/// The mutable state behind the server.
pub(crate) struct State {
    next_update_id: i64,
    next_message_id: i64,
    next_callback_id: u64,
    /// Updates not confirmed yet, in the order they were pushed.
    pub(crate) updates: Vec<Value>,
    pub(crate) sent: Vec<SentMessage>,
    pub(crate) calls: Vec<RecordedCall>,
    pub(crate) failures: HashMap<String, VecDeque<Failure>>,
    /// Every message object known (sent by the bot or pushed), by chat and id.
    messages: HashMap<(i64, i64), Value>,
    /// The supergroups made forums, by chat id.
    pub(crate) forums: HashMap<i64, ForumChat>,
}

/// The state and the signal that wakes long polls.
pub(crate) struct Shared {
    state: Mutex<State>,
    pub(crate) updates_pushed: tokio::sync::Notify,
    pub(crate) long_poll_cap: Duration,
    /// How many `getUpdates` calls have started: a long poll still waiting when another
    /// starts is ended with `409 Conflict`, as Telegram ends it.
    pub(crate) polls_started: std::sync::atomic::AtomicU64,
    /// Wakes the waiting long poll when another starts.
    pub(crate) poll_started: tokio::sync::Notify,
    /// The flood limits' budgets. Taken before `state` when both are held.
    limiter: Mutex<Limiter>,
}

impl Shared {
    pub(crate) fn new(options: FakeOptions) -> Self {
        Self {
            state: Mutex::new(State {
                next_update_id: 100_001,
                next_message_id: 1,
                next_callback_id: 1,
                updates: Vec::new(),
                sent: Vec::new(),
                calls: Vec::new(),
                failures: HashMap::new(),
                messages: HashMap::new(),
                forums: HashMap::new(),
            }),
            updates_pushed: tokio::sync::Notify::new(),
            long_poll_cap: options.long_poll_cap,
            polls_started: std::sync::atomic::AtomicU64::new(0),
            poll_started: tokio::sync::Notify::new(),
            limiter: Mutex::new(Limiter::new(options.limits)),
        }
    }

    /// The state; a panic while it was held (a failed assertion in a test) does not poison it.
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The flood limits' budgets (poisoning ignored, as for the state).
    pub(crate) fn limiter(&self) -> MutexGuard<'_, Limiter> {
        self.limiter
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Queues an update and wakes the long polls.
    pub(crate) fn enqueue(&self, update: Value) {
        self.lock().updates.push(update);
        self.updates_pushed.notify_waiters();
    }
}

impl State {
    pub(crate) fn fresh_update_id(&mut self) -> i64 {
        let id = self.next_update_id;
        self.next_update_id += 1;
        id
    }

    pub(crate) fn fresh_message_id(&mut self) -> i64 {
        let id = self.next_message_id;
        self.next_message_id += 1;
        id
    }

    pub(crate) fn fresh_callback_id(&mut self) -> String {
        let id = self.next_callback_id;
        self.next_callback_id += 1;
        format!("cbq-{id}")
    }

    /// Remembers a message object so that replies and callbacks can quote it.
    pub(crate) fn remember(&mut self, chat_id: i64, message_id: i64, message: Value) {
        self.messages.insert((chat_id, message_id), message);
    }

    /// The message `message_id` of `chat_id`, if known.
    pub(crate) fn message(&self, chat_id: i64, message_id: i64) -> Option<&Value> {
        self.messages.get(&(chat_id, message_id))
    }

    /// The message `message_id` of `chat_id`, or a minimal one when unknown.
    pub(crate) fn message_or_stub(&self, chat_id: i64, message_id: i64) -> Value {
        self.message(chat_id, message_id)
            .cloned()
            .unwrap_or_else(|| {
                json!({"message_id": message_id, "date": unix_now(),
                       "chat": self.chat_object(chat_id), "from": bot_user()})
            })
    }

    /// The message `message_id` of `chat_id` as a reply quotes it: without its own
    /// `reply_to_message` (Telegram does not nest them).
    pub(crate) fn quote(&self, chat_id: i64, message_id: i64) -> Value {
        let mut quoted = self.message_or_stub(chat_id, message_id);
        if let Some(fields) = quoted.as_object_mut() {
            fields.remove("reply_to_message");
        }
        quoted
    }

    /// Forgets every message of topic `thread_id` of `chat_id` (the topic was deleted).
    pub(crate) fn forget_thread(&mut self, chat_id: i64, thread_id: i64) {
        self.messages.retain(|(chat, _), message| {
            *chat != chat_id
                || message.get("message_thread_id").and_then(Value::as_i64) != Some(thread_id)
        });
    }

    /// The chat object of `chat_id`, with `is_forum` when it is a forum now.
    pub(crate) fn chat_object(&self, chat_id: i64) -> Value {
        let mut object = chat(chat_id);
        if self.forum(chat_id).is_ok() {
            object["is_forum"] = json!(true);
        }
        object
    }
}

/// Seconds since the epoch, as Telegram dates messages.
pub(crate) fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// A chat object: positive ids are private chats, negative ones groups (`-100…` supergroups).
pub(crate) fn chat(chat_id: i64) -> Value {
    if chat_id > 0 {
        json!({"id": chat_id, "type": "private", "first_name": "Operator"})
    } else if is_supergroup(chat_id) {
        json!({"id": chat_id, "type": "supergroup", "title": "Support"})
    } else {
        json!({"id": chat_id, "type": "group", "title": "Support"})
    }
}

/// A user object with the language every pushed message has.
pub(crate) fn user_object(id: i64, first_name: &str, username: Option<&str>) -> Value {
    let mut user = json!({"id": id, "is_bot": false, "first_name": first_name,
                          "language_code": "fr"});
    if let Some(username) = username {
        user["username"] = json!(username);
    }
    user
}

/// The person writing in `chat_id`: the chat's owner in a private chat, a member in a group.
pub(crate) fn user(chat_id: i64) -> Value {
    let id = if chat_id > 0 { chat_id } else { 4_242 };
    user_object(id, "Operator", None)
}

/// The `chat_id` of a request, which must name a chat (not `0`, not a `@username`).
pub(crate) fn chat_id_of(body: &Value) -> Result<i64, ApiError> {
    int_field(body, "chat_id")
        .filter(|id| *id != 0)
        .ok_or(ApiError::ChatNotFound)
}

/// A string field; a form body's value that looks like a number was parsed as one, so a
/// number is taken as its digits.
pub(crate) fn string_field(body: &Value, key: &str) -> Option<String> {
    match body.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// An integer field sent as a JSON number or, in form bodies, as a string.
pub(crate) fn int_field(body: &Value, key: &str) -> Option<i64> {
    match body.get(key)? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}
