//! Requests (asks attached to messages) and obligations (each recipient's side).

use crate::query::MAX_LIST;
use crate::records::events::{self, NewEvent};
use crate::records::jobs::{self, NewJob};
use crate::{Conn, Dialect, Sql, StoreError};

/// A stored request.
#[derive(Debug, Clone, sqlx::FromRow, serde::Deserialize)]
pub struct RequestRow {
    pub id: String,
    pub workspace_id: String,
    pub message_id: String,
    pub thread_id: String,
    pub requester_id: String,
    pub kind: String,
    pub urgency: String,
    pub explicit_due_at: Option<i64>,
    pub created_at: i64,
}

const REQUEST_COLUMNS: &str = "id, workspace_id, message_id, thread_id, requester_id, kind, \
                               urgency, explicit_due_at, created_at";

/// A stored obligation.
#[derive(Debug, Clone, sqlx::FromRow, serde::Deserialize)]
pub struct ObligationRow {
    pub request_id: String,
    pub member_id: String,
    pub status: String,
    pub due_at: i64,
    pub original_due_at: i64,
    pub updated_at: i64,
}

const OBLIGATION_COLUMNS: &str =
    "request_id, member_id, status, due_at, original_due_at, updated_at";

/// Inserts a request with its obligations.
pub async fn insert(
    c: &mut Conn<'_>,
    request: &RequestRow,
    obligations: &[ObligationRow],
) -> Result<(), StoreError> {
    insert_rows(c, request, obligations, None).await
}

/// What a new ask writes beside its message.
#[derive(Debug, Clone, Copy)]
pub struct NewAsk<'a> {
    pub request: &'a RequestRow,
    pub obligations: &'a [ObligationRow],
    /// Its `request.created` event, appended as [`events::append`] does.
    pub event: &'a NewEvent<'a>,
    /// Its recipients' timers, enqueued as [`jobs::enqueue_many`] does: their ids name the new
    /// request, so none exists yet.
    pub timers: &'a [NewJob<'a>],
    /// The instant the timers are enqueued at.
    pub now: i64,
}

/// Writes a new ask's rows: on PostgreSQL one statement, one round trip instead of four.
pub async fn insert_ask(c: &mut Conn<'_>, ask: NewAsk<'_>) -> Result<(), StoreError> {
    insert_rows(c, ask.request, ask.obligations, Some(ask)).await
}

const INSERT_REQUEST: &str = "INSERT INTO requests (id, workspace_id, message_id, thread_id, \
     requester_id, kind, urgency, explicit_due_at, created_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

async fn insert_rows(
    c: &mut Conn<'_>,
    request: &RequestRow,
    obligations: &[ObligationRow],
    ask: Option<NewAsk<'_>>,
) -> Result<(), StoreError> {
    if c.dialect() == Dialect::Sqlite {
        // In process a statement costs no round trip: the plain statements, in order.
        bind_request(Sql::new(INSERT_REQUEST), request)
            .execute(c)
            .await?;
        if !obligations.is_empty() {
            insert_obligations(Sql::new(""), request, obligations)
                .execute(c)
                .await?;
        }
        if let Some(ask) = ask {
            events::append(c, ask.event).await?;
            jobs::enqueue_many(c, ask.timers, ask.now).await?;
        }
        return Ok(());
    }
    // The writes as data-modifying `WITH` clauses, which all run to completion; the
    // obligations' key check on the request runs at the end of the statement, after them.
    let mut text = format!("WITH request AS ({INSERT_REQUEST})");
    if ask.is_some() {
        text.push_str(&format!(", event AS ({})", events::staging_statement(10)));
    }
    let mut sql = bind_request(Sql::new(text), request);
    if let Some(ask) = ask {
        sql = events::bind_event(sql, ask.event);
        if !ask.timers.is_empty() {
            sql.push(", timers AS (");
            jobs::push_enqueue(&mut sql, ask.timers, ask.now);
            sql.push(")");
        }
    }
    if obligations.is_empty() {
        sql.push(" SELECT 1");
    } else {
        sql = insert_obligations(sql, request, obligations);
    }
    sql.execute(c).await?;
    if ask.is_some() {
        events::note_staged(c);
    }
    Ok(())
}

fn bind_request<'q>(sql: Sql<'q>, request: &'q RequestRow) -> Sql<'q> {
    sql.bind(&request.id)
        .bind(&request.workspace_id)
        .bind(&request.message_id)
        .bind(&request.thread_id)
        .bind(&request.requester_id)
        .bind(&request.kind)
        .bind(&request.urgency)
        .bind(request.explicit_due_at)
        .bind(request.created_at)
}

/// Appends the insert of `obligations` to `sql`. Each copies its request's requester, so
/// "waiting on" can walk open obligations by requester (migration 0006).
fn insert_obligations<'q>(
    mut sql: Sql<'q>,
    request: &'q RequestRow,
    obligations: &'q [ObligationRow],
) -> Sql<'q> {
    sql.push(
        " INSERT INTO obligations (request_id, member_id, status, due_at, original_due_at, \
         updated_at, requester_id)",
    );
    sql.push_values(obligations, |row, o| {
        row.push_bind(&o.request_id)
            .push_bind(&o.member_id)
            .push_bind(&o.status)
            .push_bind(o.due_at)
            .push_bind(o.original_due_at)
            .push_bind(o.updated_at)
            .push_bind(&request.requester_id);
    });
    sql
}

/// Writes an obligation's status and due time back.
pub async fn update_obligation(c: &mut Conn<'_>, o: &ObligationRow) -> Result<(), StoreError> {
    let affected = Sql::new(
        "UPDATE obligations SET status = $3, due_at = $4, original_due_at = $5, updated_at = $6 \
         WHERE request_id = $1 AND member_id = $2",
    )
    .bind(&o.request_id)
    .bind(&o.member_id)
    .bind(&o.status)
    .bind(o.due_at)
    .bind(o.original_due_at)
    .bind(o.updated_at)
    .execute(c)
    .await?;
    if affected == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// One request of a workspace.
pub async fn get(c: &mut Conn<'_>, workspace_id: &str, id: &str) -> Result<RequestRow, StoreError> {
    let sql = format!("SELECT {REQUEST_COLUMNS} FROM requests WHERE id = $1 AND workspace_id = $2");
    let row = Sql::new(&sql)
        .bind(id)
        .bind(workspace_id)
        .fetch_one(c)
        .await?;
    Ok(row)
}

/// A thread's requests, oldest first.
pub async fn in_thread(c: &mut Conn<'_>, thread_id: &str) -> Result<Vec<RequestRow>, StoreError> {
    let sql = format!(
        "SELECT {REQUEST_COLUMNS} FROM requests WHERE thread_id = $1 ORDER BY created_at, id"
    );
    let rows = Sql::new(&sql).bind(thread_id).fetch_all(c).await?;
    Ok(rows)
}

/// The requests of these threads, each thread's in order of creation: one query per
/// [`MAX_LIST`] threads, for a page of a channel's threads.
pub async fn in_threads(
    c: &mut Conn<'_>,
    thread_ids: &[String],
) -> Result<Vec<RequestRow>, StoreError> {
    let mut all = Vec::new();
    for chunk in thread_ids.chunks(MAX_LIST) {
        let mut query = Sql::new(format!(
            "SELECT {REQUEST_COLUMNS} FROM requests WHERE thread_id IN "
        ));
        query.push_list(chunk);
        query.push(" ORDER BY thread_id, created_at, id");
        let rows: Vec<RequestRow> = query.fetch_all(c).await?;
        all.extend(rows);
    }
    Ok(all)
}

/// The obligations of these requests, by request and member: one query per [`MAX_LIST`]
/// requests.
pub async fn obligations(
    c: &mut Conn<'_>,
    request_ids: &[String],
) -> Result<Vec<ObligationRow>, StoreError> {
    let mut all = Vec::new();
    for chunk in request_ids.chunks(MAX_LIST) {
        let mut query = Sql::new(format!(
            "SELECT {OBLIGATION_COLUMNS} FROM obligations WHERE request_id IN "
        ));
        query.push_list(chunk);
        query.push(" ORDER BY request_id, member_id");
        let rows: Vec<ObligationRow> = query.fetch_all(c).await?;
        all.extend(rows);
    }
    Ok(all)
}

/// The open obligations of `member_id` in a thread whose request is of `kind` and was made
/// before `before`: what a reply by that member may satisfy.
pub async fn open_obligations_of_kind(
    c: &mut Conn<'_>,
    thread_id: &str,
    member_id: &str,
    kind: &str,
) -> Result<Vec<ObligationRow>, StoreError> {
    let rows = Sql::new(
        "SELECT o.request_id, o.member_id, o.status, o.due_at, o.original_due_at, o.updated_at \
         FROM obligations o JOIN requests r ON r.id = o.request_id \
         WHERE r.thread_id = $1 AND o.member_id = $2 AND r.kind = $3 \
         AND o.status IN ('pending', 'acknowledged')",
    )
    .bind(thread_id)
    .bind(member_id)
    .bind(kind)
    .fetch_all(c)
    .await?;
    Ok(rows)
}
