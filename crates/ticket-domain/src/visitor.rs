//! Visitors of the site: anonymous until they give a name or an e-mail address.

use serde::{Deserialize, Serialize};

use crate::values::{DisplayName, Email};

/// A visitor's identifier, given by storage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct VisitorId(pub i64);

/// The hash of a visitor's bearer token: storage keeps this, never the token. The HTTP adapter
/// makes the token and its hash; the domain only compares hashes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TokenHash(pub String);

/// What the operator knows of a visitor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitorProfile {
    /// Storage's identifier.
    pub id: VisitorId,
    /// The name the visitor gave, if any.
    pub name: Option<DisplayName>,
    /// The address the visitor gave, if any.
    pub email: Option<Email>,
}
