//! Contract: what a storage shared by concurrent writers (threads, or processes on one
//! database) must keep: numbers never handed out twice, a client id stored once however many
//! send it at once (a message's, a note's), message ids that rise in commit order, so that a
//! reader resuming after the last id it saw never misses a message, and a ticket's assignee
//! written whole by concurrent assignments.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;

use ticket_domain::ports::RecordedVisitorMessage;
use ticket_domain::service::transactions::NoteAdded;
use ticket_domain::ticket::MessageId;
use ticket_domain::values::Operator;

use crate::support::*;

/// What the concurrent contract tests need: a store that threads can share.
pub trait Shared: Store + Clone + Send + Sync + 'static {}
impl<T: Store + Clone + Send + Sync + 'static> Shared for T {}

/// Eight visitors writing their first messages at once get eight different tickets, numbered
/// from T1001 without a gap.
pub fn concurrent_first_messages_get_distinct_numbers<S: Shared>(open: Factory<S>) {
    let f = open(&[]);
    let visitors: Vec<_> = (0..8)
        .map(|i| visitor(&f.store, &format!("v{i}")))
        .collect();

    let numbers: BTreeSet<u32> = visitors
        .into_iter()
        .map(|v| {
            let store = f.store.clone();
            thread::spawn(move || {
                send(&store, visitor_message(v, "hello", t(1)))
                    .ticket
                    .number
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|h| h.join().expect("writer").value())
        .collect();

    assert_eq!(numbers, (1001..=1008).collect());
}

/// The same client id sent by several tabs at once is stored once; every sender gets that
/// message back.
pub fn a_client_id_sent_at_once_by_several_tabs_is_one_message<S: Shared>(open: Factory<S>) {
    let f = open(&["chat"]);
    let v = visitor(&f.store, "v");
    send(&f.store, visitor_message(v, "first", t(1)));

    let ids: Vec<MessageId> = (0..6)
        .map(|_| {
            let store = f.store.clone();
            thread::spawn(move || {
                let mut message = visitor_message(v, "same", t(2));
                message.client_id = Some(client_id("tab-key"));
                match store.record_visitor_message(message).expect("recorded") {
                    RecordedVisitorMessage::Stored { message, .. }
                    | RecordedVisitorMessage::Duplicate { message, .. } => message.id,
                }
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|h| h.join().expect("tab"))
        .collect();

    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    let conversation = f
        .store
        .visitor_conversation(v, None, 100)
        .expect("query")
        .expect("ticket");
    assert_eq!(conversation.messages.len(), 2);
    assert_eq!(f.store.backlog().expect("backlog").pending, 2);
}

/// The same note (one client id) added at once by several handlers is stored once: one of
/// them stores it, the others are told it is a duplicate.
pub fn a_note_added_at_once_by_several_handlers_is_one_note<S: Shared>(open: Factory<S>) {
    let f = open(&[]);
    let n = open_ticket(&f.store, "v", "help", t(1)).number;

    let outcomes: Vec<NoteAdded> = (0..6)
        .map(|_| {
            let store = f.store.clone();
            thread::spawn(move || {
                let mut keyed = note(n, "once", None, t(2));
                keyed.client_id = Some(client_id("tg-note-1"));
                store.add_note(keyed).expect("note")
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|h| h.join().expect("handler"))
        .collect();

    let stored = outcomes.iter().filter(|o| **o == NoteAdded::Stored).count();
    assert_eq!(stored, 1, "{outcomes:?}");
    assert!(outcomes
        .iter()
        .all(|o| matches!(o, NoteAdded::Stored | NoteAdded::Duplicate)));
    let history = f
        .store
        .ticket_history(n, 10)
        .expect("query")
        .expect("ticket");
    assert_eq!(history.notes.len(), 1);
}

/// A reader that keeps asking for the messages after the last id it saw, while writers
/// append, sees every message: ids rise in commit order within a ticket.
pub fn a_resuming_reader_never_misses_a_message_committed_later<S: Shared>(open: Factory<S>) {
    let f = open(&[]);
    let v = visitor(&f.store, "v");
    let n = send(&f.store, visitor_message(v, "start", t(0)))
        .ticket
        .number;
    let writing = Arc::new(AtomicBool::new(true));
    let reader = {
        let store = f.store.clone();
        let writing = Arc::clone(&writing);
        thread::spawn(move || {
            let mut seen = Vec::new();
            let mut after = None;
            loop {
                let done = !writing.load(Ordering::SeqCst);
                let page = store
                    .visitor_conversation(v, after, 1_000)
                    .expect("read")
                    .expect("ticket");
                for message in page.messages {
                    assert!(after < Some(message.id), "ids go up");
                    after = Some(message.id);
                    seen.push(message.text);
                }
                if done {
                    return seen;
                }
            }
        })
    };
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let store = f.store.clone();
            thread::spawn(move || {
                for i in 0..25 {
                    store
                        .record_operator_message(operator_message(n, &format!("{w}-{i}"), t(1)))
                        .expect("reply");
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().expect("writer");
    }
    writing.store(false, Ordering::SeqCst);

    let seen = reader.join().expect("reader");

    assert_eq!(seen.len(), 101, "every message once: {seen:?}");
    let distinct: BTreeSet<&String> = seen.iter().collect();
    assert_eq!(distinct.len(), 101);
}

/// Members of the team assigning one ticket to themselves at once, again and again, leave it
/// assigned to one of them whole (the id and the name of the same member), and no read in
/// between ever sees the id of one with the name of another.
pub fn concurrent_assignments_leave_one_assignee_whole<S: Shared>(open: Factory<S>) {
    let f = open(&[]);
    let v = visitor(&f.store, "v");
    let n = send(&f.store, visitor_message(v, "help", t(1)))
        .ticket
        .number;
    let member = |i: i64| team_member(500 + i, &format!("Member {i}"));
    let whole = move |assignee: &Option<Operator>| {
        assignee.as_ref().is_some_and(|a| *a == member(a.id - 500))
    };
    let writing = Arc::new(AtomicBool::new(true));
    let reader = {
        let store = f.store.clone();
        let writing = Arc::clone(&writing);
        thread::spawn(move || {
            let mut reads = 0_u32;
            while writing.load(Ordering::SeqCst) || reads == 0 {
                let assignee = store.ticket(n).expect("read").expect("ticket").assignee;
                assert!(assignee.is_none() || whole(&assignee), "{assignee:?}");
                reads += 1;
            }
        })
    };

    let writers: Vec<_> = (0..6)
        .map(|i| {
            let store = f.store.clone();
            thread::spawn(move || {
                for _ in 0..10 {
                    let written = store.assign(n, Some(member(i))).expect("assigned");
                    assert_eq!(written.assignee, Some(member(i)));
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().expect("writer");
    }
    writing.store(false, Ordering::SeqCst);
    reader.join().expect("reader");

    let assignee = f.store.ticket(n).expect("query").expect("ticket").assignee;
    assert!(whole(&assignee), "{assignee:?}");
    let history = f
        .store
        .ticket_history(n, 10)
        .expect("query")
        .expect("ticket");
    assert_eq!(history.ticket.assignee, assignee);
}
