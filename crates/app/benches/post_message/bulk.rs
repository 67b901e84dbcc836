//! The bulk loader for the inbox scenario: a year of history (threads of ~20 messages across
//! the channels, followers, asks that were answered long ago) written straight through the
//! store's records, 5,000 messages per transaction. Posting a million messages through
//! `App::reply` would take most of an hour; this takes about a minute and gives the inbox's
//! queries the same tables and indexes to work through. The event log is not filled: the
//! inbox never reads it.

use std::collections::{BTreeSet, VecDeque};
use std::time::{Duration, Instant};

use jiff::{SignedDuration, Timestamp};
use rand::Rng;
use rand::SeedableRng;
use rand::rngs::StdRng;
use sundial_core::{MessageId, RequestId, ThreadId};
use sundial_store::records::messages::{self, MessageRow};
use sundial_store::records::requests::{self, ObligationRow, RequestRow};
use sundial_store::records::threads::{self, ThreadRow};
use sundial_store::time::to_millis;
use sundial_store::{Store, StoreError};
use tokio::task::JoinHandle;

use crate::BenchResult;
use crate::fixture::{self, Team};

/// Messages per thread, on average: a realistic ratio for written, threaded conversation.
const MESSAGES_PER_THREAD: usize = 20;
/// Threads per transaction: 250 x 20 = 5,000 messages.
const THREADS_PER_BATCH: usize = 250;
/// One message in this many carries an ask of one or two people.
const ASK_EVERY: u32 = 20;
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

/// Everything one transaction writes, in foreign-key order.
#[derive(Debug, Default)]
struct Batch {
    threads: Vec<ThreadRow>,
    messages: Vec<MessageRow>,
    requests: Vec<(RequestRow, Vec<ObligationRow>)>,
    follows: Vec<(String, String, i64)>,
    reads: Vec<(String, String, i64)>,
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
        let authors: Vec<usize> = (0..count)
            .map(|_| rng.gen_range(0..member_ids.len()))
            .collect();
        let thread_id = ThreadId::generate().to_string();
        let last_at = created_at + (count as i64 - 1) * 7 * 60_000;
        let last_author = *authors.last().unwrap_or(&0);
        batch.threads.push(ThreadRow {
            id: thread_id.clone(),
            workspace_id: workspace_id.clone(),
            channel_id,
            title: fixture::title(&mut rng),
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
                let recipients = distinct_others(&mut rng, author, member_ids.len());
                followers.extend(&recipients);
                batch.requests.push(answered_ask(
                    &workspace_id,
                    &message_id,
                    &thread_id,
                    &member_ids,
                    (author, &recipients),
                    at,
                ));
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
                body: fixture::body(&mut rng, 10, 60),
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
            in_flight.push_back(tokio::spawn(write(
                store.clone(),
                std::mem::take(&mut batch),
            )));
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

/// Open asks on sampled messages: `of_me` asks made of member `me` (pending or acknowledged,
/// due from three days ago to ten days ahead), and `by_me` asks `me` made of others. The most
/// recent candidates are used first.
pub async fn open_asks(
    team: &Team,
    me: usize,
    candidates: &[Candidate],
    (of_me, by_me): (usize, usize),
) -> BenchResult<()> {
    let store = team.app.store().clone();
    let workspace_id = team.members[0].workspace_id.to_string();
    let member_ids: Vec<String> = team
        .members
        .iter()
        .map(|m| m.member_id.to_string())
        .collect();
    let now = to_millis(Timestamp::now());
    let day = 24 * 3_600_000;
    let mut rng = StdRng::seed_from_u64(43);
    let mut batch = Batch::default();
    let (mut asked_of_me, mut asked_by_me) = (0, 0);
    for candidate in candidates.iter().rev() {
        let recipients = if candidate.author != me && asked_of_me < of_me {
            asked_of_me += 1;
            vec![me]
        } else if candidate.author == me && asked_by_me < by_me {
            asked_by_me += 1;
            distinct_others(&mut rng, me, member_ids.len())
        } else {
            continue;
        };
        let request_id = RequestId::generate().to_string();
        let obligations = recipients
            .iter()
            .map(|&member| {
                let due_at = now + rng.gen_range(-3 * day..10 * day);
                let status = if rng.gen_ratio(1, 5) {
                    "acknowledged"
                } else {
                    "pending"
                };
                batch
                    .follows
                    .push((candidate.thread_id.clone(), member_ids[member].clone(), now));
                ObligationRow {
                    request_id: request_id.clone(),
                    member_id: member_ids[member].clone(),
                    status: status.to_owned(),
                    due_at,
                    original_due_at: due_at,
                    updated_at: candidate.created_at,
                }
            })
            .collect();
        let request = RequestRow {
            id: request_id,
            workspace_id: workspace_id.clone(),
            message_id: candidate.message_id.clone(),
            thread_id: candidate.thread_id.clone(),
            requester_id: member_ids[candidate.author].clone(),
            kind: ["ack", "reply", "review", "decision"][rng.gen_range(0..4)].to_owned(),
            urgency: ["low", "normal", "high"][rng.gen_range(0..3)].to_owned(),
            explicit_due_at: None,
            created_at: candidate.created_at,
        };
        batch.requests.push((request, obligations));
        if asked_of_me == of_me && asked_by_me == by_me {
            break;
        }
    }
    if asked_of_me < of_me {
        return Err(
            format!("only {asked_of_me} of {of_me} open asks fit the loaded history").into(),
        );
    }
    write(store, batch).await?;
    Ok(())
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

/// One or two members other than `author`.
fn distinct_others(rng: &mut StdRng, author: usize, members: usize) -> Vec<usize> {
    let mut chosen = Vec::with_capacity(2);
    let wanted = if rng.gen_bool(0.3) { 2 } else { 1 };
    while chosen.len() < wanted.min(members.saturating_sub(1)) {
        let member = rng.gen_range(0..members);
        if member != author && !chosen.contains(&member) {
            chosen.push(member);
        }
    }
    chosen
}

/// Writes one batch in one transaction.
async fn write(store: Store, batch: Batch) -> Result<(), StoreError> {
    store
        .write(move |tx| {
            Box::pin(async move {
                let mut c = tx.conn();
                for row in &batch.threads {
                    threads::insert(&mut c, row).await?;
                }
                for row in &batch.messages {
                    messages::insert(&mut c, row).await?;
                }
                for (request, obligations) in &batch.requests {
                    requests::insert(&mut c, request, obligations).await?;
                }
                for (thread_id, member_id, at) in &batch.follows {
                    threads::follow(&mut c, thread_id, member_id, *at).await?;
                }
                for (thread_id, member_id, at) in &batch.reads {
                    threads::mark_read(&mut c, thread_id, member_id, *at).await?;
                }
                Ok(())
            })
        })
        .await
}
