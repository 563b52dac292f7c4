//! The printer thread, and the notifier that prints notifications through it.

use std::io::Write;
use std::sync::mpsc::{channel, Sender};
use std::sync::Arc;
use std::thread::JoinHandle;

use ticket_domain::notification::OperatorNotification;
use ticket_domain::ports::{Clock, OperatorNotifier};
use ticket_domain::render::{Locale, Renderer};

/// A handle on the console: sends text to the printer thread.
#[derive(Clone)]
pub struct Console {
    lines: Sender<String>,
}

impl Console {
    /// Starts the printer thread writing to `output`. The thread ends when every handle (and
    /// every notifier) is dropped.
    pub fn start(mut output: Box<dyn Write + Send>) -> std::io::Result<(Self, JoinHandle<()>)> {
        let (lines, received) = channel::<String>();
        let printer = std::thread::Builder::new()
            .name("operator-console-out".into())
            .spawn(move || {
                for text in received {
                    let written = writeln!(output, "{text}\n").and_then(|()| output.flush());
                    if let Err(error) = written {
                        tracing::warn!(%error, "the operator console cannot write");
                    }
                }
            })?;
        Ok((Self { lines }, printer))
    }

    /// Prints `text` (never blocks).
    pub fn print(&self, text: impl Into<String>) {
        // The printer only stops once every sender is gone, so this cannot fail while `self`
        // lives; a failure would only mean the process is shutting down.
        let _ = self.lines.send(text.into());
    }

    /// The notifier that prints notifications in `locale`, with times read from `clock`.
    pub fn notifier(&self, locale: Locale, clock: Arc<dyn Clock>) -> ConsoleNotifier {
        ConsoleNotifier {
            console: self.clone(),
            locale,
            clock,
        }
    }
}

/// Prints every notification on the console, rendered exactly as on Telegram.
pub struct ConsoleNotifier {
    console: Console,
    locale: Locale,
    clock: Arc<dyn Clock>,
}

impl OperatorNotifier for ConsoleNotifier {
    fn notify(&self, notification: &OperatorNotification) {
        let text = Renderer::new(self.locale, self.clock.as_ref()).notification(notification);
        self.console.print(text);
    }
}
