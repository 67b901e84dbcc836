//! The API as the bench sees it: one keep-alive `reqwest::Client` with a timeout on every step,
//! signing in, and the few calls the scenarios need. Every failure names the call and what the
//! server answered, so "the server is down" and "the password is wrong" read differently.

use std::time::Duration;

use anyhow::{Context, anyhow, bail};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// How long connecting may take: loopback answers at once, so this is "is anything there?".
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// How long one request may take, start to end (streams are timed by their scenario instead).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// A signed-in client of one server.
#[derive(Debug, Clone)]
pub struct Api {
    base: String,
    client: reqwest::Client,
    /// A client without the whole-request timeout, for event streams that stay open.
    streams: reqwest::Client,
    token: String,
}

/// Who the bench acts as.
#[derive(Debug, Clone)]
pub struct Me {
    pub id: String,
    pub time_zone: String,
}

impl Api {
    /// Connects to `base` and signs in with `token`, or else with `email` and `password`.
    pub async fn sign_in(
        base: &str,
        token: Option<&str>,
        email: &str,
        password: &str,
    ) -> anyhow::Result<Self> {
        let base = base.trim_end_matches('/').to_owned();
        let client = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .pool_max_idle_per_host(usize::MAX)
            .build()
            .context("building the HTTP client")?;
        let streams = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .build()
            .context("building the HTTP client")?;
        let health = client
            .get(format!("{base}/healthz"))
            .send()
            .await
            .with_context(|| format!("cannot reach a Sundial server at {base}"))?;
        if !health.status().is_success() {
            bail!(
                "{base}/healthz answered {}: the server is not healthy",
                health.status()
            );
        }
        let mut api = Self {
            base,
            client,
            streams,
            token: String::new(),
        };
        api.token = match token {
            Some(token) => token.to_owned(),
            None => {
                let body = json!({"email": email, "password": password});
                let signed_in = api
                    .call(Method::POST, "/api/v1/auth/login", Some(&body), false)
                    .await
                    .with_context(|| format!("signing in as {email}"))?;
                text(&signed_in, "/token")?
            }
        };
        Ok(api)
    }

    /// The full URL of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The signed-in member.
    pub async fn me(&self) -> anyhow::Result<Me> {
        let me = self.get("/api/v1/me").await.context("reading /api/v1/me")?;
        Ok(Me {
            id: text(&me, "/id")?,
            time_zone: text(&me, "/time_zone")?,
        })
    }

    /// `GET`, answering the JSON body of a 2xx.
    pub async fn get(&self, path: &str) -> anyhow::Result<Value> {
        self.call(Method::GET, path, None, true).await
    }

    /// `POST` with a JSON body, answering the JSON body of a 2xx.
    pub async fn post(&self, path: &str, body: &Value) -> anyhow::Result<Value> {
        self.call(Method::POST, path, Some(body), true).await
    }

    /// Sends one request; anything but a 2xx is an error carrying the status and the body.
    async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        authenticated: bool,
    ) -> anyhow::Result<Value> {
        let mut request = self.client.request(method.clone(), self.url(path));
        if authenticated {
            request = request.bearer_auth(&self.token);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request
            .send()
            .await
            .map_err(|e| anyhow!("{method} {path}: {}", describe(&e)))?;
        let status = response.status();
        let text = response
            .text()
            .await
            .map_err(|e| anyhow!("{method} {path}: reading the answer: {}", describe(&e)))?;
        if !status.is_success() {
            bail!("{method} {path} answered {status}: {}", shorten(&text));
        }
        if text.is_empty() || status == StatusCode::NO_CONTENT {
            return Ok(Value::Null);
        }
        serde_json::from_str(&text).with_context(|| format!("{method} {path}: not JSON"))
    }

    /// Opens the event stream after event `after`, or resuming after `last_event_id`.
    pub async fn events(
        &self,
        after: i64,
        last_event_id: Option<i64>,
    ) -> anyhow::Result<reqwest::Response> {
        let mut request = self
            .streams
            .get(self.url(&format!("/api/v1/events?after={after}")))
            .bearer_auth(&self.token);
        if let Some(id) = last_event_id {
            request = request.header("Last-Event-ID", id.to_string());
        }
        let response = request
            .send()
            .await
            .map_err(|e| anyhow!("GET /api/v1/events: {}", describe(&e)))?;
        if !response.status().is_success() {
            bail!("GET /api/v1/events answered {}", response.status());
        }
        Ok(response)
    }
}

/// A transport error in a few words (reqwest's own message nests the cause).
fn describe(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

fn shorten(text: &str) -> String {
    let text = text.trim();
    match text.char_indices().nth(300) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// The string at `pointer` (`/member/id`) in `body`.
pub fn text(body: &Value, pointer: &str) -> anyhow::Result<String> {
    body.pointer(pointer)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| {
            anyhow!(
                "the answer has no {pointer}: {}",
                shorten(&body.to_string())
            )
        })
}
