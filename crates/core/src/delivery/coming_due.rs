//! When an obligation "comes due": one working hour before its due time, on the recipient's
//! schedule, so the reminder lands inside the last hour they have to act in.

use jiff::{SignedDuration, Timestamp};

use crate::schedule::Schedule;

/// How much working time before the due time the reminder fires.
pub const COMING_DUE_LEAD: SignedDuration = SignedDuration::from_hours(1);

/// How far back the search goes before falling back to the wall clock: the clock's horizon.
const SEARCH: SignedDuration = SignedDuration::from_hours(400 * 24);

/// The latest instant `u` before `due` with one working hour inside `[u, due)`: the start of
/// the recipient's last working hour before the due time. Due Tuesday 11:00 on 09:00–17:00 is
/// Tuesday 10:00; due Monday 09:30 is the previous Friday 16:30. With no working hour within
/// the clock's 400-day horizon, one wall-clock hour before `due`.
pub fn coming_due_at(schedule: &Schedule, due: Timestamp) -> Timestamp {
    let enough = |u: Timestamp| schedule.working_between(u, due) >= COMING_DUE_LEAD;
    // Widen the window until it holds a working hour, then bisect its far end: working time
    // in [u, due) only grows as u moves back, so the answer is where it reaches an hour.
    let mut back = COMING_DUE_LEAD;
    let mut early = loop {
        let Ok(u) = due.checked_sub(back) else {
            return fallback(due);
        };
        if enough(u) {
            break u;
        }
        if back >= SEARCH {
            return fallback(due);
        }
        back = back.checked_mul(2).unwrap_or(SEARCH).min(SEARCH);
    };
    let mut late = due;
    // Interval boundaries are whole minutes; a second's precision is plenty.
    while late.duration_since(early) > SignedDuration::from_secs(1) {
        let middle = early
            .checked_add(late.duration_since(early) / 2)
            .unwrap_or(early);
        if enough(middle) {
            early = middle;
        } else {
            late = middle;
        }
    }
    early
}

fn fallback(due: Timestamp) -> Timestamp {
    due.checked_sub(COMING_DUE_LEAD).unwrap_or(due)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::{TimeZoneName, WeeklyHours};

    fn schedule(zone: &str) -> Schedule {
        Schedule::new(TimeZoneName::parse(zone).unwrap(), WeeklyHours::standard())
    }

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    #[test]
    fn coming_due_is_one_working_hour_before_the_due_time() {
        let tokyo = schedule("Asia/Tokyo");
        // Table: due (UTC) → coming due (UTC). Tokyo is UTC+9, hours 09:00–17:00.
        let cases = [
            // Tue 11:00 JST → Tue 10:00 JST.
            ("2026-03-10T02:00:00Z", "2026-03-10T01:00:00Z"),
            // Mon 09:30 JST → Fri 16:30 JST.
            ("2026-03-09T00:30:00Z", "2026-03-06T07:30:00Z"),
            // Sat 12:00 JST (no hours) → Fri 16:00 JST.
            ("2026-03-07T03:00:00Z", "2026-03-06T07:00:00Z"),
            // Tue 17:00 JST, the end of the day → Tue 16:00 JST.
            ("2026-03-10T08:00:00Z", "2026-03-10T07:00:00Z"),
        ];
        for (due, expected) in cases {
            assert_eq!(coming_due_at(&tokyo, at(due)), at(expected), "due {due}");
        }
    }

    #[test]
    fn a_day_off_is_skipped_when_counting_back() {
        let date = "2026-03-09".parse().unwrap();
        let tokyo = schedule("Asia/Tokyo").with_time_off([date]);
        // Due Tue 09:30 JST; Monday is off, so 30 minutes Tuesday and 30 minutes Friday.
        assert_eq!(
            coming_due_at(&tokyo, at("2026-03-10T00:30:00Z")),
            at("2026-03-06T07:30:00Z")
        );
    }

    #[test]
    fn a_schedule_without_working_time_falls_back_to_the_wall_clock() {
        let all_off = schedule("UTC").with_time_off(
            (0..1500).map(|d| jiff::civil::date(2025, 1, 1) + jiff::Span::new().days(d)),
        );
        assert_eq!(
            coming_due_at(&all_off, at("2026-03-10T12:00:00Z")),
            at("2026-03-10T11:00:00Z")
        );
    }
}
