//! The API as a client sees it: one keep-alive `reqwest::Client`, a helper per call the
//! scenarios need, and the workspace they build over HTTP (owner, members in three time zones,
//! public channels), the way a real team would.

use futures::{StreamExt, TryStreamExt};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::{BenchError, BenchResult};

/// The password every bench member signs in with.
const PASSWORD: &str = "correct horse battery staple";

/// Time zones members are spread over, so due times are computed on different calendars.
pub const ZONES: [&str; 3] = ["America/New_York", "Asia/Tokyo", "Europe/London"];

/// How many member accounts are made at once: each costs an Argon2 hash on the server.
const SETUP_CONCURRENCY: usize = 8;

/// A client of one server.
#[derive(Debug, Clone)]
pub struct Api {
    pub base: String,
    pub client: reqwest::Client,
}

/// A member: their id, time zone index into [`ZONES`], and token when signed in.
#[derive(Debug, Clone)]
pub struct Member {
    pub id: String,
    pub email: String,
    pub zone: usize,
    pub token: Option<String>,
}

impl Member {
    /// The token; an error for a member never signed in.
    pub fn token(&self) -> BenchResult<&str> {
        self.token
            .as_deref()
            .ok_or_else(|| format!("{} is not signed in", self.email).into())
    }
}

/// A workspace made over the API: members (the owner first) and public channels.
#[derive(Debug, Clone)]
pub struct Team {
    pub workspace_id: String,
    pub members: Vec<Member>,
    pub channels: Vec<String>,
}

impl Api {
    pub fn new(base: String) -> BenchResult<Self> {
        // Keep-alive is reqwest's default; no idle limit, so every client keeps its connection.
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(usize::MAX)
            .build()?;
        Ok(Self { base, client })
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Sends a request and answers its JSON body, or an error naming the call when the status
    /// is not `expected`.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
        expected: StatusCode,
    ) -> BenchResult<Value> {
        let mut request = self.client.request(method.clone(), self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().await?;
        let status = response.status();
        let text = response.text().await?;
        if status != expected {
            return Err(format!("{method} {path}: {status} {text}").into());
        }
        Ok(serde_json::from_str(&text)?)
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> BenchResult<Value> {
        self.call(Method::POST, path, token, Some(body), StatusCode::CREATED)
            .await
    }

    /// Sets up the workspace with `members` members (the owner included) and `channels`
    /// public channels. Members are signed in when `sign_in` says so.
    pub async fn team(
        &self,
        members: usize,
        channels: usize,
        sign_in: impl Fn(usize) -> bool,
    ) -> BenchResult<Team> {
        let setup = self
            .post(
                "/api/v1/setup",
                None,
                &json!({
                    "workspace_name": "Bench", "name": "Member 0", "email": email(0),
                    "password": PASSWORD, "time_zone": ZONES[0],
                }),
            )
            .await?;
        let owner = Member {
            id: text(&setup, "/member/id")?,
            email: email(0),
            zone: 0,
            token: Some(text(&setup, "/token")?),
        };
        let workspace_id = text(&setup, "/workspace/id")?;
        let admin = owner.token()?.to_owned();
        let others: Vec<Member> = futures::stream::iter(1..members.max(1))
            .map(|i| self.add_member(&admin, i, sign_in(i)))
            .buffered(SETUP_CONCURRENCY)
            .try_collect()
            .await?;
        let mut channel_ids = Vec::with_capacity(channels);
        for i in 0..channels {
            let channel = self
                .post(
                    "/api/v1/channels",
                    Some(&admin),
                    &json!({"name": format!("team-{i}"), "purpose": format!("Bench channel {i}")}),
                )
                .await?;
            channel_ids.push(text(&channel, "/id")?);
        }
        let mut all = vec![owner];
        all.extend(others);
        Ok(Team {
            workspace_id,
            members: all,
            channels: channel_ids,
        })
    }

    /// `POST /api/v1/members` (by an admin), then `POST /api/v1/auth/login` when asked.
    async fn add_member(&self, admin: &str, i: usize, sign_in: bool) -> BenchResult<Member> {
        let zone = i % ZONES.len();
        let view = self
            .post(
                "/api/v1/members",
                Some(admin),
                &json!({
                    "email": email(i), "name": format!("Member {i}"), "password": PASSWORD,
                    "time_zone": ZONES[zone], "role": "member",
                }),
            )
            .await?;
        let mut member = Member {
            id: text(&view, "/id")?,
            email: email(i),
            zone,
            token: None,
        };
        if sign_in {
            member.token = Some(self.login(&member.email).await?);
        }
        Ok(member)
    }

    /// Signs in with the bench password; answers the token.
    pub async fn login(&self, email: &str) -> BenchResult<String> {
        let body = self
            .call(
                Method::POST,
                "/api/v1/auth/login",
                None,
                Some(&json!({"email": email, "password": PASSWORD})),
                StatusCode::OK,
            )
            .await?;
        text(&body, "/token")
    }

    /// `by` starts a thread in `channel`; answers the thread's id.
    pub async fn start_thread(
        &self,
        by: &Member,
        channel: &str,
        title: &str,
        body: &str,
    ) -> BenchResult<String> {
        let detail = self
            .post(
                &format!("/api/v1/channels/{channel}/threads"),
                Some(by.token()?),
                &json!({"title": title, "body": body}),
            )
            .await?;
        text(&detail, "/thread/id")
    }
}

fn email(i: usize) -> String {
    format!("member{i}@bench.example")
}

/// The string at `pointer` (`/member/id`) in `body`, owned.
pub fn text(body: &Value, pointer: &str) -> BenchResult<String> {
    body.pointer(pointer)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| BenchError::from(format!("no string at {pointer} in {body}")))
}
