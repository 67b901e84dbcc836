//! Validating an ask and computing its obligations: the due time of each recipient, once, on
//! their own working calendar, from the channel's norms (or an explicit due time, which wins).

use std::collections::HashMap;

use jiff::Timestamp;
use sundial_core::{RequestId, RequestKind, Schedule, Urgency, due_at};
use sundial_store::Conn;
use sundial_store::records::channels::ChannelRow;
use sundial_store::records::members::{self, MemberRow};
use sundial_store::records::requests::{self, NewAsk, ObligationRow, RequestRow};
use sundial_store::time::to_millis;

use crate::channels::effective_norms_knowing;
use crate::events::{Audience, new_event};
use crate::notifications::{Recipients, Timer, timers_of};
use crate::{Actor, AppError, AppResult, schedules};

/// The most people one ask may name.
const MAX_RECIPIENTS: usize = 100;

/// An ask as a client sends it.
#[derive(Debug, Clone, Default)]
pub struct NewRequest {
    /// `ack`, `reply`, `review` or `decision`.
    pub kind: String,
    /// Member ids of the recipients.
    pub to: Vec<String>,
    /// `low`, `normal`, `high` or `urgent`.
    pub urgency: String,
    /// An explicit due time; wins over the channel's norms.
    pub due_at: Option<Timestamp>,
}

/// A validated ask with each recipient's due time, ready to write.
#[derive(Debug, Clone)]
pub(crate) struct PlannedRequest {
    pub(crate) kind: RequestKind,
    pub(crate) urgency: Urgency,
    pub(crate) explicit_due_at: Option<Timestamp>,
    /// Recipients with their schedules and due times, in the order asked.
    pub(crate) recipients: Vec<(MemberRow, Schedule, Timestamp)>,
}

/// For an ask sent now: the recipients memo, which answers who may see the channel and their
/// calendars from memory while nothing changed them (a read of the audience token instead of
/// two queries), and the token if the caller read it already (with the thread).
#[derive(Debug, Clone, Copy)]
pub(crate) struct KnownAudience<'a> {
    pub(crate) memo: &'a Recipients,
    pub(crate) version: Option<i64>,
}

/// Validates `input` as an ask by `actor` in `channel`, sent at `sent_at`. Field names are
/// prefixed with `request.`. `workspace_norms` are the workspace's stored norms when the caller
/// read them with the channel (they are read otherwise). `audience` only for an ask sent now;
/// one sent later (scheduled, previewed) reads its recipients afresh, as the memo keeps
/// calendars from today only.
pub(crate) async fn plan(
    c: &mut Conn<'_>,
    audience: Option<KnownAudience<'_>>,
    actor: &Actor,
    (channel, workspace_norms): (&ChannelRow, Option<&str>),
    input: &NewRequest,
    sent_at: Timestamp,
) -> AppResult<PlannedRequest> {
    let kind = RequestKind::parse(&input.kind).map_err(|e| e.within("request"))?;
    let urgency = Urgency::parse(&input.urgency).map_err(|e| e.within("request"))?;
    if input.to.is_empty() {
        return Err(AppError::invalid(
            "request.to",
            "must name at least one recipient",
        ));
    }
    if input.to.len() > MAX_RECIPIENTS {
        return Err(AppError::invalid("request.to", "at most 100 recipients"));
    }
    if let Some(due) = input.due_at
        && due <= sent_at
    {
        return Err(AppError::invalid("request.due_at", "must be in the future"));
    }
    // Those who may see the channel, in one query; why any other may not be asked is looked
    // up only then.
    let ws = actor.workspace_id.as_str();
    let (seeing, mut known_schedules) = match audience {
        Some(KnownAudience { memo, version }) => {
            let found = memo
                .seeing_channel(c, (ws, &channel.id), &input.to, sent_at, version)
                .await?;
            let seeing: Vec<MemberRow> = found.values().map(|r| r.member.clone()).collect();
            let schedules: HashMap<String, Schedule> = found
                .into_iter()
                .map(|(id, recipient)| (id, recipient.schedule.clone()))
                .collect();
            (seeing, Some(schedules))
        }
        None => (
            members::seeing_channel(c, ws, &channel.id, &input.to).await?,
            None,
        ),
    };
    let mut rows: Vec<MemberRow> = Vec::with_capacity(input.to.len());
    for (i, id) in input.to.iter().enumerate() {
        let field = format!("request.to[{i}]");
        if id == actor.member_id.as_str() {
            return Err(AppError::invalid(&field, "you cannot ask yourself"));
        }
        if rows.iter().any(|r| &r.id == id) {
            continue;
        }
        let Some(row) = seeing.iter().find(|m| &m.id == id) else {
            let reason = match members::get(c, ws, id).await {
                Ok(_) => "is not in this channel",
                Err(sundial_store::StoreError::NotFound) => "no such member",
                Err(other) => return Err(other.into()),
            };
            return Err(AppError::invalid(&field, reason));
        };
        rows.push(row.clone());
    }
    let (norms, _) = effective_norms_knowing(c, channel, workspace_norms).await?;
    let norm = norms.get(urgency);
    let schedules = match known_schedules.take() {
        Some(schedules) => schedules,
        None => schedules::load(c, actor.workspace_id.as_str(), &rows, sent_at).await?,
    };
    let mut recipients = Vec::with_capacity(rows.len());
    for row in rows {
        let schedule = schedules.get(&row.id).ok_or(AppError::NotFound)?.clone();
        let due = due_at(&norm, &schedule, sent_at, input.due_at);
        recipients.push((row, schedule, due));
    }
    Ok(PlannedRequest {
        kind,
        urgency,
        explicit_due_at: input.due_at,
        recipients,
    })
}

/// Writes a planned ask on `message_id`: the request, one obligation per recipient, their
/// timers, and the event. Returns the stored rows. The recipients follow the thread: the
/// caller makes them, with the post's other new followers.
pub(crate) async fn write_planned(
    c: &mut Conn<'_>,
    actor: &Actor,
    planned: &PlannedRequest,
    thread: (&str, &str),
    message_id: &str,
    now: Timestamp,
) -> AppResult<(RequestRow, Vec<ObligationRow>)> {
    let (thread_id, channel_id) = thread;
    let request = RequestRow {
        id: RequestId::generate().to_string(),
        workspace_id: actor.workspace_id.to_string(),
        message_id: message_id.to_owned(),
        thread_id: thread_id.to_owned(),
        requester_id: actor.member_id.to_string(),
        kind: planned.kind.as_str().to_owned(),
        urgency: planned.urgency.as_str().to_owned(),
        explicit_due_at: planned.explicit_due_at.map(to_millis),
        created_at: to_millis(now),
    };
    let obligations: Vec<ObligationRow> = planned
        .recipients
        .iter()
        .map(|(member, _, due)| ObligationRow {
            request_id: request.id.clone(),
            member_id: member.id.clone(),
            status: "pending".to_owned(),
            due_at: to_millis(*due),
            original_due_at: to_millis(*due),
            updated_at: to_millis(now),
        })
        .collect();
    let payload = serde_json::json!({
        "request_id": request.id, "thread_id": thread_id, "message_id": message_id,
        "kind": request.kind, "urgency": request.urgency,
        "obligations": obligations.iter().map(|o| serde_json::json!({
            "member_id": o.member_id, "status": o.status,
            "due_at": sundial_store::time::from_millis(o.due_at),
        })).collect::<Vec<_>>(),
    })
    .to_string();
    let audience = Audience::Channel(channel_id);
    let event = new_event(actor, "request.created", audience, &payload, now);
    let timers: Vec<Timer> = planned
        .recipients
        .iter()
        .flat_map(|(member, schedule, due)| {
            let obligation = (request.id.as_str(), member.id.as_str());
            timers_of(&request.workspace_id, obligation, schedule, *due, now)
        })
        .collect();
    let timers: Vec<_> = timers.iter().map(Timer::job).collect();
    let ask = NewAsk {
        request: &request,
        obligations: &obligations,
        event: &event,
        timers: &timers,
        now: to_millis(now),
    };
    requests::insert_ask(c, ask).await?;
    Ok((request, obligations))
}
