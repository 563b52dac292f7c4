//! Start-up calls, long-poll parameters and shutdown.

use serde_json::json;

use crate::helpers::{spawn_app, OPERATOR, PATIENCE};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn polling_removes_the_webhook_then_long_polls_messages_and_button_presses() {
    let app = spawn_app().await;

    let poll = app
        .telegram
        .wait_for_call("getUpdates", |_| true, PATIENCE)
        .expect("the bot polls");

    let delete = &app.telegram.call_log("deleteWebhook")[0];
    assert!(delete.at <= poll.at, "deleteWebhook comes first");
    assert_eq!(poll.body["timeout"], 25);
    assert_eq!(
        poll.body["allowed_updates"],
        json!(["message", "callback_query"])
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_menu_is_scoped_to_the_operator_chats() {
    let app = spawn_app().await;

    let call = app
        .telegram
        .wait_for_call("setMyCommands", |_| true, PATIENCE)
        .expect("the menu is set");

    assert_eq!(
        call.body["scope"],
        json!({"type": "chat", "chat_id": OPERATOR})
    );
    let commands: Vec<&str> = call.body["commands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["command"].as_str().unwrap())
        .collect();
    assert!(commands.contains(&"tickets") && commands.contains(&"reply"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_offset_confirms_handled_updates() {
    let app = spawn_app().await;

    let update_id = app
        .telegram
        .push_update(json!({"message": {"message_id": 77, "date": 0,
            "chat": {"id": OPERATOR, "type": "private"}, "text": "/help"}}));
    app.wait_for_operator_message("AIDE");

    let confirmed = app.telegram.wait_for_call(
        "getUpdates",
        |c| c.body["offset"] == update_id + 1,
        PATIENCE,
    );
    assert!(confirmed.is_some());
    assert!(app
        .telegram
        .wait_until(|t| t.pending_updates() == 0, PATIENCE));
    assert_eq!(app.bot().metrics().updates_handled_total, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_stops_the_bot() {
    let mut app = spawn_app().await;
    app.telegram
        .wait_for_call("getUpdates", |_| true, PATIENCE)
        .expect("the bot polls");

    app.stop().await;
    let polls = app.telegram.calls("getUpdates").len();
    app.telegram.push_text(OPERATOR, "/help");

    assert!(!app.telegram.wait_until(
        |t| t.calls("getUpdates").len() > polls,
        std::time::Duration::from_secs(1)
    ));
}
