//! Previewing an ask: when each recipient's obligation would be due and when they will see it,
//! as if sent at a given time, without writing anything. The composer shows this before sending.

use jiff::Timestamp;
use serde::Serialize;

use super::ask::{NewRequest, plan};
use sundial_core::delivery::{Importance, deliver_at};
use sundial_core::{StatusMode, Urgency};

use crate::channels::visible_channel;
use crate::{Actor, App, AppResult, delivery};

/// An ask to preview, in a channel, as if sent at `send_at` (default: now).
#[derive(Debug, Clone, Default)]
pub struct PreviewInput {
    pub channel_id: String,
    pub request: NewRequest,
    pub send_at: Option<Timestamp>,
}

/// One recipient's side of a previewed ask.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PreviewItem {
    pub member_id: String,
    pub name: String,
    pub time_zone: String,
    #[schema(value_type = String, format = DateTime)]
    pub due_at: Timestamp,
    /// The due time as the recipient's wall clock shows it: `YYYY-MM-DDTHH:MM`.
    pub local_due_at: String,
    /// Whether the recipient is working at the send time.
    pub working_now: bool,
    /// The recipient's local wall time at the send time.
    pub local_time: String,
    /// The recipient's status mode at the send time: `available`, `focus` or `away`.
    pub status: String,
    /// When the recipient's status ends, if it is focus or away with an end.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub status_until: Option<Timestamp>,
    /// When the recipient will see the ask, by their delivery policy (DESIGN §4); `null` while
    /// an open-ended focus or away holds it.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub will_see_at: Option<Timestamp>,
}

impl App {
    /// For each recipient, the due time and whether they are working, if the ask were sent at
    /// `send_at`. Validates exactly as sending would; writes nothing.
    pub async fn preview_request(
        &self,
        actor: &Actor,
        input: PreviewInput,
    ) -> AppResult<Vec<PreviewItem>> {
        let sent_at = input.send_at.unwrap_or_else(|| self.now());
        let mut reader = self.store().read().await?;
        let mut c = reader.conn();
        let channel = visible_channel(&mut c, actor, &input.channel_id).await?;
        let planned = plan(
            &mut c,
            None,
            actor,
            (&channel, None),
            &input.request,
            sent_at,
        )
        .await?;
        let importance = if planned.urgency == Urgency::Urgent {
            Importance::UrgentAsk
        } else {
            Importance::Normal
        };
        let mut items = Vec::with_capacity(planned.recipients.len());
        for (row, schedule, due) in &planned.recipients {
            let status = delivery::status(row)?;
            let preferences = delivery::preferences(row)?;
            let mode = status.mode_at(sent_at);
            items.push(PreviewItem {
                member_id: row.id.clone(),
                name: row.name.clone(),
                time_zone: row.time_zone.clone(),
                due_at: *due,
                local_due_at: local(schedule, *due),
                working_now: schedule.is_working(sent_at),
                local_time: local(schedule, sent_at),
                status: mode.as_str().to_owned(),
                status_until: status.until().filter(|_| mode != StatusMode::Available),
                will_see_at: deliver_at(schedule, &status, &preferences, importance, sent_at),
            });
        }
        Ok(items)
    }
}

fn local(schedule: &sundial_core::Schedule, t: Timestamp) -> String {
    schedule
        .local_date_time(t)
        .strftime("%Y-%m-%dT%H:%M")
        .to_string()
}
