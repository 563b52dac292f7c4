//! The system clock, with the operator's IANA time zone.

use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;
use ticket_domain::ports::Clock;

/// The machine's clock; wall-clock times in the configured zone (daylight saving included).
pub struct SystemClock {
    zone: Tz,
}

impl SystemClock {
    /// A clock showing times in `zone`.
    pub fn new(zone: Tz) -> Self {
        Self { zone }
    }
}

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    fn local(&self, at: DateTime<Utc>) -> NaiveDateTime {
        at.with_timezone(&self.zone).naive_local()
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn paris_time_follows_daylight_saving() {
        let clock = SystemClock::new(chrono_tz::Europe::Paris);
        let winter = Utc.with_ymd_and_hms(2024, 1, 15, 13, 30, 0).unwrap();
        let summer = Utc.with_ymd_and_hms(2024, 7, 15, 13, 30, 0).unwrap();
        assert_eq!(clock.local(winter).format("%H:%M").to_string(), "14:30");
        assert_eq!(clock.local(summer).format("%H:%M").to_string(), "15:30");
    }
}
