//! Bad input is refused with the field it came from and a reason a person can act on.

use super::hours;
use crate::schedule::{Interval, LocalTime, TimeZoneName, WeeklyHours};

#[test]
fn local_times_are_two_digit_hours_and_minutes_up_to_twenty_four_hundred() {
    let accepted = [
        ("00:00", 0),
        ("09:30", 570),
        ("23:59", 1439),
        ("24:00", 1440),
    ];
    for (text, minutes) in accepted {
        let time = LocalTime::parse(text).unwrap();
        assert_eq!(time.minutes(), minutes, "{text}");
        assert_eq!(time.to_string(), text);
    }
    let nine_thirty = LocalTime::parse("09:30").unwrap();
    assert_eq!((nine_thirty.hour(), nine_thirty.minute()), (9, 30));
    let refused = [
        "",
        "9:00",
        "09:0",
        "0900",
        "09-00",
        "25:00",
        "12:60",
        "24:01",
        "24:30",
        " 09:00",
        "09:00 ",
        "09:00:00",
        "+9:00",
        "ab:cd",
        "٠٩:٠٠",
    ];
    for text in refused {
        let error = LocalTime::parse(text).unwrap_err();
        assert_eq!(error.field, "", "{text}");
        assert!(error.reason.contains("HH:MM"), "{text}: {}", error.reason);
    }
}

#[test]
fn intervals_start_before_midnight_and_end_after_they_start() {
    assert!(Interval::parse("00:00", "24:00").is_ok());
    let refused = [
        ("24:00", "24:00", "cannot start at 24:00"),
        ("10:00", "10:00", "must end after it starts"),
        ("17:00", "09:00", "must end after it starts"),
        ("9:00", "17:00", "start must be"),
        ("09:00", "25:00", "end must be"),
    ];
    for (start, end, reason) in refused {
        let error = Interval::parse(start, end).unwrap_err();
        assert!(
            error.reason.contains(reason),
            "{start}-{end}: {}",
            error.reason
        );
    }
}

#[test]
fn overlapping_intervals_in_a_day_are_refused_naming_the_later_one() {
    let tuesday = |intervals: Vec<Interval>| {
        let mut week: [Vec<Interval>; 7] = Default::default();
        week[1] = intervals;
        WeeklyHours::new(week)
    };
    let interval = |start, end| Interval::parse(start, end).unwrap();
    let cases = [
        (
            vec![interval("09:00", "12:00"), interval("11:00", "13:00")],
            "working_hours.tue[1]",
        ),
        (
            vec![interval("13:00", "17:00"), interval("09:00", "13:30")],
            "working_hours.tue[0]",
        ),
        (
            vec![interval("09:00", "12:00"), interval("09:00", "12:00")],
            "working_hours.tue[1]",
        ),
        (
            vec![interval("08:00", "18:00"), interval("10:00", "11:00")],
            "working_hours.tue[1]",
        ),
    ];
    for (intervals, field) in cases {
        let error = tuesday(intervals).unwrap_err();
        assert_eq!(error.field, field);
        assert!(error.reason.contains("overlaps"), "{}", error.reason);
    }
    // Touching is fine, and each day comes back sorted.
    let touching = tuesday(vec![interval("12:00", "13:00"), interval("09:00", "12:00")]).unwrap();
    assert_eq!(
        touching.day(jiff::civil::Weekday::Tuesday),
        &[interval("09:00", "12:00"), interval("12:00", "13:00")]
    );
}

#[test]
fn standard_and_none_are_what_they_say() {
    use jiff::civil::Weekday;
    let standard = WeeklyHours::standard();
    assert_eq!(
        standard,
        hours(&[
            (0, &[("09:00", "17:00")]),
            (1, &[("09:00", "17:00")]),
            (2, &[("09:00", "17:00")]),
            (3, &[("09:00", "17:00")]),
            (4, &[("09:00", "17:00")]),
        ])
    );
    assert!(standard.day(Weekday::Saturday).is_empty());
    assert!(!standard.is_empty());
    assert!(WeeklyHours::none().is_empty());
}

#[test]
fn time_zones_are_iana_names_from_the_bundled_database() {
    let accepted = [
        ("UTC", "UTC"),
        ("utc", "UTC"),
        ("America/New_York", "America/New_York"),
        ("america/new_york", "America/New_York"),
        ("Australia/Lord_Howe", "Australia/Lord_Howe"),
        ("Etc/GMT+5", "Etc/GMT+5"),
    ];
    for (name, canonical) in accepted {
        let zone = TimeZoneName::parse(name).unwrap();
        assert_eq!(zone.as_str(), canonical);
        assert_eq!(zone.zone().iana_name(), Some(canonical));
    }
    let refused = [
        "",
        "+05:00",
        "-03:00",
        "UTC+5",
        "Mars/Olympus_Mons",
        "Etc/Unknown",
        " UTC",
    ];
    for name in refused {
        let error = TimeZoneName::parse(name).unwrap_err();
        assert_eq!(error.field, "time_zone", "{name:?}");
    }
}
