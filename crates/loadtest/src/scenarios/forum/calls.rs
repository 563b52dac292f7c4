//! The group's counted calls as the fake logged them: how many were accepted and refused, when
//! the last needed one was accepted, and each run of `429`s with how long the bot took to come
//! back after the window had room again (the evidence for a ratio far from 1).

use std::collections::BTreeMap;
use std::time::Instant;

use fake_telegram::{RecordedCall, SlidingWindow};
use serde::Serialize;

/// The methods whose accepted calls are the scenario's needed ones (topics, cards, General
/// lines); the other counted methods (renames, closing) are extra.
const NEEDED: [&str; 2] = ["createForumTopic", "sendMessage"];

/// A run of refused calls (`429`) up to the next accepted one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Refusal {
    /// The first refused call, in seconds after the first visitor message.
    pub first_at_s: f64,
    /// Calls refused before the next accepted one.
    pub refused: usize,
    /// Those calls, by method (a `sendMessage` as in a topic or in General).
    pub methods: BTreeMap<String, usize>,
    /// When the group's window had room again (seconds after the first visitor message): the
    /// call that had to leave it, plus the window.
    pub room_at_s: f64,
    /// When the next counted call was accepted (`NaN`: none was).
    pub resumed_at_s: f64,
    /// `resumed_at_s - room_at_s`: how long the bot left the room unused.
    pub late_s: f64,
}

/// What the call log says.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CallFigures {
    /// Counted calls made to the group (accepted or not).
    pub made: usize,
    /// Accepted (`200`), by method (a `sendMessage` as in a topic or in General).
    pub accepted: BTreeMap<String, usize>,
    /// Refused with `429`, by method (as `accepted`).
    pub rate_limited: BTreeMap<String, usize>,
    /// Other answers, by `method status`.
    pub failed: BTreeMap<String, usize>,
    /// The runs of `429`s.
    pub refusals: Vec<Refusal>,
    /// The sum of the refusals' `late_s`.
    pub late_total_s: f64,
    /// The last needed call accepted, in seconds after the first visitor message.
    #[serde(skip)]
    pub last_needed_at: Option<Instant>,
}

impl CallFigures {
    /// Accepted calls, all methods.
    pub fn accepted_total(&self) -> usize {
        self.accepted.values().sum()
    }

    /// `429`s, all methods.
    pub fn rate_limited_total(&self) -> usize {
        self.rate_limited.values().sum()
    }
}

/// Reads `calls` (the group's counted calls, in order of arrival) against the group's
/// `limit`; times are given from `origin` (the first visitor message).
pub fn analyse(calls: &[RecordedCall], limit: SlidingWindow, origin: Instant) -> CallFigures {
    let seconds = |at: Instant| at.saturating_duration_since(origin).as_secs_f64();
    let mut figures = CallFigures {
        made: calls.len(),
        accepted: BTreeMap::new(),
        rate_limited: BTreeMap::new(),
        failed: BTreeMap::new(),
        refusals: Vec::new(),
        late_total_s: 0.0,
        last_needed_at: None,
    };
    let mut accepted_at: Vec<Instant> = Vec::new();
    let mut open: Option<Refusal> = None;
    for call in calls {
        let method = label(call);
        match call.status {
            200 => {
                *figures.accepted.entry(method).or_insert(0) += 1;
                accepted_at.push(call.at);
                if NEEDED.contains(&call.method.as_str()) {
                    figures.last_needed_at = Some(call.at);
                }
                if let Some(mut refusal) = open.take() {
                    refusal.resumed_at_s = seconds(call.at);
                    refusal.late_s = refusal.resumed_at_s - refusal.room_at_s;
                    figures.refusals.push(refusal);
                }
            }
            429 => {
                *figures.rate_limited.entry(method.clone()).or_insert(0) += 1;
                let refusal = open.get_or_insert_with(|| Refusal {
                    first_at_s: seconds(call.at),
                    refused: 0,
                    methods: BTreeMap::new(),
                    room_at_s: seconds(room_at(&accepted_at, limit, call.at)),
                    resumed_at_s: f64::NAN,
                    late_s: f64::NAN,
                });
                refusal.refused += 1;
                *refusal.methods.entry(method).or_insert(0) += 1;
            }
            status => {
                let key = format!("{method} {status}");
                *figures.failed.entry(key).or_insert(0) += 1;
            }
        }
    }
    figures.refusals.extend(open);
    figures.late_total_s = figures
        .refusals
        .iter()
        .map(|r| r.late_s)
        .filter(|late| late.is_finite())
        .sum();
    figures
}

/// The call's method; a `sendMessage` told apart by where it goes: `sendMessage in a topic`
/// (with `message_thread_id`) or `sendMessage in General`.
fn label(call: &RecordedCall) -> String {
    if call.method != "sendMessage" {
        return call.method.clone();
    }
    if call.body["message_thread_id"].is_null() {
        "sendMessage in General".to_owned()
    } else {
        "sendMessage in a topic".to_owned()
    }
}

/// When the window has room for one more call after the `accepted` ones (oldest first), as
/// seen at `now`: when the oldest call that must leave it leaves; `now` if there is room.
fn room_at(accepted: &[Instant], limit: SlidingWindow, now: Instant) -> Instant {
    let in_window: Vec<Instant> = accepted
        .iter()
        .copied()
        .filter(|at| now.saturating_duration_since(*at) < limit.window)
        .collect();
    let max = limit.max as usize;
    match in_window.len().checked_sub(max) {
        Some(leaving) => in_window.get(leaving).map_or(now, |at| *at + limit.window),
        None => now,
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use serde_json::json;

    use super::*;

    const LIMIT: SlidingWindow = SlidingWindow {
        max: 2,
        window: Duration::from_secs(60),
    };

    fn call(origin: Instant, method: &str, millis: u64, status: u16) -> RecordedCall {
        RecordedCall {
            method: method.to_owned(),
            body: json!({"chat_id": -1_001, "message_thread_id": 7}),
            at: origin + Duration::from_millis(millis),
            status,
        }
    }

    #[test]
    fn a_run_of_refusals_says_when_the_window_had_room_and_when_the_bot_came_back() {
        let origin = Instant::now();
        let calls = [
            call(origin, "createForumTopic", 0, 200),
            call(origin, "sendMessage", 100, 200),
            call(origin, "createForumTopic", 200, 429),
            call(origin, "createForumTopic", 5_000, 429),
            call(origin, "createForumTopic", 61_000, 200),
        ];
        let figures = analyse(&calls, LIMIT, origin);
        assert_eq!(figures.made, 5);
        assert_eq!(figures.accepted_total(), 3);
        assert_eq!(figures.rate_limited_total(), 2);
        assert_eq!(figures.refusals.len(), 1);
        let refusal = &figures.refusals[0];
        assert_eq!(refusal.refused, 2);
        assert!((refusal.room_at_s - 60.0).abs() < 1e-9);
        assert!((refusal.resumed_at_s - 61.0).abs() < 1e-9);
        assert!((figures.late_total_s - 1.0).abs() < 1e-9);
        assert_eq!(figures.last_needed_at, Some(calls[4].at));
    }

    #[test]
    fn other_failures_and_extra_methods_are_kept_apart() {
        let origin = Instant::now();
        let calls = [
            call(origin, "sendMessage", 0, 400),
            call(origin, "sendMessage", 10, 200),
            call(origin, "editForumTopic", 20, 200),
        ];
        let figures = analyse(&calls, LIMIT, origin);
        assert_eq!(figures.failed.get("sendMessage in a topic 400"), Some(&1));
        assert_eq!(figures.last_needed_at, Some(calls[1].at));
        assert!(figures.refusals.is_empty());
    }

    #[test]
    fn a_message_without_a_thread_is_a_line_in_general() {
        let origin = Instant::now();
        let mut general = call(origin, "sendMessage", 0, 429);
        general.body = json!({"chat_id": -1_001, "text": "🆕 T1001"});
        let figures = analyse(&[general], LIMIT, origin);
        assert_eq!(figures.rate_limited.get("sendMessage in General"), Some(&1));
    }

    #[test]
    fn a_refusal_never_followed_by_an_accepted_call_stays_open() {
        let origin = Instant::now();
        let calls = [
            call(origin, "sendMessage", 0, 200),
            call(origin, "sendMessage", 1, 200),
            call(origin, "sendMessage", 2, 429),
        ];
        let figures = analyse(&calls, LIMIT, origin);
        assert_eq!(figures.refusals.len(), 1);
        assert!(figures.refusals[0].resumed_at_s.is_nan());
        assert_eq!(figures.late_total_s, 0.0);
    }
}
