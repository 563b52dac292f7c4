//! Contract: the unit of work itself. A work that fails leaves nothing behind; the row
//! operations keep what the use cases rely on.

use ticket_domain::ports::{transact, RepositoryError, Transaction};
use ticket_domain::visitor::TokenHash;

use crate::support::*;

/// A work that writes and then fails is undone whole, and its error is returned.
pub fn a_failing_unit_of_work_writes_nothing<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    let open_ticket_before = open_ticket(&f.store, "v", "help", t(1));

    let result = transact(
        &*f.store,
        move |tx: &mut dyn Transaction| -> Result<(), _> {
            tx.insert_visitor(&TokenHash("ghost".into()), t(2))?;
            let mut ticket = tx.ticket(open_ticket_before.number)?.expect("ticket");
            ticket.subject = "changed".into();
            ticket.last_activity_at = t(3);
            tx.update_ticket(&ticket)?;
            Err(RepositoryError::Storage("the use case gave up".into()))
        },
    );

    assert!(
        matches!(result, Err(RepositoryError::Storage(_))),
        "{result:?}"
    );
    assert!(f
        .store
        .find_visitor(&TokenHash("ghost".into()))
        .expect("query")
        .is_none());
    let ticket = f
        .store
        .ticket(number(1001))
        .expect("query")
        .expect("ticket");
    assert_eq!(ticket.last_activity_at, t(1));
}

/// A number is greater than every stored ticket's, including one inserted earlier in the same
/// transaction: two tickets never share a number.
pub fn a_new_number_is_above_every_stored_ticket<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    let first = open_ticket(&f.store, "a", "one", t(1));
    let v = visitor(&f.store, "b");

    let (inserted, next) = transact(&*f.store, move |tx: &mut dyn Transaction| {
        let mut ticket = first.clone();
        ticket.number = tx.next_ticket_number()?;
        ticket.visitor.id = v;
        tx.insert_ticket(&ticket)?;
        Ok((ticket.number, tx.next_ticket_number()?))
    })
    .expect("numbers");

    assert_eq!(inserted, number(1002));
    assert_eq!(next, number(1003));
}

/// Updating a ticket that does not exist is refused.
pub fn updating_an_unknown_ticket_is_refused<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    let mut ghost = open_ticket(&f.store, "v", "help", t(1));
    ghost.number = number(4242);

    let result = transact(&*f.store, move |tx: &mut dyn Transaction| {
        tx.update_ticket(&ghost)
    });

    assert!(
        matches!(result, Err(RepositoryError::TicketNotFound(n)) if n == number(4242)),
        "{result:?}"
    );
}
