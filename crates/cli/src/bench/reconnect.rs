//! `reconnect`: `clients` event streams that keep dropping their connection and resuming with
//! `Last-Event-ID`, while `posts` replies are made, beside one reference stream that never
//! drops. Each resuming client must end with exactly the reference's events, in order
//! ([`super::resume_check`]). The timed operation is a resume: from dropping the connection to
//! the answer of the new one.

use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail};
use rand::SeedableRng;
use rand::rngs::StdRng;
use serde_json::json;
use sundial_app::seed::message_body;
use tokio::sync::watch;

use super::client::{Api, text};
use super::closed_loop::Outcome;
use super::resume_check::{ResumeCheck, check};
use super::setup;
use super::streams::{self, Reader};

/// How long after the last post every stream may take to have it.
const SETTLE_LIMIT: Duration = Duration::from_secs(30);

/// What a reconnect run found.
#[derive(Debug)]
pub struct Reconnect {
    /// Resumes timed (drop → new stream answered), as the outcome's latencies.
    pub outcome: Outcome,
    /// Events the reference stream received during the run.
    pub events: usize,
    /// One verdict per resuming client.
    pub checks: Vec<ResumeCheck>,
}

/// What one client task hands back: the ids it received in order, and its resume times.
type ClientLog = (Vec<i64>, Vec<Duration>);

pub async fn run(
    api: &Api,
    clients: usize,
    posts: usize,
    duration: Duration,
) -> anyhow::Result<Reconnect> {
    let channel = setup::channel(api, "reconnect").await?;
    let thread = setup::thread(api, &channel, "Reconnect").await?;
    let head = streams::head(api, &thread).await?;
    // The id of the run's last event, once known; every stream stops when it has read it.
    let (last_tx, last_rx) = watch::channel::<Option<String>>(None);
    let reference = tokio::spawn(read_reference(api.clone(), head, last_rx.clone()));
    let tasks: Vec<_> = (0..clients)
        .map(|client| tokio::spawn(resume_forever(api.clone(), head, client, last_rx.clone())))
        .collect();
    let started = Instant::now();
    let mut outcome = Outcome::default();
    let path = format!("/api/v1/threads/{thread}/messages");
    let mut last_message = None;
    for i in 0..posts {
        if started.elapsed() >= duration {
            break;
        }
        let body = message_body(&mut StdRng::seed_from_u64(i as u64), 10, 60);
        match api.post(&path, &json!({ "body": body })).await {
            Ok(posted) => last_message = Some(text(&posted, "/message_id")?),
            Err(error) => {
                outcome.errors += 1;
                outcome.first_error.get_or_insert(format!("{error:#}"));
            }
        }
    }
    let Some(last_message) = last_message else {
        for task in &tasks {
            task.abort();
        }
        reference.abort();
        bail!(
            "reconnect: no post succeeded ({})",
            outcome.first_error.unwrap_or_default()
        );
    };
    let _ = last_tx.send(Some(last_message));
    let joined = async {
        let (reference_ids, last_id) = reference.await.context("the reference stream")??;
        let mut logs = Vec::with_capacity(clients);
        for task in tasks {
            logs.push(task.await.context("a resuming client")??);
        }
        anyhow::Ok((reference_ids, last_id, logs))
    };
    let (reference_ids, last_id, logs): (Vec<i64>, i64, Vec<ClientLog>) =
        tokio::time::timeout(duration + SETTLE_LIMIT, joined)
            .await
            .map_err(|_| anyhow!("reconnect: the streams did not all reach the last post"))??;
    outcome.elapsed = started.elapsed();
    let mut checks = Vec::with_capacity(clients);
    for (ids, resumes) in logs {
        checks.push(check(&reference_ids, &ids, last_id));
        outcome
            .latencies
            .entry("resume")
            .or_default()
            .extend(resumes);
    }
    Ok(Reconnect {
        outcome,
        events: reference_ids.iter().filter(|&&id| id <= last_id).count(),
        checks,
    })
}

/// The stream that never drops: every id it receives, and the id of the run's last post.
async fn read_reference(
    api: Api,
    after: i64,
    mut last: watch::Receiver<Option<String>>,
) -> anyhow::Result<(Vec<i64>, i64)> {
    let mut reader = Reader::new(api.events(after, None).await?);
    let mut ids = Vec::new();
    let mut posted = Vec::new();
    loop {
        if let Some(last) = last.borrow().as_deref()
            && let Some((_, id)) = posted.iter().find(|(message, _)| message == last)
        {
            return Ok((ids, *id));
        }
        tokio::select! {
            next = reader.next() => {
                let (_, events) = next.context("the reference stream")?;
                for seen in events {
                    ids.push(seen.id);
                    if let Some(message) = seen.posted_message {
                        posted.push((message, seen.id));
                    }
                }
            }
            // Told the last post's id: it may already be here.
            _ = last.changed() => {}
        }
    }
}

/// A client that drops its stream every few events and resumes with `Last-Event-ID`, until it
/// has read the run's last post.
async fn resume_forever(
    api: Api,
    after: i64,
    client: usize,
    mut last: watch::Receiver<Option<String>>,
) -> anyhow::Result<ClientLog> {
    let mut ids: Vec<i64> = Vec::new();
    let mut messages: Vec<String> = Vec::new();
    let mut resumes = Vec::new();
    let mut dropped_at: Option<Instant> = None;
    let mut round = 0;
    loop {
        let response = api
            .events(after, ids.last().copied())
            .await
            .with_context(|| format!("client {client} resuming"))?;
        if let Some(dropped) = dropped_at {
            resumes.push(dropped.elapsed());
        }
        let mut reader = Reader::new(response);
        // Clients drop after 1 to 4 events, varying by client and round, so drops fall at
        // every position within the server's pages and chunks.
        let keep = 1 + (client + round) % 4;
        let mut read = 0;
        while read < keep {
            if let Some(last) = last.borrow().as_deref()
                && messages.iter().any(|m| m == last)
            {
                return Ok((ids, resumes));
            }
            tokio::select! {
                next = reader.next() => {
                    let (_, events) = next.with_context(|| format!("client {client}"))?;
                    for seen in events {
                        read += 1;
                        ids.push(seen.id);
                        messages.extend(seen.posted_message);
                    }
                }
                // Told the last post's id: it may already be here.
                _ = last.changed() => {}
            }
        }
        dropped_at = Some(Instant::now());
        drop(reader);
        round += 1;
    }
}
