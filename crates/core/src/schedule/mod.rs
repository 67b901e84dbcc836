//! A member's working calendar (time zone, weekly hours, time off, holidays) and the
//! working-time clock on it, exactly as DESIGN.md §3 defines them. Norms, due times and delivery
//! decide *what* to compute; this module only answers "how much working time" and "when".
//!
//! Files: `local_time` (`HH:MM` and intervals), `weekly_hours` (per-weekday hours and their API
//! form), `zone` (validated IANA names), `working` (the clock), `overlap` (where schedules
//! work at the same time), with `calendar`, `resolve` and `spans` as its machinery.

mod calendar;
mod day_start;
mod local_time;
mod overlap;
mod resolve;
mod spans;
mod weekly_hours;
mod working;
mod zone;

#[cfg(test)]
mod tests;

use std::collections::BTreeSet;

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};

pub use local_time::{Interval, LocalTime};
pub use overlap::{OverlapSlot, overlap};
pub use weekly_hours::WeeklyHours;
pub use zone::TimeZoneName;

/// Where and when a member works: everything the working-time clock needs.
///
/// Time off and holidays are local dates in the schedule's own zone; each excludes the whole
/// local day, from its midnight to the next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    /// The zone every local time and date of the schedule is read in.
    pub zone: TimeZoneName,
    /// Working intervals per weekday; none at all means "no fixed hours".
    pub hours: WeeklyHours,
    /// The member's own days off.
    pub time_off: BTreeSet<Date>,
    /// The workspace's holidays, taken as dates in this schedule's zone.
    pub holidays: BTreeSet<Date>,
}

impl Schedule {
    /// A schedule without time off or holidays.
    pub fn new(zone: TimeZoneName, hours: WeeklyHours) -> Self {
        Self {
            zone,
            hours,
            time_off: BTreeSet::new(),
            holidays: BTreeSet::new(),
        }
    }

    /// The same schedule with `dates` added to the member's time off.
    pub fn with_time_off(mut self, dates: impl IntoIterator<Item = Date>) -> Self {
        self.time_off.extend(dates);
        self
    }

    /// The same schedule with `dates` added to the workspace holidays.
    pub fn with_holidays(mut self, dates: impl IntoIterator<Item = Date>) -> Self {
        self.holidays.extend(dates);
        self
    }

    /// Whether `date` is a working day: its weekday has intervals (or the week has no fixed
    /// hours) and it is neither time off nor a holiday. Whether a DST gap happens to swallow
    /// the day's hours is not considered: people think of the day, not the instants.
    pub fn is_working_day(&self, date: Date) -> bool {
        let has_hours = self.hours.is_empty() || !self.hours.day(date.weekday()).is_empty();
        has_hours && !self.time_off.contains(&date) && !self.holidays.contains(&date)
    }

    /// The local date and time of `t` in the schedule's zone.
    pub fn local_date_time(&self, t: Timestamp) -> DateTime {
        self.zone.zone().to_datetime(t)
    }

    /// The instant a local wall time on `date` means in the schedule's zone, resolved the same
    /// "compatible" way as interval boundaries (a time in a DST gap moves forward by the gap, a
    /// time in a fold takes the earlier instant; `24:00` is the next midnight). `None` only at
    /// the ends of the representable range.
    pub fn instant_at(&self, date: Date, time: LocalTime) -> Option<Timestamp> {
        let second =
            resolve::compatible_instant(self.zone.zone(), calendar::day_of(date), time.minutes())?;
        Timestamp::from_second(second).ok()
    }
}
