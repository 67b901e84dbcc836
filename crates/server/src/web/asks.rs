//! What a recipient does to an ask from a page — acknowledge, mark done, decline, promise a
//! time — and what its requester does — waive. Each calls the use case (`App::acknowledge`…)
//! and goes back to the page it came from.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use axum::routing::post;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use serde::Deserialize;

use super::csrf::CsrfForm;
use super::page::{PageResult, WebError};
use super::session::Viewer;
use crate::ServerState;

pub(super) fn router() -> Router<ServerState> {
    Router::new().route("/asks/{request_id}/{action}", post(act))
}

#[derive(Debug, Deserialize)]
struct ActInput {
    /// Where to go afterwards: a path on this site.
    #[serde(default)]
    next: String,
    /// For `promise`: the new due time on the viewer's clock, `YYYY-MM-DDTHH:MM`.
    #[serde(default)]
    due_at: String,
}

async fn act(
    State(state): State<ServerState>,
    viewer: Viewer,
    Path((request_id, action)): Path<(String, String)>,
    CsrfForm(input): CsrfForm<ActInput>,
) -> PageResult {
    let app = &state.app;
    let actor = &viewer.actor;
    match action.as_str() {
        "acknowledge" => app.acknowledge(actor, &request_id).await?,
        "done" => app.complete(actor, &request_id).await?,
        "decline" => app.decline(actor, &request_id).await?,
        "waive" => app.waive(actor, &request_id).await?,
        "promise" => {
            let due = local_instant(&input.due_at, &viewer.me.time_zone)?;
            app.promise(actor, &request_id, due).await?
        }
        _ => return Err(WebError::NotFound),
    };
    Ok(Redirect::to(&safe_next(&input.next)).into_response())
}

/// A `datetime-local` value on the wall clock of `zone`, as an instant.
pub(crate) fn local_instant(value: &str, zone: &str) -> Result<jiff::Timestamp, WebError> {
    let invalid = || WebError::Invalid {
        field: "due_at".to_owned(),
        message: "must be a date and time, like 2026-11-25T14:30".to_owned(),
    };
    let wall: DateTime = value.trim().parse().map_err(|_| invalid())?;
    let tz = TimeZone::get(zone).map_err(|_| invalid())?;
    wall.to_zoned(tz)
        .map(|z| z.timestamp())
        .map_err(|_| invalid())
}

/// `next` if it is a path on this site, else the inbox: never a redirect to elsewhere.
pub(crate) fn safe_next(next: &str) -> String {
    let on_site = next.starts_with('/') && !next.starts_with("//") && !next.contains('\\');
    if on_site {
        next.to_owned()
    } else {
        "/".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_on_this_site_are_followed() {
        assert_eq!(safe_next("/threads/abc"), "/threads/abc");
        assert_eq!(safe_next("//evil.example/x"), "/");
        assert_eq!(safe_next("https://evil.example"), "/");
        assert_eq!(safe_next("/\\evil.example"), "/");
        assert_eq!(safe_next(""), "/");
    }

    #[test]
    fn a_promised_time_is_read_on_the_viewers_clock() {
        let t = local_instant("2026-11-25T14:30", "Asia/Tokyo").expect("a valid time");
        assert_eq!(t.to_string(), "2026-11-25T05:30:00Z");
        assert!(local_instant("tomorrow", "Asia/Tokyo").is_err());
    }
}
