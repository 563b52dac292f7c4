//! Feeding the bot messages written in forum topics, shaped as Telegram shapes them:
//! `message_thread_id`, `is_topic_message`, and a `reply_to_message` that is the topic's
//! creation message when the message replies to nothing.

use serde_json::{json, Value};

use crate::state::user;
use crate::{FakeTelegram, OperatorUser};

impl FakeTelegram {
    /// Queues a text message written in topic `thread_id` of the forum `chat_id` (by a
    /// member); returns the message's id.
    pub fn push_topic_text(&self, chat_id: i64, thread_id: i64, text: &str) -> i64 {
        self.push_in_topic(chat_id, thread_id, user(chat_id), thread_id, text)
    }

    /// Queues a text message written in topic `thread_id` of `chat_id` by `from`; returns the
    /// message's id.
    pub fn push_topic_text_from(
        &self,
        chat_id: i64,
        thread_id: i64,
        from: OperatorUser,
        text: &str,
    ) -> i64 {
        self.push_in_topic(chat_id, thread_id, from.to_json(), thread_id, text)
    }

    /// Queues a text message written in topic `thread_id` of `chat_id` in reply to its message
    /// `reply_to_message_id`; returns the new message's id.
    pub fn push_topic_reply(
        &self,
        chat_id: i64,
        thread_id: i64,
        text: &str,
        reply_to_message_id: i64,
    ) -> i64 {
        self.push_in_topic(chat_id, thread_id, user(chat_id), reply_to_message_id, text)
    }

    /// A topic message quoting `quoted` (the topic's creation message, unless it is a reply;
    /// a minimal stand-in if the fake does not know it).
    fn push_in_topic(
        &self,
        chat_id: i64,
        thread_id: i64,
        from: Value,
        quoted: i64,
        text: &str,
    ) -> i64 {
        let replied = self.shared.lock().quote(chat_id, quoted);
        self.push_message(chat_id, from, |m| {
            m["text"] = json!(text);
            m["message_thread_id"] = json!(thread_id);
            m["is_topic_message"] = json!(true);
            m["reply_to_message"] = replied;
        })
    }
}
