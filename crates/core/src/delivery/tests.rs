//! Table tests of the delivery policy, to the minute, in the member's own zone.

use jiff::Timestamp;
use jiff::civil::Date;

use super::*;
use crate::schedule::{TimeZoneName, WeeklyHours};
use crate::validate::{Status, StatusMode};

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn tokyo() -> Schedule {
    Schedule::new(
        TimeZoneName::parse("Asia/Tokyo").unwrap(),
        WeeklyHours::standard(),
    )
}

fn status(mode: StatusMode, until: Option<&str>) -> Status {
    Status::new(mode, None, None, until.map(at)).unwrap()
}

fn available() -> Status {
    Status::default()
}

/// A row: what it shows, the status, preferences, importance, created at, expected delivery.
type Case<'a> = (
    &'a str,
    Status,
    &'a DeliveryPreferences,
    Importance,
    &'a str,
    Option<&'a str>,
);

#[test]
fn the_policy_matches_design_section_4_to_the_minute() {
    use Importance::{Normal, UrgentAsk};
    let batched = DeliveryPreferences::default();
    let immediate = DeliveryPreferences::new(DeliveryMode::Immediate, vec![], false).unwrap();
    let mut off_hours = DeliveryPreferences::default();
    off_hours.urgent_off_hours = true;
    let no_checks = DeliveryPreferences::new(DeliveryMode::Batched, vec![], false).unwrap();
    // Tokyo is UTC+9 all year; Monday 2026-03-09 14:00Z is 23:00 there.
    let cases: Vec<Case> = vec![
        (
            "batched, at night: tomorrow's first check",
            available(),
            &batched,
            Normal,
            "2026-03-09T14:00:00Z",
            Some("2026-03-10T00:30:00Z"),
        ),
        (
            "batched, mid-morning: the 13:00 check",
            available(),
            &batched,
            Normal,
            "2026-03-10T01:00:00Z",
            Some("2026-03-10T04:00:00Z"),
        ),
        (
            "batched, exactly at a check time",
            available(),
            &batched,
            Normal,
            "2026-03-10T04:00:00Z",
            Some("2026-03-10T04:00:00Z"),
        ),
        (
            "batched, Friday evening: Monday 09:30",
            available(),
            &batched,
            Normal,
            "2026-03-13T08:00:00Z",
            Some("2026-03-16T00:30:00Z"),
        ),
        (
            "batched, in focus until 14:00: the 16:30 check",
            status(StatusMode::Focus, Some("2026-03-10T05:00:00Z")),
            &batched,
            Normal,
            "2026-03-10T01:00:00Z",
            Some("2026-03-10T07:30:00Z"),
        ),
        (
            "batched, open-ended focus holds",
            status(StatusMode::Focus, None),
            &batched,
            Normal,
            "2026-03-10T01:00:00Z",
            None,
        ),
        (
            "batched, an expired focus holds nothing",
            status(StatusMode::Focus, Some("2026-03-10T00:00:00Z")),
            &batched,
            Normal,
            "2026-03-10T01:00:00Z",
            Some("2026-03-10T04:00:00Z"),
        ),
        (
            "no check times: treated as immediate",
            available(),
            &no_checks,
            Normal,
            "2026-03-09T14:00:00Z",
            Some("2026-03-10T00:00:00Z"),
        ),
        (
            "immediate, at night: next working start",
            available(),
            &immediate,
            Normal,
            "2026-03-09T14:00:00Z",
            Some("2026-03-10T00:00:00Z"),
        ),
        (
            "immediate, working: now",
            available(),
            &immediate,
            Normal,
            "2026-03-10T01:00:00Z",
            Some("2026-03-10T01:00:00Z"),
        ),
        (
            "immediate, away until Wednesday noon",
            status(StatusMode::Away, Some("2026-03-11T03:00:00Z")),
            &immediate,
            Normal,
            "2026-03-10T01:00:00Z",
            Some("2026-03-11T03:00:00Z"),
        ),
        (
            "urgent breaks through open-ended focus while working",
            status(StatusMode::Focus, None),
            &batched,
            UrgentAsk,
            "2026-03-10T01:00:00Z",
            Some("2026-03-10T01:00:00Z"),
        ),
        (
            "urgent at night waits for the working day",
            available(),
            &batched,
            UrgentAsk,
            "2026-03-09T14:00:00Z",
            Some("2026-03-10T00:00:00Z"),
        ),
        (
            "urgent at night, opted in: now",
            available(),
            &off_hours,
            UrgentAsk,
            "2026-03-09T14:00:00Z",
            Some("2026-03-09T14:00:00Z"),
        ),
        (
            "urgent while away, opted in: after away, when working",
            status(StatusMode::Away, Some("2026-03-10T12:00:00Z")),
            &off_hours,
            UrgentAsk,
            "2026-03-09T14:00:00Z",
            Some("2026-03-11T00:00:00Z"),
        ),
        (
            "urgent, open-ended away holds",
            status(StatusMode::Away, None),
            &off_hours,
            UrgentAsk,
            "2026-03-09T14:00:00Z",
            None,
        ),
    ];
    for (name, status, preferences, importance, t, expected) in cases {
        let got = deliver_at(&tokyo(), &status, preferences, importance, at(t));
        assert_eq!(got, expected.map(at), "{name}");
    }
}

#[test]
fn check_times_skip_holidays_time_off_and_weekends() {
    let date = |d: &str| d.parse::<Date>().unwrap();
    let preferences = DeliveryPreferences::default();
    let holiday = tokyo().with_holidays([date("2026-03-10")]);
    assert_eq!(
        next_check_time(&holiday, &preferences, at("2026-03-09T14:00:00Z")),
        at("2026-03-11T00:30:00Z")
    );
    let off = tokyo().with_time_off([date("2026-03-10"), date("2026-03-11")]);
    assert_eq!(
        next_check_time(&off, &preferences, at("2026-03-09T14:00:00Z")),
        at("2026-03-12T00:30:00Z")
    );
    // Saturday morning in Tokyo: Monday.
    assert_eq!(
        next_check_time(&tokyo(), &preferences, at("2026-03-14T01:00:00Z")),
        at("2026-03-16T00:30:00Z")
    );
}

#[test]
fn check_times_are_local_wall_times_across_a_dst_change() {
    let new_york = Schedule::new(
        TimeZoneName::parse("America/New_York").unwrap(),
        WeeklyHours::standard(),
    );
    let preferences = DeliveryPreferences::default();
    // Friday 2026-03-06 16:30 EST = 21:30Z; Monday 2026-03-09 09:30 EDT = 13:30Z.
    assert_eq!(
        next_check_time(&new_york, &preferences, at("2026-03-06T21:00:00Z")),
        at("2026-03-06T21:30:00Z")
    );
    assert_eq!(
        next_check_time(&new_york, &preferences, at("2026-03-06T22:00:00Z")),
        at("2026-03-09T13:30:00Z")
    );
}

#[test]
fn a_schedule_with_no_working_day_for_400_days_falls_back_to_now() {
    let start = "2026-03-09".parse::<Date>().unwrap();
    let all_off = tokyo()
        .with_time_off((0..401).filter_map(|i| start.checked_add(jiff::Span::new().days(i)).ok()));
    let t = at("2026-03-09T03:00:00Z");
    assert_eq!(
        next_check_time(&all_off, &DeliveryPreferences::default(), t),
        t
    );
}

#[test]
fn preferences_are_validated_and_sorted() {
    let times =
        DeliveryPreferences::parse_check_times(&["16:30".into(), "09:30".into(), "09:30".into()])
            .unwrap();
    let preferences = DeliveryPreferences::new(DeliveryMode::Batched, times, false).unwrap();
    let shown: Vec<String> = preferences
        .check_times()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(shown, ["09:30", "16:30"]);
    let bad = DeliveryPreferences::parse_check_times(&["09:30".into(), "9:5".into()]).unwrap_err();
    assert_eq!(bad.field, "check_times[1]");
    let midnight = DeliveryPreferences::parse_check_times(&["24:00".into()]).unwrap();
    assert_eq!(
        DeliveryPreferences::new(DeliveryMode::Batched, midnight, false)
            .unwrap_err()
            .field,
        "check_times"
    );
    assert_eq!(
        DeliveryMode::parse("sometimes").unwrap_err().field,
        "delivery_mode"
    );
}
