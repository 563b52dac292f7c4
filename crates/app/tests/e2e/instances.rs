//! Several instances of the real binary on one PostgreSQL database (a database of its own per
//! test, on the server of TEST_POSTGRES_URL; skipped without it): they share tickets and
//! numbering, live events cross from one to the other, exactly one polls Telegram and another
//! takes over when it dies; and `copy-database` moves a SQLite install over.

use std::collections::BTreeSet;

use fake_telegram::FakeTelegram;
use futures_util::future::join_all;
use serde_json::{json, Value};
use storage_postgres::testing::TestDatabase;

use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

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

/// Which of the two polls Telegram (it says it leads), and the other.
fn leader_first(first: RunningApp, second: RunningApp) -> (RunningApp, RunningApp) {
    let leads = |line: &str| line.contains("this instance now leads");
    let deadline = std::time::Instant::now() + PATIENCE;
    loop {
        if first
            .wait_stderr(leads, std::time::Duration::ZERO)
            .is_some()
        {
            return (first, second);
        }
        if second
            .wait_stderr(leads, std::time::Duration::from_millis(50))
            .is_some()
        {
            return (second, first);
        }
        assert!(std::time::Instant::now() < deadline, "no instance leads");
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

/// The webhook settings of every instance behind the load balancer.
const WEBHOOK: [(&str, &str); 6] = [
    ("TELEGRAM_BOT_TOKEN", "123:TEST"),
    ("TELEGRAM_OPERATOR_CHAT_IDS", "42"),
    ("TELEGRAM_MODE", "webhook"),
    (
        "TELEGRAM_WEBHOOK_URL",
        "https://support.example/telegram/webhook",
    ),
    ("TELEGRAM_WEBHOOK_SECRET", "shared-secret"),
    ("TELEGRAM_API_URL", ""),
];

/// Posts `update` to `app`'s webhook as Telegram would; the answer's status.
async fn post_update(app: &RunningApp, update: &Value) -> u16 {
    app.http
        .post(format!("{}/telegram/webhook", app.base))
        .header("X-Telegram-Bot-Api-Secret-Token", "shared-secret")
        .json(update)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_update_posted_to_one_webhook_reaches_the_socket_on_the_other_and_applies_once() {
    let Some(database) = TestDatabase::create() else {
        return;
    };
    let telegram = FakeTelegram::start();
    let api_url = telegram.api_url();
    let mut settings = WEBHOOK;
    settings[5].1 = &api_url;
    let first = RunningApp::start(database.url(), &settings);
    let second = RunningApp::start(database.url(), &settings);
    let token = first.new_visitor().await;
    first.send(&token, json!({"text": "Bonjour"})).await;
    let notification = telegram
        .wait_for_sent(|m| m.text.contains("NOUVEAU TICKET T1001"), PATIENCE)
        .expect("notified by one of the outbox workers");
    let mut on_first = first.socket(&token).await;

    let reply = telegram.text_update(OPERATOR, "Réponse par B", Some(notification.message_id));
    assert_eq!(post_update(&second, &reply).await, 200);

    assert_eq!(
        on_first.next_operator_message().await["message"]["text"],
        "Réponse par B"
    );
    // Telegram retries an update it saw no answer to, maybe on the other instance.
    assert_eq!(post_update(&first, &reply).await, 200);
    assert_eq!(post_update(&second, &reply).await, 200);
    let messages = second.conversation(&token).await["messages"].clone();
    assert_eq!(
        messages.as_array().unwrap().len(),
        2,
        "applied once: {messages}"
    );
    assert!(telegram.wait_until(
        |t| t
            .sent_messages()
            .iter()
            .any(|m| m.text.contains("Réponse envoyée")),
        PATIENCE
    ));
    let confirmations = telegram
        .sent_messages()
        .iter()
        .filter(|m| m.text.contains("Réponse envoyée"))
        .count();
    assert_eq!(confirmations, 1);
    let new_ticket = telegram
        .sent_messages()
        .iter()
        .filter(|m| m.text.contains("NOUVEAU TICKET T1001"))
        .count();
    assert_eq!(new_ticket, 1, "the new ticket was notified once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn when_the_event_listener_is_cut_off_sockets_resume_with_nothing_missing() {
    let Some(database) = TestDatabase::create() else {
        return;
    };
    let telegram = FakeTelegram::start();
    let app = RunningApp::start_with_telegram(database.url(), &telegram.api_url());
    let token = app.new_visitor().await;
    let (_, body) = app.send(&token, json!({"text": "Bonjour"})).await;
    let last_seen = body["message"]["id"].as_i64().unwrap();
    telegram
        .wait_for_sent(|m| m.text.contains("T1001"), PATIENCE)
        .expect("notified");
    let mut socket = app.socket(&token).await;

    terminate_connections(database.url());

    let frame = socket.close_frame().await;
    assert_eq!(frame.code, CloseCode::Again);
    assert!(
        frame.reason.contains("reconnect and resume"),
        "{}",
        frame.reason
    );
    telegram.push_text(OPERATOR, "/reply T1001 Pendant la coupure");
    telegram
        .wait_for_sent(|m| m.text.contains("Réponse envoyée"), PATIENCE)
        .expect("the reply is stored once the pool reconnected");
    let mut socket = app.socket(&token).await;
    socket.resume(last_seen).await;
    assert_eq!(
        socket.next_operator_message().await["message"]["text"],
        "Pendant la coupure"
    );
}

/// Ends every session on the database but this one (`pg_terminate_backend`): the instances'
/// pools, event listeners and leader lock alike.
fn terminate_connections(url: &str) {
    use diesel::{Connection, PgConnection, RunQueryDsl};
    let mut admin = PgConnection::establish(url).unwrap();
    diesel::sql_query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    .execute(&mut admin)
    .unwrap();
}

/// The ticket of a first message sent from `ip`.
async fn first_message(app: &RunningApp, ip: String) -> String {
    let token = app.new_visitor_behind(Some(&ip)).await;
    let text = json!({"text": format!("Bonjour de {ip}")});
    let (status, body) = app.send_behind(&token, text, Some(&ip)).await;
    assert_eq!(status, 201, "{body}");
    body["ticket"].as_str().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_started_at_once_number_200_first_messages_t1001_to_t1200() {
    let Some(database) = TestDatabase::create() else {
        return;
    };
    // Both start at once on the empty database: one migrates, the other waits for it.
    let (first, second) = std::thread::scope(|scope| {
        let first = scope.spawn(|| RunningApp::start(database.url(), &[BEHIND_PROXY]));
        let second = scope.spawn(|| RunningApp::start(database.url(), &[BEHIND_PROXY]));
        (first.join().unwrap(), second.join().unwrap())
    });

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
        .unwrap_or_else(|| {
            panic!(
                "the other instance did not take over the delivery; its log:\n{}",
                follower.stderr().join("\n")
            )
        });
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
