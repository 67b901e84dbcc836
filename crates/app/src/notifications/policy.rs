//! Applies the core delivery policy to a stored member: when a notification created at `t`
//! reaches them, and what (if anything) held it, for "while you were away".

use jiff::Timestamp;
use sundial_core::delivery::{DeliveryPreferences, Importance, deliver_at};
use sundial_core::{Schedule, Status, StatusMode};
use sundial_store::records::members::MemberRow;

use crate::{AppResult, delivery};

/// When it is delivered (`None`: held by an open-ended status) and what held it.
pub(crate) struct Timing {
    pub(crate) deliver_at: Option<Timestamp>,
    pub(crate) held_by: Option<&'static str>,
}

/// The delivery of a notification for `member` created at `t`.
pub(crate) fn timing(
    member: &MemberRow,
    schedule: &Schedule,
    urgent: bool,
    t: Timestamp,
) -> AppResult<Timing> {
    let status = delivery::status(member)?;
    let preferences = delivery::preferences(member)?;
    Ok(timing_of(&status, &preferences, schedule, urgent, t))
}

/// [`timing`] from a member's status and preferences already read from their row.
pub(crate) fn timing_of(
    status: &Status,
    preferences: &DeliveryPreferences,
    schedule: &Schedule,
    urgent: bool,
    t: Timestamp,
) -> Timing {
    let importance = if urgent {
        Importance::UrgentAsk
    } else {
        Importance::Normal
    };
    let date = schedule.local_date_time(t).date();
    let held_by = match status.mode_at(t) {
        StatusMode::Away => Some("away"),
        StatusMode::Focus => Some("focus"),
        StatusMode::Available
            if schedule.time_off.contains(&date) || schedule.holidays.contains(&date) =>
        {
            Some("time_off")
        }
        StatusMode::Available => None,
    };
    Timing {
        deliver_at: deliver_at(schedule, status, preferences, importance, t),
        held_by,
    }
}

/// Whether a digest holding notifications created from `earliest` and delivered at `at` comes
/// after time off: a day off or holiday lies between them (the delivery day excluded).
pub(crate) fn spans_time_off(schedule: &Schedule, earliest: Timestamp, at: Timestamp) -> bool {
    let mut day = schedule.local_date_time(earliest).date();
    let last = schedule.local_date_time(at).date();
    // A year is far more than any digest holds; the bound only keeps a broken row cheap.
    for _ in 0..400 {
        if day >= last {
            return false;
        }
        if schedule.time_off.contains(&day) || schedule.holidays.contains(&day) {
            return true;
        }
        match day.tomorrow() {
            Ok(next) => day = next,
            Err(_) => return false,
        }
    }
    false
}
