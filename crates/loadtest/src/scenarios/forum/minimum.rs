//! The least time a group's sliding-window limit allows for a set of calls: the denominator of
//! the forum scenario's ratio.
//!
//! A group takes at most `max` calls in any sliding `window` (the fake refuses a call while
//! `max` accepted calls are younger than `window`). From an empty budget, the earliest
//! schedule sends each call as soon as it is ready and the window has room: the call `k`
//! (oldest first) goes at `max(ready[k], start[k - max] + window)`. No schedule finishes
//! sooner (any schedule's `k`-th call is at least that late), so the last of these instants is
//! the minimum. With every call ready at once it is `floor((n - 1) / max) × window`.

use std::time::Duration;

use fake_telegram::SlidingWindow;

/// The earliest the last of the calls can be accepted, each call no sooner than its `ready`
/// instant (measured from the same origin); `None` for no call, or a window that takes none.
pub fn minimum_completion(ready: &[Duration], limit: SlidingWindow) -> Option<Duration> {
    let max = limit.max as usize;
    if ready.is_empty() || max == 0 {
        return None;
    }
    let mut ready = ready.to_vec();
    ready.sort_unstable();
    let mut starts: Vec<Duration> = Vec::with_capacity(ready.len());
    for (k, at) in ready.iter().enumerate() {
        let room = k
            .checked_sub(max)
            .map_or(Duration::ZERO, |oldest| starts[oldest] + limit.window);
        starts.push((*at).max(room));
    }
    starts.last().copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TELEGRAM_GROUP: SlidingWindow = SlidingWindow {
        max: 20,
        window: Duration::from_secs(60),
    };

    fn secs(seconds: f64) -> Duration {
        Duration::from_secs_f64(seconds)
    }

    /// The closed form: `floor((n - 1) / max) × window` for `n` calls all ready at once.
    fn all_ready_minimum(n: usize, limit: SlidingWindow) -> Option<Duration> {
        let max = limit.max as usize;
        if n == 0 || max == 0 {
            return None;
        }
        let refills = u32::try_from((n - 1) / max).ok()?;
        limit.window.checked_mul(refills)
    }

    #[test]
    fn twenty_calls_ready_at_once_go_at_once() {
        let ready = vec![Duration::ZERO; 20];
        assert_eq!(
            minimum_completion(&ready, TELEGRAM_GROUP),
            Some(Duration::ZERO)
        );
    }

    #[test]
    fn the_twenty_first_call_waits_a_whole_window() {
        let ready = vec![Duration::ZERO; 21];
        assert_eq!(minimum_completion(&ready, TELEGRAM_GROUP), Some(secs(60.0)));
    }

    #[test]
    fn three_hundred_calls_ready_at_once_take_fourteen_windows() {
        let ready = vec![Duration::ZERO; 300];
        assert_eq!(
            minimum_completion(&ready, TELEGRAM_GROUP),
            Some(secs(840.0))
        );
        assert_eq!(all_ready_minimum(300, TELEGRAM_GROUP), Some(secs(840.0)));
        assert_eq!(all_ready_minimum(200, TELEGRAM_GROUP), Some(secs(540.0)));
    }

    #[test]
    fn with_every_call_ready_at_once_the_schedule_is_the_closed_form() {
        for n in 1..=130 {
            let ready = vec![Duration::ZERO; n];
            assert_eq!(
                minimum_completion(&ready, TELEGRAM_GROUP),
                all_ready_minimum(n, TELEGRAM_GROUP),
                "{n} calls"
            );
        }
    }

    #[test]
    fn a_call_never_goes_before_it_is_ready() {
        // Ten calls a second apart: the window never fills, the last goes when it is ready.
        let ready: Vec<Duration> = (0..10).map(|s| secs(f64::from(s))).collect();
        assert_eq!(minimum_completion(&ready, TELEGRAM_GROUP), Some(secs(9.0)));
    }

    #[test]
    fn a_refill_starts_from_the_call_that_leaves_the_window() {
        // 100 tickets over 10 s, three calls each ready with their ticket: the 281st call waits
        // for the 261st (14 windows after the first), the last for the 280th, which was ready
        // at 0.6 s.
        let ready: Vec<Duration> = (0..100)
            .flat_map(|ticket| [secs(f64::from(ticket) * 0.1); 3])
            .collect();
        let minimum = minimum_completion(&ready, TELEGRAM_GROUP).unwrap();
        assert!((minimum.as_secs_f64() - 840.6).abs() < 1e-9, "{minimum:?}");
    }

    #[test]
    fn a_late_call_is_not_held_by_an_old_window() {
        let limit = SlidingWindow {
            max: 2,
            window: Duration::from_secs(10),
        };
        let ready = [0.0, 0.0, 0.0, 25.0].map(secs);
        assert_eq!(minimum_completion(&ready, limit), Some(secs(25.0)));
        let ready = [0.0, 0.0, 0.0, 0.0, 0.0].map(secs);
        assert_eq!(minimum_completion(&ready, limit), Some(secs(20.0)));
    }

    #[test]
    fn no_call_or_a_closed_window_has_no_minimum() {
        assert_eq!(minimum_completion(&[], TELEGRAM_GROUP), None);
        let closed = SlidingWindow {
            max: 0,
            window: Duration::from_secs(60),
        };
        assert_eq!(minimum_completion(&[Duration::ZERO], closed), None);
        assert_eq!(all_ready_minimum(0, TELEGRAM_GROUP), None);
    }
}
