//! Contract: the ticket list, the counts by status, and the statistics.

use std::time::Duration;

use ticket_domain::command::ListFilter;
use ticket_domain::ports::{StatsQuery, StatusCounts, TicketQuery};
use ticket_domain::ticket::{Priority, Status, TicketNumber};
use ticket_domain::values::DisplayName;

use crate::support::*;

const DAY: i64 = 86_400;

/// Six tickets of every status and priority; see the comments for their place in the list.
fn six_tickets(store: &UnderTest<impl Store>) {
    let n = |i: u32| number(1000 + i);
    open_ticket(store, "1", "one", t(10)); // open medium, active at 10
    open_ticket(store, "2", "two", t(1));
    store
        .set_priority(n(2), Priority::High, t(15))
        .expect("priority");
    store
        .record_operator_message(operator_message(n(2), "r", t(20)))
        .expect("reply"); // pending high, 20
    open_ticket(store, "3", "three", t(2));
    store
        .set_priority(n(3), Priority::Urgent, t(25))
        .expect("priority");
    store
        .change_status(status_change(n(3), Status::Closed, t(30)))
        .expect("close"); // closed urgent, 30
    open_ticket(store, "4", "four", t(3));
    store
        .set_priority(n(4), Priority::Urgent, t(5))
        .expect("priority"); // open urgent, 5
    open_ticket(store, "5", "five", t(4));
    store
        .set_priority(n(5), Priority::Low, t(40))
        .expect("priority"); // open low, 40
    open_ticket(store, "6", "six", t(10)); // open medium, 10 (ties with T1001: higher number first)
}

fn numbers(
    store: &UnderTest<impl Store>,
    filter: ListFilter,
    offset: u32,
    limit: u32,
) -> (Vec<u32>, u64) {
    let page = store
        .list_tickets(TicketQuery {
            filter,
            offset,
            limit,
        })
        .expect("list");
    let numbers = page.tickets.iter().map(|t| t.number.value()).collect();
    (numbers, page.total_matching)
}

/// Each filter lists its tickets, most urgent first, then latest activity, then highest number.
pub fn filters_list_their_tickets_in_urgency_then_recency_order<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    six_tickets(&f.store);

    let cases = [
        (ListFilter::All, vec![1003, 1004, 1002, 1006, 1001, 1005]),
        (ListFilter::Active, vec![1004, 1002, 1006, 1001, 1005]),
        (ListFilter::Open, vec![1004, 1006, 1001, 1005]),
        (ListFilter::Pending, vec![1002]),
        (ListFilter::Closed, vec![1003]),
        (ListFilter::Urgent, vec![1004]),
    ];

    for (filter, expected) in cases {
        let total = expected.len() as u64;
        assert_eq!(
            numbers(&f.store, filter, 0, 10),
            (expected, total),
            "{filter:?}"
        );
    }
}

/// A page skips `offset` tickets and holds at most `limit`; the total counts them all.
pub fn pages_skip_and_limit_but_count_every_match<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    six_tickets(&f.store);

    assert_eq!(
        numbers(&f.store, ListFilter::All, 2, 2),
        (vec![1002, 1006], 6)
    );
    assert_eq!(numbers(&f.store, ListFilter::Active, 4, 2), (vec![1005], 5));
    assert_eq!(numbers(&f.store, ListFilter::All, 10, 2), (vec![], 6));
}

/// The counts by status add up every ticket.
pub fn tickets_are_counted_by_status<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    assert_eq!(
        f.store.status_counts().expect("counts"),
        StatusCounts::default()
    );
    six_tickets(&f.store);

    let counts = f.store.status_counts().expect("counts");

    assert_eq!(
        counts,
        StatusCounts {
            open: 4,
            pending: 1,
            closed: 1
        }
    );
}

fn query(urgent_limit: u32) -> StatsQuery {
    StatsQuery {
        stale_before: t(DAY),
        today_starts_at: t(3 * DAY),
        urgent_limit,
    }
}

/// The statistics: counts, urgent, stale, created today, median first response, urgent list.
pub fn statistics_cover_every_ticket<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    let s = &f.store;
    let n = |i: u32| number(1000 + i);
    open_ticket(s, "1", "one", t(0));
    s.record_operator_message(operator_message(n(1), "r", t(60)))
        .expect("reply"); // 60 s
    s.record_operator_message(operator_message(n(1), "r", t(5_000)))
        .expect("reply"); // not first
    open_ticket(s, "2", "two", t(100));
    s.record_operator_message(operator_message(n(2), "r", t(400)))
        .expect("reply"); // 300 s
    s.change_status(status_change(n(2), Status::Closed, t(500)))
        .expect("close");
    open_ticket(s, "3", "three", t(200));
    s.record_operator_message(operator_message(n(3), "r", t(320)))
        .expect("reply"); // 120 s
    s.set_priority(n(3), Priority::Urgent, t(2 * DAY))
        .expect("priority");
    let visitor4 = visitor(s, "4");
    let mut first = visitor_message(visitor4, "four", t(3 * DAY));
    first.name = Some(DisplayName::new("Ana").expect("name"));
    send(s, first);
    s.set_priority(n(4), Priority::Urgent, t(3 * DAY + 10))
        .expect("priority");
    open_ticket(s, "5", "five", t(3 * DAY + 20));
    open_ticket(s, "6", "six", t(3 * DAY + 30));
    s.set_priority(n(6), Priority::Urgent, t(3 * DAY + 40))
        .expect("priority");
    s.change_status(status_change(n(6), Status::Closed, t(3 * DAY + 50)))
        .expect("close");

    let stats = s.stats(query(5)).expect("stats");
    let limited = s.stats(query(1)).expect("stats");

    assert_eq!(
        stats.counts,
        StatusCounts {
            open: 2,
            pending: 2,
            closed: 2
        }
    );
    assert_eq!((stats.urgent, stats.stale, stats.created_today), (2, 1, 3));
    assert_eq!(stats.median_first_response, Some(Duration::from_secs(120)));
    let ana = Some(DisplayName::new("Ana").expect("name"));
    assert_eq!(
        stats.urgent_tickets,
        vec![(n(4), ana.clone()), (n(3), None)]
    );
    assert_eq!(limited.urgent_tickets, vec![(n(4), ana)]);
}

/// With an even number of answered tickets, the median is the mean of the middle two.
pub fn the_median_of_an_even_count_is_the_mean_of_the_middle_two<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    for (i, delay) in [(1, 60), (2, 120), (3, 300), (4, 1_000)] {
        let created = t(i * 10_000);
        open_ticket(&f.store, &i.to_string(), "q", created);
        let reply_at = created + chrono::TimeDelta::seconds(delay);
        let n: TicketNumber = number(1000 + u32::try_from(i).expect("small"));
        f.store
            .record_operator_message(operator_message(n, "r", reply_at))
            .expect("reply");
    }

    let stats = f.store.stats(query(5)).expect("stats");

    assert_eq!(stats.median_first_response, Some(Duration::from_secs(210)));
}

/// Without any reply there is no median, and an empty store has all-zero figures.
pub fn there_is_no_median_without_a_reply<S: Store>(open: Factory<S>) {
    let f = open(&[]);
    let empty = f.store.stats(query(5)).expect("stats");
    open_ticket(&f.store, "1", "q", t(0));

    let stats = f.store.stats(query(5)).expect("stats");

    assert_eq!(
        (empty.counts.total(), empty.median_first_response),
        (0, None)
    );
    assert_eq!((stats.counts.open, stats.median_first_response), (1, None));
}
