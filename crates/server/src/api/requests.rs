//! Requests over HTTP: what recipients do with an ask (ack, done, decline, promise a new time),
//! what the requester does (waive), and the composer's preview of due times before sending.
//! Asks are created with a thread or a reply, in `threads`; [`RequestBody`] is their shape.

use axum::Json;
use axum::extract::State;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use sundial_app::AppError;
use sundial_app::requests::{NewRequest, PreviewInput, PreviewItem};
use sundial_app::views::RequestView;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::ServerState;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{ApiJson, ApiPath, Caller};

pub(super) fn router() -> OpenApiRouter<ServerState> {
    OpenApiRouter::new()
        .routes(routes!(acknowledge))
        .routes(routes!(complete))
        .routes(routes!(decline))
        .routes(routes!(promise))
        .routes(routes!(waive))
        .routes(routes!(preview))
}

/// An ask attached to a new thread or reply. Unknown `kind` or `urgency` values are refused
/// naming `request.kind` or `request.urgency`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RequestBody {
    /// `ack`, `reply`, `review` or `decision`.
    kind: String,
    /// Member ids of the recipients (1 to 100; not the caller).
    to: Vec<String>,
    /// `low`, `normal`, `high` or `urgent`: picks the channel's norm for the due time.
    urgency: String,
    /// An explicit due time for everyone, RFC 3339; wins over the channel's norms.
    #[schema(value_type = Option<String>, format = DateTime)]
    due_at: Option<Timestamp>,
}

impl From<RequestBody> for NewRequest {
    fn from(body: RequestBody) -> Self {
        NewRequest {
            kind: body.kind,
            to: body.to,
            urgency: body.urgency,
            due_at: body.due_at,
        }
    }
}

/// The recipient has seen the ask.
#[utoipa::path(post, path = "/api/v1/requests/{id}/ack", tag = "requests", security(("bearer" = [])),
    params(("id" = String, Path, description = "request id")),
    responses((status = 200, body = RequestView), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn acknowledge(
    State(state): State<ServerState>,
    caller: Caller,
    ApiPath(request_id): ApiPath<String>,
) -> ApiResult<Json<RequestView>> {
    Ok(Json(
        state.app.acknowledge(&caller.actor, &request_id).await?,
    ))
}

/// The recipient has done what was asked.
#[utoipa::path(post, path = "/api/v1/requests/{id}/done", tag = "requests", security(("bearer" = [])),
    params(("id" = String, Path, description = "request id")),
    responses((status = 200, body = RequestView), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn complete(
    State(state): State<ServerState>,
    caller: Caller,
    ApiPath(request_id): ApiPath<String>,
) -> ApiResult<Json<RequestView>> {
    Ok(Json(state.app.complete(&caller.actor, &request_id).await?))
}

/// The recipient will not do it.
#[utoipa::path(post, path = "/api/v1/requests/{id}/decline", tag = "requests", security(("bearer" = [])),
    params(("id" = String, Path, description = "request id")),
    responses((status = 200, body = RequestView), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn decline(
    State(state): State<ServerState>,
    caller: Caller,
    ApiPath(request_id): ApiPath<String>,
) -> ApiResult<Json<RequestView>> {
    Ok(Json(state.app.decline(&caller.actor, &request_id).await?))
}

/// A new due time the recipient commits to.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PromiseBody {
    /// RFC 3339, in the future.
    #[schema(value_type = String, format = DateTime)]
    due_at: Timestamp,
}

/// The recipient promises a new due time, which replaces the original for both sides.
#[utoipa::path(post, path = "/api/v1/requests/{id}/promise", tag = "requests", security(("bearer" = [])),
    params(("id" = String, Path, description = "request id")),
    request_body = PromiseBody,
    responses((status = 200, body = RequestView), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
async fn promise(
    State(state): State<ServerState>,
    caller: Caller,
    ApiPath(request_id): ApiPath<String>,
    ApiJson(body): ApiJson<PromiseBody>,
) -> ApiResult<Json<RequestView>> {
    let request = state
        .app
        .promise(&caller.actor, &request_id, body.due_at)
        .await?;
    Ok(Json(request))
}

/// The requester no longer needs an answer: every open obligation is waived.
#[utoipa::path(post, path = "/api/v1/requests/{id}/waive", tag = "requests", security(("bearer" = [])),
    params(("id" = String, Path, description = "request id")),
    responses((status = 200, body = RequestView), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn waive(
    State(state): State<ServerState>,
    caller: Caller,
    ApiPath(request_id): ApiPath<String>,
) -> ApiResult<Json<RequestView>> {
    Ok(Json(state.app.waive(&caller.actor, &request_id).await?))
}

/// An ask to preview: a request's fields, flat, with the channel and the send time.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PreviewBody {
    channel_id: String,
    /// Member ids of the recipients.
    to: Vec<String>,
    /// `ack`, `reply`, `review` or `decision`.
    kind: String,
    /// `low`, `normal`, `high` or `urgent`.
    urgency: String,
    /// An explicit due time, RFC 3339; wins over the channel's norms.
    #[schema(value_type = Option<String>, format = DateTime)]
    due_at: Option<Timestamp>,
    /// When the ask would be sent, RFC 3339 (default: now).
    #[schema(value_type = Option<String>, format = DateTime)]
    send_at: Option<Timestamp>,
}

/// Each recipient's due time for a previewed ask, in the order asked.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct PreviewList {
    items: Vec<PreviewItem>,
}

/// For each recipient: when the ask would be due (in UTC and on their wall clock) and whether
/// they work at the send time. Validates exactly as sending would; writes nothing.
#[utoipa::path(post, path = "/api/v1/requests/preview", tag = "requests", security(("bearer" = [])),
    request_body = PreviewBody,
    responses((status = 200, body = PreviewList), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn preview(
    State(state): State<ServerState>,
    caller: Caller,
    ApiJson(body): ApiJson<PreviewBody>,
) -> ApiResult<Json<PreviewList>> {
    let input = PreviewInput {
        channel_id: body.channel_id,
        request: NewRequest {
            kind: body.kind,
            to: body.to,
            urgency: body.urgency,
            due_at: body.due_at,
        },
        send_at: body.send_at,
    };
    let items = state
        .app
        .preview_request(&caller.actor, input)
        .await
        .map_err(flat_field)?;
    Ok(Json(PreviewList { items }))
}

/// The app names an ask's fields `request.kind`, as they are nested when sending; this body has
/// them at the top level, so the error names `kind`.
fn flat_field(error: AppError) -> ApiError {
    match error {
        AppError::Invalid(mut e) => {
            if let Some(field) = e.field.strip_prefix("request.") {
                e.field = field.to_owned();
            }
            AppError::Invalid(e).into()
        }
        other => other.into(),
    }
}
