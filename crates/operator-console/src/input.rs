//! Reading the operator's commands and replies from the terminal.

use std::io::{BufRead, Read};
use std::sync::Arc;
use std::thread::JoinHandle;

use ticket_domain::ports::OperatorChat;
use ticket_domain::service::{DynOperatorService, OperatorRequest};

use crate::Console;

/// The chat id the console uses (Telegram chat ids are never 0).
pub const CONSOLE_CHAT: OperatorChat = OperatorChat(0);

/// The longest line read, in bytes: far above any command or reply (a reply is at most 4,000
/// characters, 16,000 bytes of UTF-8). A longer line is refused, not kept in memory.
const MAX_LINE_BYTES: u64 = 64 * 1024;

/// One line of input.
#[derive(Debug, PartialEq, Eq)]
enum Line {
    /// A line of text, without its line ending.
    Text(String),
    /// A line that is not UTF-8, or longer than [`MAX_LINE_BYTES`] (its rest was skipped).
    Unreadable,
}

impl Console {
    /// Reads one command or reply a line from `input` on a thread of its own, and prints each
    /// answer. Blank lines are skipped; a line that is not text (invalid UTF-8) or is too long
    /// gets a short explanation and the next line is read as usual. The thread ends at end of
    /// file or on a read error (the rest of the application keeps running).
    pub fn read_commands(
        &self,
        service: Arc<DynOperatorService>,
        mut input: Box<dyn BufRead + Send>,
    ) -> std::io::Result<JoinHandle<()>> {
        let console = self.clone();
        std::thread::Builder::new()
            .name("operator-console-in".into())
            .spawn(move || {
                loop {
                    match next_line(&mut input) {
                        Ok(Some(Line::Text(line))) if line.trim().is_empty() => {}
                        Ok(Some(Line::Text(line))) => console.answer(&service, &line),
                        Ok(Some(Line::Unreadable)) => {
                            console.print(service.renderer().unreadable_line());
                        }
                        Ok(None) => break,
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
            topic: None,
            operator: None,
            colleague: None,
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

/// The next line of `input` (`None` at end of file), read as bytes so that one bad line cannot
/// end the input: at most [`MAX_LINE_BYTES`] are kept, the rest of a longer line is skipped.
fn next_line(input: &mut dyn BufRead) -> std::io::Result<Option<Line>> {
    let mut bytes = Vec::new();
    let read = Read::take(&mut *input, MAX_LINE_BYTES).read_until(b'\n', &mut bytes)?;
    if read == 0 {
        return Ok(None);
    }
    if !bytes.ends_with(b"\n") && read as u64 == MAX_LINE_BYTES {
        skip_rest_of_line(input)?;
        return Ok(Some(Line::Unreadable));
    }
    while matches!(bytes.last(), Some(b'\n' | b'\r')) {
        bytes.pop();
    }
    Ok(Some(match String::from_utf8(bytes) {
        Ok(text) => Line::Text(text),
        Err(_) => Line::Unreadable,
    }))
}

/// Discards input up to and including the next newline (or end of file).
fn skip_rest_of_line(input: &mut dyn BufRead) -> std::io::Result<()> {
    loop {
        let buffer = input.fill_buf()?;
        if buffer.is_empty() {
            return Ok(());
        }
        match buffer.iter().position(|&byte| byte == b'\n') {
            Some(end) => {
                input.consume(end + 1);
                return Ok(());
            }
            None => {
                let all = buffer.len();
                input.consume(all);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;

    fn lines(input: &[u8]) -> Vec<Line> {
        let mut input = Cursor::new(input.to_vec());
        std::iter::from_fn(|| next_line(&mut input).unwrap()).collect()
    }

    #[test]
    fn lines_are_read_without_their_endings() {
        assert_eq!(
            lines(b"/tickets\r\nMerci\nlast"),
            vec![
                Line::Text("/tickets".into()),
                Line::Text("Merci".into()),
                Line::Text("last".into())
            ]
        );
    }

    #[test]
    fn an_invalid_utf8_line_is_unreadable_and_the_next_line_is_read() {
        assert_eq!(
            lines(b"caf\xe9\n/tickets\n"),
            vec![Line::Unreadable, Line::Text("/tickets".into())]
        );
    }

    #[test]
    fn a_line_longer_than_the_limit_is_unreadable_and_skipped_whole() {
        let mut input = vec![b'a'; MAX_LINE_BYTES as usize * 3];
        input.extend_from_slice(b"\n/stats\n");
        assert_eq!(
            lines(&input),
            vec![Line::Unreadable, Line::Text("/stats".into())]
        );
    }
}
