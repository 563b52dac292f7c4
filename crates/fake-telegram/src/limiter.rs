//! Enforcing [`RateLimits`]: a token bucket per private chat, sliding windows per group and
//! overall. A call is first checked, then, once it has succeeded, recorded; a refused call
//! leaves no trace in the budgets.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use crate::limits::{RateLimits, SlidingWindow, TokenBucket};

/// The budgets spent so far.
pub(crate) struct Limiter {
    limits: RateLimits,
    /// Per private chat, the bucket's theoretical arrival time (GCRA): the bucket is full when
    /// it lies in the past.
    private: HashMap<i64, Instant>,
    /// Per group, the calls still in its window, oldest first.
    groups: HashMap<i64, VecDeque<Instant>>,
    /// Every call still in the overall window, oldest first.
    global: VecDeque<Instant>,
}

impl Limiter {
    pub(crate) fn new(limits: RateLimits) -> Self {
        Self {
            limits,
            private: HashMap::new(),
            groups: HashMap::new(),
            global: VecDeque::new(),
        }
    }

    /// Whether a call to `chat_id` (unknown: only the overall limit applies) may go at `now`;
    /// if not, how long until it could.
    pub(crate) fn check(&mut self, chat_id: Option<i64>, now: Instant) -> Result<(), Duration> {
        let mut wait = Duration::ZERO;
        if let Some(window) = self.limits.global {
            wait = wait.max(window_wait(&mut self.global, window, now));
        }
        match chat_id {
            Some(id) if id > 0 => {
                if let Some(bucket) = self.limits.private_chat {
                    let tat = self.private.get(&id).copied();
                    wait = wait.max(bucket_wait(tat, bucket, now));
                }
            }
            Some(id) if id < 0 => {
                if let Some(window) = self.limits.group_chat {
                    let calls = self.groups.entry(id).or_default();
                    wait = wait.max(window_wait(calls, window, now));
                }
            }
            _ => {}
        }
        if wait.is_zero() {
            Ok(())
        } else {
            Err(wait)
        }
    }

    /// Spends the budgets for a call made at `now` (after [`Limiter::check`] let it through).
    pub(crate) fn record(&mut self, chat_id: Option<i64>, now: Instant) {
        if self.limits.global.is_some() {
            self.global.push_back(now);
        }
        match (chat_id, self.limits.private_chat) {
            (Some(id), Some(bucket)) if id > 0 => {
                let tat = self.private.get(&id).copied().unwrap_or(now).max(now);
                self.private.insert(id, tat + bucket.refill_every);
            }
            (Some(id), _) if id < 0 && self.limits.group_chat.is_some() => {
                self.groups.entry(id).or_default().push_back(now);
            }
            _ => {}
        }
    }
}

/// How long until a bucket whose theoretical arrival time is `tat` takes one more call.
fn bucket_wait(tat: Option<Instant>, bucket: TokenBucket, now: Instant) -> Duration {
    let Some(tat) = tat else {
        return Duration::ZERO;
    };
    let tolerance = bucket.refill_every * bucket.burst.max(1).saturating_sub(1);
    // The call may go once `now + tolerance` has caught up with the arrival time.
    tat.saturating_duration_since(now + tolerance)
}

/// Drops the calls that left the window, then says how long until it has room for one more.
fn window_wait(calls: &mut VecDeque<Instant>, window: SlidingWindow, now: Instant) -> Duration {
    while calls
        .front()
        .is_some_and(|at| now.saturating_duration_since(*at) >= window.window)
    {
        calls.pop_front();
    }
    if window.max == 0 {
        return window.window;
    }
    if calls.len() < window.max as usize {
        return Duration::ZERO;
    }
    // Room comes when the oldest call still counted leaves.
    let leaving = calls.len() + 1 - window.max as usize;
    calls.get(leaving - 1).map_or(Duration::ZERO, |at| {
        (*at + window.window).saturating_duration_since(now)
    })
}

/// Telegram's `retry_after`: whole seconds, rounded up, at least 1.
pub(crate) fn retry_after_seconds(wait: Duration) -> u16 {
    let mut seconds = wait.as_secs();
    if wait.subsec_nanos() > 0 {
        seconds += 1;
    }
    u16::try_from(seconds.max(1)).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GROUP: i64 = -1_001_234_567_890;

    fn at(start: Instant, millis: u64) -> Instant {
        start + Duration::from_millis(millis)
    }

    fn spend(limiter: &mut Limiter, chat: i64, now: Instant) -> Result<(), Duration> {
        limiter.check(Some(chat), now)?;
        limiter.record(Some(chat), now);
        Ok(())
    }

    #[test]
    fn a_private_chat_takes_a_burst_of_three_then_one_a_second() {
        let start = Instant::now();
        let mut limiter = Limiter::new(RateLimits::telegram());
        for millis in [0, 10, 20] {
            assert_eq!(spend(&mut limiter, 42, at(start, millis)), Ok(()));
        }
        let refused = spend(&mut limiter, 42, at(start, 30)).unwrap_err();
        assert_eq!(refused, Duration::from_millis(970));
        assert_eq!(spend(&mut limiter, 42, at(start, 1_000)), Ok(()));
        assert!(spend(&mut limiter, 42, at(start, 1_010)).is_err());
        assert_eq!(
            spend(&mut limiter, 7, at(start, 1_010)),
            Ok(()),
            "another chat"
        );
    }

    #[test]
    fn a_quiet_private_chat_gets_its_whole_burst_back() {
        let start = Instant::now();
        let mut limiter = Limiter::new(RateLimits::telegram());
        for millis in [0, 1, 2] {
            spend(&mut limiter, 42, at(start, millis)).unwrap();
        }
        for millis in [10_000, 10_001, 10_002] {
            assert_eq!(spend(&mut limiter, 42, at(start, millis)), Ok(()));
        }
    }

    #[test]
    fn a_group_takes_twenty_a_minute_and_the_21st_waits_for_the_oldest_to_leave() {
        let start = Instant::now();
        let mut limiter = Limiter::new(RateLimits::telegram());
        for n in 0..20 {
            // 20 over four seconds, under the overall 30 a second.
            spend(&mut limiter, GROUP, at(start, n * 200)).unwrap();
        }
        let refused = spend(&mut limiter, GROUP, at(start, 4_000)).unwrap_err();
        assert_eq!(refused, Duration::from_secs(56));
        assert_eq!(spend(&mut limiter, GROUP, at(start, 60_000)), Ok(()));
    }

    #[test]
    fn thirty_calls_a_second_overall_whatever_the_chats() {
        let start = Instant::now();
        let mut limiter = Limiter::new(RateLimits::telegram());
        for chat in 1..=30 {
            spend(&mut limiter, chat, at(start, 0)).unwrap();
        }
        let refused = spend(&mut limiter, 31, at(start, 500)).unwrap_err();
        assert_eq!(refused, Duration::from_millis(500));
        assert_eq!(spend(&mut limiter, 31, at(start, 1_000)), Ok(()));
    }

    #[test]
    fn a_refused_call_spends_nothing() {
        let start = Instant::now();
        let mut limiter = Limiter::new(RateLimits::telegram());
        for millis in [0, 1, 2] {
            spend(&mut limiter, 42, at(start, millis)).unwrap();
        }
        for _ in 0..5 {
            assert!(spend(&mut limiter, 42, at(start, 500)).is_err());
        }
        assert_eq!(spend(&mut limiter, 42, at(start, 1_000)), Ok(()));
    }

    #[test]
    fn unlimited_never_refuses() {
        let now = Instant::now();
        let mut limiter = Limiter::new(RateLimits::unlimited());
        for _ in 0..1_000 {
            assert_eq!(spend(&mut limiter, 42, now), Ok(()));
            assert_eq!(spend(&mut limiter, GROUP, now), Ok(()));
        }
    }

    #[test]
    fn retry_after_is_whole_seconds_rounded_up_and_never_zero() {
        assert_eq!(retry_after_seconds(Duration::from_millis(1)), 1);
        assert_eq!(retry_after_seconds(Duration::from_millis(970)), 1);
        assert_eq!(retry_after_seconds(Duration::from_secs(1)), 1);
        assert_eq!(retry_after_seconds(Duration::from_millis(59_001)), 60);
        assert_eq!(retry_after_seconds(Duration::ZERO), 1);
    }
}
