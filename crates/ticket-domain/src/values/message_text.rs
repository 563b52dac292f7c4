//! The text of a chat message, from a visitor or from the operator.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The longest message text, in characters, after trimming.
pub const MAX_MESSAGE_CHARS: usize = 4_000;

/// Message text: 1 to 4,000 characters after trimming, with no control characters other than
/// newline and tab.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MessageText(String);

/// Why a text is not a valid message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MessageTextError {
    /// Nothing but white space (or nothing at all).
    #[error("the message is empty")]
    Blank,
    /// More than [`MAX_MESSAGE_CHARS`] characters.
    #[error("the message is {chars} characters long; the limit is {MAX_MESSAGE_CHARS}")]
    TooLong {
        /// How many characters the trimmed text has.
        chars: usize,
    },
}

impl MessageText {
    /// Validates and cleans `raw`: control characters other than newline and tab are removed,
    /// then white space around the text is trimmed.
    pub fn new(raw: &str) -> Result<Self, MessageTextError> {
        let cleaned = super::strip_controls(raw);
        let trimmed = cleaned.trim();
        if super::visible::renders_blank(trimmed) {
            return Err(MessageTextError::Blank);
        }
        let chars = trimmed.chars().count();
        if chars > MAX_MESSAGE_CHARS {
            return Err(MessageTextError::TooLong { chars });
        }
        Ok(Self(trimmed.to_owned()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for MessageText {
    type Error = MessageTextError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::new(&value)
    }
}

impl From<MessageText> for String {
    fn from(value: MessageText) -> Self {
        value.0
    }
}

impl fmt::Display for MessageText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_normal_text_is_kept_trimmed() {
        assert_eq!(
            MessageText::new("  Bonjour !\n").unwrap().as_str(),
            "Bonjour !"
        );
    }

    #[test]
    fn a_blank_text_is_rejected() {
        assert_eq!(MessageText::new(" \n\t "), Err(MessageTextError::Blank));
        assert_eq!(MessageText::new(""), Err(MessageTextError::Blank));
    }

    #[test]
    fn control_characters_other_than_newline_and_tab_are_removed() {
        let text = MessageText::new("a\u{0}b\u{7}c\r\nd\te\u{1b}[31m").unwrap();
        assert_eq!(text.as_str(), "abc\nd\te[31m");
    }

    #[test]
    fn a_text_of_only_control_characters_is_blank() {
        assert_eq!(MessageText::new("\u{0}\u{1}"), Err(MessageTextError::Blank));
    }

    #[test]
    fn four_thousand_characters_are_accepted_and_one_more_is_rejected() {
        assert!(MessageText::new(&"é".repeat(4_000)).is_ok());
        assert_eq!(
            MessageText::new(&"é".repeat(4_001)),
            Err(MessageTextError::TooLong { chars: 4_001 })
        );
    }

    #[test]
    fn a_text_of_only_zero_width_characters_is_blank() {
        assert_eq!(
            MessageText::new("\u{200B}\u{200D} \u{FEFF}\u{2060}"),
            Err(MessageTextError::Blank)
        );
    }

    #[test]
    fn a_right_to_left_override_cannot_reverse_what_follows_it() {
        let text = MessageText::new("facture\u{202E}fdp.exe").unwrap();
        assert_eq!(text.as_str(), "facturefdp.exe");
    }

    #[test]
    fn right_to_left_text_and_emoji_sequences_are_kept() {
        let raw = "שלום, ההזמנה שלי \u{2066}#42\u{2069} 👨\u{200D}👩\u{200D}👧";
        assert_eq!(MessageText::new(raw).unwrap().as_str(), raw);
    }

    #[test]
    fn unicode_line_separators_become_newlines() {
        assert_eq!(MessageText::new("a\u{2028}b").unwrap().as_str(), "a\nb");
    }

    #[test]
    fn markup_is_kept_literally() {
        let raw = "<b>gras</b> & *_[]` 🎉";
        assert_eq!(MessageText::new(raw).unwrap().as_str(), raw);
    }
}
