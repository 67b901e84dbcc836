//! The storage test suite: each behaviour written once and run on SQLite and PostgreSQL through
//! [`crate::backend_tests!`]. This module holds the fixtures the areas share: row builders and
//! a seed that writes a list of records in one transaction.

mod audience;
mod audience_version;
mod bulk;
mod events;
mod group_commit;
mod inbox;
mod location;
mod notification_deliveries;
mod pool;
mod post_writes;
mod quiet_reply;
mod records;
mod replies;
mod search;
mod search_changes;
mod sequencer;
mod storage_settings;
mod thread_in_channel;
mod token_cache;
mod write_on;

use crate::records::channels::{self, ChannelRow};
use crate::records::members::{self, MemberRow};
use crate::records::messages::{self, MessageRow};
use crate::records::notifications::NotificationRow;
use crate::records::threads::{self, ThreadRow};
use crate::records::workspaces::{self, WorkspaceRow};
use crate::{Store, StoreError};

pub(crate) fn workspace(id: &str) -> WorkspaceRow {
    WorkspaceRow {
        id: id.to_owned(),
        name: format!("Workspace {id}"),
        norms: "{}".to_owned(),
        created_at: 0,
    }
}

/// A member whose handle is their id and whose email is `<id>@<workspace>.test`.
pub(crate) fn member(workspace_id: &str, id: &str, role: &str) -> MemberRow {
    MemberRow {
        id: id.to_owned(),
        workspace_id: workspace_id.to_owned(),
        email: format!("{id}@{workspace_id}.test"),
        handle: id.to_owned(),
        name: format!("Name of {id}"),
        role: role.to_owned(),
        time_zone: "Europe/Berlin".to_owned(),
        working_hours: r#"{"mon":[["09:00","17:00"]]}"#.to_owned(),
        status_mode: "available".to_owned(),
        status_text: None,
        status_emoji: None,
        status_until: None,
        delivery_mode: "batched".to_owned(),
        check_times: r#"["09:30","13:00","16:30"]"#.to_owned(),
        email_notifications: true,
        urgent_off_hours: false,
        created_at: 0,
    }
}

pub(crate) fn channel(
    workspace_id: &str,
    id: &str,
    name: &str,
    private: bool,
    created_by: &str,
) -> ChannelRow {
    ChannelRow {
        id: id.to_owned(),
        workspace_id: workspace_id.to_owned(),
        name: name.to_owned(),
        purpose: String::new(),
        private,
        norms: "{}".to_owned(),
        created_by: created_by.to_owned(),
        created_at: 0,
    }
}

/// A thread whose last activity is its creation, by its author.
pub(crate) fn thread(
    channel: &ChannelRow,
    id: &str,
    title: &str,
    author_id: &str,
    at: i64,
) -> ThreadRow {
    ThreadRow {
        id: id.to_owned(),
        workspace_id: channel.workspace_id.clone(),
        channel_id: channel.id.clone(),
        title: title.to_owned(),
        author_id: author_id.to_owned(),
        resolved_at: None,
        resolved_by: None,
        created_at: at,
        last_activity_at: at,
        last_author_id: author_id.to_owned(),
        message_count: 0,
    }
}

pub(crate) fn message(
    thread: &ThreadRow,
    id: &str,
    author_id: &str,
    body: &str,
    at: i64,
) -> MessageRow {
    MessageRow {
        id: id.to_owned(),
        workspace_id: thread.workspace_id.clone(),
        thread_id: thread.id.clone(),
        author_id: author_id.to_owned(),
        body: body.to_owned(),
        created_at: at,
        edited_at: None,
    }
}

/// A held notification of `kind` for `member_id` about thread `t1`.
pub(crate) fn held(
    id: &str,
    member_id: &str,
    kind: &str,
    deliver_at: Option<i64>,
) -> NotificationRow {
    NotificationRow {
        id: id.to_owned(),
        workspace_id: "ws".to_owned(),
        member_id: member_id.to_owned(),
        kind: kind.to_owned(),
        thread_id: "t1".to_owned(),
        channel_id: "c1".to_owned(),
        message_id: None,
        request_id: None,
        actor_id: None,
        urgent: false,
        held_by: None,
        detail: "{}".to_owned(),
        created_at: 10,
        deliver_at,
        delivered_at: None,
        digest_id: None,
        read_at: None,
    }
}

/// Bob's thread `t1` (last activity at 5, by bob) in the public channel `c1` of workspace
/// `ws`, with its opening message `m-0`, and `members` (bob among them) in the workspace.
pub(crate) async fn seed_bobs_thread(store: &Store, members: &[&str]) {
    let general = channel("ws", "c1", "general", false, "bob");
    let t1 = thread(&general, "t1", "Plans", "bob", 5);
    let mut records = vec![workspace("ws").into()];
    for id in members {
        records.push(member("ws", id, "member").into());
    }
    records.extend([
        general.into(),
        t1.clone().into(),
        message(&t1, "m-0", "bob", "Opening", 5).into(),
    ]);
    seed(store, records).await;
}

/// One record for [`seed`] to write.
#[derive(Debug, Clone)]
pub(crate) enum Seed {
    Workspace(WorkspaceRow),
    Member(MemberRow),
    Channel(ChannelRow),
    /// `(channel_id, member_id)`.
    ChannelMember(String, String),
    Thread(ThreadRow),
    Message(MessageRow),
}

impl From<WorkspaceRow> for Seed {
    fn from(row: WorkspaceRow) -> Self {
        Seed::Workspace(row)
    }
}

impl From<MemberRow> for Seed {
    fn from(row: MemberRow) -> Self {
        Seed::Member(row)
    }
}

impl From<ChannelRow> for Seed {
    fn from(row: ChannelRow) -> Self {
        Seed::Channel(row)
    }
}

impl From<ThreadRow> for Seed {
    fn from(row: ThreadRow) -> Self {
        Seed::Thread(row)
    }
}

impl From<MessageRow> for Seed {
    fn from(row: MessageRow) -> Self {
        Seed::Message(row)
    }
}

pub(crate) fn in_channel(channel_id: &str, member_id: &str) -> Seed {
    Seed::ChannelMember(channel_id.to_owned(), member_id.to_owned())
}

/// A read connection, failing the test if there is none.
pub(crate) async fn reader(store: &Store) -> crate::Reader {
    store.read().await.expect("a read connection")
}

/// Runs one write of the test's own, failing the test if it fails.
pub(crate) async fn write<F>(store: &Store, what: &str, f: F)
where
    F: for<'c> FnOnce(&'c mut crate::Tx) -> futures::future::BoxFuture<'c, Result<(), StoreError>>
        + Send
        + 'static,
{
    store
        .write(f)
        .await
        .unwrap_or_else(|e| panic!("{what}: {e}"));
}

/// Writes the records in order, in one transaction. A message also touches its thread, the
/// way posting does.
pub(crate) async fn seed(store: &Store, records: Vec<Seed>) {
    store
        .write(move |tx| {
            Box::pin(async move {
                let mut c = tx.conn();
                for record in &records {
                    match record {
                        Seed::Workspace(row) => workspaces::insert(&mut c, row).await?,
                        Seed::Member(row) => members::insert(&mut c, row, "hash").await?,
                        Seed::Channel(row) => channels::insert(&mut c, row).await?,
                        Seed::ChannelMember(channel_id, member_id) => {
                            channels::add_members(
                                &mut c,
                                channel_id,
                                std::slice::from_ref(member_id),
                                0,
                            )
                            .await
                            .map(drop)?;
                        }
                        Seed::Thread(row) => threads::insert(&mut c, row).await?,
                        Seed::Message(row) => {
                            messages::insert(&mut c, row).await?;
                            threads::touch(&mut c, &row.thread_id, &row.author_id, row.created_at)
                                .await?;
                        }
                    }
                }
                Ok::<_, StoreError>(())
            })
        })
        .await
        .expect("seeding the test database");
}
