//! The page of the site a visitor wrote from.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The longest page, in characters.
pub const MAX_PAGE_CHARS: usize = 2_048;

/// The page a visitor wrote from, usually a path such as `/prix`: one line, 1 to 2,048
/// characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Page(String);

/// Why a text is not a valid page.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PageError {
    /// Nothing but white space.
    #[error("the page is empty")]
    Blank,
    /// More than [`MAX_PAGE_CHARS`] characters.
    #[error("the page is longer than {MAX_PAGE_CHARS} characters")]
    TooLong,
}

impl Page {
    /// Validates `raw`: control characters removed, ends trimmed.
    pub fn new(raw: &str) -> Result<Self, PageError> {
        let cleaned = super::one_line(raw);
        let trimmed = cleaned.trim();
        if super::visible::renders_blank(trimmed) {
            return Err(PageError::Blank);
        }
        if trimmed.chars().count() > MAX_PAGE_CHARS {
            return Err(PageError::TooLong);
        }
        Ok(Self(trimmed.to_owned()))
    }

    /// The page.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Page {
    type Error = PageError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::new(&value)
    }
}

impl From<Page> for String {
    fn from(value: Page) -> Self {
        value.0
    }
}

impl fmt::Display for Page {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_is_kept() {
        assert_eq!(Page::new("/prix").unwrap().as_str(), "/prix");
    }

    #[test]
    fn a_blank_page_is_rejected() {
        assert_eq!(Page::new(" "), Err(PageError::Blank));
    }

    #[test]
    fn a_page_longer_than_2048_characters_is_rejected() {
        assert!(Page::new(&"a".repeat(2_048)).is_ok());
        assert_eq!(Page::new(&"a".repeat(2_049)), Err(PageError::TooLong));
    }
}
