//! A visitor's e-mail address.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The longest address, in characters (RFC 5321's path limit less the angle brackets).
pub const MAX_EMAIL_CHARS: usize = 254;
const MAX_LOCAL_PART: usize = 64;
const MAX_LABEL: usize = 63;

/// An e-mail address in the common `local@domain.tld` form, checked for syntax: a dot-atom local
/// part (no quoted strings) and a domain of at least two labels. The domain is lower-cased.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

/// Why a text is not a valid e-mail address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    /// More than [`MAX_EMAIL_CHARS`] characters.
    #[error("the e-mail address is longer than {MAX_EMAIL_CHARS} characters")]
    TooLong,
    /// Not of the form `name@example.com`.
    #[error("the e-mail address is not valid (expected something like name@example.com)")]
    Invalid,
}

impl Email {
    /// Checks the syntax of `raw` (surrounding white space is ignored).
    pub fn new(raw: &str) -> Result<Self, EmailError> {
        let trimmed = raw.trim();
        if trimmed.chars().count() > MAX_EMAIL_CHARS {
            return Err(EmailError::TooLong);
        }
        let (local, domain) = trimmed.rsplit_once('@').ok_or(EmailError::Invalid)?;
        if !is_valid_local_part(local) || !is_valid_domain(domain) {
            return Err(EmailError::Invalid);
        }
        Ok(Self(format!("{local}@{}", domain.to_lowercase())))
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn is_valid_local_part(local: &str) -> bool {
    const SPECIALS: &str = "!#$%&'*+/=?^_`{|}~-";
    !local.is_empty()
        && local.len() <= MAX_LOCAL_PART
        && local.split('.').all(|atom| {
            !atom.is_empty()
                && atom
                    .chars()
                    .all(|c| c.is_alphanumeric() || SPECIALS.contains(c))
        })
}

fn is_valid_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let tld_is_alphabetic = labels
        .last()
        .is_some_and(|tld| tld.chars().all(char::is_alphabetic));
    labels.len() >= 2
        && tld_is_alphabetic
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.chars().count() <= MAX_LABEL
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
}

impl TryFrom<String> for Email {
    type Error = EmailError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::new(&value)
    }
}

impl From<Email> for String {
    fn from(value: Email) -> Self {
        value.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_addresses_are_accepted() {
        for ok in [
            "jean@email.com",
            "jean.dupont+shop@mail.example.fr",
            "o'brien@example.ie",
            "x@sub-domain.example.co.uk",
            "élodie@exemple.fr",
        ] {
            assert!(Email::new(ok).is_ok(), "{ok} should be accepted");
        }
    }

    #[test]
    fn the_domain_is_lower_cased() {
        assert_eq!(
            Email::new(" Jean@Email.COM ").unwrap().as_str(),
            "Jean@email.com"
        );
    }

    #[test]
    fn malformed_addresses_are_rejected() {
        for bad in [
            "",
            "jean",
            "jean@",
            "@email.com",
            "jean@email",
            "jean@@email.com",
            "jean..dupont@email.com",
            ".jean@email.com",
            "jean.@email.com",
            "jean dupont@email.com",
            "jean@-email.com",
            "jean@email-.com",
            "jean@email..com",
            "jean@email.123",
            "jean@email.com.",
            "<script>@x.com",
        ] {
            assert_eq!(Email::new(bad), Err(EmailError::Invalid), "{bad:?}");
        }
    }

    #[test]
    fn an_address_longer_than_254_characters_is_rejected() {
        let long = format!("a@{}.com", "b".repeat(250));
        assert_eq!(Email::new(&long), Err(EmailError::TooLong));
    }

    #[test]
    fn a_local_part_longer_than_64_characters_is_rejected() {
        let long = format!("{}@example.com", "a".repeat(65));
        assert_eq!(Email::new(&long), Err(EmailError::Invalid));
    }
}
