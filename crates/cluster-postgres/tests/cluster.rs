//! The live events and the leader lock between instances, on a real PostgreSQL (a database of
//! its own per test, on the server of TEST_POSTGRES_URL; skipped without it).

#![allow(clippy::unwrap_used)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use cluster_postgres::{Cluster, Leadership};
use diesel::{Connection, PgConnection, RunQueryDsl};
use storage_contract::support::{send, t, visitor, visitor_message, UnderTest};
use storage_postgres::testing::TestDatabase;
use ticket_domain::notification::OperatorNotification;
use ticket_domain::ports::{OperatorNotifier, VisitorChannel, VisitorEvent};
use ticket_domain::ticket::Status;
use ticket_domain::visitor::VisitorId;

/// Generous: the machines running the tests are shared and slow.
const PATIENCE: Duration = Duration::from_secs(30);

/// What one instance's sockets, resumptions and outbox wake-ups saw.
#[derive(Default)]
struct Seen {
    events: Mutex<Vec<(VisitorId, VisitorEvent)>>,
    resumes: AtomicUsize,
    wakes: AtomicUsize,
}

impl VisitorChannel for Seen {
    fn push(&self, visitor: VisitorId, event: VisitorEvent) {
        self.events.lock().unwrap().push((visitor, event));
    }
}

/// A notifier that does nothing (the local outbox worker of the instance publishing).
struct Quiet;

impl OperatorNotifier for Quiet {
    fn notify(&self, _: &OperatorNotification) {}
}

/// An instance's cluster, and what it saw.
fn instance(url: &str) -> (Cluster, Arc<Seen>) {
    let seen = Arc::new(Seen::default());
    let (resumed, woken) = (Arc::clone(&seen), Arc::clone(&seen));
    let cluster = Cluster::start(
        url,
        seen.clone(),
        Box::new(move || {
            resumed.resumes.fetch_add(1, Ordering::SeqCst);
        }),
        Box::new(move || {
            woken.wakes.fetch_add(1, Ordering::SeqCst);
        }),
    )
    .unwrap();
    (cluster, seen)
}

fn eventually(what: &str, condition: impl Fn() -> bool) {
    let deadline = Instant::now() + PATIENCE;
    while !condition() {
        assert!(Instant::now() < deadline, "never: {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn events_of_one_instance_reach_the_sockets_of_the_other_once() {
    let Some(database) = TestDatabase::create() else {
        return;
    };
    let store = UnderTest::new(database.open(), &[]);
    let (first, seen_by_first) = instance(database.url());
    let (_second, seen_by_second) = instance(database.url());
    let visitor = visitor(&store, "v");
    let stored = send(&store, visitor_message(visitor, "Bonjour", t(1)));
    let message = VisitorEvent::Message {
        ticket: stored.ticket.number,
        message: stored.message.clone(),
    };
    let status = VisitorEvent::Status {
        ticket: stored.ticket.number,
        status: Status::Closed,
    };

    let channel = first.visitor_channel();
    channel.push(visitor, message.clone());
    channel.push(visitor, status.clone());

    let expected = vec![(visitor, message), (visitor, status)];
    eventually("the other instance's sockets get both events", || {
        *seen_by_second.events.lock().unwrap() == expected
    });
    assert_eq!(
        *seen_by_first.events.lock().unwrap(),
        expected,
        "pushed locally, once"
    );
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(
        *seen_by_second.events.lock().unwrap(),
        expected,
        "and only once"
    );
}

#[test]
fn a_notification_on_one_instance_wakes_the_outbox_of_the_other() {
    let Some(database) = TestDatabase::create() else {
        return;
    };
    let (first, _) = instance(database.url());
    let (_second, seen_by_second) = instance(database.url());
    let store = UnderTest::new(database.open(), &["a"]);
    let visitor = visitor(&store, "v");
    let stored = send(&store, visitor_message(visitor, "Bonjour", t(1)));

    first
        .operator_notifier(Arc::new(Quiet))
        .notify(&stored.notification);

    eventually("the other instance's outbox is woken", || {
        seen_by_second.wakes.load(Ordering::SeqCst) > 0
    });
}

#[test]
fn a_listener_cut_off_makes_the_sockets_resume_and_then_events_flow_again() {
    let Some(database) = TestDatabase::create() else {
        return;
    };
    let store = UnderTest::new(database.open(), &[]);
    let (first, _) = instance(database.url());
    let (_second, seen_by_second) = instance(database.url());
    let visitor = visitor(&store, "v");
    let stored = send(&store, visitor_message(visitor, "Bonjour", t(1)));

    let mut admin = PgConnection::establish(database.url()).unwrap();
    diesel::sql_query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    .execute(&mut admin)
    .unwrap();

    eventually("the sockets are told to resume", || {
        seen_by_second.resumes.load(Ordering::SeqCst) > 0
    });
    let event = VisitorEvent::Message {
        ticket: stored.ticket.number,
        message: stored.message,
    };
    let channel = first.visitor_channel();
    eventually("events flow again once both reconnected", || {
        channel.push(visitor, event.clone());
        std::thread::sleep(Duration::from_millis(100));
        !seen_by_second.events.lock().unwrap().is_empty()
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_lead_passes_to_another_instance_when_the_leader_goes() {
    let Some(database) = TestDatabase::create() else {
        return;
    };
    const KEY: i64 = 42;
    let mut first = Leadership::campaign(database.url(), KEY).unwrap();
    tokio::time::timeout(PATIENCE, first.won())
        .await
        .expect("the only candidate leads");
    let mut second = Leadership::campaign(database.url(), KEY).unwrap();
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    assert!(!second.is_leader(), "one leader at a time");

    drop(first);

    tokio::time::timeout(PATIENCE, second.won())
        .await
        .expect("the other candidate takes over");
}
