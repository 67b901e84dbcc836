//! The fast path of wall-time resolution must agree with jiff's exact "compatible" answer in
//! every zone of the database, including years with odd transitions (Samoa skipped
//! 2011-12-30).

use jiff::tz::TimeZoneDatabase;

use crate::schedule::calendar::day_number;
use crate::schedule::resolve::{WallResolver, compatible_instant};

#[test]
fn steady_days_resolve_exactly_like_jiff_in_every_zone() {
    let database = TimeZoneDatabase::bundled();
    let windows = [
        (day_number(2011, 1, 1), day_number(2012, 6, 1)),
        (day_number(2025, 6, 1), day_number(2028, 1, 1)),
    ];
    let mut steady_days = 0;
    for name in database.available() {
        let tz = database.get(name.as_str()).unwrap();
        for (first, last) in windows {
            let mut resolver = WallResolver::new(&tz, first * 86_400);
            for day in first..last {
                let Some((start, end)) = resolver.steady_day(day) else {
                    continue;
                };
                steady_days += 1;
                let exact = |minute| compatible_instant(&tz, day, minute);
                assert_eq!(Some(start), exact(0), "{name} day {day}");
                assert_eq!(Some(end), exact(1440), "{name} day {day}");
                assert_eq!(Some(start + 150 * 60), exact(150), "{name} day {day}");
                assert_eq!(resolver.resolve(day, 150), exact(150), "{name} day {day}");
            }
        }
    }
    // Nearly every day is steady; the check above must have run.
    assert!(steady_days > 100_000, "{steady_days}");
}

#[test]
fn a_resolver_started_next_to_a_transition_resolves_like_jiff() {
    // Started inside a fold (the second 01:30), just before a gap, or exactly on a transition,
    // the remembered regime must never answer a wall time it does not own.
    let database = TimeZoneDatabase::bundled();
    let (from, until) = (
        jiff::Timestamp::from_second(day_number(2011, 1, 1) * 86_400).unwrap(),
        day_number(2028, 1, 1) * 86_400,
    );
    let deltas = [-7200, -1, 0, 1, 1800, 3600, 5400, 7200, 86_400];
    let minutes = [0, 30, 60, 90, 150, 1380, 1410, 1440];
    for name in database.available() {
        let tz = database.get(name.as_str()).unwrap();
        let transitions = tz
            .following(from)
            .map(|transition| transition.timestamp().as_second())
            .take_while(|&second| second < until);
        for transition in transitions {
            for delta in deltas {
                let at = transition + delta;
                let mut resolver = WallResolver::new(&tz, at);
                let local_day = (at + resolver.offset()).div_euclid(86_400);
                for day in local_day - 1..=local_day + 1 {
                    for minute in minutes {
                        let exact = compatible_instant(&tz, day, minute);
                        assert_eq!(resolver.resolve(day, minute), exact, "{name} {at} {day}");
                    }
                }
                for day in local_day - 1..=local_day + 1 {
                    if let Some((start, end)) = resolver.steady_day(day) {
                        assert_eq!(Some(start), compatible_instant(&tz, day, 0), "{name} {at}");
                        assert_eq!(Some(end), compatible_instant(&tz, day, 1440), "{name} {at}");
                    }
                }
            }
        }
    }
}
