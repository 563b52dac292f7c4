//! Several instances of the real binary on one PostgreSQL database (a database of its own per
//! test, on the server of TEST_POSTGRES_URL; skipped without it): they share tickets and
//! numbering, live events cross from one to the other, exactly one polls Telegram and another
//! takes over when it dies; and `copy-database` moves a SQLite install over.

use std::collections::BTreeSet;

use fake_telegram::FakeTelegram;
use futures_util::future::join_all;
use serde_json::{json, Value};
use storage_postgres::testing::TestDatabase;

use crate::helpers::{app_command, RunningApp, OPERATOR, PATIENCE};

/// Settings that let one test client stand for many visitors: the loopback proxy's
/// `X-Forwarded-For` is believed, so each visitor has an address (and rate limits) of its own.
const BEHIND_PROXY: (&str, &str) = ("TRUSTED_PROXIES", "127.0.0.1");

/// Two instances with the operator side on (fake) Telegram, polling, on `database`.
fn two_instances(database: &TestDatabase, telegram: &FakeTelegram) -> (RunningApp, RunningApp) {
    let first = RunningApp::start_with_telegram(database.url(), &telegram.api_url());
    let second = RunningApp::start_with_telegram(database.url(), &telegram.api_url());
    (first, second)
}

/// Which of the two polls Telegram (the other says it waits), and the other.
fn leader_first(first: RunningApp, second: RunningApp) -> (RunningApp, RunningApp) {
    let waits = |line: &str| line.contains("another instance polls Telegram");
    loop {
        if first
            .wait_stderr(waits, std::time::Duration::ZERO)
            .is_some()
        {
            return (second, first);
        }
        if second
            .wait_stderr(waits, std::time::Duration::from_millis(50))
            .is_some()
        {
            return (first, second);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_reaches_the_visitors_sockets_on_every_instance() {
    let Some(database) = TestDatabase::create() else {
        return;
    };
    let telegram = FakeTelegram::start();
    let (first, second) = two_instances(&database, &telegram);
    let token = second.new_visitor().await;

    let (status, body) = second
        .send(&token, json!({"text": "Bonjour", "client_id": "c-1"}))
        .await;

    assert_eq!((status, body["ticket"].as_str()), (201, Some("T1001")));
    let notification = telegram
        .wait_for_sent(|m| m.text.starts_with("🆕 NOUVEAU TICKET T1001"), PATIENCE)
        .expect("the operator is notified, whichever instance delivers");
    let mut on_first = first.socket(&token).await;
    let mut on_second = second.socket(&token).await;
    telegram.push_reply(OPERATOR, "Bonjour, je regarde", notification.message_id);

    for socket in [&mut on_first, &mut on_second] {
        let frame = socket.next_operator_message().await;
        assert_eq!(frame["message"]["text"], "Bonjour, je regarde");
    }
    assert_eq!(first.conversation(&token).await["status"], "pending");
    let conflicts = telegram
        .call_log("getUpdates")
        .iter()
        .filter(|call| call.status == 409)
        .count();
    assert_eq!(conflicts, 0, "only one instance polls");
}

/// A new visitor behind the address `ip`.
async fn visitor_at(app: &RunningApp, ip: &str) -> String {
    let response = app
        .http
        .post(format!("{}/api/v1/visitors", app.base))
        .header("X-Forwarded-For", ip)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    response.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The ticket of a first message sent from `ip`.
async fn first_message(app: &RunningApp, ip: String) -> String {
    let token = visitor_at(app, &ip).await;
    let response = app
        .http
        .post(format!("{}/api/v1/messages", app.base))
        .header("X-Forwarded-For", &ip)
        .bearer_auth(&token)
        .json(&json!({"text": format!("Bonjour de {ip}")}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    response.json::<Value>().await.unwrap()["ticket"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_messages_spread_over_two_instances_are_numbered_t1001_to_t1200() {
    let Some(database) = TestDatabase::create() else {
        return;
    };
    let first = RunningApp::start(database.url(), &[BEHIND_PROXY]);
    let second = RunningApp::start(database.url(), &[BEHIND_PROXY]);

    let sends = (0..200_u32).map(|i| {
        let app = if i % 2 == 0 { &first } else { &second };
        first_message(app, format!("10.0.{}.{}", i / 100, i % 100 + 1))
    });
    let tickets: BTreeSet<String> = join_all(sends).await.into_iter().collect();

    let expected: BTreeSet<String> = (1001..=1200).map(|n| format!("T{n}")).collect();
    assert_eq!(tickets, expected);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn when_the_polling_instance_dies_the_other_takes_over() {
    let Some(database) = TestDatabase::create() else {
        return;
    };
    let telegram = FakeTelegram::start();
    let (first, second) = two_instances(&database, &telegram);
    let (leader, follower) = leader_first(first, second);
    let token = follower.new_visitor().await;
    follower.send(&token, json!({"text": "Avant"})).await;
    telegram
        .wait_for_sent(|m| m.text.contains("NOUVEAU TICKET T1001"), PATIENCE)
        .expect("notified by the leader");

    leader.kill();
    let (status, _) = follower
        .send(&token, json!({"text": "Après la panne"}))
        .await;

    assert_eq!(status, 201);
    telegram
        .wait_for_sent(|m| m.text.contains("Après la panne"), PATIENCE)
        .expect("the other instance took over the delivery");
    let mut socket = follower.socket(&token).await;
    telegram.push_text(OPERATOR, "/reply T1001 Toujours là");
    assert_eq!(
        socket.next_operator_message().await["message"]["text"],
        "Toujours là",
        "and the polling"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copy_database_moves_a_sqlite_install_to_postgresql_once() {
    let Some(database) = TestDatabase::create() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let sqlite = dir.path().join("tickets.db");
    let app = RunningApp::start(&sqlite, &[]);
    let token = app.new_visitor().await;
    app.send(&token, json!({"text": "Premier"})).await;
    app.send(&token, json!({"text": "Second"})).await;
    assert!(app.terminate().success());
    let copy = |to: &str| {
        app_command(&sqlite, &[])
            .args(["copy-database", "--from"])
            .arg(&sqlite)
            .args(["--to", to])
            .output()
            .unwrap()
    };

    let copied = copy(database.url());

    let stdout = String::from_utf8_lossy(&copied.stdout);
    assert!(
        copied.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&copied.stderr)
    );
    assert!(stdout.contains("1 tickets, 2 messages"), "{stdout}");
    let app = RunningApp::start(database.url(), &[]);
    let texts: Vec<Value> = app.conversation(&token).await["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["text"].clone())
        .collect();
    assert_eq!(texts, [json!("Premier"), json!("Second")]);
    let newcomer = app.new_visitor().await;
    let (_, body) = app.send(&newcomer, json!({"text": "Nouveau"})).await;
    assert_eq!(body["ticket"], "T1002", "numbering continues");

    let again = copy(database.url());
    assert!(!again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("not empty"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
}
