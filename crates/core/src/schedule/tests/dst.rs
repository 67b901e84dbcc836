//! DST to the minute: New York (EST -05 / EDT -04), London (GMT / BST +01) and Lord Howe
//! (+10:30 / +11, a 30-minute shift), around each 2026 transition, including interval
//! boundaries inside the gap and the fold.

use super::Check::{Add, Between, NextStart, Working};
use super::{every_day, hours, run, schedule, weekdays};
use crate::WeeklyHours;

const SUNDAY: usize = 6;

#[test]
fn new_york_spring_forward_shortens_the_day_and_pushes_gap_boundaries_forward() {
    // 2026-03-08: 02:00 EST (07:00Z) becomes 03:00 EDT.
    let standard = schedule("America/New_York", WeeklyHours::standard());
    run(
        "standard",
        &standard,
        &[
            // Friday 16:00 EST + 1 h is Friday 17:00, not Monday.
            Add("2026-03-06T21:00:00Z", 60, "2026-03-06T22:00:00Z"),
            // One hour on Friday, the second from Monday 09:00 EDT (13:00Z).
            Add("2026-03-06T21:00:00Z", 120, "2026-03-09T14:00:00Z"),
            // Posted Saturday noon: due Monday 10:00 EDT.
            Add("2026-03-07T17:00:00Z", 60, "2026-03-09T14:00:00Z"),
            Between("2026-03-06T14:00:00Z", "2026-03-09T21:00:00Z", 960),
            NextStart("2026-03-07T17:00:00Z", "2026-03-09T13:00:00Z"),
        ],
    );
    // 01:00 EST (06:00Z) to 04:00 EDT (08:00Z): two real hours.
    let early = schedule("America/New_York", every_day(&[("01:00", "04:00")]));
    run(
        "01:00-04:00",
        &early,
        &[
            Between("2026-03-08T00:00:00Z", "2026-03-09T00:00:00Z", 120),
            Add("2026-03-08T06:00:00Z", 90, "2026-03-08T07:30:00Z"),
            Working("2026-03-08T07:00:00Z", true),
            Working("2026-03-08T08:00:00Z", false),
        ],
    );
    // 02:30 does not exist; it means 03:30 EDT (07:30Z). Work runs to 04:00 EDT (08:00Z).
    let in_gap = schedule(
        "America/New_York",
        hours(&[(SUNDAY, &[("02:30", "04:00")])]),
    );
    run(
        "02:30-04:00 Sunday",
        &in_gap,
        &[
            NextStart("2026-03-08T05:00:00Z", "2026-03-08T07:30:00Z"),
            Working("2026-03-08T07:29:00Z", false),
            Working("2026-03-08T07:30:00Z", true),
            Between("2026-03-08T00:00:00Z", "2026-03-09T00:00:00Z", 30),
            Add("2026-03-08T05:00:00Z", 30, "2026-03-08T08:00:00Z"),
        ],
    );
    // 02:30-03:00 resolves to [07:30Z, 07:00Z): nothing. The next one is a week later, EDT.
    let swallowed = schedule(
        "America/New_York",
        hours(&[(SUNDAY, &[("02:30", "03:00")])]),
    );
    run(
        "02:30-03:00 Sunday",
        &swallowed,
        &[
            Between("2026-03-08T00:00:00Z", "2026-03-09T00:00:00Z", 0),
            NextStart("2026-03-08T00:00:00Z", "2026-03-15T06:30:00Z"),
        ],
    );
    // 01:00-02:30 becomes [06:00Z, 07:30Z) and 03:00-05:00 [07:00Z, 09:00Z): they overlap in
    // real time, and the overlap counts once.
    let overlapping = schedule(
        "America/New_York",
        hours(&[(SUNDAY, &[("01:00", "02:30"), ("03:00", "05:00")])]),
    );
    run(
        "overlap after the gap",
        &overlapping,
        &[
            Between("2026-03-08T00:00:00Z", "2026-03-09T00:00:00Z", 180),
            Add("2026-03-08T06:00:00Z", 180, "2026-03-08T09:00:00Z"),
        ],
    );
    // 02:30-02:45 becomes [07:30Z, 07:45Z) and 03:00-03:10 [07:00Z, 07:10Z): the gap reverses
    // their order in real time, and both count.
    let reordered = schedule(
        "America/New_York",
        hours(&[(SUNDAY, &[("02:30", "02:45"), ("03:00", "03:10")])]),
    );
    run(
        "reordered by the gap",
        &reordered,
        &[
            Between("2026-03-08T00:00:00Z", "2026-03-09T00:00:00Z", 25),
            NextStart("2026-03-08T00:00:00Z", "2026-03-08T07:00:00Z"),
            Add("2026-03-08T00:00:00Z", 15, "2026-03-08T07:35:00Z"),
        ],
    );
}

#[test]
fn new_york_fall_back_lengthens_the_day_and_fold_boundaries_take_the_earlier_instant() {
    // 2026-11-01: 02:00 EDT (06:00Z) becomes 01:00 EST.
    let standard = schedule("America/New_York", WeeklyHours::standard());
    run(
        "standard",
        &standard,
        &[
            // Friday 16:00 EDT (20:00Z): one hour Friday, then Monday 09:00 EST (14:00Z).
            Add("2026-10-30T20:00:00Z", 120, "2026-11-02T15:00:00Z"),
            Between("2026-10-30T13:00:00Z", "2026-11-02T22:00:00Z", 960),
        ],
    );
    // 01:30 happens twice: the earlier is 01:30 EDT (05:30Z). 03:00 EST is 08:00Z.
    let in_fold = schedule(
        "America/New_York",
        hours(&[(SUNDAY, &[("01:30", "03:00")])]),
    );
    run(
        "01:30-03:00 Sunday",
        &in_fold,
        &[
            NextStart("2026-11-01T04:00:00Z", "2026-11-01T05:30:00Z"),
            Between("2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z", 150),
            // 06:15Z reads 01:15 EST, yet lies between the resolved ends: working.
            Working("2026-11-01T06:15:00Z", true),
            Working("2026-11-01T08:00:00Z", false),
        ],
    );
    // 01:00 EDT (05:00Z) to 04:00 EST (09:00Z): four real hours.
    let early = schedule("America/New_York", every_day(&[("01:00", "04:00")]));
    run(
        "01:00-04:00",
        &early,
        &[
            Between("2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z", 240),
            Add("2026-11-01T05:00:00Z", 240, "2026-11-01T09:00:00Z"),
        ],
    );
    // Both ends in the fold: the earlier of each, 01:00 EDT to 01:30 EDT.
    let both_in_fold = schedule(
        "America/New_York",
        hours(&[(SUNDAY, &[("01:00", "01:30")])]),
    );
    run(
        "01:00-01:30 Sunday",
        &both_in_fold,
        &[
            Between("2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z", 30),
            NextStart("2026-11-01T00:00:00Z", "2026-11-01T05:00:00Z"),
            Working("2026-11-01T06:15:00Z", false),
        ],
    );
}

#[test]
fn london_transitions_move_work_by_an_hour_in_utc() {
    // 2026-03-29: 01:00 GMT becomes 02:00 BST. 2026-10-25: 02:00 BST (01:00Z) becomes 01:00 GMT.
    let standard = schedule("Europe/London", WeeklyHours::standard());
    run(
        "standard",
        &standard,
        &[
            // Friday 16:00 GMT, one hour, then Monday 09:00 BST (08:00Z).
            Add("2026-03-27T16:00:00Z", 120, "2026-03-30T09:00:00Z"),
            // Friday 16:00 BST (15:00Z), one hour, then Monday 09:00 GMT (09:00Z).
            Add("2026-10-23T15:00:00Z", 120, "2026-10-26T10:00:00Z"),
        ],
    );
    let night = schedule("Europe/London", every_day(&[("00:00", "03:00")]));
    run(
        "00:00-03:00",
        &night,
        &[
            // 00:00 GMT (00:00Z) to 03:00 BST (02:00Z); Monday starts at 23:00Z.
            Between("2026-03-29T00:00:00Z", "2026-03-29T23:00:00Z", 120),
            Between("2026-03-29T00:00:00Z", "2026-03-30T00:00:00Z", 180),
            // 00:00 BST (24th 23:00Z) to 03:00 GMT (03:00Z).
            Between("2026-10-24T23:00:00Z", "2026-10-25T23:00:00Z", 240),
            Add("2026-10-24T23:00:00Z", 240, "2026-10-25T03:00:00Z"),
        ],
    );
    // 01:30-02:30 on the spring day: 02:30 BST (01:30Z) to 02:30 BST: nothing.
    let gap = schedule("Europe/London", hours(&[(SUNDAY, &[("01:30", "02:30")])]));
    run(
        "01:30-02:30 Sunday",
        &gap,
        &[Between("2026-03-29T00:00:00Z", "2026-03-30T00:00:00Z", 0)],
    );
    // 01:30-02:00 on the autumn day: 01:30 BST (00:30Z) to 02:00 GMT (02:00Z).
    let fold = schedule("Europe/London", hours(&[(SUNDAY, &[("01:30", "02:00")])]));
    run(
        "01:30-02:00 Sunday",
        &fold,
        &[
            Between("2026-10-25T00:00:00Z", "2026-10-26T00:00:00Z", 90),
            NextStart("2026-10-25T00:00:00Z", "2026-10-25T00:30:00Z"),
        ],
    );
}

#[test]
fn lord_howe_half_hour_transitions_are_counted_to_the_minute() {
    // 2026-04-05: 02:00 +11 (04-04 15:00Z) becomes 01:30 +10:30.
    // 2026-10-04: 02:00 +10:30 (10-03 15:30Z) becomes 02:30 +11.
    let zone = "Australia/Lord_Howe";
    let morning = schedule(zone, every_day(&[("00:00", "06:00")]));
    run(
        "00:00-06:00",
        &morning,
        &[
            // 00:00 +11 (13:00Z) to 06:00 +10:30 (19:30Z).
            Between("2026-04-04T12:00:00Z", "2026-04-05T12:00:00Z", 390),
            // 00:00 +10:30 (13:30Z) to 06:00 +11 (19:00Z).
            Between("2026-10-03T12:00:00Z", "2026-10-04T12:00:00Z", 330),
            Add("2026-10-03T13:30:00Z", 330, "2026-10-03T19:00:00Z"),
            Add("2026-10-03T13:30:00Z", 331, "2026-10-04T13:01:00Z"),
        ],
    );
    // 01:45 in the fold: the earlier, +11 (14:45Z). 02:15 +10:30 is 15:45Z.
    let fold = schedule(zone, hours(&[(SUNDAY, &[("01:45", "02:15")])]));
    run(
        "01:45-02:15 Sunday",
        &fold,
        &[
            Between("2026-04-04T12:00:00Z", "2026-04-05T12:00:00Z", 60),
            NextStart("2026-04-04T12:00:00Z", "2026-04-04T14:45:00Z"),
        ],
    );
    // 02:10 in the gap moves to 02:40 +11 (15:40Z); 03:00 +11 is 16:00Z.
    let gap = schedule(zone, hours(&[(SUNDAY, &[("02:10", "03:00")])]));
    run(
        "02:10-03:00 Sunday",
        &gap,
        &[
            Between("2026-10-03T12:00:00Z", "2026-10-04T12:00:00Z", 20),
            NextStart("2026-10-03T12:00:00Z", "2026-10-03T15:40:00Z"),
        ],
    );
    let standard = schedule(zone, weekdays(&[("09:00", "17:00")]));
    run(
        "standard",
        &standard,
        &[
            // Friday 16:00 +10:30 (05:30Z), then Monday 09:00 +11 (Sunday 22:00Z).
            Add("2026-10-02T05:30:00Z", 120, "2026-10-04T23:00:00Z"),
        ],
    );
}

#[test]
fn azores_transitions_at_midnight_move_the_start_of_the_local_day() {
    // 2026-03-29: 00:00 -01 (01:00Z) becomes 01:00 +00, so Sunday starts at 01:00Z.
    // 2026-10-25: 01:00 +00 (01:00Z) becomes 00:00 -01, so 00:00-01:00 happens twice and
    // Sunday starts at the first, 00:00Z.
    let around_midnight = schedule(
        "Atlantic/Azores",
        hours(&[(5, &[("23:00", "24:00")]), (SUNDAY, &[("00:00", "00:45")])]),
    );
    run(
        "Saturday 23:00-24:00, Sunday 00:00-00:45",
        &around_midnight,
        &[
            // Saturday 23:00 -01 (00:00Z) to 24:00 = Sunday's start (01:00Z); then 00:00 (01:00Z,
            // pushed through the gap) to 00:45 (01:45 +00, 01:45Z).
            Between("2026-03-28T00:00:00Z", "2026-03-30T00:00:00Z", 105),
            Add("2026-03-29T00:00:00Z", 105, "2026-03-29T01:45:00Z"),
            // Saturday 23:00 +00 (23:00Z) to Sunday's start 00:00Z, then to 00:45 +00 (00:45Z).
            Between("2026-10-24T00:00:00Z", "2026-10-26T00:00:00Z", 105),
            Working("2026-10-25T00:10:00Z", true),
            // 00:10 again, now -01: after the interval's resolved end.
            Working("2026-10-25T01:10:00Z", false),
            NextStart("2026-10-25T01:10:00Z", "2026-11-01T00:00:00Z"),
        ],
    );
}
