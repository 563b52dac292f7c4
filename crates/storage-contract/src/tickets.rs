//! Contract: operator replies, changes of status and priority, reading a ticket.

use ticket_domain::ports::{RecordedOperatorMessage, RecordedVisitorMessage, RepositoryError};
use ticket_domain::ticket::{Author, Priority, Status};

use crate::support::*;

/// A reply makes the ticket pending, clears `closed_at`, and is stored as the operator's.
pub fn a_reply_makes_the_ticket_pending<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    let n = open_ticket(&f.store, "v", "help", t(1)).number;
    f.store
        .change_status(status_change(n, Status::Closed, t(2)))
        .expect("closed");

    let recorded = f
        .store
        .record_operator_message(operator_message(n, "Here you go", t(3)))
        .expect("reply");

    let RecordedOperatorMessage::Stored {
        ticket,
        message,
        previous_status,
    } = recorded
    else {
        panic!("expected a stored reply, got {recorded:?}");
    };
    assert_eq!(previous_status, Status::Closed);
    assert_eq!((ticket.status, ticket.closed_at), (Status::Pending, None));
    assert_eq!(ticket.last_activity_at, t(3));
    assert_eq!(
        (message.author, message.text.as_str()),
        (Author::Operator, "Here you go")
    );
    assert_eq!((message.sent_at, message.page), (t(3), None));
}

/// The member of the team who wrote a reply is stored with it and read back by the team's
/// history and by the visitor's conversation (what the visitor is shown of it is the API's
/// decision); a reply from the console has none.
pub fn a_reply_keeps_the_member_of_the_team_who_wrote_it<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    let v = visitor(&f.store, "v");
    let n = send(&f.store, visitor_message(v, "help", t(1)))
        .ticket
        .number;
    let marie = team_member(501, "Marie");
    let mut reply = operator_message(n, "from Telegram", t(2));
    reply.by = Some(marie.clone());

    let recorded = f.store.record_operator_message(reply).expect("reply");
    f.store
        .record_operator_message(operator_message(n, "from the console", t(3)))
        .expect("reply");

    let RecordedOperatorMessage::Stored { message, .. } = recorded else {
        panic!("expected a stored reply, got {recorded:?}");
    };
    assert_eq!(message.operator, Some(marie.clone()));
    let operators = |messages: &[ticket_domain::ticket::Message]| {
        messages
            .iter()
            .map(|m| m.operator.clone())
            .collect::<Vec<_>>()
    };
    let expected = [None, Some(marie), None];
    let history = f
        .store
        .ticket_history(n, 10)
        .expect("query")
        .expect("ticket");
    assert_eq!(operators(&history.messages), expected);
    let conversation = f
        .store
        .visitor_conversation(v, None, 10)
        .expect("query")
        .expect("ticket");
    assert_eq!(operators(&conversation.messages), expected);
}

/// A reply with a client id already used on the ticket writes nothing.
pub fn a_repeated_reply_is_a_duplicate_that_writes_nothing<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    let n = open_ticket(&f.store, "v", "help", t(1)).number;
    let mut reply = operator_message(n, "answer", t(2));
    reply.client_id = Some(client_id("tg-77"));
    let first = f
        .store
        .record_operator_message(reply.clone())
        .expect("reply");
    let RecordedOperatorMessage::Stored {
        message: stored, ..
    } = first
    else {
        panic!("expected a stored reply");
    };
    reply.at = t(9);

    let again = f.store.record_operator_message(reply).expect("reply");

    let RecordedOperatorMessage::Duplicate { ticket, message } = again else {
        panic!("expected a duplicate, got {again:?}");
    };
    assert_eq!(message, stored);
    assert_eq!(ticket.last_activity_at, t(2));
    let history = f
        .store
        .ticket_history(n, 10)
        .expect("query")
        .expect("ticket");
    assert_eq!(history.total_messages, 2);
}

/// A visitor's client id and an operator reply's are different namespaces: a visitor who sends
/// the id that the bot will derive for a Telegram reply cannot make that reply a duplicate.
pub fn a_visitor_client_id_never_swallows_an_operator_reply<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    let v = visitor(&f.store, "v");
    send(&f.store, visitor_message(v, "help", t(1)));
    let mut forged = visitor_message(v, "forged key", t(2));
    forged.client_id = Some(client_id("tg-42-1001"));
    let n = send(&f.store, forged).ticket.number;
    let mut reply = operator_message(n, "the real answer", t(3));
    reply.client_id = Some(client_id("tg-42-1001"));

    let recorded = f.store.record_operator_message(reply).expect("reply");

    let RecordedOperatorMessage::Stored { message, .. } = recorded else {
        panic!("the reply must be stored, got {recorded:?}");
    };
    assert_eq!(
        (message.author, message.text.as_str()),
        (Author::Operator, "the real answer")
    );
    let mut again = visitor_message(v, "forged key again", t(4));
    again.client_id = Some(client_id("tg-42-1001"));
    let again = f.store.record_visitor_message(again).expect("message");
    assert!(
        matches!(again, RecordedVisitorMessage::Duplicate { .. }),
        "the visitor's own key still deduplicates the visitor's messages: {again:?}"
    );
}

/// A reply to an unknown ticket is refused.
pub fn a_reply_to_an_unknown_ticket_is_refused<S: Store>(open: Factory<S>) {
    let f = open(&[]);

    let result = f
        .store
        .record_operator_message(operator_message(number(1001), "hi", t(1)));

    assert!(matches!(result, Err(RepositoryError::TicketNotFound(n)) if n == number(1001)));
}

/// Closing sets `closed_at` and adds the system note; reopening clears it.
pub fn closing_and_reopening_record_a_system_note<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    let n = open_ticket(&f.store, "v", "help", t(1)).number;

    let (closed, note) = f
        .store
        .change_status(status_change(n, Status::Closed, t(5)))
        .expect("closed");
    let (reopened, _) = f
        .store
        .change_status(status_change(n, Status::Open, t(6)))
        .expect("reopened");

    assert_eq!(
        (closed.status, closed.closed_at),
        (Status::Closed, Some(t(5)))
    );
    assert_eq!(closed.last_activity_at, t(5));
    assert_eq!(
        (note.author, note.text.as_str(), note.sent_at),
        (Author::System, "now closed", t(5))
    );
    assert_eq!((reopened.status, reopened.closed_at), (Status::Open, None));
    let history = f
        .store
        .ticket_history(n, 10)
        .expect("query")
        .expect("ticket");
    let authors: Vec<Author> = history.messages.iter().map(|m| m.author).collect();
    assert_eq!(authors, [Author::Visitor, Author::System, Author::System]);
}

/// A change of status of an unknown ticket is refused.
pub fn a_status_change_of_an_unknown_ticket_is_refused<S: Store>(open: Factory<S>) {
    let f = open(&[]);

    let result = f
        .store
        .change_status(status_change(number(1001), Status::Closed, t(1)));

    assert!(
        matches!(result, Err(RepositoryError::TicketNotFound(_))),
        "{result:?}"
    );
}

/// Setting a priority returns the previous one; an unknown ticket is refused.
pub fn setting_a_priority_returns_the_previous_one<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    let n = open_ticket(&f.store, "v", "help", t(1)).number;

    let first = f
        .store
        .set_priority(n, Priority::Urgent, t(7))
        .expect("set");
    let second = f.store.set_priority(n, Priority::Low, t(8)).expect("set");
    let unknown = f.store.set_priority(number(2000), Priority::Low, t(8));

    assert_eq!((first, second), (Priority::Medium, Priority::Urgent));
    let ticket = f.store.ticket(n).expect("query").expect("ticket");
    assert_eq!(
        (ticket.priority, ticket.last_activity_at),
        (Priority::Low, t(8))
    );
    assert!(
        matches!(unknown, Err(RepositoryError::TicketNotFound(_))),
        "{unknown:?}"
    );
}

/// An unknown ticket reads as nothing.
pub fn an_unknown_ticket_reads_as_none<S: Store>(open: Factory<S>) {
    let f = open(&[]);

    assert_eq!(f.store.ticket(number(1001)).expect("query"), None);
    assert_eq!(
        f.store.ticket_history(number(1001), 5).expect("query"),
        None
    );
}

/// The history holds the latest messages, oldest first, and the total.
pub fn the_history_holds_the_latest_messages_oldest_first<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    let visitor = visitor(&f.store, "v");
    for i in 1..=5 {
        send(&f.store, visitor_message(visitor, &format!("m{i}"), t(i)));
    }

    let history = f
        .store
        .ticket_history(number(1001), 3)
        .expect("query")
        .expect("ticket");

    let texts: Vec<&str> = history.messages.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(texts, ["m3", "m4", "m5"]);
    assert_eq!(history.total_messages, 5);
    assert!(history.messages.windows(2).all(|w| w[0].id < w[1].id));
}

/// A visitor reads the messages after a given id, oldest first, at most `limit`.
pub fn a_visitor_reads_the_messages_after_an_id<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    let visitor = visitor(&f.store, "v");
    let other = crate::support::visitor(&f.store, "w");
    let first = send(&f.store, visitor_message(visitor, "m1", t(1))).message;
    send(&f.store, visitor_message(other, "elsewhere", t(2)));
    f.store
        .record_operator_message(operator_message(number(1001), "m2", t(3)))
        .expect("reply");
    send(&f.store, visitor_message(visitor, "m3", t(4)));

    let all = f
        .store
        .visitor_conversation(visitor, None, 10)
        .expect("query")
        .expect("ticket");
    let after = f
        .store
        .visitor_conversation(visitor, Some(first.id), 1)
        .expect("query")
        .expect("ticket");
    let nobody = crate::support::visitor(&f.store, "x");
    let none = f
        .store
        .visitor_conversation(nobody, None, 10)
        .expect("query");

    let texts = |c: &ticket_domain::ports::VisitorConversation| -> Vec<String> {
        c.messages.iter().map(|m| m.text.clone()).collect()
    };
    assert_eq!((all.ticket, all.status), (number(1001), Status::Open));
    assert_eq!(texts(&all), ["m1", "m2", "m3"]);
    assert_eq!(texts(&after), ["m2"]);
    assert_eq!(none, None);
}
