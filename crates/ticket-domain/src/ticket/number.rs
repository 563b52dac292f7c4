//! Ticket numbers: `T1001`, `T1002`, …

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A ticket's public number, shown as `T1001`. Storage hands them out strictly increasing from
/// [`TicketNumber::FIRST`], never reusing one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TicketNumber(u32);

/// Why a text or an integer is not a ticket number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TicketNumberError {
    /// Not of the form `T1001` (or `1001`).
    #[error("“{0}” is not a ticket number (expected something like T1001)")]
    Malformed(String),
    /// Below the first number.
    #[error("ticket numbers start at T{first}", first = TicketNumber::FIRST.0)]
    TooSmall,
}

impl TicketNumber {
    /// The number of the very first ticket.
    pub const FIRST: TicketNumber = TicketNumber(1001);

    /// Wraps an integer, which must be at least 1001.
    pub fn new(value: u32) -> Result<Self, TicketNumberError> {
        if value < Self::FIRST.0 {
            return Err(TicketNumberError::TooSmall);
        }
        Ok(Self(value))
    }

    /// Parses `T1001`, `t1001` or `1001` (surrounding white space ignored).
    pub fn parse(raw: &str) -> Result<Self, TicketNumberError> {
        let trimmed = raw.trim();
        let digits = trimmed.strip_prefix(['T', 't']).unwrap_or(trimmed);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(TicketNumberError::Malformed(trimmed.to_owned()));
        }
        let value = digits
            .parse::<u32>()
            .map_err(|_| TicketNumberError::Malformed(trimmed.to_owned()))?;
        Self::new(value)
    }

    /// The integer behind the number.
    pub fn value(self) -> u32 {
        self.0
    }

    /// The number that follows this one.
    pub fn next(self) -> Self {
        Self(self.0.saturating_add(1))
    }
}

impl FromStr for TicketNumber {
    type Err = TicketNumberError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for TicketNumber {
    type Error = TicketNumberError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<TicketNumber> for String {
    fn from(value: TicketNumber) -> Self {
        value.to_string()
    }
}

impl fmt::Display for TicketNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "T{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_written_forms_parse_to_the_same_number() {
        for raw in ["T1001", "t1001", "1001", " T1001 "] {
            assert_eq!(TicketNumber::parse(raw).unwrap().value(), 1001, "{raw:?}");
        }
    }

    #[test]
    fn a_number_displays_with_its_t() {
        assert_eq!(TicketNumber::new(1042).unwrap().to_string(), "T1042");
    }

    #[test]
    fn numbers_below_1001_are_rejected() {
        assert_eq!(
            TicketNumber::parse("T1000"),
            Err(TicketNumberError::TooSmall)
        );
        assert_eq!(TicketNumber::new(0), Err(TicketNumberError::TooSmall));
    }

    #[test]
    fn malformed_numbers_are_rejected() {
        for raw in [
            "",
            "T",
            "TT1001",
            "T10a1",
            "T-1001",
            "#1001",
            "T99999999999",
            "T 1001",
        ] {
            assert!(
                matches!(
                    TicketNumber::parse(raw),
                    Err(TicketNumberError::Malformed(_))
                ),
                "{raw:?}"
            );
        }
    }

    #[test]
    fn serde_uses_the_displayed_form() {
        let number = TicketNumber::new(1001).unwrap();
        assert_eq!(serde_json::to_string(&number).unwrap(), "\"T1001\"");
        assert_eq!(
            serde_json::from_str::<TicketNumber>("\"T1001\"").unwrap(),
            number
        );
    }
}
