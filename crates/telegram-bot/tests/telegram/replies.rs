//! Operator messages: replies routed to the right ticket, each update applied once.

use ticket_domain::ports::VisitorEvent;

use crate::helpers::{spawn_app, OPERATOR, PATIENCE};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_duplicated_update_has_one_effect() {
    let app = spawn_app().await;
    let ticket = app.visitor_writes(Some("Jean Dupont"), "Bonjour", "/prix");
    let notification = app.wait_for_operator_message("NOUVEAU TICKET T1001");
    app.wait_until_remembered(&notification);

    let update =
        app.telegram
            .text_update(OPERATOR, "Bonjour Jean !", Some(notification.message_id));
    app.telegram.push_update_raw(update.clone());
    app.telegram.push_update_raw(update);
    app.wait_until_updates_before_are_handled();

    assert_eq!(app.operator_replies_on(ticket), vec!["Bonjour Jean !"]);
    assert_eq!(app.operator_messages_containing("Réponse envoyée").len(), 1);
    let pushed_replies = app
        .channel
        .events
        .lock()
        .unwrap()
        .iter()
        .filter(|(_, e)| matches!(e, VisitorEvent::Message { message, .. } if message.text == "Bonjour Jean !"))
        .count();
    assert_eq!(pushed_replies, 1, "the visitor sees the reply once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_to_a_notification_beats_the_focus() {
    let app = spawn_app().await;
    let jean = app.visitor_writes(Some("Jean Dupont"), "Bonjour", "/prix");
    let jean_notification = app.wait_for_operator_message("NOUVEAU TICKET T1001");
    app.wait_until_remembered(&jean_notification);
    let marie = app.visitor_writes(Some("Marie Martin"), "Allô ?", "/");
    app.wait_for_operator_message("NOUVEAU TICKET T1002");

    app.telegram.push_text(OPERATOR, "/ticket T1002");
    app.wait_for_operator_message("🎫 TICKET T1002");
    app.telegram
        .push_reply(OPERATOR, "Pour Jean", jean_notification.message_id);
    app.wait_for_operator_message("✅ Réponse envoyée au ticket T1001 (Jean Dupont).");
    // The swipe-reply did not move the focus: plain text still goes to the ticket opened last.
    app.telegram.push_text(OPERATOR, "Pour Marie");
    app.wait_for_operator_message("✅ Réponse envoyée au ticket T1002 (Marie Martin).");

    assert_eq!(app.operator_replies_on(jean), vec!["Pour Jean"]);
    assert_eq!(app.operator_replies_on(marie), vec!["Pour Marie"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_notification_does_not_move_the_focus() {
    let app = spawn_app().await;
    let jean = app.visitor_writes(Some("Jean Dupont"), "Bonjour", "/prix");
    app.wait_for_operator_message("NOUVEAU TICKET T1001");
    app.telegram.push_text(OPERATOR, "/ticket T1001");
    app.wait_for_operator_message("🎫 TICKET T1001");

    app.visitor_writes(Some("Marie Martin"), "Allô ?", "/");
    app.wait_for_operator_message("NOUVEAU TICKET T1002");
    app.telegram.push_text(OPERATOR, "Toujours pour Jean");
    app.wait_for_operator_message("✅ Réponse envoyée au ticket T1001");

    assert_eq!(app.operator_replies_on(jean), vec!["Toujours pour Jean"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_to_a_ticket_view_goes_to_that_ticket() {
    let app = spawn_app().await;
    let jean = app.visitor_writes(Some("Jean Dupont"), "Bonjour", "/prix");
    app.visitor_writes(Some("Marie Martin"), "Allô ?", "/");
    app.wait_for_operator_message("NOUVEAU TICKET T1002");

    app.telegram.push_text(OPERATOR, "/ticket T1001");
    let view = app.wait_for_operator_message("🎫 TICKET T1001");
    app.wait_until_remembered(&view);
    app.telegram.push_text(OPERATOR, "/ticket T1002");
    app.wait_for_operator_message("🎫 TICKET T1002");
    app.telegram
        .push_reply(OPERATOR, "Réponse à la fiche", view.message_id);

    app.wait_for_operator_message("✅ Réponse envoyée au ticket T1001");
    assert_eq!(app.operator_replies_on(jean), vec!["Réponse à la fiche"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_focus_survives_a_restart() {
    let mut app = spawn_app().await;
    let jean = app.visitor_writes(Some("Jean Dupont"), "Bonjour", "/prix");
    app.wait_for_operator_message("NOUVEAU TICKET T1001");
    app.telegram.push_text(OPERATOR, "/ticket T1001");
    app.wait_for_operator_message("🎫 TICKET T1001");

    app.restart().await;
    app.telegram.push_text(OPERATOR, "Après le redémarrage");

    app.wait_for_operator_message("✅ Réponse envoyée au ticket T1001");
    assert_eq!(app.operator_replies_on(jean), vec!["Après le redémarrage"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_text_without_a_target_explains_how_to_reply() {
    let app = spawn_app().await;

    app.telegram.push_text(OPERATOR, "Bonjour ?");

    app.wait_for_operator_message("🤔 À quel ticket répondre ?");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_gets_the_text_only_answer() {
    let app = spawn_app().await;

    app.telegram.push_photo(OPERATOR);

    app.wait_for_operator_message("📎 Seuls les messages texte sont pris en charge");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_ticket_gets_one_helpful_line() {
    let app = spawn_app().await;

    app.telegram.push_text(OPERATOR, "/close T4242");

    let answer = app.wait_for_operator_message("T4242");
    assert_eq!(
        answer.text,
        "❌ Le ticket T4242 n'existe pas. Voir /tickets"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_command_addressed_to_another_bot_is_ignored() {
    let app = spawn_app().await;
    assert!(app
        .telegram
        .wait_for_call("getMe", |c| c.status == 200, PATIENCE)
        .is_some());
    // getMe answered; give the bot a moment to store the name by handling one update first.
    app.wait_until_updates_before_are_handled();

    app.telegram.push_text(OPERATOR, "/stats@OtherBot");
    app.telegram.push_text(OPERATOR, "/stats@support_bot");
    app.wait_for_operator_message("STATISTIQUES");
    app.wait_until_updates_before_are_handled();

    assert_eq!(app.operator_messages_containing("STATISTIQUES").len(), 1);
}
