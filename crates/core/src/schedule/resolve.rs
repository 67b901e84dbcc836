//! Turning a local wall time on a local day into an instant, the "compatible" way (RFC 5545,
//! Temporal): a time in a DST gap is pushed forward by the gap, a time in a fold takes the
//! earlier instant. Fast, because the clock resolves several boundaries per day for weeks.
//!
//! jiff answers every question exactly but does a binary search over the zone's transitions per
//! call. Between two transitions a zone is a fixed offset, so we remember the current stretch
//! ("regime") and resolve with one subtraction while a wall time stays safely inside it; only at
//! the edges do we ask jiff. Caching per call (not per schedule) keeps `Schedule` plain data.

use jiff::Timestamp;
use jiff::civil::Time;
use jiff::tz::TimeZone;

use super::calendar::{SECONDS_PER_DAY, date_of};
use super::local_time::MINUTES_PER_DAY;

/// Resolves local wall times in one zone, remembering the offset stretch it last looked at.
#[derive(Debug)]
pub(crate) struct WallResolver<'z> {
    tz: &'z TimeZone,
    /// The UTC offset in seconds throughout the regime.
    offset: i64,
    /// Instants (Unix seconds) `[low, high)` for which `wall - offset` is the compatible answer.
    low: i64,
    high: i64,
}

impl<'z> WallResolver<'z> {
    /// A resolver primed with the regime around the Unix second `at`.
    pub(crate) fn new(tz: &'z TimeZone, at: i64) -> Self {
        let mut resolver = Self {
            tz,
            offset: 0,
            // An empty regime until `refresh` proves otherwise.
            low: i64::MAX,
            high: i64::MIN,
        };
        resolver.refresh(at);
        resolver
    }

    /// The UTC offset (seconds) at the instant the regime was last refreshed around.
    pub(crate) fn offset(&self) -> i64 {
        self.offset
    }

    /// Learns the regime containing the Unix second `at`.
    pub(crate) fn refresh(&mut self, at: i64) {
        let Ok(instant) = Timestamp::from_second(at) else {
            self.low = i64::MAX;
            self.high = i64::MIN;
            return;
        };
        let offset = i64::from(self.tz.to_offset(instant).seconds());
        let high = self
            .tz
            .following(instant)
            .next()
            .map_or(i64::MAX, |transition| transition.timestamp().as_second());
        // `preceding` is strictly before its argument; one second later includes `at` itself
        // (transitions fall on whole seconds).
        let previous = Timestamp::from_second(at.saturating_add(1))
            .ok()
            .map(|after| self.tz.preceding(after).next());
        let low = match previous {
            // No way to ask: trust nothing.
            None => i64::MAX,
            // No transition ever before: the offset held since the beginning of time.
            Some(None) => i64::MIN,
            Some(Some(transition)) => {
                let at = transition.timestamp().as_second();
                // After a fall-back transition, wall times of the fold also occurred earlier,
                // under the previous offset, and the compatible answer is that earlier instant.
                // So the regime is only safe once the fold has passed.
                let before = Timestamp::from_second(at - 1).map_or(offset, |instant| {
                    i64::from(self.tz.to_offset(instant).seconds())
                });
                at.saturating_add((before - offset).max(0))
            }
        };
        *self = Self {
            tz: self.tz,
            offset,
            low,
            high,
        };
    }

    /// The instant of `wall` (local seconds since 1970-01-01T00:00 wall time) if the current
    /// regime answers it.
    pub(crate) fn quick(&self, wall: i64) -> Option<i64> {
        let instant = wall - self.offset;
        (self.low <= instant && instant < self.high).then_some(instant)
    }

    /// The compatible instant of `minute` (0..=1440) on local day `day`, asking jiff.
    pub(crate) fn exact(&self, day: i64, minute: u16) -> Option<i64> {
        compatible_instant(self.tz, day, minute)
    }

    /// The compatible instant of `minute` on local day `day`, cheaply when possible.
    pub(crate) fn resolve(&self, day: i64, minute: u16) -> Option<i64> {
        let wall = day * SECONDS_PER_DAY + i64::from(minute) * 60;
        self.quick(wall).or_else(|| self.exact(day, minute))
    }

    /// Both ends of local day `day` (its midnight and the next), if one regime covers the whole
    /// day, refreshing the regime once if needed. `None` means a transition falls inside the day
    /// (or the day is out of range) and each boundary must be resolved exactly.
    pub(crate) fn steady_day(&mut self, day: i64) -> Option<(i64, i64)> {
        let wall = day.checked_mul(SECONDS_PER_DAY)?;
        let steady = |resolver: &Self| {
            let start = resolver.quick(wall)?;
            let end = resolver.quick(wall + SECONDS_PER_DAY)?;
            Some((start, end))
        };
        if let Some(bounds) = steady(self) {
            return Some(bounds);
        }
        let start = self.exact(day, 0)?;
        self.refresh(start);
        steady(self)
    }
}

/// The compatible instant (Unix seconds) of `minute` (0..=1440, 1440 being the next midnight) on
/// local day `day` in `tz`. `None` only outside the representable range.
pub(crate) fn compatible_instant(tz: &TimeZone, day: i64, minute: u16) -> Option<i64> {
    let (day, minute) = if minute >= MINUTES_PER_DAY {
        (day + 1, minute - MINUTES_PER_DAY)
    } else {
        (day, minute)
    };
    let date = date_of(day)?;
    let hour = i8::try_from(minute / 60).ok()?;
    let minute = i8::try_from(minute % 60).ok()?;
    let time = Time::new(hour, minute, 0, 0).ok()?;
    let instant = tz
        .to_ambiguous_timestamp(date.to_datetime(time))
        .compatible()
        .ok()?;
    Some(instant.as_second())
}
