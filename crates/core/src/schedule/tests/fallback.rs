//! The 400-day rule: with no working time in the next 400 days (of 24 real hours), the clock
//! counts wall time for that computation.

use jiff::ToSpan;
use jiff::civil::Date;

use super::Check::{Add, Between, NextStart, Working};
use super::{date, run, schedule};
use crate::WeeklyHours;

/// `count` consecutive dates from `first`.
fn days_from(first: &str, count: i64) -> Vec<Date> {
    (0..count)
        .map(|offset| date(first).checked_add(offset.days()).unwrap())
        .collect()
}

#[test]
fn four_hundred_and_one_days_off_fall_back_to_the_wall_clock() {
    // Monday 2026-03-09 00:00 EDT (04:00Z). Work resumes Wednesday 2027-04-14, after the
    // horizon 2027-04-13T04:00Z.
    let away = schedule("America/New_York", WeeklyHours::standard())
        .with_time_off(days_from("2026-03-09", 401));
    run(
        "401 days off",
        &away,
        &[
            Add("2026-03-09T04:00:00Z", 60, "2026-03-09T05:00:00Z"),
            Between("2026-03-09T04:00:00Z", "2026-03-09T06:00:00Z", 120),
            NextStart("2026-03-09T04:00:00Z", "2026-03-09T04:00:00Z"),
            // The plain fact does not fall back.
            Working("2026-03-09T14:00:00Z", false),
        ],
    );
}

#[test]
fn three_hundred_and_ninety_nine_days_off_still_count_working_time() {
    // Work resumes Monday 2027-04-12 09:00 EDT (13:00Z), inside the horizon.
    let away = schedule("America/New_York", WeeklyHours::standard())
        .with_time_off(days_from("2026-03-09", 399));
    run(
        "399 days off",
        &away,
        &[
            Add("2026-03-09T04:00:00Z", 60, "2027-04-12T14:00:00Z"),
            Between("2026-03-09T04:00:00Z", "2026-03-09T06:00:00Z", 0),
            NextStart("2026-03-09T04:00:00Z", "2027-04-12T13:00:00Z"),
        ],
    );
}

#[test]
fn working_time_exactly_four_hundred_days_ahead_is_outside_the_horizon() {
    // No fixed hours in UTC: work resumes at local midnight after the days off.
    let t = "2026-01-01T00:00:00Z";
    let four_hundred =
        schedule("UTC", WeeklyHours::none()).with_time_off(days_from("2026-01-01", 400));
    run(
        "400 days off",
        &four_hundred,
        &[NextStart(t, t), Add(t, 1, "2026-01-01T00:01:00Z")],
    );
    let three_ninety_nine =
        schedule("UTC", WeeklyHours::none()).with_time_off(days_from("2026-01-01", 399));
    run(
        "399 days off",
        &three_ninety_nine,
        &[
            NextStart(t, "2027-02-04T00:00:00Z"),
            Add(t, 1, "2027-02-04T00:01:00Z"),
        ],
    );
}
