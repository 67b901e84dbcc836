//! Scheduled messages over HTTP: the caller's own list, one item, editing and cancelling.
//! Scheduling itself is a flag on thread and reply creation (`send_at` or
//! `send_at_recipient_day_start`, in `threads`), answered 202 with the scheduled item.

use axum::Json;
use axum::extract::State;
use jiff::Timestamp;
use serde::{Deserialize, Deserializer};
use sundial_app::scheduled::{ScheduledPage, ScheduledPatch, ScheduledView, SendTime};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::ServerState;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{ApiJson, ApiPath, ApiQuery, Caller};

use super::requests::RequestBody;
use super::threads::ListQuery;

/// A page size when the client names none.
const DEFAULT_LIMIT: i64 = 50;

pub(super) fn router() -> OpenApiRouter<ServerState> {
    OpenApiRouter::new()
        .routes(routes!(list_scheduled))
        .routes(routes!(get_scheduled, edit_scheduled, cancel_scheduled))
}

/// When to send, from the two optional body fields. Neither: post now (`None`).
pub(super) fn send_time(
    send_at: Option<Timestamp>,
    recipient_day_start: Option<bool>,
) -> ApiResult<Option<SendTime>> {
    match (send_at, recipient_day_start.unwrap_or(false)) {
        (Some(_), true) => Err(ApiError::invalid(
            "send_at_recipient_day_start",
            "cannot be combined with send_at",
        )),
        (Some(at), false) => Ok(Some(SendTime::At(at))),
        (None, true) => Ok(Some(SendTime::RecipientDayStart)),
        (None, false) => Ok(None),
    }
}

/// The caller's scheduled messages (pending, sent, cancelled and failed), soonest first.
#[utoipa::path(get, path = "/api/v1/scheduled", tag = "scheduled", security(("bearer" = [])),
    params(ListQuery),
    responses((status = 200, body = ScheduledPage), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody)))]
async fn list_scheduled(
    State(state): State<ServerState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> ApiResult<Json<ScheduledPage>> {
    let page = state
        .app
        .scheduled_messages(
            &caller.actor,
            query.cursor.as_deref(),
            query.limit.unwrap_or(DEFAULT_LIMIT),
        )
        .await?;
    Ok(Json(page))
}

/// One of the caller's scheduled messages.
#[utoipa::path(get, path = "/api/v1/scheduled/{id}", tag = "scheduled", security(("bearer" = [])),
    params(("id" = String, Path, description = "scheduled message id")),
    responses((status = 200, body = ScheduledView), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn get_scheduled(
    State(state): State<ServerState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<ScheduledView>> {
    Ok(Json(state.app.scheduled_message(&caller.actor, &id).await?))
}

/// Changes to a pending scheduled message; absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ScheduledPatchBody {
    /// Only for a scheduled new thread: 1 to 200 characters.
    title: Option<String>,
    /// Markdown, up to 64 KiB.
    body: Option<String>,
    /// A new ask, or `null` to remove it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<RequestBody>)]
    request: Option<Option<RequestBody>>,
    /// A new send time, RFC 3339, in the future.
    #[schema(value_type = Option<String>, format = DateTime)]
    send_at: Option<Timestamp>,
    /// `true`: send at the start of the one recipient's next working day.
    send_at_recipient_day_start: Option<bool>,
}

/// A field that is present, even as `null`, becomes `Some(value)`; an absent one stays `None`
/// through `#[serde(default)]`, so `null` (remove) and absent (keep) differ.
fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

/// Edits a pending scheduled message. The result is checked as posting it now would be; a
/// message already sent or cancelled answers 409.
#[utoipa::path(patch, path = "/api/v1/scheduled/{id}", tag = "scheduled", security(("bearer" = [])),
    params(("id" = String, Path, description = "scheduled message id")),
    request_body = ScheduledPatchBody,
    responses((status = 200, body = ScheduledView), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn edit_scheduled(
    State(state): State<ServerState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<ScheduledPatchBody>,
) -> ApiResult<Json<ScheduledView>> {
    let patch = ScheduledPatch {
        title: body.title,
        body: body.body,
        request: body.request.map(|request| request.map(Into::into)),
        send_at: send_time(body.send_at, body.send_at_recipient_day_start)?,
    };
    Ok(Json(
        state.app.edit_scheduled(&caller.actor, &id, patch).await?,
    ))
}

/// Cancels a pending scheduled message and answers it as cancelled; one already sent or
/// cancelled answers 409.
#[utoipa::path(delete, path = "/api/v1/scheduled/{id}", tag = "scheduled", security(("bearer" = [])),
    params(("id" = String, Path, description = "scheduled message id")),
    responses((status = 200, body = ScheduledView), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn cancel_scheduled(
    State(state): State<ServerState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<ScheduledView>> {
    Ok(Json(state.app.cancel_scheduled(&caller.actor, &id).await?))
}
