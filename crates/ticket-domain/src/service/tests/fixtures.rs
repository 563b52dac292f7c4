//! Test data and the clock shared by the use-case tests.

use chrono::{DateTime, Duration, NaiveDateTime, TimeZone, Utc};

use crate::ports::MockClock;
use crate::ticket::{Priority, Status, Ticket, TicketNumber};
use crate::values::DisplayName;
use crate::visitor::{VisitorId, VisitorProfile};

/// 15/01/2024 14:30 in Paris.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 1, 15, 13, 30, 0).unwrap()
}

/// A clock at [`now`] in Paris winter time.
pub fn clock() -> MockClock {
    let mut clock = MockClock::new();
    clock.expect_now().return_const(now());
    clock
        .expect_local()
        .returning(|at| -> NaiveDateTime { (at + Duration::hours(1)).naive_utc() });
    clock
}

pub fn t1001() -> TicketNumber {
    TicketNumber::new(1001).unwrap()
}

pub fn ticket(status: Status) -> Ticket {
    Ticket {
        number: t1001(),
        visitor: VisitorProfile {
            id: VisitorId(7),
            name: Some(DisplayName::new("Jean Dupont").unwrap()),
            email: None,
        },
        subject: "Problème avec ma commande".into(),
        status,
        priority: Priority::Medium,
        created_at: now(),
        last_activity_at: now(),
        closed_at: None,
        last_page: None,
        last_device: None,
        assignee: None,
    }
}
