//! Shapes of working weeks: split days, night shifts across midnight and DST, and "no fixed
//! hours".

use super::Check::{Add, Between, NextStart, Working};
use super::{every_day, run, schedule, weekdays};
use crate::WeeklyHours;

#[test]
fn a_split_day_skips_the_lunch_break() {
    // New York in EDT: 09:00 is 13:00Z, 12:00 is 16:00Z, 13:00 is 17:00Z, 17:00 is 21:00Z.
    let split = schedule(
        "America/New_York",
        weekdays(&[("09:00", "12:00"), ("13:00", "17:00")]),
    );
    run(
        "split",
        &split,
        &[
            // Monday 11:00 + 2 h: one hour to noon, one after lunch.
            Add("2026-03-09T15:00:00Z", 120, "2026-03-09T18:00:00Z"),
            // Posted during lunch: counts from 13:00.
            Add("2026-03-09T16:30:00Z", 30, "2026-03-09T17:30:00Z"),
            Working("2026-03-09T15:59:59Z", true),
            Working("2026-03-09T16:00:00Z", false),
            Working("2026-03-09T17:00:00Z", true),
            NextStart("2026-03-09T16:00:00Z", "2026-03-09T17:00:00Z"),
            Between("2026-03-09T04:00:00Z", "2026-03-10T04:00:00Z", 420),
            // Friday 16:30 + 1 h: 30 min Friday, then Monday 09:30.
            Add("2026-03-13T20:30:00Z", 60, "2026-03-16T13:30:00Z"),
        ],
    );
}

#[test]
fn a_night_shift_runs_through_midnight_and_loses_or_gains_an_hour_at_dst() {
    let night = schedule(
        "America/New_York",
        every_day(&[("00:00", "06:00"), ("22:00", "24:00")]),
    );
    run(
        "night shift",
        &night,
        &[
            // Saturday 22:00 EST (Sunday 03:00Z) to Sunday 06:00 EDT (10:00Z): 7 real hours.
            Between("2026-03-08T03:00:00Z", "2026-03-08T12:00:00Z", 420),
            Add("2026-03-08T03:00:00Z", 420, "2026-03-08T10:00:00Z"),
            // The 8th hour starts Sunday 22:00 EDT (Monday 02:00Z).
            Add("2026-03-08T03:00:00Z", 480, "2026-03-09T03:00:00Z"),
            // Saturday 22:00 EDT (Sunday 02:00Z) to Sunday 06:00 EST (11:00Z): 9 real hours.
            Between("2026-11-01T02:00:00Z", "2026-11-01T12:00:00Z", 540),
            Add("2026-11-01T02:00:00Z", 540, "2026-11-01T11:00:00Z"),
            // Midnight itself is working, from either side.
            Working("2026-03-08T05:00:00Z", true),
            Working("2026-03-08T04:59:59Z", true),
            Working("2026-03-08T10:00:00Z", false),
        ],
    );
}

#[test]
fn a_day_long_interval_next_to_the_next_days_midnight_counts_each_instant_once() {
    // 00:00-24:00 then 00:00-01:00: touching at midnight, never overlapping.
    let round_the_clock = schedule(
        "Europe/London",
        super::hours(&[(0, &[("00:00", "24:00")]), (1, &[("00:00", "01:00")])]),
    );
    run(
        "Monday all day, Tuesday first hour",
        &round_the_clock,
        &[
            // Monday 2026-03-30 in BST: 03-29 23:00Z to 03-31 00:00Z holds 25 h of work.
            Between("2026-03-29T23:00:00Z", "2026-03-31T23:00:00Z", 25 * 60),
            Add("2026-03-29T23:00:00Z", 25 * 60, "2026-03-31T00:00:00Z"),
        ],
    );
}

#[test]
fn no_fixed_hours_means_every_instant_is_working_in_real_time() {
    let anytime = schedule("America/New_York", WeeklyHours::none());
    run(
        "no fixed hours",
        &anytime,
        &[
            // 01:30 EST + 1 h is 03:30 EDT: real time, not wall time.
            Add("2026-03-08T06:30:00Z", 60, "2026-03-08T07:30:00Z"),
            Between("2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z", 23 * 60),
            Working("2026-03-08T07:00:00Z", true),
            NextStart("2026-03-07T12:34:56Z", "2026-03-07T12:34:56Z"),
        ],
    );
}

#[test]
fn sub_minute_instants_are_counted_exactly() {
    let standard = schedule("UTC", WeeklyHours::standard());
    let t = super::at("2026-03-09T16:59:59.5Z");
    let due = standard.add_working(t, jiff::SignedDuration::from_secs(1));
    assert_eq!(due, super::at("2026-03-10T09:00:00.5Z"));
    assert_eq!(
        standard.working_between(t, due),
        jiff::SignedDuration::from_secs(1)
    );
    assert_eq!(standard.add_working(t, jiff::SignedDuration::ZERO), t);
    assert_eq!(
        standard.add_working(t, jiff::SignedDuration::from_secs(-5)),
        t
    );
    assert_eq!(standard.working_between(due, t), jiff::SignedDuration::ZERO);
}
