//! The console as an outbox destination, like a Telegram chat: visitor messages queue their
//! notification for [`CONSOLE_DESTINATION`] in the same transaction as the message, and a
//! delivery thread prints them, in order, and marks them delivered. A notification written
//! while the console was not running is printed when it starts again.

use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use ticket_domain::notification::OperatorNotification;
use ticket_domain::ports::{Clock, NotificationOutbox, OperatorNotifier, OutboxEntry, OutboxId};
use ticket_domain::service::DynOperatorService;

use crate::Console;

/// The outbox destination of the console's notifications.
pub const CONSOLE_DESTINATION: &str = "console";

/// How often the outbox is looked at without a wake-up (entries left by a previous run, a
/// failed pass).
const SAFETY_POLL: Duration = Duration::from_secs(5);
/// How many notifications one pass prints at most.
const PER_PASS: u32 = 200;
/// How long a pass holds its entries (printing takes microseconds).
const CLAIM_LEASE: Duration = Duration::from_secs(60);

/// Wakes the console's delivery thread: what the visitor use cases are given.
pub struct ConsoleNotifier {
    wake: SyncSender<()>,
}

impl OperatorNotifier for ConsoleNotifier {
    fn notify(&self, _notification: &OperatorNotification) {
        match self.wake.try_send(()) {
            // A wake-up already waits, or the thread is gone (the process is stopping).
            Ok(()) | Err(TrySendError::Full(())) | Err(TrySendError::Disconnected(())) => {}
        }
    }
}

/// What the delivery thread needs.
struct Delivery {
    console: Console,
    outbox: Arc<dyn NotificationOutbox>,
    service: Arc<DynOperatorService>,
    clock: Arc<dyn Clock>,
}

impl Console {
    /// Starts the thread that prints the console's notifications from `outbox`, rendered by
    /// `service` exactly as on Telegram. It runs a pass at once (what a previous run left),
    /// then on every wake-up of the returned notifier, and every few seconds; it ends when the
    /// notifier is dropped.
    pub fn deliver_notifications(
        &self,
        outbox: Arc<dyn NotificationOutbox>,
        service: Arc<DynOperatorService>,
        clock: Arc<dyn Clock>,
    ) -> std::io::Result<(ConsoleNotifier, JoinHandle<()>)> {
        let (wake, woken) = sync_channel(1);
        let delivery = Delivery {
            console: self.clone(),
            outbox,
            service,
            clock,
        };
        let thread = std::thread::Builder::new()
            .name("operator-console-notify".into())
            .spawn(move || delivery.run(&woken))?;
        Ok((ConsoleNotifier { wake }, thread))
    }
}

impl Delivery {
    fn run(&self, woken: &Receiver<()>) {
        loop {
            while self.pass() {}
            match woken.recv_timeout(SAFETY_POLL) {
                Ok(()) | Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
    }

    /// Prints what is due; `true` when a full pass suggests more is waiting.
    fn pass(&self) -> bool {
        let now = self.clock.now();
        let entries =
            match self
                .outbox
                .claim_due(now, Some(CONSOLE_DESTINATION), PER_PASS, CLAIM_LEASE)
            {
                Ok(entries) => entries,
                Err(error) => {
                    tracing::error!(%error, "could not read the console's notifications");
                    return false;
                }
            };
        let full = entries.len() >= PER_PASS as usize;
        let ids: Vec<OutboxId> = entries.iter().map(|entry| entry.id).collect();
        for OutboxEntry { notification, .. } in &entries {
            self.console
                .print(self.service.render_notification(notification));
        }
        if let Err(error) = self.outbox.mark_delivered(&ids, self.clock.now()) {
            tracing::error!(%error, "could not record the console's notifications as printed");
            return false;
        }
        full
    }
}
