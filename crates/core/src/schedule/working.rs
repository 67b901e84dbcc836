//! The working-time clock: is an instant working, when does work next start, what instant is a
//! given amount of working time later, and how much working time lies between two instants.
//! All four read the same stream of working ranges (`spans`), so they agree by construction.
//!
//! The 400-day wall-clock fallback is decided per computation from its start instant, as
//! DESIGN.md §3 states it. That makes the clock discontinuous at the one instant where "no
//! working time in the next 400 days" flips; the alternative (a fallback that is a property of
//! each instant) would make a member on a 401-day leave owe 400 days of silence before the wall
//! clock takes over, which is not what anyone means.

use jiff::{SignedDuration, Timestamp};

use super::Schedule;
use super::spans::Spans;

/// How far ahead the clock looks for working time before falling back to wall time: 400 days of
/// 24 hours of real time.
const FALLBACK_HORIZON_NANOS: i128 = 400 * 86_400 * 1_000_000_000;

impl Schedule {
    /// Whether `t` is working: inside one of its local day's intervals (resolved to instants)
    /// on a day that is neither time off nor a holiday.
    ///
    /// This is the plain fact, without the 400-day fallback: a member on a long leave is not
    /// working, even though the clock counts wall time for them.
    pub fn is_working(&self, t: Timestamp) -> bool {
        let at = t.as_nanosecond();
        let first = Spans::new(self, at, at.saturating_add(1)).next();
        first.is_some_and(|(start, _)| start == at)
    }

    /// The first working instant at or after `t`: `t` itself when it is working. When there is
    /// no working time within 400 days, `t` (the wall-clock fallback).
    pub fn next_working_start(&self, t: Timestamp) -> Timestamp {
        let at = t.as_nanosecond();
        let horizon = at.saturating_add(FALLBACK_HORIZON_NANOS);
        match Spans::new(self, at, horizon).next() {
            Some((start, _)) if start < horizon => timestamp(start),
            _ => t,
        }
    }

    /// The earliest instant `u >= t` with exactly `d` of working time in `[t, u)`; `t` when
    /// `d <= 0`. So one hour from Friday 16:00 on 09:00-17:00 is Friday 17:00, not Monday
    /// 09:00. When there is no working time within 400 days of `t`, `t + d` (wall clock).
    pub fn add_working(&self, t: Timestamp, d: SignedDuration) -> Timestamp {
        if d <= SignedDuration::ZERO {
            return t;
        }
        let at = t.as_nanosecond();
        let horizon = at.saturating_add(FALLBACK_HORIZON_NANOS);
        let mut spans = Spans::new(self, at, horizon);
        let Some(mut span) = spans.next().filter(|&(start, _)| start < horizon) else {
            return timestamp(at.saturating_add(d.as_nanos()));
        };
        spans.until = i128::MAX;
        let mut remaining = d.as_nanos();
        loop {
            let (start, end) = span;
            let length = end - start;
            if remaining <= length {
                return timestamp(start + remaining);
            }
            remaining -= length;
            match spans.next() {
                Some(next) => span = next,
                // The calendar ran out before the working time did.
                None => return Timestamp::MAX,
            }
        }
    }

    /// The working time inside `[a, b)`; zero when `b <= a`. When there is no working time
    /// within 400 days of `a`, `b - a` (wall clock).
    pub fn working_between(&self, a: Timestamp, b: Timestamp) -> SignedDuration {
        if b <= a {
            return SignedDuration::ZERO;
        }
        let (from, to) = (a.as_nanosecond(), b.as_nanosecond());
        let horizon = from.saturating_add(FALLBACK_HORIZON_NANOS);
        let mut spans = Spans::new(self, from, horizon);
        let Some(first) = spans.next().filter(|&(start, _)| start < horizon) else {
            return b.duration_since(a);
        };
        spans.until = to;
        let total: i128 = std::iter::once(first)
            .chain(spans)
            .take_while(|&(start, _)| start < to)
            .map(|(start, end)| end.min(to) - start)
            .sum();
        duration(total)
    }
}

/// The instant `nanos` after the Unix epoch, saturating at the ends of time.
fn timestamp(nanos: i128) -> Timestamp {
    Timestamp::from_nanosecond(nanos).unwrap_or(if nanos < 0 {
        Timestamp::MIN
    } else {
        Timestamp::MAX
    })
}

/// A duration of `nanos`, saturating (the span between two timestamps always fits).
fn duration(nanos: i128) -> SignedDuration {
    SignedDuration::try_from_nanos_i128(nanos).unwrap_or(SignedDuration::MAX)
}
