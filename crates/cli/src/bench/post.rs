//! `post`: replies over `POST /api/v1/threads/{id}/messages` into threads of a channel made for
//! the run; one reply in `--ask-every` (five by default) asks a member in another time zone for
//! a reply, so due times are computed on other calendars (as in a distributed team). Each thread asks within its own
//! small group, so a thread has at most [`GROUP`] + 1 followers however long the run: the
//! figure is the cost of posting, not of fanning out to threads that grow without bound.

use std::sync::Arc;

use anyhow::Context;
use rand::SeedableRng;
use rand::rngs::StdRng;
use serde_json::json;
use sundial_app::seed::message_body;

use super::client::{Api, Me, text};
use super::closed_loop::{self, Limits, Outcome};
use super::setup;

/// Threads replied to: enough that writers do not all queue on one thread's row.
const THREADS: usize = 32;
/// The members a thread's asks go to, in turn: its participants besides the poster.
const GROUP: usize = 6;

/// Runs the scenario; one reply in `ask_every` carries an ask (none when 0).
pub async fn run(api: &Api, me: &Me, limits: Limits, ask_every: usize) -> anyhow::Result<Outcome> {
    let channel = setup::channel(api, "post").await?;
    let mut threads = Vec::with_capacity(THREADS);
    for i in 0..THREADS {
        threads.push(setup::thread(api, &channel, &format!("Bench thread {i}")).await?);
    }
    let askable = setup::members_in_other_zones(api, me).await?;
    let (api, threads, askable) = (api.clone(), Arc::new(threads), Arc::new(askable));
    Ok(closed_loop::run(limits, move |i| {
        let (api, threads, askable) = (api.clone(), threads.clone(), askable.clone());
        async move {
            let body = message_body(&mut StdRng::seed_from_u64(i as u64), 10, 60);
            let mut reply = json!({ "body": body });
            let asks = ask_every > 0 && i % ask_every == 0 && !askable.is_empty();
            let thread_index = i % threads.len();
            if asks {
                let turn = (i / ask_every / threads.len()) % GROUP;
                let to = &askable[(thread_index * GROUP + turn) % askable.len()];
                reply["request"] = json!({"kind": "reply", "to": [to], "urgency": "normal"});
            }
            let thread = &threads[thread_index];
            let posted = api
                .post(&format!("/api/v1/threads/{thread}/messages"), &reply)
                .await?;
            text(&posted, "/message_id").context("the reply's answer")?;
            Ok(if asks { "ask" } else { "reply" })
        }
    })
    .await)
}
