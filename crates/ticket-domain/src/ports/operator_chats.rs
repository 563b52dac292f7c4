//! The operator chats port: what the operator side remembers between messages.

use chrono::{DateTime, Utc};

use super::RepositoryError;
use crate::ticket::TicketNumber;

/// An operator's chat: a Telegram chat id (private chat or group), or `0` for the console.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OperatorChat(pub i64);

/// What a message the bot sent to an operator chat is about, which decides where a reply to
/// it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SentAbout {
    /// One ticket (a notification, a `/ticket` view, an answer about a ticket): a reply to the
    /// message goes to that ticket.
    Ticket(TicketNumber),
    /// Several tickets (a digest of notifications): a reply to the message goes nowhere, the
    /// operator is told to name the ticket with `/reply`.
    SeveralTickets,
}

/// A ticket's topic in a forum group (a supergroup with topics): the thread the bot created for
/// the ticket, with the name and the open or closed state last given to it on Telegram.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForumTopic {
    /// The topic's thread id (`message_thread_id`).
    pub thread: i64,
    /// The name last set on Telegram.
    pub name: String,
    /// Whether it was last closed on Telegram.
    pub closed: bool,
}

/// Durable state of the operator conversations, used to route plain-text replies; in forum
/// groups, the topic of each ticket.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait OperatorChatStore: Send + Sync + 'static {
    /// Remembers what the bot's message `message_id` in `chat` is about, so that a reply to it
    /// can be routed. Recording the same pair twice MUST succeed; a later record for the same
    /// `(chat, message_id)` MUST replace the earlier one.
    fn remember_sent(
        &self,
        chat: OperatorChat,
        message_id: i64,
        about: SentAbout,
    ) -> Result<(), RepositoryError>;

    /// What the bot's message `message_id` in `chat` is about, as last recorded by
    /// [`OperatorChatStore::remember_sent`]; `None` when it was never recorded (in this chat).
    fn sent_about(
        &self,
        chat: OperatorChat,
        message_id: i64,
    ) -> Result<Option<SentAbout>, RepositoryError>;

    /// Sets the ticket that plain-text replies in `chat` go to when they reply to no message.
    /// MUST survive a restart.
    fn set_focus(
        &self,
        chat: OperatorChat,
        ticket: TicketNumber,
        at: DateTime<Utc>,
    ) -> Result<(), RepositoryError>;

    /// The ticket plain-text replies in `chat` go to, if one was set.
    fn focus(&self, chat: OperatorChat) -> Result<Option<TicketNumber>, RepositoryError>;

    /// The topic of `ticket` in the forum group `chat`, if one was recorded.
    fn topic_of_ticket(
        &self,
        chat: OperatorChat,
        ticket: TicketNumber,
    ) -> Result<Option<ForumTopic>, RepositoryError>;

    /// The ticket whose topic in `chat` is the thread `thread`, if any.
    fn ticket_of_topic(
        &self,
        chat: OperatorChat,
        thread: i64,
    ) -> Result<Option<TicketNumber>, RepositoryError>;

    /// Records `topic` as the topic of `ticket` in `chat`, replacing the ticket's earlier
    /// topic there (a topic re-created after an admin deleted it) or its name and state (the
    /// same thread). MUST survive a restart and be seen by every instance.
    fn remember_topic(
        &self,
        chat: OperatorChat,
        ticket: TicketNumber,
        topic: &ForumTopic,
        at: DateTime<Utc>,
    ) -> Result<(), RepositoryError>;

    /// Forgets the topic `thread` of `ticket` in `chat` (deleted on Telegram); does nothing
    /// when the ticket's topic there is another thread by now (already re-created).
    fn forget_topic(
        &self,
        chat: OperatorChat,
        ticket: TicketNumber,
        thread: i64,
    ) -> Result<(), RepositoryError>;
}
