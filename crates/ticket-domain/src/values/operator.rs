//! A member of the support team: who wrote a reply or a note.

use serde::{Deserialize, Serialize};

use super::DisplayName;

/// A member of the support team as Telegram knows them: their user id and first name. The
/// console's operator has none (`None` wherever an operator is optional).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Operator {
    /// Their Telegram user id.
    pub id: i64,
    /// Their first name, as shown to the team and (unless hidden) to the visitor.
    pub name: DisplayName,
}

impl Operator {
    /// The operator with Telegram user id `id` and first name `first_name`; `None` when the
    /// name is not a valid display name (blank, once control characters are removed).
    pub fn from_telegram(id: i64, first_name: &str) -> Option<Self> {
        let name = DisplayName::new(first_name).ok()?;
        Some(Self { id, name })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_telegram_user_is_an_operator_unless_their_name_is_blank() {
        let marie = Operator::from_telegram(501, " Marie ").unwrap();
        assert_eq!((marie.id, marie.name.as_str()), (501, "Marie"));
        assert_eq!(Operator::from_telegram(502, "\u{200b} "), None);
    }
}
