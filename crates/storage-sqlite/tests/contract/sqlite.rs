//! What only the SQLite implementation needs testing: concurrent writers, reopening a file,
//! a transaction failing half-way, unreadable rows (an outbox payload, an operator's name), the
//! assignee's CHECK and down migration, and the counts kept by triggers.

use std::thread;

use diesel::connection::SimpleConnection;
use diesel::{QueryableByName, RunQueryDsl};
use storage_sqlite::SqliteStore;
use ticket_domain::command::ListFilter;
use ticket_domain::ports::{
    NotificationOutbox, OutboxBacklog, RepositoryError, TicketQuery, TicketRepository,
};
use ticket_domain::ticket::{Priority, Status};
use ticket_domain::values::DisplayName;

use crate::{open_sqlite, raw, temp_db};
use storage_contract::support::*;

fn all(store: &SqliteStore) -> Vec<u32> {
    let query = TicketQuery {
        filter: ListFilter::All,
        offset: 0,
        limit: 1_000,
    };
    let mut numbers: Vec<u32> = store
        .list_tickets(query)
        .expect("list")
        .tickets
        .iter()
        .map(|t| t.number.value())
        .collect();
    numbers.sort_unstable();
    numbers
}

#[test]
fn eight_concurrent_writers_get_distinct_gapless_numbers() {
    let (_dir, path) = temp_db();
    let store = UnderTest::new(open_sqlite(&path), &["a"]);

    let handles: Vec<_> = (0..8)
        .map(|i| {
            let store = store.clone();
            thread::spawn(move || {
                let visitor = visitor(&store, &format!("visitor-{i}"));
                (0..5)
                    .map(|j| {
                        send(&store, visitor_message(visitor, &format!("m{j}"), t(j)))
                            .ticket
                            .number
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let per_writer: Vec<Vec<_>> = handles
        .into_iter()
        .map(|h| h.join().expect("writer thread"))
        .collect();

    for numbers in &per_writer {
        assert!(
            numbers.iter().all(|n| *n == numbers[0]),
            "one ticket per visitor: {numbers:?}"
        );
    }
    let mut firsts: Vec<u32> = per_writer.iter().map(|n| n[0].value()).collect();
    firsts.sort_unstable();
    assert_eq!(firsts, (1001..=1008).collect::<Vec<_>>());
    for n in firsts {
        let history = store
            .ticket_history(number(n), 10)
            .expect("query")
            .expect("ticket");
        assert_eq!(history.total_messages, 5);
    }
    assert_eq!(
        store.backlog().expect("backlog"),
        OutboxBacklog {
            pending: 40,
            failed: 0
        }
    );
}

#[test]
fn reopening_the_file_keeps_everything_and_numbering_continues() {
    let (_dir, path) = temp_db();
    let store = UnderTest::new(open_sqlite(&path), &["a"]);
    let first = open_ticket(&store, "v1", "one", t(1));
    open_ticket(&store, "v2", "two", t(2));
    store
        .change_status(status_change(first.number, Status::Closed, t(3)))
        .expect("close");
    drop(store);

    let store = UnderTest::new(open_sqlite(&path), &["a"]);
    let third = open_ticket(&store, "v3", "three", t(4));

    assert_eq!(third.number, number(1003));
    assert_eq!(all(&store), [1001, 1002, 1003]);
    let reread = store.ticket(first.number).expect("query").expect("ticket");
    assert_eq!(
        (reread.status, reread.closed_at),
        (Status::Closed, Some(t(3)))
    );
    assert_eq!(store.backlog().expect("backlog").pending, 3);
}

#[test]
fn a_transaction_failing_half_way_leaves_nothing_written() {
    let (_dir, path) = temp_db();
    let store = UnderTest::new(open_sqlite(&path), &["a"]);
    let visitor = visitor(&store, "v");
    raw(&path)
        .batch_execute("CREATE TRIGGER outbox_fails BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk full'); END;")
        .expect("trigger");
    let mut message = visitor_message(visitor, "hello", t(1));
    message.name = Some(DisplayName::new("Jean").expect("name"));

    let result = store.record_visitor_message(message.clone());

    assert!(
        matches!(result, Err(RepositoryError::Storage(_))),
        "{result:?}"
    );
    assert_eq!(all(&store), Vec::<u32>::new());
    assert_eq!(
        store
            .visitor_conversation(visitor, None, 10)
            .expect("query"),
        None
    );
    let profile = store
        .find_visitor(&ticket_domain::visitor::TokenHash("v".into()))
        .expect("query");
    assert_eq!(profile.expect("visitor").name, None);
    raw(&path)
        .batch_execute("DROP TRIGGER outbox_fails;")
        .expect("drop trigger");
    assert_eq!(send(&store, message).ticket.number, number(1001));
}

#[test]
fn an_unreadable_outbox_payload_is_given_up_without_blocking() {
    let (_dir, path) = temp_db();
    let store = UnderTest::new(open_sqlite(&path), &["a"]);
    let visitor = visitor(&store, "v");
    for i in 1..=3 {
        send(&store, visitor_message(visitor, &format!("m{i}"), t(i)));
    }
    raw(&path)
        .batch_execute(
            "UPDATE outbox SET payload = '{not json' WHERE id = (SELECT MIN(id) FROM outbox);",
        )
        .expect("corrupt the oldest entry");

    let due = store
        .claim_due(t(5), None, 10, std::time::Duration::ZERO)
        .expect("due");

    let texts: Vec<&str> = due.iter().map(|e| e.notification.text.as_str()).collect();
    assert_eq!(texts, ["m2", "m3"]);
    assert_eq!(
        store.backlog().expect("backlog"),
        OutboxBacklog {
            pending: 2,
            failed: 1
        }
    );
}

#[test]
fn a_stored_operator_name_that_is_no_display_name_is_reported_corrupt() {
    let (_dir, path) = temp_db();
    let store = UnderTest::new(open_sqlite(&path), &[]);
    let n = open_ticket(&store, "v", "help", t(1)).number;
    let mut reply = operator_message(n, "answer", t(2));
    reply.by = Some(team_member(501, "Marie"));
    store.record_operator_message(reply).expect("reply");
    store
        .add_note(note(n, "VIP", Some(team_member(501, "Marie")), t(3)))
        .expect("note");
    raw(&path)
        .batch_execute("UPDATE messages SET operator_name = ' ' WHERE operator_id = 501;")
        .expect("corrupt the reply's author");

    let history = store.ticket_history(n, 10);

    assert!(
        matches!(&history, Err(RepositoryError::Storage(e))
            if e.to_string().contains("corrupt operator name")),
        "as a visitor's name, an invalid operator's name is corrupt data: {history:?}"
    );
    raw(&path)
        .batch_execute(
            "UPDATE messages SET operator_name = 'Marie' WHERE operator_id = 501;
             UPDATE ticket_notes SET operator_name = ' ' WHERE operator_id = 501;",
        )
        .expect("corrupt the note's author");
    let history = store.ticket_history(n, 10);
    assert!(
        matches!(&history, Err(RepositoryError::Storage(e))
            if e.to_string().contains("corrupt operator name")),
        "{history:?}"
    );
}

#[test]
fn half_an_assignee_is_refused_by_the_schema() {
    let (_dir, path) = temp_db();
    let store = UnderTest::new(open_sqlite(&path), &[]);
    let n = open_ticket(&store, "v", "help", t(1)).number;
    let mut raw = raw(&path);

    let id_alone = raw.batch_execute("UPDATE tickets SET assignee_id = 501;");
    let name_alone = raw.batch_execute("UPDATE tickets SET assignee_name = 'Marie';");

    assert!(id_alone.is_err(), "an id without a name");
    assert!(name_alone.is_err(), "a name without an id");
    raw.batch_execute("UPDATE tickets SET assignee_id = 501, assignee_name = 'Marie';")
        .expect("both");
    assert_eq!(
        store.ticket(n).expect("query").expect("ticket").assignee,
        Some(team_member(501, "Marie"))
    );
}

#[test]
fn a_stored_assignee_name_that_is_no_display_name_is_reported_corrupt() {
    let (_dir, path) = temp_db();
    let store = UnderTest::new(open_sqlite(&path), &[]);
    let n = open_ticket(&store, "v", "help", t(1)).number;
    store
        .assign(n, Some(team_member(501, "Marie")))
        .expect("assigned");
    raw(&path)
        .batch_execute("UPDATE tickets SET assignee_name = ' ' WHERE assignee_id = 501;")
        .expect("corrupt the assignee");

    let ticket = store.ticket(n);

    assert!(
        matches!(&ticket, Err(RepositoryError::Storage(e))
            if e.to_string().contains("corrupt operator name")),
        "{ticket:?}"
    );
}

#[test]
fn the_ninth_migration_is_undone_and_done_again() {
    let (_dir, path) = temp_db();
    let store = UnderTest::new(open_sqlite(&path), &[]);
    let n = open_ticket(&store, "v", "help", t(1)).number;
    store
        .assign(n, Some(team_member(501, "Marie")))
        .expect("assigned");
    drop(store);
    let mut raw = raw(&path);

    raw.batch_execute(include_str!(
        "../../../../migrations/2026-12-04-000009_assignee/down.sql"
    ))
    .expect("down");
    raw.batch_execute(include_str!(
        "../../../../migrations/2026-12-04-000009_assignee/up.sql"
    ))
    .expect("up again");

    let store = open_sqlite(&path);
    assert_eq!(
        store.ticket(n).expect("query").expect("ticket").assignee,
        None
    );
}

#[derive(QueryableByName, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Group {
    #[diesel(sql_type = diesel::sql_types::Text)]
    status: String,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    priority: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    answered: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

#[test]
fn the_counts_kept_by_triggers_match_a_full_count() {
    let (_dir, path) = temp_db();
    let store = UnderTest::new(open_sqlite(&path), &[]);
    let priorities = [
        Priority::Low,
        Priority::Medium,
        Priority::High,
        Priority::Urgent,
    ];
    for i in 0..40_u32 {
        let n = open_ticket(&store, &format!("v{i}"), "q", t(i64::from(i))).number;
        let at = t(100 + i64::from(i));
        store
            .set_priority(n, priorities[(i % 4) as usize], at)
            .expect("priority");
        if i % 3 == 0 {
            store
                .record_operator_message(operator_message(n, "r", at))
                .expect("reply");
        }
        if i % 5 == 0 {
            store
                .change_status(status_change(n, Status::Closed, at))
                .expect("close");
        }
        if i % 10 == 0 {
            store
                .change_status(status_change(n, Status::Open, at))
                .expect("reopen");
        }
    }

    let mut kept: Vec<Group> =
        diesel::sql_query("SELECT status, priority, answered, n FROM ticket_counts WHERE n > 0")
            .load(&mut raw(&path))
            .expect("kept counts");
    let mut full: Vec<Group> = diesel::sql_query(
        "SELECT status, priority, first_response_at IS NOT NULL AS answered, COUNT(*) AS n \
         FROM tickets GROUP BY 1, 2, 3",
    )
    .load(&mut raw(&path))
    .expect("full count");

    kept.sort();
    full.sort();
    assert_eq!(kept, full);
    for filter in [
        ListFilter::Active,
        ListFilter::Open,
        ListFilter::Pending,
        ListFilter::Closed,
        ListFilter::Urgent,
        ListFilter::All,
    ] {
        let page = store
            .list_tickets(TicketQuery {
                filter,
                offset: 0,
                limit: 100,
            })
            .expect("list");
        assert_eq!(page.total_matching, page.tickets.len() as u64, "{filter:?}");
    }
}
