//! Which failed transactions are run again, and after how long. Writes run at `READ
//! COMMITTED` with row locks (see [`crate::transaction`]); what still makes a transaction
//! fail because of another one is retried, bounded, after a short random pause:
//!
//! - a serialisation failure (`40001`) or a deadlock (`40P01`) between two instances;
//! - a unique violation (`23505`): two transactions inserted the same key at once (the
//!   first message of one visitor on two instances, a client id sent twice); run again, the
//!   work sees the other's row and takes its path for an existing row;
//! - a foreign-key violation (`23503`): a row was deleted while another transaction made a
//!   row refer to it (a visitor purged as their first message arrives).

use std::time::Duration;

use diesel::result::{DatabaseErrorKind, Error as DieselError};
use rand::Rng;
use ticket_domain::ports::RepositoryError;

/// How many times a transaction runs at most.
pub(crate) const MAX_ATTEMPTS: u32 = 8;

/// Whether `error` is a conflict with a concurrent transaction, which running again resolves.
pub(crate) fn is_transient(error: &RepositoryError) -> bool {
    let RepositoryError::Storage(source) = error else {
        return false;
    };
    let Some(DieselError::DatabaseError(kind, info)) = source.downcast_ref::<DieselError>() else {
        return false;
    };
    matches!(
        kind,
        DatabaseErrorKind::SerializationFailure
            | DatabaseErrorKind::UniqueViolation
            | DatabaseErrorKind::ForeignKeyViolation
    ) || info.message().contains("deadlock detected")
}

/// Whether `error` says the connection is gone (the server restarted, or the network between
/// them dropped): the connection is marked dead (the pool replaces it) and the work is run
/// again on another one.
pub(crate) fn is_disconnection(error: &RepositoryError) -> bool {
    let RepositoryError::Storage(source) = error else {
        return false;
    };
    matches!(
        source.downcast_ref::<DieselError>(),
        Some(
            DieselError::DatabaseError(DatabaseErrorKind::ClosedConnection, _)
                | DieselError::BrokenTransactionManager
        )
    )
}

/// The pause before attempt `attempt + 1`: random, up to 1 ms, 2 ms, 4 ms … 32 ms, so that
/// transactions that collided do not collide again.
pub(crate) fn pause(attempt: u32) -> Duration {
    let ceiling = 1_000_u64 << attempt.saturating_sub(1).min(5);
    Duration::from_micros(rand::rng().random_range(ceiling / 2..=ceiling))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_conflicts_are_transient() {
        assert!(!is_transient(&RepositoryError::VisitorNotFound(
            ticket_domain::visitor::VisitorId(1)
        )));
        let not_found = RepositoryError::Storage(Box::new(DieselError::NotFound));
        assert!(!is_transient(&not_found));
    }

    #[test]
    fn pauses_grow_and_stay_short() {
        assert!(pause(1) <= Duration::from_millis(1));
        assert!(pause(30) <= Duration::from_millis(32));
        assert!(pause(30) >= Duration::from_millis(16));
    }
}
