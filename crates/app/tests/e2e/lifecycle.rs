//! Start-up, bad settings, graceful shutdown and restarts.

use serde_json::json;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

use crate::helpers::{app_command, RunningApp};

#[test]
fn a_bad_setting_is_one_line_naming_the_variable_and_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tickets.db");

    let output = app_command(&db, &[("BIND_ADDR", "not-an-address")])
        .output()
        .unwrap();

    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("error: BIND_ADDR: "), "{stderr}");
    assert!(
        !db.exists(),
        "nothing is written before the settings are valid"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_keeps_every_conversation_and_numbering_continues() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tickets.db");
    let app = RunningApp::start(&db, &[]);
    let token = app.new_visitor().await;
    app.send(&token, json!({"text": "Premier ticket"})).await;
    let healthz = app
        .http
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(healthz.status(), 200);

    let status = app.terminate();
    assert!(
        status.success(),
        "SIGTERM ends the app with exit code 0: {status:?}"
    );

    let app = RunningApp::start(&db, &[]);
    let conversation = app.conversation(&token).await;
    assert_eq!(conversation["ticket"], "T1001");
    assert_eq!(conversation["messages"][0]["text"], "Premier ticket");
    let other = app.new_visitor().await;
    let (_, body) = app.send(&other, json!({"text": "Second ticket"})).await;
    assert_eq!(body["ticket"], "T1002");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_closes_open_sockets_with_a_reason_to_reconnect_then_exits_with_code_0() {
    let dir = tempfile::tempdir().unwrap();
    let app = RunningApp::start(dir.path().join("tickets.db"), &[]);
    let token = app.new_visitor().await;
    app.send(&token, json!({"text": "Bonjour"})).await;
    let mut socket = app.socket(&token).await;

    app.send_sigterm();
    // A close frame, not a reset or a bare end of stream: the server said goodbye before the
    // process exited.
    let close = socket.close_frame().await;
    let status = app.wait_for_exit();

    assert_eq!(close.code, CloseCode::Away, "{close:?}");
    assert_eq!(close.reason, "server shutting down: reconnect and resume");
    assert!(status.success(), "{status:?}");
}
