//! Reading the operator's commands and replies from the terminal.

use std::io::BufRead;
use std::sync::Arc;
use std::thread::JoinHandle;

use ticket_domain::ports::OperatorChat;
use ticket_domain::service::{DynOperatorService, OperatorRequest};

use crate::Console;

/// The chat id the console uses (Telegram chat ids are never 0).
pub const CONSOLE_CHAT: OperatorChat = OperatorChat(0);

impl Console {
    /// Reads one command or reply a line from `input` on a thread of its own, and prints each
    /// answer. Blank lines are skipped. The thread ends at end of file (the rest of the
    /// application keeps running).
    pub fn read_commands(
        &self,
        service: Arc<DynOperatorService>,
        input: Box<dyn BufRead + Send>,
    ) -> std::io::Result<JoinHandle<()>> {
        let console = self.clone();
        std::thread::Builder::new()
            .name("operator-console-in".into())
            .spawn(move || {
                for line in input.lines() {
                    match line {
                        Ok(line) if line.trim().is_empty() => {}
                        Ok(line) => console.answer(&service, &line),
                        Err(error) => {
                            tracing::warn!(%error, "cannot read the operator console");
                            break;
                        }
                    }
                }
                tracing::info!("operator console input closed; the server keeps running");
            })
    }

    fn answer(&self, service: &DynOperatorService, line: &str) {
        let request = OperatorRequest {
            chat: CONSOLE_CHAT,
            text: line,
            reply_to: None,
            key: None,
            bot_username: None,
        };
        match service.handle(request) {
            Ok(Some(response)) => self.print(response.text),
            Ok(None) => {}
            Err(error) => {
                tracing::error!(%error, "operator console command failed");
                self.print(service.renderer().internal_error());
            }
        }
    }
}
