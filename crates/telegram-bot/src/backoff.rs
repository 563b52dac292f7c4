//! Exponential backoff with jitter, for retrying Telegram after a transient failure.

use std::time::Duration;

use rand::Rng;

/// The wait after the first failure.
const BASE: Duration = Duration::from_secs(1);
/// The longest wait between two attempts.
pub(crate) const MAX_BACKOFF: Duration = Duration::from_secs(300);
/// Each wait is scaled by a random factor in `[1 - JITTER, 1 + JITTER]`.
const JITTER: f64 = 0.2;

/// The wait before the next attempt, after `failures` failed ones (0 for the first failure):
/// `1 s × 2^failures`, capped at five minutes, ±20% at random so that retries spread out.
pub(crate) fn backoff(failures: u32) -> Duration {
    let factor = rand::rng().random_range((1.0 - JITTER)..=(1.0 + JITTER));
    backoff_scaled(failures, factor, MAX_BACKOFF)
}

/// [`backoff`] capped at `cap` instead of five minutes.
pub(crate) fn backoff_capped(failures: u32, cap: Duration) -> Duration {
    let factor = rand::rng().random_range((1.0 - JITTER)..=(1.0 + JITTER));
    backoff_scaled(failures, factor, cap)
}

/// The deterministic part: `BASE × 2^failures` capped at `cap`, times `factor`.
fn backoff_scaled(failures: u32, factor: f64, cap: Duration) -> Duration {
    let exponential = BASE.saturating_mul(2u32.saturating_pow(failures.min(20)));
    exponential.min(cap).mul_f64(factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_after_each_failure() {
        let waits: Vec<u64> = (0..5)
            .map(|n| backoff_scaled(n, 1.0, MAX_BACKOFF).as_secs())
            .collect();
        assert_eq!(waits, [1, 2, 4, 8, 16]);
    }

    #[test]
    fn the_wait_is_capped_at_five_minutes_even_after_many_failures() {
        assert_eq!(backoff_scaled(9, 1.0, MAX_BACKOFF), MAX_BACKOFF);
        assert_eq!(backoff_scaled(u32::MAX, 1.0, MAX_BACKOFF), MAX_BACKOFF);
        assert_eq!(
            backoff_scaled(10, 1.0, Duration::from_secs(30)),
            Duration::from_secs(30)
        );
    }

    #[test]
    fn jitter_stays_within_twenty_percent() {
        for failures in 0..12 {
            let nominal = backoff_scaled(failures, 1.0, MAX_BACKOFF).as_secs_f64();
            for _ in 0..50 {
                let wait = backoff(failures).as_secs_f64();
                assert!(wait >= nominal * 0.8 - 1e-9 && wait <= nominal * 1.2 + 1e-9);
            }
        }
    }
}
