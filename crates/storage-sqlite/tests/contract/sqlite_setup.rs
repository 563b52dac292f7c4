//! SQLite only: how the store opens its file and configures every connection.

use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::{QueryableByName, RunQueryDsl};
use storage_sqlite::{SqliteStore, StoreConfig, Synchronous};
use ticket_domain::ports::{
    OperatorChat, OperatorChatStore, RepositoryError, SentAbout, StatsQuery, StatusCounts,
    TicketRepository,
};

use crate::{open_sqlite, raw, temp_db};
use storage_contract::support::*;

#[test]
fn foreign_keys_are_enforced_on_every_connection() {
    let (_dir, path) = temp_db();
    let store = UnderTest::new(open_sqlite(&path), &[]);

    let result = store.remember_sent(OperatorChat(1), 1, SentAbout::Ticket(number(4242)));

    assert!(
        matches!(result, Err(RepositoryError::Storage(_))),
        "{result:?}"
    );
}

#[derive(QueryableByName)]
struct JournalMode {
    #[diesel(sql_type = diesel::sql_types::Text)]
    journal_mode: String,
}

#[test]
fn the_file_is_in_wal_mode() {
    let (_dir, path) = temp_db();
    let _store = open_sqlite(&path);

    let mode: Vec<JournalMode> = diesel::sql_query("PRAGMA journal_mode")
        .load(&mut raw(&path))
        .expect("pragma");

    assert_eq!(mode[0].journal_mode, "wal");
}

#[test]
fn url_forms_and_synchronous_normal_open_the_same_file() {
    let (_dir, path) = temp_db();
    for url in [
        format!("sqlite://{}", path.display()),
        format!("file:{}", path.display()),
    ] {
        let mut config = StoreConfig::new(url);
        config.synchronous = Synchronous::Normal;
        config.pool_size = 2;
        let store = SqliteStore::open(config).expect("opened");
        store.ping().expect("ping");
        drop(store);
    }
    assert!(path.exists());
}

#[test]
fn an_in_memory_database_is_refused() {
    for url in [
        ":memory:",
        "sqlite://:memory:",
        "file::memory:?cache=shared",
        "",
    ] {
        assert!(SqliteStore::open(StoreConfig::new(url)).is_err(), "{url:?}");
    }
}

#[test]
fn a_missing_directory_is_an_open_error() {
    let (dir, _) = temp_db();
    let url = dir.path().join("missing").join("chat.db");

    let result = SqliteStore::open(StoreConfig::new(url.to_string_lossy()));

    assert!(
        matches!(result, Err(storage_sqlite::StorageError::Open { .. })),
        "{result:?}"
    );
}

#[test]
fn a_database_of_the_first_schema_is_upgraded_with_its_tickets_counted() {
    let (_dir, path) = temp_db();
    let mut conn = raw(&path);
    conn.batch_execute(include_str!(
        "../../../../migrations/2026-11-25-000001_create_tables/up.sql"
    ))
    .expect("first schema");
    conn.batch_execute(
        "CREATE TABLE __diesel_schema_migrations (
             version VARCHAR(50) PRIMARY KEY NOT NULL,
             run_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP);
         INSERT INTO __diesel_schema_migrations (version) VALUES ('20261125000001');
         INSERT INTO visitors (id, token_hash, created_at) VALUES (1, 'a', 0), (2, 'b', 0);
         INSERT INTO tickets (number, visitor_id, subject, status, priority, created_at,
                              last_activity_at, first_response_at)
         VALUES (1001, 1, 'q', 'pending', 3, 0, 90000000, 90000000),
                (1002, 2, 'q', 'open', 1, 0, 0, NULL);",
    )
    .expect("tickets of the first schema");
    drop(conn);

    let store = UnderTest::new(open_sqlite(&path), &[]);

    let stats = store
        .stats(StatsQuery {
            stale_before: t(0),
            today_starts_at: t(0),
            urgent_limit: 5,
        })
        .expect("stats");
    assert_eq!(
        stats.counts,
        StatusCounts {
            open: 1,
            pending: 1,
            closed: 0
        }
    );
    assert_eq!(stats.urgent, 1);
    assert_eq!(stats.median_first_response, Some(Duration::from_secs(90)));
    assert_eq!(open_ticket(&store, "c", "new", t(1)).number, number(1003));
}

#[test]
fn a_database_of_the_second_schema_keeps_its_remembered_messages_and_accepts_digests() {
    let (_dir, path) = temp_db();
    let mut conn = raw(&path);
    for up in [
        include_str!("../../../../migrations/2026-11-25-000001_create_tables/up.sql"),
        include_str!("../../../../migrations/2026-11-25-000002_cheap_counts/up.sql"),
    ] {
        conn.batch_execute(up).expect("earlier schema");
    }
    conn.batch_execute(
        "CREATE TABLE __diesel_schema_migrations (
             version VARCHAR(50) PRIMARY KEY NOT NULL,
             run_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP);
         INSERT INTO __diesel_schema_migrations (version)
             VALUES ('20261125000001'), ('20261125000002');
         INSERT INTO visitors (id, token_hash, created_at) VALUES (1, 'a', 0);
         INSERT INTO tickets (number, visitor_id, subject, status, priority, created_at,
                              last_activity_at)
         VALUES (1001, 1, 'q', 'open', 1, 0, 0);
         INSERT INTO sent_messages (chat_id, message_id, ticket_number) VALUES (7, 70, 1001);",
    )
    .expect("a remembered message of the second schema");
    drop(conn);

    let store = UnderTest::new(open_sqlite(&path), &[]);

    assert_eq!(
        store.sent_about(OperatorChat(7), 70).expect("query"),
        Some(SentAbout::Ticket(number(1001)))
    );
    store
        .remember_sent(OperatorChat(7), 71, SentAbout::SeveralTickets)
        .expect("a digest is remembered");
    assert_eq!(
        store.sent_about(OperatorChat(7), 71).expect("query"),
        Some(SentAbout::SeveralTickets)
    );
    let unknown = store.remember_sent(OperatorChat(7), 72, SentAbout::Ticket(number(4242)));
    assert!(
        matches!(unknown, Err(RepositoryError::Storage(_))),
        "the foreign key is kept: {unknown:?}"
    );
}

#[test]
fn a_database_of_the_seventh_schema_keeps_its_replies_without_an_author_and_takes_notes() {
    let (_dir, path) = temp_db();
    let mut conn = raw(&path);
    for up in [
        include_str!("../../../../migrations/2026-11-25-000001_create_tables/up.sql"),
        include_str!("../../../../migrations/2026-11-25-000002_cheap_counts/up.sql"),
        include_str!("../../../../migrations/2026-11-25-000003_digest_messages/up.sql"),
        include_str!("../../../../migrations/2026-12-03-000004_client_id_per_author/up.sql"),
        include_str!("../../../../migrations/2026-12-03-000005_visitors_created/up.sql"),
        include_str!("../../../../migrations/2026-12-03-000006_claims/up.sql"),
        include_str!("../../../../migrations/2026-12-04-000007_forum_topics/up.sql"),
    ] {
        conn.batch_execute(up).expect("earlier schema");
    }
    conn.batch_execute(
        "CREATE TABLE __diesel_schema_migrations (
             version VARCHAR(50) PRIMARY KEY NOT NULL,
             run_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP);
         INSERT INTO __diesel_schema_migrations (version)
             VALUES ('20261125000001'), ('20261125000002'), ('20261125000003'),
                    ('20261203000004'), ('20261203000005'), ('20261203000006'),
                    ('20261204000007');
         INSERT INTO visitors (id, token_hash, created_at) VALUES (1, 'a', 0);
         INSERT INTO tickets (number, visitor_id, subject, status, priority, created_at,
                              last_activity_at)
         VALUES (1001, 1, 'q', 'pending', 1, 0, 0);
         INSERT INTO messages (ticket_number, author, text, sent_at)
         VALUES (1001, 'visitor', 'q', 0), (1001, 'operator', 'an old reply', 1);",
    )
    .expect("a reply of the seventh schema");
    drop(conn);

    let store = UnderTest::new(open_sqlite(&path), &[]);
    store
        .add_note(note(number(1001), "first note", None, t(1)))
        .expect("note");

    let history = store
        .ticket_history(number(1001), 10)
        .expect("query")
        .expect("ticket");
    let operators: Vec<_> = history.messages.iter().map(|m| &m.operator).collect();
    assert_eq!(operators, [&None, &None]);
    assert_eq!(history.notes.len(), 1);
}

#[test]
fn a_database_of_the_eighth_schema_keeps_its_tickets_and_reads_them_unassigned() {
    let (_dir, path) = temp_db();
    let mut conn = raw(&path);
    for up in [
        include_str!("../../../../migrations/2026-11-25-000001_create_tables/up.sql"),
        include_str!("../../../../migrations/2026-11-25-000002_cheap_counts/up.sql"),
        include_str!("../../../../migrations/2026-11-25-000003_digest_messages/up.sql"),
        include_str!("../../../../migrations/2026-12-03-000004_client_id_per_author/up.sql"),
        include_str!("../../../../migrations/2026-12-03-000005_visitors_created/up.sql"),
        include_str!("../../../../migrations/2026-12-03-000006_claims/up.sql"),
        include_str!("../../../../migrations/2026-12-04-000007_forum_topics/up.sql"),
        include_str!("../../../../migrations/2026-12-04-000008_operators_and_notes/up.sql"),
    ] {
        conn.batch_execute(up).expect("earlier schema");
    }
    conn.batch_execute(
        "CREATE TABLE __diesel_schema_migrations (
             version VARCHAR(50) PRIMARY KEY NOT NULL,
             run_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP);
         INSERT INTO __diesel_schema_migrations (version)
             VALUES ('20261125000001'), ('20261125000002'), ('20261125000003'),
                    ('20261203000004'), ('20261203000005'), ('20261203000006'),
                    ('20261204000007'), ('20261204000008');
         INSERT INTO visitors (id, token_hash, created_at) VALUES (1, 'a', 0);
         INSERT INTO tickets (number, visitor_id, subject, status, priority, created_at,
                              last_activity_at)
         VALUES (1001, 1, 'q', 'pending', 1, 0, 0);",
    )
    .expect("a ticket of the eighth schema");
    drop(conn);

    let store = UnderTest::new(open_sqlite(&path), &[]);
    let before = store.ticket(number(1001)).expect("query").expect("ticket");
    let marie = Some(team_member(501, "Marie"));
    store.assign(number(1001), marie.clone()).expect("assigned");

    assert_eq!((before.subject.as_str(), before.assignee), ("q", None));
    let after = store.ticket(number(1001)).expect("query").expect("ticket");
    assert_eq!(after.assignee, marie);
}
