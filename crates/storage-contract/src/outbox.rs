//! Contract: the notification outbox.

use std::time::Duration;

use ticket_domain::ports::{OutboxBacklog, OutboxEntry};
use ticket_domain::visitor::VisitorId;

use crate::support::*;

/// A lease that runs out at once: the claim is a look, the entries stay available.
const PEEK: Duration = Duration::ZERO;

/// The entries due at `now`, looked at (claimed for no time).
fn due_at(
    store: &UnderTest<impl Store>,
    now: chrono::DateTime<chrono::Utc>,
    per_destination: u32,
) -> Vec<OutboxEntry> {
    store
        .claim_due(now, None, per_destination, PEEK)
        .expect("due")
}

/// Writes `count` visitor messages of one visitor at t(1), t(2), …
fn messages(store: &UnderTest<impl Store>, count: i64) -> VisitorId {
    let visitor = visitor(store, "v");
    for i in 1..=count {
        send(store, visitor_message(visitor, &format!("m{i}"), t(i)));
    }
    visitor
}

fn summary(entries: &[OutboxEntry]) -> Vec<(String, String)> {
    entries
        .iter()
        .map(|e| (e.destination.clone(), e.notification.text.clone()))
        .collect()
}

fn pair(destination: &str, text: &str) -> (String, String) {
    (destination.to_owned(), text.to_owned())
}

/// Each visitor message is written once for every destination, with its notification.
pub fn a_message_fans_out_to_every_destination<S: Store>(open: Factory<S>) {
    let f = open(&["a", "b"]);
    let stored = send(
        &f.store,
        visitor_message(visitor(&f.store, "v"), "hello", t(1)),
    );

    let due = due_at(&f.store, t(1), 10);

    assert_eq!(summary(&due), [pair("a", "hello"), pair("b", "hello")]);
    assert!(due
        .iter()
        .all(|e| e.notification == stored.notification && e.attempts == 0));
    assert_eq!(
        f.store.backlog().expect("backlog"),
        OutboxBacklog {
            pending: 2,
            failed: 0
        }
    );
}

/// Without destinations, nothing is written to the outbox.
pub fn without_destinations_nothing_is_queued<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    messages(&f.store, 2);

    assert_eq!(due_at(&f.store, t(100), 10), []);
    assert_eq!(
        f.store.backlog().expect("backlog"),
        OutboxBacklog::default()
    );
    assert_eq!(f.store.next_due_at().expect("next"), None);
}

/// Entries come oldest first, at most `per_destination` per destination, once due.
pub fn due_entries_come_oldest_first_per_destination<S: Store>(open: Factory<S>) {
    let f = open(&["a"]);
    messages(&f.store, 3);

    let next = f.store.next_due_at().expect("next");
    let early = due_at(&f.store, t(0), 10);
    let two = due_at(&f.store, t(5), 2);

    assert_eq!(next, Some(t(1)));
    assert_eq!(early, []);
    assert_eq!(summary(&two), [pair("a", "m1"), pair("a", "m2")]);
    assert!(two[0].id < two[1].id);
}

/// A destination whose oldest entry waits yields nothing, not even entries behind it that
/// are due; another destination goes on.
pub fn a_waiting_entry_holds_back_its_destination_only<S: Store>(open: Factory<S>) {
    let f = open(&["a", "b"]);
    messages(&f.store, 2);
    let head_of_a = due_at(&f.store, t(5), 1)[0].id;
    f.store
        .retry_later(head_of_a, t(100), "timeout")
        .expect("retry");

    let due = due_at(&f.store, t(5), 10);
    let later = due_at(&f.store, t(100), 10);

    assert_eq!(summary(&due), [pair("b", "m1"), pair("b", "m2")]);
    assert_eq!(
        summary(&later),
        [
            pair("a", "m1"),
            pair("a", "m2"),
            pair("b", "m1"),
            pair("b", "m2")
        ]
    );
    assert_eq!(later[0].attempts, 1);
}

/// `next_due_at` is when the earliest oldest-entry-of-a-destination becomes due.
pub fn the_next_due_time_is_that_of_the_first_waiting_head<S: Store>(open: Factory<S>) {
    let f = open(&["a"]);
    messages(&f.store, 2);
    let head = due_at(&f.store, t(5), 1)[0].id;

    f.store.retry_later(head, t(100), "timeout").expect("retry");

    assert_eq!(f.store.next_due_at().expect("next"), Some(t(100)));
}

/// Delivered entries are never returned again and leave the backlog.
pub fn delivered_entries_are_not_returned_again<S: Store>(open: Factory<S>) {
    let f = open(&["a"]);
    messages(&f.store, 3);
    let due = due_at(&f.store, t(5), 2);

    f.store
        .mark_delivered(&[due[0].id, due[1].id], t(6))
        .expect("delivered");
    f.store
        .mark_delivered(&[], t(6))
        .expect("nothing delivered");

    assert_eq!(summary(&due_at(&f.store, t(6), 10)), [pair("a", "m3")]);
    assert_eq!(
        f.store.backlog().expect("backlog"),
        OutboxBacklog {
            pending: 1,
            failed: 0
        }
    );
}

/// A given-up entry is kept out of the queue and counted as failed; the next one goes on.
pub fn a_given_up_entry_lets_the_next_one_go<S: Store>(open: Factory<S>) {
    let f = open(&["a"]);
    messages(&f.store, 2);
    let head = due_at(&f.store, t(5), 1)[0].id;

    f.store
        .give_up(head, t(6), "chat not found")
        .expect("given up");

    assert_eq!(summary(&due_at(&f.store, t(6), 10)), [pair("a", "m2")]);
    assert_eq!(
        f.store.backlog().expect("backlog"),
        OutboxBacklog {
            pending: 1,
            failed: 1
        }
    );
}

/// A failed attempt is counted and delays the entry.
pub fn a_retry_counts_the_attempt_and_delays_the_entry<S: Store>(open: Factory<S>) {
    let f = open(&["a"]);
    messages(&f.store, 1);
    let head = due_at(&f.store, t(5), 1)[0].id;

    f.store.retry_later(head, t(10), "502").expect("retry");
    f.store.retry_later(head, t(20), "502").expect("retry");

    assert_eq!(due_at(&f.store, t(19), 10), []);
    let due = due_at(&f.store, t(20), 10);
    assert_eq!((due[0].id, due[0].attempts), (head, 2));
    assert_eq!(f.store.backlog().expect("backlog").pending, 1);
}

/// A claimed entry is handed to nobody else until its lease runs out or it is released; the
/// next due time waits for the lease.
pub fn a_claimed_entry_is_not_handed_out_again_until_its_lease_runs_out<S: Store>(
    open: Factory<S>,
) {
    let f = open(&["a", "b"]);
    messages(&f.store, 1);
    let lease = Duration::from_secs(30);

    let first = f.store.claim_due(t(5), None, 10, lease).expect("claim");
    let meanwhile = f.store.claim_due(t(6), None, 10, lease).expect("claim");
    let next = f.store.next_due_at().expect("next");
    let after_the_lease = f.store.claim_due(t(36), None, 10, lease).expect("claim");

    assert_eq!(summary(&first), [pair("a", "m1"), pair("b", "m1")]);
    assert_eq!(meanwhile, []);
    assert_eq!(next, Some(t(35)));
    assert_eq!(
        summary(&after_the_lease),
        summary(&first),
        "a dead worker's claims expire"
    );
}

/// Releasing every claim (the workers that held them are gone) makes the entries claimable
/// at once, in their order, and says how many were held.
pub fn released_claims_are_handed_out_at_once<S: Store>(open: Factory<S>) {
    let f = open(&["a", "b"]);
    messages(&f.store, 2);
    let lease = Duration::from_secs(60);
    let first = f.store.claim_due(t(5), None, 10, lease).expect("claim");

    let released = f.store.release_claims().expect("release");
    let again = f.store.claim_due(t(6), None, 10, lease).expect("claim");
    let none_left = f.store.release_claims().expect("release");

    assert_eq!(first.len(), 4);
    assert_eq!(released, 4);
    assert_eq!(summary(&again), summary(&first));
    assert_eq!(none_left, 4, "the new claims are released too");
    f.store
        .mark_delivered(&again.iter().map(|e| e.id).collect::<Vec<_>>(), t(7))
        .expect("delivered");
    assert_eq!(
        f.store.release_claims().expect("release"),
        0,
        "delivered ones are not claims"
    );
}

/// Delivering or retrying an entry releases its claim: what is left is claimable at once.
pub fn settling_an_entry_releases_its_claim<S: Store>(open: Factory<S>) {
    let f = open(&["a"]);
    messages(&f.store, 2);
    let lease = Duration::from_secs(30);
    let claimed = f.store.claim_due(t(5), None, 1, lease).expect("claim");

    f.store
        .mark_delivered(&[claimed[0].id], t(6))
        .expect("delivered");
    let second = f.store.claim_due(t(6), None, 1, lease).expect("claim");
    f.store
        .retry_later(second[0].id, t(7), "502")
        .expect("retry");
    let again = f.store.claim_due(t(7), None, 1, lease).expect("claim");

    assert_eq!(summary(&second), [pair("a", "m2")]);
    assert_eq!(summary(&again), [pair("a", "m2")]);
}

/// A worker that serves one destination claims that destination's entries only.
pub fn a_claim_for_one_destination_leaves_the_others<S: Store>(open: Factory<S>) {
    let f = open(&["a", "b"]);
    messages(&f.store, 1);

    let claimed = f
        .store
        .claim_due(t(5), Some("b"), 10, Duration::from_secs(30))
        .expect("claim");

    assert_eq!(summary(&claimed), [pair("b", "m1")]);
    assert_eq!(summary(&due_at(&f.store, t(5), 10)), [pair("a", "m1")]);
}
