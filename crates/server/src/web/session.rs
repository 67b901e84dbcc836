//! Web sessions: signing in stores an expiring session token (`App::login_session`) in the
//! `sundial_session` cookie — `HttpOnly` so scripts cannot read it, `SameSite=Lax` so other
//! sites' forms do not carry it, `Secure` behind https. [`Viewer`] turns the cookie back into the
//! signed-in member for every page, exactly as the API's bearer token does (`App::authenticate`).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, header};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use sundial_app::views::MemberView;
use sundial_app::{Actor, AppError};

use super::csrf::CsrfToken;
use super::page::{Layout, WebError};
use crate::ServerState;

pub(crate) const SESSION_COOKIE: &str = "sundial_session";

/// The signed-in member looking at a page.
#[derive(Debug, Clone)]
pub(crate) struct Viewer {
    pub(crate) actor: Actor,
    pub(crate) me: MemberView,
    pub(crate) csrf: CsrfToken,
    /// The latest event when the page began loading: live updates follow the log from here.
    pub(crate) live_after: i64,
}

impl Viewer {
    /// The frame of a page this viewer sees.
    pub(crate) fn layout(&self, title: impl Into<String>, section: &'static str) -> Layout {
        let mut layout = Layout::signed_in(title, section, &self.me, &self.csrf);
        layout.live_after = Some(self.live_after);
        layout
    }
}

/// The session token in the request's cookies, if any.
pub(crate) fn session_token(headers: &HeaderMap) -> Option<String> {
    CookieJar::from_headers(headers)
        .get(SESSION_COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|v| !v.is_empty())
}

impl FromRequestParts<ServerState> for Viewer {
    type Rejection = WebError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &ServerState,
    ) -> Result<Self, Self::Rejection> {
        // A page asked for while signed out is where to return after signing in; a form
        // posted with an ended session is not repeated, so it returns nowhere in particular.
        let sign_in = || match parts.method {
            Method::GET => WebError::SignInThenReturn(
                parts
                    .uri
                    .path_and_query()
                    .map_or("/", |p| p.as_str())
                    .to_owned(),
            ),
            _ => WebError::SignInFirst,
        };
        let token = session_token(&parts.headers).ok_or_else(sign_in)?;
        let actor = match state.app.authenticate(&token).await {
            Ok(actor) => actor,
            Err(AppError::Unauthenticated) => return Err(sign_in()),
            Err(other) => return Err(other.into()),
        };
        // Read before anything the page shows, so no change can fall between the two.
        let live_after = state.app.events_head(&actor).await?;
        let me = state.app.me(&actor).await?;
        let csrf = CsrfToken::from_request_parts(parts, state).await?;
        Ok(Viewer {
            actor,
            me,
            csrf,
            live_after,
        })
    }
}

/// The cookie that holds a new session.
pub(crate) fn session_cookie(token: String, headers: &HeaderMap) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, token))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(behind_https(headers))
        .max_age(cookie::time::Duration::days(
            sundial_app::accounts::SESSION_DAYS,
        ))
        .build()
}

/// The cookie that removes the session from the browser.
pub(crate) fn cleared_session_cookie() -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, "")).path("/").build()
}

/// Whether the browser reached us over https: directly we only speak http, so only a reverse
/// proxy's `X-Forwarded-Proto` can say so.
fn behind_https(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("https"))
        || headers
            .get(header::ORIGIN)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("https://"))
}
