//! Latency percentiles by the nearest-rank method: the p-th percentile of n sorted samples is
//! the sample at rank ⌈p/100 · n⌉. No interpolation, so every figure reported is a latency that
//! was actually observed.

use std::time::Duration;

use serde::Serialize;

/// The summary every scenario reports, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Percentiles {
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

/// The percentiles of `samples` (in any order); `None` when there are none.
pub fn percentiles(samples: &[Duration]) -> Option<Percentiles> {
    let mut sorted = samples.to_vec();
    sorted.sort_unstable();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    Some(Percentiles {
        p50_ms: ms(nearest_rank(&sorted, 50.0)?),
        p90_ms: ms(nearest_rank(&sorted, 90.0)?),
        p99_ms: ms(nearest_rank(&sorted, 99.0)?),
        max_ms: ms(*sorted.last()?),
    })
}

/// The `p`-th percentile (0 < p ≤ 100) of ascending `sorted` samples.
fn nearest_rank(sorted: &[Duration], p: f64) -> Option<Duration> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p / 100.0 * sorted.len() as f64).ceil() as usize;
    sorted.get(rank.clamp(1, sorted.len()) - 1).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(values: &[u64]) -> Vec<Duration> {
        values.iter().map(|&v| Duration::from_millis(v)).collect()
    }

    #[test]
    fn percentiles_of_one_to_a_hundred_are_the_ranks_themselves() {
        let samples: Vec<u64> = (1..=100).rev().collect();
        let p = percentiles(&ms(&samples)).expect("samples");
        assert_eq!(
            (p.p50_ms, p.p90_ms, p.p99_ms, p.max_ms),
            (50.0, 90.0, 99.0, 100.0)
        );
    }

    #[test]
    fn a_single_slow_sample_in_ten_shows_only_in_p99_and_max() {
        let p = percentiles(&ms(&[5, 5, 5, 5, 5, 5, 5, 5, 5, 900])).expect("samples");
        assert_eq!((p.p50_ms, p.p90_ms), (5.0, 5.0));
        assert_eq!((p.p99_ms, p.max_ms), (900.0, 900.0));
    }

    #[test]
    fn one_sample_is_every_percentile_and_none_is_no_summary() {
        let p = percentiles(&ms(&[7])).expect("a sample");
        assert_eq!((p.p50_ms, p.p99_ms, p.max_ms), (7.0, 7.0, 7.0));
        assert_eq!(percentiles(&[]), None);
    }
}
