//! The clock port: the current time, and the operator's wall-clock time.

use chrono::{DateTime, NaiveDateTime, Utc};

/// Time, as the product sees it.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait Clock: Send + Sync + 'static {
    /// The current instant.
    fn now(&self) -> DateTime<Utc>;

    /// `at` on the operator's wall clock, in the configured IANA time zone (daylight saving
    /// included). Everything the operator reads shows times this way.
    fn local(&self, at: DateTime<Utc>) -> NaiveDateTime;
}
