//! Start-up, bad settings, graceful shutdown and restarts.

use serde_json::json;

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
async fn shutdown_closes_open_sockets_and_exits_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let app = RunningApp::start(&dir.path().join("tickets.db"), &[]);
    let token = app.new_visitor().await;
    app.send(&token, json!({"text": "Bonjour"})).await;
    let _socket = app.socket(&token).await;

    let status = app.terminate();

    assert!(status.success(), "{status:?}");
}
