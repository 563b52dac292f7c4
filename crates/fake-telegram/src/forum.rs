//! Forum supergroups: which chats have topics, each topic's state, and the rules Telegram
//! applies to them (names, closing, deleting, which thread a message may go to).

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::api_error::ApiError;
use crate::state::{unix_now, State};

/// The General topic's thread id: Telegram refuses it as a `message_thread_id` (a message for
/// General goes without one).
pub(crate) const GENERAL_THREAD_ID: i64 = 1;

/// The icon colour Telegram gives a topic created without one (0x6FB9F0, the first of the six
/// colours it allows).
pub(crate) const DEFAULT_ICON_COLOR: u32 = 7_322_096;

/// The longest topic name, in characters; TDLib cuts longer ones rather than refusing them.
pub(crate) const MAX_TOPIC_NAME_CHARS: usize = 128;

/// A forum topic as the fake knows it (see [`crate::FakeTelegram::topics`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForumTopicState {
    /// Its `message_thread_id`: the id of the service message that created it.
    pub thread_id: i64,
    /// Its current name.
    pub name: String,
    /// Its icon colour (RGB).
    pub icon_color: u32,
    /// Its custom emoji icon, if one was set.
    pub icon_custom_emoji_id: Option<String>,
    /// Closed: nothing can be sent into it until it is reopened.
    pub closed: bool,
    /// Deleted, with every message in it: it is gone for good.
    pub deleted: bool,
    /// How many times `editForumTopic` changed its name.
    pub renames: u32,
}

/// A supergroup that has (or had) topics.
#[derive(Debug, Default)]
pub(crate) struct ForumChat {
    /// Topics on; off, the chat answers as a plain supergroup but keeps its topics.
    pub(crate) enabled: bool,
    pub(crate) topics: BTreeMap<i64, ForumTopicState>,
}

/// Whether `chat_id` is a supergroup's (`-100…`).
pub(crate) fn is_supergroup(chat_id: i64) -> bool {
    chat_id.to_string().starts_with("-100")
}

/// A topic name as TDLib cleans it: trimmed, runs of spaces and newlines made one space, cut to
/// [`MAX_TOPIC_NAME_CHARS`].
pub(crate) fn clean_topic_name(raw: &str) -> String {
    raw.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(MAX_TOPIC_NAME_CHARS)
        .collect()
}

/// A `message_thread_id` as a topic method must get it: a positive id.
pub(crate) fn valid_thread_id(thread_id: Option<i64>) -> Result<i64, ApiError> {
    thread_id
        .filter(|id| *id > 0)
        .ok_or(ApiError::InvalidThreadId)
}

impl State {
    /// The forum `chat_id`, or why it is none.
    pub(crate) fn forum(&self, chat_id: i64) -> Result<&ForumChat, ApiError> {
        self.forums
            .get(&chat_id)
            .filter(|forum| forum.enabled)
            .ok_or(ApiError::NotAForum)
    }

    fn forum_mut(&mut self, chat_id: i64) -> Result<&mut ForumChat, ApiError> {
        self.forums
            .get_mut(&chat_id)
            .filter(|forum| forum.enabled)
            .ok_or(ApiError::NotAForum)
    }

    /// The live (not deleted) topic `thread_id` of the forum `chat_id`.
    fn live_topic_mut(
        &mut self,
        chat_id: i64,
        thread_id: i64,
    ) -> Result<&mut ForumTopicState, ApiError> {
        self.forum_mut(chat_id)?
            .topics
            .get_mut(&thread_id)
            .filter(|topic| !topic.deleted)
            .ok_or(ApiError::TopicIdInvalid)
    }

    /// Creates a topic written by `from`; returns it and the service message that opened it.
    pub(crate) fn open_topic(
        &mut self,
        chat_id: i64,
        raw_name: &str,
        icon_color: Option<u32>,
        icon_custom_emoji_id: Option<String>,
        from: Value,
    ) -> Result<(ForumTopicState, Value), ApiError> {
        self.forum(chat_id)?;
        let name = clean_topic_name(raw_name);
        if name.is_empty() {
            return Err(ApiError::TitleEmpty);
        }
        let mut thread_id = self.fresh_message_id();
        if thread_id == GENERAL_THREAD_ID {
            // Taken by the General topic in a real forum.
            thread_id = self.fresh_message_id();
        }
        let topic = ForumTopicState {
            thread_id,
            name,
            icon_color: icon_color.unwrap_or(DEFAULT_ICON_COLOR),
            icon_custom_emoji_id,
            closed: false,
            deleted: false,
            renames: 0,
        };
        let mut created = json!({"name": topic.name, "icon_color": topic.icon_color});
        if let Some(emoji) = &topic.icon_custom_emoji_id {
            created["icon_custom_emoji_id"] = json!(emoji);
        }
        self.forum_mut(chat_id)?
            .topics
            .insert(thread_id, topic.clone());
        let message = self.topic_service_message(
            chat_id,
            thread_id,
            thread_id,
            from,
            "forum_topic_created",
            created,
        );
        Ok((topic, message))
    }

    /// Renames a topic and/or changes its emoji (`Some(None)`: removes it); `Ok(None)` when
    /// asked to change nothing (TDLib answers `true` without asking the server). Returns the
    /// `forum_topic_edited` service message.
    pub(crate) fn edit_topic(
        &mut self,
        chat_id: i64,
        thread_id: i64,
        raw_name: Option<&str>,
        icon_custom_emoji_id: Option<Option<String>>,
        from: Value,
    ) -> Result<Option<Value>, ApiError> {
        self.forum(chat_id)?;
        let name = match raw_name.filter(|raw| !raw.is_empty()) {
            Some(raw) => match clean_topic_name(raw) {
                name if name.is_empty() => return Err(ApiError::TitleEmpty),
                name => Some(name),
            },
            None => None,
        };
        if name.is_none() && icon_custom_emoji_id.is_none() {
            return Ok(None);
        }
        let topic = self.live_topic_mut(chat_id, thread_id)?;
        let name = name.filter(|name| *name != topic.name);
        let emoji = icon_custom_emoji_id.filter(|emoji| *emoji != topic.icon_custom_emoji_id);
        if name.is_none() && emoji.is_none() {
            return Err(ApiError::TopicNotModified);
        }
        let mut edited = json!({});
        if let Some(name) = name {
            edited["name"] = json!(name);
            topic.name = name;
            topic.renames += 1;
        }
        if let Some(emoji) = emoji {
            // An empty id (the icon removed) is reported as such.
            edited["icon_custom_emoji_id"] = json!(emoji.clone().unwrap_or_default());
            topic.icon_custom_emoji_id = emoji;
        }
        let id = self.fresh_message_id();
        Ok(Some(self.topic_service_message(
            chat_id,
            thread_id,
            id,
            from,
            "forum_topic_edited",
            edited,
        )))
    }

    /// Closes or reopens a topic; returns the `forum_topic_closed` / `forum_topic_reopened`
    /// service message.
    pub(crate) fn set_topic_closed(
        &mut self,
        chat_id: i64,
        thread_id: i64,
        closed: bool,
        from: Value,
    ) -> Result<Value, ApiError> {
        let topic = self.live_topic_mut(chat_id, thread_id)?;
        if topic.closed == closed {
            return Err(ApiError::TopicNotModified);
        }
        topic.closed = closed;
        let kind = if closed {
            "forum_topic_closed"
        } else {
            "forum_topic_reopened"
        };
        let id = self.fresh_message_id();
        Ok(self.topic_service_message(chat_id, thread_id, id, from, kind, json!({})))
    }

    /// Deletes a topic and forgets every message in it.
    pub(crate) fn delete_topic(&mut self, chat_id: i64, thread_id: i64) -> Result<(), ApiError> {
        self.live_topic_mut(chat_id, thread_id)?.deleted = true;
        self.forget_thread(chat_id, thread_id);
        Ok(())
    }

    /// The thread a message sent to `chat_id` goes to, checked as Telegram checks it: the
    /// `message_thread_id` asked for, or else the topic of the message it replies to.
    pub(crate) fn thread_for_send(
        &self,
        chat_id: i64,
        requested: Option<i64>,
        reply_to: Option<i64>,
    ) -> Result<Option<i64>, ApiError> {
        let thread_id = match requested {
            Some(thread_id) => thread_id,
            None => match reply_to.and_then(|id| self.thread_of(chat_id, id)) {
                Some(thread_id) => thread_id,
                None => return Ok(None),
            },
        };
        let topic = self
            .forum(chat_id)
            .ok()
            .filter(|_| thread_id != GENERAL_THREAD_ID)
            .and_then(|forum| forum.topics.get(&thread_id))
            .filter(|topic| !topic.deleted)
            .ok_or(ApiError::ThreadNotFound)?;
        if topic.closed {
            return Err(ApiError::TopicClosed);
        }
        Ok(Some(thread_id))
    }

    /// The topic a known message of `chat_id` is in, if it is a topic message.
    fn thread_of(&self, chat_id: i64, message_id: i64) -> Option<i64> {
        let message = self.message(chat_id, message_id)?;
        if message.get("is_topic_message").and_then(Value::as_bool) != Some(true) {
            return None;
        }
        message.get("message_thread_id").and_then(Value::as_i64)
    }

    /// Builds and remembers a service message of topic `thread_id`.
    fn topic_service_message(
        &mut self,
        chat_id: i64,
        thread_id: i64,
        message_id: i64,
        from: Value,
        kind: &str,
        content: Value,
    ) -> Value {
        let mut message = json!({
            "message_id": message_id,
            "from": from,
            "chat": self.chat_object(chat_id),
            "date": unix_now(),
            "message_thread_id": thread_id,
            "is_topic_message": true,
        });
        message[kind] = content;
        self.remember(chat_id, message_id, message.clone());
        message
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cleaned_as_tdlib_cleans_them() {
        assert_eq!(
            clean_topic_name("  T1001 \n Jean  Dupont "),
            "T1001 Jean Dupont"
        );
        assert_eq!(clean_topic_name(" \n "), "");
        assert_eq!(clean_topic_name(&"é".repeat(200)).chars().count(), 128);
    }

    #[test]
    fn only_minus_100_ids_are_supergroups() {
        assert!(is_supergroup(-1_001_234_567_890));
        assert!(!is_supergroup(-4_242));
        assert!(!is_supergroup(42));
    }

    #[test]
    fn thread_ids_must_be_positive() {
        assert_eq!(valid_thread_id(Some(5)), Ok(5));
        assert_eq!(valid_thread_id(Some(0)), Err(ApiError::InvalidThreadId));
        assert_eq!(valid_thread_id(None), Err(ApiError::InvalidThreadId));
    }
}
