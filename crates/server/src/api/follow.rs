//! Following and muting a thread over HTTP: `PUT`/`DELETE` on `/threads/{id}/follow` and
//! `/threads/{id}/mute`, and `GET` of the caller's state. Each answers the resulting state.

use axum::Json;
use axum::extract::State;
use sundial_app::threads::FollowState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::ServerState;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{ApiPath, Caller};

pub(super) fn router() -> OpenApiRouter<ServerState> {
    OpenApiRouter::new()
        .routes(routes!(follow_state, follow, unfollow))
        .routes(routes!(mute, unmute))
}

/// Whether the caller follows the thread, and muted it.
#[utoipa::path(get, path = "/api/v1/threads/{id}/follow", tag = "threads",
    security(("bearer" = [])), params(("id" = String, Path, description = "thread id")),
    responses((status = 200, body = FollowState), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn follow_state(
    State(state): State<ServerState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<FollowState>> {
    Ok(Json(state.app.follow_state(&caller.actor, &id).await?))
}

/// Follows the thread: replies to it notify the caller.
#[utoipa::path(put, path = "/api/v1/threads/{id}/follow", tag = "threads",
    security(("bearer" = [])), params(("id" = String, Path, description = "thread id")),
    responses((status = 200, body = FollowState), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn follow(
    State(state): State<ServerState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<FollowState>> {
    Ok(Json(state.app.follow_thread(&caller.actor, &id).await?))
}

/// Stops following the thread (until the caller takes part in it again).
#[utoipa::path(delete, path = "/api/v1/threads/{id}/follow", tag = "threads",
    security(("bearer" = [])), params(("id" = String, Path, description = "thread id")),
    responses((status = 200, body = FollowState), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn unfollow(
    State(state): State<ServerState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<FollowState>> {
    Ok(Json(state.app.unfollow_thread(&caller.actor, &id).await?))
}

/// Mutes the thread: replies no longer notify; asks and mentions still do.
#[utoipa::path(put, path = "/api/v1/threads/{id}/mute", tag = "threads",
    security(("bearer" = [])), params(("id" = String, Path, description = "thread id")),
    responses((status = 200, body = FollowState), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn mute(
    State(state): State<ServerState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<FollowState>> {
    Ok(Json(state.app.mute_thread(&caller.actor, &id).await?))
}

/// Unmutes the thread, still following it.
#[utoipa::path(delete, path = "/api/v1/threads/{id}/mute", tag = "threads",
    security(("bearer" = [])), params(("id" = String, Path, description = "thread id")),
    responses((status = 200, body = FollowState), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn unmute(
    State(state): State<ServerState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<FollowState>> {
    Ok(Json(state.app.unmute_thread(&caller.actor, &id).await?))
}
