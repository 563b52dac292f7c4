//! Everything the operator reads, in the operator's language: French (the product guide's
//! texts), English, Spanish or German, each language's words in its catalog (`catalog/`).
//!
//! Every text returned here fits in one Telegram message ([`MAX_MESSAGE_UTF16`]), except a
//! notification of a very long visitor message (alone, or as a [`Digest`] of its own), which
//! the Telegram adapter splits.

mod catalog;
mod command_error;
mod digest;
mod format;
mod forum;
mod help;
mod locale;
mod menu;
mod notification;
mod outcome;
mod stats;
mod ticket_list;
mod ticket_view;

pub use digest::Digest;
pub use format::{fits_in_one_message, utf16_len};
pub use forum::MAX_TOPIC_NAME_CHARS;
pub use locale::{Locale, LocaleError};
pub use menu::{button_label, command_menu, MenuEntry};

use crate::ports::Clock;
use catalog::Catalog;

/// Telegram's limit for one message, in UTF-16 code units.
pub const MAX_MESSAGE_UTF16: usize = 4_096;

/// Renders operator texts in one locale, with times on the operator's wall clock.
pub struct Renderer<'a> {
    texts: &'static Catalog,
    clock: &'a dyn Clock,
}

impl<'a> Renderer<'a> {
    /// A renderer for `locale`, reading wall-clock times from `clock`.
    pub fn new(locale: Locale, clock: &'a dyn Clock) -> Self {
        Self {
            texts: locale.catalog(),
            clock,
        }
    }

    /// `15/01/2024 14:30` on the operator's wall clock, as the locale writes dates.
    fn date_time(&self, at: chrono::DateTime<chrono::Utc>) -> String {
        self.clock
            .local(at)
            .format(self.texts.date_time)
            .to_string()
    }
}

#[cfg(test)]
mod every_locale;

#[cfg(test)]
pub(crate) mod test_support {
    //! A clock fixed in Paris winter time for rendering tests.

    use chrono::{DateTime, Duration, NaiveDateTime, TimeZone, Utc};

    use crate::ports::Clock;

    /// Now is 15/01/2024 16:20 in Paris (UTC+1).
    pub struct ParisWinterClock;

    impl Clock for ParisWinterClock {
        fn now(&self) -> DateTime<Utc> {
            Utc.with_ymd_and_hms(2024, 1, 15, 15, 20, 0).unwrap()
        }
        fn local(&self, at: DateTime<Utc>) -> NaiveDateTime {
            (at + Duration::hours(1)).naive_utc()
        }
    }

    pub fn paris_clock() -> ParisWinterClock {
        ParisWinterClock
    }
}
