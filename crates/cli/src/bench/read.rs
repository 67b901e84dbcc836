//! `read`: the reads a team makes all day, in equal parts: the inbox, a thread, a channel's
//! thread list and a search (or the ones `--reads` names). Needs a workspace with threads in it (`sundial seed demo` or
//! `sundial seed load`); it writes nothing.

use std::sync::Arc;

use anyhow::bail;

use super::client::{Api, text};
use super::closed_loop::{self, Limits, Outcome};
use crate::cli::ReadKind;

/// Threads and channels sampled to read from.
const SAMPLE: usize = 50;

pub async fn run(api: &Api, limits: Limits, kinds: &[ReadKind]) -> anyhow::Result<Outcome> {
    if kinds.is_empty() {
        bail!("--reads names no read to make");
    }
    let channels = api.get("/api/v1/channels").await?;
    let channel_ids: Vec<String> = channels["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["id"].as_str().map(str::to_owned))
        .take(SAMPLE)
        .collect();
    let (mut threads, mut words) = (Vec::new(), Vec::new());
    for channel in &channel_ids {
        let page = api
            .get(&format!("/api/v1/channels/{channel}/threads"))
            .await?;
        for item in page["items"].as_array().into_iter().flatten() {
            if threads.len() < SAMPLE {
                threads.push(text(item, "/id")?);
            }
            // Search for words people wrote: the longer words of thread titles.
            let title = item["title"].as_str().unwrap_or_default();
            words.extend(
                title
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| w.len() >= 5)
                    .map(str::to_lowercase)
                    .take(1),
            );
        }
    }
    if threads.is_empty() || words.is_empty() {
        bail!(
            "read needs threads to read: seed the workspace first (sundial seed demo or \
             sundial seed load), or sign in to one that has some"
        );
    }
    let (api, channel_ids) = (api.clone(), Arc::new(channel_ids));
    let (threads, words) = (Arc::new(threads), Arc::new(words));
    let kinds: Arc<[ReadKind]> = kinds.into();
    Ok(closed_loop::run(limits, move |i| {
        let (api, channels, threads, words) = (
            api.clone(),
            channel_ids.clone(),
            threads.clone(),
            words.clone(),
        );
        let (kind, n) = (kinds[i % kinds.len()], i / kinds.len());
        async move {
            Ok(match kind {
                ReadKind::Inbox => {
                    api.get("/api/v1/inbox").await?;
                    "inbox"
                }
                ReadKind::Thread => {
                    api.get(&format!("/api/v1/threads/{}", threads[n % threads.len()]))
                        .await?;
                    "thread"
                }
                ReadKind::Threads => {
                    let channel = &channels[n % channels.len()];
                    api.get(&format!("/api/v1/channels/{channel}/threads"))
                        .await?;
                    "threads"
                }
                ReadKind::Me => {
                    api.get("/api/v1/me").await?;
                    "me"
                }
                ReadKind::Health => {
                    api.get("/healthz").await?;
                    "health"
                }
                ReadKind::Search => {
                    let word = &words[n % words.len()];
                    api.get(&format!("/api/v1/search?q={word}")).await?;
                    "search"
                }
            })
        }
    })
    .await)
}
