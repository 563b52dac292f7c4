//! Latency summaries: nearest-rank percentiles over every sample (no histogram, no sampling).

use std::time::Duration;

use serde::Serialize;

/// A latency distribution, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Summary {
    /// How many samples.
    pub count: usize,
    /// Median.
    pub p50_ms: f64,
    /// 99th percentile.
    pub p99_ms: f64,
    /// Largest sample.
    pub max_ms: f64,
    /// Arithmetic mean.
    pub mean_ms: f64,
}

impl Summary {
    /// The summary of `samples` (sorted in place); `None` when there are none.
    pub fn of(samples: &mut [Duration]) -> Option<Self> {
        if samples.is_empty() {
            return None;
        }
        samples.sort_unstable();
        let total: Duration = samples.iter().sum();
        Some(Self {
            count: samples.len(),
            p50_ms: ms(percentile(samples, 50.0)),
            p99_ms: ms(percentile(samples, 99.0)),
            max_ms: ms(samples[samples.len() - 1]),
            mean_ms: ms(total) / samples.len() as f64,
        })
    }

    /// The summary of no sample (only when a count of zero was asked for).
    pub fn empty() -> Self {
        Self {
            count: 0,
            p50_ms: f64::NAN,
            p99_ms: f64::NAN,
            max_ms: f64::NAN,
            mean_ms: f64::NAN,
        }
    }

    /// `p50 1.23 · p99 4.56 · max 7.89 ms`.
    pub fn short(&self) -> String {
        format!(
            "p50 {} · p99 {} · max {} ms",
            fmt_ms(self.p50_ms),
            fmt_ms(self.p99_ms),
            fmt_ms(self.max_ms)
        )
    }
}

/// The nearest-rank percentile `p` (0 < p ≤ 100) of `sorted`: the smallest sample such that at
/// least `p` % of the samples are less than or equal to it.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = (p / 100.0 * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// A duration in milliseconds.
pub fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1_000.0
}

/// Milliseconds with a precision that suits their size.
pub fn fmt_ms(value: f64) -> String {
    if value < 10.0 {
        format!("{value:.2}")
    } else if value < 100.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.0}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn millis(values: &[u64]) -> Vec<Duration> {
        values.iter().map(|v| Duration::from_millis(*v)).collect()
    }

    #[test]
    fn nearest_rank_percentiles_of_one_to_a_hundred() {
        let sorted = millis(&(1..=100).collect::<Vec<_>>());
        assert_eq!(percentile(&sorted, 50.0), Duration::from_millis(50));
        assert_eq!(percentile(&sorted, 99.0), Duration::from_millis(99));
        assert_eq!(percentile(&sorted, 100.0), Duration::from_millis(100));
        assert_eq!(percentile(&sorted, 0.1), Duration::from_millis(1));
    }

    #[test]
    fn the_p99_of_few_samples_is_the_largest() {
        let sorted = millis(&[1, 2, 3, 40]);
        assert_eq!(percentile(&sorted, 99.0), Duration::from_millis(40));
        assert_eq!(percentile(&sorted, 50.0), Duration::from_millis(2));
    }

    #[test]
    fn a_summary_sorts_its_samples_and_averages_them() {
        let mut samples = millis(&[30, 10, 20]);
        let summary = Summary::of(&mut samples).unwrap();
        assert_eq!(summary.count, 3);
        assert_eq!(summary.p50_ms, 20.0);
        assert_eq!(summary.p99_ms, 30.0);
        assert_eq!(summary.max_ms, 30.0);
        assert!((summary.mean_ms - 20.0).abs() < 1e-9);
    }

    #[test]
    fn no_samples_no_summary() {
        assert_eq!(Summary::of(&mut []), None);
        assert_eq!(percentile(&[], 50.0), Duration::ZERO);
    }
}
