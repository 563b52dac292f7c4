//! Chats that are not the operator's: one short refusal, no ticket data, no effect.

use ticket_domain::ports::TicketRepository;

use crate::helpers::{spawn_app, STRANGER};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stranger_is_refused_once_and_learns_nothing() {
    let app = spawn_app().await;
    let ticket = app.visitor_writes(Some("Jean Dupont"), "Bonjour", "/prix");
    app.wait_for_operator_message("NOUVEAU TICKET T1001");

    for text in [
        "/start",
        "/tickets",
        "/ticket T1001",
        "/close T1001",
        "/reply T1001 pirate",
        "Bonjour",
    ] {
        app.telegram.push_text(STRANGER, text);
    }
    app.telegram.push_photo(STRANGER);
    app.wait_until_updates_before_are_handled();

    let to_stranger: Vec<String> = app
        .telegram
        .sent_to(STRANGER)
        .into_iter()
        .map(|m| m.text)
        .collect();
    assert_eq!(to_stranger, ["⛔ Ce bot est réservé à l'équipe support."]);
    let history = app.store.ticket_history(ticket, 100).unwrap().unwrap();
    assert_eq!(history.messages.len(), 1, "nothing was added");
    assert_eq!(
        history.ticket.status,
        ticket_domain::ticket::Status::Open,
        "nothing was closed"
    );
}
