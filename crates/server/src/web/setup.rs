//! First run: while no workspace exists, `/setup` creates one with its owner (`App::setup`) and
//! signs the owner in. Afterwards the page says the server is set up and points to sign-in.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect};
use axum::routing::get;
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use sundial_app::AppError;
use sundial_app::accounts::{NewMember, NewWorkspace};

use super::csrf::{CsrfForm, CsrfToken};
use super::page::{Layout, PageResult, WebError, render, render_with};
use super::session::session_cookie;
use crate::ServerState;

pub(super) fn router() -> Router<ServerState> {
    Router::new().route("/setup", get(form).post(submit))
}

/// The setup form, with what was typed and what was wrong when shown again.
#[derive(Template)]
#[template(path = "setup.html")]
struct SetupPage {
    layout: Layout,
    input: SetupInput,
    error: Option<FieldError>,
    zones: Vec<String>,
}

/// A problem with one field of a form, shown beside it.
#[derive(Debug, Clone)]
pub(crate) struct FieldError {
    pub(crate) field: String,
    pub(crate) message: String,
}

impl FieldError {
    /// The message if it concerns `field`.
    pub(crate) fn on(&self, field: &str) -> Option<&str> {
        (self.field == field || self.field.ends_with(&format!(".{field}")))
            .then_some(self.message.as_str())
    }
}

impl SetupPage {
    /// The error to show beside `field`, if any.
    fn error_for(&self, field: &str) -> Option<&str> {
        self.error.as_ref().and_then(|e| e.on(field))
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
struct SetupInput {
    #[serde(default)]
    workspace_name: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    time_zone: String,
}

async fn form(State(state): State<ServerState>, csrf: CsrfToken) -> PageResult {
    if state.app.is_set_up().await? {
        return Ok(Redirect::to("/signin").into_response());
    }
    let input = SetupInput {
        time_zone: "UTC".to_owned(),
        ..SetupInput::default()
    };
    render(&page(&csrf, input, None))
}

async fn submit(
    State(state): State<ServerState>,
    headers: HeaderMap,
    csrf: CsrfToken,
    jar: CookieJar,
    CsrfForm(input): CsrfForm<SetupInput>,
) -> PageResult {
    let new = NewWorkspace {
        workspace_name: input.workspace_name.clone(),
        owner: NewMember {
            email: input.email.clone(),
            name: input.name.clone(),
            handle: None,
            password: input.password.clone(),
            time_zone: input.time_zone.clone(),
            working_hours: None,
            role: None,
        },
    };
    let created = match state.app.setup(new).await {
        Ok(created) => created,
        Err(AppError::Invalid(e)) => {
            let error = FieldError {
                field: e.field.trim_start_matches("owner.").to_owned(),
                message: e.reason,
            };
            let mut shown = input;
            shown.password.clear();
            return render_with(StatusCode::BAD_REQUEST, &page(&csrf, shown, Some(error)));
        }
        Err(other) => return Err(WebError::from(other)),
    };
    // Setup hands out an API token; the browser gets a session instead, and the token, which
    // nobody will ever see, is revoked rather than left valid.
    let session = state
        .app
        .login_session(&input.email, &input.password)
        .await?;
    state.app.logout(&created.token).await?;
    let jar = jar.add(session_cookie(session.token, &headers));
    // A new workspace has no channels yet: that page says what to do first.
    Ok((jar, Redirect::to("/channels")).into_response())
}

fn page(csrf: &CsrfToken, input: SetupInput, error: Option<FieldError>) -> SetupPage {
    SetupPage {
        layout: Layout::anonymous("Set up Sundial", csrf),
        input,
        error,
        zones: time_zones(),
    }
}

/// Every zone name the server knows, for the time-zone picker.
pub(crate) fn time_zones() -> Vec<String> {
    let mut zones: Vec<String> = jiff::tz::db()
        .available()
        .map(|name| name.as_str().to_owned())
        .filter(|name| name.contains('/') || name == "UTC")
        .collect();
    zones.sort();
    zones
}
