//! The test's side of forums: making a supergroup a forum (or not any more), acting as an
//! administrator on its topics, and reading what became of them.

use std::time::Duration;

use serde_json::{json, Value};

use crate::api_error::ApiError;
use crate::forum::{is_supergroup, ForumTopicState};
use crate::state::user;
use crate::{wait_for, FakeTelegram, SentMessage};

impl FakeTelegram {
    /// Makes the supergroup `chat_id` a forum (topics on).
    ///
    /// # Panics
    /// When `chat_id` is not a supergroup's (`-100…`): only supergroups have topics.
    pub fn make_forum(&self, chat_id: i64) {
        self.set_forum(chat_id, true);
    }

    /// Turns topics on or off in the supergroup `chat_id`. Off, the chat answers as a plain
    /// supergroup (`getChat` without `is_forum`, topic methods refused, `message_thread_id`
    /// not found) but keeps its topics for when they are turned on again.
    ///
    /// # Panics
    /// As [`FakeTelegram::make_forum`].
    pub fn set_forum(&self, chat_id: i64, enabled: bool) {
        assert!(
            is_supergroup(chat_id),
            "only a supergroup (-100…) can be a forum, not {chat_id}"
        );
        self.shared
            .lock()
            .forums
            .entry(chat_id)
            .or_default()
            .enabled = enabled;
    }

    /// An administrator creates topic `name` in the forum `chat_id`; the bot gets the
    /// `forum_topic_created` service message. Returns the topic's thread id.
    ///
    /// # Panics
    /// When `chat_id` is not a forum or `name` is blank.
    pub fn create_topic(&self, chat_id: i64, name: &str) -> i64 {
        let admin = user(chat_id);
        let opened = self
            .shared
            .lock()
            .open_topic(chat_id, name, None, None, admin)
            .map(|(topic, message)| (topic.thread_id, message));
        let (thread_id, message) = unwrap_admin(opened, "create a topic in", chat_id);
        self.push_service_message(message);
        thread_id
    }

    /// An administrator closes topic `thread_id` of `chat_id`; the bot gets the
    /// `forum_topic_closed` service message. Closing a closed topic does nothing.
    ///
    /// # Panics
    /// When `chat_id` is not a forum or has no such topic (or it was deleted).
    pub fn close_topic(&self, chat_id: i64, thread_id: i64) {
        let admin = user(chat_id);
        let closed = self
            .shared
            .lock()
            .set_topic_closed(chat_id, thread_id, true, admin);
        match closed {
            Err(ApiError::TopicNotModified) => {}
            closed => {
                let message = unwrap_admin(closed, "close a topic of", chat_id);
                self.push_service_message(message);
            }
        }
    }

    /// An administrator deletes topic `thread_id` of `chat_id`, with every message in it. The
    /// bot is not told (Telegram sends no update for it); it learns when it next uses the topic.
    ///
    /// # Panics
    /// When `chat_id` is not a forum or has no such topic (or it was already deleted).
    pub fn delete_topic(&self, chat_id: i64, thread_id: i64) {
        let deleted = self.shared.lock().delete_topic(chat_id, thread_id);
        unwrap_admin(deleted, "delete a topic of", chat_id);
    }

    /// Every topic of `chat_id` ever created (deleted ones included), by thread id.
    pub fn topics(&self, chat_id: i64) -> Vec<ForumTopicState> {
        self.shared
            .lock()
            .forums
            .get(&chat_id)
            .map(|forum| forum.topics.values().cloned().collect())
            .unwrap_or_default()
    }

    /// The messages the bot sent into topic `thread_id` of `chat_id`, oldest first.
    pub fn sent_in_topic(&self, chat_id: i64, thread_id: i64) -> Vec<SentMessage> {
        self.sent_to(chat_id)
            .into_iter()
            .filter(|m| m.thread_id == Some(thread_id))
            .collect()
    }

    /// The first topic of `chat_id` matching `condition`, waiting up to `timeout` for it.
    pub fn wait_for_topic(
        &self,
        chat_id: i64,
        condition: impl Fn(&ForumTopicState) -> bool,
        timeout: Duration,
    ) -> Option<ForumTopicState> {
        wait_for(timeout, || {
            self.topics(chat_id)
                .into_iter()
                .find(|topic| condition(topic))
        })
    }

    /// Queues a service message (an administrator's action) as an update.
    fn push_service_message(&self, message: Value) {
        let update_id = self.shared.lock().fresh_update_id();
        self.shared
            .enqueue(json!({"update_id": update_id, "message": message}));
    }
}

/// The outcome of an administrator's action, which a test expects to succeed.
fn unwrap_admin<T>(outcome: Result<T, ApiError>, action: &str, chat_id: i64) -> T {
    match outcome {
        Ok(value) => value,
        Err(error) => panic!(
            "an administrator cannot {action} {chat_id}: {}",
            error.description()
        ),
    }
}
