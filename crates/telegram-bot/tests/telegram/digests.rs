//! Notifications of several tickets waiting at once (a burst) arrive as digests: as few
//! messages as fit, in order, each entry delivered once; a reply to a digest is explained.

use fake_telegram::{Failure, RateLimits, SentMessage};
use ticket_domain::ports::{
    NotificationOutbox, OperatorChat, OperatorChatStore, OutboxBacklog, VisitorEvent,
};
use ticket_domain::render::utf16_len;
use ticket_domain::ticket::{Author, TicketNumber};

use crate::helpers::{spawn_app, spawn_app_with, Options, TestApp, OPERATOR};

const HINT: &str = "↩️ Ce message regroupe plusieurs tickets. Répondez avec /reply";

/// Three visitors write while the bot is stopped; the bot starts with all three due at once.
async fn three_tickets_waiting_together() -> (TestApp, [TicketNumber; 3]) {
    let mut app = spawn_app().await;
    app.stop().await;
    let tickets = [
        app.visitor_writes(Some("Jean Dupont"), "Bonjour", "/prix"),
        app.visitor_writes(Some("Marie Martin"), "Allô ?", "/"),
        app.visitor_writes(None, "Une question", "/contact"),
    ];
    (app, tickets)
}

/// Where each of `needles` is in `text`, asserting each is there once.
fn positions(text: &str, needles: &[String]) -> Vec<usize> {
    needles
        .iter()
        .map(|needle| {
            assert_eq!(text.matches(needle.as_str()).count(), 1, "{needle} once");
            text.find(needle.as_str()).unwrap()
        })
        .collect()
}

fn headings(first: u32, count: u32) -> Vec<String> {
    (first..first + count)
        .map(|n| format!("🆕 NOUVEAU TICKET T{n}\n"))
        .collect()
}

fn assert_everything_delivered(app: &TestApp, count: u64) {
    assert_eq!(
        app.store.backlog().unwrap(),
        OutboxBacklog {
            pending: 0,
            failed: 0
        }
    );
    app.wait_for_notifications_sent(count);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notifications_of_three_tickets_waiting_together_arrive_as_one_digest() {
    let (mut app, _) = three_tickets_waiting_together().await;

    app.restart().await;
    let digest = app.wait_for_operator_message("📬 3 notifications regroupées");
    app.wait_for_empty_outbox();

    assert_eq!(app.telegram.call_log("sendMessage").len(), 1, "one message");
    assert!(digest
        .text
        .starts_with("📬 3 notifications regroupées\n\n🆕 NOUVEAU TICKET T1001\n"));
    assert!(digest
        .text
        .ends_with(&format!("\n\n{HINT} T1001 votre message.")));
    let at = positions(&digest.text, &headings(1001, 3));
    assert!(at.windows(2).all(|w| w[0] < w[1]), "in order: {at:?}");
    assert!(digest.text.contains("💬 Message: Allô ?\n"));
    assert_eq!(digest.reply_markup, None, "no buttons on a digest");
    assert_everything_delivered(&app, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_to_a_digest_is_explained_stores_nothing_and_leaves_the_focus() {
    let (mut app, tickets) = three_tickets_waiting_together().await;
    app.restart().await;
    let digest = app.wait_for_operator_message("📬 3 notifications regroupées");
    app.telegram.push_text(OPERATOR, "/ticket T1002");
    app.wait_for_operator_message("🎫 TICKET T1002");
    app.wait_until_remembered(&digest);

    app.telegram
        .push_reply(OPERATOR, "Bonjour à tous", digest.message_id);
    let answer = app.wait_for_operator_message("rien n'a été envoyé");
    app.wait_until_updates_before_are_handled();

    assert_eq!(
        answer.text,
        "↩️ Ce message regroupe plusieurs tickets : rien n'a été envoyé. Répondez avec /reply \
         T1001 votre message."
    );
    for ticket in tickets {
        assert!(app.operator_replies_on(ticket).is_empty(), "{ticket}");
    }
    let operator_pushes = app
        .channel
        .events
        .lock()
        .unwrap()
        .iter()
        .filter(|(_, e)| matches!(e, VisitorEvent::Message { message, .. } if message.author == Author::Operator))
        .count();
    assert_eq!(operator_pushes, 0, "no visitor hears of it");
    assert_eq!(
        app.store.focus(OperatorChat(OPERATOR)).unwrap(),
        Some(tickets[1]),
        "the focus is where /ticket put it"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_digest_failing_with_500_is_retried_whole_and_delivered_once() {
    let (mut app, _) = three_tickets_waiting_together().await;
    app.telegram
        .fail_next("sendMessage", vec![Failure::Status500]);

    app.restart().await;
    app.wait_for_operator_message("📬 3 notifications regroupées");
    app.wait_for_empty_outbox();

    assert_eq!(app.send_message_statuses(), [500, 200]);
    let sent = app.telegram.sent_to(OPERATOR);
    assert_eq!(sent.len(), 1);
    positions(&sent[0].text, &headings(1001, 3));
    assert_everything_delivered(&app, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_long_notifications_arrive_in_several_digests_within_the_limit_in_order_once() {
    // The packing, not the waiting: the test clock stands still, so a 429's retry would never
    // come due here (429s are waited out in outbox.rs, and the fake's limits are its own tests').
    let mut app = spawn_app_with(Options {
        telegram_limits: RateLimits::unlimited(),
        ..Options::default()
    })
    .await;
    app.stop().await;
    for i in 0..60_usize {
        let text = format!("Question {i} : {}", "détail ".repeat(150 + (i * 37) % 100));
        app.visitor_writes(Some("Jean Dupont"), &text, "/prix");
    }

    app.restart().await;
    app.wait_for_empty_outbox();

    let sent: Vec<SentMessage> = app.telegram.sent_to(OPERATOR);
    assert!(sent.len() > 1 && sent.len() < 60, "{} messages", sent.len());
    assert_eq!(app.telegram.call_log("sendMessage").len(), sent.len());
    for message in &sent {
        assert!(
            utf16_len(&message.text) <= 4_096,
            "{}",
            utf16_len(&message.text)
        );
        let tickets = message.text.matches("🆕 NOUVEAU TICKET").count();
        if tickets > 1 {
            assert!(message
                .text
                .starts_with(&format!("📬 {tickets} notifications regroupées\n\n")));
            assert!(message.text.contains(HINT));
            assert_eq!(message.reply_markup, None);
        } else {
            assert!(
                message.reply_markup.is_some(),
                "a single ticket has buttons"
            );
        }
    }
    let received: String = sent.iter().map(|m| m.text.as_str()).collect();
    let at = positions(&received, &headings(1001, 60));
    assert!(at.windows(2).all(|w| w[0] < w[1]), "in order");
    assert_everything_delivered(&app, 60);
}
