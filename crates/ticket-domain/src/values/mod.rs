//! Validated value objects: once built, a value is known to be well formed.

mod client_id;
mod display_name;
mod email;
mod message_text;
mod operator;
mod page;
mod visible;

pub use client_id::{ClientId, ClientIdError, MAX_CLIENT_ID_CHARS};
pub use display_name::{DisplayName, DisplayNameError, MAX_NAME_CHARS};
pub use email::{Email, EmailError, MAX_EMAIL_CHARS};
pub use message_text::{MessageText, MessageTextError, MAX_MESSAGE_CHARS};
pub use operator::Operator;
pub use page::{Page, PageError, MAX_PAGE_CHARS};
pub use visible::close_open_isolates;

/// Whether `c` ends a line: the line and paragraph separators (U+2028, U+2029) break lines
/// in Telegram as a newline does.
fn is_line_separator(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}')
}

/// Removes control characters other than newline and tab, normalises `\r\n`, `\r` and the
/// Unicode line separators to `\n`, and neutralises bidirectional controls line by line
/// ([`visible::balance_bidi`]).
fn strip_controls(raw: &str) -> String {
    let text: String = raw
        .replace("\r\n", "\n")
        .chars()
        .map(|c| {
            if c == '\r' || is_line_separator(c) {
                '\n'
            } else {
                c
            }
        })
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect();
    visible::balance_bidi(&text)
}

/// Removes every control character and every explicit bidirectional control (for one-line
/// values: an override could reverse the rest of the line it is shown on); line breaks and tabs
/// become spaces.
fn one_line(raw: &str) -> String {
    raw.chars()
        .map(|c| {
            if c == '\n' || c == '\t' || is_line_separator(c) {
                ' '
            } else {
                c
            }
        })
        .filter(|c| !c.is_control() && !visible::is_bidi_control(*c))
        .collect()
}
