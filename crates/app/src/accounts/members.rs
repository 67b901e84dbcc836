//! Members: adding them, their profile, weekly hours, status and time off, the member list with
//! everyone's clock, and workspace holidays.

use jiff::Timestamp;
use jiff::civil::Date;
use sundial_core::delivery::{DeliveryMode, DeliveryPreferences};
use sundial_core::{
    Email, Emoji, Handle, LocalTime, MemberId, Password, PersonName, Role, Status, StatusMode,
    TimeZoneName, WeeklyHours, WorkspaceId,
};
use sundial_store::Conn;
use sundial_store::records::members::{self, MemberRow, TimeOffRow};
use sundial_store::records::workspaces;
use sundial_store::time::to_millis;

use crate::events::{Audience, record};
use crate::notifications::reschedule_held;
use crate::schedules;
use crate::views::MemberView;
use crate::{Actor, App, AppError, AppResult};

/// A member to add. `handle` defaults to one made from the email; `working_hours` to
/// Monday–Friday 09:00–17:00; `role` to `member`.
#[derive(Debug, Clone, Default)]
pub struct NewMember {
    pub email: String,
    pub name: String,
    pub handle: Option<String>,
    pub password: String,
    pub time_zone: String,
    pub working_hours: Option<WeeklyHours>,
    pub role: Option<String>,
}

/// A validated new member, ready to store.
#[derive(Debug)]
pub(crate) struct ValidMember {
    id: MemberId,
    workspace_id: WorkspaceId,
    email: Email,
    name: PersonName,
    handle: Handle,
    pub(crate) password: String,
    zone: TimeZoneName,
    hours: WeeklyHours,
    pub(crate) role: Role,
}

impl NewMember {
    /// Validates every field, naming the first bad one. `forced_role` overrides the input's.
    pub(crate) fn validate(
        self,
        workspace_id: &WorkspaceId,
        forced_role: Option<&str>,
    ) -> AppResult<ValidMember> {
        let email = Email::parse(&self.email)?;
        let name = PersonName::parse(&self.name)?;
        let handle = match self.handle.as_deref().filter(|h| !h.trim().is_empty()) {
            Some(handle) => Handle::parse(handle)?,
            None => Handle::parse(&handle_from_email(email.as_str()))?,
        };
        let password = Password::parse(&self.password)?.into_inner();
        let zone = TimeZoneName::parse(&self.time_zone)?;
        let role = Role::parse(forced_role.or(self.role.as_deref()).unwrap_or("member"))?;
        Ok(ValidMember {
            id: MemberId::generate(),
            workspace_id: workspace_id.clone(),
            email,
            name,
            handle,
            password,
            zone,
            hours: self.working_hours.unwrap_or_else(WeeklyHours::standard),
            role,
        })
    }
}

impl ValidMember {
    pub(crate) fn row(&self, now: Timestamp) -> MemberRow {
        MemberRow {
            id: self.id.to_string(),
            workspace_id: self.workspace_id.to_string(),
            email: self.email.as_str().to_owned(),
            handle: self.handle.as_str().to_owned(),
            name: self.name.as_str().to_owned(),
            role: self.role.as_str().to_owned(),
            time_zone: self.zone.as_str().to_owned(),
            working_hours: hours_json(&self.hours),
            status_mode: StatusMode::Available.as_str().to_owned(),
            status_text: None,
            status_emoji: None,
            status_until: None,
            delivery_mode: DeliveryMode::Batched.as_str().to_owned(),
            check_times: check_times_json(DeliveryPreferences::default().check_times()),
            email_notifications: true,
            urgent_off_hours: false,
            created_at: to_millis(now),
        }
    }
}

fn check_times_json(times: &[LocalTime]) -> String {
    let texts: Vec<String> = times.iter().map(ToString::to_string).collect();
    serde_json::to_string(&texts).unwrap_or_else(|_| "[]".to_owned())
}

fn hours_json(hours: &WeeklyHours) -> String {
    serde_json::to_string(hours).unwrap_or_else(|_| "{}".to_owned())
}

/// A handle made from an email's local part: lowercase letters, digits, `_`, `-`, `.`.
fn handle_from_email(email: &str) -> String {
    let local = email.split('@').next().unwrap_or_default().to_lowercase();
    let handle: String = local
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        .take(32)
        .collect();
    let handle = handle
        .trim_matches(|c| matches!(c, '.' | '-' | '_'))
        .to_owned();
    if handle.is_empty() {
        "member".to_owned()
    } else {
        handle
    }
}

pub(crate) async fn insert_member(
    c: &mut Conn<'_>,
    row: &MemberRow,
    password_hash: &str,
) -> AppResult<()> {
    members::insert(c, row, password_hash).await?;
    Ok(())
}

/// Changes to the caller's own profile; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct MemberPatch {
    pub name: Option<String>,
    pub handle: Option<String>,
    pub time_zone: Option<String>,
    pub working_hours: Option<WeeklyHours>,
    pub status: Option<StatusInput>,
    /// `batched` or `immediate`.
    pub delivery_mode: Option<String>,
    /// Local `"HH:MM"` times at which batched notifications arrive.
    pub check_times: Option<Vec<String>>,
    pub email_notifications: Option<bool>,
    pub urgent_off_hours: Option<bool>,
}

/// A status to set: mode, optional text and emoji, and an optional end.
#[derive(Debug, Clone, Default)]
pub struct StatusInput {
    pub mode: String,
    pub text: Option<String>,
    pub emoji: Option<String>,
    pub until: Option<Timestamp>,
}

/// A range of time off, inclusive local dates.
#[derive(Debug, Clone, Default)]
pub struct TimeOffInput {
    pub start_date: String,
    pub end_date: String,
    pub note: String,
}

impl App {
    /// Admins add a member to their workspace.
    pub async fn add_member(&self, actor: &Actor, input: NewMember) -> AppResult<MemberView> {
        if !actor.is_admin() {
            return Err(AppError::Forbidden("only owners and admins add members"));
        }
        let member = input.validate(&actor.workspace_id, None)?;
        if member.role == Role::Owner && actor.role != Role::Owner {
            return Err(AppError::Forbidden("only an owner can add another owner"));
        }
        let hash = super::secrets::hash_password(member.password.clone()).await?;
        let now = self.now();
        let row = member.row(now);
        let (stored, actor_copy) = (row.clone(), actor.clone());
        self.store()
            .write(move |tx| {
                Box::pin(async move {
                    let mut c = tx.conn();
                    insert_member(&mut c, &stored, &hash).await?;
                    let payload = serde_json::json!({ "member_id": stored.id });
                    record(
                        &mut c,
                        &actor_copy,
                        "member.added",
                        Audience::Workspace,
                        payload,
                        now,
                    )
                    .await?;
                    Ok::<_, AppError>(())
                })
            })
            .await?;
        self.member(actor, &row.id).await
    }

    /// The caller's own profile.
    pub async fn me(&self, actor: &Actor) -> AppResult<MemberView> {
        self.member(actor, actor.member_id.as_str()).await
    }

    /// One member of the caller's workspace, with their clock.
    pub async fn member(&self, actor: &Actor, id: &str) -> AppResult<MemberView> {
        let now = self.now();
        let mut reader = self.store().read().await?;
        let mut c = reader.conn();
        let row = members::get(&mut c, actor.workspace_id.as_str(), id).await?;
        let schedules = schedules::load(
            &mut c,
            actor.workspace_id.as_str(),
            std::slice::from_ref(&row),
            now,
        )
        .await?;
        let schedule = schedules.get(&row.id).ok_or(AppError::NotFound)?;
        Ok(MemberView::new(&row, schedule, now))
    }

    /// Everyone in the caller's workspace, with their clocks, by name.
    pub async fn members(&self, actor: &Actor) -> AppResult<Vec<MemberView>> {
        let now = self.now();
        let mut reader = self.store().read().await?;
        let mut c = reader.conn();
        let rows = members::list(&mut c, actor.workspace_id.as_str()).await?;
        let schedules = schedules::load(&mut c, actor.workspace_id.as_str(), &rows, now).await?;
        Ok(rows
            .iter()
            .filter_map(|row| schedules.get(&row.id).map(|s| MemberView::new(row, s, now)))
            .collect())
    }

    /// Updates the caller's profile, schedule or status. All fields are validated before
    /// anything is written.
    pub async fn update_me(&self, actor: &Actor, patch: MemberPatch) -> AppResult<MemberView> {
        let now = self.now();
        let mut row = {
            let mut reader = self.store().read().await?;
            members::get(
                &mut reader.conn(),
                actor.workspace_id.as_str(),
                actor.member_id.as_str(),
            )
            .await?
        };
        if let Some(name) = &patch.name {
            row.name = PersonName::parse(name)?.into_inner();
        }
        if let Some(handle) = &patch.handle {
            row.handle = Handle::parse(handle)?.into_inner();
        }
        if let Some(zone) = &patch.time_zone {
            row.time_zone = TimeZoneName::parse(zone)?.as_str().to_owned();
        }
        if let Some(hours) = &patch.working_hours {
            row.working_hours = hours_json(hours);
        }
        if let Some(mode) = &patch.delivery_mode {
            row.delivery_mode = DeliveryMode::parse(mode)?.as_str().to_owned();
        }
        if let Some(texts) = &patch.check_times {
            let times = DeliveryPreferences::parse_check_times(texts)?;
            let preferences = DeliveryPreferences::new(DeliveryMode::Batched, times, false)?;
            row.check_times = check_times_json(preferences.check_times());
        }
        if let Some(on) = patch.email_notifications {
            row.email_notifications = on;
        }
        if let Some(on) = patch.urgent_off_hours {
            row.urgent_off_hours = on;
        }
        if let Some(input) = &patch.status {
            let status = parse_status(input, now)?;
            row.status_mode = status.mode().as_str().to_owned();
            row.status_text = status.text().map(str::to_owned);
            row.status_emoji = status.emoji().map(|e| e.as_str().to_owned());
            row.status_until = status.until().map(to_millis);
        }
        let (stored, actor_copy) = (row.clone(), actor.clone());
        self.store()
            .write(move |tx| {
                Box::pin(async move {
                    let mut c = tx.conn();
                    members::update(&mut c, &stored).await?;
                    // A status, check times or hours change moves what is held.
                    let ws = actor_copy.workspace_id.as_str();
                    reschedule_held(&mut c, ws, std::slice::from_ref(&stored.id), now).await?;
                    let payload = serde_json::json!({ "member_id": stored.id });
                    record(
                        &mut c,
                        &actor_copy,
                        "member.updated",
                        Audience::Workspace,
                        payload,
                        now,
                    )
                    .await?;
                    Ok::<_, AppError>(())
                })
            })
            .await?;
        self.me(actor).await
    }

    /// Adds time off for the caller: inclusive local dates, at most a year at a time.
    pub async fn add_time_off(&self, actor: &Actor, input: TimeOffInput) -> AppResult<MemberView> {
        let start = parse_date("start_date", &input.start_date)?;
        let end = parse_date("end_date", &input.end_date)?;
        if end < start {
            return Err(AppError::invalid(
                "end_date",
                "must not be before start_date",
            ));
        }
        if (end - start).get_days() > 366 {
            return Err(AppError::invalid(
                "end_date",
                "time off is added at most a year at a time",
            ));
        }
        let note = input.note.trim().to_owned();
        if note.chars().count() > 200 {
            return Err(AppError::invalid("note", "must be at most 200 characters"));
        }
        let now = self.now();
        let row = TimeOffRow {
            id: sundial_core::MessageId::generate().to_string(),
            member_id: actor.member_id.to_string(),
            start_date: start.to_string(),
            end_date: end.to_string(),
            note,
        };
        let actor_copy = actor.clone();
        self.store()
            .write(move |tx| {
                Box::pin(async move {
                    let mut c = tx.conn();
                    members::insert_time_off(&mut c, &row).await?;
                    let ws = actor_copy.workspace_id.as_str();
                    reschedule_held(&mut c, ws, std::slice::from_ref(&row.member_id), now).await?;
                    let payload = serde_json::json!({
                        "member_id": row.member_id, "start_date": row.start_date,
                        "end_date": row.end_date,
                    });
                    record(
                        &mut c,
                        &actor_copy,
                        "member.time_off_added",
                        Audience::Workspace,
                        payload,
                        now,
                    )
                    .await?;
                    Ok::<_, AppError>(())
                })
            })
            .await?;
        self.me(actor).await
    }

    /// Admins replace the workspace's holidays (local dates, in each member's own zone).
    pub async fn set_holidays(&self, actor: &Actor, dates: Vec<String>) -> AppResult<Vec<String>> {
        if !actor.is_admin() {
            return Err(AppError::Forbidden("only owners and admins set holidays"));
        }
        let mut parsed = Vec::with_capacity(dates.len());
        for (i, text) in dates.iter().enumerate() {
            parsed.push(parse_date(&format!("dates[{i}]"), text)?);
        }
        parsed.sort();
        parsed.dedup();
        if parsed.len() > 1000 {
            return Err(AppError::invalid("dates", "at most 1000 holidays"));
        }
        let texts: Vec<String> = parsed.iter().map(Date::to_string).collect();
        let (stored, actor_copy, now) = (texts.clone(), actor.clone(), self.now());
        self.store()
            .write(move |tx| {
                Box::pin(async move {
                    let mut c = tx.conn();
                    let ws = actor_copy.workspace_id.as_str();
                    workspaces::set_holidays(&mut c, ws, &stored).await?;
                    // Holidays move everyone's check times.
                    let everyone: Vec<String> = members::list(&mut c, ws)
                        .await?
                        .into_iter()
                        .map(|m| m.id)
                        .collect();
                    reschedule_held(&mut c, ws, &everyone, now).await?;
                    let payload = serde_json::json!({ "dates": stored });
                    record(
                        &mut c,
                        &actor_copy,
                        "workspace.holidays_set",
                        Audience::Workspace,
                        payload,
                        now,
                    )
                    .await?;
                    Ok::<_, AppError>(())
                })
            })
            .await?;
        Ok(texts)
    }
}

fn parse_status(input: &StatusInput, now: Timestamp) -> AppResult<Status> {
    let mode = StatusMode::parse(&input.mode).map_err(|e| e.within("status"))?;
    let emoji = match input.emoji.as_deref().filter(|e| !e.trim().is_empty()) {
        Some(emoji) => Some(Emoji::parse(emoji).map_err(|e| e.within("status"))?),
        None => None,
    };
    let status = Status::new(mode, input.text.as_deref(), emoji, input.until)
        .map_err(|e| e.within("status"))?;
    status
        .check_until_after(now)
        .map_err(|e| e.within("status"))?;
    Ok(status)
}

fn parse_date(field: &str, text: &str) -> AppResult<Date> {
    let valid = text.len() == 10 && text.as_bytes().get(4) == Some(&b'-');
    text.parse::<Date>()
        .ok()
        .filter(|_| valid)
        .ok_or_else(|| AppError::invalid(field, "must be a date like 2026-12-25"))
}

#[cfg(test)]
mod tests {
    use super::handle_from_email;

    #[test]
    fn a_missing_handle_is_made_from_the_email() {
        assert_eq!(handle_from_email("Ana.Lima@example.com"), "ana.lima");
        assert_eq!(handle_from_email("+++@example.com"), "member");
        assert_eq!(handle_from_email("_x_@example.com"), "x");
    }
}
