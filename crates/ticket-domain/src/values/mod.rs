//! Validated value objects: once built, a value is known to be well formed.

mod client_id;
mod display_name;
mod email;
mod message_text;
mod page;

pub use client_id::{ClientId, ClientIdError};
pub use display_name::{DisplayName, DisplayNameError};
pub use email::{Email, EmailError};
pub use message_text::{MessageText, MessageTextError};
pub use page::{Page, PageError};

/// Removes control characters other than newline and tab, and normalises `\r\n` and `\r` to `\n`.
fn strip_controls(raw: &str) -> String {
    raw.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect()
}

/// Removes every control character, newlines included (for one-line values).
fn one_line(raw: &str) -> String {
    raw.chars()
        .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
        .filter(|c| !c.is_control())
        .collect()
}
