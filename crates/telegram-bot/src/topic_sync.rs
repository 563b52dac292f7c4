//! Keeping each ticket's topic in step with the ticket: renamed when its priority or status
//! changes (`🟡` → `🚨`, `✅` once closed), closed with the ticket, reopened with it.
//!
//! Changes are coalesced: a ticket marked several times within [`COALESCE`] is looked at
//! once, and only what differs from what the topic last got is sent (a burst of changes is
//! one rename). Telegram counts these calls against the group's 20 messages a minute, so they
//! wait for the visitor messages (the outbox worker never waits for them), and a 429 puts the
//! rest off by its `retry_after`.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ticket_domain::ports::{ForumTopic, OperatorChat};
use ticket_domain::service::TopicState;
use ticket_domain::ticket::TicketNumber;
use tokio::sync::{watch, Notify};

use crate::client::ApiFailure;
use crate::core::{blocking, lock, Core};
use crate::shutdown::{pause, stopped};
use crate::topics::TopicError;

/// How long changes gather before they are sent.
const COALESCE: Duration = Duration::from_secs(1);
/// The pause after a failure that says nothing of how long to wait.
const AFTER_FAILURE: Duration = Duration::from_secs(5);

/// The tickets whose topics may need a new name or state.
#[derive(Default)]
pub(crate) struct TopicChanges {
    tickets: Mutex<HashSet<TicketNumber>>,
    wake: Notify,
}

impl TopicChanges {
    /// `ticket` may have changed.
    pub(crate) fn mark(&self, ticket: TicketNumber) {
        lock(&self.tickets).insert(ticket);
        self.wake.notify_one();
    }

    fn take(&self) -> Vec<TicketNumber> {
        let mut tickets: Vec<TicketNumber> = lock(&self.tickets).drain().collect();
        tickets.sort_unstable();
        tickets
    }
}

/// Applies the marked changes until shutdown.
pub(crate) async fn run_topic_sync(core: Arc<Core>, mut shutdown: watch::Receiver<bool>) {
    loop {
        tokio::select! {
            _ = stopped(&mut shutdown) => return,
            () = core.topic_changes.wake.notified() => {}
        }
        if !pause(COALESCE, &mut shutdown).await {
            return;
        }
        let tickets = core.topic_changes.take();
        for (index, ticket) in tickets.iter().enumerate() {
            let Err(error) = sync_ticket(&core, *ticket).await else {
                continue;
            };
            let wait = match &error {
                TopicError::Api(ApiFailure::RateLimited { retry_after, .. }) => *retry_after,
                TopicError::Api(ApiFailure::Permanent { .. }) | TopicError::NotAForum => {
                    tracing::warn!(%ticket, %error, "the ticket's topic could not be updated");
                    continue;
                }
                _ => AFTER_FAILURE,
            };
            tracing::info!(%ticket, %error, wait_secs = wait.as_secs(),
                "topic updates put off");
            for later in &tickets[index..] {
                core.topic_changes.mark(*later);
            }
            if !pause(wait, &mut shutdown).await {
                return;
            }
            break;
        }
    }
}

/// Gives the ticket's topic, in every forum, the name and state the ticket calls for.
async fn sync_ticket(core: &Core, ticket: TicketNumber) -> Result<(), TopicError> {
    let chats = core.forums.chats();
    if chats.is_empty() {
        return Ok(());
    }
    let service = Arc::clone(&core.service);
    let Some(state) = blocking(move || service.topic_state(ticket)).await? else {
        return Ok(());
    };
    for chat in chats {
        let service = Arc::clone(&core.service);
        let known =
            blocking(move || service.chats().topic_of_ticket(OperatorChat(chat), ticket)).await?;
        if let Some(topic) = known {
            sync_topic(core, chat, ticket, topic, &state).await?;
        }
    }
    Ok(())
}

/// One topic: reopened before it is renamed, renamed before it is closed (a closed topic
/// shows its final name), each call only if it changes something.
async fn sync_topic(
    core: &Core,
    chat: i64,
    ticket: TicketNumber,
    topic: ForumTopic,
    state: &TopicState,
) -> Result<(), TopicError> {
    let mut topic = topic;
    if topic.closed && !state.closed {
        let Some(reopened) = core.set_closed(chat, ticket, topic, false).await? else {
            return Ok(());
        };
        topic = reopened;
    }
    if topic.name != state.name {
        match core.api.rename_topic(chat, topic.thread, &state.name).await {
            Ok(()) => {}
            Err(failure) if failure.is_topic_not_modified() => {}
            Err(failure) if failure.is_topic_missing() => {
                core.forget_topic(chat, ticket, topic.thread).await?;
                return Ok(());
            }
            Err(failure) => return Err(failure.into()),
        }
        topic.name.clone_from(&state.name);
        core.store_topic(chat, ticket, topic.clone()).await?;
    }
    if state.closed && !topic.closed {
        core.set_closed(chat, ticket, topic, true).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ticket_marked_several_times_is_taken_once() {
        let changes = TopicChanges::default();
        let t1001 = TicketNumber::new(1001).unwrap();
        let t1002 = TicketNumber::new(1002).unwrap();
        changes.mark(t1002);
        changes.mark(t1001);
        changes.mark(t1002);
        assert_eq!(changes.take(), [t1001, t1002]);
        assert!(changes.take().is_empty());
    }
}
