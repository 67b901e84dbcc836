//! The API form of schedules: `{"mon": [["09:00", "17:00"]], ...}`, validated on the way in.

use serde_json::json;

use super::hours;
use crate::schedule::{Interval, LocalTime, TimeZoneName, WeeklyHours};

#[test]
fn weekly_hours_serialise_all_seven_days_in_the_api_form() {
    let split = hours(&[
        (0, &[("13:00", "17:00"), ("09:00", "12:00")]),
        (6, &[("22:00", "24:00")]),
    ]);
    assert_eq!(
        serde_json::to_value(&split).unwrap(),
        json!({
            "mon": [["09:00", "12:00"], ["13:00", "17:00"]],
            "tue": [], "wed": [], "thu": [], "fri": [], "sat": [],
            "sun": [["22:00", "24:00"]],
        })
    );
    let back: WeeklyHours = serde_json::from_value(serde_json::to_value(&split).unwrap()).unwrap();
    assert_eq!(back, split);
}

#[test]
fn missing_days_have_no_hours_and_bad_input_names_its_field() {
    let friday_only: WeeklyHours =
        serde_json::from_value(json!({"fri": [["09:00", "12:00"]]})).unwrap();
    assert_eq!(friday_only, hours(&[(4, &[("09:00", "12:00")])]));
    let empty: WeeklyHours = serde_json::from_value(json!({})).unwrap();
    assert!(empty.is_empty());

    let refused = [
        (
            json!({"tue": [["09:00", "12:00"], ["9:00", "13:00"]]}),
            "working_hours.tue[1]",
        ),
        (
            json!({"wed": [["09:00", "12:00"], ["11:00", "13:00"]]}),
            "working_hours.wed[1]",
        ),
        (json!({"sun": [["24:00", "24:00"]]}), "working_hours.sun[0]"),
        (json!({"monday": []}), "monday"),
        (json!({"mon": [["09:00"]]}), ""),
        (json!({"mon": [["09:00", "10:00", "11:00"]]}), ""),
    ];
    for (input, mention) in refused {
        let error = serde_json::from_value::<WeeklyHours>(input.clone()).unwrap_err();
        assert!(error.to_string().contains(mention), "{input}: {error}");
    }
}

#[test]
fn local_times_intervals_and_zones_serialise_as_their_text() {
    let time: LocalTime = serde_json::from_value(json!("09:30")).unwrap();
    assert_eq!(serde_json::to_value(time).unwrap(), json!("09:30"));
    assert!(serde_json::from_value::<LocalTime>(json!("9:30")).is_err());

    let interval: Interval = serde_json::from_value(json!(["22:00", "24:00"])).unwrap();
    assert_eq!(
        serde_json::to_value(interval).unwrap(),
        json!(["22:00", "24:00"])
    );
    assert!(serde_json::from_value::<Interval>(json!(["17:00", "09:00"])).is_err());

    let zone: TimeZoneName = serde_json::from_value(json!("europe/london")).unwrap();
    assert_eq!(serde_json::to_value(&zone).unwrap(), json!("Europe/London"));
    assert!(serde_json::from_value::<TimeZoneName>(json!("+05:00")).is_err());
}
