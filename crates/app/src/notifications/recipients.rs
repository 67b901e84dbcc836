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

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use jiff::Timestamp;
use sundial_core::Schedule;
use sundial_store::records::members::{self, MemberRow};
use sundial_store::{Conn, Sql};

use crate::{AppResult, schedules};

/// A member who may see the channel, with what their notifications' timing depends on.
#[derive(Debug)]
pub(crate) struct Recipient {
    pub(crate) member: MemberRow,
    pub(crate) schedule: Schedule,
}

/// The memo, shared by every write of one [`crate::App`].
#[derive(Debug, Default)]
pub(crate) struct Recipients {
    memo: Mutex<Memo>,
}

#[derive(Debug, Default)]
struct Memo {
    /// The token every entry was read under.
    version: Option<i64>,
    /// The first day schedules were loaded from (their time off starts there).
    from: String,
    /// By channel: the workspace it was asked for, and per member their profile, or `None`
    /// when they may not see the channel.
    channels: HashMap<String, Channel>,
}

#[derive(Debug)]
struct Channel {
    workspace_id: String,
    members: HashMap<String, Option<Arc<Recipient>>>,
}

impl Recipients {
    /// Those of `wanted` who may see the channel, with their schedules as of `t`: from the
    /// memo when it is current, and from the database (then remembered) otherwise.
    pub(crate) async fn seeing_channel(
        &self,
        c: &mut Conn<'_>,
        (workspace_id, channel_id): (&str, &str),
        wanted: &[String],
        t: Timestamp,
    ) -> AppResult<HashMap<String, Arc<Recipient>>> {
        let version: i64 = Sql::new("SELECT version FROM audience_version")
            .fetch_scalar(c)
            .await?;
        let from = schedules::first_day(t);
        let mut found = HashMap::with_capacity(wanted.len());
        let mut missing = Vec::new();
        {
            let mut memo = self.current(version, &from);
            let known = memo
                .channels
                .get(channel_id)
                .filter(|channel| channel.workspace_id == workspace_id);
            for id in wanted {
                match known.and_then(|channel| channel.members.get(id)) {
                    Some(Some(recipient)) => {
                        found.insert(id.clone(), Arc::clone(recipient));
                    }
                    Some(None) => {}
                    None => missing.push(id.clone()),
                }
            }
            if let Some(channel) = memo.channels.get(channel_id)
                && channel.workspace_id != workspace_id
            {
                // A channel id asked for with another workspace finds nobody; never let that
                // answer stand for the channel's own workspace, or the other way round.
                memo.channels.remove(channel_id);
            }
        }
        if missing.is_empty() {
            return Ok(found);
        }
        let rows = members::seeing_channel(c, workspace_id, channel_id, &missing).await?;
        let mut schedules = schedules::load(c, workspace_id, &rows, t).await?;
        let mut read: HashMap<String, Option<Arc<Recipient>>> =
            missing.into_iter().map(|id| (id, None)).collect();
        for member in rows {
            if let Some(schedule) = schedules.remove(&member.id) {
                let id = member.id.clone();
                let recipient = Arc::new(Recipient { member, schedule });
                found.insert(id.clone(), Arc::clone(&recipient));
                read.insert(id, Some(recipient));
            }
        }
        let mut memo = self.current(version, &from);
        memo.channels
            .entry(channel_id.to_owned())
            .or_insert_with(|| Channel {
                workspace_id: workspace_id.to_owned(),
                members: HashMap::new(),
            })
            .members
            .extend(read);
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
            memo.channels.clear();
        }
        memo
    }
}
