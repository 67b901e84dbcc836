//! How fast the working-time clock answers over a typical span: one working week (40 hours of
//! Mon-Fri 09:00-17:00 in New York) from a handful of start instants, some near a DST change.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use jiff::{SignedDuration, Timestamp};
use sundial_core::{Schedule, TimeZoneName, WeeklyHours};

/// Start instants: a Monday morning, a Friday afternoon, a Saturday, an evening in the week of
/// the spring DST change and one in the week of the autumn change.
const STARTS: [&str; 5] = [
    "2026-01-12T14:00:00Z",
    "2026-02-13T21:30:00Z",
    "2026-06-06T16:00:00Z",
    "2026-03-05T23:15:00Z",
    "2026-10-29T12:45:10.5Z",
];

fn new_york_office() -> Schedule {
    let zone = TimeZoneName::parse("America/New_York").expect("a bundled zone");
    Schedule::new(zone, WeeklyHours::standard())
}

fn starts() -> Vec<Timestamp> {
    STARTS
        .iter()
        .map(|text| text.parse().expect("a valid instant"))
        .collect()
}

fn add_working_one_week(c: &mut Criterion) {
    let schedule = new_york_office();
    let starts = starts();
    let week = SignedDuration::from_hours(40);
    let mut next = 0;
    c.bench_function("add_working_one_week", |b| {
        b.iter(|| {
            next = (next + 1) % starts.len();
            schedule.add_working(black_box(starts[next]), black_box(week))
        })
    });
}

fn working_between_one_week(c: &mut Criterion) {
    let schedule = new_york_office();
    let week = SignedDuration::from_hours(7 * 24);
    let ranges: Vec<(Timestamp, Timestamp)> = starts()
        .into_iter()
        .map(|start| (start, start + week))
        .collect();
    let mut next = 0;
    c.bench_function("working_between_one_week", |b| {
        b.iter(|| {
            next = (next + 1) % ranges.len();
            let (from, to) = ranges[next];
            schedule.working_between(black_box(from), black_box(to))
        })
    });
}

criterion_group!(benches, add_working_one_week, working_between_one_week);
criterion_main!(benches);
