//! Reading the dates that shape schedules: the workspace's holidays and the caller's own
//! upcoming time off. Changing them is `members`' job (`set_holidays`, `add_time_off`).

use jiff::ToSpan;
use serde::Serialize;
use sundial_store::records::{members, workspaces};

use crate::{Actor, App, AppResult};

/// A range of the caller's time off, inclusive local dates.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TimeOffView {
    pub start_date: String,
    pub end_date: String,
    pub note: String,
}

impl App {
    /// The workspace's holidays, as `YYYY-MM-DD`, earliest first.
    pub async fn holidays(&self, actor: &Actor) -> AppResult<Vec<String>> {
        let mut reader = self.store().read().await?;
        let mut dates =
            workspaces::holidays(&mut reader.conn(), actor.workspace_id.as_str()).await?;
        dates.sort();
        Ok(dates)
    }

    /// The caller's time off that has not ended yet (a day of margin for the zones ahead of
    /// UTC), earliest first.
    pub async fn my_time_off(&self, actor: &Actor) -> AppResult<Vec<TimeOffView>> {
        let from = self
            .now()
            .to_zoned(jiff::tz::TimeZone::UTC)
            .date()
            .checked_sub(1.day())
            .map_or_else(|_| "0000-01-01".to_owned(), |d| d.to_string());
        let mut reader = self.store().read().await?;
        let ids = [actor.member_id.to_string()];
        let mut ranges: Vec<TimeOffView> = members::time_off(&mut reader.conn(), &ids, &from)
            .await?
            .into_iter()
            .map(|r| TimeOffView {
                start_date: r.start_date,
                end_date: r.end_date,
                note: r.note,
            })
            .collect();
        ranges.sort_by(|a, b| a.start_date.cmp(&b.start_date));
        Ok(ranges)
    }
}
