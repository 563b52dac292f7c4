//! Test doubles of the ports the bot does not own: a clock on Paris winter time that can jump
//! forward, and a visitor channel that records what widgets would receive.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Mutex;

use chrono::{DateTime, NaiveDateTime, TimeDelta, TimeZone, Utc};
use ticket_domain::ports::{Clock, VisitorChannel, VisitorEvent};
use ticket_domain::visitor::VisitorId;

/// The operator's wall clock is Paris in winter (UTC+1). Time runs from a chosen instant and
/// can jump forward.
pub struct TestClock {
    offset_ms: AtomicI64,
}

impl TestClock {
    pub fn starting_at(at: DateTime<Utc>) -> Self {
        let clock = Self {
            offset_ms: AtomicI64::new(0),
        };
        clock.set(at);
        clock
    }

    /// Jumps to `at` (forward only, in these tests); time keeps running from there.
    pub fn set(&self, at: DateTime<Utc>) {
        let offset = (at - system_now()).num_milliseconds();
        self.offset_ms.store(offset, Ordering::SeqCst);
    }
}

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        system_now() + TimeDelta::milliseconds(self.offset_ms.load(Ordering::SeqCst))
    }
    fn local(&self, at: DateTime<Utc>) -> NaiveDateTime {
        (at + TimeDelta::hours(1)).naive_utc()
    }
}

/// The real current instant (chrono's `clock` feature is off in this workspace).
fn system_now() -> DateTime<Utc> {
    DateTime::from(std::time::SystemTime::now())
}

/// 15/01/2024 `h`:`m` UTC.
pub fn jan_15(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 1, 15, h, m, 0).unwrap()
}

/// Records what the visitors' widgets would receive.
#[derive(Default)]
pub struct RecordingChannel {
    pub events: Mutex<Vec<(VisitorId, VisitorEvent)>>,
}

impl VisitorChannel for RecordingChannel {
    fn push(&self, visitor: VisitorId, event: VisitorEvent) {
        self.events.lock().unwrap().push((visitor, event));
    }
}
