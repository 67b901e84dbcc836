//! Keeping held notifications honest when their inputs change: a focus ended early, an away
//! status cleared, check times or hours edited, time off or holidays added. Each member's held
//! notifications get their `deliver_at` computed again, as of now, in the same transaction as
//! the change, and a delivery job is set for each new instant. Jobs for instants no longer
//! used find nothing to deliver and finish.

use jiff::Timestamp;
use sundial_store::Conn;
use sundial_store::records::{members, notifications};
use sundial_store::time::{from_millis, to_millis};

use super::create::schedule_delivery;
use super::policy::timing;
use crate::{AppError, AppResult, schedules};

/// Recomputes the held notifications of these members of a workspace.
pub(crate) async fn reschedule_held(
    c: &mut Conn<'_>,
    workspace_id: &str,
    member_ids: &[String],
    now: Timestamp,
) -> AppResult<()> {
    for member_id in member_ids {
        let held = notifications::pending(c, member_id).await?;
        if held.is_empty() {
            continue;
        }
        let member = members::get(c, workspace_id, member_id).await?;
        let schedules =
            schedules::load(c, workspace_id, std::slice::from_ref(&member), now).await?;
        let schedule = schedules.get(member_id).ok_or(AppError::NotFound)?;
        for n in held {
            // Never earlier than now: a check time that passed while the status held the
            // notification is gone, and the policy answers "from now on".
            let t = from_millis(n.created_at).max(now);
            let deliver_at = timing(&member, schedule, n.urgent, t)?.deliver_at;
            let stored = deliver_at.map(to_millis);
            if stored == n.deliver_at {
                continue;
            }
            notifications::set_deliver_at(c, &n.id, stored).await?;
            if let Some(at) = deliver_at {
                schedule_delivery(c, member_id, at, now).await?;
            }
        }
    }
    Ok(())
}
