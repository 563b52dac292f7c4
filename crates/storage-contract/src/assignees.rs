//! Contract: the member of the team a ticket is assigned to. It is written by
//! `update_ticket` (and `insert_ticket`) and read back, whole (id and name), by every read of
//! the ticket: inside a unit of work, `ticket`, `ticket_history` and the list.

use ticket_domain::command::ListFilter;
use ticket_domain::ports::{transact, TicketQuery, Transaction};
use ticket_domain::ticket::{Priority, Status, Ticket, TicketNumber};
use ticket_domain::values::Operator;
use ticket_domain::visitor::VisitorId;

use crate::support::*;

/// What every read of ticket `n` of visitor `v` says of its assignee: inside a unit of work
/// (by number and by visitor), `ticket`, `ticket_history`, and the list (every ticket, and
/// the tickets not closed).
fn assignee_as_read(
    store: &UnderTest<impl Store>,
    n: TicketNumber,
    v: VisitorId,
) -> [Option<Operator>; 6] {
    let (by_number, by_visitor) = transact(&**store, move |tx: &mut dyn Transaction| {
        Ok((tx.ticket(n)?, tx.ticket_of_visitor(v)?))
    })
    .expect("transaction reads");
    let listed = |filter| {
        store
            .list_tickets(TicketQuery {
                filter,
                offset: 0,
                limit: 100,
            })
            .expect("list")
            .tickets
            .into_iter()
            .find(|ticket| ticket.number == n)
            .expect("listed")
    };
    [
        by_number.expect("ticket").assignee,
        by_visitor.expect("ticket of the visitor").assignee,
        store.ticket(n).expect("query").expect("ticket").assignee,
        store
            .ticket_history(n, 10)
            .expect("query")
            .expect("history")
            .ticket
            .assignee,
        listed(ListFilter::All).assignee,
        listed(ListFilter::Active).assignee,
    ]
}

/// A new ticket is assigned to nobody.
pub fn a_new_ticket_is_assigned_to_nobody<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    let v = visitor(&f.store, "v");

    let created = send(&f.store, visitor_message(v, "help", t(1))).ticket;

    assert_eq!(created.assignee, None);
    assert_eq!(
        assignee_as_read(&f.store, created.number, v),
        [None, None, None, None, None, None]
    );
}

/// An assignee written by `update_ticket` is read back whole by every read of the ticket, and
/// the rest of the ticket is as written; the visitor's conversation still reads the ticket.
pub fn an_assignee_is_read_back_by_every_read_of_the_ticket<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    let v = visitor(&f.store, "v");
    let n = send(&f.store, visitor_message(v, "help", t(1)))
        .ticket
        .number;
    let marie = team_member(501, "Marie");

    let written = f.store.assign(n, Some(marie.clone())).expect("assigned");

    assert_eq!(written.assignee, Some(marie.clone()));
    let m = Some(marie);
    assert_eq!(
        assignee_as_read(&f.store, n, v),
        [m.clone(), m.clone(), m.clone(), m.clone(), m.clone(), m]
    );
    assert_eq!(f.store.ticket(n).expect("query"), Some(written));
    let conversation = f
        .store
        .visitor_conversation(v, None, 10)
        .expect("query")
        .expect("conversation");
    assert_eq!(
        (conversation.ticket, conversation.status),
        (n, Status::Open)
    );
}

/// An assignee cleared (`None`) is gone from every read; another member's replaces the first
/// whole.
pub fn a_cleared_or_replaced_assignee_is_read_back_as_written<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    let v = visitor(&f.store, "v");
    let n = send(&f.store, visitor_message(v, "help", t(1)))
        .ticket
        .number;
    f.store
        .assign(n, Some(team_member(501, "Marie")))
        .expect("assigned");

    f.store.assign(n, None).expect("unassigned");

    assert_eq!(
        assignee_as_read(&f.store, n, v),
        [None, None, None, None, None, None]
    );
    let conversation = f
        .store
        .visitor_conversation(v, None, 10)
        .expect("query")
        .expect("conversation");
    assert_eq!((conversation.ticket, conversation.messages.len()), (n, 1));

    let ali = Some(team_member(502, "Ali"));
    f.store
        .assign(n, Some(team_member(501, "Marie")))
        .expect("assigned");
    f.store.assign(n, ali.clone()).expect("reassigned");
    assert_eq!(
        assignee_as_read(&f.store, n, v),
        [
            ali.clone(),
            ali.clone(),
            ali.clone(),
            ali.clone(),
            ali.clone(),
            ali
        ]
    );
}

/// The use cases that change a ticket (messages, statuses, priorities) keep its assignee, and
/// its assignee survives a restart.
pub fn the_use_cases_that_change_a_ticket_keep_its_assignee<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    let v = visitor(&f.store, "v");
    let n = send(&f.store, visitor_message(v, "help", t(1)))
        .ticket
        .number;
    let marie = Some(team_member(501, "Marie"));
    f.store.assign(n, marie.clone()).expect("assigned");

    f.store
        .record_operator_message(operator_message(n, "on it", t(2)))
        .expect("reply");
    f.store
        .set_priority(n, Priority::High, t(3))
        .expect("priority");
    f.store
        .change_status(status_change(n, Status::Closed, t(4)))
        .expect("closed");
    let reopened = send(&f.store, visitor_message(v, "again", t(5))).ticket;

    assert_eq!(reopened.assignee, marie);
    let f = f.reopen();
    let ticket = f.store.ticket(n).expect("query").expect("ticket");
    assert_eq!(
        (ticket.status, ticket.priority, ticket.assignee),
        (Status::Open, Priority::High, marie)
    );
}

/// `insert_ticket` writes the assignee it is given.
pub fn an_inserted_ticket_keeps_the_assignee_it_is_given<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    let first = open_ticket(&f.store, "a", "one", t(1));
    let v = visitor(&f.store, "b");
    let ali = team_member(502, "Ali");

    let inserted = transact(&*f.store, {
        let ali = ali.clone();
        move |tx: &mut dyn Transaction| {
            let mut ticket: Ticket = first.clone();
            ticket.number = tx.next_ticket_number()?;
            ticket.visitor.id = v;
            ticket.assignee = Some(ali.clone());
            tx.insert_ticket(&ticket)?;
            Ok(ticket.number)
        }
    })
    .expect("inserted");

    let m = Some(ali);
    assert_eq!(
        assignee_as_read(&f.store, inserted, v),
        [m.clone(), m.clone(), m.clone(), m.clone(), m.clone(), m]
    );
}
