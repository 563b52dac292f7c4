//! A notification longer than one Telegram message arrives complete, in several messages.
//!
//! The domain caps a visitor message at 4,000 characters, so a 10,000-character notification
//! cannot come from a visitor through storage: this test hands the bot an outbox holding one
//! directly (the sending layer is what splits). The splitter's own unit tests cover the cuts.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use ticket_domain::notification::OperatorNotification;
use ticket_domain::ports::{
    NotificationOutbox, OutboxBacklog, OutboxEntry, OutboxId, RepositoryError,
};
use ticket_domain::render::utf16_len;
use ticket_domain::ticket::VisitorMessageEffect;

use crate::helpers::{spawn_app_with, Options, OPERATOR, PATIENCE};

/// An outbox in memory: entries are pending until delivered or given up.
#[derive(Default)]
struct MemoryOutbox {
    entries: Mutex<Vec<(OutboxEntry, bool)>>,
}

impl NotificationOutbox for MemoryOutbox {
    fn claim_due(
        &self,
        _: DateTime<Utc>,
        _: Option<&str>,
        _: u32,
        _: std::time::Duration,
    ) -> Result<Vec<OutboxEntry>, RepositoryError> {
        let entries = self.entries.lock().unwrap();
        Ok(entries
            .iter()
            .filter(|(_, done)| !done)
            .map(|(e, _)| e.clone())
            .collect())
    }
    fn next_due_at(&self) -> Result<Option<DateTime<Utc>>, RepositoryError> {
        Ok(None)
    }
    fn mark_delivered(&self, ids: &[OutboxId], _: DateTime<Utc>) -> Result<(), RepositoryError> {
        self.finish(ids);
        Ok(())
    }
    fn retry_later(&self, _: OutboxId, _: DateTime<Utc>, _: &str) -> Result<(), RepositoryError> {
        Ok(())
    }
    fn give_up(&self, id: OutboxId, _: DateTime<Utc>, _: &str) -> Result<(), RepositoryError> {
        self.finish(&[id]);
        Ok(())
    }
    fn backlog(&self) -> Result<OutboxBacklog, RepositoryError> {
        Ok(OutboxBacklog::default())
    }
    fn release_claims(&self) -> Result<u64, RepositoryError> {
        Ok(0)
    }
}

impl MemoryOutbox {
    fn finish(&self, ids: &[OutboxId]) {
        for (entry, done) in self.entries.lock().unwrap().iter_mut() {
            if ids.contains(&entry.id) {
                *done = true;
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ten_thousand_character_notification_arrives_complete_in_several_messages() {
    let outbox = Arc::new(MemoryOutbox::default());
    let app = spawn_app_with(Options {
        outbox: Some(outbox.clone()),
        destinations: Vec::new(),
        ..Options::default()
    })
    .await;
    let ticket = app.visitor_writes(Some("Jean Dupont"), "Bonjour", "/prix");
    let mut text = String::new();
    let mut line = 0;
    while text.chars().count() < 10_000 {
        line += 1;
        text.push_str(&format!("Ligne {line} : <b>texte</b> & *_[]` 🎉 é\n"));
    }
    let notification = OperatorNotification {
        effect: VisitorMessageEffect::Appended,
        ticket,
        visitor_name: None,
        visitor_email: None,
        text,
        sent_at: app.clock_now(),
        page: None,
        device: None,
    };
    let expected = app.operator.render_notification(&notification);
    outbox.entries.lock().unwrap().push((
        OutboxEntry {
            id: OutboxId(1),
            destination: OPERATOR.to_string(),
            notification: notification.clone(),
            attempts: 0,
        },
        false,
    ));
    app.wake_bot(&notification);

    let complete = app.telegram.wait_until(
        |t| {
            t.sent_to(OPERATOR)
                .iter()
                .any(|m| m.text.ends_with("pour voir l'historique"))
        },
        PATIENCE,
    );
    assert!(complete, "the last part never arrived");
    let parts = app.telegram.sent_to(OPERATOR);
    assert!(parts.len() >= 3, "{} parts", parts.len());
    let received: String = parts.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(received, expected, "every character arrives, in order");
    for part in &parts {
        assert!(utf16_len(&part.text) <= 4_096);
    }
    let (last, others) = parts.split_last().unwrap();
    assert!(
        last.reply_markup.is_some(),
        "the buttons come with the last part"
    );
    assert!(others.iter().all(|m| m.reply_markup.is_none()));

    // Every part is remembered: replying to the first one goes to the ticket.
    app.wait_until_remembered(&parts[0]);
    app.telegram
        .push_reply(OPERATOR, "Bien reçu, merci", parts[0].message_id);
    app.wait_for_operator_message("✅ Réponse envoyée au ticket T1001");
    assert_eq!(app.operator_replies_on(ticket), vec!["Bien reçu, merci"]);
}
