//! A ticket's visitor messages posted in its forum topic: the topic created with the ticket
//! (the guide's card first), reopened when the visitor writes on a closed ticket, and
//! re-created when an admin deleted it, the message that met the error posted in the new one.

use std::sync::Arc;

use ticket_domain::notification::OperatorNotification;
use ticket_domain::ports::{ForumTopic, OperatorChat};
use ticket_domain::ticket::{Priority, Status, TicketNumber, VisitorMessageEffect};

use crate::client::ApiFailure;
use crate::core::{blocking, Core, Place, StoreError};
use crate::keyboard::ticket_keyboard;

/// Why a ticket's messages could not be posted in its topic.
#[derive(Debug, thiserror::Error)]
pub(crate) enum TopicError {
    /// Telegram refused or failed a call.
    #[error("{0}")]
    Api(ApiFailure),
    /// The chat has no topics (any more): deliver as to a chat without topics.
    #[error("the chat is not a forum")]
    NotAForum,
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<ApiFailure> for TopicError {
    fn from(failure: ApiFailure) -> Self {
        if failure.is_not_a_forum() {
            Self::NotAForum
        } else {
            Self::Api(failure)
        }
    }
}

/// What was posted: the ids of the messages sent (remembered as about the ticket), and the
/// failure that stopped it, if any.
pub(crate) struct Posted {
    pub(crate) sent: Vec<i64>,
    pub(crate) failure: Option<TopicError>,
}

impl Core {
    /// Posts `notifications` (all of `ticket`, oldest first) in the ticket's topic of the
    /// forum `chat`, creating, reopening or re-creating the topic as needed. A new ticket's
    /// announcement in General is queued once its card is out.
    pub(crate) async fn post_in_topic(
        self: &Arc<Self>,
        chat: i64,
        ticket: TicketNumber,
        notifications: &[OperatorNotification],
    ) -> Posted {
        let mut sent = Vec::new();
        let failure = self
            .post_with_recovery(chat, ticket, notifications, &mut sent)
            .await
            .err();
        Posted { sent, failure }
    }

    async fn post_with_recovery(
        self: &Arc<Self>,
        chat: i64,
        ticket: TicketNumber,
        notifications: &[OperatorNotification],
        sent: &mut Vec<i64>,
    ) -> Result<(), TopicError> {
        let Some(first) = notifications.first() else {
            return Ok(());
        };
        let mut recovered = false;
        loop {
            let (topic, created) = self.topic_for(chat, ticket, first).await?;
            let topic = if topic.closed {
                match self.set_closed(chat, ticket, topic, false).await? {
                    Some(topic) => topic,
                    None if !recovered => {
                        recovered = true;
                        continue;
                    }
                    None => return Err(TopicError::Api(deleted_again())),
                }
            } else {
                topic
            };
            let text = self.topic_text(notifications, created);
            let keyboard = Some(ticket_keyboard(ticket, self.locale));
            let place = Place::topic(chat, topic.thread);
            let (ids, failure) = self.send_chunks(place, &text, keyboard).await;
            sent.extend(ids);
            match failure {
                None => {
                    if created && first.effect == VisitorMessageEffect::Created {
                        self.announce(chat, first);
                    }
                    return Ok(());
                }
                Some(failure) if !recovered && failure.is_topic_missing() => {
                    tracing::warn!(chat_id = chat, %ticket, thread = topic.thread,
                        "the ticket's topic was deleted: creating it again");
                    self.forget_topic(chat, ticket, topic.thread).await?;
                }
                Some(failure) if !recovered && failure.is_topic_closed() => {
                    let closed = ForumTopic {
                        closed: true,
                        ..topic
                    };
                    self.store_topic(chat, ticket, closed).await?;
                }
                Some(failure) if failure.is_topic_missing() || failure.is_topic_closed() => {
                    return Err(TopicError::Api(deleted_again()));
                }
                Some(failure) => return Err(failure.into()),
            }
            recovered = true;
        }
    }

    /// The ticket's topic in `chat`, and whether it was created just now (named from the
    /// ticket as it is now, or from its first notification if it cannot be read).
    async fn topic_for(
        &self,
        chat: i64,
        ticket: TicketNumber,
        first: &OperatorNotification,
    ) -> Result<(ForumTopic, bool), TopicError> {
        let service = Arc::clone(&self.service);
        let known =
            blocking(move || service.chats().topic_of_ticket(OperatorChat(chat), ticket)).await?;
        if let Some(topic) = known {
            return Ok((topic, false));
        }
        let service = Arc::clone(&self.service);
        let state = blocking(move || service.topic_state(ticket)).await?;
        let name = match state {
            Some(state) => state.name,
            None => self.renderer().topic_name(
                ticket,
                Priority::default(),
                Status::Open,
                first.visitor_name.as_ref(),
            ),
        };
        let thread = self
            .api
            .create_topic(chat, &name)
            .await
            .map_err(|failure| {
                if failure.is_not_a_forum() {
                    self.forum_seen(chat, false);
                }
                if failure.is_missing_rights() {
                    // An admin can fix it: the messages wait in the outbox meanwhile.
                    tracing::error!(chat_id = chat, %failure,
                    "cannot create topics: make the bot an administrator with Manage topics");
                    return TopicError::Api(ApiFailure::Retryable(format!(
                        "{failure} (the bot needs the Manage topics right)"
                    )));
                }
                TopicError::from(failure)
            })?;
        tracing::info!(chat_id = chat, %ticket, thread, "topic created");
        let topic = ForumTopic {
            thread,
            name,
            closed: false,
        };
        self.store_topic(chat, ticket, topic.clone()).await?;
        Ok((topic, true))
    }

    /// The text of a pass's messages: the whole card first in a topic created just now (the
    /// topic opens with it, whatever the message), the topic's compact lines otherwise.
    fn topic_text(&self, notifications: &[OperatorNotification], created: bool) -> String {
        let renderer = self.renderer();
        match notifications.split_first() {
            Some((first, rest)) if created => {
                let mut text = renderer.notification(first);
                if !rest.is_empty() {
                    text.push_str("\n\n");
                    text.push_str(&renderer.topic_messages(rest));
                }
                text
            }
            _ => renderer.topic_messages(notifications),
        }
    }

    /// Queues the line in General for a new ticket (sent after the pass's topics and
    /// messages: [`crate::announcements`]), when announcements are on.
    fn announce(&self, chat: i64, first: &OperatorNotification) {
        if self.announce_new_tickets {
            let line = self.renderer().topic_announcement(first);
            self.announcements.queue(chat, first.ticket, line);
        }
    }

    /// Closes or reopens the topic on Telegram and records it; `None` when the topic turned
    /// out to be deleted (forgotten: the next try creates it again).
    pub(crate) async fn set_closed(
        &self,
        chat: i64,
        ticket: TicketNumber,
        topic: ForumTopic,
        closed: bool,
    ) -> Result<Option<ForumTopic>, TopicError> {
        match self.api.set_topic_closed(chat, topic.thread, closed).await {
            Ok(()) => {}
            Err(failure) if failure.is_topic_not_modified() => {}
            Err(failure) if failure.is_topic_missing() => {
                self.forget_topic(chat, ticket, topic.thread).await?;
                return Ok(None);
            }
            Err(failure) => return Err(failure.into()),
        }
        let topic = ForumTopic { closed, ..topic };
        self.store_topic(chat, ticket, topic.clone()).await?;
        Ok(Some(topic))
    }

    /// Records the ticket's topic as it now is on Telegram.
    pub(crate) async fn store_topic(
        &self,
        chat: i64,
        ticket: TicketNumber,
        topic: ForumTopic,
    ) -> Result<(), StoreError> {
        let service = Arc::clone(&self.service);
        let now = self.clock.now();
        blocking(move || {
            service
                .chats()
                .remember_topic(OperatorChat(chat), ticket, &topic, now)
        })
        .await
    }

    /// Forgets a topic Telegram says is gone.
    pub(crate) async fn forget_topic(
        &self,
        chat: i64,
        ticket: TicketNumber,
        thread: i64,
    ) -> Result<(), StoreError> {
        let service = Arc::clone(&self.service);
        blocking(move || {
            service
                .chats()
                .forget_topic(OperatorChat(chat), ticket, thread)
        })
        .await
    }
}

/// A topic deleted or closed again while it was being re-created or reopened: tried again
/// later (the messages wait in the outbox) rather than given up.
fn deleted_again() -> ApiFailure {
    ApiFailure::Retryable("the ticket's topic was deleted or closed again meanwhile".to_owned())
}
