//! The operator console, through a pipe: no bot at all.

use serde_json::json;

use crate::helpers::{RunningApp, PATIENCE};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_console_operator_sees_tickets_and_replies_through_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = RunningApp::start(dir.path().join("tickets.db"), &[]);
    let token = app.new_visitor().await;

    app.send(
        &token,
        json!({"text": "Bonjour, une question sur la livraison", "name": "Jean Dupont"}),
    )
    .await;

    app.wait_stdout(|l| l == "🆕 NOUVEAU TICKET T1001", PATIENCE)
        .expect("the notification is printed");
    app.wait_stdout(
        |l| l == "💬 Message: Bonjour, une question sur la livraison",
        PATIENCE,
    )
    .expect("with the message");
    app.type_line("/ticket T1001");
    app.wait_stdout(|l| l == "🎫 TICKET T1001", PATIENCE)
        .expect("the ticket is shown");
    let mut socket = app.socket(&token).await;
    app.type_line("Bonjour Jean, livraison sous 48 h.");
    app.wait_stdout(
        |l| l == "✅ Réponse envoyée au ticket T1001 (Jean Dupont).",
        PATIENCE,
    )
    .expect("the reply goes to the ticket opened last");
    assert_eq!(
        socket.next_operator_message().await["message"]["text"],
        "Bonjour Jean, livraison sous 48 h."
    );
    app.type_line("/close T1001");
    app.wait_stdout(|l| l == "✅ Ticket T1001 fermé avec succès.", PATIENCE)
        .expect("closed");

    // End of file on the console: the server keeps serving visitors.
    app.close_stdin();
    app.wait_stderr(|l| l.contains("operator console input closed"), PATIENCE)
        .expect("the console noticed the end of its input");
    let (status, body) = app.send(&token, json!({"text": "Merci !"})).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(app.conversation(&token).await["status"], "open");
}
