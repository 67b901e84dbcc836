//! `/channels`: the channels the viewer can see, each with its norms in words, and the form to
//! create one (`App::create_channel`) with its norms in plain words.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::get;
use serde::Deserialize;
use sundial_app::AppError;
use sundial_app::channels::NewChannel;

use super::csrf::CsrfForm;
use super::norms::{self, NormFields, UNITS};
use super::page::{Layout, PageResult, WebError, render, render_with};
use super::session::Viewer;
use super::setup::FieldError;
use crate::ServerState;

pub(super) fn router() -> Router<ServerState> {
    Router::new().route("/channels", get(list).post(create))
}

#[derive(Template)]
#[template(path = "channels.html")]
struct ChannelsPage {
    layout: Layout,
    channels: Vec<ChannelLine>,
    input: ChannelInput,
    error: Option<FieldError>,
    units: Vec<(&'static str, &'static str)>,
}

impl ChannelsPage {
    fn error_for(&self, field: &str) -> Option<&str> {
        self.error.as_ref().and_then(|e| e.on(field))
    }
}

#[derive(Debug)]
struct ChannelLine {
    id: String,
    name: String,
    purpose: String,
    private: bool,
    norms: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
struct ChannelInput {
    #[serde(default)]
    name: String,
    #[serde(default)]
    purpose: String,
    #[serde(default)]
    private: Option<String>,
    #[serde(flatten)]
    norms: NormFields,
}

async fn list(State(state): State<ServerState>, viewer: Viewer) -> PageResult {
    let input = ChannelInput {
        norms: NormFields {
            normal_unit: "working_days".to_owned(),
            urgent_unit: "minutes".to_owned(),
            ..NormFields::default()
        },
        ..ChannelInput::default()
    };
    render(&page(&state, &viewer, input, None).await?)
}

async fn create(
    State(state): State<ServerState>,
    viewer: Viewer,
    CsrfForm(input): CsrfForm<ChannelInput>,
) -> PageResult {
    let attempt = async {
        let new = NewChannel {
            name: input.name.clone(),
            purpose: input.purpose.clone(),
            private: input.private.is_some(),
            norms: Some(input.norms.to_override()?),
        };
        Ok::<_, WebError>(state.app.create_channel(&viewer.actor, new).await?)
    };
    match attempt.await {
        Ok(channel) => Ok(Redirect::to(&format!("/channels/{}", channel.id)).into_response()),
        Err(WebError::Invalid { field, message }) => {
            let error = FieldError { field, message };
            let page = page(&state, &viewer, input, Some(error)).await?;
            render_with(StatusCode::BAD_REQUEST, &page)
        }
        Err(WebError::Conflict(message)) => {
            let error = FieldError {
                field: "name".to_owned(),
                message,
            };
            let page = page(&state, &viewer, input, Some(error)).await?;
            render_with(StatusCode::CONFLICT, &page)
        }
        Err(other) => Err(other),
    }
}

async fn page(
    state: &ServerState,
    viewer: &Viewer,
    input: ChannelInput,
    error: Option<FieldError>,
) -> Result<ChannelsPage, WebError> {
    let channels = state
        .app
        .channels(&viewer.actor)
        .await
        .map_err(|e: AppError| WebError::from(e))?
        .into_iter()
        .map(|c| ChannelLine {
            norms: norms::summary(&c.norms),
            id: c.id,
            name: c.name,
            purpose: c.purpose,
            private: c.private,
        })
        .collect();
    Ok(ChannelsPage {
        layout: viewer.layout("Channels", "channels"),
        channels,
        input,
        error,
        units: UNITS
            .iter()
            .map(|(value, label, ..)| (*value, *label))
            .collect(),
    })
}
