//! Channels: listing the ones the caller may see, creating them with norms, and adding or
//! removing members. Who may see what is decided once, in the app: a channel the caller cannot
//! see answers 404 exactly like one that does not exist.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use sundial_app::channels::NewChannel;
use sundial_app::views::ChannelView;
use sundial_core::NormsOverride;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::ServerState;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{ApiJson, ApiPath, Caller};

pub(super) fn router() -> OpenApiRouter<ServerState> {
    OpenApiRouter::new()
        .routes(routes!(list_channels, create_channel))
        .routes(routes!(get_channel))
        .routes(routes!(add_channel_members))
        .routes(routes!(remove_channel_member))
}

/// The channels the caller may see, in the list shape of DESIGN §6. The whole list is one page
/// (`next_cursor` is always null) until workspaces grow channels by the thousand.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ChannelPage {
    items: Vec<ChannelView>,
    next_cursor: Option<String>,
}

/// Every public channel of the caller's workspace and the private ones they are in, by name.
/// Guests see only the channels they were added to.
#[utoipa::path(get, path = "/api/v1/channels", tag = "channels", security(("bearer" = [])),
    responses((status = 200, body = ChannelPage), (status = 401, body = ErrorBody)))]
async fn list_channels(
    State(state): State<ServerState>,
    caller: Caller,
) -> ApiResult<Json<ChannelPage>> {
    let items = state.app.channels(&caller.actor).await?;
    Ok(Json(ChannelPage {
        items,
        next_cursor: None,
    }))
}

/// A channel to create.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewChannelBody {
    /// Lowercased, spaces become `-`: `Incidents Room` is `incidents-room`.
    name: String,
    /// Defaults to none.
    #[serde(default)]
    purpose: String,
    /// Seen by its members only. Defaults to false.
    #[serde(default)]
    private: bool,
    /// Norms for some urgencies, over the workspace's:
    /// `{"normal": {"minutes": 120, "clock": "wall"}}`.
    #[schema(value_type = Option<Object>)]
    norms: Option<NormsOverride>,
}

/// Creates a channel with the caller as its first member. Guests may not (403).
#[utoipa::path(post, path = "/api/v1/channels", tag = "channels", security(("bearer" = [])),
    request_body = NewChannelBody,
    responses((status = 201, body = ChannelView), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
async fn create_channel(
    State(state): State<ServerState>,
    caller: Caller,
    ApiJson(body): ApiJson<NewChannelBody>,
) -> ApiResult<(StatusCode, Json<ChannelView>)> {
    let input = NewChannel {
        name: body.name,
        purpose: body.purpose,
        private: body.private,
        norms: body.norms,
    };
    let channel = state.app.create_channel(&caller.actor, input).await?;
    Ok((StatusCode::CREATED, Json(channel)))
}

/// One channel, with its effective norms. 404 when the caller may not see it.
#[utoipa::path(get, path = "/api/v1/channels/{id}", tag = "channels", security(("bearer" = [])),
    params(("id" = String, Path, description = "The channel's id")),
    responses((status = 200, body = ChannelView), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn get_channel(
    State(state): State<ServerState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<ChannelView>> {
    Ok(Json(state.app.channel(&caller.actor, &id).await?))
}

/// A channel's member ids.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ChannelMembers {
    member_ids: Vec<String>,
}

/// Adds members of the workspace to a channel the caller may see (404 otherwise); guests may
/// not (403). Adding someone already there changes nothing. Answers the members after.
#[utoipa::path(post, path = "/api/v1/channels/{id}/members", tag = "channels",
    security(("bearer" = [])), request_body = ChannelMembers,
    params(("id" = String, Path, description = "The channel's id")),
    responses((status = 200, body = ChannelMembers), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn add_channel_members(
    State(state): State<ServerState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<ChannelMembers>,
) -> ApiResult<Json<ChannelMembers>> {
    let member_ids = state
        .app
        .add_channel_members(&caller.actor, &id, body.member_ids)
        .await?;
    Ok(Json(ChannelMembers { member_ids }))
}

/// Removes a member from a channel the caller may see (404 otherwise, or when they are not in
/// it). Anyone may leave; only admins remove others (403).
#[utoipa::path(delete, path = "/api/v1/channels/{id}/members/{member_id}", tag = "channels",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The channel's id"),
        ("member_id" = String, Path, description = "The member to remove; the caller's own id to leave")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn remove_channel_member(
    State(state): State<ServerState>,
    caller: Caller,
    ApiPath((id, member_id)): ApiPath<(String, String)>,
) -> ApiResult<StatusCode> {
    state
        .app
        .remove_channel_member(&caller.actor, &id, &member_id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
