//! The working stretches of a schedule as real time: an iterator of instant ranges, in order,
//! disjoint, starting from a given instant. Everything the clock answers is a fold over it, so
//! `is_working`, `add_working` and `working_between` can never disagree.
//!
//! Each local day owns the real time from its midnight to the next (both resolved compatibly).
//! Its intervals are resolved the same way and clipped to that range: a DST gap can make an
//! interval empty or overlap its neighbour, and the clipping keeps consecutive days (a night
//! shift `22:00-24:00` then `00:00-06:00`) from counting the same instant twice.

use std::collections::BTreeSet;

use jiff::civil::Date;

use super::Schedule;
use super::calendar::{FIRST_DAY, LAST_DAY, SECONDS_PER_DAY, date_of, weekday_index};
use super::local_time::{Interval, MINUTES_PER_DAY};
use super::resolve::WallResolver;

/// Nanoseconds in a second, for moving between whole-second boundaries and exact instants.
const NANOS_PER_SECOND: i128 = 1_000_000_000;

/// Working ranges `[start, end)` in Unix nanoseconds, from a starting instant onwards.
#[derive(Debug)]
pub(crate) struct Spans<'s> {
    hours: [&'s [Interval]; 7],
    time_off: &'s BTreeSet<Date>,
    holidays: &'s BTreeSet<Date>,
    resolver: WallResolver<'s>,
    /// The next local day to load.
    day: i64,
    /// Nothing before this instant is yielded: the start, then the end of the last range
    /// yielded, so the output is ordered and disjoint even for pathological zones.
    floor: i128,
    /// Days whose midnight is at or after this instant are not looked at.
    pub(crate) until: i128,
    /// The loaded day, when one offset holds all day: the instant of its midnight and its
    /// intervals, mapped to instants on the fly (no buffer, so a steady week never allocates).
    steady: Option<(i64, &'s [Interval])>,
    /// The loaded day's ranges in Unix seconds otherwise, when a transition falls inside it.
    day_spans: Vec<(i64, i64)>,
    /// How many of the loaded day's ranges were yielded.
    next_index: usize,
}

impl<'s> Spans<'s> {
    /// The working ranges of `schedule` at or after the instant `from` (Unix nanoseconds),
    /// looking no further than days starting before `until`.
    pub(crate) fn new(schedule: &'s Schedule, from: i128, until: i128) -> Self {
        let from_second = i64::try_from(from.div_euclid(NANOS_PER_SECOND)).unwrap_or(i64::MAX);
        let resolver = WallResolver::new(schedule.zone.zone(), from_second);
        let local_day = from_second
            .saturating_add(resolver.offset())
            .div_euclid(SECONDS_PER_DAY);
        let mut spans = Self {
            hours: schedule.hours.effective(),
            time_off: &schedule.time_off,
            holidays: &schedule.holidays,
            resolver,
            day: local_day,
            floor: from,
            until,
            steady: None,
            day_spans: Vec::new(),
            next_index: 0,
        };
        // The instant belongs to the day whose midnight last preceded it. That is its local
        // date, except around a transition at midnight, so step back while the day starts
        // later (bounded: no transition moves midnight by more than a day).
        for _ in 0..2 {
            match spans.resolver.resolve(spans.day, 0) {
                Some(midnight) if i128::from(midnight) * NANOS_PER_SECOND > from => spans.day -= 1,
                _ => break,
            }
        }
        spans
    }

    /// Loads the next local day (its ranges, or nothing for a day off); `false` when there are
    /// no more days to look at.
    fn load_next_day(&mut self) -> bool {
        let day = self.day.max(FIRST_DAY);
        if day > LAST_DAY {
            return false;
        }
        self.day = day + 1;
        self.steady = None;
        self.day_spans.clear();
        self.next_index = 0;
        let steady = self.resolver.steady_day(day);
        let Some((day_start, day_end)) = steady.or_else(|| {
            Some((
                self.resolver.exact(day, 0)?,
                self.resolver.exact(day, MINUTES_PER_DAY)?,
            ))
        }) else {
            return false;
        };
        if i128::from(day_start) * NANOS_PER_SECOND >= self.until {
            self.day = LAST_DAY + 1;
            return false;
        }
        if self.is_day_off(day) {
            return true;
        }
        let intervals = self.hours[weekday_index(day)];
        if steady.is_some() {
            // One offset all day: wall time maps to instants linearly, in order.
            self.steady = Some((day_start, intervals));
            return true;
        }
        self.load_transition_day(day, day_start, day_end, intervals)
    }

    /// A day with a transition inside: each boundary resolved on its own and clipped to the
    /// day. A gap can reorder what was ordered in wall time, or make two intervals overlap in
    /// real time, so the ranges are sorted here and the iterator's `floor` drops any overlap.
    fn load_transition_day(
        &mut self,
        day: i64,
        day_start: i64,
        day_end: i64,
        intervals: &[Interval],
    ) -> bool {
        for interval in intervals {
            let start = self.resolver.exact(day, interval.start().minutes());
            let end = self.resolver.exact(day, interval.end().minutes());
            let (Some(start), Some(end)) = (start, end) else {
                return false;
            };
            let (start, end) = (start.max(day_start), end.min(day_end));
            if start < end {
                self.day_spans.push((start, end));
            }
        }
        self.day_spans.sort_unstable();
        true
    }

    /// Whether local day `day` is time off or a holiday.
    fn is_day_off(&self, day: i64) -> bool {
        if self.time_off.is_empty() && self.holidays.is_empty() {
            return false;
        }
        date_of(day)
            .is_none_or(|date| self.time_off.contains(&date) || self.holidays.contains(&date))
    }
}

impl Iterator for Spans<'_> {
    type Item = (i128, i128);

    fn next(&mut self) -> Option<(i128, i128)> {
        loop {
            let loaded = match self.steady {
                Some((midnight, intervals)) => intervals.get(self.next_index).map(|interval| {
                    (
                        midnight + i64::from(interval.start().minutes()) * 60,
                        midnight + i64::from(interval.end().minutes()) * 60,
                    )
                }),
                None => self.day_spans.get(self.next_index).copied(),
            };
            if let Some((start, end)) = loaded {
                self.next_index += 1;
                let start = (i128::from(start) * NANOS_PER_SECOND).max(self.floor);
                let end = i128::from(end) * NANOS_PER_SECOND;
                if start < end {
                    self.floor = end;
                    return Some((start, end));
                }
                continue;
            }
            if !self.load_next_day() {
                return None;
            }
        }
    }
}
