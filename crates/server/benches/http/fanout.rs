//! The fanout scenario: 1,000 live event streams (`GET /api/v1/events`, each its own
//! connection) open on one public channel; one member posts 100 replies, one after another, each
//! once every stream has the one before. For each post: the time from its `201` answer to the
//! moment the last stream has its `message.posted` event.
//!
//! Streams start at the current head of the log (`?after=`), so they carry only what the run
//! posts. Each stream task stamps a chunk with the time it arrived, before parsing it, so the
//! parsing of 1,000 streams does not count against the server (it does share the CPU with it).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::StreamExt;
use rand::SeedableRng;
use rand::rngs::StdRng;
use serde_json::{Value, json};
use sundial_app::App;
use sundial_core::SystemClock;
use tokio::sync::{Semaphore, mpsc};

use crate::api::{Member, text};
use crate::report::{Latencies, Row, Target, load_average, process_cpu};
use crate::server::Server;
use crate::{BenchResult, Options, words};

/// Accounts the streams belong to, at most: past it, members hold several streams each (tabs,
/// devices). Every stream costs the server the same whoever holds it.
const MEMBERS: usize = 1_000;
/// Streams connecting at once: a thousand simultaneous connects would overflow nothing here,
/// but would measure the accept queue rather than the steady state.
const CONNECTING: usize = 64;
/// How long to wait for every stream to be open, and for every stream to have one event.
const CONNECT_LIMIT: Duration = Duration::from_secs(120);
const EVENT_LIMIT: Duration = Duration::from_secs(10);

/// `(message_id, when the chunk carrying its event arrived)`.
type Arrival = (String, Instant);

/// Runs the scenario and returns its figures.
pub async fn run(server: &Server, options: &Options) -> BenchResult<Vec<Row>> {
    let api = &server.api;
    let streams = options.sse_clients;
    let members = streams.min(MEMBERS);
    eprintln!("fanout: setting up {members} members over the API…");
    let team = api.team(members + 1, 1, |_| true).await?;
    let poster = &team.members[0];
    let channel = &team.channels[0];
    let thread = api
        .start_thread(poster, channel, "Announcements", "Everyone reads this.")
        .await?;
    let head = head(server, poster).await?;

    eprintln!("fanout: opening {streams} event streams after event {head}…");
    let listeners = reqwest::Client::builder().build()?;
    let gate = Arc::new(Semaphore::new(CONNECTING));
    let (connected_tx, mut connected) = mpsc::unbounded_channel::<Result<(), String>>();
    let (arrivals_tx, arrivals) = mpsc::unbounded_channel::<Arrival>();
    let url = api.url(&format!("/api/v1/events?after={head}"));
    let tasks: Vec<_> = (0..streams)
        .map(|i| {
            let member = &team.members[1 + i % members];
            tokio::spawn(listen(
                listeners.clone(),
                url.clone(),
                member.token.clone().unwrap_or_default(),
                gate.clone(),
                connected_tx.clone(),
                arrivals_tx.clone(),
            ))
        })
        .collect();
    let result = async {
        let opening = Instant::now();
        for _ in 0..streams {
            match tokio::time::timeout(CONNECT_LIMIT, connected.recv()).await {
                Ok(Some(Ok(()))) => {}
                Ok(Some(Err(error))) => return Err(format!("a stream failed: {error}").into()),
                Ok(None) | Err(_) => return Err("the streams did not all open".into()),
            }
        }
        eprintln!(
            "fanout: {streams} streams open in {:.1?}",
            opening.elapsed()
        );
        let mut fanout = Fanout {
            arrivals,
            seen: HashMap::new(),
            streams,
        };
        let mut rng = StdRng::seed_from_u64(11);
        let path = format!("/api/v1/threads/{thread}/messages");
        let token = poster.token()?;
        // One untimed post: every stream has read the log once, every connection is warm.
        let body = json!({"body": words::body(&mut rng, 10, 60)});
        let posted = api.post(&path, Some(token), &body).await?;
        if fanout.wait(&text(&posted, "/message_id")?).await.is_none() {
            return Err("the warm-up post did not reach every stream".into());
        }
        eprintln!("fanout: {} posts…", options.fanout_posts);
        let (mut after_answer, mut after_send, mut first) = (vec![], vec![], vec![]);
        let mut incomplete = 0;
        let cpu_before = process_cpu();
        for _ in 0..options.fanout_posts {
            let body = json!({"body": words::body(&mut rng, 10, 60)});
            let sent = Instant::now();
            let posted = api.post(&path, Some(token), &body).await?;
            let answered = Instant::now();
            match fanout.wait(&text(&posted, "/message_id")?).await {
                Some((earliest, last)) => {
                    after_answer.push(last.saturating_duration_since(answered));
                    after_send.push(last.saturating_duration_since(sent));
                    first.push(earliest.saturating_duration_since(sent));
                }
                None => incomplete += 1,
            }
        }
        let cpu = process_cpu().saturating_sub(cpu_before);
        BenchResult::Ok((after_answer, after_send, first, incomplete, cpu))
    }
    .await;
    for task in &tasks {
        task.abort();
    }
    let (after_answer, after_send, first, incomplete, cpu) = result?;
    let cpu_per_post = cpu.as_secs_f64() * 1e3 / options.fanout_posts.max(1) as f64;
    let load = load_average();
    let scenario = format!("fanout, {streams} streams of {members} members");
    let mut rows = vec![
        Row::new(
            &scenario,
            "posts timed",
            after_answer.len() as f64,
            "posts",
            &load,
        ),
        Row::new(
            &scenario,
            "posts not seen by all streams in 10 s",
            incomplete as f64,
            "posts",
            &load,
        )
        .target(Target::AtMost(0.0)),
    ];
    rows.push(Row::new(
        &scenario,
        "CPU per post, all streams",
        cpu_per_post,
        "ms",
        &load,
    ));
    rows.extend(Latencies::new(after_answer).rows(
        &scenario,
        "last stream after answer",
        &load,
        Some(Target::AtMost(250.0)),
    ));
    rows.extend(Latencies::new(after_send).rows(&scenario, "last stream after send", &load, None));
    rows.extend(Latencies::new(first).rows(&scenario, "first stream after send", &load, None));
    Ok(rows)
}

/// The newest event's sequence number in the poster's workspace, read through the app on the
/// server's store: the API has no "latest id" call (clients learn it from the stream).
async fn head(server: &Server, member: &Member) -> BenchResult<i64> {
    let app = App::new(server.store.clone(), Arc::new(SystemClock));
    let actor = app.authenticate(member.token()?).await?;
    let mut last = 0;
    loop {
        let page = app.events_after(&actor, last, 1_000).await?;
        if page.last_seq == last {
            return Ok(last);
        }
        last = page.last_seq;
    }
}

/// Where the streams' arrivals are gathered.
struct Fanout {
    arrivals: mpsc::UnboundedReceiver<Arrival>,
    /// Arrival times per message id, including those read before their post was answered.
    seen: HashMap<String, Vec<Instant>>,
    streams: usize,
}

impl Fanout {
    /// The first and last arrival of `message_id` once every stream has it; `None` if that
    /// takes longer than [`EVENT_LIMIT`].
    async fn wait(&mut self, message_id: &str) -> Option<(Instant, Instant)> {
        let deadline = tokio::time::Instant::now() + EVENT_LIMIT;
        loop {
            if let Some(times) = self.seen.get(message_id)
                && times.len() >= self.streams
            {
                let times = self.seen.remove(message_id)?;
                return Some((*times.iter().min()?, *times.iter().max()?));
            }
            let (id, at) = tokio::time::timeout_at(deadline, self.arrivals.recv())
                .await
                .ok()??;
            self.seen.entry(id).or_default().push(at);
        }
    }
}

/// One stream: connects (a few at a time), says so, then reports every `message.posted` event
/// until it is aborted or the server ends it.
async fn listen(
    client: reqwest::Client,
    url: String,
    token: String,
    gate: Arc<Semaphore>,
    connected: mpsc::UnboundedSender<Result<(), String>>,
    arrivals: mpsc::UnboundedSender<Arrival>,
) {
    let permit = gate.acquire_owned().await;
    let response = client.get(url).bearer_auth(token).send().await;
    drop(permit);
    let response = match response {
        Ok(response) if response.status() == reqwest::StatusCode::OK => response,
        Ok(response) => {
            let _ = connected.send(Err(format!("status {}", response.status())));
            return;
        }
        Err(error) => {
            let _ = connected.send(Err(error.to_string()));
            return;
        }
    };
    let _ = connected.send(Ok(()));
    let mut body = response.bytes_stream();
    let mut buffer: Vec<u8> = Vec::new();
    while let Some(Ok(chunk)) = body.next().await {
        let at = Instant::now();
        buffer.extend_from_slice(&chunk);
        while let Some((end, blank)) = frame_end(&buffer) {
            let frame = String::from_utf8_lossy(&buffer[..end]).into_owned();
            buffer.drain(..end + blank);
            if let Some(message_id) = posted_message(&frame) {
                let _ = arrivals.send((message_id, at));
            }
        }
    }
}

/// Where the first frame in `buffer` ends, and the length of the blank line ending it.
fn frame_end(buffer: &[u8]) -> Option<(usize, usize)> {
    let lf = buffer.windows(2).position(|w| w == b"\n\n").map(|i| (i, 2));
    let crlf = buffer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| (i, 4));
    match (lf, crlf) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
        (a, b) => a.or(b),
    }
}

/// The message id of a `message.posted` frame; `None` for any other frame (or a keep-alive).
fn posted_message(frame: &str) -> Option<String> {
    let mut kind = None;
    let mut data = Vec::new();
    for line in frame.lines() {
        let (field, value) = line.split_once(':').unwrap_or((line, ""));
        let value = value.strip_prefix(' ').unwrap_or(value);
        match field {
            "event" => kind = Some(value),
            "data" => data.push(value),
            _ => {}
        }
    }
    if kind != Some("message.posted") {
        return None;
    }
    let event: Value = serde_json::from_str(&data.join("\n")).ok()?;
    event
        .pointer("/data/message_id")
        .and_then(Value::as_str)
        .map(str::to_owned)
}
