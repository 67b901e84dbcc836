//! The ends of time: no input makes the clock panic or overflow; it saturates instead.

use jiff::{SignedDuration, Timestamp};

use super::schedule;
use crate::WeeklyHours;

#[test]
fn the_clock_saturates_at_the_ends_of_time_instead_of_panicking() {
    let day = SignedDuration::from_hours(24);
    let near_start = Timestamp::MIN.checked_add(day).unwrap();
    let near_end = Timestamp::MAX.checked_sub(day).unwrap();
    for zone in [
        "UTC",
        "America/New_York",
        "Pacific/Kiritimati",
        "Pacific/Apia",
    ] {
        for hours in [WeeklyHours::standard(), WeeklyHours::none()] {
            let schedule = schedule(zone, hours);
            for t in [Timestamp::MIN, near_start, near_end, Timestamp::MAX] {
                for d in [
                    SignedDuration::from_nanos(1),
                    SignedDuration::from_hours(100),
                ] {
                    let due = schedule.add_working(t, d);
                    assert!(due >= t, "{zone} {t} {d}");
                }
                let _ = schedule.is_working(t);
                assert!(schedule.next_working_start(t) >= t);
                let _ =
                    schedule.working_between(t, t.checked_add(day * 3).unwrap_or(Timestamp::MAX));
                let _ =
                    schedule.working_between(t.checked_sub(day * 3).unwrap_or(Timestamp::MIN), t);
            }
            let forever = schedule.add_working(near_end, SignedDuration::MAX);
            assert_eq!(forever, Timestamp::MAX, "{zone}");
        }
    }
}
