//! A copy of a SQLite store with a row in every table into an empty PostgreSQL database: every
//! row counted, and the operator chat state (forum topics included), the replies' authors, the
//! notes and the tickets' assignees read back through the PostgreSQL store.
//!
//! Needs `TEST_POSTGRES_URL` (see docs/testing.md); without it the test says it is skipped.

use std::time::Duration;

use storage_contract::support::{
    client_id, note, number, open_ticket, operator_message, t, team_member, UnderTest,
};
use storage_copy::CopyReport;
use storage_postgres::testing::TestDatabase;
use storage_sqlite::{SqliteStore, StoreConfig};
use ticket_domain::ports::{
    ForumTopic, InboundLog, OperatorChat, OperatorChatStore, SentAbout, TicketRepository,
};
use ticket_domain::service::transactions::NoteAdded;

#[test]
fn every_table_is_copied_forum_topics_included() {
    let Some(database) = TestDatabase::create() else {
        return;
    };
    drop(database.open());
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("source.db");
    let path = path.to_string_lossy().into_owned();
    let forum = OperatorChat(-100_777);
    let topic = ForumTopic {
        thread: 11,
        name: "T1001 · a".to_owned(),
        closed: true,
    };
    {
        let store = SqliteStore::open(StoreConfig::new(&path)).expect("source opened");
        let store = UnderTest::new(store, &["telegram:1"]);
        open_ticket(&store, "a", "q", t(1));
        open_ticket(&store, "b", "q", t(2));
        store
            .remember_sent(forum, 7, SentAbout::Ticket(number(1001)))
            .expect("remembered");
        store.set_focus(forum, number(1002), t(3)).expect("focused");
        store
            .remember_topic(forum, number(1001), &topic, t(4))
            .expect("topic");
        store
            .remember_topic(OperatorChat(-100_888), number(1001), &topic, t(4))
            .expect("topic");
        store
            .claim(1, t(5), Duration::from_secs(60))
            .expect("claimed");
        store.complete(1, t(5)).expect("handled");
        store
            .claim(2, t(5), Duration::from_secs(60))
            .expect("claimed");
        let mut reply = operator_message(number(1001), "answer", t(6));
        reply.by = Some(team_member(501, "Marie"));
        store.record_operator_message(reply).expect("reply");
        let mut keyed = note(number(1001), "VIP", Some(team_member(501, "Marie")), t(7));
        keyed.client_id = Some(client_id("tg-note-1"));
        store.add_note(keyed).expect("note");
        store
            .assign(number(1002), Some(team_member(502, "Ali")))
            .expect("assigned");
    }

    let report = storage_copy::copy(&path, database.url()).expect("copied");

    assert_eq!(
        report,
        CopyReport {
            visitors: 2,
            tickets: 2,
            messages: 3,
            ticket_notes: 1,
            outbox: 2,
            sent_messages: 1,
            chat_focus: 1,
            forum_topics: 2,
            handled_updates: 1,
            update_claims: 1,
        }
    );
    let target = database.open();
    assert_eq!(
        target.topic_of_ticket(forum, number(1001)).expect("query"),
        Some(topic)
    );
    assert_eq!(
        target.ticket_of_topic(forum, 11).expect("query"),
        Some(number(1001))
    );
    assert_eq!(target.focus(forum).expect("query"), Some(number(1002)));
    let history = target
        .ticket_history(number(1001), 10)
        .expect("query")
        .expect("ticket");
    assert_eq!(
        history.messages[1].operator,
        Some(team_member(501, "Marie"))
    );
    assert_eq!(
        (history.notes[0].text.as_str(), &history.notes[0].operator),
        ("VIP", &Some(team_member(501, "Marie")))
    );
    assert_eq!(history.ticket.assignee, None);
    let assigned = target.ticket(number(1002)).expect("query").expect("ticket");
    assert_eq!(assigned.assignee, Some(team_member(502, "Ali")));
    let target = UnderTest::new(target, &[]);
    let mut again = note(number(1001), "retried", None, t(8));
    again.client_id = Some(client_id("tg-note-1"));
    assert_eq!(target.add_note(again).expect("note"), NoteAdded::Duplicate);
    assert_eq!(
        target
            .add_note(note(number(1001), "after the copy", None, t(9)))
            .expect("note"),
        NoteAdded::Stored,
        "the notes' ids continue past the copied ones"
    );
}
