//! `next_day_start`: the start of the recipient's next working day, in their zone.

use super::{at as ts, date, schedule};
use crate::WeeklyHours;

#[test]
fn before_the_day_begins_it_is_todays_start() {
    // Lisbon in winter is UTC: 07:00 local Monday -> 09:00 the same day.
    let lisbon = schedule("Europe/Lisbon", WeeklyHours::standard());
    assert_eq!(
        lisbon.next_day_start(ts("2026-01-12T07:00:00Z")),
        ts("2026-01-12T09:00:00Z")
    );
}

#[test]
fn once_the_day_has_begun_it_is_the_next_working_days_start() {
    let lisbon = schedule("Europe/Lisbon", WeeklyHours::standard());
    // Monday 11:00, working: Tuesday 09:00.
    assert_eq!(
        lisbon.next_day_start(ts("2026-01-12T11:00:00Z")),
        ts("2026-01-13T09:00:00Z")
    );
    // Friday 18:00, after work: Monday 09:00.
    assert_eq!(
        lisbon.next_day_start(ts("2026-01-16T18:00:00Z")),
        ts("2026-01-19T09:00:00Z")
    );
}

#[test]
fn it_is_read_in_the_members_zone_and_skips_time_off() {
    // 23:00Z Monday is already Tuesday 08:00 in Tokyo: Tuesday 09:00 JST = 00:00Z.
    let tokyo = schedule("Asia/Tokyo", WeeklyHours::standard());
    assert_eq!(
        tokyo.next_day_start(ts("2026-01-12T23:00:00Z")),
        ts("2026-01-13T00:00:00Z")
    );
    let tokyo_off = tokyo.with_time_off([date("2026-01-13")]);
    assert_eq!(
        tokyo_off.next_day_start(ts("2026-01-12T23:00:00Z")),
        ts("2026-01-14T00:00:00Z")
    );
}
