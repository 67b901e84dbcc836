//! Table tests for schedules and the clock, one file per theme. Every expected instant is worked
//! out by hand from the zone's offsets and written as RFC 3339 UTC, so a test fails if the clock
//! and the hand computation disagree, never because both share a bug.

mod day_start;
mod dst;
mod extremes;
mod fallback;
mod offsets;
mod resolver;
mod serde_form;
mod shapes;
mod time_off;
mod validation;

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};

use super::{Interval, Schedule, TimeZoneName, WeeklyHours};

/// An instant from RFC 3339 text.
fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

/// A date from `YYYY-MM-DD`.
fn date(text: &str) -> Date {
    text.parse().unwrap()
}

/// A schedule in `zone` with the given hours.
fn schedule(zone: &str, hours: WeeklyHours) -> Schedule {
    Schedule::new(TimeZoneName::parse(zone).unwrap(), hours)
}

/// Hours from `(weekday index, intervals)` pairs, 0 = Monday; unlisted days have none.
fn hours(days: &[(usize, &[(&str, &str)])]) -> WeeklyHours {
    let mut week: [Vec<Interval>; 7] = Default::default();
    for &(index, intervals) in days {
        week[index] = intervals
            .iter()
            .map(|&(start, end)| Interval::parse(start, end).unwrap())
            .collect();
    }
    WeeklyHours::new(week).unwrap()
}

/// The same intervals on every day of the week.
fn every_day(intervals: &[(&str, &str)]) -> WeeklyHours {
    hours(&(0..7).map(|day| (day, intervals)).collect::<Vec<_>>())
}

/// Monday to Friday with the same intervals.
fn weekdays(intervals: &[(&str, &str)]) -> WeeklyHours {
    hours(&(0..5).map(|day| (day, intervals)).collect::<Vec<_>>())
}

/// One question to the clock and its hand-computed answer.
#[derive(Debug)]
enum Check {
    /// `add_working(t, minutes)` is the instant.
    Add(&'static str, i64, &'static str),
    /// `working_between(a, b)` is this many minutes.
    Between(&'static str, &'static str, i64),
    /// `next_working_start(t)` is the instant.
    NextStart(&'static str, &'static str),
    /// `is_working(t)`.
    Working(&'static str, bool),
}

/// Runs every check against `schedule`, naming the failing row.
fn run(name: &str, schedule: &Schedule, checks: &[Check]) {
    for check in checks {
        match *check {
            Check::Add(t, minutes, expected) => {
                let got = schedule.add_working(at(t), SignedDuration::from_mins(minutes));
                assert_eq!(got, at(expected), "{name}: {check:?}");
                // Whatever add_working answers, working_between must read back.
                let back = schedule.working_between(at(t), got);
                assert_eq!(
                    back,
                    SignedDuration::from_mins(minutes),
                    "{name}: back {check:?}"
                );
            }
            Check::Between(a, b, minutes) => {
                let got = schedule.working_between(at(a), at(b));
                assert_eq!(got, SignedDuration::from_mins(minutes), "{name}: {check:?}");
            }
            Check::NextStart(t, expected) => {
                let got = schedule.next_working_start(at(t));
                assert_eq!(got, at(expected), "{name}: {check:?}");
            }
            Check::Working(t, expected) => {
                assert_eq!(schedule.is_working(at(t)), expected, "{name}: {check:?}");
            }
        }
    }
}
