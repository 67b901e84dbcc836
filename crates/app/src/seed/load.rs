//! Bulk synthetic history for benchmarks: a workspace of `members` people in eight time zones,
//! `channels` public channels everyone is in, and `messages` messages in threads of about 20
//! over the past year, written through the store's bulk path (`sundial_store::bulk`) one
//! `batch` of messages per transaction.
//!
//! The shape follows how written, threaded teams work: a thread is a conversation among two to
//! six people, who follow it; one message in twenty asks one or two others in the thread for a
//! reply (answered, except in the last three days, where asks are still open and some
//! overdue); one followed thread in ten is unread. The text is random but seeded, so two loads
//! of the same size hold the same words.

use std::collections::{BTreeSet, VecDeque};
use std::time::{Duration, Instant};

use jiff::SignedDuration;
use rand::rngs::StdRng;
use rand::seq::index::sample;
use rand::{Rng, SeedableRng};
use sundial_core::{ChannelId, MessageId, RequestId, ThreadId, WorkspaceId};
use sundial_store::bulk::{self, Batch};
use sundial_store::records::channels::ChannelRow;
use sundial_store::records::messages::MessageRow;
use sundial_store::records::requests::{ObligationRow, RequestRow};
use sundial_store::records::threads::ThreadRow;
use sundial_store::time::to_millis;
use sundial_store::{Store, StoreError};
use tokio::task::JoinHandle;

use super::words::{message_body, thread_title};
use crate::accounts::secrets::hash_password;
use crate::accounts::{NewMember, NewWorkspace};
use crate::{App, AppError, AppResult};

/// Members a load may ask for.
pub const MEMBERS: std::ops::RangeInclusive<usize> = 2..=100_000;
/// Channels a load may ask for.
pub const CHANNELS: std::ops::RangeInclusive<usize> = 1..=10_000;
/// Messages a load may ask for.
pub const MESSAGES: std::ops::RangeInclusive<usize> = 1..=100_000_000;
/// Messages per transaction a load may ask for.
pub const BATCH: std::ops::RangeInclusive<usize> = 100..=50_000;
/// Everyone joins every channel, so their product is bounded too.
const MAX_MEMBERSHIPS: usize = 2_000_000;

/// Messages per thread: a realistic ratio for written, threaded conversation.
const MESSAGES_PER_THREAD: usize = 20;
/// One message in this many carries an ask.
const ASK_EVERY: u32 = 20;
/// The fewest and most people taking part in a thread.
const PARTICIPANTS: (usize, usize) = (2, 6);
/// Minutes between a thread's messages.
const MESSAGE_GAP_MINUTES: i64 = 7;
/// Synthetic members live in these zones, in turn.
const ZONES: [&str; 8] = [
    "Europe/Lisbon",
    "America/New_York",
    "America/Los_Angeles",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Europe/Berlin",
    "Pacific/Auckland",
];

/// What to load.
#[derive(Debug, Clone)]
pub struct LoadPlan {
    pub members: usize,
    pub channels: usize,
    pub messages: usize,
    /// Messages per transaction.
    pub batch: usize,
    /// Everyone's password (at least 8 characters).
    pub password: String,
}

/// Where a load has got to, reported after each committed batch.
#[derive(Debug, Clone, Copy)]
pub struct LoadProgress {
    pub messages: usize,
    pub elapsed: Duration,
}

/// What a load wrote, and how to sign in to it.
#[derive(Debug, Clone)]
pub struct LoadReport {
    pub workspace_id: String,
    pub owner_email: String,
    /// The owner's API token (shown once).
    pub owner_token: String,
    pub members: usize,
    pub channels: usize,
    pub threads: usize,
    pub messages: usize,
    pub asks: usize,
    pub elapsed: Duration,
}

impl LoadPlan {
    fn check(&self) -> AppResult<()> {
        let within = |field: &str, value: usize, range: &std::ops::RangeInclusive<usize>| {
            if range.contains(&value) {
                Ok(())
            } else {
                Err(AppError::invalid(
                    field,
                    &format!("must be from {} to {}", range.start(), range.end()),
                ))
            }
        };
        within("members", self.members, &MEMBERS)?;
        within("channels", self.channels, &CHANNELS)?;
        within("messages", self.messages, &MESSAGES)?;
        within("batch", self.batch, &BATCH)?;
        if self.members * self.channels > MAX_MEMBERSHIPS {
            return Err(AppError::invalid(
                "channels",
                &format!("members x channels must be at most {MAX_MEMBERSHIPS}"),
            ));
        }
        Ok(())
    }
}

impl App {
    /// Loads synthetic history into an empty database (see the module doc), calling `progress`
    /// after each committed batch.
    pub async fn seed_load(
        &self,
        plan: LoadPlan,
        mut progress: impl FnMut(LoadProgress),
    ) -> AppResult<LoadReport> {
        plan.check()?;
        self.require_empty().await?;
        let started = Instant::now();
        let owner = self
            .create_workspace(NewWorkspace {
                workspace_name: "Load test".to_owned(),
                owner: synthetic_member(0, &plan.password),
            })
            .await?;
        let workspace_id = WorkspaceId::from_string(&owner.workspace.id);
        let now = self.now();
        let created_at = to_millis(now);
        // One hash for everyone: hashing 100,000 passwords would take longer than the load.
        let password_hash = hash_password(plan.password.clone()).await?;
        let mut people = Batch::default();
        let mut member_ids = vec![owner.member.id.clone()];
        for i in 1..plan.members {
            let row = synthetic_member(i, &plan.password)
                .validate(&workspace_id, None)?
                .row(now);
            member_ids.push(row.id.clone());
            people.members.push((row, password_hash.clone()));
        }
        let mut channel_ids = Vec::with_capacity(plan.channels);
        for i in 0..plan.channels {
            let id = ChannelId::generate().to_string();
            people.channels.push(ChannelRow {
                id: id.clone(),
                workspace_id: workspace_id.to_string(),
                name: format!("channel-{}", i + 1),
                purpose: "Synthetic history for benchmarks".to_owned(),
                private: false,
                norms: "{}".to_owned(),
                created_by: member_ids[0].clone(),
                created_at,
            });
            for member in &member_ids {
                people
                    .channel_members
                    .push((id.clone(), member.clone(), created_at));
            }
            channel_ids.push(id);
        }
        bulk::write(self.store(), people).await?;
        let history = History {
            workspace_id: workspace_id.to_string(),
            members: member_ids,
            channels: channel_ids,
            now: created_at,
        };
        let (threads, asks) = history
            .write(self.store(), &plan, started, &mut progress)
            .await?;
        bulk::settle(self.store()).await?;
        Ok(LoadReport {
            workspace_id: workspace_id.to_string(),
            owner_email: owner.member.email,
            owner_token: owner.token,
            members: plan.members,
            channels: plan.channels,
            threads,
            messages: plan.messages,
            asks,
            elapsed: started.elapsed(),
        })
    }
}

/// Synthetic member `i`: member 0 is the owner.
fn synthetic_member(i: usize, password: &str) -> NewMember {
    let local = if i == 0 {
        "owner".to_owned()
    } else {
        format!("member{i}")
    };
    NewMember {
        email: format!("{local}@load.sundial.test"),
        name: if i == 0 {
            "Load Owner".to_owned()
        } else {
            format!("Member {i}")
        },
        handle: Some(local),
        password: password.to_owned(),
        time_zone: ZONES[i % ZONES.len()].to_owned(),
        working_hours: None,
        role: None,
    }
}

/// The ids history is written among.
struct History {
    workspace_id: String,
    members: Vec<String>,
    channels: Vec<String>,
    now: i64,
}

impl History {
    /// Writes `plan.messages` messages; returns the threads and asks written.
    async fn write(
        &self,
        store: &Store,
        plan: &LoadPlan,
        started: Instant,
        progress: &mut impl FnMut(LoadProgress),
    ) -> AppResult<(usize, usize)> {
        let thread_count = plan.messages.div_ceil(MESSAGES_PER_THREAD);
        let year = SignedDuration::from_hours(365 * 24).as_millis() as i64;
        let gap = MESSAGE_GAP_MINUTES * 60_000;
        let span = year - MESSAGES_PER_THREAD as i64 * gap;
        let step = span / thread_count as i64;
        let first = self.now - year;
        let mut rng = StdRng::seed_from_u64(42);
        // Each write in flight with the number of messages it carries.
        let mut in_flight: VecDeque<(JoinHandle<Result<(), StoreError>>, usize)> = VecDeque::new();
        let mut batch = Batch::default();
        let (mut written, mut committed, mut asks) = (0, 0, 0);
        for t in 0..thread_count {
            let count = MESSAGES_PER_THREAD.min(plan.messages - written);
            asks += self.thread(&mut batch, &mut rng, first + t as i64 * step, count);
            written += count;
            if batch.messages.len() >= plan.batch || written == plan.messages {
                // Two transactions in flight: the next batch is built while one commits.
                if in_flight.len() == 2
                    && let Some((oldest, size)) = in_flight.pop_front()
                {
                    join(oldest).await?;
                    committed += size;
                    progress(LoadProgress {
                        messages: committed,
                        elapsed: started.elapsed(),
                    });
                }
                let store = store.clone();
                let full = std::mem::take(&mut batch);
                let size = full.messages.len();
                let write = tokio::spawn(async move { bulk::write(&store, full).await });
                in_flight.push_back((write, size));
            }
        }
        for (handle, _) in in_flight {
            join(handle).await?;
        }
        progress(LoadProgress {
            messages: written,
            elapsed: started.elapsed(),
        });
        Ok((thread_count, asks))
    }

    /// Adds one thread of `count` messages starting at `created_at`; returns the asks made.
    fn thread(&self, batch: &mut Batch, rng: &mut StdRng, created_at: i64, count: usize) -> usize {
        let gap = MESSAGE_GAP_MINUTES * 60_000;
        let channel_id = self.channels[rng.gen_range(0..self.channels.len())].clone();
        // A thread is a conversation among a few people, not the whole workspace.
        let people = rng
            .gen_range(PARTICIPANTS.0..=PARTICIPANTS.1)
            .min(self.members.len());
        let people = sample(rng, self.members.len(), people).into_vec();
        let thread_id = ThreadId::generate().to_string();
        let mut followers = BTreeSet::new();
        let mut asks = 0;
        let mut last_author = people[0];
        for k in 0..count {
            let author = if k == 0 {
                people[0]
            } else {
                people[rng.gen_range(0..people.len())]
            };
            last_author = author;
            let at = created_at + k as i64 * gap;
            let message_id = MessageId::generate().to_string();
            followers.insert(author);
            if rng.gen_ratio(1, ASK_EVERY) {
                let recipients: Vec<usize> = people
                    .iter()
                    .copied()
                    .filter(|&p| p != author)
                    .take(2)
                    .collect();
                if !recipients.is_empty() {
                    followers.extend(&recipients);
                    self.ask(batch, (&message_id, &thread_id), author, &recipients, at);
                    asks += 1;
                }
            }
            batch.messages.push(MessageRow {
                id: message_id,
                workspace_id: self.workspace_id.clone(),
                thread_id: thread_id.clone(),
                author_id: self.members[author].clone(),
                body: message_body(rng, 10, 60),
                created_at: at,
                edited_at: None,
            });
        }
        let last_at = created_at + (count as i64 - 1) * gap;
        batch.threads.push(ThreadRow {
            id: thread_id.clone(),
            workspace_id: self.workspace_id.clone(),
            channel_id,
            title: thread_title(rng),
            author_id: self.members[people[0]].clone(),
            resolved_at: None,
            resolved_by: None,
            created_at,
            last_activity_at: last_at,
            last_author_id: self.members[last_author].clone(),
            message_count: count as i64,
        });
        for &member in &followers {
            let id = self.members[member].clone();
            batch
                .follows
                .push((thread_id.clone(), id.clone(), created_at));
            if !rng.gen_ratio(1, 10) {
                batch.reads.push((thread_id.clone(), id, last_at));
            }
        }
        asks
    }

    /// An ask for a reply due a day later: answered within hours when it is older than three
    /// days, still open (and perhaps overdue) when newer.
    fn ask(
        &self,
        batch: &mut Batch,
        (message_id, thread_id): (&str, &str),
        author: usize,
        recipients: &[usize],
        at: i64,
    ) {
        let id = RequestId::generate().to_string();
        let due_at = at + 24 * 3_600_000;
        let open = self.now - at < 3 * 24 * 3_600_000;
        for &member in recipients {
            batch.obligations.push(ObligationRow {
                request_id: id.clone(),
                member_id: self.members[member].clone(),
                status: if open { "pending" } else { "done" }.to_owned(),
                due_at,
                original_due_at: due_at,
                updated_at: if open { at } else { at + 3_600_000 },
            });
        }
        batch.requests.push(RequestRow {
            id,
            workspace_id: self.workspace_id.clone(),
            message_id: message_id.to_owned(),
            thread_id: thread_id.to_owned(),
            requester_id: self.members[author].clone(),
            kind: "reply".to_owned(),
            urgency: "normal".to_owned(),
            explicit_due_at: None,
            created_at: at,
        });
    }
}

async fn join(handle: JoinHandle<Result<(), StoreError>>) -> Result<(), StoreError> {
    handle
        .await
        .map_err(|e| StoreError::CommitFailed(format!("the bulk write task failed: {e}")))??;
    Ok(())
}
