//! How times read on a page: instants in a given zone ("Wed 25 Nov, 14:30"), and working time
//! left or overdue in words ("in 3 working hours", "overdue by 1 working day"). The numbers
//! come from the app (`AskItem::working_minutes_left`, computed on the recipient's calendar);
//! this module only words them.

use jiff::Timestamp;
use jiff::tz::TimeZone;

/// How many working minutes make a "working day" in words: the usual day of the standard
/// week. A member's own day may be shorter or longer; the exact instant is always shown beside.
const WORKING_DAY_MINUTES: i64 = 8 * 60;

/// `t` on the wall clock of `zone`, e.g. `Wed 25 Nov, 14:30`. An unknown zone reads as UTC.
pub(crate) fn local(t: Timestamp, zone: &str) -> String {
    let tz = TimeZone::get(zone).unwrap_or(TimeZone::UTC);
    t.to_zoned(tz).strftime("%a %-d %b, %H:%M").to_string()
}

/// `t` as a machine-readable `datetime` attribute (RFC 3339, UTC).
pub(crate) fn iso(t: Timestamp) -> String {
    t.to_string()
}

/// The short name of a zone for people: `Asia/Tokyo` → `Tokyo`.
pub(crate) fn place(zone: &str) -> String {
    zone.rsplit('/').next().unwrap_or(zone).replace('_', " ")
}

/// Working time until a due time in words; negative minutes are overdue. An ask can be
/// overdue with no working time passed yet (an urgent one due at night), and due with no
/// working time left before it (due before the recipient's day starts).
pub(crate) fn working_left(minutes: i64, overdue: bool) -> String {
    match (overdue, minutes) {
        (true, m) if m < 0 => format!("overdue by {}", amount(-m)),
        (true, _) => "overdue".to_owned(),
        (false, m) if m > 0 => format!("in {}", amount(m)),
        (false, _) => "due before working hours resume".to_owned(),
    }
}

fn amount(minutes: i64) -> String {
    let (n, unit) = if minutes < 60 {
        (minutes, "working minute")
    } else if minutes < WORKING_DAY_MINUTES {
        ((minutes + 30) / 60, "working hour")
    } else {
        (
            (minutes + WORKING_DAY_MINUTES / 2) / WORKING_DAY_MINUTES,
            "working day",
        )
    };
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn working_time_reads_in_the_largest_sensible_unit() {
        let cases = [
            (1, false, "in 1 working minute"),
            (45, false, "in 45 working minutes"),
            (60, false, "in 1 working hour"),
            (180, false, "in 3 working hours"),
            (7 * 60, false, "in 7 working hours"),
            (16 * 60, false, "in 2 working days"),
            (0, false, "due before working hours resume"),
            (0, true, "overdue"),
            (-8 * 60, true, "overdue by 1 working day"),
            (-30 * 60, true, "overdue by 4 working days"),
            (-5, true, "overdue by 5 working minutes"),
        ];
        for (minutes, overdue, words) in cases {
            assert_eq!(working_left(minutes, overdue), words, "{minutes} minutes");
        }
    }

    #[test]
    fn instants_show_on_the_wall_clock_of_the_zone() {
        let t: Timestamp = "2026-11-25T05:30:00Z".parse().expect("a timestamp");
        assert_eq!(local(t, "Asia/Tokyo"), "Wed 25 Nov, 14:30");
        assert_eq!(local(t, "America/New_York"), "Wed 25 Nov, 00:30");
        assert_eq!(local(t, "Not/AZone"), "Wed 25 Nov, 05:30");
        assert_eq!(place("America/New_York"), "New York");
    }
}
