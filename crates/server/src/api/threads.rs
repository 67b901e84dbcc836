//! Threads over HTTP: a channel's threads, starting one, reading one with everything in it,
//! replying, resolving, reopening and read markers. Changing a message after posting (edits,
//! reactions) is in `messages`; acting on the asks themselves is in `requests`.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use serde::Deserialize;
use sundial_app::scheduled::ScheduledView;
use sundial_app::threads::{NewReply, NewThread, Posted, ThreadDetail, ThreadPage};
use sundial_app::views::ThreadView;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::ServerState;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{ApiJson, ApiPath, ApiQuery, Caller};

use super::requests::RequestBody;
use super::scheduled::send_time;

/// A page size when the client names none.
const DEFAULT_LIMIT: i64 = 50;

pub(super) fn router() -> OpenApiRouter<ServerState> {
    OpenApiRouter::new()
        .routes(routes!(list_threads, create_thread))
        .routes(routes!(get_thread))
        .routes(routes!(reply))
        .routes(routes!(resolve))
        .routes(routes!(reopen))
        .routes(routes!(mark_read))
}

/// The `Idempotency-Key` header, if sent. Its shape (1–200 visible ASCII characters) is the
/// app's to check; only a value that is not text at all is refused here.
pub(super) fn idempotency_key(headers: &HeaderMap) -> ApiResult<Option<String>> {
    headers
        .get("idempotency-key")
        .map(|value| {
            value.to_str().map(str::to_owned).map_err(|_| {
                ApiError::invalid(
                    "Idempotency-Key",
                    "must be 1 to 200 visible ASCII characters",
                )
            })
        })
        .transpose()
}

/// A page of a list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListQuery {
    /// How many to return: 1 to 100 (default 50; larger values are capped).
    pub(super) limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub(super) cursor: Option<String>,
}

/// A channel's threads, newest activity first, each with its open asks.
#[utoipa::path(get, path = "/api/v1/channels/{id}/threads", tag = "threads", security(("bearer" = [])),
    params(("id" = String, Path, description = "channel id"), ListQuery),
    responses((status = 200, body = ThreadPage), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn list_threads(
    State(state): State<ServerState>,
    caller: Caller,
    ApiPath(channel_id): ApiPath<String>,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> ApiResult<Json<ThreadPage>> {
    let page = state
        .app
        .threads(
            &caller.actor,
            &channel_id,
            query.cursor.as_deref(),
            query.limit.unwrap_or(DEFAULT_LIMIT),
        )
        .await?;
    Ok(Json(page))
}

/// A thread to start: its title, its first message, and optionally an ask.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewThreadBody {
    /// 1 to 200 characters.
    title: String,
    /// Markdown, up to 64 KiB.
    body: String,
    request: Option<RequestBody>,
    /// Schedule instead of posting now: send at this instant (RFC 3339, in the future).
    #[schema(value_type = Option<String>, format = DateTime)]
    send_at: Option<Timestamp>,
    /// Schedule instead of posting now: send at the start of the one recipient's next working
    /// day (needs an ask to exactly one person).
    send_at_recipient_day_start: Option<bool>,
}

/// Starts a thread. Answers the whole new thread: its first message, and the ask with each
/// recipient's due time. With `Idempotency-Key`, a retry answers the same thread and creates
/// nothing new. With `send_at` or `send_at_recipient_day_start` it is scheduled instead:
/// 202 with the scheduled item (see `/api/v1/scheduled`).
#[utoipa::path(post, path = "/api/v1/channels/{id}/threads", tag = "threads", security(("bearer" = [])),
    params(("id" = String, Path, description = "channel id"),
        ("Idempotency-Key" = Option<String>, Header, description = "1 to 200 visible ASCII characters")),
    request_body = NewThreadBody,
    responses((status = 201, body = ThreadDetail), (status = 202, body = ScheduledView),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn create_thread(
    State(state): State<ServerState>,
    caller: Caller,
    ApiPath(channel_id): ApiPath<String>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<NewThreadBody>,
) -> ApiResult<Response> {
    let when = send_time(body.send_at, body.send_at_recipient_day_start)?;
    let input = NewThread {
        title: body.title,
        body: body.body,
        request: body.request.map(Into::into),
        idempotency_key: idempotency_key(&headers)?,
    };
    if let Some(when) = when {
        let scheduled = state
            .app
            .schedule_thread(&caller.actor, &channel_id, input, when)
            .await?;
        return Ok((StatusCode::ACCEPTED, Json(scheduled)).into_response());
    }
    let posted = state
        .app
        .post_thread(&caller.actor, &channel_id, input)
        .await?;
    // The detail is read after the write rather than built from it, so the answer has the
    // same shape as GET and a retry sees the thread as it is now, under the same ids.
    let detail = state.app.thread(&caller.actor, &posted.thread.id).await?;
    Ok((StatusCode::CREATED, Json(detail)).into_response())
}

/// The thread with its messages (oldest first, each with its edit history and reactions), its
/// requests and their obligations.
#[utoipa::path(get, path = "/api/v1/threads/{id}", tag = "threads", security(("bearer" = [])),
    params(("id" = String, Path, description = "thread id")),
    responses((status = 200, body = ThreadDetail), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn get_thread(
    State(state): State<ServerState>,
    caller: Caller,
    ApiPath(thread_id): ApiPath<String>,
) -> ApiResult<Json<ThreadDetail>> {
    Ok(Json(state.app.thread(&caller.actor, &thread_id).await?))
}

/// A reply, optionally with an ask.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewReplyBody {
    /// Markdown, up to 64 KiB.
    body: String,
    request: Option<RequestBody>,
    /// Schedule instead of posting now: send at this instant (RFC 3339, in the future).
    #[schema(value_type = Option<String>, format = DateTime)]
    send_at: Option<Timestamp>,
    /// Schedule instead of posting now: send at the start of the one recipient's next working
    /// day (needs an ask to exactly one person).
    send_at_recipient_day_start: Option<bool>,
}

/// Replies in a thread. A reply answers the author's open `reply` asks in the thread; their
/// ids are in `satisfied_request_ids`. With `Idempotency-Key`, a retry answers the first result
/// and creates nothing new. With `send_at` or `send_at_recipient_day_start` it is scheduled
/// instead: 202 with the scheduled item.
#[utoipa::path(post, path = "/api/v1/threads/{id}/messages", tag = "threads", security(("bearer" = [])),
    params(("id" = String, Path, description = "thread id"),
        ("Idempotency-Key" = Option<String>, Header, description = "1 to 200 visible ASCII characters")),
    request_body = NewReplyBody,
    responses((status = 201, body = Posted), (status = 202, body = ScheduledView),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn reply(
    State(state): State<ServerState>,
    caller: Caller,
    ApiPath(thread_id): ApiPath<String>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<NewReplyBody>,
) -> ApiResult<Response> {
    let when = send_time(body.send_at, body.send_at_recipient_day_start)?;
    let input = NewReply {
        body: body.body,
        request: body.request.map(Into::into),
        idempotency_key: idempotency_key(&headers)?,
    };
    if let Some(when) = when {
        let scheduled = state
            .app
            .schedule_reply(&caller.actor, &thread_id, input, when)
            .await?;
        return Ok((StatusCode::ACCEPTED, Json(scheduled)).into_response());
    }
    let posted = state.app.reply(&caller.actor, &thread_id, input).await?;
    Ok((StatusCode::CREATED, Json(posted)).into_response())
}

/// Marks the thread resolved; resolving a resolved thread changes nothing.
#[utoipa::path(post, path = "/api/v1/threads/{id}/resolve", tag = "threads", security(("bearer" = [])),
    params(("id" = String, Path, description = "thread id")),
    responses((status = 200, body = ThreadView), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn resolve(
    State(state): State<ServerState>,
    caller: Caller,
    ApiPath(thread_id): ApiPath<String>,
) -> ApiResult<Json<ThreadView>> {
    Ok(Json(
        state.app.resolve_thread(&caller.actor, &thread_id).await?,
    ))
}

/// Reopens a resolved thread; reopening an open thread changes nothing.
#[utoipa::path(post, path = "/api/v1/threads/{id}/reopen", tag = "threads", security(("bearer" = [])),
    params(("id" = String, Path, description = "thread id")),
    responses((status = 200, body = ThreadView), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn reopen(
    State(state): State<ServerState>,
    caller: Caller,
    ApiPath(thread_id): ApiPath<String>,
) -> ApiResult<Json<ThreadView>> {
    Ok(Json(
        state.app.reopen_thread(&caller.actor, &thread_id).await?,
    ))
}

/// Records that the caller has read the thread up to now.
#[utoipa::path(post, path = "/api/v1/threads/{id}/read", tag = "threads", security(("bearer" = [])),
    params(("id" = String, Path, description = "thread id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn mark_read(
    State(state): State<ServerState>,
    caller: Caller,
    ApiPath(thread_id): ApiPath<String>,
) -> ApiResult<StatusCode> {
    state.app.mark_read(&caller.actor, &thread_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
