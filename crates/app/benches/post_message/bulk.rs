//! The bulk loader for the inbox scenario: a year of history (threads of ~20 messages across
//! the channels, followers, asks that were answered long ago) written straight through the
//! store's records, 5,000 messages per transaction. Each thread is a conversation among two to
//! six members, who follow it; one message in twenty asks others in the thread for a reply.
//!
//! Posting a million messages through `App::reply` would take the better part of an hour at
//! the post scenario's rate; this goes through the store's bulk path (`sundial_store::bulk`,
//! the same as `sundial seed load`) and gives the inbox's queries the same tables and indexes
//! to work through. The event log is not filled: the inbox never reads it. Unlike `seed load`,
//! this history is seen from one member (`me`), whose read markers and open-ask candidates the
//! inbox scenario needs.

use std::collections::{BTreeSet, VecDeque};
use std::time::{Duration, Instant};

use jiff::{SignedDuration, Timestamp};
use rand::Rng;
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::index::sample;
use sundial_app::seed::{message_body, thread_title};
use sundial_core::{MessageId, RequestId, ThreadId};
use sundial_store::StoreError;
use sundial_store::bulk::{self, Batch};
use sundial_store::records::messages::MessageRow;
use sundial_store::records::requests::{ObligationRow, RequestRow};
use sundial_store::records::threads::ThreadRow;
use sundial_store::time::to_millis;
use tokio::task::JoinHandle;

use crate::BenchResult;
use crate::fixture::Team;

/// Messages per thread, on average: a realistic ratio for written, threaded conversation.
const MESSAGES_PER_THREAD: usize = 20;
/// Threads per transaction: 250 x 20 = 5,000 messages.
const THREADS_PER_BATCH: usize = 250;
/// One message in this many carries an ask of one or two people.
const ASK_EVERY: u32 = 20;
/// The fewest and most people taking part in a thread.
const PARTICIPANTS: (usize, usize) = (2, 6);
/// Of the followed threads, this share is left unread by the inbox's member.
const UNREAD_SHARE: f64 = 0.1;

/// What the loader wrote.
#[derive(Debug)]
pub struct Loaded {
    pub messages: usize,
    pub threads: usize,
    pub asks: usize,
    pub elapsed: Duration,
}

/// A message an open ask can later be attached to.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub message_id: String,
    pub thread_id: String,
    pub author: usize,
    pub created_at: i64,
}

/// Loads `total` messages of history into `team`'s workspace, as seen from member `me`
/// (whose followed threads get read markers). Returns what was written and a sample of
/// recent messages to hang open asks on.
pub async fn history(
    team: &Team,
    me: usize,
    total: usize,
) -> BenchResult<(Loaded, Vec<Candidate>)> {
    let started = Instant::now();
    let store = team.app.store().clone();
    let workspace_id = team.members[0].workspace_id.to_string();
    let member_ids: Vec<String> = team
        .members
        .iter()
        .map(|m| m.member_id.to_string())
        .collect();
    let now = Timestamp::now();
    let thread_count = total.div_ceil(MESSAGES_PER_THREAD).max(1);
    // Threads start evenly over the past year; each runs its messages 7 minutes apart.
    let year = SignedDuration::from_hours(365 * 24);
    let start = to_millis(now - year);
    let step = year.as_millis() as i64 / thread_count as i64;
    let mut rng = StdRng::seed_from_u64(42);
    let mut candidates = Vec::new();
    let mut in_flight: VecDeque<JoinHandle<Result<(), StoreError>>> = VecDeque::new();
    let mut batch = Batch::default();
    let (mut written, mut asks) = (0, 0);
    for t in 0..thread_count {
        let count = MESSAGES_PER_THREAD.min(total - written);
        let created_at = start + t as i64 * step;
        let channel_id = team.channels[rng.gen_range(0..team.channels.len())].clone();
        // A thread is a conversation among a few people, not the whole workspace.
        let people = rng
            .gen_range(PARTICIPANTS.0..=PARTICIPANTS.1)
            .min(member_ids.len());
        let people = sample(&mut rng, member_ids.len(), people).into_vec();
        let authors: Vec<usize> = (0..count)
            .map(|k| {
                if k == 0 {
                    people[0]
                } else {
                    people[rng.gen_range(0..people.len())]
                }
            })
            .collect();
        let thread_id = ThreadId::generate().to_string();
        let last_at = created_at + (count as i64 - 1) * 7 * 60_000;
        let last_author = *authors.last().unwrap_or(&0);
        batch.threads.push(ThreadRow {
            id: thread_id.clone(),
            workspace_id: workspace_id.clone(),
            channel_id,
            title: thread_title(&mut rng),
            author_id: member_ids[authors[0]].clone(),
            resolved_at: None,
            resolved_by: None,
            created_at,
            last_activity_at: last_at,
            last_author_id: member_ids[last_author].clone(),
            message_count: count as i64,
        });
        let mut followers: BTreeSet<usize> = BTreeSet::new();
        for (k, &author) in authors.iter().enumerate() {
            let at = created_at + k as i64 * 7 * 60_000;
            let message_id = MessageId::generate().to_string();
            followers.insert(author);
            if rng.gen_ratio(1, ASK_EVERY) {
                let recipients: Vec<usize> = people
                    .iter()
                    .copied()
                    .filter(|&p| p != author)
                    .take(2)
                    .collect();
                followers.extend(&recipients);
                let (request, obligations) = answered_ask(
                    &workspace_id,
                    &message_id,
                    &thread_id,
                    &member_ids,
                    (author, &recipients),
                    at,
                );
                batch.requests.push(request);
                batch.obligations.extend(obligations);
                asks += 1;
            }
            if k % 20 == 7 {
                candidates.push(Candidate {
                    message_id: message_id.clone(),
                    thread_id: thread_id.clone(),
                    author,
                    created_at: at,
                });
            }
            batch.messages.push(MessageRow {
                id: message_id,
                workspace_id: workspace_id.clone(),
                thread_id: thread_id.clone(),
                author_id: member_ids[author].clone(),
                body: message_body(&mut rng, 10, 60),
                created_at: at,
                edited_at: None,
            });
        }
        for &member in &followers {
            batch
                .follows
                .push((thread_id.clone(), member_ids[member].clone(), created_at));
        }
        if followers.contains(&me) && !rng.gen_bool(UNREAD_SHARE) {
            batch
                .reads
                .push((thread_id.clone(), member_ids[me].clone(), last_at));
        }
        written += count;
        if batch.threads.len() == THREADS_PER_BATCH || written == total {
            // Two transactions in flight: the next batch is built while one commits.
            if in_flight.len() == 2
                && let Some(oldest) = in_flight.pop_front()
            {
                oldest.await??;
            }
            let (store, full) = (store.clone(), std::mem::take(&mut batch));
            in_flight.push_back(tokio::spawn(async move { bulk::write(&store, full).await }));
            if (t + 1) % (THREADS_PER_BATCH * 40) == 0 {
                eprintln!("  … {written} messages loaded ({:.0?})", started.elapsed());
            }
        }
        if written == total {
            break;
        }
    }
    for handle in in_flight {
        handle.await??;
    }
    let loaded = Loaded {
        messages: written,
        threads: thread_count,
        asks,
        elapsed: started.elapsed(),
    };
    Ok((loaded, candidates))
}

/// An ask from `author` of `recipients`, made at `at` and answered within two days.
fn answered_ask(
    workspace_id: &str,
    message_id: &str,
    thread_id: &str,
    member_ids: &[String],
    (author, recipients): (usize, &[usize]),
    at: i64,
) -> (RequestRow, Vec<ObligationRow>) {
    let id = RequestId::generate().to_string();
    let due_at = at + 24 * 3_600_000;
    let obligations = recipients
        .iter()
        .map(|&member| ObligationRow {
            request_id: id.clone(),
            member_id: member_ids[member].clone(),
            status: "done".to_owned(),
            due_at,
            original_due_at: due_at,
            updated_at: at + 3_600_000,
        })
        .collect();
    let request = RequestRow {
        id,
        workspace_id: workspace_id.to_owned(),
        message_id: message_id.to_owned(),
        thread_id: thread_id.to_owned(),
        requester_id: member_ids[author].clone(),
        kind: "reply".to_owned(),
        urgency: "normal".to_owned(),
        explicit_due_at: None,
        created_at: at,
    };
    (request, obligations)
}
