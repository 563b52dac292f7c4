//! A team in a forum group, with the real binary: the ticket's topic opens with the card, a
//! colleague's plain text in the topic reaches the visitor's socket signed with their name,
//! a note stays with the team, `/close` in the topic closes ticket and topic.

use fake_telegram::{FakeTelegram, OperatorUser};
use serde_json::json;

use crate::helpers::{RunningApp, PATIENCE};

/// The team's forum supergroup.
const FORUM: i64 = -1_009_876_543_210;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_team_answers_a_visitor_from_the_tickets_topic() {
    let dir = tempfile::tempdir().unwrap();
    let telegram = FakeTelegram::start();
    telegram.make_forum(FORUM);
    let app = RunningApp::start(
        dir.path().join("tickets.db"),
        &[
            ("TELEGRAM_BOT_TOKEN", "123:TEST"),
            ("TELEGRAM_API_URL", &telegram.api_url()),
            ("TELEGRAM_OPERATOR_CHAT_IDS", &FORUM.to_string()),
        ],
    );
    let token = app.new_visitor().await;
    let (status, body) = app
        .send(
            &token,
            json!({"text": "Bonjour, ma commande ?", "name": "Jean Dupont"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");

    let topic = telegram
        .wait_for_topic(FORUM, |t| t.name == "🟡 T1001 · Jean Dupont", PATIENCE)
        .expect("the ticket's topic");
    assert!(telegram
        .wait_for_sent(
            |m| m.thread_id == Some(topic.thread_id)
                && m.text.starts_with("🆕 NOUVEAU TICKET T1001"),
            PATIENCE
        )
        .is_some());

    let mut socket = app.socket(&token).await;
    telegram.push_topic_text_from(
        FORUM,
        topic.thread_id,
        OperatorUser::new(501, "Marie"),
        "Bonjour Jean, elle part demain.",
    );
    let frame = socket.next_operator_message().await;
    assert_eq!(frame["message"]["text"], "Bonjour Jean, elle part demain.");
    assert_eq!(frame["message"]["operator"], "Marie");

    telegram.push_topic_text(FORUM, topic.thread_id, "/note colis déjà préparé");
    telegram.push_topic_text(FORUM, topic.thread_id, "/close");
    assert!(telegram
        .wait_for_topic(
            FORUM,
            |t| t.thread_id == topic.thread_id && t.closed && t.name.starts_with('✅'),
            PATIENCE
        )
        .is_some());
    let conversation = app.conversation(&token).await;
    assert_eq!(conversation["status"], "closed");
    let texts: Vec<&str> = conversation["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["text"].as_str())
        .collect();
    assert!(texts.contains(&"Bonjour Jean, elle part demain."));
    assert!(
        texts.iter().all(|t| !t.contains("colis")),
        "the note never reaches the visitor: {texts:?}"
    );
}
