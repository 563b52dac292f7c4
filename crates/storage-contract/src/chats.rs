//! Contract: the operator chats' state.

use ticket_domain::ports::{OperatorChat, SentAbout};

use crate::support::*;

/// A remembered bot message leads to its ticket, in its chat only; remembering twice is fine.
pub fn a_remembered_message_leads_to_its_ticket<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    open_ticket(&f.store, "a", "q", t(1));
    open_ticket(&f.store, "b", "q", t(2));
    let chat = OperatorChat(-100_123);

    f.store
        .remember_sent(chat, 7, SentAbout::Ticket(number(1001)))
        .expect("remembered");
    f.store
        .remember_sent(chat, 7, SentAbout::Ticket(number(1001)))
        .expect("remembered twice");
    f.store
        .remember_sent(chat, 8, SentAbout::Ticket(number(1002)))
        .expect("remembered");

    assert_eq!(
        f.store.sent_about(chat, 7).expect("query"),
        Some(SentAbout::Ticket(number(1001)))
    );
    assert_eq!(
        f.store.sent_about(chat, 8).expect("query"),
        Some(SentAbout::Ticket(number(1002)))
    );
    assert_eq!(f.store.sent_about(OperatorChat(0), 7).expect("query"), None);
}

/// A digest is remembered as being about several tickets, twice as well, across a restart.
pub fn a_remembered_digest_is_about_several_tickets<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    let chat = OperatorChat(42);

    f.store
        .remember_sent(chat, 9, SentAbout::SeveralTickets)
        .expect("remembered");
    f.store
        .remember_sent(chat, 9, SentAbout::SeveralTickets)
        .expect("remembered twice");
    let f = f.reopen();

    assert_eq!(
        f.store.sent_about(chat, 9).expect("query"),
        Some(SentAbout::SeveralTickets)
    );
}

/// A later record for the same message replaces the earlier one, both ways.
pub fn a_later_record_replaces_the_earlier<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    open_ticket(&f.store, "a", "q", t(1));
    let chat = OperatorChat(42);
    f.store
        .remember_sent(chat, 10, SentAbout::Ticket(number(1001)))
        .expect("remembered");
    f.store
        .remember_sent(chat, 11, SentAbout::SeveralTickets)
        .expect("remembered");

    f.store
        .remember_sent(chat, 10, SentAbout::SeveralTickets)
        .expect("replaced");
    f.store
        .remember_sent(chat, 11, SentAbout::Ticket(number(1001)))
        .expect("replaced");

    assert_eq!(
        f.store.sent_about(chat, 10).expect("query"),
        Some(SentAbout::SeveralTickets)
    );
    assert_eq!(
        f.store.sent_about(chat, 11).expect("query"),
        Some(SentAbout::Ticket(number(1001)))
    );
}

/// A message never remembered is about nothing, whatever else is remembered.
pub fn an_unknown_message_is_about_nothing<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    let chat = OperatorChat(42);
    f.store
        .remember_sent(chat, 12, SentAbout::SeveralTickets)
        .expect("remembered");

    assert_eq!(f.store.sent_about(chat, 13).expect("query"), None);
    assert_eq!(
        f.store.sent_about(OperatorChat(43), 12).expect("query"),
        None
    );
}

/// The focus is per chat, replaced when set again, and survives a restart.
pub fn the_focus_is_per_chat_and_survives_a_restart<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    open_ticket(&f.store, "a", "q", t(1));
    open_ticket(&f.store, "b", "q", t(2));
    f.store
        .set_focus(OperatorChat(1), number(1001), t(3))
        .expect("focus");
    f.store
        .set_focus(OperatorChat(1), number(1002), t(4))
        .expect("focus");
    f.store
        .set_focus(OperatorChat(0), number(1001), t(4))
        .expect("focus");

    let f = f.reopen();

    assert_eq!(
        f.store.focus(OperatorChat(1)).expect("query"),
        Some(number(1002))
    );
    assert_eq!(
        f.store.focus(OperatorChat(0)).expect("query"),
        Some(number(1001))
    );
    assert_eq!(f.store.focus(OperatorChat(2)).expect("query"), None);
}
