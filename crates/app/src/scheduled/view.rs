//! How a scheduled message is shown to its author, and how its ask is kept in storage.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use sundial_store::records::scheduled::ScheduledRow;
use sundial_store::time::from_millis;

use crate::requests::NewRequest;
use crate::{AppError, AppResult};

/// The ask of a scheduled message, as written; due times are computed when it is sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ScheduledRequestView {
    pub kind: String,
    /// Member ids of the recipients.
    pub to: Vec<String>,
    pub urgency: String,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub due_at: Option<Timestamp>,
}

impl From<&NewRequest> for ScheduledRequestView {
    fn from(request: &NewRequest) -> Self {
        Self {
            kind: request.kind.clone(),
            to: request.to.clone(),
            urgency: request.urgency.clone(),
            due_at: request.due_at,
        }
    }
}

impl From<ScheduledRequestView> for NewRequest {
    fn from(view: ScheduledRequestView) -> Self {
        Self {
            kind: view.kind,
            to: view.to,
            urgency: view.urgency,
            due_at: view.due_at,
        }
    }
}

/// A scheduled message. Exactly one of `channel_id` (a new thread, with `title`) and
/// `thread_id` (a reply) is set.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ScheduledView {
    pub id: String,
    pub channel_id: Option<String>,
    pub thread_id: Option<String>,
    pub title: Option<String>,
    pub body: String,
    pub request: Option<ScheduledRequestView>,
    #[schema(value_type = String, format = DateTime)]
    pub send_at: Timestamp,
    /// `pending`, `sent`, `cancelled` or `failed`.
    pub state: String,
    /// Why a `failed` message was not posted.
    pub failure: Option<String>,
    /// Where a `sent` message was posted.
    pub sent_thread_id: Option<String>,
    pub sent_message_id: Option<String>,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: Timestamp,
}

impl ScheduledView {
    pub(crate) fn new(row: ScheduledRow) -> AppResult<Self> {
        let request = stored_request(&row)?.map(|r| ScheduledRequestView::from(&r));
        Ok(Self {
            id: row.id,
            channel_id: row.channel_id,
            thread_id: row.thread_id,
            title: row.title,
            body: row.body,
            request,
            send_at: from_millis(row.send_at),
            state: row.state,
            failure: row.failure,
            sent_thread_id: row.sent_thread_id,
            sent_message_id: row.sent_message_id,
            created_at: from_millis(row.created_at),
            updated_at: from_millis(row.updated_at),
        })
    }
}

/// A page of the author's scheduled messages, soonest first.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ScheduledPage {
    pub items: Vec<ScheduledView>,
    pub next_cursor: Option<String>,
}

/// The ask of a stored row, if it has one.
pub(super) fn stored_request(row: &ScheduledRow) -> AppResult<Option<NewRequest>> {
    row.request
        .as_deref()
        .map(|json| {
            serde_json::from_str::<ScheduledRequestView>(json)
                .map(NewRequest::from)
                .map_err(|_| {
                    AppError::Store(sundial_store::StoreError::Config(format!(
                        "scheduled message {} has an unreadable ask",
                        row.id
                    )))
                })
        })
        .transpose()
}

/// The stored form of an ask.
pub(super) fn request_json(request: Option<&NewRequest>) -> Option<String> {
    request.map(|r| {
        // Plain strings and an instant: serialising cannot fail.
        serde_json::to_string(&ScheduledRequestView::from(r)).unwrap_or_default()
    })
}
