//! Inbound idempotency: each event an adapter receives from outside (a Telegram update, by its
//! id) is applied once, even when it is delivered twice, to two processes at once, or again
//! after the process that was handling it died.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::RepositoryError;

/// What a claim on an inbound event found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InboundClaim {
    /// Nobody handled it and nobody is handling it: the caller now holds it until its lease
    /// runs out, handles it, then calls [`InboundLog::complete`].
    Claimed,
    /// It was handled already (a duplicate delivery): skip it.
    Done,
    /// Another caller holds an unexpired claim on it (it is being handled elsewhere): skip it;
    /// if that caller dies, the claim expires and a redelivery is handled.
    Busy,
}

/// The durable log of inbound events, shared by every process.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait InboundLog: Send + Sync + 'static {
    /// Claims the event `id` at `now` for `lease`. Atomic: of concurrent callers (in any
    /// process), at most one gets [`InboundClaim::Claimed`] while the lease runs; a claim whose
    /// lease ran out without [`InboundLog::complete`] can be claimed again.
    fn claim(
        &self,
        id: i64,
        now: DateTime<Utc>,
        lease: Duration,
    ) -> Result<InboundClaim, RepositoryError>;

    /// Records that `id` was handled: every later claim finds [`InboundClaim::Done`]. MUST keep
    /// it for at least eight days (Telegram may restart its ids after a week of silence, so
    /// keeping only the highest is not enough); older ones may be forgotten. Completing twice
    /// MUST succeed.
    fn complete(&self, id: i64, at: DateTime<Utc>) -> Result<(), RepositoryError>;
}
