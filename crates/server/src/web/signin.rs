//! Signing in (`App::login_session` into the session cookie) and out (`App::logout`, which
//! revokes the session so a copied cookie stops working too).

use askama::Template;
use axum::Router;
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use sundial_app::AppError;

use super::asks::safe_next;
use super::csrf::{CsrfForm, CsrfToken};
use super::page::{Layout, PageResult, WebError, render, render_with};
use super::session::{cleared_session_cookie, session_cookie, session_token};
use crate::ServerState;

pub(super) fn router() -> Router<ServerState> {
    Router::new()
        .route("/signin", get(form).post(submit))
        .route("/signout", post(sign_out))
}

#[derive(Template)]
#[template(path = "signin.html")]
struct SignInPage {
    layout: Layout,
    email: String,
    error: Option<String>,
    /// Where to go once signed in (a path on this site).
    next: String,
}

/// `?next=` on the sign-in page.
#[derive(Debug, Deserialize)]
struct NextQuery {
    #[serde(default)]
    next: String,
}

#[derive(Debug, Deserialize)]
struct SignInInput {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

/// Sign-out carries nothing but the CSRF token.
#[derive(Debug, Deserialize)]
struct Empty {}

async fn form(
    State(state): State<ServerState>,
    csrf: CsrfToken,
    Query(query): Query<NextQuery>,
) -> PageResult {
    if !state.app.is_set_up().await? {
        return Ok(Redirect::to("/setup").into_response());
    }
    render(&SignInPage {
        layout: Layout::anonymous("Sign in", &csrf),
        email: String::new(),
        error: None,
        next: safe_next(&query.next),
    })
}

async fn submit(
    State(state): State<ServerState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    csrf: CsrfToken,
    jar: CookieJar,
    CsrfForm(input): CsrfForm<SignInInput>,
) -> PageResult {
    // The same throttle as the API's login, so the form is no way around it.
    let account = format!("email:{}", input.email.trim().to_lowercase());
    let keys = [account.clone(), format!("ip:{}", peer.ip())];
    if let Err(retry_after_seconds) = state.login_limiter.check(&keys) {
        return Err(AppError::RateLimited {
            retry_after_seconds,
        }
        .into());
    }
    match state.app.login_session(&input.email, &input.password).await {
        Ok(session) => {
            state.login_limiter.succeed(&account);
            let jar = jar.add(session_cookie(session.token, &headers));
            Ok((jar, Redirect::to(&safe_next(&input.next))).into_response())
        }
        Err(AppError::Unauthenticated) => {
            state.login_limiter.fail(&keys);
            render_with(
                StatusCode::UNAUTHORIZED,
                &SignInPage {
                    layout: Layout::anonymous("Sign in", &csrf),
                    email: input.email,
                    error: Some("That email and password do not match an account.".to_owned()),
                    next: safe_next(&input.next),
                },
            )
        }
        Err(other) => Err(WebError::from(other)),
    }
}

async fn sign_out(
    State(state): State<ServerState>,
    headers: HeaderMap,
    jar: CookieJar,
    CsrfForm(Empty {}): CsrfForm<Empty>,
) -> PageResult {
    if let Some(token) = session_token(&headers) {
        state.app.logout(&token).await?;
    }
    Ok((jar.add(cleared_session_cookie()), Redirect::to("/signin")).into_response())
}
