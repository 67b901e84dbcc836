//! `GET /api/v1/events`: live updates as Server-Sent Events. Every event the caller may see goes
//! out with `id:` = its per-workspace sequence number, `event:` = its kind and `data:` = its
//! JSON; a client that reconnects with `Last-Event-ID` resumes right after it, missing nothing
//! and repeating nothing. Deciding who may see what is the app's (`App::events_after`); this
//! file only follows the log and frames it.

use std::collections::VecDeque;
use std::time::Duration;

use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use sundial_app::{Actor, App, AppError, EventView};
use tokio::sync::watch;
use tokio::time::{Instant, Interval, MissedTickBehavior};
use utoipa::IntoParams;
use utoipa::openapi::OpenApiBuilder;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::ServerState;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{ApiQuery, Caller};

/// Log entries read per query. Large enough that a reconnect after a long absence catches up
/// in few round trips, small enough that one page is never a burden to hold.
const PAGE: i64 = 500;

/// How often an idle stream re-reads the log without being woken. The wake-up
/// (`Store::commits`) only hears commits made on this node; until other nodes' commits are
/// relayed (`LISTEN/NOTIFY`), this tick is how their events arrive. It is also when a revoked
/// token is noticed and its stream ended.
const TICK: Duration = Duration::from_secs(15);

/// The header a reconnecting `EventSource` sends.
const LAST_EVENT_ID: &str = "Last-Event-ID";

pub(super) fn router() -> OpenApiRouter<ServerState> {
    let mut components = utoipa::openapi::Components::new();
    components.add_security_scheme(
        "access_token",
        SecurityScheme::ApiKey(ApiKey::Query(ApiKeyValue::with_description(
            "access_token",
            "The bearer token as a query parameter, accepted by GET /api/v1/events only: \
             browsers' EventSource cannot set headers.",
        ))),
    );
    let openapi = OpenApiBuilder::new().components(Some(components)).build();
    OpenApiRouter::with_openapi(openapi).routes(routes!(events))
}

/// Where to resume, for clients that cannot set `Last-Event-ID`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct EventsQuery {
    /// Resume after this sequence number, for clients that cannot set `Last-Event-ID`. When
    /// both are sent the header wins: an `EventSource` keeps its URL but sends the header on
    /// reconnect, and the header is the newer position.
    after: Option<i64>,
    // `access_token` is read from the raw query by `authenticate`, before anything else is
    // parsed, so a caller without a token hears 401 whatever else is wrong.
}

/// A stream of the events the caller may see (`text/event-stream`). Each event is
/// `id: <seq>`, `event: <kind>`, `data: <EventView JSON>`; comment lines keep idle connections
/// open. Without `Last-Event-ID` or `after` the stream starts at the beginning of the log.
/// Authenticate with `Authorization: Bearer <token>` or, for `EventSource`, `?access_token=`.
#[utoipa::path(get, path = "/api/v1/events", tag = "events",
    security(("bearer" = []), ("access_token" = [])),
    params(
        EventsQuery,
        ("access_token" = Option<String>, Query,
            description = "The bearer token, for browsers' `EventSource`, which cannot set \
            headers. Accepted on this endpoint only, and only without an `Authorization` header: \
            URLs end up in logs and history, so everywhere else the header is required."),
        ("Last-Event-ID" = Option<String>, Header,
            description = "Resume after this event id (the last `id:` received)."),
    ),
    responses(
        (status = 200, content_type = "text/event-stream", body = EventView,
            description = "One `data:` payload per event; the stream stays open."),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn events(State(state): State<ServerState>, mut parts: Parts) -> ApiResult<Response> {
    let (actor, token) = authenticate(&mut parts, &state).await?;
    let ApiQuery(query) = ApiQuery::<EventsQuery>::from_request_parts(&mut parts, &state).await?;
    let after = start(&parts.headers, query.after)?;
    let feed = Feed {
        app: state.app.clone(),
        commits: state.app.store().commits(),
        actor,
        token,
        last: after,
        settled: false,
        ready: VecDeque::new(),
        tick: idle_tick(),
        shutdown: state.shutdown.clone(),
    };
    let stream = futures::stream::unfold(feed, |mut feed| async move {
        let event = feed.next().await?;
        Some((frame(&event), feed))
    });
    let mut response = Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(TICK))
        .into_response();
    // Reverse proxies (nginx) buffer responses by default, which would hold events back.
    response
        .headers_mut()
        .insert("x-accel-buffering", HeaderValue::from_static("no"));
    Ok(response)
}

/// The caller, by `Authorization` header when one is sent (with the same checks as every other
/// endpoint), else by `?access_token=`, else by the web session cookie (the web pages' live
/// updates; reading is safe to allow by cookie, as this endpoint changes nothing).
async fn authenticate(parts: &mut Parts, state: &ServerState) -> ApiResult<(Actor, String)> {
    if parts.headers.contains_key(header::AUTHORIZATION) {
        let caller = Caller::from_request_parts(parts, state).await?;
        return Ok((caller.actor, caller.token));
    }
    let token = form_urlencoded::parse(parts.uri.query().unwrap_or_default().as_bytes())
        .find(|(name, _)| name == "access_token")
        .map(|(_, value)| value.trim().to_owned())
        .filter(|token| !token.is_empty())
        .or_else(|| crate::web::session_token(&parts.headers))
        .ok_or_else(ApiError::unauthenticated)?;
    match state.app.authenticate(&token).await {
        Ok(actor) => Ok((actor, token)),
        Err(AppError::Unauthenticated) => Err(ApiError::unauthenticated()),
        Err(other) => Err(other.into()),
    }
}

/// The sequence number to resume after: `Last-Event-ID`, else `after`, else 0 (the whole log).
fn start(headers: &HeaderMap, after: Option<i64>) -> ApiResult<i64> {
    // Browsers never send an empty Last-Event-ID; treat one like none rather than reject it.
    let header = headers
        .get(LAST_EVENT_ID)
        .map(|value| value.to_str().map(str::trim))
        .filter(|value| value.as_ref().is_ok_and(|v| !v.is_empty()));
    if let Some(value) = header {
        return value
            .ok()
            .and_then(|v| v.parse::<i64>().ok())
            .filter(|seq| *seq >= 0)
            .ok_or_else(|| {
                ApiError::invalid(
                    LAST_EVENT_ID,
                    "must be the id of an event received earlier: a whole number, 0 or more",
                )
            });
    }
    match after {
        Some(seq) if seq < 0 => Err(ApiError::invalid("after", "must be 0 or more")),
        Some(seq) => Ok(seq),
        None => Ok(0),
    }
}

/// One event as SSE: `id`, `event` and the JSON `data`.
fn frame(event: &EventView) -> Result<Event, axum::Error> {
    // Kinds are the app's dotted constants and ids are numbers: neither can hold the line
    // breaks that would make `Event::event`/`Event::id` panic.
    Event::default()
        .id(event.seq.to_string())
        .event(&event.kind)
        .json_data(event)
}

fn idle_tick() -> Interval {
    let mut tick = tokio::time::interval_at(Instant::now() + TICK, TICK);
    tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
    tick
}

/// One client's position in the log, and what wakes it.
struct Feed {
    app: App,
    actor: Actor,
    token: String,
    /// The log has been read up to here (including events filtered out for this caller).
    last: i64,
    /// Whether the first read is done. It waits for the events of writes that returned before
    /// the stream opened; later reads follow the commit signal, sent once events are numbered.
    settled: bool,
    /// Read but not yet sent.
    ready: VecDeque<EventView>,
    commits: watch::Receiver<u64>,
    tick: Interval,
    /// The server is stopping: end the stream so graceful shutdown can finish.
    shutdown: watch::Receiver<bool>,
}

/// Why an idle feed woke.
enum Wake {
    Commit,
    Tick,
    StoreClosed,
    Shutdown,
}

impl Feed {
    /// The next event to send, waiting as long as it takes; `None` ends the stream (the store
    /// failed or closed, or the token was revoked), and the client reconnects from its last id.
    async fn next(&mut self) -> Option<EventView> {
        loop {
            if let Some(event) = self.ready.pop_front() {
                return Some(event);
            }
            // Mark the commits seen *before* reading, so a commit that lands after the read
            // still wakes the wait below: nothing can slip between the read and the wait.
            self.commits.borrow_and_update();
            let read = if self.settled {
                self.app
                    .numbered_events_after(&self.actor, self.last, PAGE)
                    .await
            } else {
                self.app.events_after(&self.actor, self.last, PAGE).await
            };
            self.settled = true;
            let page = match read {
                Ok(page) => page,
                Err(error) => {
                    tracing::warn!(%error, "live events could not be read; ending the stream");
                    return None;
                }
            };
            // Sequence numbers are distinct and above `last`, so a full page spans at least
            // PAGE numbers: a shorter span means the log is read to its end.
            let full = page.last_seq - self.last >= PAGE;
            self.last = page.last_seq;
            self.ready.extend(page.events);
            if !self.ready.is_empty() || full {
                continue;
            }
            let wake = tokio::select! {
                changed = self.commits.changed() => match changed {
                    Ok(()) => Wake::Commit,
                    Err(_) => Wake::StoreClosed,
                },
                _ = self.tick.tick() => Wake::Tick,
                () = crate::shutdown_requested(self.shutdown.clone()) => Wake::Shutdown,
            };
            match wake {
                Wake::Commit => {}
                Wake::Tick => {
                    if !self.still_signed_in().await {
                        return None;
                    }
                }
                Wake::StoreClosed | Wake::Shutdown => return None,
            }
        }
    }

    /// Whether the token still signs in; refreshes the actor (a changed role changes what
    /// they may see).
    async fn still_signed_in(&mut self) -> bool {
        match self.app.authenticate(&self.token).await {
            Ok(actor) => {
                self.actor = actor;
                true
            }
            Err(AppError::Unauthenticated) => false,
            // A storage hiccup is not a revocation: keep going, the next read will tell.
            Err(error) => {
                tracing::warn!(%error, "could not re-check a live stream's token");
                true
            }
        }
    }
}
