//! Feeding the bot: updates queued for `getUpdates` (messages, replies, photos, button presses).
//! A message pushed into a forum chat without a topic is in General: no `message_thread_id`.

use serde_json::{json, Value};

use crate::state::{int_field, unix_now, user, user_object};
use crate::FakeTelegram;

/// Someone writing in a chat, for the `push_*_from` helpers (several operators in one group).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperatorUser {
    /// Their Telegram user id.
    pub id: i64,
    /// Their first name.
    pub first_name: String,
    /// Their `@username`, without the `@`.
    pub username: Option<String>,
}

impl OperatorUser {
    /// A user without a username.
    pub fn new(id: i64, first_name: &str) -> Self {
        Self {
            id,
            first_name: first_name.to_owned(),
            username: None,
        }
    }

    /// The `User` object (with the `language_code` every pushed message has).
    pub(crate) fn to_json(&self) -> Value {
        user_object(self.id, &self.first_name, self.username.as_deref())
    }
}

impl FakeTelegram {
    /// Queues an update. Gives it a fresh `update_id` unless it has one; returns the id.
    pub fn push_update(&self, mut update: Value) -> i64 {
        let id = match int_field(&update, "update_id") {
            Some(id) => id,
            None => {
                let id = self.shared.lock().fresh_update_id();
                update["update_id"] = json!(id);
                id
            }
        };
        self.shared.enqueue(update);
        id
    }

    /// Queues an update exactly as given (to deliver the same `update_id` twice).
    pub fn push_update_raw(&self, update: Value) {
        self.shared.enqueue(update);
    }

    /// Queues a text message written in `chat_id`; returns the message's id.
    pub fn push_text(&self, chat_id: i64, text: &str) -> i64 {
        self.push_message(chat_id, user(chat_id), |m| m["text"] = json!(text))
    }

    /// Queues a text message written in `chat_id` by `from`; returns the message's id.
    pub fn push_text_from(&self, chat_id: i64, from: OperatorUser, text: &str) -> i64 {
        self.push_message(chat_id, from.to_json(), |m| m["text"] = json!(text))
    }

    /// Queues a text message written in `chat_id` in reply to the message
    /// `reply_to_message_id` of that chat; returns the new message's id.
    pub fn push_reply(&self, chat_id: i64, text: &str, reply_to_message_id: i64) -> i64 {
        let replied = self.shared.lock().quote(chat_id, reply_to_message_id);
        self.push_message(chat_id, user(chat_id), |m| {
            m["text"] = json!(text);
            m["reply_to_message"] = replied;
        })
    }

    /// Queues a photo (no text) sent in `chat_id`; returns the message's id.
    pub fn push_photo(&self, chat_id: i64) -> i64 {
        self.push_message(chat_id, user(chat_id), |m| {
            m["photo"] = json!([{"file_id": "photo-1", "file_unique_id": "p1", "width": 90,
                                 "height": 90}]);
        })
    }

    /// A text message update of `chat_id` (replying to `reply_to_message_id` if given), with
    /// fresh ids, NOT queued: push it with [`FakeTelegram::push_update_raw`], twice to
    /// simulate a duplicate delivery.
    pub fn text_update(&self, chat_id: i64, text: &str, reply_to_message_id: Option<i64>) -> Value {
        let replied = reply_to_message_id.map(|id| self.shared.lock().quote(chat_id, id));
        self.build_message(chat_id, user(chat_id), |m| {
            m["text"] = json!(text);
            if let Some(replied) = replied {
                m["reply_to_message"] = replied;
            }
        })
        .1
    }

    /// Builds a message update of `chat_id` written by `from`, lets `fill` add its content,
    /// queues it. Returns the message's id.
    pub(crate) fn push_message(
        &self,
        chat_id: i64,
        from: Value,
        fill: impl FnOnce(&mut Value),
    ) -> i64 {
        let (message_id, update) = self.build_message(chat_id, from, fill);
        self.shared.enqueue(update);
        message_id
    }

    /// Builds (and remembers) a message update of `chat_id` with fresh ids; `fill` adds its
    /// content. Returns `(message_id, update)`.
    fn build_message(
        &self,
        chat_id: i64,
        from: Value,
        fill: impl FnOnce(&mut Value),
    ) -> (i64, Value) {
        let mut state = self.shared.lock();
        let update_id = state.fresh_update_id();
        let message_id = state.fresh_message_id();
        let mut message = json!({
            "message_id": message_id,
            "from": from,
            "chat": state.chat_object(chat_id),
            "date": unix_now(),
        });
        fill(&mut message);
        state.remember(chat_id, message_id, message.clone());
        let update = json!({"update_id": update_id, "message": message});
        (message_id, update)
    }

    /// Queues a press on an inline button carrying `data`, under the message `message_id` of
    /// `chat_id`. Returns the callback query's id.
    pub fn push_callback(&self, chat_id: i64, data: &str, message_id: i64) -> String {
        let update = {
            let mut state = self.shared.lock();
            let update_id = state.fresh_update_id();
            let id = state.fresh_callback_id();
            let message = state.message_or_stub(chat_id, message_id);
            json!({"update_id": update_id, "callback_query": {
                "id": id, "from": user(chat_id), "message": message,
                "chat_instance": format!("ci{chat_id}"), "data": data,
            }})
        };
        let id = update["callback_query"]["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        self.shared.enqueue(update);
        id
    }
}
