//! Properties of the working-time clock on generated schedules: random zones (DST, half-hour,
//! date-line and midnight-transition zones), random weekly intervals including empty days and
//! `24:00` ends, some time off, instants in 2025-2028 and durations up to three weeks.

use std::collections::BTreeSet;

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp, ToSpan};
use proptest::prelude::*;
use sundial_core::{Interval, LocalTime, Schedule, TimeZoneName, WeeklyHours};

/// Zones with every kind of offset behaviour the clock must survive. Santiago, Havana and Beirut
/// change at midnight; Lord Howe by 30 minutes; Troll by two hours; Dublin has negative DST.
const ZONES: &[&str] = &[
    "UTC",
    "America/New_York",
    "Europe/London",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Pacific/Kiritimati",
    "Pacific/Apia",
    "Pacific/Tongatapu",
    "America/Santiago",
    "America/Havana",
    "Asia/Beirut",
    "Antarctica/Troll",
    "Europe/Dublin",
    "America/St_Johns",
];

/// 2025-01-01T00:00:00Z and 2029-01-01T00:00:00Z in Unix seconds.
const FIRST_SECOND: i64 = 1_735_689_600;
const LAST_SECOND: i64 = 1_861_920_000;

/// One day's intervals: sorted distinct boundaries (quarter hours, 0..=24:00) paired up.
fn day_intervals() -> impl Strategy<Value = Vec<Interval>> {
    prop_oneof![
        2 => Just(Vec::new()),
        5 => proptest::collection::btree_set(0u16..=96, 2..=6).prop_map(|boundaries| {
            let boundaries: Vec<u16> = boundaries.into_iter().collect();
            boundaries
                .chunks_exact(2)
                .map(|pair| {
                    let time = |quarters: u16| {
                        let minutes = quarters * 15;
                        LocalTime::new((minutes / 60) as u8, (minutes % 60) as u8)
                            .expect("quarter hours up to 24:00 are times")
                    };
                    Interval::new(time(pair[0]), time(pair[1]))
                        .expect("distinct sorted boundaries make an interval")
                })
                .collect()
        }),
    ]
}

fn weekly_hours() -> impl Strategy<Value = WeeklyHours> {
    prop_oneof![
        1 => Just(WeeklyHours::none()),
        1 => Just(WeeklyHours::standard()),
        6 => proptest::array::uniform7(day_intervals())
            .prop_map(|days| WeeklyHours::new(days).expect("disjoint intervals")),
    ]
}

/// A few dates in 2025-2028, sometimes in a run (a holiday week).
fn dates() -> impl Strategy<Value = BTreeSet<Date>> {
    proptest::collection::vec((0i64..1461, 1i64..8), 0..4).prop_map(|runs| {
        let first = Date::constant(2025, 1, 1);
        runs.into_iter()
            .flat_map(|(start, length)| start..start + length)
            .map(|offset| {
                first
                    .checked_add(offset.days())
                    .expect("a date in 2025-2029")
            })
            .collect()
    })
}

fn schedules() -> impl Strategy<Value = Schedule> {
    (
        proptest::sample::select(ZONES),
        weekly_hours(),
        dates(),
        dates(),
    )
        .prop_map(|(zone, hours, time_off, holidays)| Schedule {
            zone: TimeZoneName::parse(zone).expect("a bundled zone"),
            hours,
            time_off,
            holidays,
        })
}

/// Instants in 2025-2028: on the minute, or anywhere to the nanosecond.
fn instants() -> impl Strategy<Value = Timestamp> {
    prop_oneof![
        (FIRST_SECOND / 60..LAST_SECOND / 60)
            .prop_map(|minute| Timestamp::from_second(minute * 60).expect("in range")),
        (FIRST_SECOND..LAST_SECOND, 0i32..1_000_000_000)
            .prop_map(|(second, nanos)| Timestamp::new(second, nanos).expect("in range")),
    ]
}

/// Durations up to three weeks: whole minutes, or seconds.
fn durations() -> impl Strategy<Value = SignedDuration> {
    prop_oneof![
        (0i64..=21 * 24 * 60).prop_map(SignedDuration::from_mins),
        (0i64..=21 * 24 * 3600).prop_map(SignedDuration::from_secs),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn working_time_up_to_the_due_instant_is_exactly_the_duration(
        schedule in schedules(), t in instants(), d in durations()
    ) {
        let due = schedule.add_working(t, d);
        prop_assert!(due >= t);
        prop_assert_eq!(schedule.working_between(t, due), d);
    }

    #[test]
    fn adding_in_two_steps_is_adding_the_sum(
        schedule in schedules(), t in instants(), a in durations(), b in durations()
    ) {
        let in_steps = schedule.add_working(schedule.add_working(t, a), b);
        prop_assert_eq!(in_steps, schedule.add_working(t, a + b));
    }

    #[test]
    fn later_starts_and_longer_durations_are_never_due_earlier(
        schedule in schedules(), t1 in instants(), t2 in instants(),
        d1 in durations(), d2 in durations()
    ) {
        let (early, late) = (t1.min(t2), t1.max(t2));
        let (short, long) = (d1.min(d2), d1.max(d2));
        prop_assert!(schedule.add_working(early, short) <= schedule.add_working(late, short));
        prop_assert!(schedule.add_working(early, short) <= schedule.add_working(early, long));
    }

    #[test]
    fn the_due_instant_is_the_earliest_one_with_enough_working_time(
        schedule in schedules(), t in instants(), d in durations()
    ) {
        prop_assume!(d > SignedDuration::ZERO);
        let due = schedule.add_working(t, d);
        for before in [SignedDuration::from_nanos(1), SignedDuration::from_secs(1)] {
            let earlier = due.checked_sub(before).unwrap().max(t);
            prop_assert!(schedule.working_between(t, earlier) < d);
        }
        // Working time never exceeds elapsed time.
        prop_assert!(due.duration_since(t) >= d);
    }

    #[test]
    fn working_time_over_adjacent_ranges_adds_up(
        schedule in schedules(), a in instants(), b in instants(), c in instants()
    ) {
        let mut points = [a, b, c];
        points.sort();
        let [a, b, c] = points;
        let parts = schedule.working_between(a, b) + schedule.working_between(b, c);
        prop_assert_eq!(parts, schedule.working_between(a, c));
    }

    #[test]
    fn work_starts_next_at_the_first_working_instant(schedule in schedules(), t in instants()) {
        let start = schedule.next_working_start(t);
        prop_assert!(start >= t);
        prop_assert_eq!(schedule.is_working(t), start == t);
        prop_assert!(schedule.is_working(start));
        prop_assert_eq!(schedule.working_between(t, start), SignedDuration::ZERO);
        // One second of work from `t` ends one second after work starts.
        let one = SignedDuration::from_secs(1);
        let due = schedule.add_working(t, one);
        prop_assert!(due > start);
        prop_assert!(due.duration_since(start) >= one);
    }

    #[test]
    fn away_from_transitions_working_means_inside_a_local_interval(
        schedule in schedules(), t in instants()
    ) {
        let tz = schedule.zone.zone();
        let day = SignedDuration::from_hours(26);
        let offsets = [t.checked_sub(day).unwrap(), t, t.checked_add(day).unwrap()]
            .map(|instant| tz.to_offset(instant));
        prop_assume!(offsets[0] == offsets[1] && offsets[1] == offsets[2]);
        let local = schedule.local_date_time(t);
        let minute = u32::from(local.hour().unsigned_abs()) * 60
            + u32::from(local.minute().unsigned_abs());
        let in_interval = schedule.hours.is_empty()
            || schedule.hours.day(local.weekday()).iter().any(|interval| {
                u32::from(interval.start().minutes()) <= minute
                    && minute < u32::from(interval.end().minutes())
            });
        let off = schedule.time_off.contains(&local.date()) || schedule.holidays.contains(&local.date());
        prop_assert_eq!(schedule.is_working(t), in_interval && !off);
    }
}
