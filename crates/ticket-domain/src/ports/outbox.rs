//! The notification outbox port: durable, ordered delivery of operator notifications.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::RepositoryError;
use crate::notification::OperatorNotification;

/// An outbox entry's identifier, increasing in the order entries were written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OutboxId(pub i64);

/// One notification waiting to be delivered to one destination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEntry {
    /// The entry.
    pub id: OutboxId,
    /// Where it goes: one of the destinations storage was configured with (for Telegram, an
    /// operator chat id in decimal).
    pub destination: String,
    /// What to deliver.
    pub notification: OperatorNotification,
    /// How many delivery attempts failed so far.
    pub attempts: u32,
}

/// How many entries wait, and how many were given up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OutboxBacklog {
    /// Entries not yet delivered (due now or later).
    pub pending: u64,
    /// Entries given up after a permanent error.
    pub failed: u64,
}

/// The outbox that the visitor use case writes to in the same transaction as the message, and
/// that delivery workers drain. Several workers (in several processes) may drain it at once:
/// an entry is claimed for a lease before it is delivered, and a worker that dies loses its
/// claims when their lease runs out (delivery is at least once).
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait NotificationOutbox: Send + Sync + 'static {
    /// Claims the entries to deliver now, until `now + lease`: of `destination` only, or of
    /// every destination when `None`. For every destination whose
    /// oldest pending entry is due (`next attempt <= now`) and not claimed by an unexpired
    /// lease, its oldest pending entries, at most `per_destination` of them, oldest first. A
    /// destination whose oldest entry is not due, or is claimed, yields nothing, so that per
    /// destination the order of delivery is the order of writing. Atomic: an entry is claimed
    /// by one caller at a time. [`Self::mark_delivered`], [`Self::retry_later`] and
    /// [`Self::give_up`] release the claim.
    #[allow(
        clippy::needless_lifetimes,
        reason = "mockall's automock needs the lifetime of a reference in an Option named"
    )]
    fn claim_due<'a>(
        &self,
        now: DateTime<Utc>,
        destination: Option<&'a str>,
        per_destination: u32,
        lease: Duration,
    ) -> Result<Vec<OutboxEntry>, RepositoryError>;

    /// When the next delivery can happen: the earliest time among each destination's oldest
    /// pending entry at which it is due and unclaimed (entries queued behind it wait for it
    /// anyway). `None` when nothing is pending.
    fn next_due_at(&self) -> Result<Option<DateTime<Utc>>, RepositoryError>;

    /// Marks entries delivered: they are never returned again.
    fn mark_delivered(&self, ids: &[OutboxId], at: DateTime<Utc>) -> Result<(), RepositoryError>;

    /// Records a failed attempt and when to try again.
    fn retry_later(
        &self,
        id: OutboxId,
        next_attempt_at: DateTime<Utc>,
        error: &str,
    ) -> Result<(), RepositoryError>;

    /// Gives an entry up after a permanent error: it is kept, with the error, but never
    /// returned again, and the entries behind it go on.
    fn give_up(&self, id: OutboxId, at: DateTime<Utc>, error: &str) -> Result<(), RepositoryError>;

    /// How many entries are pending and how many were given up.
    fn backlog(&self) -> Result<OutboxBacklog, RepositoryError>;

    /// Releases every claim of a pending entry, and returns how many were held: for a worker
    /// that knows it is the only one left (the only worker, starting; a new leader taking
    /// over from one that died), so that what the others claimed is delivered now rather than
    /// when their leases run out. An entry a dead worker had sent but not yet marked is sent
    /// again: delivery stays at least once.
    fn release_claims(&self) -> Result<u64, RepositoryError>;
}
