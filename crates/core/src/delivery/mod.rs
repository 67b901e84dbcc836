//! The delivery policy of DESIGN.md §4: when a member should see a notification, from their
//! schedule, status and preferences, all in their own time zone. Pure: the caller stores the
//! answer and delivers then; nothing here knows about storage or email.

mod coming_due;
mod preferences;
#[cfg(test)]
mod tests;

use jiff::Timestamp;

pub use coming_due::{COMING_DUE_LEAD, coming_due_at};
pub use preferences::{DeliveryMode, DeliveryPreferences};

use crate::schedule::Schedule;
use crate::validate::{Status, StatusMode};

/// How far ahead a check time is looked for before giving up on the calendar: the same
/// horizon as the working-time clock's wall-clock fallback.
const SEARCH_DAYS: i32 = 400;

/// What is being delivered, as far as the policy cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Importance {
    /// An ask with urgency `urgent`: may break through focus.
    UrgentAsk,
    /// Everything else.
    Normal,
}

/// When a notification created at `t` is delivered to a member, or `None` while an open-ended
/// focus or away status holds it (until the status is cleared, when it is computed again).
///
/// Let `free` be the later of `t` and the end of the member's current focus or away status.
/// - Urgent asks: unless away, the first working instant at or after `t` (so `t` itself when
///   working, even in focus), or `t` for members who opted into urgent asks off hours. Away
///   holds them too: the first working instant at or after `free`.
/// - Everything else, batched: the first check time at or after `free` on a working day
///   (members without check times are treated as immediate).
/// - Everything else, immediate: the first working instant at or after `free`.
pub fn deliver_at(
    schedule: &Schedule,
    status: &Status,
    preferences: &DeliveryPreferences,
    importance: Importance,
    t: Timestamp,
) -> Option<Timestamp> {
    let mode = status.mode_at(t);
    // The end of a holding status; `None` inside means open-ended.
    let free = match mode {
        StatusMode::Available => Some(t),
        StatusMode::Focus | StatusMode::Away => status.until().map(|until| until.max(t)),
    };
    match importance {
        Importance::UrgentAsk if mode != StatusMode::Away => {
            Some(if preferences.urgent_off_hours {
                t
            } else {
                schedule.next_working_start(t)
            })
        }
        Importance::UrgentAsk => free.map(|free| schedule.next_working_start(free)),
        Importance::Normal => {
            let free = free?;
            match preferences.mode {
                DeliveryMode::Batched if !preferences.check_times().is_empty() => {
                    Some(next_check_time(schedule, preferences, free))
                }
                _ => Some(schedule.next_working_start(free)),
            }
        }
    }
}

/// The first of the member's check times at or after `from` whose local date is a working day.
/// With no such time within 400 days (a schedule that is all time off), `from` itself.
pub fn next_check_time(
    schedule: &Schedule,
    preferences: &DeliveryPreferences,
    from: Timestamp,
) -> Timestamp {
    let mut date = schedule.local_date_time(from).date();
    for _ in 0..SEARCH_DAYS {
        if schedule.is_working_day(date) {
            let due = preferences
                .check_times()
                .iter()
                .filter_map(|time| schedule.instant_at(date, *time))
                .find(|instant| *instant >= from);
            if let Some(due) = due {
                return due;
            }
        }
        match date.tomorrow() {
            Ok(next) => date = next,
            Err(_) => break,
        }
    }
    from
}
