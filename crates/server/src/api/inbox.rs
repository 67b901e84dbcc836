//! The inbox: what needs the caller (overdue first, then by due time), what they wait on, and
//! the followed threads with something new. Building and paging the lists is the app's; this
//! only serves them.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use sundial_app::inbox::{Inbox, InboxPaging};
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::ServerState;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{ApiQuery, Caller};

pub(super) fn router() -> OpenApiRouter<ServerState> {
    OpenApiRouter::new().routes(routes!(inbox))
}

/// Which page of each list. Each list has its own cursor, so paging one leaves the others at
/// their first page.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct InboxQuery {
    /// Entries per list: 1 to 500 (default 50).
    limit: Option<i64>,
    /// The `needs_me_next_cursor` of the previous answer: the next page of `needs_me`.
    needs_me_cursor: Option<String>,
    /// The `waiting_on_next_cursor` of the previous answer: the next page of `waiting_on`.
    waiting_on_cursor: Option<String>,
    /// The `unread_next_cursor` of the previous answer: the next page of `unread`.
    unread_cursor: Option<String>,
}

/// The caller's inbox: `needs_me` (asks they owe, overdue first, then by `due_at`),
/// `waiting_on` (asks they made that are still open, by `due_at`) and `unread` (followed threads
/// with news, newest activity first). Each list is a page of `limit` entries with its own
/// opaque cursor: `needs_me_next_cursor`, `waiting_on_next_cursor` and `unread_next_cursor` are
/// `null` on a list's last page; pass one back as `needs_me_cursor`, `waiting_on_cursor` or
/// `unread_cursor` for that list's next page. A cursor this server did not give out is a 400
/// naming its parameter.
#[utoipa::path(get, path = "/api/v1/inbox", tag = "inbox", security(("bearer" = [])),
    params(InboxQuery),
    responses((status = 200, body = Inbox), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody)))]
async fn inbox(
    State(state): State<ServerState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<InboxQuery>,
) -> ApiResult<Json<Inbox>> {
    let paging = InboxPaging {
        limit: query.limit,
        needs_me_cursor: query.needs_me_cursor,
        waiting_on_cursor: query.waiting_on_cursor,
        unread_cursor: query.unread_cursor,
    };
    Ok(Json(state.app.inbox_page(&caller.actor, &paging).await?))
}
