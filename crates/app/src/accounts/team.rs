//! The team clock: everyone with their clock (from [`App::members`]) and, for the viewer's
//! local today, where the team's working hours overlap (`sundial_core::overlap`).

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use sundial_core::{OverlapSlot, overlap};
use sundial_store::records::members;

use crate::schedules;
use crate::views::MemberView;
use crate::{Actor, App, AppError, AppResult};

/// How finely the overlap strip cuts the day: half hours, since people start at 09:30.
const SLOT: SignedDuration = SignedDuration::from_mins(30);

/// Everyone's clock and today's overlap, in the viewer's day.
#[derive(Debug, Clone)]
pub struct TeamClock {
    /// Everyone in the workspace, by name.
    pub members: Vec<MemberView>,
    /// The viewer's local midnight today and tomorrow: the strip's ends.
    pub day_start: Timestamp,
    pub day_end: Timestamp,
    /// Half-hour slots of the viewer's today, with how many members work all of each.
    pub overlap: Vec<OverlapSlot>,
}

impl App {
    /// Everyone's clock and where the team's working hours overlap during the caller's today.
    pub async fn team_clock(&self, actor: &Actor) -> AppResult<TeamClock> {
        let now = self.now();
        let mut reader = self.store().read().await?;
        let mut c = reader.conn();
        let rows = members::list(&mut c, actor.workspace_id.as_str()).await?;
        let schedules = schedules::load(&mut c, actor.workspace_id.as_str(), &rows, now).await?;
        let mine = schedules
            .get(actor.member_id.as_str())
            .ok_or(AppError::NotFound)?;
        let (day_start, day_end) = local_day(now, mine.zone.zone())?;
        let everyone: Vec<_> = rows.iter().filter_map(|r| schedules.get(&r.id)).collect();
        Ok(TeamClock {
            members: rows
                .iter()
                .filter_map(|r| schedules.get(&r.id).map(|s| MemberView::new(r, s, now)))
                .collect(),
            day_start,
            day_end,
            overlap: overlap(&everyone, day_start, day_end, SLOT),
        })
    }
}

/// The start of `now`'s local day in `zone` and of the next (23 or 25 hours apart on DST days).
fn local_day(now: Timestamp, zone: &TimeZone) -> AppResult<(Timestamp, Timestamp)> {
    let out_of_range = |_| AppError::invalid("time_zone", "today is out of range in this zone");
    let today = now
        .to_zoned(zone.clone())
        .start_of_day()
        .map_err(out_of_range)?;
    let tomorrow = today.tomorrow().map_err(out_of_range)?;
    Ok((today.timestamp(), tomorrow.timestamp()))
}
