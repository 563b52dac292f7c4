//! What only PostgreSQL needs testing: several stores on one database, as several instances
//! of the app open it, writing at once (assignments included); and what its transactions leave
//! when one fails.

use std::collections::HashSet;
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection, QueryableByName, RunQueryDsl};
use storage_contract::support::*;
use storage_postgres::testing::TestDatabase;
use storage_postgres::PostgresStore;
use ticket_domain::command::ListFilter;
use ticket_domain::ports::{
    InboundClaim, InboundLog, NotificationOutbox, OutboxBacklog, RepositoryError, TicketQuery,
    TicketRepository,
};
use ticket_domain::ticket::Status;

/// `n` stores on one new database, as `n` instances would open it; `None` when skipped.
fn instances(n: usize) -> Option<(TestDatabase, Vec<UnderTest<PostgresStore>>)> {
    let database = TestDatabase::create()?;
    let stores = (0..n)
        .map(|_| UnderTest::new(database.open(), &["a"]))
        .collect();
    Some((database, stores))
}

/// Every ticket number, in order.
fn all(store: &PostgresStore) -> Vec<u32> {
    let page = store
        .list_tickets(TicketQuery {
            filter: ListFilter::All,
            offset: 0,
            limit: 1_000,
        })
        .expect("list");
    let mut numbers: Vec<u32> = page.tickets.iter().map(|t| t.number.value()).collect();
    numbers.sort_unstable();
    numbers
}

/// Runs `work(i, store)` on a thread per store, all released at once; their results.
fn at_once<T: Send + 'static>(
    stores: &[UnderTest<PostgresStore>],
    work: impl Fn(usize, &UnderTest<PostgresStore>) -> T + Send + Sync + 'static,
) -> Vec<T> {
    let work = Arc::new(work);
    let barrier = Arc::new(Barrier::new(stores.len()));
    let handles: Vec<_> = stores
        .iter()
        .cloned()
        .enumerate()
        .map(|(i, store)| {
            let (work, barrier) = (Arc::clone(&work), Arc::clone(&barrier));
            thread::spawn(move || {
                barrier.wait();
                work(i, &store)
            })
        })
        .collect();
    handles
        .into_iter()
        .map(|h| h.join().expect("worker thread"))
        .collect()
}

#[test]
fn first_messages_on_eight_instances_at_once_get_t1001_to_t1008() {
    let Some((_db, stores)) = instances(8) else {
        return;
    };
    let per_instance = at_once(&stores, |i, store| {
        let visitor = visitor(store, &format!("visitor-{i}"));
        (0..5)
            .map(|j| {
                send(store, visitor_message(visitor, &format!("m{j}"), t(j)))
                    .ticket
                    .number
                    .value()
            })
            .collect::<Vec<_>>()
    });

    for numbers in &per_instance {
        assert!(numbers.iter().all(|n| *n == numbers[0]), "{numbers:?}");
    }
    let mut firsts: Vec<u32> = per_instance.iter().map(|n| n[0]).collect();
    firsts.sort_unstable();
    assert_eq!(firsts, (1001..=1008).collect::<Vec<_>>());
    assert_eq!(all(&stores[0]), firsts);
    assert_eq!(
        stores[3].backlog().expect("backlog"),
        OutboxBacklog {
            pending: 40,
            failed: 0
        }
    );
}

#[test]
fn one_visitor_writing_on_two_instances_at_once_has_one_ticket() {
    let Some((_db, stores)) = instances(2) else {
        return;
    };
    let visitor = visitor(&stores[0], "v");
    let numbers = at_once(&stores, move |i, store| {
        (0..10)
            .map(|j| {
                let text = format!("from {i}: {j}");
                send(store, visitor_message(visitor, &text, t(j)))
                    .ticket
                    .number
            })
            .collect::<HashSet<_>>()
    });

    assert_eq!(numbers[0], numbers[1]);
    assert_eq!(numbers[0].len(), 1);
    let history = stores[1]
        .ticket_history(number(1001), 100)
        .expect("query")
        .expect("ticket");
    assert_eq!(history.total_messages, 20);
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
fn opposite_changes_on_two_instances_keep_the_counts_exact() {
    let Some((db, stores)) = instances(2) else {
        return;
    };
    let tickets: Vec<_> = (0..20)
        .map(|i| open_ticket(&stores[0], &format!("v{i}"), "q", t(i)).number)
        .collect();
    let tickets = Arc::new(tickets);
    let outcomes = at_once(&stores, {
        let tickets = Arc::clone(&tickets);
        move |i, store| {
            let mut refused = 0;
            for round in 0..5 {
                for (k, ticket) in tickets.iter().enumerate() {
                    // One instance closes while the other reopens or replies.
                    let at = t(100 + round * 100 + i64::try_from(k).unwrap_or(0));
                    let result = if i == 0 {
                        store
                            .change_status(status_change(*ticket, Status::Closed, at))
                            .map(drop)
                    } else if k % 2 == 0 {
                        store
                            .change_status(status_change(*ticket, Status::Open, at))
                            .map(drop)
                    } else {
                        store
                            .record_operator_message(operator_message(*ticket, "r", at))
                            .map(drop)
                    };
                    match result {
                        Ok(_) => {}
                        Err(RepositoryError::StatusConflict { .. }) => refused += 1,
                        Err(error) => panic!("{error:?}"),
                    }
                }
            }
            refused
        }
    });
    assert!(
        outcomes.iter().all(|refused| *refused <= 100),
        "{outcomes:?}"
    );

    let mut raw = PgConnection::establish(db.url()).expect("raw connection");
    let mut kept: Vec<Group> =
        diesel::sql_query("SELECT status, priority, answered, n FROM ticket_counts WHERE n > 0")
            .load(&mut raw)
            .expect("kept counts");
    let mut full: Vec<Group> = diesel::sql_query(
        "SELECT status, priority, (first_response_at IS NOT NULL)::INT::BIGINT AS answered, \
         COUNT(*) AS n FROM tickets GROUP BY 1, 2, 3",
    )
    .load(&mut raw)
    .expect("full count");
    kept.sort();
    full.sort();
    assert_eq!(kept, full);
}

#[test]
fn delivery_workers_on_four_instances_never_claim_an_entry_twice() {
    let Some((_db, stores)) = instances(4) else {
        return;
    };
    for i in 0..10 {
        let visitor = visitor(&stores[0], &format!("v{i}"));
        for j in 0..10_i64 {
            send(
                &stores[0],
                visitor_message(visitor, &format!("{i}.{j}"), t(j)),
            );
        }
    }
    // Each worker claims, delivers what it claimed, and goes on until nothing is pending.
    let claimed = at_once(&stores, |_, store| {
        let mut mine = Vec::new();
        while store.backlog().expect("backlog").pending > 0 {
            let due = store
                .claim_due(t(1_000), None, 3, Duration::from_secs(60))
                .expect("claim");
            let ids: Vec<_> = due.into_iter().map(|entry| entry.id).collect();
            store.mark_delivered(&ids, t(1_001)).expect("delivered");
            mine.extend(ids);
        }
        mine
    });

    let all: Vec<_> = claimed.iter().flatten().collect();
    let distinct: HashSet<_> = all.iter().collect();
    assert_eq!(all.len(), distinct.len(), "an entry was claimed twice");
    assert_eq!(all.len(), 100, "every entry claimed once");
}

#[test]
fn an_update_delivered_to_four_instances_at_once_is_claimed_by_one() {
    let Some((_db, stores)) = instances(4) else {
        return;
    };
    for update in 1..=20 {
        let claims = at_once(&stores, move |_, store| {
            store
                .claim(update, t(10), Duration::from_secs(30))
                .expect("claim")
        });
        let claimed = claims
            .iter()
            .filter(|c| **c == InboundClaim::Claimed)
            .count();
        assert_eq!(claimed, 1, "update {update}: {claims:?}");
        stores[0].complete(update, t(11)).expect("complete");
        let again = stores[2].claim(update, t(12), Duration::from_secs(30));
        assert!(matches!(again, Ok(InboundClaim::Done)), "{again:?}");
    }
}

#[test]
fn four_instances_starting_on_an_empty_database_create_the_schema_once() {
    let Some(database) = TestDatabase::create() else {
        return;
    };
    let url = database.url().to_owned();
    let barrier = Arc::new(Barrier::new(4));
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let (url, barrier) = (url.clone(), Arc::clone(&barrier));
            thread::spawn(move || {
                barrier.wait();
                PostgresStore::open(storage_postgres::PostgresConfig::new(url))
            })
        })
        .collect();
    let stores: Vec<_> = handles
        .into_iter()
        .map(|h| h.join().expect("thread").expect("store opened"))
        .collect();

    let store = UnderTest::new(stores[3].clone(), &[]);
    assert_eq!(open_ticket(&store, "v", "q", t(1)).number, number(1001));
    stores[0].ping().expect("ping");
}

#[test]
fn a_transaction_failing_half_way_leaves_nothing_written_and_no_number_used() {
    let Some((db, stores)) = instances(1) else {
        return;
    };
    let store = &stores[0];
    let visitor = visitor(store, "v");
    let mut raw = PgConnection::establish(db.url()).expect("raw connection");
    raw.batch_execute(
        "CREATE FUNCTION fail() RETURNS TRIGGER LANGUAGE plpgsql AS \
         $$ BEGIN RAISE EXCEPTION 'disk full'; END; $$; \
         CREATE TRIGGER outbox_fails BEFORE INSERT ON outbox \
         FOR EACH ROW EXECUTE FUNCTION fail();",
    )
    .expect("trigger");

    let result = store.record_visitor_message(visitor_message(visitor, "hello", t(1)));

    assert!(
        matches!(result, Err(RepositoryError::Storage(_))),
        "{result:?}"
    );
    assert_eq!(all(store), Vec::<u32>::new());
    raw.batch_execute("DROP TRIGGER outbox_fails ON outbox;")
        .expect("drop trigger");
    assert_eq!(
        send(store, visitor_message(visitor, "hello", t(2)))
            .ticket
            .number,
        number(1001)
    );
}

#[test]
fn an_unreachable_server_is_an_open_error_without_the_password() {
    let config = storage_postgres::PostgresConfig::new(
        "postgres://chat:hunter2@127.0.0.1:1/chat?connect_timeout=2",
    );
    let error = PostgresStore::open(config).expect_err("nothing listens on port 1");
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains("hunter2"), "{shown}");
    assert!(
        shown.contains("postgres://chat:***@127.0.0.1:1/chat"),
        "{shown}"
    );
}

#[test]
fn after_the_server_drops_every_connection_the_next_reads_and_writes_succeed() {
    let Some((db, stores)) = instances(1) else {
        return;
    };
    let store = &stores[0];
    let ticket = open_ticket(store, "v", "avant", t(1));
    let mut admin = PgConnection::establish(db.url()).expect("admin connection");

    diesel::sql_query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    .execute(&mut admin)
    .expect("terminate the pool's connections");

    let read = store
        .ticket(ticket.number)
        .expect("read on a fresh connection");
    assert_eq!(read.map(|t| t.number), Some(ticket.number));
    store
        .record_operator_message(operator_message(ticket.number, "après", t(2)))
        .expect("write on a fresh connection");
    assert_eq!(
        store
            .ticket_history(ticket.number, 10)
            .expect("history")
            .expect("ticket")
            .total_messages,
        2
    );
}

#[test]
fn assignments_on_four_instances_at_once_leave_one_assignee_whole() {
    let Some((_db, stores)) = instances(4) else {
        return;
    };
    let n = open_ticket(&stores[0], "v", "help", t(1)).number;
    let member = |i: i64| team_member(500 + i, &format!("Member {i}"));

    at_once(&stores, move |i, store| {
        let i = i64::try_from(i).unwrap_or(0);
        for _ in 0..10 {
            store.assign(n, Some(member(i))).expect("assigned");
        }
    });

    let assignee = stores[3]
        .ticket(n)
        .expect("query")
        .expect("ticket")
        .assignee
        .expect("assigned");
    assert_eq!(assignee, member(assignee.id - 500));
}

#[test]
fn replies_on_another_instance_never_undo_an_assignment() {
    let Some((_db, stores)) = instances(2) else {
        return;
    };
    let n = open_ticket(&stores[0], "v", "help", t(1)).number;
    let member = |i: i64| team_member(500 + i, &format!("Member {i}"));

    at_once(&stores, move |i, store| {
        for round in 0..20 {
            if i == 0 {
                store.assign(n, Some(member(round))).expect("assigned");
            } else {
                store
                    .record_operator_message(operator_message(n, "r", t(2 + round)))
                    .expect("reply");
            }
        }
    });

    let ticket = stores[1].ticket(n).expect("query").expect("ticket");
    assert_eq!(
        ticket.assignee,
        Some(member(19)),
        "the last assignment is kept"
    );
}

#[test]
fn half_an_assignee_is_refused_by_the_schema() {
    let Some((db, stores)) = instances(1) else {
        return;
    };
    let n = open_ticket(&stores[0], "v", "help", t(1)).number;
    let mut raw = PgConnection::establish(db.url()).expect("raw connection");

    let id_alone = raw.batch_execute("UPDATE tickets SET assignee_id = 501;");
    let name_alone = raw.batch_execute("UPDATE tickets SET assignee_name = 'Marie';");

    assert!(id_alone.is_err(), "an id without a name");
    assert!(name_alone.is_err(), "a name without an id");
    raw.batch_execute("UPDATE tickets SET assignee_id = 501, assignee_name = 'Marie';")
        .expect("both");
    assert_eq!(
        stores[0]
            .ticket(n)
            .expect("query")
            .expect("ticket")
            .assignee,
        Some(team_member(501, "Marie"))
    );
}
