//! Rate limits per key (a visitor token's hash, a client IP): `governor`'s keyed limiters
//! (GCRA, the token bucket's exact equivalent), with idle keys pruned so that memory stays
//! bounded.

use std::hash::Hash;
use std::num::NonZeroU32;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use governor::clock::{Clock, DefaultClock, Reference};
use governor::middleware::NoOpMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::Quota;

use crate::config::RateLimit;

/// How often keys whose bucket is full again are forgotten (a full bucket is the same as no
/// bucket).
const PRUNE_EVERY: Duration = Duration::from_secs(60);
/// Past this many keys, pruning also happens on every check.
const PRUNE_ABOVE_KEYS: usize = 100_000;
/// The slowest refill a limit may ask for: one token a day (a slower one is this one).
const SLOWEST_PERIOD: Duration = Duration::from_secs(24 * 60 * 60);

/// A request refused by a limiter: try again after this many seconds (at least 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryAfter(pub u64);

/// One limit per key `K`, on the clock `C` (the real one outside tests).
pub struct RateLimiter<K: Hash + Eq + Clone, C: Clock = DefaultClock> {
    limiter: governor::RateLimiter<K, DefaultKeyedStateStore<K>, C, NoOpMiddleware<C::Instant>>,
    last_prune: Mutex<C::Instant>,
}

impl<K: Hash + Eq + Clone> RateLimiter<K> {
    /// A limiter where every key gets its own `limit`.
    pub fn new(limit: RateLimit) -> Self {
        Self::with_clock(limit, DefaultClock::default())
    }
}

impl<K: Hash + Eq + Clone, C: Clock> RateLimiter<K, C> {
    /// A limiter on `clock`.
    fn with_clock(limit: RateLimit, clock: C) -> Self {
        let last_prune = Mutex::new(clock.now());
        Self {
            limiter: governor::RateLimiter::dashmap_with_clock(quota(limit), clock),
            last_prune,
        }
    }

    /// Takes a token from `key`'s bucket, or says how long to wait for one.
    pub fn check(&self, key: &K) -> Result<(), RetryAfter> {
        self.prune_if_due();
        self.limiter.check_key(key).map_err(|not_until| {
            let wait = not_until.wait_time_from(self.limiter.clock().now());
            // Whole seconds, rounded up, so that a client waiting that long always succeeds.
            let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            RetryAfter(seconds.max(1))
        })
    }

    /// Forgets the keys whose bucket is full again, every [`PRUNE_EVERY`] or while there are
    /// more than [`PRUNE_ABOVE_KEYS`] keys.
    fn prune_if_due(&self) {
        let now = self.limiter.clock().now();
        let mut last_prune = self
            .last_prune
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let elapsed = Duration::from(now.duration_since(*last_prune));
        if elapsed >= PRUNE_EVERY || self.limiter.len() > PRUNE_ABOVE_KEYS {
            *last_prune = now;
            drop(last_prune);
            self.limiter.retain_recent();
            self.limiter.shrink_to_fit();
        }
    }

    /// How many keys have a bucket.
    #[cfg(test)]
    fn tracked_keys(&self) -> usize {
        self.limiter.len()
    }
}

/// `burst` at once, then one token every `1 / per_second` seconds (0.5/s is one every 2 s).
fn quota(limit: RateLimit) -> Quota {
    let burst = NonZeroU32::new(limit.burst).unwrap_or(NonZeroU32::MIN);
    let period = Duration::try_from_secs_f64(1.0 / limit.per_second)
        .unwrap_or(SLOWEST_PERIOD)
        .clamp(Duration::from_nanos(1), SLOWEST_PERIOD);
    Quota::with_period(period)
        .unwrap_or_else(|| Quota::per_second(NonZeroU32::MAX))
        .allow_burst(burst)
}

#[cfg(test)]
mod tests {
    use governor::clock::FakeRelativeClock;

    use super::*;

    fn limiter(
        burst: u32,
        per_second: f64,
    ) -> (
        RateLimiter<&'static str, FakeRelativeClock>,
        FakeRelativeClock,
    ) {
        let clock = FakeRelativeClock::default();
        let limiter = RateLimiter::with_clock(RateLimit { burst, per_second }, clock.clone());
        (limiter, clock)
    }

    #[test]
    fn a_burst_is_allowed_then_refused_with_a_retry_delay() {
        let (limiter, _clock) = limiter(3, 1.0);
        for _ in 0..3 {
            assert_eq!(limiter.check(&"a"), Ok(()));
        }
        assert_eq!(limiter.check(&"a"), Err(RetryAfter(1)));
    }

    #[test]
    fn tokens_come_back_at_the_sustained_rate() {
        let (limiter, clock) = limiter(1, 0.5);
        assert_eq!(limiter.check(&"a"), Ok(()));
        assert_eq!(limiter.check(&"a"), Err(RetryAfter(2)));
        clock.advance(Duration::from_millis(1_000));
        assert_eq!(limiter.check(&"a"), Err(RetryAfter(1)));
        clock.advance(Duration::from_millis(1_000));
        assert_eq!(limiter.check(&"a"), Ok(()));
    }

    #[test]
    fn a_wait_of_a_fraction_of_a_second_is_rounded_up() {
        let (limiter, clock) = limiter(1, 0.5);
        assert_eq!(limiter.check(&"a"), Ok(()));
        clock.advance(Duration::from_millis(500));
        assert_eq!(limiter.check(&"a"), Err(RetryAfter(2)));
        clock.advance(Duration::from_millis(1_499));
        assert_eq!(limiter.check(&"a"), Err(RetryAfter(1)));
    }

    #[test]
    fn keys_have_separate_buckets() {
        let (limiter, _clock) = limiter(1, 1.0);
        assert_eq!(limiter.check(&"a"), Ok(()));
        assert_eq!(limiter.check(&"b"), Ok(()));
        assert!(limiter.check(&"a").is_err());
    }

    #[test]
    fn the_bucket_never_holds_more_than_the_burst() {
        let (limiter, clock) = limiter(2, 10.0);
        assert_eq!(limiter.check(&"a"), Ok(()));
        clock.advance(Duration::from_secs(3_600));
        assert_eq!(limiter.check(&"a"), Ok(()));
        assert_eq!(limiter.check(&"a"), Ok(()));
        assert!(limiter.check(&"a").is_err());
    }

    #[test]
    fn idle_full_buckets_are_pruned() {
        let (limiter, clock) = limiter(5, 1.0);
        assert_eq!(limiter.check(&"idle"), Ok(()));
        assert_eq!(limiter.tracked_keys(), 1);
        clock.advance(PRUNE_EVERY + Duration::from_secs(1));
        assert_eq!(limiter.check(&"busy"), Ok(()));
        assert_eq!(limiter.tracked_keys(), 1);
    }

    #[test]
    fn buckets_still_refilling_are_kept() {
        let (limiter, clock) = limiter(1_000, 1.0);
        for _ in 0..500 {
            assert_eq!(limiter.check(&"busy"), Ok(()));
        }
        clock.advance(PRUNE_EVERY + Duration::from_secs(1));
        assert_eq!(limiter.check(&"other"), Ok(()));
        assert_eq!(limiter.tracked_keys(), 2);
    }

    #[test]
    fn a_fractional_rate_is_a_period() {
        let quota = quota(RateLimit {
            burst: 30,
            per_second: 0.5,
        });
        assert_eq!(quota.replenish_interval(), Duration::from_secs(2));
        assert_eq!(quota.burst_size().get(), 30);
    }
}
