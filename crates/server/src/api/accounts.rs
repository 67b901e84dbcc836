//! Accounts: first-run setup, sign-in and sign-out, the caller's profile and time off.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use serde::Deserialize;
use sundial_app::accounts::{
    LoginResult, MemberPatch, NewMember, NewWorkspace, SetupResult, StatusInput, TimeOffInput,
};
use sundial_app::views::MemberView;
use sundial_core::WeeklyHours;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::ServerState;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{ApiJson, Caller};

pub(super) fn router() -> OpenApiRouter<ServerState> {
    OpenApiRouter::new()
        .routes(routes!(setup))
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(me, update_me))
        .routes(routes!(add_time_off))
}

/// First-run setup.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct SetupBody {
    workspace_name: String,
    name: String,
    email: String,
    password: String,
    /// IANA time zone, e.g. `Europe/Lisbon`.
    time_zone: String,
}

/// Creates the workspace and its owner on a server that has none; 409 once one exists.
#[utoipa::path(post, path = "/api/v1/setup", tag = "accounts", request_body = SetupBody,
    responses((status = 201, body = SetupResult), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn setup(
    State(state): State<ServerState>,
    ApiJson(body): ApiJson<SetupBody>,
) -> ApiResult<(StatusCode, Json<SetupResult>)> {
    let result = state
        .app
        .setup(NewWorkspace {
            workspace_name: body.workspace_name,
            owner: NewMember {
                email: body.email,
                name: body.name,
                password: body.password,
                time_zone: body.time_zone,
                ..NewMember::default()
            },
        })
        .await?;
    Ok((StatusCode::CREATED, Json(result)))
}

/// Credentials.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct LoginBody {
    email: String,
    password: String,
}

/// Signs in; the token is shown once. Wrong password and unknown email answer alike (401);
/// repeated failures per account or per address answer 429 with `Retry-After`.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "accounts", request_body = LoginBody,
    responses((status = 200, body = LoginResult), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn login(
    State(state): State<ServerState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(body): ApiJson<LoginBody>,
) -> ApiResult<Json<LoginResult>> {
    let account = format!("email:{}", body.email.trim().to_lowercase());
    let keys = [account.clone(), format!("ip:{}", peer.ip())];
    state
        .login_limiter
        .check(&keys)
        .map_err(ApiError::rate_limited)?;
    match state.app.login(&body.email, &body.password).await {
        Ok(result) => {
            state.login_limiter.succeed(&account);
            Ok(Json(result))
        }
        Err(error) => {
            if matches!(error, sundial_app::AppError::Unauthenticated) {
                state.login_limiter.fail(&keys);
            }
            Err(error.into())
        }
    }
}

/// Revokes the token used for this request.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "accounts", security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody)))]
async fn logout(State(state): State<ServerState>, caller: Caller) -> ApiResult<StatusCode> {
    state.app.logout(&caller.token).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The caller, with their clock.
#[utoipa::path(get, path = "/api/v1/me", tag = "accounts", security(("bearer" = [])),
    responses((status = 200, body = MemberView), (status = 401, body = ErrorBody)))]
async fn me(State(state): State<ServerState>, caller: Caller) -> ApiResult<Json<MemberView>> {
    Ok(Json(state.app.me(&caller.actor).await?))
}

/// A status to set.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct StatusBody {
    /// `available`, `focus` or `away`.
    mode: String,
    text: Option<String>,
    emoji: Option<String>,
    /// When the status ends (RFC 3339); none = until cleared.
    #[schema(value_type = Option<String>, format = DateTime)]
    until: Option<jiff::Timestamp>,
}

/// Changes to the caller's profile; absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct MePatchBody {
    name: Option<String>,
    handle: Option<String>,
    time_zone: Option<String>,
    /// `{"mon": [["09:00","17:00"]], …, "sun": []}`
    #[schema(value_type = Option<Object>)]
    working_hours: Option<WeeklyHours>,
    status: Option<StatusBody>,
    /// `batched` (digests at check times, the default) or `immediate`.
    delivery_mode: Option<String>,
    /// Local check times, e.g. `["09:30", "13:00", "16:30"]`.
    check_times: Option<Vec<String>>,
    email_notifications: Option<bool>,
    /// Urgent asks reach me outside working hours too (unless away).
    urgent_off_hours: Option<bool>,
}

/// Updates the caller's name, handle, time zone, weekly hours, status or delivery preferences.
#[utoipa::path(patch, path = "/api/v1/me", tag = "accounts", security(("bearer" = [])), request_body = MePatchBody,
    responses((status = 200, body = MemberView), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn update_me(
    State(state): State<ServerState>,
    caller: Caller,
    ApiJson(body): ApiJson<MePatchBody>,
) -> ApiResult<Json<MemberView>> {
    let patch = MemberPatch {
        name: body.name,
        handle: body.handle,
        time_zone: body.time_zone,
        working_hours: body.working_hours,
        status: body.status.map(|s| StatusInput {
            mode: s.mode,
            text: s.text,
            emoji: s.emoji,
            until: s.until,
        }),
        delivery_mode: body.delivery_mode,
        check_times: body.check_times,
        email_notifications: body.email_notifications,
        urgent_off_hours: body.urgent_off_hours,
    };
    Ok(Json(state.app.update_me(&caller.actor, patch).await?))
}

/// Time off: inclusive local dates.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct TimeOffBody {
    /// `YYYY-MM-DD`
    start_date: String,
    /// `YYYY-MM-DD`, inclusive
    end_date: String,
    #[serde(default)]
    note: String,
}

/// Adds time off for the caller.
#[utoipa::path(post, path = "/api/v1/me/time-off", tag = "accounts", security(("bearer" = [])), request_body = TimeOffBody,
    responses((status = 201, body = MemberView), (status = 400, body = ErrorBody)))]
async fn add_time_off(
    State(state): State<ServerState>,
    caller: Caller,
    ApiJson(body): ApiJson<TimeOffBody>,
) -> ApiResult<(StatusCode, Json<MemberView>)> {
    let input = TimeOffInput {
        start_date: body.start_date,
        end_date: body.end_date,
        note: body.note,
    };
    Ok((
        StatusCode::CREATED,
        Json(state.app.add_time_off(&caller.actor, input).await?),
    ))
}
