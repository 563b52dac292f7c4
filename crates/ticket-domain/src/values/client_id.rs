//! The identifier a client gives a message so that a retried send is recognised.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The longest client id, in characters.
pub const MAX_CLIENT_ID_CHARS: usize = 64;

/// An idempotency key chosen by the sender of a message (the widget uses a UUID): the same key
/// sent twice for one ticket stores one message. 1 to 64 printable ASCII characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ClientId(String);

/// Why a text is not a valid client id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClientIdError {
    /// Empty, longer than 64 characters, or with characters other than printable ASCII.
    #[error("the client_id must be 1 to {MAX_CLIENT_ID_CHARS} printable ASCII characters")]
    Invalid,
}

impl ClientId {
    /// Validates `raw` as is (no trimming: a key is compared byte for byte).
    pub fn new(raw: &str) -> Result<Self, ClientIdError> {
        let valid = !raw.is_empty()
            && raw.len() <= MAX_CLIENT_ID_CHARS
            && raw.bytes().all(|b| b.is_ascii_graphic());
        if valid {
            Ok(Self(raw.to_owned()))
        } else {
            Err(ClientIdError::Invalid)
        }
    }

    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ClientId {
    type Error = ClientIdError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::new(&value)
    }
}

impl From<ClientId> for String {
    fn from(value: ClientId) -> Self {
        value.0
    }
}

impl fmt::Display for ClientId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_uuid_is_accepted() {
        assert!(ClientId::new("7f1c2a4e-9b0d-4c3e-8f5a-2b6d1e0c9a7f").is_ok());
    }

    #[test]
    fn empty_spaced_long_or_non_ascii_ids_are_rejected() {
        for bad in ["", "a b", "é", &"a".repeat(65)] {
            assert_eq!(ClientId::new(bad), Err(ClientIdError::Invalid), "{bad:?}");
        }
    }
}
