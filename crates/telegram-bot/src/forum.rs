//! Which operator chats are forums (supergroups with topics): asked of Telegram (`getChat`)
//! the first time a chat is delivered to, learnt again from every message's chat, and
//! forgotten when Telegram refuses a topic because the chat has none any more.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::client::ApiFailure;
use crate::core::{lock, Core};

/// What is known of each operator chat: a forum or not; absent = not asked yet.
#[derive(Default)]
pub(crate) struct Forums {
    known: Mutex<HashMap<i64, bool>>,
}

impl Forums {
    /// What was learnt of `chat`, if anything.
    fn get(&self, chat: i64) -> Option<bool> {
        lock(&self.known).get(&chat).copied()
    }

    /// Records what Telegram says of `chat`; true when it changed what was known.
    pub(crate) fn learn(&self, chat: i64, is_forum: bool) -> bool {
        lock(&self.known).insert(chat, is_forum) != Some(is_forum)
    }

    /// Whether any operator chat is known to be a forum.
    pub(crate) fn any(&self) -> bool {
        lock(&self.known).values().any(|forum| *forum)
    }

    /// The chats known to be forums.
    pub(crate) fn chats(&self) -> Vec<i64> {
        let mut chats: Vec<i64> = lock(&self.known)
            .iter()
            .filter_map(|(chat, forum)| forum.then_some(*chat))
            .collect();
        chats.sort_unstable();
        chats
    }
}

/// Whether a chat id is a supergroup's (`-100…`): the only chats that may have topics.
pub(crate) fn may_be_forum(chat: i64) -> bool {
    chat.to_string().starts_with("-100")
}

impl Core {
    /// Whether `chat` is a forum: known, or asked of Telegram now (a supergroup only; a
    /// private chat or a basic group never is). A failure to ask is the caller's to retry.
    pub(crate) async fn is_forum(&self, chat: i64) -> Result<bool, ApiFailure> {
        if !may_be_forum(chat) {
            return Ok(false);
        }
        if let Some(known) = self.forums.get(chat) {
            return Ok(known);
        }
        let is_forum = self.api.is_forum(chat).await?;
        if self.forums.learn(chat, is_forum) {
            tracing::info!(
                chat_id = chat,
                is_forum,
                "operator group checked: {}",
                if is_forum {
                    "a forum, one topic per ticket"
                } else {
                    "no topics, notifications as in a private chat"
                }
            );
        }
        Ok(is_forum)
    }

    /// Telegram said of `chat` (a message's chat, or a refused topic call) whether it is a
    /// forum now: logged when it changed.
    pub(crate) fn forum_seen(&self, chat: i64, is_forum: bool) {
        if may_be_forum(chat) && self.forums.learn(chat, is_forum) {
            tracing::info!(
                chat_id = chat,
                is_forum,
                "Telegram says the operator group's topics are now {}",
                if is_forum { "on" } else { "off" }
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_supergroups_may_be_forums() {
        assert!(may_be_forum(-1_001_234_567_890));
        assert!(!may_be_forum(-123_456));
        assert!(!may_be_forum(42));
    }

    #[test]
    fn what_is_learnt_is_remembered_and_changes_are_told() {
        let forums = Forums::default();
        assert_eq!(forums.get(-1_001), None);
        assert!(forums.learn(-1_001, true));
        assert!(!forums.learn(-1_001, true));
        assert!(forums.any());
        assert_eq!(forums.chats(), [-1_001]);
        assert!(forums.learn(-1_001, false));
        assert!(!forums.any());
    }
}
