//! Telling a requester what became of their ask: answered by a reply, acknowledged, done,
//! declined or re-promised. A promise also moves the obligation's timers to the new due time,
//! so the reminder and the follow-up follow the promise for both sides.

use jiff::Timestamp;
use sundial_store::Conn;
use sundial_store::records::members;
use sundial_store::records::requests::{ObligationRow, RequestRow};
use sundial_store::time::from_millis;

use super::create::{NewNotification, Place, notify};
use super::kind::Kind;
use super::recipients::Recipients;
use super::timers::set_timers;
use crate::{Actor, AppError, AppResult, schedules};

/// Notifies the requester that `actor` did `action` (`replied`, `acknowledged`, `done`,
/// `declined`, `promised`) on their obligation `row`; on a promise, re-sets its timers.
pub(crate) async fn ask_changed(
    c: &mut Conn<'_>,
    recipients: &Recipients,
    actor: &Actor,
    (request, channel_id): (&RequestRow, &str),
    row: &ObligationRow,
    action: &str,
    now: Timestamp,
) -> AppResult<()> {
    let ws = actor.workspace_id.as_str();
    if action == "promised" {
        let member = members::get(c, ws, &row.member_id).await?;
        let schedules = schedules::load(c, ws, std::slice::from_ref(&member), now).await?;
        let schedule = schedules.get(&member.id).ok_or(AppError::NotFound)?;
        let due = from_millis(row.due_at);
        set_timers(c, ws, (&request.id, &row.member_id), schedule, due, now).await?;
    }
    if request.requester_id == row.member_id {
        return Ok(());
    }
    let item = NewNotification {
        member_id: request.requester_id.clone(),
        kind: Kind::AskAnswered,
        message_id: Some(request.message_id.clone()),
        request_id: Some(request.id.clone()),
        actor_id: Some(actor.member_id.to_string()),
        urgent: false,
        detail: serde_json::json!({
            "action": action, "member_id": row.member_id, "status": row.status,
            "due_at": from_millis(row.due_at), "request_kind": request.kind,
        }),
    };
    let place = Place {
        workspace_id: ws,
        thread_id: &request.thread_id,
        channel_id,
    };
    notify(c, recipients, place, vec![item], now, None).await
}
