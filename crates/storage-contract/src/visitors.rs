//! Contract: visitors and their messages (`create_visitor`, `find_visitor`,
//! `record_visitor_message`).

use ticket_domain::command::ListFilter;
use ticket_domain::ports::{RecordedVisitorMessage, RepositoryError, TicketQuery};
use ticket_domain::ticket::{Author, Device, Priority, Status, VisitorMessageEffect};
use ticket_domain::values::{DisplayName, Email, Page};
use ticket_domain::visitor::{TokenHash, VisitorId};

use crate::support::*;

/// A created visitor is found by its token hash, anonymous; an unknown hash finds nobody.
pub fn a_created_visitor_is_found_by_its_token_hash<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    let id = visitor(&f.store, "hash-a");

    let found = f
        .store
        .find_visitor(&TokenHash("hash-a".into()))
        .expect("query");
    let unknown = f
        .store
        .find_visitor(&TokenHash("hash-b".into()))
        .expect("query");

    let found = found.expect("visitor found");
    assert_eq!((found.id, found.name, found.email), (id, None, None));
    assert_eq!(unknown, None);
}

/// A later message without page or device keeps the last known ones; one with a page
/// replaces it.
pub fn a_message_without_page_keeps_the_last_known_page<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    let visitor = visitor(&f.store, "v");
    let mut first = visitor_message(visitor, "Bonjour", t(10));
    first.page = Some(Page::new("/prix").expect("page"));
    first.device = Some(Device::Mobile);
    send(&f.store, first);

    let second = send(&f.store, visitor_message(visitor, "Toujours là", t(20)));
    let mut third = visitor_message(visitor, "Et ici", t(30));
    third.page = Some(Page::new("/contact").expect("page"));
    let third = send(&f.store, third);

    assert_eq!(
        second.ticket.last_page.as_ref().map(Page::as_str),
        Some("/prix")
    );
    assert_eq!(second.ticket.last_device, Some(Device::Mobile));
    assert_eq!(
        third.ticket.last_page.as_ref().map(Page::as_str),
        Some("/contact")
    );
}

/// The first message creates ticket T1001: open, medium, the message as subject.
pub fn the_first_message_creates_an_open_medium_ticket<S: Store>(open: Factory<S>) {
    let f = open(&["chat"]);
    let visitor = visitor(&f.store, "v");
    let mut message = visitor_message(visitor, "Bonjour, une question", t(10));
    message.page = Some(Page::new("/prix").expect("page"));
    message.device = Some(Device::Mobile);

    let stored = send(&f.store, message);

    let ticket = &stored.ticket;
    assert_eq!(ticket.number, number(1001));
    assert_eq!(ticket.visitor.id, visitor);
    assert_eq!(ticket.subject, "Bonjour, une question");
    assert_eq!(
        (ticket.status, ticket.priority),
        (Status::Open, Priority::Medium)
    );
    assert_eq!((ticket.created_at, ticket.last_activity_at), (t(10), t(10)));
    assert_eq!(ticket.closed_at, None);
    assert_eq!(ticket.last_page.as_ref().map(Page::as_str), Some("/prix"));
    assert_eq!(ticket.last_device, Some(Device::Mobile));
    assert_eq!(stored.previous_status, None);
    assert_eq!(stored.message.author, Author::Visitor);
    assert_eq!(stored.message.text, "Bonjour, une question");
    assert_eq!(stored.message.sent_at, t(10));
    assert_eq!(
        stored.message.page.as_ref().map(Page::as_str),
        Some("/prix")
    );
    assert_eq!(stored.notification.effect, VisitorMessageEffect::Created);
    assert_eq!(stored.notification.ticket, ticket.number);
    assert_eq!(stored.notification.text, "Bonjour, une question");
    assert_eq!(stored.notification.sent_at, t(10));
    assert_eq!(stored.notification.device, Some(Device::Mobile));
    assert_eq!(
        f.store.ticket(ticket.number).expect("query").as_ref(),
        Some(ticket)
    );
}

/// Tickets are numbered T1001, T1002, … in order; a second message adds no ticket.
pub fn tickets_are_numbered_from_t1001_strictly_increasing<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    let a = visitor(&f.store, "a");
    let b = visitor(&f.store, "b");
    let c = visitor(&f.store, "c");

    let numbers: Vec<u32> = [(a, 1), (b, 2), (a, 3), (c, 4)]
        .into_iter()
        .map(|(v, s)| {
            send(&f.store, visitor_message(v, "hello", t(s)))
                .ticket
                .number
                .value()
        })
        .collect();

    assert_eq!(numbers, [1001, 1002, 1001, 1003]);
}

/// The same client id twice stores one message, one outbox entry, and changes nothing.
pub fn a_repeated_client_id_is_a_duplicate_that_writes_nothing<S: Store>(open: Factory<S>) {
    let f = open(&["chat"]);
    let visitor = visitor(&f.store, "v");
    let mut first = visitor_message(visitor, "Bonjour", t(1));
    first.client_id = Some(client_id("uuid-1"));
    let stored = send(&f.store, first.clone());
    let mut retry = first;
    retry.at = t(50);
    retry.name = Some(DisplayName::new("Jean").expect("name"));

    let recorded = f.store.record_visitor_message(retry).expect("recorded");

    let RecordedVisitorMessage::Duplicate { ticket, message } = recorded else {
        panic!("expected a duplicate, got {recorded:?}");
    };
    assert_eq!(message, stored.message);
    assert_eq!(ticket, stored.ticket);
    let history = f
        .store
        .ticket_history(ticket.number, 10)
        .expect("query")
        .expect("ticket");
    assert_eq!(history.total_messages, 1);
    assert_eq!(f.store.backlog().expect("backlog").pending, 1);
    assert_eq!(history.ticket.visitor.name, None);
}

/// Client ids are per ticket: another visitor may use the same one.
pub fn a_client_id_is_only_a_duplicate_within_one_ticket<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    let mut messages = ["a", "b"].map(|token| {
        let mut m = visitor_message(visitor(&f.store, token), "hi", t(1));
        m.client_id = Some(client_id("same"));
        m
    });

    let first = send(&f.store, messages[0].clone());
    messages[1].at = t(2);
    let second = send(&f.store, messages[1].clone());

    assert_ne!(first.ticket.number, second.ticket.number);
}

/// A message on a closed ticket reopens it and says so; on a pending one, it appends.
pub fn a_message_reopens_a_closed_ticket<S: Store>(open: Factory<S>) {
    let f = open(&["chat"]);
    let visitor = visitor(&f.store, "v");
    let n = send(&f.store, visitor_message(visitor, "first", t(1)))
        .ticket
        .number;
    f.store
        .change_status(status_change(n, Status::Closed, t(2)))
        .expect("closed");

    let reopened = send(&f.store, visitor_message(visitor, "again", t(3)));
    f.store
        .record_operator_message(operator_message(n, "yes?", t(4)))
        .expect("reply");
    let appended = send(&f.store, visitor_message(visitor, "more", t(5)));

    assert_eq!(reopened.previous_status, Some(Status::Closed));
    assert_eq!(reopened.notification.effect, VisitorMessageEffect::Reopened);
    assert_eq!(
        (reopened.ticket.status, reopened.ticket.closed_at),
        (Status::Open, None)
    );
    assert_eq!(reopened.ticket.last_activity_at, t(3));
    assert_eq!(reopened.ticket.created_at, t(1));
    assert_eq!(appended.previous_status, Some(Status::Pending));
    assert_eq!(appended.notification.effect, VisitorMessageEffect::Appended);
    assert_eq!(appended.ticket.status, Status::Open);
}

/// A given name or address replaces the previous one; an absent one keeps it; the
/// notification carries the values after the update.
pub fn name_and_email_are_recorded_when_given<S: Store>(open: Factory<S>) {
    let f = open(&["chat"]);
    let visitor = visitor(&f.store, "v");
    let mut first = visitor_message(visitor, "one", t(1));
    first.name = Some(DisplayName::new("Jean").expect("name"));
    first.email = Some(Email::new("jean@example.com").expect("email"));
    send(&f.store, first);
    let mut second = visitor_message(visitor, "two", t(2));
    second.name = Some(DisplayName::new("Jean Dupont").expect("name"));

    let stored = send(&f.store, second);

    let name = stored
        .notification
        .visitor_name
        .as_ref()
        .map(DisplayName::as_str);
    let email = stored
        .notification
        .visitor_email
        .as_ref()
        .map(Email::as_str);
    assert_eq!(
        (name, email),
        (Some("Jean Dupont"), Some("jean@example.com"))
    );
    assert_eq!(stored.ticket.visitor.name, stored.notification.visitor_name);
    let profile = f
        .store
        .find_visitor(&TokenHash("v".into()))
        .expect("query")
        .expect("visitor");
    assert_eq!(
        profile.name.as_ref().map(DisplayName::as_str),
        Some("Jean Dupont")
    );
}

/// The ticket's page and device are those of the latest visitor message.
pub fn page_and_device_follow_the_latest_message<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    let visitor = visitor(&f.store, "v");
    let mut first = visitor_message(visitor, "one", t(1));
    first.page = Some(Page::new("/a").expect("page"));
    first.device = Some(Device::Desktop);
    send(&f.store, first);
    let mut second = visitor_message(visitor, "two", t(2));
    second.page = Some(Page::new("/b").expect("page"));
    second.device = Some(Device::Tablet);

    let ticket = send(&f.store, second).ticket;

    assert_eq!(ticket.last_page.as_ref().map(Page::as_str), Some("/b"));
    assert_eq!(ticket.last_device, Some(Device::Tablet));
}

/// A message from an unknown visitor is refused and writes nothing.
pub fn a_message_from_an_unknown_visitor_is_refused<S: Store>(open: Factory<S>) {
    let f = open(&["chat"]);

    let result = f
        .store
        .record_visitor_message(visitor_message(VisitorId(42), "hi", t(1)));

    assert!(
        matches!(result, Err(RepositoryError::VisitorNotFound(VisitorId(42)))),
        "{result:?}"
    );
    let all = TicketQuery {
        filter: ListFilter::All,
        offset: 0,
        limit: 10,
    };
    assert_eq!(f.store.list_tickets(all).expect("list").total_matching, 0);
    assert_eq!(f.store.backlog().expect("backlog").pending, 0);
}

/// Purging deletes the visitors of the window who never wrote, and nobody else.
pub fn only_visitors_without_a_ticket_created_in_the_window_are_purged<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    let writer = visitor_at(&f.store, "writer", t(10));
    send(&f.store, visitor_message(writer, "hello", t(11)));
    let silent = visitor_at(&f.store, "silent", t(20));
    let before_window = visitor_at(&f.store, "early", t(5));
    let at_end = visitor_at(&f.store, "late", t(30));

    let deleted = f
        .store
        .delete_unused_visitors(t(10), t(30))
        .expect("purged");

    assert_eq!(deleted, 1);
    let found = |token: &str| {
        f.store
            .find_visitor(&TokenHash(token.into()))
            .expect("query")
            .map(|profile| profile.id)
    };
    assert_eq!(found("silent"), None, "{silent:?} had no ticket");
    assert_eq!(found("writer"), Some(writer));
    assert_eq!(found("early"), Some(before_window));
    assert_eq!(found("late"), Some(at_end));
    let result = f
        .store
        .record_visitor_message(visitor_message(silent, "too late", t(40)));
    assert!(
        matches!(result, Err(RepositoryError::VisitorNotFound(_))),
        "{result:?}"
    );
}
