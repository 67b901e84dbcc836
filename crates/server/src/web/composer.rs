//! The composer shared by a new thread and a reply: the body, and an optional ask (kind,
//! recipients, urgency or a date). Before sending, [`preview`] shows for each recipient their
//! local time, whether they work now, and the due time in their zone and the writer's
//! (`App::preview_request`, the same computation that sending does).

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::post;
use serde::Deserialize;
use sundial_app::requests::{NewRequest, PreviewInput};
use sundial_app::views::MemberView;

use super::asks::local_instant;
use super::availability;
use super::csrf::CsrfForm;
use super::page::{PageResult, WebError, render};
use super::session::Viewer;
use super::when;
use crate::ServerState;

pub(super) fn router() -> Router<ServerState> {
    Router::new().route("/channels/{channel_id}/preview", post(preview))
}

/// The ask fields of a composer form. No kind means no ask.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct AskFields {
    #[serde(default)]
    pub(crate) ask_kind: String,
    #[serde(default, deserialize_with = "one_or_many")]
    pub(crate) ask_to: Vec<String>,
    #[serde(default)]
    pub(crate) ask_urgency: String,
    /// An explicit due time on the writer's clock (`datetime-local`); empty: by the norms.
    #[serde(default)]
    pub(crate) ask_due: String,
}

/// A repeated form field as a list. Needed because the ask fields are `#[serde(flatten)]`ed
/// into the thread and reply forms, and a flattened field that occurs once arrives as a plain
/// string rather than a sequence.
fn one_or_many<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(deserializer)? {
        OneOrMany::One(one) => vec![one],
        OneOrMany::Many(many) => many,
    })
}

impl AskFields {
    /// The ask to send, if the writer chose a kind; the due time is read on `zone`'s clock.
    pub(crate) fn request(&self, zone: &str) -> Result<Option<NewRequest>, WebError> {
        if self.ask_kind.trim().is_empty() {
            return Ok(None);
        }
        let due_at = if self.ask_due.trim().is_empty() {
            None
        } else {
            Some(
                local_instant(&self.ask_due, zone).map_err(|_| WebError::Invalid {
                    field: "request.due_at".to_owned(),
                    message: "must be a date and time, like 2026-11-25T14:30".to_owned(),
                })?,
            )
        };
        let urgency = if self.ask_urgency.trim().is_empty() {
            "normal".to_owned()
        } else {
            self.ask_urgency.clone()
        };
        Ok(Some(NewRequest {
            kind: self.ask_kind.clone(),
            to: self.ask_to.clone(),
            urgency,
            due_at,
        }))
    }
}

/// Who can be asked in a composer: everyone but the writer, by name.
pub(crate) fn recipients(members: Vec<MemberView>, viewer: &Viewer) -> Vec<MemberView> {
    let mut others: Vec<MemberView> = members
        .into_iter()
        .filter(|m| m.id != viewer.me.id)
        .collect();
    others.sort_by_key(|m| m.name.to_lowercase());
    others
}

#[derive(Template)]
#[template(path = "preview.html")]
struct PreviewFragment {
    rows: Vec<PreviewRow>,
    /// Why there is nothing to preview yet, or what is wrong with the ask.
    note: Option<String>,
    error: bool,
}

#[derive(Debug)]
struct PreviewRow {
    name: String,
    place: String,
    local_time: String,
    working_now: bool,
    status: String,
    due_theirs: String,
    due_mine: String,
    due_iso: String,
    /// "Kenji is focusing until …; Kenji will see this at …" (see `availability`).
    notice: Option<String>,
}

async fn preview(
    State(state): State<ServerState>,
    viewer: Viewer,
    Path(channel_id): Path<String>,
    CsrfForm(fields): CsrfForm<AskFields>,
) -> PageResult {
    let zone = viewer.me.time_zone.clone();
    let fragment = |note: &str, error: bool| PreviewFragment {
        rows: Vec::new(),
        note: Some(note.to_owned()),
        error,
    };
    let request = match fields.request(&zone) {
        Ok(Some(request)) if !request.to.is_empty() => request,
        Ok(_) => {
            return render(&fragment(
                "Choose a kind and at least one person to see when it will be due for them.",
                false,
            ));
        }
        Err(WebError::Invalid { field, message }) => {
            return render(&fragment(&format!("{field}: {message}"), true));
        }
        Err(other) => return Err(other),
    };
    let input = PreviewInput {
        channel_id,
        request,
        send_at: None,
    };
    let items = match state.app.preview_request(&viewer.actor, input).await {
        Ok(items) => items,
        Err(sundial_app::AppError::Invalid(e)) => {
            return render(&fragment(&format!("{}: {}", e.field, e.reason), true));
        }
        Err(other) => return Err(other.into()),
    };
    let now = state.app.now();
    let rows = items
        .into_iter()
        .map(|item| PreviewRow {
            notice: availability::notice(
                &availability::Recipient {
                    name: &item.name,
                    zone: &item.time_zone,
                    status: &item.status,
                    status_until: item.status_until,
                    will_see_at: item.will_see_at,
                },
                &zone,
                now,
            ),
            place: when::place(&item.time_zone),
            local_time: item
                .local_time
                .split_once('T')
                .map_or(item.local_time.clone(), |(_, time)| time.to_owned()),
            working_now: item.working_now,
            status: item.status,
            due_theirs: when::local(item.due_at, &item.time_zone),
            due_mine: when::local(item.due_at, &zone),
            due_iso: when::iso(item.due_at),
            name: item.name,
        })
        .collect();
    render(&PreviewFragment {
        rows,
        note: None,
        error: false,
    })
}
