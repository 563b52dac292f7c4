//! Contract: the team's internal notes. They are stored with who wrote them, at most once per
//! client id and ticket, read back with the ticket's history (the latest ones, oldest first),
//! and kept apart from the conversation: never among its messages, never read by a visitor.

use ticket_domain::service::transactions::NoteAdded;
use ticket_domain::ticket::{Author, Note, Status};

use crate::support::*;

/// A note is stored with its text, its author and its time, and changes nothing of the
/// ticket.
pub fn a_note_is_stored_with_who_wrote_it<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    let before = open_ticket(&f.store, "v", "help", t(1));
    let marie = team_member(501, "Marie");

    let by_marie = f
        .store
        .add_note(note(
            before.number,
            "VIP customer",
            Some(marie.clone()),
            t(2),
        ))
        .expect("note");
    let by_console = f
        .store
        .add_note(note(before.number, "called them", None, t(3)))
        .expect("note");

    assert_eq!(
        (by_marie, by_console),
        (NoteAdded::Stored, NoteAdded::Stored)
    );
    let history = f
        .store
        .ticket_history(before.number, 10)
        .expect("query")
        .expect("ticket");
    assert_eq!(
        history.notes,
        [
            Note {
                text: "VIP customer".to_owned(),
                operator: Some(marie),
                written_at: t(2),
            },
            Note {
                text: "called them".to_owned(),
                operator: None,
                written_at: t(3),
            },
        ]
    );
    assert_eq!(history.ticket, before);
}

/// A second note with a client id already used on the ticket writes nothing; the same id on
/// another ticket is another note.
pub fn a_note_with_a_client_id_used_on_its_ticket_is_not_stored_again<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    let first = open_ticket(&f.store, "v", "help", t(1)).number;
    let second = open_ticket(&f.store, "w", "help", t(1)).number;
    let keyed = |ticket, raw: &str| {
        let mut keyed = note(ticket, raw, Some(team_member(501, "Marie")), t(2));
        keyed.client_id = Some(client_id("tg-note-9"));
        keyed
    };
    let stored = f.store.add_note(keyed(first, "original")).expect("note");

    let again = f.store.add_note(keyed(first, "retried")).expect("note");
    let elsewhere = f
        .store
        .add_note(keyed(second, "other ticket"))
        .expect("note");

    assert_eq!(
        (stored, again, elsewhere),
        (NoteAdded::Stored, NoteAdded::Duplicate, NoteAdded::Stored)
    );
    let texts = |ticket| -> Vec<String> {
        let history = f.store.ticket_history(ticket, 10).expect("query");
        let notes = history.expect("ticket").notes;
        notes.into_iter().map(|n| n.text).collect()
    };
    assert_eq!(texts(first), ["original"]);
    assert_eq!(texts(second), ["other ticket"]);
}

/// Notes without a client id are all stored, identical ones included.
pub fn notes_without_a_client_id_are_all_stored<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    let n = open_ticket(&f.store, "v", "help", t(1)).number;

    let outcomes: Vec<NoteAdded> = (0..3)
        .map(|_| f.store.add_note(note(n, "same", None, t(2))).expect("note"))
        .collect();

    assert_eq!(outcomes, [NoteAdded::Stored; 3]);
    let history = f
        .store
        .ticket_history(n, 10)
        .expect("query")
        .expect("ticket");
    assert_eq!(history.notes.len(), 3);
}

/// The history holds the ticket's latest notes, as many as messages asked, oldest first, and
/// none of another ticket.
pub fn the_history_holds_the_latest_notes_oldest_first<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    let n = open_ticket(&f.store, "v", "help", t(1)).number;
    let other = open_ticket(&f.store, "w", "help", t(1)).number;
    for i in 1..=5 {
        f.store
            .add_note(note(n, &format!("n{i}"), None, t(10 + i)))
            .expect("note");
    }
    f.store
        .add_note(note(other, "elsewhere", None, t(20)))
        .expect("note");

    let history = f
        .store
        .ticket_history(n, 3)
        .expect("query")
        .expect("ticket");

    let texts: Vec<&str> = history.notes.iter().map(|n| n.text.as_str()).collect();
    assert_eq!(texts, ["n3", "n4", "n5"]);
}

/// Notes are never messages: not in the history's messages nor its count, and not in what the
/// visitor reads, whatever id the visitor resumes after.
pub fn notes_never_appear_in_the_conversation<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    let v = visitor(&f.store, "v");
    let first = send(&f.store, visitor_message(v, "help", t(1)));
    let n = first.ticket.number;
    f.store
        .add_note(note(n, "secret", Some(team_member(501, "Marie")), t(2)))
        .expect("note");
    f.store
        .record_operator_message(operator_message(n, "answer", t(3)))
        .expect("reply");
    f.store
        .add_note(note(n, "secret too", None, t(4)))
        .expect("note");

    let history = f
        .store
        .ticket_history(n, 10)
        .expect("query")
        .expect("ticket");
    let all = f.store.visitor_conversation(v, None, 100).expect("query");
    let after = f
        .store
        .visitor_conversation(v, Some(first.message.id), 100)
        .expect("query");

    let authors: Vec<Author> = history.messages.iter().map(|m| m.author).collect();
    assert_eq!(authors, [Author::Visitor, Author::Operator]);
    assert_eq!(history.total_messages, 2);
    assert_eq!(history.notes.len(), 2);
    let texts = |c: Option<ticket_domain::ports::VisitorConversation>| -> Vec<String> {
        let conversation = c.expect("ticket");
        assert_eq!(conversation.status, Status::Pending);
        conversation.messages.into_iter().map(|m| m.text).collect()
    };
    assert_eq!(texts(all), ["help", "answer"]);
    assert_eq!(texts(after), ["answer"]);
}

/// A note on a ticket that does not exist writes nothing.
pub fn a_note_on_an_unknown_ticket_is_refused<S: Store>(open: Factory<S>) {
    let f = open(&[]);

    let added = f
        .store
        .add_note(note(number(1001), "lost", None, t(1)))
        .expect("query");

    assert_eq!(added, NoteAdded::NotFound);
    assert_eq!(
        f.store.ticket_history(number(1001), 5).expect("query"),
        None
    );
}
