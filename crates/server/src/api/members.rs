//! Members: the workspace's member list with everyone's clock, admins adding members, and the
//! workspace's holidays. Permission checks and validation are the app's; this only translates.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use sundial_app::accounts::NewMember;
use sundial_app::views::MemberView;
use sundial_core::WeeklyHours;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::ServerState;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{ApiJson, Caller};

pub(super) fn router() -> OpenApiRouter<ServerState> {
    OpenApiRouter::new()
        .routes(routes!(list_members, add_member))
        .routes(routes!(set_holidays))
}

/// The members of the caller's workspace, in the list shape of DESIGN §6. The whole list is
/// one page (`next_cursor` is always null): a workspace's members fit in one answer, and the
/// shape lets paging arrive later without breaking clients.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct MemberPage {
    items: Vec<MemberView>,
    next_cursor: Option<String>,
}

/// Everyone in the caller's workspace by name, each with their local time, whether they work
/// now, when they next start and their status.
#[utoipa::path(get, path = "/api/v1/members", tag = "members", security(("bearer" = [])),
    responses((status = 200, body = MemberPage), (status = 401, body = ErrorBody)))]
async fn list_members(
    State(state): State<ServerState>,
    caller: Caller,
) -> ApiResult<Json<MemberPage>> {
    let items = state.app.members(&caller.actor).await?;
    Ok(Json(MemberPage {
        items,
        next_cursor: None,
    }))
}

/// A member to add.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewMemberBody {
    email: String,
    name: String,
    /// Defaults to one made from the email's local part.
    handle: Option<String>,
    /// Their first password; they can sign in with it at once.
    password: String,
    /// IANA time zone, e.g. `Asia/Tokyo`.
    time_zone: String,
    /// `{"mon": [["09:00","17:00"]], …, "sun": []}`; defaults to Monday–Friday 09:00–17:00.
    #[schema(value_type = Option<Object>)]
    working_hours: Option<WeeklyHours>,
    /// `owner`, `admin`, `member` (the default) or `guest`. Only an owner adds an owner.
    role: Option<String>,
}

/// Admins add a member to their workspace (403 for everyone else).
#[utoipa::path(post, path = "/api/v1/members", tag = "members", security(("bearer" = [])),
    request_body = NewMemberBody,
    responses((status = 201, body = MemberView), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
async fn add_member(
    State(state): State<ServerState>,
    caller: Caller,
    ApiJson(body): ApiJson<NewMemberBody>,
) -> ApiResult<(StatusCode, Json<MemberView>)> {
    let input = NewMember {
        email: body.email,
        name: body.name,
        handle: body.handle,
        password: body.password,
        time_zone: body.time_zone,
        working_hours: body.working_hours,
        role: body.role,
    };
    let member = state.app.add_member(&caller.actor, input).await?;
    Ok((StatusCode::CREATED, Json(member)))
}

/// The workspace's holidays: local dates, observed in each member's own zone.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Holidays {
    /// `YYYY-MM-DD` dates; the answer has them sorted and without duplicates.
    dates: Vec<String>,
}

/// Admins replace the workspace's holidays with these dates (403 for everyone else).
#[utoipa::path(put, path = "/api/v1/workspace/holidays", tag = "workspace", security(("bearer" = [])),
    request_body = Holidays,
    responses((status = 200, body = Holidays), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn set_holidays(
    State(state): State<ServerState>,
    caller: Caller,
    ApiJson(body): ApiJson<Holidays>,
) -> ApiResult<Json<Holidays>> {
    let dates = state.app.set_holidays(&caller.actor, body.dates).await?;
    Ok(Json(Holidays { dates }))
}
