//! Focus in one click: a `focus` status that ends after a fixed time or when the member's next
//! working day starts. The end is worked out here, on the member's own calendar, so every
//! client offers the same presets.

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use sundial_core::Schedule;
use sundial_store::records::members;

use super::members::{MemberPatch, StatusInput};
use crate::schedules;
use crate::views::MemberView;
use crate::{Actor, App, AppError, AppResult};

/// How long a one-click focus lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FocusLength {
    /// Two hours from now.
    TwoHours,
    /// Until the member's working time starts on a later day than today (tomorrow morning,
    /// or Monday after a Friday).
    UntilTomorrow,
}

impl FocusLength {
    /// The preset named `text` (`two_hours`, `until_tomorrow`).
    pub fn parse(text: &str) -> AppResult<Self> {
        match text {
            "two_hours" => Ok(Self::TwoHours),
            "until_tomorrow" => Ok(Self::UntilTomorrow),
            _ => Err(AppError::invalid(
                "focus",
                "must be two_hours or until_tomorrow",
            )),
        }
    }
}

impl App {
    /// Sets the caller's status to focus for `length`, keeping any status text.
    pub async fn focus(&self, actor: &Actor, length: FocusLength) -> AppResult<MemberView> {
        let now = self.now();
        let schedule = {
            let mut reader = self.store().read().await?;
            let mut c = reader.conn();
            let row = members::get(
                &mut c,
                actor.workspace_id.as_str(),
                actor.member_id.as_str(),
            )
            .await?;
            let ws = actor.workspace_id.as_str();
            let mut all = schedules::load(&mut c, ws, std::slice::from_ref(&row), now).await?;
            all.remove(&row.id).ok_or(AppError::NotFound)?
        };
        let until = match length {
            FocusLength::TwoHours => now + SignedDuration::from_hours(2),
            FocusLength::UntilTomorrow => next_day_working_start(&schedule, now)?,
        };
        let patch = MemberPatch {
            status: Some(StatusInput {
                mode: "focus".to_owned(),
                text: Some("Focusing".to_owned()),
                emoji: None,
                until: Some(until),
            }),
            ..MemberPatch::default()
        };
        self.update_me(actor, patch).await
    }
}

/// The first working instant from the member's next local midnight on.
fn next_day_working_start(schedule: &Schedule, now: Timestamp) -> AppResult<Timestamp> {
    let tomorrow: Date = schedule
        .local_date_time(now)
        .date()
        .tomorrow()
        .map_err(|_| AppError::invalid("focus", "tomorrow is out of range"))?;
    let midnight = schedule
        .instant_at(tomorrow, sundial_core::LocalTime::MIDNIGHT)
        .ok_or_else(|| AppError::invalid("focus", "tomorrow is out of range"))?;
    Ok(schedule.next_working_start(midnight))
}
