//! What every page shares: the [`Layout`] its template extends (title, navigation, the signed-in
//! member, the CSRF token), rendering a template into a response, and [`WebError`], the one
//! error type of the web pages, shown as a page rather than as JSON.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use sundial_app::AppError;
use sundial_app::views::MemberView;

use super::assets;
use super::csrf::CsrfToken;

/// The frame around every page.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    pub(crate) title: String,
    /// The navigation entry this page belongs to (`"inbox"`, `"channels"`…), marked current.
    pub(crate) section: &'static str,
    pub(crate) csrf: String,
    /// The signed-in member, or `None` on the setup and sign-in pages.
    pub(crate) me: Option<MemberView>,
    /// Where the page's live updates resume in the event log; `None` on pages without them.
    pub(crate) live_after: Option<i64>,
}

impl Layout {
    /// The frame of a page for a signed-in member.
    pub(crate) fn signed_in(
        title: impl Into<String>,
        section: &'static str,
        me: &MemberView,
        csrf: &CsrfToken,
    ) -> Self {
        Self {
            title: title.into(),
            section,
            csrf: csrf.0.clone(),
            me: Some(me.clone()),
            live_after: None,
        }
    }

    /// The frame of a page for someone not signed in.
    pub(crate) fn anonymous(title: impl Into<String>, csrf: &CsrfToken) -> Self {
        Self {
            title: title.into(),
            section: "",
            csrf: csrf.0.clone(),
            me: None,
            live_after: None,
        }
    }

    /// A versioned link to an embedded asset.
    pub(crate) fn asset(&self, name: &str) -> String {
        assets::url(name)
    }

    /// `aria-current="page"` for the navigation link of this page's section.
    pub(crate) fn current(&self, section: &str) -> &'static str {
        if section == self.section {
            "page"
        } else {
            "false"
        }
    }
}

/// Renders `template` as an HTML response.
pub(crate) fn render(template: &impl Template) -> Result<Response, WebError> {
    render_with(StatusCode::OK, template)
}

/// Renders `template` with `status`, e.g. a form shown again with its errors (400).
pub(crate) fn render_with(
    status: StatusCode,
    template: &impl Template,
) -> Result<Response, WebError> {
    let html = template
        .render()
        .map_err(|e| WebError::Internal(format!("rendering a page: {e}")))?;
    Ok((status, Html(html)).into_response())
}

/// A failed page request. Each variant's doc says what the visitor sees.
#[derive(Debug)]
pub(crate) enum WebError {
    /// Not signed in (or the session ended): a redirect to the sign-in page.
    SignInFirst,
    /// Not signed in on a page: a redirect to sign in, then back to this path.
    SignInThenReturn(String),
    /// 400: the message, naming the field.
    Invalid { field: String, message: String },
    /// 403: the message (an expired form; an action the member may not take).
    Forbidden(String),
    /// 404: "not found", whether it does not exist or may not be seen.
    NotFound,
    /// 409: the message.
    Conflict(String),
    /// 500: a generic message; the detail is logged, never shown.
    Internal(String),
}

/// The error page.
#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    heading: &'static str,
    message: String,
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let (status, heading, message) = match self {
            WebError::SignInFirst => return Redirect::to("/signin").into_response(),
            WebError::SignInThenReturn(path) => {
                let query = form_urlencoded::Serializer::new(String::new())
                    .append_pair("next", &path)
                    .finish();
                return Redirect::to(&format!("/signin?{query}")).into_response();
            }
            WebError::Invalid { field, message } => (
                StatusCode::BAD_REQUEST,
                "That did not work",
                format!("{field}: {message}"),
            ),
            WebError::Forbidden(message) => (StatusCode::FORBIDDEN, "Not allowed", message),
            WebError::NotFound => (
                StatusCode::NOT_FOUND,
                "Not found",
                "There is nothing here, or you cannot see it.".to_owned(),
            ),
            WebError::Conflict(message) => (StatusCode::CONFLICT, "That clashes", message),
            WebError::Internal(detail) => {
                tracing::error!(%detail, "a page failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Something went wrong",
                    "Sorry, that failed on our side. Try again in a moment.".to_owned(),
                )
            }
        };
        let page = ErrorPage { heading, message };
        match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(_) => (status, heading).into_response(),
        }
    }
}

impl From<AppError> for WebError {
    fn from(error: AppError) -> Self {
        match error {
            AppError::Unauthenticated => WebError::SignInFirst,
            AppError::NotFound => WebError::NotFound,
            AppError::Forbidden(reason) => WebError::Forbidden(reason.to_owned()),
            AppError::Invalid(e) => WebError::Invalid {
                field: e.field,
                message: e.reason,
            },
            AppError::Conflict { field, reason } => WebError::Conflict(format!("{field} {reason}")),
            AppError::Transition(e) => WebError::Conflict(e.to_string()),
            AppError::RateLimited {
                retry_after_seconds,
            } => WebError::Forbidden(format!(
                "Too many attempts. Try again in {retry_after_seconds} seconds."
            )),
            AppError::Store(e) => WebError::Internal(e.to_string()),
            AppError::Mail(e) => WebError::Internal(e),
        }
    }
}

/// What a page handler returns.
pub(crate) type PageResult = Result<Response, WebError>;
