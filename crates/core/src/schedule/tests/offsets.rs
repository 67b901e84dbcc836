//! Zones without DST but with unusual offsets: half and three-quarter hours, and the far side
//! of the date line where the local Monday starts on a UTC Sunday.

use super::Check::{Add, Between, NextStart, Working};
use super::{date, run, schedule};
use crate::WeeklyHours;

#[test]
fn kolkata_half_hour_offset_shifts_work_to_the_half_hour_in_utc() {
    // +05:30: 09:00-17:00 is 03:30Z-11:30Z.
    let kolkata = schedule("Asia/Kolkata", WeeklyHours::standard());
    run(
        "Asia/Kolkata",
        &kolkata,
        &[
            Add("2026-03-06T10:30:00Z", 60, "2026-03-06T11:30:00Z"),
            Add("2026-03-06T10:30:00Z", 120, "2026-03-09T04:30:00Z"),
            Between("2026-03-09T00:00:00Z", "2026-03-10T00:00:00Z", 480),
            Working("2026-03-09T03:29:59Z", false),
            Working("2026-03-09T03:30:00Z", true),
        ],
    );
}

#[test]
fn kathmandu_quarter_hour_offset_shifts_work_to_the_quarter_hour_in_utc() {
    // +05:45: Monday 09:00 is 03:15Z.
    let kathmandu = schedule("Asia/Kathmandu", WeeklyHours::standard());
    run(
        "Asia/Kathmandu",
        &kathmandu,
        &[
            NextStart("2026-03-09T00:00:00Z", "2026-03-09T03:15:00Z"),
            // Saturday: due Monday 10:00 local.
            Add("2026-03-07T12:00:00Z", 60, "2026-03-09T04:15:00Z"),
            Between("2026-03-09T03:00:00Z", "2026-03-09T04:00:00Z", 45),
        ],
    );
}

#[test]
fn kiritimati_plus_fourteen_starts_the_local_week_on_a_utc_sunday() {
    // +14: Monday 09:00 is Sunday 19:00Z; Friday 16:00 is Friday 02:00Z.
    let kiritimati = schedule("Pacific/Kiritimati", WeeklyHours::standard());
    run(
        "Pacific/Kiritimati",
        &kiritimati,
        &[
            Add("2026-03-06T02:00:00Z", 120, "2026-03-08T20:00:00Z"),
            Working("2026-03-08T19:30:00Z", true),
            Working("2026-03-08T18:59:00Z", false),
        ],
    );
    // Time off is the local Monday, 2026-03-09, even though it starts on a UTC Sunday.
    let away = kiritimati.with_time_off([date("2026-03-09")]);
    run(
        "Pacific/Kiritimati, Monday off",
        &away,
        &[
            Working("2026-03-08T19:30:00Z", false),
            NextStart("2026-03-08T12:00:00Z", "2026-03-09T19:00:00Z"),
        ],
    );
}

#[test]
fn apia_and_tongatapu_plus_thirteen_count_from_local_nine() {
    // +13 all year: Monday 09:00 is Sunday 20:00Z.
    for zone in ["Pacific/Apia", "Pacific/Tongatapu"] {
        let plus_thirteen = schedule(zone, WeeklyHours::standard());
        run(
            zone,
            &plus_thirteen,
            &[
                // Monday 08:00 local + 30 min: due 09:30.
                Add("2026-03-08T19:00:00Z", 30, "2026-03-08T20:30:00Z"),
                // Friday 16:00 local is Friday 03:00Z.
                Add("2026-03-06T03:00:00Z", 60, "2026-03-06T04:00:00Z"),
                Between("2026-03-08T00:00:00Z", "2026-03-09T00:00:00Z", 240),
            ],
        );
    }
}
