//! Time off and holidays: whole local days in the schedule's zone, skipped by the clock.

use super::Check::{Add, Between, NextStart, Working};
use super::{date, run, schedule};
use crate::WeeklyHours;

#[test]
fn time_off_and_holidays_skip_whole_local_days() {
    let standard = schedule("America/New_York", WeeklyHours::standard());
    let monday_off = standard.clone().with_time_off([date("2026-03-09")]);
    run(
        "Monday off",
        &monday_off,
        &[
            // Friday 16:00 EST: one hour Friday, then Tuesday 09:00 EDT (13:00Z).
            Add("2026-03-06T21:00:00Z", 120, "2026-03-10T14:00:00Z"),
            Working("2026-03-09T15:00:00Z", false),
            NextStart("2026-03-09T15:00:00Z", "2026-03-10T13:00:00Z"),
            Between("2026-03-09T00:00:00Z", "2026-03-11T00:00:00Z", 480),
        ],
    );
    let holiday_and_time_off = standard
        .with_holidays([date("2026-03-09")])
        .with_time_off([date("2026-03-10")]);
    run(
        "Monday holiday, Tuesday off",
        &holiday_and_time_off,
        &[
            Add("2026-03-06T21:00:00Z", 120, "2026-03-11T14:00:00Z"),
            Working("2026-03-10T15:00:00Z", false),
        ],
    );
}

#[test]
fn a_day_off_without_fixed_hours_runs_from_local_midnight_to_local_midnight() {
    // 2026-03-08 in New York: 00:00 EST (05:00Z) to the next 00:00 EDT (03-09 04:00Z).
    let anytime =
        schedule("America/New_York", WeeklyHours::none()).with_time_off([date("2026-03-08")]);
    run(
        "Sunday off",
        &anytime,
        &[
            Add("2026-03-08T04:00:00Z", 120, "2026-03-09T05:00:00Z"),
            Working("2026-03-08T04:59:59Z", true),
            Working("2026-03-08T05:00:00Z", false),
            Working("2026-03-09T03:59:59Z", false),
            Working("2026-03-09T04:00:00Z", true),
            NextStart("2026-03-08T12:00:00Z", "2026-03-09T04:00:00Z"),
            Between("2026-03-08T00:00:00Z", "2026-03-10T00:00:00Z", 25 * 60),
        ],
    );
}

#[test]
fn a_working_day_has_hours_and_is_neither_time_off_nor_a_holiday() {
    let standard = schedule("Europe/London", WeeklyHours::standard())
        .with_time_off([date("2026-03-09")])
        .with_holidays([date("2026-03-11")]);
    let cases = [
        ("2026-03-09", false), // Monday, time off
        ("2026-03-10", true),  // Tuesday
        ("2026-03-11", false), // Wednesday, holiday
        ("2026-03-14", false), // Saturday, no hours
    ];
    for (day, expected) in cases {
        assert_eq!(standard.is_working_day(date(day)), expected, "{day}");
    }
    let anytime =
        schedule("Europe/London", WeeklyHours::none()).with_time_off([date("2026-03-09")]);
    assert!(anytime.is_working_day(date("2026-03-14")));
    assert!(!anytime.is_working_day(date("2026-03-09")));
}

#[test]
fn local_date_time_and_instant_at_read_the_schedules_zone() {
    use crate::LocalTime;
    let new_york = schedule("America/New_York", WeeklyHours::standard());
    let cases = [
        ("2026-03-08", "02:30", "2026-03-08T07:30:00Z"), // in the gap: 03:30 EDT
        ("2026-11-01", "01:30", "2026-11-01T05:30:00Z"), // in the fold: the earlier, EDT
        ("2026-03-07", "24:00", "2026-03-08T05:00:00Z"), // the next midnight, EST
    ];
    for (day, time, expected) in cases {
        let instant = new_york.instant_at(date(day), LocalTime::parse(time).unwrap());
        assert_eq!(instant, Some(super::at(expected)), "{day} {time}");
    }
    let local = new_york.local_date_time(super::at("2026-03-08T07:30:00Z"));
    assert_eq!(local.to_string(), "2026-03-08T03:30:00");
}
