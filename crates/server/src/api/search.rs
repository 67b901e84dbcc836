//! Search over the threads and messages the caller may see. Ranking, visibility and the
//! `<mark>` snippets are the app's and the store's; this validates the query string and wraps
//! the answer in the list shape.

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use sundial_app::search::SearchResult;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::ServerState;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{ApiQuery, Caller};

/// Results per answer when the caller names no limit.
const DEFAULT_LIMIT: i64 = 20;
/// The most results one answer holds.
const MAX_LIMIT: i64 = 100;

pub(super) fn router() -> OpenApiRouter<ServerState> {
    OpenApiRouter::new().routes(routes!(search))
}

/// What to search for.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct SearchQuery {
    /// Plain words (no operator syntax), at most 200 characters.
    q: Option<String>,
    /// Results wanted, 1 to 100 (default 20; more than 100 answers 100).
    limit: Option<i64>,
    /// Reserved for paging; no answer hands one out yet, so any value is rejected.
    cursor: Option<String>,
}

/// Search results, best first.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SearchPage {
    items: Vec<SearchResult>,
    /// Always null for now: one page of the best matches. The list shape lets paging arrive
    /// later without breaking clients.
    next_cursor: Option<String>,
}

/// Threads (by title) and messages (by body) the caller may see, best first, each with an
/// HTML-escaped snippet whose matches are wrapped in `<mark>…</mark>`. Private channels the
/// caller is not in never contribute.
#[utoipa::path(get, path = "/api/v1/search", tag = "search", security(("bearer" = [])),
    params(SearchQuery),
    responses((status = 200, body = SearchPage), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody)))]
async fn search(
    State(state): State<ServerState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<SearchQuery>,
) -> ApiResult<Json<SearchPage>> {
    let limit = match query.limit {
        None => DEFAULT_LIMIT,
        Some(limit) if limit < 1 => return Err(ApiError::invalid("limit", "must be at least 1")),
        Some(limit) => limit.min(MAX_LIMIT),
    };
    if query.cursor.is_some() {
        return Err(ApiError::invalid(
            "cursor",
            "is not one this server handed out",
        ));
    }
    // A missing `q` is the same mistake as an empty one; the app names the field.
    let q = query.q.unwrap_or_default();
    let items = state.app.search(&caller.actor, &q, limit).await?;
    Ok(Json(SearchPage {
        items,
        next_cursor: None,
    }))
}
