//! Cross-site request forgery protection by double submit: every visitor gets a random token in
//! the `sundial_csrf` cookie, pages put the same token in each form (a hidden `csrf` field) and
//! in an `X-CSRF-Token` header for script requests, and [`CsrfForm`] accepts an unsafe request
//! only when the two match. Another site can make a browser send the cookie, but cannot read it
//! to fill in the field. The session cookie being `SameSite=Lax` is a second line, not the only.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use rand::Rng;
use rand::distributions::Alphanumeric;
use serde::de::DeserializeOwned;

use super::page::WebError;
use crate::ServerState;

pub(crate) const CSRF_COOKIE: &str = "sundial_csrf";
const CSRF_FIELD: &str = "csrf";
const CSRF_HEADER: &str = "x-csrf-token";

/// The visitor's CSRF token, to put in forms.
#[derive(Debug, Clone)]
pub(crate) struct CsrfToken(pub(crate) String);

/// Gives a visitor without a CSRF cookie a fresh one, and makes the token available to pages.
pub(crate) async fn ensure_cookie(mut request: Request, next: Next) -> Response {
    let jar = CookieJar::from_headers(request.headers());
    let existing = jar
        .get(CSRF_COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|v| v.len() == TOKEN_LENGTH);
    let (token, fresh) = match existing {
        Some(token) => (token, false),
        None => (new_token(), true),
    };
    request.extensions_mut().insert(CsrfToken(token.clone()));
    let response = next.run(request).await;
    if !fresh {
        return response;
    }
    let cookie = Cookie::build((CSRF_COOKIE, token))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .build();
    (CookieJar::new().add(cookie), response).into_response()
}

const TOKEN_LENGTH: usize = 43;

fn new_token() -> String {
    rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(TOKEN_LENGTH)
        .map(char::from)
        .collect()
}

impl FromRequestParts<ServerState> for CsrfToken {
    type Rejection = WebError;

    async fn from_request_parts(
        parts: &mut Parts,
        _state: &ServerState,
    ) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<CsrfToken>()
            .cloned()
            .ok_or_else(|| WebError::Internal("the CSRF layer is missing".to_owned()))
    }
}

/// A form body (`application/x-ww-form-urlencoded`) whose CSRF token matches the cookie,
/// deserialised into `T`. Repeated keys fill a `Vec` (a list of recipients).
#[derive(Debug)]
pub(crate) struct CsrfForm<T>(pub(crate) T);

impl<T: DeserializeOwned> FromRequest<ServerState> for CsrfForm<T> {
    type Rejection = WebError;

    async fn from_request(request: Request, state: &ServerState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = request.into_parts();
        let CsrfToken(expected) = CsrfToken::from_request_parts(&mut parts, state).await?;
        let from_header = parts
            .headers
            .get(CSRF_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let bytes = axum::body::to_bytes(body, crate::BODY_LIMIT_BYTES)
            .await
            .map_err(|_| WebError::Invalid {
                field: "body".to_owned(),
                message: "the form is too large".to_owned(),
            })?;
        let from_field = form_urlencoded::parse(&bytes)
            .find(|(name, _)| name == CSRF_FIELD)
            .map(|(_, value)| value.into_owned());
        let presented = from_field.or(from_header).unwrap_or_default();
        if !same(&presented, &expected) {
            return Err(WebError::Forbidden(
                "This form has expired. Reload the page and try again.".to_owned(),
            ));
        }
        let value = serde_html_form::from_bytes(&bytes).map_err(|e| WebError::Invalid {
            field: "form".to_owned(),
            message: e.to_string(),
        })?;
        Ok(CsrfForm(value))
    }
}

/// Compares in time independent of where the strings differ, so timing tells nothing.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_equal_only_when_identical() {
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "ab"));
        assert!(!same("", "a"));
    }

    #[test]
    fn new_tokens_have_the_length_the_cookie_check_expects() {
        assert_eq!(new_token().len(), TOKEN_LENGTH);
        assert_ne!(new_token(), new_token());
    }
}
