//! Who may hear about a channel, and on what schedule: remembered between writes.
//!
//! Every reply notifies its thread's followers, and deciding for each whether they may see the
//! channel and when they are next reachable took two queries and a parse of their schedule in
//! every posting transaction (on SQLite, inside the single writer everyone waits for). The
//! answers change only when members, channels, channel membership, time off or holidays do,
//! and each such change replaces the token in `audience_version` (migration 0013) in its own
//! transaction. So the profiles are kept here with the token they were read under, and used
//! only by a transaction that reads the same token; any other token empties the memo.
//!
//! The token is random, so a rolled-back change (which restores the old token) can never make
//! profiles read inside it look current.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};

use jiff::Timestamp;
use sundial_core::delivery::DeliveryPreferences;
use sundial_core::{Schedule, Status};
use sundial_store::records::members::{self, MemberRow};
use sundial_store::{Conn, Sql};

use crate::{AppResult, delivery, schedules};

/// A member who may see the channel, with what their notifications' timing depends on, read
/// from their row once.
#[derive(Debug)]
pub(crate) struct Recipient {
    pub(crate) member: MemberRow,
    pub(crate) schedule: Schedule,
    pub(crate) status: Status,
    pub(crate) preferences: DeliveryPreferences,
}

/// The memo, shared by every write of one [`crate::App`].
#[derive(Debug)]
pub(crate) struct Recipients {
    memo: Mutex<Memo>,
    /// [`MAX_ANSWERS`], smaller in tests.
    max_answers: usize,
}

impl Default for Recipients {
    fn default() -> Self {
        Self {
            memo: Mutex::default(),
            max_answers: MAX_ANSWERS,
        }
    }
}

/// About this many (channel, member) answers are kept: a call that would pass it makes the
/// memo start over first (and then keeps that call's answers), so a large, quiet workspace
/// cannot grow it without bound.
const MAX_ANSWERS: usize = 50_000;

#[derive(Debug, Default)]
struct Memo {
    /// The token every entry was read under.
    version: Option<i64>,
    /// The first day schedules were loaded from (their time off starts there).
    from: String,
    /// Each member's profile, whatever the channel.
    profiles: HashMap<String, Arc<Recipient>>,
    /// By channel: the workspace it was asked for, and per member whether they may see it.
    channels: HashMap<String, Channel>,
    /// How many (channel, member) answers `channels` holds.
    answers: usize,
}

#[derive(Debug)]
struct Channel {
    workspace_id: String,
    seeing: HashMap<String, bool>,
}

impl Recipients {
    /// Those of `wanted` who may see the channel, with their schedules as of `t`: from the
    /// memo when it is current, and from the database (then remembered) otherwise.
    ///
    /// `known_version` is the token as an earlier statement of the caller's transaction read
    /// it (the reply's own statement returns it); `None` reads it here. Either is a read inside
    /// the transaction, before anything is decided from the memo: under PostgreSQL's read
    /// committed each statement has a snapshot of its own, so a change committed after the
    /// earlier read is one the post is ordered before, as it would be were it committed just
    /// after a read made here.
    pub(crate) async fn seeing_channel(
        &self,
        c: &mut Conn<'_>,
        (workspace_id, channel_id): (&str, &str),
        wanted: &[String],
        t: Timestamp,
        known_version: Option<i64>,
    ) -> AppResult<HashMap<String, Arc<Recipient>>> {
        let version: i64 = match known_version {
            Some(version) => version,
            None => {
                Sql::new("SELECT version FROM audience_version")
                    .fetch_scalar(c)
                    .await?
            }
        };
        let from = schedules::first_day(t);
        let mut found = HashMap::with_capacity(wanted.len());
        let mut missing = Vec::new();
        {
            let mut memo = self.current(version, &from);
            if memo
                .channels
                .get(channel_id)
                .is_some_and(|channel| channel.workspace_id != workspace_id)
            {
                // A channel id asked for with another workspace finds nobody; never let that
                // answer stand for the channel's own workspace, or the other way round.
                if let Some(channel) = memo.channels.remove(channel_id) {
                    memo.answers -= channel.seeing.len();
                }
            }
            let seeing = memo.channels.get(channel_id).map(|channel| &channel.seeing);
            for id in wanted {
                match seeing.and_then(|seeing| seeing.get(id)) {
                    Some(true) => match memo.profiles.get(id) {
                        Some(recipient) => {
                            found.insert(id.clone(), Arc::clone(recipient));
                        }
                        None => missing.push(id.clone()),
                    },
                    Some(false) => {}
                    None => missing.push(id.clone()),
                }
            }
        }
        if missing.is_empty() {
            return Ok(found);
        }
        let rows = members::seeing_channel(c, workspace_id, channel_id, &missing).await?;
        let mut schedules = schedules::load(c, workspace_id, &rows, t).await?;
        let mut read = Vec::with_capacity(rows.len());
        for member in rows {
            if let Some(schedule) = schedules.remove(&member.id) {
                let status = delivery::status(&member)?;
                let preferences = delivery::preferences(&member)?;
                let recipient = Arc::new(Recipient {
                    member,
                    schedule,
                    status,
                    preferences,
                });
                found.insert(recipient.member.id.clone(), Arc::clone(&recipient));
                read.push(recipient);
            }
        }
        let mut memo = self.current(version, &from);
        if memo.answers + missing.len() > self.max_answers {
            memo.forget();
        }
        let channel = memo
            .channels
            .entry(channel_id.to_owned())
            .or_insert_with(|| Channel {
                workspace_id: workspace_id.to_owned(),
                seeing: HashMap::new(),
            });
        let visible: HashSet<&str> = read.iter().map(|r| r.member.id.as_str()).collect();
        let mut added = 0;
        for id in missing {
            let sees = visible.contains(id.as_str());
            if channel.seeing.insert(id, sees).is_none() {
                added += 1;
            }
        }
        memo.answers += added;
        for recipient in read {
            memo.profiles.insert(recipient.member.id.clone(), recipient);
        }
        Ok(found)
    }

    /// The memo, emptied first unless it was read under `version` from the same first day.
    fn current(&self, version: i64, from: &str) -> MutexGuard<'_, Memo> {
        // A panic while the lock was held left at worst a partly filled memo for a version:
        // every entry in it is still a true answer for that version.
        let mut memo = self
            .memo
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if memo.version != Some(version) || memo.from != from {
            memo.version = Some(version);
            memo.from = from.to_owned();
            memo.forget();
        }
        memo
    }
}

impl Memo {
    /// Drops every answer and profile, keeping the version they would have been read under.
    fn forget(&mut self) {
        self.profiles.clear();
        self.channels.clear();
        self.answers = 0;
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use sundial_core::{MemberId, Role, SystemClock, WorkspaceId};
    use sundial_store::testing;

    use super::{Mutex, Recipients};
    use crate::accounts::{NewMember, NewWorkspace};
    use crate::channels::NewChannel;
    use crate::{Actor, App};

    fn person(i: usize) -> NewMember {
        NewMember {
            email: format!("p{i}@memo.test"),
            name: format!("Person {i}"),
            handle: None,
            password: "correct horse battery staple".to_owned(),
            time_zone: "Europe/Berlin".to_owned(),
            working_hours: None,
            role: None,
        }
    }

    #[tokio::test]
    async fn past_its_limit_the_memo_starts_over_and_still_answers() {
        let db = testing::sqlite().await;
        let app = App::new(db.store.clone(), Arc::new(SystemClock));
        let setup = app
            .setup(NewWorkspace {
                workspace_name: "Memo".to_owned(),
                owner: person(0),
            })
            .await
            .expect("setup");
        let owner = Actor {
            member_id: MemberId::from_string(setup.member.id.clone()),
            workspace_id: WorkspaceId::from_string(setup.workspace.id.clone()),
            role: Role::Owner,
        };
        let mut ids = vec![setup.member.id.clone()];
        for i in 1..4 {
            ids.push(
                app.add_member(&owner, person(i))
                    .await
                    .expect("a member")
                    .id,
            );
        }
        let mut channels = Vec::new();
        for name in ["one", "two"] {
            let channel = NewChannel {
                name: name.to_owned(),
                purpose: String::new(),
                private: false,
                norms: None,
            };
            channels.push(
                app.create_channel(&owner, channel)
                    .await
                    .expect("a channel")
                    .id,
            );
        }
        let recipients = Recipients {
            memo: Mutex::default(),
            max_answers: 3,
        };
        let ws = setup.workspace.id.as_str();
        let now = app.now();
        let mut reader = db.store.read().await.expect("a reader");
        let ask =
            |channel: usize, members: &[String]| (channels[channel].clone(), members.to_vec());
        for (channel, members) in [
            ask(0, &ids[..3]),
            ask(0, &ids[..1]),
            ask(1, &ids[..2]),
            ask(0, &ids),
        ] {
            let found = recipients
                .seeing_channel(&mut reader.conn(), (ws, &channel), &members, now, None)
                .await
                .expect("recipients");
            // A public channel: everyone asked for is found, memo or not.
            let mut found: Vec<&String> = found.keys().collect();
            found.sort();
            let mut expected: Vec<&String> = members.iter().collect();
            expected.sort();
            assert_eq!(found, expected);
            let memo = recipients.memo.lock().expect("the memo");
            assert!(memo.answers <= 4, "{} answers kept", memo.answers);
        }
        // The last call (four answers) made the memo start over before keeping them.
        let memo = recipients.memo.lock().expect("the memo");
        assert_eq!(memo.answers, 4);
        assert_eq!(memo.channels.len(), 1);
    }
}
