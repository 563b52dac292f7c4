//! In-memory token buckets, one per key (a visitor token's hash, a client IP), pruned when idle.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::config::RateLimit;

/// How often full buckets are forgotten (a full bucket is the same as no bucket).
const PRUNE_EVERY: Duration = Duration::from_secs(60);
/// Past this many keys, pruning also happens on every new key.
const PRUNE_ABOVE_KEYS: usize = 100_000;

/// A request refused by a limiter: try again after this many seconds (at least 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryAfter(pub u64);

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

#[derive(Debug)]
struct Buckets<K> {
    by_key: HashMap<K, Bucket>,
    last_prune: Instant,
}

/// Token buckets keyed by `K`.
#[derive(Debug)]
pub struct RateLimiter<K> {
    limit: RateLimit,
    buckets: Mutex<Buckets<K>>,
}

impl<K: Eq + Hash> RateLimiter<K> {
    /// A limiter where every key gets its own `limit`.
    pub fn new(limit: RateLimit) -> Self {
        Self {
            limit,
            buckets: Mutex::new(Buckets {
                by_key: HashMap::new(),
                last_prune: Instant::now(),
            }),
        }
    }

    /// Takes a token from `key`'s bucket at `now`, or says how long to wait for one.
    pub fn check(&self, key: K, now: Instant) -> Result<(), RetryAfter> {
        let burst = f64::from(self.limit.burst.max(1));
        let rate = self.limit.per_second.max(f64::MIN_POSITIVE);
        let mut buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        let prune_due = now.saturating_duration_since(buckets.last_prune) >= PRUNE_EVERY
            || buckets.by_key.len() > PRUNE_ABOVE_KEYS;
        if prune_due {
            buckets.last_prune = now;
            buckets
                .by_key
                .retain(|_, bucket| refilled(bucket, now, burst, rate) < burst);
        }
        let bucket = buckets.by_key.entry(key).or_insert(Bucket {
            tokens: burst,
            updated: now,
        });
        let tokens = refilled(bucket, now, burst, rate);
        bucket.updated = now.max(bucket.updated);
        if tokens >= 1.0 {
            bucket.tokens = tokens - 1.0;
            Ok(())
        } else {
            bucket.tokens = tokens;
            // Whole seconds, rounded up, so that a client waiting that long always succeeds.
            let wait = ((1.0 - tokens) / rate).ceil().max(1.0);
            Err(RetryAfter(wait.min(u64::MAX as f64) as u64))
        }
    }

    /// How many keys have a bucket.
    #[cfg(test)]
    pub fn tracked_keys(&self) -> usize {
        self.buckets
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .by_key
            .len()
    }
}

fn refilled(bucket: &Bucket, now: Instant, burst: f64, rate: f64) -> f64 {
    let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
    (bucket.tokens + elapsed * rate).min(burst)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter(burst: u32, per_second: f64) -> RateLimiter<&'static str> {
        RateLimiter::new(RateLimit { burst, per_second })
    }

    #[test]
    fn a_burst_is_allowed_then_refused_with_a_retry_delay() {
        let limiter = limiter(3, 1.0);
        let now = Instant::now();
        for _ in 0..3 {
            assert_eq!(limiter.check("a", now), Ok(()));
        }
        assert_eq!(limiter.check("a", now), Err(RetryAfter(1)));
    }

    #[test]
    fn tokens_come_back_at_the_sustained_rate() {
        let limiter = limiter(1, 0.5);
        let now = Instant::now();
        assert_eq!(limiter.check("a", now), Ok(()));
        assert_eq!(limiter.check("a", now), Err(RetryAfter(2)));
        assert_eq!(
            limiter.check("a", now + Duration::from_millis(1_000)),
            Err(RetryAfter(1))
        );
        assert_eq!(limiter.check("a", now + Duration::from_secs(2)), Ok(()));
    }

    #[test]
    fn keys_have_separate_buckets() {
        let limiter = limiter(1, 1.0);
        let now = Instant::now();
        assert_eq!(limiter.check("a", now), Ok(()));
        assert_eq!(limiter.check("b", now), Ok(()));
        assert!(limiter.check("a", now).is_err());
    }

    #[test]
    fn the_bucket_never_holds_more_than_the_burst() {
        let limiter = limiter(2, 10.0);
        let now = Instant::now();
        assert_eq!(limiter.check("a", now), Ok(()));
        let later = now + Duration::from_secs(3_600);
        assert_eq!(limiter.check("a", later), Ok(()));
        assert_eq!(limiter.check("a", later), Ok(()));
        assert!(limiter.check("a", later).is_err());
    }

    #[test]
    fn idle_full_buckets_are_pruned() {
        let limiter = limiter(5, 1.0);
        let now = Instant::now();
        assert_eq!(limiter.check("idle", now), Ok(()));
        assert_eq!(limiter.tracked_keys(), 1);
        let later = now + PRUNE_EVERY + Duration::from_secs(1);
        assert_eq!(limiter.check("busy", later), Ok(()));
        assert_eq!(limiter.tracked_keys(), 1);
    }

    #[test]
    fn buckets_still_refilling_are_kept() {
        let limiter = limiter(1_000, 1.0);
        let now = Instant::now();
        for _ in 0..500 {
            assert_eq!(limiter.check("busy", now), Ok(()));
        }
        let later = now + PRUNE_EVERY + Duration::from_secs(1);
        assert_eq!(limiter.check("other", later), Ok(()));
        assert_eq!(limiter.tracked_keys(), 2);
    }
}
