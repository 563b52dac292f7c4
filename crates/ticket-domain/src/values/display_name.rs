//! A visitor's display name.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The longest display name, in characters.
pub const MAX_NAME_CHARS: usize = 100;

/// A visitor's name as shown to the operator: one line, 1 to 100 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DisplayName(String);

/// Why a text is not a valid display name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DisplayNameError {
    /// Nothing but white space.
    #[error("the name is empty")]
    Blank,
    /// More than [`MAX_NAME_CHARS`] characters.
    #[error("the name is longer than {MAX_NAME_CHARS} characters")]
    TooLong,
}

impl DisplayName {
    /// Validates `raw`: control characters are removed, inner white space is kept, the ends are
    /// trimmed.
    pub fn new(raw: &str) -> Result<Self, DisplayNameError> {
        let cleaned = super::one_line(raw);
        let trimmed = cleaned.trim();
        if super::visible::renders_blank(trimmed) {
            return Err(DisplayNameError::Blank);
        }
        if trimmed.chars().count() > MAX_NAME_CHARS {
            return Err(DisplayNameError::TooLong);
        }
        Ok(Self(trimmed.to_owned()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for DisplayName {
    type Error = DisplayNameError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::new(&value)
    }
}

impl From<DisplayName> for String {
    fn from(value: DisplayName) -> Self {
        value.0
    }
}

impl fmt::Display for DisplayName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_trimmed_and_kept_on_one_line() {
        assert_eq!(
            DisplayName::new(" Jean\nDupont ").unwrap().as_str(),
            "Jean Dupont"
        );
    }

    #[test]
    fn a_blank_name_is_rejected() {
        assert_eq!(DisplayName::new("  "), Err(DisplayNameError::Blank));
    }

    #[test]
    fn a_name_of_invisible_characters_is_blank() {
        assert_eq!(
            DisplayName::new("\u{200B}\u{3164}"),
            Err(DisplayNameError::Blank)
        );
    }

    #[test]
    fn bidirectional_controls_are_removed_from_a_name_and_arabic_is_kept() {
        assert_eq!(
            DisplayName::new("\u{202E}Jean\u{2066} محمد\u{2029}Dupont")
                .unwrap()
                .as_str(),
            "Jean محمد Dupont"
        );
    }

    #[test]
    fn a_name_longer_than_100_characters_is_rejected() {
        assert!(DisplayName::new(&"é".repeat(100)).is_ok());
        assert_eq!(
            DisplayName::new(&"é".repeat(101)),
            Err(DisplayNameError::TooLong)
        );
    }
}
