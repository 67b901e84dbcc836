//! Where a team's working time overlaps: for consecutive slots of a stretch of time, how many
//! of the given schedules work through the whole slot. The team clock draws its strip from
//! this; it lives here, beside the clock it reads, so the page only colours the numbers.

use jiff::{SignedDuration, Timestamp};

use super::Schedule;

/// One slot of an overlap strip: `[start, end)` and how many schedules work all of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OverlapSlot {
    pub start: Timestamp,
    pub end: Timestamp,
    /// How many of the schedules are working for the whole slot.
    pub working: usize,
}

/// Cuts `[start, end)` into slots of `slot` (the last one shorter if it does not divide) and
/// counts, for each, the schedules working for all of it. A partly worked slot does not count:
/// "we overlap at 09:00" should mean everyone is there for the whole half hour, not one minute.
/// An empty or inverted range, or a non-positive slot, gives no slots.
pub fn overlap(
    schedules: &[&Schedule],
    start: Timestamp,
    end: Timestamp,
    slot: SignedDuration,
) -> Vec<OverlapSlot> {
    let mut slots = Vec::new();
    if slot <= SignedDuration::ZERO {
        return slots;
    }
    let mut from = start;
    while from < end {
        let to = from.checked_add(slot).map_or(end, |t| t.min(end));
        let length = to.duration_since(from);
        let working = schedules
            .iter()
            // `is_working` first: `working_between` counts wall time for a member with no
            // working time in 400 days (the clock's fallback), who is not actually at work.
            .filter(|s| s.is_working(from) && s.working_between(from, to) == length)
            .count();
        slots.push(OverlapSlot {
            start: from,
            end: to,
            working,
        });
        from = to;
    }
    slots
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::{Interval, TimeZoneName, WeeklyHours};

    fn schedule(zone: &str, start: &str, end: &str) -> Schedule {
        let day = vec![Interval::parse(start, end).unwrap()];
        let hours = WeeklyHours::new(std::array::from_fn(|i| {
            if i < 5 { day.clone() } else { Vec::new() }
        }))
        .unwrap();
        Schedule::new(TimeZoneName::parse(zone).unwrap(), hours)
    }

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    fn counts(slots: &[OverlapSlot]) -> Vec<usize> {
        slots.iter().map(|s| s.working).collect()
    }

    #[test]
    fn london_and_new_york_overlap_for_the_afternoon_in_london() {
        // Monday 9 Nov 2026: London is UTC+0, New York UTC-5.
        let london = schedule("Europe/London", "09:00", "17:00");
        let new_york = schedule("America/New_York", "09:00", "17:00");
        let slots = overlap(
            &[&london, &new_york],
            at("2026-11-09T12:00:00Z"),
            at("2026-11-09T18:00:00Z"),
            SignedDuration::from_hours(1),
        );
        // 12-13, 13-14: London only; 14-15, 15-16, 16-17: both; 17-18: New York only.
        assert_eq!(counts(&slots), [1, 1, 2, 2, 2, 1]);
        assert_eq!(slots[2].start, at("2026-11-09T14:00:00Z"));
        assert_eq!(slots[2].end, at("2026-11-09T15:00:00Z"));
    }

    #[test]
    fn a_slot_worked_only_in_part_does_not_count() {
        let late = schedule("UTC", "09:30", "17:00");
        let slots = overlap(
            &[&late],
            at("2026-11-09T09:00:00Z"),
            at("2026-11-09T10:30:00Z"),
            SignedDuration::from_hours(1),
        );
        // 09:00-10:00 is half worked; the last slot, 10:00-10:30, is cut short and fully worked.
        assert_eq!(counts(&slots), [0, 1]);
        assert_eq!(slots[1].end, at("2026-11-09T10:30:00Z"));
    }

    #[test]
    fn time_off_and_weekends_count_nobody() {
        let ana = schedule("UTC", "09:00", "17:00").with_time_off(["2026-11-10".parse().unwrap()]);
        let noon = SignedDuration::from_hours(1);
        let tuesday = overlap(
            &[&ana],
            at("2026-11-10T12:00:00Z"),
            at("2026-11-10T13:00:00Z"),
            noon,
        );
        let saturday = overlap(
            &[&ana],
            at("2026-11-14T12:00:00Z"),
            at("2026-11-14T13:00:00Z"),
            noon,
        );
        assert_eq!(counts(&tuesday), [0]);
        assert_eq!(counts(&saturday), [0]);
    }

    #[test]
    fn a_week_totals_its_intervals_and_no_fixed_hours_has_no_total() {
        assert_eq!(WeeklyHours::standard().weekly_minutes(), Some(40 * 60));
        assert_eq!(
            schedule("UTC", "09:30", "17:00").hours.weekly_minutes(),
            Some(5 * 450)
        );
        assert_eq!(WeeklyHours::none().weekly_minutes(), None);
    }

    #[test]
    fn empty_ranges_and_bad_slots_give_no_slots() {
        let ana = schedule("UTC", "09:00", "17:00");
        let t = at("2026-11-09T12:00:00Z");
        assert!(overlap(&[&ana], t, t, SignedDuration::from_hours(1)).is_empty());
        assert!(overlap(&[&ana], t, at("2026-11-09T13:00:00Z"), SignedDuration::ZERO).is_empty());
    }
}
