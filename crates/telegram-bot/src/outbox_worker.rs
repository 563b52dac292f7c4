//! The outbox worker: delivers the durable notifications, per chat in order, with retries.
//!
//! A chat's due notifications are packed into as few messages as fit: notifications of one
//! ticket merged into a message with that ticket's buttons (the usual case at low load),
//! notifications of several tickets into digests without buttons (under a burst), since
//! Telegram accepts about one message per second per chat. In a forum group each ticket's
//! notifications go to the ticket's own topic instead ([`crate::topics`]), never mixed.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use ticket_domain::ports::{NotificationOutbox, OutboxEntry, OutboxId, SentAbout};
use ticket_domain::ticket::{Priority, TicketNumber};
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::backoff::backoff;
use crate::client::ApiFailure;
use crate::core::{blocking, Core, Place};
use crate::keyboard::ticket_keyboard;
use crate::metrics::Counters;
use crate::shutdown::stopped;
use crate::topics::TopicError;

/// The most entries of one chat taken in one pass: enough for one pass to drain a burst into
/// a few digests (a message holds about fifteen short notifications), few enough that the
/// read stays one short index range per chat.
const PER_DESTINATION: u32 = 200;
/// How long a pass holds its entries: far longer than a pass takes (each call has a 10 s
/// timeout; a 429 releases its entries with `retry_later`), short enough that another
/// instance delivers soon after this one died.
const CLAIM_LEASE: Duration = Duration::from_secs(60);
/// The worker looks at the outbox at least this often, whatever wakes it.
const SAFETY_POLL: Duration = Duration::from_secs(5);
/// The shortest wait between two passes, so that a storage problem never makes a busy loop.
const MIN_GAP: Duration = Duration::from_millis(50);
/// The time the last pass gets at shutdown.
const FINAL_PASS: Duration = Duration::from_secs(3);

/// Delivers until shutdown, then makes one last pass bounded to a few seconds.
pub(crate) async fn run_worker(core: Arc<Core>, mut shutdown: watch::Receiver<bool>) {
    loop {
        let healthy = delivery_pass(&core).await;
        let wait = if healthy {
            next_wait(&core).await
        } else {
            SAFETY_POLL
        };
        tokio::select! {
            _ = stopped(&mut shutdown) => break,
            _ = core.wake.notified() => {}
            _ = tokio::time::sleep(wait) => {}
        }
    }
    if tokio::time::timeout(FINAL_PASS, delivery_pass(&core))
        .await
        .is_err()
    {
        tracing::info!("shutdown: notifications still pending stay in the outbox");
    }
}

/// Until the next entry is due, between [`MIN_GAP`] and [`SAFETY_POLL`].
async fn next_wait(core: &Core) -> Duration {
    let outbox = Arc::clone(&core.outbox);
    match blocking(move || outbox.next_due_at()).await {
        Ok(Some(at)) => (at - core.clock.now())
            .to_std()
            .unwrap_or(Duration::ZERO)
            .clamp(MIN_GAP, SAFETY_POLL),
        Ok(None) => SAFETY_POLL,
        Err(error) => {
            tracing::error!(%error, "could not read the outbox");
            SAFETY_POLL
        }
    }
}

/// Delivers what is due, every chat in parallel, each in order. `false` if storage failed.
async fn delivery_pass(core: &Arc<Core>) -> bool {
    let outbox = Arc::clone(&core.outbox);
    let now = core.clock.now();
    let claimed = blocking(move || outbox.claim_due(now, None, PER_DESTINATION, CLAIM_LEASE));
    let entries = match claimed.await {
        Ok(entries) => entries,
        Err(error) => {
            tracing::error!(%error, "could not read the outbox");
            return false;
        }
    };
    let mut by_destination: Vec<(String, Vec<OutboxEntry>)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for entry in entries {
        let slot = *index.entry(entry.destination.clone()).or_insert_with(|| {
            by_destination.push((entry.destination.clone(), Vec::new()));
            by_destination.len() - 1
        });
        by_destination[slot].1.push(entry);
    }
    let mut deliveries = JoinSet::new();
    for (destination, entries) in by_destination {
        let core = Arc::clone(core);
        deliveries.spawn(async move { deliver_to(&core, &destination, entries).await });
    }
    let mut healthy = true;
    while let Some(result) = deliveries.join_next().await {
        healthy &= result.unwrap_or(false);
    }
    // Last in the groups' budgets: the new tickets' lines in General.
    core.send_announcements().await;
    healthy
}

/// One Telegram message: consecutive notifications of the chat, packed while they fit. About
/// one ticket (sent with its buttons), or a digest about several (sent without).
struct Batch {
    ids: Vec<OutboxId>,
    about: SentAbout,
    text: String,
    attempts: u32,
}

fn batches(core: &Core, entries: &[OutboxEntry]) -> Vec<Batch> {
    let digests = core
        .renderer()
        .digests(entries.iter().map(|entry| &entry.notification));
    digests
        .into_iter()
        .map(|digest| {
            // The ranges cover the entries given; an empty slice would only mean a bug there.
            let held = entries.get(digest.notifications).unwrap_or_default();
            Batch {
                ids: held.iter().map(|entry| entry.id).collect(),
                about: digest.about,
                text: digest.text,
                attempts: held.iter().map(|entry| entry.attempts).max().unwrap_or(0),
            }
        })
        .collect()
}

/// Delivers one chat's entries in order; stops at a transient failure so that nothing
/// overtakes the entry that waits. What was sent is recorded once the chat's messages of the
/// pass are out (which ticket each message is about, which entries are delivered): the
/// records are written concurrently and share the store's group commits, instead of two
/// commits waited for between two messages. A crash in between re-sends at most this pass's
/// messages. `false` if storage failed.
async fn deliver_to(core: &Arc<Core>, destination: &str, entries: Vec<OutboxEntry>) -> bool {
    let chat = match destination.parse::<i64>() {
        Ok(chat) if core.is_operator_chat(chat) => chat,
        _ => {
            let ids: Vec<OutboxId> = entries.iter().map(|e| e.id).collect();
            let why = format!("{destination} is not an operator chat (TELEGRAM_OPERATOR_CHAT_IDS)");
            tracing::error!(destination, "notification given up: {why}");
            return give_up(core, ids, why).await;
        }
    };
    match core.is_forum(chat).await {
        Ok(true) => deliver_to_forum(core, chat, entries).await,
        Ok(false) => deliver_to_chat(core, chat, entries).await,
        Err(failure) => {
            tracing::warn!(chat_id = chat, %failure,
                "could not ask Telegram whether the group has topics: will retry");
            postpone(core, &entries, &failure).await
        }
    }
}

/// Delivers to a chat without topics: batches, digests under a burst.
async fn deliver_to_chat(core: &Arc<Core>, chat: i64, entries: Vec<OutboxEntry>) -> bool {
    let mut sent: Vec<(i64, SentAbout)> = Vec::new();
    let mut delivered: Vec<OutboxId> = Vec::new();
    let mut healthy = true;
    for batch in batches(core, &entries) {
        if batch.ids.is_empty() {
            continue;
        }
        let keyboard = match batch.about {
            SentAbout::Ticket(ticket) => Some(ticket_keyboard(ticket, core.locale)),
            SentAbout::SeveralTickets => None,
        };
        let (message_ids, failure) = core
            .send_chunks(Place::chat(chat), &batch.text, keyboard)
            .await;
        sent.extend(message_ids.into_iter().map(|id| (id, batch.about)));
        match failure {
            None => delivered.extend(batch.ids),
            Some(ApiFailure::Permanent {
                code,
                description,
                migrate_to_chat_id,
            }) => {
                tracing::error!(
                    chat_id = chat, about = ?batch.about, notifications = batch.ids.len(), code,
                    %description, ?migrate_to_chat_id,
                    "Telegram refused a notification: given up"
                );
                healthy &= give_up(core, batch.ids, format!("{code} {description}")).await;
            }
            Some(failure) => {
                let wait = wait_after(&failure, batch.attempts);
                tracing::warn!(
                    chat_id = chat, about = ?batch.about, notifications = batch.ids.len(),
                    %failure, retry_in_secs = wait.as_secs_f64(),
                    "notification not delivered: will retry"
                );
                healthy &=
                    retry_later(core, batch.ids, at_after(core, wait), failure.to_string()).await;
                break;
            }
        }
        if !healthy {
            break;
        }
    }
    let ((), marked) = tokio::join!(
        core.remember_all_sent(chat, sent),
        mark_delivered(core, delivered)
    );
    healthy && marked
}

/// Delivers to a forum: each ticket's notifications, in order, to the ticket's topic. A
/// transient failure puts off this ticket and the ones after it (the group's limit is the
/// chat's); a chat that turns out to have no topics any more gets the rest as any chat.
async fn deliver_to_forum(core: &Arc<Core>, chat: i64, entries: Vec<OutboxEntry>) -> bool {
    let mut sent: Vec<(i64, SentAbout)> = Vec::new();
    let mut delivered: Vec<OutboxId> = Vec::new();
    let mut healthy = true;
    let mut groups = most_urgent_first(core, by_ticket(entries))
        .await
        .into_iter();
    let mut left: Vec<OutboxEntry> = Vec::new();
    while let Some((ticket, group)) = groups.next() {
        let notifications: Vec<_> = group.iter().map(|e| e.notification.clone()).collect();
        let posted = core.post_in_topic(chat, ticket, &notifications).await;
        sent.extend(
            posted
                .sent
                .into_iter()
                .map(|id| (id, SentAbout::Ticket(ticket))),
        );
        match posted.failure {
            None => {
                delivered.extend(group.iter().map(|e| e.id));
                core.topic_changes.mark(ticket);
            }
            Some(TopicError::NotAForum) => {
                tracing::warn!(chat_id = chat, "the group has no topics any more");
                left = group
                    .into_iter()
                    .chain(groups.flat_map(|(_, g)| g))
                    .collect();
                break;
            }
            Some(TopicError::Api(ApiFailure::Permanent {
                code, description, ..
            })) => {
                tracing::error!(chat_id = chat, %ticket, code, %description,
                    "Telegram refused a notification in the ticket's topic: given up");
                let ids = group.iter().map(|e| e.id).collect();
                healthy &= give_up(core, ids, format!("{code} {description}")).await;
            }
            Some(TopicError::Api(failure)) => {
                tracing::warn!(chat_id = chat, %ticket, %failure,
                    "notification not delivered to the ticket's topic: will retry");
                if let ApiFailure::RateLimited { retry_after, .. } = &failure {
                    core.announcements.hold(chat, *retry_after);
                }
                let waiting: Vec<OutboxEntry> = group
                    .into_iter()
                    .chain(groups.flat_map(|(_, g)| g))
                    .collect();
                healthy &= postpone(core, &waiting, &failure).await;
                break;
            }
            Some(TopicError::Store(error)) => {
                // The claims run out and the entries come back: at least once, as always.
                tracing::error!(chat_id = chat, %ticket, %error,
                    "the ticket's topic could not be read or recorded");
                healthy = false;
                break;
            }
        }
    }
    let ((), marked) = tokio::join!(
        core.remember_all_sent(chat, sent),
        mark_delivered(core, delivered)
    );
    let rest = left.is_empty() || deliver_to_chat(core, chat, left).await;
    healthy && marked && rest
}

/// The entries grouped by ticket, each group in order, the groups in the order of their first
/// entry.
fn by_ticket(entries: Vec<OutboxEntry>) -> Vec<(TicketNumber, Vec<OutboxEntry>)> {
    let mut groups: Vec<(TicketNumber, Vec<OutboxEntry>)> = Vec::new();
    let mut index: HashMap<TicketNumber, usize> = HashMap::new();
    for entry in entries {
        let ticket = entry.notification.ticket;
        let slot = *index.entry(ticket).or_insert_with(|| {
            groups.push((ticket, Vec::new()));
            groups.len() - 1
        });
        groups[slot].1.push(entry);
    }
    groups
}

/// The tickets' groups, the most urgent tickets first (stable: otherwise in the order of
/// their first entry), so that a group's short budget goes to them first. A ticket whose
/// priority cannot be read keeps its place among the medium ones.
async fn most_urgent_first(
    core: &Core,
    groups: Vec<(TicketNumber, Vec<OutboxEntry>)>,
) -> Vec<(TicketNumber, Vec<OutboxEntry>)> {
    if groups.len() < 2 {
        return groups;
    }
    let tickets: Vec<TicketNumber> = groups.iter().map(|(ticket, _)| *ticket).collect();
    let service = Arc::clone(&core.service);
    let priorities = blocking(move || {
        tickets
            .into_iter()
            .map(|ticket| {
                let priority = service
                    .topic_state(ticket)?
                    .map_or(Priority::default(), |state| state.priority);
                Ok::<_, ticket_domain::service::OperatorError>((ticket, priority))
            })
            .collect::<Result<HashMap<_, _>, _>>()
    })
    .await
    .unwrap_or_default();
    let mut groups = groups;
    groups.sort_by_key(|(ticket, _)| {
        std::cmp::Reverse(priorities.get(ticket).copied().unwrap_or_default())
    });
    groups
}

/// How long to wait after `failure`: Telegram's `retry_after`, else the backoff of the
/// attempt.
fn wait_after(failure: &ApiFailure, attempts: u32) -> Duration {
    match failure {
        ApiFailure::RateLimited { retry_after, .. } => *retry_after,
        _ => backoff(attempts),
    }
}

/// The instant `wait` from now.
fn at_after(core: &Core, wait: Duration) -> DateTime<Utc> {
    core.clock.now() + TimeDelta::from_std(wait).unwrap_or(TimeDelta::minutes(5))
}

/// Puts `entries` off after a transient `failure`.
async fn postpone(core: &Core, entries: &[OutboxEntry], failure: &ApiFailure) -> bool {
    let attempts = entries.iter().map(|e| e.attempts).max().unwrap_or(0);
    let at = at_after(core, wait_after(failure, attempts));
    let ids = entries.iter().map(|e| e.id).collect();
    retry_later(core, ids, at, failure.to_string()).await
}

async fn mark_delivered(core: &Core, ids: Vec<OutboxId>) -> bool {
    if ids.is_empty() {
        return true;
    }
    let count = ids.len() as u64;
    let outbox = Arc::clone(&core.outbox);
    let now = core.clock.now();
    match blocking(move || outbox.mark_delivered(&ids, now)).await {
        Ok(()) => {
            Counters::add(&core.counters.notifications_sent, count);
            true
        }
        Err(error) => {
            tracing::error!(%error, "a notification was sent but could not be marked delivered");
            false
        }
    }
}

async fn give_up(core: &Core, ids: Vec<OutboxId>, why: String) -> bool {
    let count = ids.len() as u64;
    let outbox = Arc::clone(&core.outbox);
    let now = core.clock.now();
    let result = blocking(move || ids.iter().try_for_each(|id| outbox.give_up(*id, now, &why)));
    Counters::add(&core.counters.notifications_failed, count);
    match result.await {
        Ok(()) => true,
        Err(error) => {
            tracing::error!(%error, "could not record a notification as given up");
            false
        }
    }
}

async fn retry_later(core: &Core, ids: Vec<OutboxId>, at: DateTime<Utc>, why: String) -> bool {
    let outbox = Arc::clone(&core.outbox);
    let result = blocking(move || {
        ids.iter()
            .try_for_each(|id| outbox.retry_later(*id, at, &why))
    });
    match result.await {
        Ok(()) => true,
        Err(error) => {
            tracing::error!(%error, "could not schedule a notification's retry");
            false
        }
    }
}
