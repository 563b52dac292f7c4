//! The console over a real SQLite store: notifications printed as on Telegram, commands and
//! plain-text replies read line by line, routed like the bot routes them.

use std::io::{Cursor, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use operator_console::{Console, CONSOLE_DESTINATION};
use storage_sqlite::{SqliteStore, StoreConfig};
use ticket_domain::ports::{
    Clock, NotificationOutbox, OperatorChatStore, OperatorNotifier, TicketStore, VisitorChannel,
    VisitorEvent,
};
use ticket_domain::render::Locale;
use ticket_domain::service::{DynOperatorService, OperatorService, VisitorMessage, VisitorService};
use ticket_domain::values::{DisplayName, MessageText};
use ticket_domain::visitor::{TokenHash, VisitorId};

/// 15/01/2024 14:30 in Paris.
struct ParisClock;

impl Clock for ParisClock {
    fn now(&self) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 1, 15, 13, 30, 0).unwrap()
    }
    fn local(&self, at: DateTime<Utc>) -> NaiveDateTime {
        (at + chrono::Duration::hours(1)).naive_utc()
    }
}

/// Records what would go to the visitor's sockets.
#[derive(Default)]
struct Pushed(Mutex<Vec<VisitorEvent>>);

impl VisitorChannel for Pushed {
    fn push(&self, _visitor: VisitorId, event: VisitorEvent) {
        self.0.lock().expect("events lock").push(event);
    }
}

/// A `Write` the test can read back.
#[derive(Clone, Default)]
struct Screen(Arc<Mutex<Vec<u8>>>);

impl Write for Screen {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("screen lock").extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Screen {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().expect("screen lock").clone()).expect("UTF-8 output")
    }

    fn wait_for(&self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        while !self.text().contains(needle) {
            assert!(
                Instant::now() < deadline,
                "{needle:?} never printed:\n{}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        self.text()
    }
}

#[test]
fn notifications_print_as_on_telegram_and_typed_replies_reach_the_visitor() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(
        SqliteStore::open(StoreConfig::new(dir.path().join("t.db").to_string_lossy())).unwrap(),
    );
    let clock: Arc<dyn Clock> = Arc::new(ParisClock);
    let pushed = Arc::new(Pushed::default());
    let screen = Screen::default();
    let (console, _printer) = Console::start(Box::new(screen.clone())).unwrap();
    let repository: Arc<dyn TicketStore> = store.clone();
    let channel: Arc<dyn VisitorChannel> = pushed.clone();
    let chats: Arc<dyn OperatorChatStore> = store.clone();
    let operator: Arc<DynOperatorService> = Arc::new(OperatorService::new(
        repository.clone(),
        chats,
        channel.clone(),
        clock.clone(),
        Locale::Fr,
    ));
    let (notifier, _delivery) = console
        .deliver_notifications(store.clone(), operator.clone(), clock.clone())
        .unwrap();
    let visitors = VisitorService::new(
        repository,
        Arc::new(notifier),
        channel,
        clock,
        vec![CONSOLE_DESTINATION.to_owned()],
    );
    let visitor = visitors.register_visitor(&TokenHash("h".into())).unwrap();
    visitors
        .send_message(
            visitor,
            VisitorMessage {
                text: MessageText::new("Bonjour, vos offres m'intéressent").unwrap(),
                client_id: None,
                page: None,
                device: None,
                name: Some(DisplayName::new("Jean Dupont").unwrap()),
                email: None,
            },
        )
        .unwrap();

    screen.wait_for("💡 Répondez avec /ticket T1001 pour voir l'historique");
    assert!(screen.text().starts_with(
        "🆕 NOUVEAU TICKET T1001\n\n👤 Client: Jean Dupont\n💬 Message: Bonjour, vos offres m'intéressent\n⏰ Heure: 15/01/2024 14:30\n"
    ));

    let typed = "Bonjour Jean\n\n/ticket T1001\nMerci de votre intérêt !\n/frobnicate\n";
    let reader = console
        .read_commands(operator, Box::new(Cursor::new(typed)))
        .unwrap();
    reader.join().unwrap();

    let text = screen.wait_for("❓ Commande inconnue : /frobnicate.");
    assert!(
        text.contains("🤔 À quel ticket répondre ?"),
        "no focus yet: the first line is not sent"
    );
    assert!(text.contains("🎫 TICKET T1001"));
    assert!(text.contains("✅ Réponse envoyée au ticket T1001 (Jean Dupont)."));
    let pushed = pushed.0.lock().unwrap();
    assert!(pushed.iter().any(|event| matches!(event, VisitorEvent::Message { message, .. } if message.text == "Merci de votre intérêt !")));
    assert!(!pushed.iter().any(|event| matches!(event, VisitorEvent::Message { message, .. } if message.text == "Bonjour Jean")));
}

#[test]
fn an_invalid_utf8_line_is_explained_and_the_next_line_is_answered() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(
        SqliteStore::open(StoreConfig::new(dir.path().join("t.db").to_string_lossy())).unwrap(),
    );
    let screen = Screen::default();
    let (console, _printer) = Console::start(Box::new(screen.clone())).unwrap();
    let repository: Arc<dyn TicketStore> = store.clone();
    let chats: Arc<dyn OperatorChatStore> = store.clone();
    let operator: Arc<DynOperatorService> = Arc::new(OperatorService::new(
        repository,
        chats,
        Arc::new(Pushed::default()),
        Arc::new(ParisClock),
        Locale::Fr,
    ));
    let typed: &[u8] = b"/tick\xffets\n/tickets\n";

    let reader = console
        .read_commands(operator, Box::new(Cursor::new(typed.to_vec())))
        .unwrap();
    reader.join().unwrap();

    let text = screen.wait_for("✨ Aucun ticket à traiter. Tout est à jour !");
    assert!(
        text.starts_with("⚠️ Ligne illisible"),
        "the bad line is explained first:\n{text}"
    );
}

#[test]
fn a_notification_queued_while_the_console_was_away_is_printed_when_it_starts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db").to_string_lossy().into_owned();
    let store = Arc::new(SqliteStore::open(StoreConfig::new(path.clone())).unwrap());
    let clock: Arc<dyn Clock> = Arc::new(ParisClock);
    let repository: Arc<dyn TicketStore> = store.clone();
    let quiet = VisitorService::new(
        repository.clone(),
        Arc::new(Nobody),
        Arc::new(Pushed::default()),
        clock.clone(),
        vec![CONSOLE_DESTINATION.to_owned()],
    );
    let visitor = quiet.register_visitor(&TokenHash("h".into())).unwrap();
    quiet
        .send_message(
            visitor,
            VisitorMessage {
                text: MessageText::new("Vous êtes là ?").unwrap(),
                client_id: None,
                page: None,
                device: None,
                name: None,
                email: None,
            },
        )
        .unwrap();
    drop(quiet);
    let screen = Screen::default();
    let (console, _printer) = Console::start(Box::new(screen.clone())).unwrap();
    let operator: Arc<DynOperatorService> = Arc::new(OperatorService::new(
        repository,
        store.clone(),
        Arc::new(Pushed::default()),
        clock.clone(),
        Locale::Fr,
    ));

    let (_notifier, _delivery) = console
        .deliver_notifications(store.clone(), operator, clock)
        .unwrap();

    let text = screen.wait_for("💬 Message: Vous êtes là ?");
    assert!(text.starts_with("🆕 NOUVEAU TICKET T1001"), "{text}");
    assert_eq!(
        store.backlog().unwrap().pending,
        0,
        "printed once, marked delivered"
    );
}

/// A notifier that tells nobody (the console is not running).
struct Nobody;

impl OperatorNotifier for Nobody {
    fn notify(&self, _notification: &ticket_domain::notification::OperatorNotification) {}
}
