//! Notifications and digests over HTTP: the caller's delivered notifications (held ones stay
//! invisible until their instant), marking them read, and their digests with sections. The
//! rules (who sees what, when it is delivered) are the app's; this only translates.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use sundial_app::notifications::{DigestPage, DigestView, NotificationPage};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::ServerState;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{ApiPath, ApiQuery, Caller};

pub(super) fn router() -> OpenApiRouter<ServerState> {
    OpenApiRouter::new()
        .routes(routes!(list_notifications))
        .routes(routes!(mark_read))
        .routes(routes!(mark_all_read))
        .routes(routes!(list_digests))
        .routes(routes!(get_digest))
}

/// A page of notifications.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct NotificationQuery {
    /// How many to return: 1 to 200 (default 50).
    limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    cursor: Option<String>,
    /// Only those not read yet.
    unread: Option<bool>,
}

/// A page of digests.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct DigestQuery {
    /// How many to return: 1 to 200 (default 50).
    limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// How many notifications were marked read.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Marked {
    marked: u64,
}

/// The caller's delivered notifications, newest first.
#[utoipa::path(get, path = "/api/v1/notifications", tag = "notifications",
    security(("bearer" = [])), params(NotificationQuery),
    responses((status = 200, body = NotificationPage), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody)))]
async fn list_notifications(
    State(state): State<ServerState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<NotificationQuery>,
) -> ApiResult<Json<NotificationPage>> {
    let page = state
        .app
        .notifications(
            &caller.actor,
            query.cursor.as_deref(),
            query.limit,
            query.unread.unwrap_or(false),
        )
        .await?;
    Ok(Json(page))
}

/// Marks one of the caller's notifications read.
#[utoipa::path(post, path = "/api/v1/notifications/{id}/read", tag = "notifications",
    security(("bearer" = [])), params(("id" = String, Path, description = "notification id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn mark_read(
    State(state): State<ServerState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<StatusCode> {
    state.app.mark_notification_read(&caller.actor, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Marks all the caller's delivered notifications read.
#[utoipa::path(post, path = "/api/v1/notifications/read", tag = "notifications",
    security(("bearer" = [])),
    responses((status = 200, body = Marked), (status = 401, body = ErrorBody)))]
async fn mark_all_read(
    State(state): State<ServerState>,
    caller: Caller,
) -> ApiResult<Json<Marked>> {
    let marked = state.app.mark_all_notifications_read(&caller.actor).await?;
    Ok(Json(Marked { marked }))
}

/// The caller's digests, newest first, each with its sections.
#[utoipa::path(get, path = "/api/v1/digests", tag = "notifications",
    security(("bearer" = [])), params(DigestQuery),
    responses((status = 200, body = DigestPage), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody)))]
async fn list_digests(
    State(state): State<ServerState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<DigestQuery>,
) -> ApiResult<Json<DigestPage>> {
    let page = state
        .app
        .digests(&caller.actor, query.cursor.as_deref(), query.limit)
        .await?;
    Ok(Json(page))
}

/// One of the caller's digests: asks coming due or overdue, new asks, mentions, news of the
/// caller's own asks, then followed-thread activity per thread.
#[utoipa::path(get, path = "/api/v1/digests/{id}", tag = "notifications",
    security(("bearer" = [])), params(("id" = String, Path, description = "digest id")),
    responses((status = 200, body = DigestView), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn get_digest(
    State(state): State<ServerState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<DigestView>> {
    Ok(Json(state.app.digest(&caller.actor, &id).await?))
}
