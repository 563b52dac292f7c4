//! Contract: inbound idempotency (`InboundLog`): each incoming update handled once, by one
//! handler at a time, again only if its handler died.

use std::time::Duration;

use ticket_domain::ports::InboundClaim;

use crate::support::*;

const DAY: i64 = 86_400;
const LEASE: Duration = Duration::from_secs(60);

/// While a handler holds its claim, nobody else gets the update.
pub fn an_update_is_claimed_by_one_handler_at_a_time<S: Store>(open: Factory<S>) {
    let f = open(&[]);

    let first = f.store.claim(500, t(1), LEASE).expect("claim");
    let second = f.store.claim(500, t(2), LEASE).expect("claim");
    let other = f.store.claim(501, t(2), LEASE).expect("claim");

    assert_eq!(
        (first, second, other),
        (
            InboundClaim::Claimed,
            InboundClaim::Busy,
            InboundClaim::Claimed
        )
    );
}

/// Once completed, the update is done for everyone, and completing twice succeeds.
pub fn a_handled_update_is_done_for_every_later_claim<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    f.store.claim(500, t(1), LEASE).expect("claim");

    f.store.complete(500, t(2)).expect("complete");
    f.store.complete(500, t(3)).expect("complete again");

    assert_eq!(
        f.store.claim(500, t(4), LEASE).expect("claim"),
        InboundClaim::Done
    );
    assert_eq!(
        f.store.claim(500, t(400), LEASE).expect("claim"),
        InboundClaim::Done
    );
}

/// A handler that died leaves a claim that expires: a redelivery is handled.
pub fn a_claim_whose_lease_ran_out_can_be_taken_again<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    f.store.claim(500, t(1), LEASE).expect("claim");

    let later = f.store.claim(500, t(62), LEASE).expect("claim");

    assert_eq!(later, InboundClaim::Claimed);
}

/// Handled ids are kept eight days, and survive a restart.
pub fn handled_update_ids_are_kept_eight_days_across_restarts<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    f.store.complete(1, t(0)).expect("complete");
    f.store.complete(2, t(DAY)).expect("complete");

    let f = f.reopen();
    f.store.complete(3, t(8 * DAY)).expect("complete");

    assert_eq!(
        f.store.claim(1, t(8 * DAY), LEASE).expect("claim"),
        InboundClaim::Done
    );
    assert_eq!(
        f.store.claim(2, t(8 * DAY), LEASE).expect("claim"),
        InboundClaim::Done
    );
}
