//! The printer thread: everything the console shows goes through it, so that lines never
//! interleave and no caller ever blocks on the terminal.

use std::io::Write;
use std::sync::mpsc::{channel, Sender};
use std::thread::JoinHandle;

/// A handle on the console: sends text to the printer thread.
#[derive(Clone)]
pub struct Console {
    lines: Sender<String>,
}

impl Console {
    /// Starts the printer thread writing to `output`. The thread ends when every handle (and
    /// every delivery thread) is dropped.
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
}
