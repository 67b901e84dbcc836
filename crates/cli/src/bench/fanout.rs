//! `fanout`: `clients` event streams open on the log, then `posts` replies one after another,
//! each once every stream has the one before. Per post: the time from its `201` answer to the
//! moment the last stream has its `message.posted` event. A chunk is time-stamped on arrival,
//! before it is parsed, so the bench's parsing does not count against the server.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::bail;
use rand::SeedableRng;
use rand::rngs::StdRng;
use serde_json::json;
use sundial_app::seed::message_body;
use tokio::sync::{Semaphore, mpsc};

use super::client::{Api, text};
use super::closed_loop::Outcome;
use super::setup;
use super::streams::{self, Reader};

/// Streams connecting at once, so the run measures the steady state, not the accept queue.
const CONNECTING: usize = 64;
/// How long every stream may take to open.
const CONNECT_LIMIT: Duration = Duration::from_secs(60);
/// How long a post may take to reach every stream before it counts as an error.
const DELIVERY_LIMIT: Duration = Duration::from_secs(10);

/// `(message_id, when the chunk carrying its event arrived)`.
type Arrival = (String, Instant);

/// What a fanout run measured besides the outcome.
#[derive(Debug)]
pub struct Fanout {
    pub outcome: Outcome,
    /// Per post: from sending the POST to the first stream having it.
    pub first_after_send: Vec<Duration>,
}

pub async fn run(
    api: &Api,
    clients: usize,
    posts: usize,
    duration: Duration,
) -> anyhow::Result<Fanout> {
    let channel = setup::channel(api, "fanout").await?;
    let thread = setup::thread(api, &channel, "Fanout").await?;
    let head = streams::head(api, &thread).await?;
    let gate = Arc::new(Semaphore::new(CONNECTING));
    let (connected_tx, mut connected) = mpsc::unbounded_channel::<anyhow::Result<()>>();
    let (arrivals_tx, arrivals) = mpsc::unbounded_channel::<Arrival>();
    let listeners: Vec<_> = (0..clients)
        .map(|_| {
            tokio::spawn(listen(
                api.clone(),
                head,
                gate.clone(),
                connected_tx.clone(),
                arrivals_tx.clone(),
            ))
        })
        .collect();
    let result = async {
        for _ in 0..clients {
            match tokio::time::timeout(CONNECT_LIMIT, connected.recv()).await {
                Ok(Some(Ok(()))) => {}
                Ok(Some(Err(error))) => bail!("an event stream failed to open: {error:#}"),
                Ok(None) | Err(_) => bail!("the {clients} event streams did not all open"),
            }
        }
        let mut deliveries = Deliveries {
            arrivals,
            seen: HashMap::new(),
            clients,
        };
        post_and_time(api, &thread, posts, duration, &mut deliveries).await
    }
    .await;
    for listener in &listeners {
        listener.abort();
    }
    result
}

async fn post_and_time(
    api: &Api,
    thread: &str,
    posts: usize,
    duration: Duration,
    deliveries: &mut Deliveries,
) -> anyhow::Result<Fanout> {
    let path = format!("/api/v1/threads/{thread}/messages");
    let mut fanout = Fanout {
        outcome: Outcome::default(),
        first_after_send: Vec::new(),
    };
    let started = Instant::now();
    for i in 0..posts {
        if started.elapsed() >= duration {
            break;
        }
        let body = message_body(&mut StdRng::seed_from_u64(i as u64), 10, 60);
        let sent = Instant::now();
        let posted = match api.post(&path, &json!({ "body": body })).await {
            Ok(posted) => posted,
            Err(error) => {
                fanout.outcome.errors += 1;
                fanout
                    .outcome
                    .first_error
                    .get_or_insert(format!("{error:#}"));
                continue;
            }
        };
        let answered = Instant::now();
        match deliveries.wait(&text(&posted, "/message_id")?).await {
            Some((first, last)) => {
                fanout
                    .outcome
                    .latencies
                    .entry("post")
                    .or_default()
                    .push(last.saturating_duration_since(answered));
                fanout
                    .first_after_send
                    .push(first.saturating_duration_since(sent));
            }
            None => {
                fanout.outcome.errors += 1;
                fanout.outcome.first_error.get_or_insert(format!(
                    "a post did not reach all {} streams within {DELIVERY_LIMIT:?}",
                    deliveries.clients
                ));
            }
        }
    }
    fanout.outcome.elapsed = started.elapsed();
    Ok(fanout)
}

/// Arrivals gathered from every stream.
struct Deliveries {
    arrivals: mpsc::UnboundedReceiver<Arrival>,
    /// Arrival times by message id, including those read before their POST was answered.
    seen: HashMap<String, Vec<Instant>>,
    clients: usize,
}

impl Deliveries {
    /// The first and last arrival of `message_id` once every stream has it; `None` past
    /// [`DELIVERY_LIMIT`].
    async fn wait(&mut self, message_id: &str) -> Option<(Instant, Instant)> {
        let deadline = tokio::time::Instant::now() + DELIVERY_LIMIT;
        loop {
            if self.seen.get(message_id).map(Vec::len) >= Some(self.clients) {
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

/// One stream: opens (a few at a time), says so, then reports every posted message.
async fn listen(
    api: Api,
    after: i64,
    gate: Arc<Semaphore>,
    connected: mpsc::UnboundedSender<anyhow::Result<()>>,
    arrivals: mpsc::UnboundedSender<Arrival>,
) {
    let permit = gate.acquire_owned().await;
    let response = api.events(after, None).await;
    drop(permit);
    let mut reader = match response {
        Ok(response) => Reader::new(response),
        Err(error) => {
            let _ = connected.send(Err(error));
            return;
        }
    };
    let _ = connected.send(Ok(()));
    while let Ok((at, events)) = reader.next().await {
        for seen in events {
            if let Some(message) = seen.posted_message {
                let _ = arrivals.send((message, at));
            }
        }
    }
}
