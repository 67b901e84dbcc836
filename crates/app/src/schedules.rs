//! Builds members' [`Schedule`]s from storage: zone, weekly hours, time off and the workspace's
//! holidays. Every due time and "working now" answer goes through here.

use std::collections::HashMap;

use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use sundial_core::{Schedule, TimeZoneName, WeeklyHours};
use sundial_store::Conn;
use sundial_store::records::members;
use sundial_store::records::members::MemberRow;

use crate::error::{AppError, AppResult};

/// The schedules of these members, by member id, as needed for instants from `now` on.
pub(crate) async fn load(
    c: &mut Conn<'_>,
    workspace_id: &str,
    rows: &[MemberRow],
    now: Timestamp,
) -> AppResult<HashMap<String, Schedule>> {
    let from = first_day(now);
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let days_off = members::days_off(c, workspace_id, &ids, &from).await?;
    let holidays = parse_dates(&days_off.holidays)?;
    let time_off = days_off.time_off;
    let mut schedules = HashMap::with_capacity(rows.len());
    for row in rows {
        let mut dates = Vec::new();
        for range in time_off.iter().filter(|t| t.member_id == row.id) {
            dates.extend(expand(&range.start_date, &range.end_date)?);
        }
        let schedule = from_row(row)?
            .with_time_off(dates)
            .with_holidays(holidays.iter().copied());
        schedules.insert(row.id.clone(), schedule);
    }
    Ok(schedules)
}

/// The first day whose time off and holidays [`load`] reads at `now`: two days back in UTC, a
/// day of margin beyond "today" in the earliest zone on Earth, which is still yesterday in UTC.
pub(crate) fn first_day(now: Timestamp) -> String {
    now.to_zoned(jiff::tz::TimeZone::UTC)
        .date()
        .checked_sub(2.days())
        .unwrap_or(Date::MIN)
        .to_string()
}

/// A member's zone and weekly hours, without time off or holidays.
pub(crate) fn from_row(row: &MemberRow) -> AppResult<Schedule> {
    let zone = TimeZoneName::parse(&row.time_zone).map_err(stored_value_broken)?;
    let hours: WeeklyHours = serde_json::from_str(&row.working_hours).map_err(|_| {
        AppError::Store(sundial_store::StoreError::Config(format!(
            "member {} has unreadable working hours",
            row.id
        )))
    })?;
    Ok(Schedule::new(zone, hours))
}

fn parse_dates(texts: &[String]) -> AppResult<Vec<Date>> {
    texts
        .iter()
        .map(|t| {
            t.parse::<Date>()
                .map_err(|_| AppError::invalid("date", "not a date"))
        })
        .collect()
}

/// The dates of an inclusive range.
fn expand(start: &str, end: &str) -> AppResult<Vec<Date>> {
    let mut dates = Vec::new();
    let parse = |t: &str| {
        t.parse::<Date>()
            .map_err(|_| AppError::invalid("date", "not a date"))
    };
    let (mut day, end) = (parse(start)?, parse(end)?);
    while day <= end {
        dates.push(day);
        match day.tomorrow() {
            Ok(next) => day = next,
            Err(_) => break,
        }
    }
    Ok(dates)
}

fn stored_value_broken(error: sundial_core::ValidationError) -> AppError {
    AppError::Store(sundial_store::StoreError::Config(format!(
        "a stored value no longer validates: {error}"
    )))
}
