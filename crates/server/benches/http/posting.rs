//! The post scenario: 64 keep-alive clients replying over `POST /api/v1/threads/{id}/messages`
//! in a workspace of 30 members spread over three time zones, one reply in ten asking a member
//! in another zone for a reply. And the baselines before it, on the same server: `GET /healthz`,
//! the most any endpoint can do through this harness and this middleware, and `GET /api/v1/me`,
//! the least an authenticated one can cost.

use std::sync::Arc;
use std::time::Duration;

use futures::{StreamExt, TryStreamExt};
use rand::SeedableRng;
use rand::rngs::StdRng;
use reqwest::StatusCode;
use serde_json::json;

use crate::api::{Member, Team};
use crate::load;
use crate::report::{Row, Target};
use crate::server::Server;
use crate::{BenchResult, Options, words};

const MEMBERS: usize = 30;
const CHANNELS: usize = 4;
/// Enough threads that concurrent replies seldom touch the same thread row at once, as in a
/// real workspace; on PostgreSQL, replies to one thread queue on its row lock.
const THREADS: usize = 256;
/// One reply in this many carries an ask.
const ASK_EVERY: usize = 10;
/// Distinct bodies, reused round-robin: generating text is the client's cost, not the server's.
const BODIES: usize = 1024;
/// Untimed replies first: every client's connection opened, caches and pools warm.
const WARM_UP: usize = 1_000;
/// How long the baseline runs.
const BASELINE_LIMIT: Duration = Duration::from_secs(5);

/// The workspace both runs use: [`MEMBERS`] members, all signed in, and [`CHANNELS`] channels.
pub async fn team(server: &Server) -> BenchResult<Team> {
    eprintln!("post: setting up {MEMBERS} members and {CHANNELS} channels…");
    server.api.team(MEMBERS, CHANNELS, |_| true).await
}

/// `GET /healthz` (one pooled database connection taken and given back), then `GET
/// /api/v1/me` (the token looked up, the member read), from every client: what the harness,
/// hyper and the middleware cost, and what authenticating adds.
pub async fn baseline(server: &Server, options: &Options, team: &Team) -> BenchResult<Vec<Row>> {
    let mut rows = Vec::new();
    for path in ["/healthz", "/api/v1/me"] {
        eprintln!("baseline: GET {path} from {} clients…", options.clients);
        let url = Arc::new(server.api.url(path));
        let client = server.api.client.clone();
        let tokens: Arc<Vec<String>> = Arc::new(
            team.members
                .iter()
                .filter_map(|m| m.token.clone())
                .collect(),
        );
        let request = move |who: usize, _n: usize| {
            let (url, client) = (url.clone(), client.clone());
            let token = tokens
                .get(who % tokens.len().max(1))
                .cloned()
                .unwrap_or_default();
            async move {
                let response = client.get(url.as_str()).bearer_auth(token).send().await;
                load::finish(response, StatusCode::OK).await.map(drop)
            }
        };
        load::run(options.clients, WARM_UP, BASELINE_LIMIT, request.clone()).await;
        let outcome = load::run(options.clients, usize::MAX, BASELINE_LIMIT, request).await;
        let scenario = format!("baseline GET {path}, {} clients", options.clients);
        rows.extend(outcome.rows(&scenario, path.trim_start_matches('/'), None, None));
    }
    Ok(rows)
}

/// Starts the threads, then times the replies.
pub async fn run(
    server: &Server,
    options: &Options,
    postgres: bool,
    team: Team,
) -> BenchResult<Vec<Row>> {
    let api = &server.api;
    eprintln!("post: starting {THREADS} threads…");
    let threads: Vec<String> = futures::stream::iter(0..THREADS)
        .map(|i| {
            let team = &team;
            let mut rng = StdRng::seed_from_u64(i as u64);
            let (title, body) = (words::title(&mut rng), words::body(&mut rng, 10, 60));
            async move {
                let by = &team.members[i % team.members.len()];
                let channel = &team.channels[i % team.channels.len()];
                api.start_thread(by, channel, &title, &body).await
            }
        })
        .buffered(16)
        .try_collect()
        .await?;
    let mut rng = StdRng::seed_from_u64(7);
    let bodies: Vec<String> = (0..BODIES).map(|_| words::body(&mut rng, 10, 60)).collect();
    let replies = Replies {
        base: api.base.clone(),
        team: Arc::new(team),
        threads: Arc::new(threads),
        bodies: Arc::new(bodies),
    };
    let client = api.client.clone();
    let clients = options.clients;
    let request = move |who: usize, n: usize| {
        let client = client.clone();
        let prepared = replies.prepare(who, n);
        async move {
            let (url, token, body) = prepared?;
            let response = client
                .post(url)
                .bearer_auth(token)
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body)
                .send()
                .await;
            load::finish(response, StatusCode::CREATED).await.map(drop)
        }
    };
    eprintln!("post: warming up with {WARM_UP} replies…");
    let warm = load::run(clients, WARM_UP, options.limit, request.clone()).await;
    if let Some(error) = warm.first_error {
        return Err(format!("warm-up replies failed: {error}").into());
    }
    let total = options
        .posts
        .unwrap_or(if postgres { 15_000 } else { 40_000 });
    eprintln!(
        "post: {total} replies from {clients} clients (at most {:?})…",
        options.limit
    );
    let outcome = load::run(clients, total, options.limit, request).await;
    let (rate, p99) = if postgres {
        (3_000.0, 25.0)
    } else {
        (8_000.0, 25.0)
    };
    let scenario = format!("post reply, {clients} clients, 1 in {ASK_EVERY} with an ask");
    Ok(outcome.rows(
        &scenario,
        "reply",
        Some(Target::AtLeast(rate)),
        Some(Target::AtMost(p99)),
    ))
}

/// Everything a reply is made from, shared by the clients.
#[derive(Debug, Clone)]
struct Replies {
    base: String,
    team: Arc<Team>,
    threads: Arc<Vec<String>>,
    bodies: Arc<Vec<String>>,
}

impl Replies {
    /// Reply `n` by client `who`: URL, token and JSON body. Each client is one member (a member
    /// may have several clients); the thread is spread pseudo-randomly over all threads.
    fn prepare(&self, who: usize, n: usize) -> Result<(String, String, String), String> {
        let members = &self.team.members;
        let author: &Member = &members[who % members.len()];
        let thread = &self.threads[n.wrapping_mul(2_654_435_761) % self.threads.len()];
        let text = &self.bodies[n % self.bodies.len()];
        let body = if n.is_multiple_of(ASK_EVERY) {
            let others: Vec<&Member> = members.iter().filter(|m| m.zone != author.zone).collect();
            let to = &others[(n / ASK_EVERY) % others.len()].id;
            json!({"body": text, "request": {"kind": "reply", "to": [to], "urgency": "normal"}})
        } else {
            json!({ "body": text })
        };
        let token = author.token().map_err(|e| e.to_string())?;
        Ok((
            format!("{}/api/v1/threads/{thread}/messages", self.base),
            token.to_owned(),
            body.to_string(),
        ))
    }
}
