//! Members, their credentials and their time off.

use std::sync::LazyLock;

use crate::query::MAX_LIST;
use crate::{Conn, Sql, StoreError};

/// A stored member: profile, schedule inputs and status.
#[derive(Debug, Clone, sqlx::FromRow, serde::Deserialize)]
pub struct MemberRow {
    pub id: String,
    pub workspace_id: String,
    pub email: String,
    pub handle: String,
    pub name: String,
    pub role: String,
    pub time_zone: String,
    /// WeeklyHours JSON.
    pub working_hours: String,
    pub status_mode: String,
    pub status_text: Option<String>,
    pub status_emoji: Option<String>,
    pub status_until: Option<i64>,
    /// `batched` or `immediate`.
    pub delivery_mode: String,
    /// JSON list of `"HH:MM"`.
    pub check_times: String,
    pub email_notifications: bool,
    pub urgent_off_hours: bool,
    pub created_at: i64,
}

const COLUMNS: &str = "id, workspace_id, email, handle, name, role, time_zone, working_hours, \
                       status_mode, status_text, status_emoji, status_until, delivery_mode, \
                       check_times, email_notifications, urgent_off_hours, created_at";

/// [`COLUMNS`] qualified with the alias `m`, for queries that join members with tables sharing
/// column names. Built once: it is on the path of every posted message.
static COLUMNS_OF_M: LazyLock<String> = LazyLock::new(|| {
    COLUMNS
        .split(',')
        .map(|column| format!("m.{}", column.trim()))
        .collect::<Vec<_>>()
        .join(", ")
});

/// A stored range of time off (inclusive local dates).
#[derive(Debug, Clone, sqlx::FromRow, serde::Deserialize)]
pub struct TimeOffRow {
    pub id: String,
    pub member_id: String,
    pub start_date: String,
    pub end_date: String,
    pub note: String,
}

/// Inserts a member with their password hash.
pub async fn insert(
    c: &mut Conn<'_>,
    row: &MemberRow,
    password_hash: &str,
) -> Result<(), StoreError> {
    Sql::new(
        "INSERT INTO members (id, workspace_id, email, handle, name, role, time_zone, \
         working_hours, status_mode, status_text, status_emoji, status_until, delivery_mode, \
         check_times, email_notifications, urgent_off_hours, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
    )
    .bind(&row.id)
    .bind(&row.workspace_id)
    .bind(&row.email)
    .bind(&row.handle)
    .bind(&row.name)
    .bind(&row.role)
    .bind(&row.time_zone)
    .bind(&row.working_hours)
    .bind(&row.status_mode)
    .bind(&row.status_text)
    .bind(&row.status_emoji)
    .bind(row.status_until)
    .bind(&row.delivery_mode)
    .bind(&row.check_times)
    .bind(row.email_notifications)
    .bind(row.urgent_off_hours)
    .bind(row.created_at)
    .execute(c)
    .await?;
    Sql::new("INSERT INTO credentials (member_id, password_hash, updated_at) VALUES ($1, $2, $3)")
        .bind(&row.id)
        .bind(password_hash)
        .bind(row.created_at)
        .execute(c)
        .await?;
    Ok(())
}

/// Writes back a member's editable fields (profile, schedule, status).
pub async fn update(c: &mut Conn<'_>, row: &MemberRow) -> Result<(), StoreError> {
    let updated = Sql::new(
        "UPDATE members SET handle = $3, name = $4, role = $5, time_zone = $6, \
         working_hours = $7, status_mode = $8, status_text = $9, status_emoji = $10, \
         status_until = $11, delivery_mode = $12, check_times = $13, email_notifications = $14, \
         urgent_off_hours = $15 WHERE id = $1 AND workspace_id = $2",
    )
    .bind(&row.id)
    .bind(&row.workspace_id)
    .bind(&row.handle)
    .bind(&row.name)
    .bind(&row.role)
    .bind(&row.time_zone)
    .bind(&row.working_hours)
    .bind(&row.status_mode)
    .bind(&row.status_text)
    .bind(&row.status_emoji)
    .bind(row.status_until)
    .bind(&row.delivery_mode)
    .bind(&row.check_times)
    .bind(row.email_notifications)
    .bind(row.urgent_off_hours)
    .execute(c)
    .await?;
    if updated == 0 {
        return Err(StoreError::NotFound);
    }
    // The role may have changed, and a token's answer carries it.
    crate::records::tokens::note_tokens_changed(c);
    Ok(())
}

/// One member of a workspace.
pub async fn get(c: &mut Conn<'_>, workspace_id: &str, id: &str) -> Result<MemberRow, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM members WHERE id = $1 AND workspace_id = $2");
    let row = Sql::new(&sql)
        .bind(id)
        .bind(workspace_id)
        .fetch_one(c)
        .await?;
    Ok(row)
}

/// The workspace's members with these ids, in no particular order; unknown ids are left out.
/// One query per [`MAX_LIST`] ids, so a page of asks reads its recipients' calendars without
/// reading the whole team.
pub async fn with_ids(
    c: &mut Conn<'_>,
    workspace_id: &str,
    ids: &[String],
) -> Result<Vec<MemberRow>, StoreError> {
    let mut all = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(MAX_LIST) {
        let mut query = Sql::new(format!(
            "SELECT {COLUMNS} FROM members WHERE workspace_id = "
        ));
        query.push_bind(workspace_id).push(" AND id IN ");
        query.push_list(chunk);
        let rows: Vec<MemberRow> = query.fetch_all(c).await?;
        all.extend(rows);
    }
    Ok(all)
}

/// Of the workspace's members with these ids, those who may see the channel: its members, and
/// everyone but guests when it is public (the rule of [`crate::records::channels::visible_to`],
/// asked the other way round). In no particular order; unknown ids are left out. One query per
/// [`MAX_LIST`] ids: it is how a message finds whom it may notify.
pub async fn seeing_channel(
    c: &mut Conn<'_>,
    workspace_id: &str,
    channel_id: &str,
    ids: &[String],
) -> Result<Vec<MemberRow>, StoreError> {
    let columns = &*COLUMNS_OF_M;
    let mut all = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(MAX_LIST) {
        let mut query = Sql::new(format!(
            "SELECT {columns} FROM members m JOIN channels ch ON ch.workspace_id = m.workspace_id \
             WHERE ch.id = "
        ));
        query
            .push_bind(channel_id)
            .push(" AND m.workspace_id = ")
            .push_bind(workspace_id)
            .push(
                " AND ((ch.private = FALSE AND m.role <> 'guest') OR EXISTS (SELECT 1 FROM \
                 channel_members cm WHERE cm.channel_id = ch.id AND cm.member_id = m.id)) \
                 AND m.id IN ",
            );
        query.push_list(chunk);
        let rows: Vec<MemberRow> = query.fetch_all(c).await?;
        all.extend(rows);
    }
    Ok(all)
}

/// The member with this email (emails are unique across the server), with their password hash.
pub async fn find_by_email(
    c: &mut Conn<'_>,
    email: &str,
) -> Result<Option<(MemberRow, String)>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM members WHERE email = $1");
    let row: Option<MemberRow> = Sql::new(&sql).bind(email).fetch_optional(c).await?;
    let Some(row) = row else { return Ok(None) };
    let hash: String = Sql::new("SELECT password_hash FROM credentials WHERE member_id = $1")
        .bind(&row.id)
        .fetch_scalar(c)
        .await?;
    Ok(Some((row, hash)))
}

/// Every member of a workspace, by name.
pub async fn list(c: &mut Conn<'_>, workspace_id: &str) -> Result<Vec<MemberRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM members WHERE workspace_id = $1 ORDER BY name, id");
    let rows = Sql::new(&sql).bind(workspace_id).fetch_all(c).await?;
    Ok(rows)
}

/// Adds a range of time off.
pub async fn insert_time_off(c: &mut Conn<'_>, row: &TimeOffRow) -> Result<(), StoreError> {
    Sql::new(
        "INSERT INTO time_off (id, member_id, start_date, end_date, note) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&row.id)
    .bind(&row.member_id)
    .bind(&row.start_date)
    .bind(&row.end_date)
    .bind(&row.note)
    .execute(c)
    .await?;
    Ok(())
}

/// The time off of these members that ends on or after `from_date`: everything a schedule
/// computed from now on can need. One query per [`MAX_LIST`] members.
pub async fn time_off(
    c: &mut Conn<'_>,
    member_ids: &[String],
    from_date: &str,
) -> Result<Vec<TimeOffRow>, StoreError> {
    let mut all = Vec::new();
    for chunk in member_ids.chunks(MAX_LIST) {
        let mut query = Sql::new(
            "SELECT id, member_id, start_date, end_date, note FROM time_off WHERE end_date >= ",
        );
        query.push_bind(from_date).push(" AND member_id IN ");
        query.push_list(chunk);
        query.push(" ORDER BY member_id, start_date");
        let rows: Vec<TimeOffRow> = query.fetch_all(c).await?;
        all.extend(rows);
    }
    Ok(all)
}

/// What takes days out of these members' schedules: the workspace's holidays (all of them,
/// oldest first) and the members' time off ending on or after `from_date`, as [`time_off`]
/// gives it. One query for both: building schedules is part of every write that notifies
/// someone, where each round trip counts.
#[derive(Debug, Clone, Default)]
pub struct DaysOff {
    pub holidays: Vec<String>,
    pub time_off: Vec<TimeOffRow>,
}

/// A row of [`days_off`]'s union: a holiday has no member.
#[derive(sqlx::FromRow, serde::Deserialize)]
struct DayOffRow {
    member_id: Option<String>,
    id: String,
    start_date: String,
    end_date: String,
    note: String,
}

/// See [`DaysOff`].
pub async fn days_off(
    c: &mut Conn<'_>,
    workspace_id: &str,
    member_ids: &[String],
    from_date: &str,
) -> Result<DaysOff, StoreError> {
    let mut days = DaysOff::default();
    // The holidays come with the first chunk of members (or alone, when there are none).
    let mut chunks: Vec<&[String]> = member_ids.chunks(MAX_LIST).collect();
    if chunks.is_empty() {
        chunks.push(&[]);
    }
    for (index, chunk) in chunks.into_iter().enumerate() {
        let mut query = Sql::new("");
        if index == 0 {
            query
                .push(
                    "SELECT NULL AS member_id, '' AS id, date AS start_date, date AS end_date, \
                     '' AS note FROM holidays WHERE workspace_id = ",
                )
                .push_bind(workspace_id);
            if !chunk.is_empty() {
                query.push(" UNION ALL ");
            }
        }
        if !chunk.is_empty() {
            query
                .push(
                    "SELECT member_id, id, start_date, end_date, note FROM time_off \
                     WHERE end_date >= ",
                )
                .push_bind(from_date)
                .push(" AND member_id IN ");
            query.push_list(chunk);
        }
        query.push(" ORDER BY member_id, start_date");
        let rows: Vec<DayOffRow> = query.fetch_all(c).await?;
        for row in rows {
            match row.member_id {
                None => days.holidays.push(row.start_date),
                Some(member_id) => days.time_off.push(TimeOffRow {
                    id: row.id,
                    member_id,
                    start_date: row.start_date,
                    end_date: row.end_date,
                    note: row.note,
                }),
            }
        }
    }
    days.holidays.sort_unstable();
    Ok(days)
}

/// The ids of the workspace's members with these handles (unknown handles are skipped).
pub async fn ids_by_handles(
    c: &mut Conn<'_>,
    workspace_id: &str,
    handles: &[String],
) -> Result<Vec<String>, StoreError> {
    let mut ids = Vec::new();
    for handle in handles {
        let id: Option<String> =
            Sql::new("SELECT id FROM members WHERE workspace_id = $1 AND handle = $2")
                .bind(workspace_id)
                .bind(handle)
                .fetch_scalar_optional(c)
                .await?;
        ids.extend(id);
    }
    Ok(ids)
}
