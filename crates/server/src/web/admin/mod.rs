//! `/admin`, for owners and admins: the members (and adding one with a role), the workspace's
//! holidays, and its default norms. Each form calls its use case (`add_member`,
//! `set_holidays`, `set_workspace_norms`), which also checks the role; a refused value is shown
//! beside its field with what was typed kept.

mod forms;

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use serde::Deserialize;
use sundial_app::AppError;

use super::csrf::CsrfForm;
use super::norms::{self, NormFields, UNITS};
use super::page::{Layout, PageResult, WebError, render, render_with};
use super::session::Viewer;
use super::setup::{FieldError, time_zones};
use super::when;
use crate::ServerState;
use forms::{AdminForms, HolidaysInput, MemberInput, ROLES};

pub(super) fn router() -> Router<ServerState> {
    Router::new()
        .route("/admin", get(show))
        .route("/admin/members", post(add_member))
        .route("/admin/holidays", post(holidays))
        .route("/admin/norms", post(set_norms))
}

#[derive(Template)]
#[template(path = "admin.html")]
struct AdminPage {
    layout: Layout,
    members: Vec<MemberLine>,
    forms: AdminForms,
    norms_now: String,
    error: Option<FieldError>,
    saved: bool,
    zones: Vec<String>,
    roles: [&'static str; 4],
    units: Vec<(&'static str, &'static str)>,
}

impl AdminPage {
    fn error_for(&self, field: &str) -> Option<&str> {
        self.error.as_ref().and_then(|e| e.on(field))
    }
}

#[derive(Debug)]
struct MemberLine {
    name: String,
    email: String,
    role: String,
    place: String,
    their_now: String,
}

/// `?saved=1` after a successful change.
#[derive(Debug, Default, Deserialize)]
struct Shown {
    saved: Option<String>,
}

async fn show(
    State(state): State<ServerState>,
    viewer: Viewer,
    Query(shown): Query<Shown>,
) -> PageResult {
    let forms = AdminForms::load(&state, &viewer).await?;
    let mut page = page(&state, &viewer, forms, None).await?;
    page.saved = shown.saved.is_some();
    render(&page)
}

async fn add_member(
    State(state): State<ServerState>,
    viewer: Viewer,
    CsrfForm(input): CsrfForm<MemberInput>,
) -> PageResult {
    let result = state
        .app
        .add_member(&viewer.actor, input.new_member())
        .await;
    saved_or_shown(&state, &viewer, result.map(|_| ()), "#members", |forms| {
        forms.member = MemberInput {
            password: String::new(),
            ..input
        };
    })
    .await
}

async fn holidays(
    State(state): State<ServerState>,
    viewer: Viewer,
    CsrfForm(input): CsrfForm<HolidaysInput>,
) -> PageResult {
    let result = state.app.set_holidays(&viewer.actor, input.dates()).await;
    saved_or_shown(&state, &viewer, result.map(|_| ()), "#holidays", |forms| {
        forms.holidays = input;
    })
    .await
}

async fn set_norms(
    State(state): State<ServerState>,
    viewer: Viewer,
    CsrfForm(input): CsrfForm<NormFields>,
) -> PageResult {
    let result = match input.to_override() {
        Ok(overrides) => state
            .app
            .set_workspace_norms(&viewer.actor, overrides)
            .await
            .map(|_| ())
            .map_err(WebError::from),
        Err(e) => Err(e),
    };
    let result = match result {
        Ok(()) => Ok(()),
        Err(WebError::Invalid { field, message }) => Err(FieldError { field, message }),
        Err(other) => return Err(other),
    };
    shown(&state, &viewer, result, "#norms", |forms| {
        forms.norms = input
    })
    .await
}

/// After a change: back to the page at its section, or the page again with the error.
async fn saved_or_shown(
    state: &ServerState,
    viewer: &Viewer,
    result: Result<(), AppError>,
    section: &str,
    keep_typed: impl FnOnce(&mut AdminForms),
) -> PageResult {
    let result = match result.map_err(WebError::from) {
        Ok(()) => Ok(()),
        Err(WebError::Invalid { field, message }) => Err(FieldError { field, message }),
        Err(WebError::Conflict(message)) => Err(FieldError {
            field: "email".to_owned(),
            message,
        }),
        Err(other) => return Err(other),
    };
    shown(state, viewer, result, section, keep_typed).await
}

async fn shown(
    state: &ServerState,
    viewer: &Viewer,
    result: Result<(), FieldError>,
    section: &str,
    keep_typed: impl FnOnce(&mut AdminForms),
) -> PageResult {
    let error = match result {
        Ok(()) => return Ok(Redirect::to(&format!("/admin?saved=1{section}")).into_response()),
        Err(error) => forms::one_field_per_list(error),
    };
    let mut forms = AdminForms::load(state, viewer).await?;
    keep_typed(&mut forms);
    let page = page(state, viewer, forms, Some(error)).await?;
    render_with(StatusCode::BAD_REQUEST, &page)
}

async fn page(
    state: &ServerState,
    viewer: &Viewer,
    forms: AdminForms,
    error: Option<FieldError>,
) -> Result<AdminPage, WebError> {
    if !viewer.actor.is_admin() {
        return Err(WebError::Forbidden(
            "Only the workspace's owners and admins manage it.".to_owned(),
        ));
    }
    let now = state.app.now();
    let members = state
        .app
        .members(&viewer.actor)
        .await?
        .into_iter()
        .map(|m| MemberLine {
            place: when::place(&m.time_zone),
            their_now: when::local(now, &m.time_zone),
            name: m.name,
            email: m.email,
            role: m.role,
        })
        .collect();
    let norms_now = norms::summary(&state.app.workspace_norms(&viewer.actor).await?.norms);
    Ok(AdminPage {
        layout: viewer.layout("Admin", "admin"),
        members,
        forms,
        norms_now,
        error,
        saved: false,
        zones: time_zones(),
        roles: ROLES,
        units: UNITS
            .iter()
            .map(|(value, label, ..)| (*value, *label))
            .collect(),
    })
}
