//! `/settings`: the signed-in member's profile, time zone, weekly working hours, status (with
//! one-click focus), notification delivery and time off. Each section is its own form posting
//! to its own path; all go through `App::update_me` (or `focus`, `add_time_off`), and a
//! refused value is shown beside its field with what was typed kept.

mod form;

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use sundial_app::accounts::{FocusLength, TimeOffInput, TimeOffView};
use sundial_app::views::MemberView;

use super::csrf::CsrfForm;
use super::page::{Layout, PageResult, WebError, render, render_with};
use super::session::Viewer;
use super::setup::{FieldError, time_zones};
use super::when;
use crate::ServerState;
use form::{
    DAYS, DeliveryInput, FocusInput, HoursInput, ProfileInput, SettingsForms, StatusFields,
    TimeOffFields,
};

pub(super) fn router() -> Router<ServerState> {
    Router::new()
        .route("/settings", get(show))
        .route("/settings/profile", post(profile))
        .route("/settings/hours", post(hours))
        .route("/settings/status", post(status))
        .route("/settings/focus", post(focus))
        .route("/settings/delivery", post(delivery))
        .route("/settings/time-off", post(time_off))
}

#[derive(Template)]
#[template(path = "settings.html")]
struct SettingsPage {
    layout: Layout,
    forms: SettingsForms,
    error: Option<FieldError>,
    zones: Vec<String>,
    /// The weekdays as `(field, label, text)`.
    days: Vec<(&'static str, &'static str, String)>,
    /// The status in force now, in words ("Focusing until Mon 9 Mar, 16:00").
    status_now: String,
    time_off: Vec<TimeOffView>,
    /// A one-line confirmation after a successful save.
    saved: bool,
}

impl SettingsPage {
    fn error_for(&self, field: &str) -> Option<&str> {
        self.error.as_ref().and_then(|e| e.on(field))
    }
}

/// `?saved=1` after a successful save, to confirm it.
#[derive(Debug, Default, serde::Deserialize)]
struct Shown {
    saved: Option<String>,
}

async fn show(
    State(state): State<ServerState>,
    viewer: Viewer,
    Query(shown): Query<Shown>,
) -> PageResult {
    let forms = SettingsForms::of(&viewer.me);
    let mut page = page(&state, &viewer, &viewer.me, forms, None).await?;
    page.saved = shown.saved.is_some();
    render(&page)
}

async fn profile(
    State(state): State<ServerState>,
    viewer: Viewer,
    CsrfForm(input): CsrfForm<ProfileInput>,
) -> PageResult {
    let result = state.app.update_me(&viewer.actor, input.patch()).await;
    saved_or_shown(&state, &viewer, result.map(|_| ()), "#profile", |forms| {
        forms.profile = input;
    })
    .await
}

async fn hours(
    State(state): State<ServerState>,
    viewer: Viewer,
    CsrfForm(input): CsrfForm<HoursInput>,
) -> PageResult {
    let result = match input.patch() {
        Ok(patch) => state.app.update_me(&viewer.actor, patch).await.map(|_| ()),
        Err(e) => Err(e),
    };
    saved_or_shown(&state, &viewer, result, "#hours", |forms| {
        forms.hours = input
    })
    .await
}

async fn status(
    State(state): State<ServerState>,
    viewer: Viewer,
    CsrfForm(input): CsrfForm<StatusFields>,
) -> PageResult {
    let result = match input.patch(&viewer.me.time_zone) {
        Ok(patch) => state.app.update_me(&viewer.actor, patch).await.map(|_| ()),
        Err(e) => Err(e),
    };
    saved_or_shown(&state, &viewer, result, "#status", |forms| {
        forms.status = input
    })
    .await
}

async fn focus(
    State(state): State<ServerState>,
    viewer: Viewer,
    CsrfForm(input): CsrfForm<FocusInput>,
) -> PageResult {
    let result = match FocusLength::parse(&input.length) {
        Ok(length) => state.app.focus(&viewer.actor, length).await.map(|_| ()),
        Err(e) => Err(e),
    };
    saved_or_shown(&state, &viewer, result, "#status", |_| {}).await
}

async fn delivery(
    State(state): State<ServerState>,
    viewer: Viewer,
    CsrfForm(input): CsrfForm<DeliveryInput>,
) -> PageResult {
    let result = state.app.update_me(&viewer.actor, input.patch()).await;
    saved_or_shown(&state, &viewer, result.map(|_| ()), "#delivery", |forms| {
        forms.delivery = input;
    })
    .await
}

async fn time_off(
    State(state): State<ServerState>,
    viewer: Viewer,
    CsrfForm(input): CsrfForm<TimeOffFields>,
) -> PageResult {
    let new = TimeOffInput {
        start_date: input.start_date.clone(),
        end_date: input.end_date.clone(),
        note: input.note.clone(),
    };
    let result = state.app.add_time_off(&viewer.actor, new).await;
    saved_or_shown(&state, &viewer, result.map(|_| ()), "#time-off", |forms| {
        forms.time_off = input;
    })
    .await
}

/// After a save: back to the page (at the section, marked saved), or, when a value was
/// refused, the page again with the error beside its field and the typed values kept.
async fn saved_or_shown(
    state: &ServerState,
    viewer: &Viewer,
    result: Result<(), sundial_app::AppError>,
    section: &str,
    keep_typed: impl FnOnce(&mut SettingsForms),
) -> PageResult {
    let error = match result.map_err(WebError::from) {
        Ok(()) => return Ok(Redirect::to(&format!("/settings?saved=1{section}")).into_response()),
        Err(WebError::Invalid { field, message }) => FieldError {
            // `check_times[1]` → `check_times`: the form has one field for the list.
            field: field.split('[').next().unwrap_or(&field).to_owned(),
            message,
        },
        Err(other) => return Err(other),
    };
    let mut forms = SettingsForms::of(&viewer.me);
    keep_typed(&mut forms);
    let page = page(state, viewer, &viewer.me, forms, Some(error)).await?;
    render_with(StatusCode::BAD_REQUEST, &page)
}

async fn page(
    state: &ServerState,
    viewer: &Viewer,
    me: &MemberView,
    forms: SettingsForms,
    error: Option<FieldError>,
) -> Result<SettingsPage, WebError> {
    let time_off = state.app.my_time_off(&viewer.actor).await?;
    let days = DAYS
        .iter()
        .zip(forms.hours.days())
        .map(|((field, label), text)| (*field, *label, text.to_owned()))
        .collect();
    Ok(SettingsPage {
        layout: viewer.layout("Settings", "settings"),
        status_now: status_in_words(me, &me.time_zone),
        days,
        forms,
        error,
        zones: time_zones(),
        time_off,
        saved: false,
    })
}

/// The status in force, in words, its end on the clock of `zone`.
pub(crate) fn status_in_words(me: &MemberView, zone: &str) -> String {
    let mode = match me.status.mode.as_str() {
        "focus" => "Focusing",
        "away" => "Away",
        _ => "Available",
    };
    match me.status.until {
        Some(until) => format!("{mode} until {}", when::local(until, zone)),
        None => mode.to_owned(),
    }
}
