//! The due time of a request for one recipient.

use jiff::Timestamp;

use super::{ClockKind, Norm};
use crate::schedule::Schedule;

/// When a request sent at `sent_at` is due for a recipient with `schedule`.
///
/// An explicit due time wins (the use case checks it is after `sent_at`). Otherwise a working
/// norm counts its minutes on the recipient's working hours (`Schedule::add_working`, which
/// falls back to wall time for a schedule with no working time in 400 days), and a wall norm
/// simply adds them. Computed once, when the request is made, and stored.
pub fn due_at(
    norm: &Norm,
    recipient: &Schedule,
    sent_at: Timestamp,
    explicit_due_at: Option<Timestamp>,
) -> Timestamp {
    if let Some(explicit) = explicit_due_at {
        return explicit;
    }
    match norm.clock() {
        ClockKind::Working => recipient.add_working(sent_at, norm.duration()),
        // Near the end of representable time, the end of time is as good a due time as any.
        ClockKind::Wall => sent_at
            .checked_add(norm.duration())
            .unwrap_or(Timestamp::MAX),
    }
}

#[cfg(test)]
mod tests {
    use jiff::SignedDuration;

    use super::*;
    use crate::norms::{Norms, Urgency};
    use crate::schedule::{TimeZoneName, WeeklyHours};

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    /// Mon–Fri 09:00–17:00 in São Paulo (UTC−3 all year, no DST since 2019).
    fn ana() -> Schedule {
        Schedule::new(
            TimeZoneName::parse("America/Sao_Paulo").unwrap(),
            WeeklyHours::standard(),
        )
    }

    #[test]
    fn due_times_follow_the_norm_on_the_recipients_clock() {
        let norms = Norms::workspace_defaults();
        // (urgency, sent at, due at). 2026-03-13 is a Friday; 12:00Z is 09:00 in São Paulo.
        let table = [
            // One working day: Friday 09:00 local → Friday 17:00 local.
            (
                Urgency::Normal,
                "2026-03-13T12:00:00Z",
                "2026-03-13T20:00:00Z",
            ),
            // Four working hours from Friday 16:00 local: one hour Friday, three on Monday.
            (
                Urgency::High,
                "2026-03-13T19:00:00Z",
                "2026-03-16T15:00:00Z",
            ),
            // Three working days from Saturday: Monday to Wednesday 17:00 local.
            (Urgency::Low, "2026-03-14T15:00:00Z", "2026-03-18T20:00:00Z"),
            // Urgent runs on the wall clock, even at 03:00 on a Sunday.
            (
                Urgency::Urgent,
                "2026-03-15T06:00:00Z",
                "2026-03-15T07:00:00Z",
            ),
        ];
        for (urgency, sent, due) in table {
            let norm = norms.get(urgency);
            assert_eq!(
                due_at(&norm, &ana(), at(sent), None),
                at(due),
                "{urgency} {sent}"
            );
        }
    }

    #[test]
    fn an_hour_asked_on_friday_at_four_is_due_at_five_not_monday() {
        let norm = Norm::new(60, ClockKind::Working).unwrap();
        let due = due_at(&norm, &ana(), at("2026-03-13T19:00:00Z"), None);
        assert_eq!(due, at("2026-03-13T20:00:00Z"));
    }

    #[test]
    fn an_explicit_due_time_wins_over_the_norm() {
        let explicit = at("2026-04-01T12:00:00Z");
        for urgency in Urgency::ALL {
            let norm = Norms::workspace_defaults().get(urgency);
            let sent = at("2026-03-13T12:00:00Z");
            assert_eq!(due_at(&norm, &ana(), sent, Some(explicit)), explicit);
        }
    }

    #[test]
    fn a_wall_norm_near_the_end_of_time_does_not_panic() {
        let norm = Norm::new(60, ClockKind::Wall).unwrap();
        let late = Timestamp::MAX - SignedDuration::from_mins(1);
        assert_eq!(due_at(&norm, &ana(), late, None), Timestamp::MAX);
    }
}
