//! Messages after posting: the author's edits (history kept, shown in the thread) and reactions.
//! Posting a message is a reply, in `threads`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use sundial_app::threads::{MessageView, ReactionView};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::ServerState;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{ApiJson, ApiPath, Caller};

pub(super) fn router() -> OpenApiRouter<ServerState> {
    OpenApiRouter::new()
        .routes(routes!(edit_message))
        .routes(routes!(react))
}

/// A message's new body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct MessagePatchBody {
    /// Markdown, up to 64 KiB.
    body: String,
}

/// The author replaces a message's body. The previous body stays readable in the message's
/// `edits`; anyone else gets 403.
#[utoipa::path(patch, path = "/api/v1/messages/{id}", tag = "messages", security(("bearer" = [])),
    params(("id" = String, Path, description = "message id")),
    request_body = MessagePatchBody,
    responses((status = 200, body = MessageView), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn edit_message(
    State(state): State<ServerState>,
    caller: Caller,
    ApiPath(message_id): ApiPath<String>,
    ApiJson(body): ApiJson<MessagePatchBody>,
) -> ApiResult<Json<MessageView>> {
    let message = state
        .app
        .edit_message(&caller.actor, &message_id, &body.body)
        .await?;
    Ok(Json(message))
}

/// A reaction to add.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReactionBody {
    /// An emoji, or its `:short_code:`.
    emoji: String,
}

/// Adds the caller's reaction. Reactions are idempotent by nature: the same emoji from the same
/// member again (a retry, with or without `Idempotency-Key`) answers the reaction first stored
/// and adds nothing.
#[utoipa::path(post, path = "/api/v1/messages/{id}/reactions", tag = "messages", security(("bearer" = [])),
    params(("id" = String, Path, description = "message id"),
        ("Idempotency-Key" = Option<String>, Header, description = "accepted; reactions need none")),
    request_body = ReactionBody,
    responses((status = 201, body = ReactionView), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn react(
    State(state): State<ServerState>,
    caller: Caller,
    ApiPath(message_id): ApiPath<String>,
    ApiJson(body): ApiJson<ReactionBody>,
) -> ApiResult<(StatusCode, Json<ReactionView>)> {
    let reaction = state
        .app
        .react(&caller.actor, &message_id, &body.emoji)
        .await?;
    Ok((StatusCode::CREATED, Json(reaction)))
}
