//! Contract: the operator chats' state (sent messages, focus, forum topics).

use ticket_domain::ports::{ForumTopic, OperatorChat, SentAbout};

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

/// An open topic of the thread `thread`.
fn topic(thread: i64, name: &str) -> ForumTopic {
    ForumTopic {
        thread,
        name: name.to_owned(),
        closed: false,
    }
}

/// A remembered topic is found from its ticket and from its thread, and survives a restart.
pub fn a_remembered_topic_is_found_both_ways_and_survives_a_restart<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    open_ticket(&f.store, "a", "q", t(1));
    open_ticket(&f.store, "b", "q", t(2));
    let forum = OperatorChat(-100_777);
    f.store
        .remember_topic(forum, number(1001), &topic(11, "T1001 · a"), t(3))
        .expect("remembered");
    f.store
        .remember_topic(forum, number(1002), &topic(12, "T1002 · b"), t(4))
        .expect("remembered");

    let f = f.reopen();

    assert_eq!(
        f.store.topic_of_ticket(forum, number(1001)).expect("query"),
        Some(topic(11, "T1001 · a"))
    );
    assert_eq!(
        f.store.ticket_of_topic(forum, 11).expect("query"),
        Some(number(1001))
    );
    assert_eq!(
        f.store.topic_of_ticket(forum, number(1002)).expect("query"),
        Some(topic(12, "T1002 · b"))
    );
    assert_eq!(
        f.store.ticket_of_topic(forum, 12).expect("query"),
        Some(number(1002))
    );
}

/// A ticket without a topic, a thread of no ticket, and another chat's topics read as none.
pub fn an_unknown_topic_is_none<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    open_ticket(&f.store, "a", "q", t(1));
    open_ticket(&f.store, "b", "q", t(2));
    let forum = OperatorChat(-100_777);
    f.store
        .remember_topic(forum, number(1001), &topic(11, "T1001"), t(3))
        .expect("remembered");

    assert_eq!(
        f.store.topic_of_ticket(forum, number(1002)).expect("query"),
        None
    );
    assert_eq!(f.store.ticket_of_topic(forum, 12).expect("query"), None);
    assert_eq!(
        f.store
            .topic_of_ticket(OperatorChat(-100_778), number(1001))
            .expect("query"),
        None
    );
    assert_eq!(
        f.store
            .ticket_of_topic(OperatorChat(-100_778), 11)
            .expect("query"),
        None
    );
}

/// A re-created topic replaces the ticket's earlier one: the old thread leads nowhere.
pub fn a_re_created_topic_replaces_the_earlier<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    open_ticket(&f.store, "a", "q", t(1));
    let forum = OperatorChat(-100_777);
    f.store
        .remember_topic(forum, number(1001), &topic(11, "T1001"), t(2))
        .expect("remembered");

    f.store
        .remember_topic(forum, number(1001), &topic(21, "T1001 again"), t(3))
        .expect("replaced");

    assert_eq!(
        f.store.topic_of_ticket(forum, number(1001)).expect("query"),
        Some(topic(21, "T1001 again"))
    );
    assert_eq!(
        f.store.ticket_of_topic(forum, 21).expect("query"),
        Some(number(1001))
    );
    assert_eq!(f.store.ticket_of_topic(forum, 11).expect("query"), None);
}

/// Recording the same thread again updates its name and state; recording it twice is fine.
pub fn the_same_thread_gets_its_name_and_state_updated<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    open_ticket(&f.store, "a", "q", t(1));
    let forum = OperatorChat(-100_777);
    f.store
        .remember_topic(forum, number(1001), &topic(11, "T1001 · open"), t(2))
        .expect("remembered");
    let closed = ForumTopic {
        thread: 11,
        name: "T1001 · closed".to_owned(),
        closed: true,
    };

    f.store
        .remember_topic(forum, number(1001), &closed, t(3))
        .expect("updated");
    f.store
        .remember_topic(forum, number(1001), &closed, t(4))
        .expect("updated twice");

    assert_eq!(
        f.store.topic_of_ticket(forum, number(1001)).expect("query"),
        Some(closed)
    );
    assert_eq!(
        f.store.ticket_of_topic(forum, 11).expect("query"),
        Some(number(1001))
    );

    f.store
        .remember_topic(forum, number(1001), &topic(11, "T1001 · reopened"), t(5))
        .expect("reopened");

    assert_eq!(
        f.store.topic_of_ticket(forum, number(1001)).expect("query"),
        Some(topic(11, "T1001 · reopened"))
    );
}

/// A thread recorded for another ticket of the chat leaves the ticket that held it.
pub fn a_thread_belongs_to_one_ticket_of_its_chat<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    open_ticket(&f.store, "a", "q", t(1));
    open_ticket(&f.store, "b", "q", t(2));
    let forum = OperatorChat(-100_777);
    f.store
        .remember_topic(forum, number(1001), &topic(11, "T1001"), t(3))
        .expect("remembered");

    f.store
        .remember_topic(forum, number(1002), &topic(11, "T1002"), t(4))
        .expect("remembered");

    assert_eq!(
        f.store.ticket_of_topic(forum, 11).expect("query"),
        Some(number(1002))
    );
    assert_eq!(
        f.store.topic_of_ticket(forum, number(1002)).expect("query"),
        Some(topic(11, "T1002"))
    );
    assert_eq!(
        f.store.topic_of_ticket(forum, number(1001)).expect("query"),
        None
    );
}

/// Forgetting a stale thread keeps the ticket's current topic; forgetting the current one
/// removes it, both ways.
pub fn only_the_current_thread_is_forgotten<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    open_ticket(&f.store, "a", "q", t(1));
    let forum = OperatorChat(-100_777);
    f.store
        .remember_topic(forum, number(1001), &topic(11, "T1001"), t(2))
        .expect("remembered");
    f.store
        .remember_topic(forum, number(1001), &topic(21, "T1001"), t(3))
        .expect("re-created");

    f.store
        .forget_topic(forum, number(1001), 11)
        .expect("stale thread");

    assert_eq!(
        f.store.topic_of_ticket(forum, number(1001)).expect("query"),
        Some(topic(21, "T1001"))
    );
    assert_eq!(
        f.store.ticket_of_topic(forum, 21).expect("query"),
        Some(number(1001))
    );

    f.store
        .forget_topic(forum, number(1001), 21)
        .expect("current thread");
    f.store
        .forget_topic(forum, number(1001), 21)
        .expect("forgotten twice");

    assert_eq!(
        f.store.topic_of_ticket(forum, number(1001)).expect("query"),
        None
    );
    assert_eq!(f.store.ticket_of_topic(forum, 21).expect("query"), None);
}

/// One ticket has a topic of its own in each forum group, even under the same thread id;
/// forgetting it in one chat keeps the other.
pub fn topics_are_per_chat<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    open_ticket(&f.store, "a", "q", t(1));
    let (first, second) = (OperatorChat(-100_777), OperatorChat(-100_888));
    f.store
        .remember_topic(first, number(1001), &topic(11, "in the first"), t(2))
        .expect("remembered");
    f.store
        .remember_topic(second, number(1001), &topic(11, "in the second"), t(3))
        .expect("remembered");

    assert_eq!(
        f.store.topic_of_ticket(first, number(1001)).expect("query"),
        Some(topic(11, "in the first"))
    );
    assert_eq!(
        f.store
            .topic_of_ticket(second, number(1001))
            .expect("query"),
        Some(topic(11, "in the second"))
    );

    f.store
        .forget_topic(first, number(1001), 11)
        .expect("forgotten");

    assert_eq!(
        f.store.topic_of_ticket(first, number(1001)).expect("query"),
        None
    );
    assert_eq!(
        f.store.ticket_of_topic(second, 11).expect("query"),
        Some(number(1001))
    );
}
