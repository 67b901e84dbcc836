//! "The start of their day": when a message scheduled for a recipient's next working day
//! should arrive. Built on the working-time clock; the scheduling use case only calls it.

use jiff::{SignedDuration, Timestamp};

use super::{LocalTime, Schedule};

impl Schedule {
    /// The start of the first working interval of the member's next working day, seen from
    /// `t`: today's first start when their working day has not begun yet (at 07:00 on a 09:00
    /// day, 09:00 today), otherwise the next day's (in a lunch break, or after work, tomorrow's
    /// start, not the afternoon's: "start of their day" means the day, not the next interval).
    /// Time off, holidays and days without hours are skipped as the clock skips them. Without
    /// working time within 400 days, the wall-clock fallback answers `t` or the next midnight.
    pub fn next_day_start(&self, t: Timestamp) -> Timestamp {
        let today = self.local_date_time(t).date();
        let Some(midnight) = self.instant_at(today, LocalTime::MIDNIGHT) else {
            return self.next_working_start(t);
        };
        let day_begun = self.working_between(midnight, t) > SignedDuration::ZERO;
        if !day_begun {
            return self.next_working_start(t);
        }
        match self.instant_at(today, LocalTime::END_OF_DAY) {
            Some(next_midnight) => self.next_working_start(next_midnight),
            None => self.next_working_start(t),
        }
    }
}
