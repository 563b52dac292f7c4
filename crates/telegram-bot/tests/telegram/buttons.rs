//! Inline buttons: the same commands as typing them, always answered, forged ones refused.

use ticket_domain::ports::TicketRepository;
use ticket_domain::ticket::{Priority, Status, TicketNumber};

use crate::helpers::{spawn_app, TestApp, OPERATOR, PATIENCE, STRANGER};

fn answered(app: &TestApp, callback_id: &str) -> serde_json::Value {
    app.telegram
        .wait_for_call(
            "answerCallbackQuery",
            |c| c.body["callback_query_id"] == callback_id,
            PATIENCE,
        )
        .unwrap_or_else(|| panic!("callback {callback_id} was never answered"))
        .body
}

fn ticket(app: &TestApp, number: TicketNumber) -> ticket_domain::ticket::Ticket {
    app.store.ticket(number).unwrap().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_buttons_view_make_urgent_and_close_the_ticket() {
    let app = spawn_app().await;
    let number = app.visitor_writes(Some("Jean Dupont"), "Bonjour", "/prix");
    let notification = app.wait_for_operator_message("NOUVEAU TICKET T1001");

    let view = app
        .telegram
        .push_callback(OPERATOR, "v:T1001", notification.message_id);
    app.wait_for_operator_message("🎫 TICKET T1001");
    answered(&app, &view);
    let urgent = app
        .telegram
        .push_callback(OPERATOR, "u:T1001", notification.message_id);
    app.wait_for_operator_message("🚨 Priorité du ticket T1001 changée de medium → urgent");
    answered(&app, &urgent);
    let close = app
        .telegram
        .push_callback(OPERATOR, "c:T1001", notification.message_id);
    app.wait_for_operator_message("✅ Ticket T1001 fermé avec succès.");
    answered(&app, &close);

    let after = ticket(&app, number);
    assert_eq!(after.status, Status::Closed);
    assert_eq!(after.priority, Priority::Urgent);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_button_pressed_in_a_strangers_chat_is_refused_and_still_answered() {
    let app = spawn_app().await;
    let number = app.visitor_writes(Some("Jean Dupont"), "Bonjour", "/prix");
    app.wait_for_operator_message("NOUVEAU TICKET T1001");

    let forged = app.telegram.push_callback(STRANGER, "c:T1001", 1);
    let answer = answered(&app, &forged);

    assert_eq!(answer["text"], "⛔ Ce bot est réservé à l'équipe support.");
    app.wait_until_updates_before_are_handled();
    assert_eq!(ticket(&app, number).status, Status::Open);
    assert!(app.telegram.sent_to(STRANGER).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_button_data_is_refused_and_still_answered() {
    let app = spawn_app().await;
    let number = app.visitor_writes(Some("Jean Dupont"), "Bonjour", "/prix");
    let notification = app.wait_for_operator_message("NOUVEAU TICKET T1001");
    let sent_before = app.telegram.sent_to(OPERATOR).len();

    let forged: Vec<String> = ["x:T1001", "c:T1001;drop", "c:1001", "c:T1001 "]
        .into_iter()
        .map(|data| {
            app.telegram
                .push_callback(OPERATOR, data, notification.message_id)
        })
        .collect();
    for id in &forged {
        answered(&app, id);
    }
    app.wait_until_updates_before_are_handled();

    assert_eq!(ticket(&app, number).status, Status::Open);
    assert_eq!(
        app.telegram.sent_to(OPERATOR).len(),
        sent_before + 1,
        "only the /help marker was answered"
    );
}
