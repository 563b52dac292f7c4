//! Notifications reach the operator exactly as the guide shows, as plain text, with buttons.

use serde_json::json;

use crate::helpers::{jan_15, spawn_app, OPERATOR};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_ticket_and_a_follow_up_arrive_exactly_as_the_guide_shows() {
    let app = spawn_app().await;

    let visitor = app.new_visitor();
    app.same_visitor_writes(
        visitor,
        Some("Jean Dupont"),
        "Bonjour, vos offres m'intéressent",
        "/prix",
    );
    let first = app.wait_for_operator_message("NOUVEAU TICKET");
    app.clock.set(jan_15(14, 45));
    app.same_visitor_writes(visitor, None, "Merci pour votre réponse", "/chaines");
    let second = app.wait_for_operator_message("RÉPONSE TICKET");

    assert_eq!(
        first.text,
        "🆕 NOUVEAU TICKET T1001\n\
         \n\
         👤 Client: Jean Dupont\n\
         💬 Message: Bonjour, vos offres m'intéressent\n\
         ⏰ Heure: 15/01/2024 14:30\n\
         🌐 Page: /prix\n\
         📱 Mobile\n\
         \n\
         ---\n\
         💡 Répondez avec /ticket T1001 pour voir l'historique\n\
         🛠️ Commandes: /tickets /close T1001 /help"
    );
    assert_eq!(
        second.text,
        "📝 RÉPONSE TICKET T1001\n\
         \n\
         👤 Client: Jean Dupont\n\
         💬 Message: Merci pour votre réponse\n\
         ⏰ Heure: 15/01/2024 15:45\n\
         🌐 Page: /chaines\n\
         📱 Mobile\n\
         \n\
         ---\n\
         💡 Répondez avec /ticket T1001 pour voir l'historique"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_notification_carries_the_three_buttons_of_its_ticket() {
    let app = spawn_app().await;

    app.visitor_writes(Some("Jean Dupont"), "Bonjour", "/prix");
    let sent = app.wait_for_operator_message("NOUVEAU TICKET T1001");

    assert_eq!(
        sent.reply_markup,
        Some(json!({"inline_keyboard": [[
            {"text": "📋 Voir", "callback_data": "v:T1001"},
            {"text": "✅ Fermer", "callback_data": "c:T1001"},
            {"text": "🚨 Urgent", "callback_data": "u:T1001"},
        ]]}))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn markup_characters_arrive_literally_in_plain_text() {
    let app = spawn_app().await;
    let raw = "<b>gras</b> & *_[]` ~ |x| 🎉 <a href=\"x\">lien</a> &amp;";

    app.visitor_writes(None, raw, "/");
    let sent = app.wait_for_operator_message("NOUVEAU TICKET");

    assert!(
        sent.text.contains(&format!("💬 Message: {raw}\n")),
        "{}",
        sent.text
    );
    assert_eq!(
        sent.body.get("parse_mode"),
        None,
        "no parse_mode: plain text"
    );
    assert_eq!(sent.body.get("entities"), None);
    assert_eq!(sent.chat_id, OPERATOR);
}
