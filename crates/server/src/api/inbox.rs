//! The inbox: what needs the caller (overdue first, then by due time), what they wait on, and
//! the followed threads with something new. Building the lists is the app's; this only serves them.

use axum::Json;
use axum::extract::State;
use sundial_app::inbox::Inbox;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::ServerState;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::Caller;

pub(super) fn router() -> OpenApiRouter<ServerState> {
    OpenApiRouter::new().routes(routes!(inbox))
}

/// The caller's inbox: `needs_me` (asks they owe, overdue first, then by `due_at`),
/// `waiting_on` (asks they made that are still open) and `unread` (followed threads with news).
/// Each list holds at most 500 entries: the inbox is a to-do list, not an archive, so it is not
/// paged.
#[utoipa::path(get, path = "/api/v1/inbox", tag = "inbox", security(("bearer" = [])),
    responses((status = 200, body = Inbox), (status = 401, body = ErrorBody)))]
async fn inbox(State(state): State<ServerState>, caller: Caller) -> ApiResult<Json<Inbox>> {
    Ok(Json(state.app.inbox(&caller.actor).await?))
}
