//! Following a thread: anyone who can see it may follow, mute or unfollow it. Followers hear
//! of replies; a muted follower hears nothing of replies (asks and mentions still reach them);
//! an unfollowed thread is quiet until the member takes part in it again.

use serde::Serialize;
use sundial_store::records::threads;
use sundial_store::time::to_millis;

use crate::channels::visible_channel;
use crate::events::record_for_member;
use crate::{Actor, App, AppError, AppResult};

/// The caller's relation to a thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FollowState {
    pub following: bool,
    pub muted: bool,
}

/// What to do.
#[derive(Debug, Clone, Copy)]
enum Change {
    Follow,
    Unfollow,
    Mute,
    Unmute,
}

impl App {
    /// Follows a thread (keeping a mute as it is).
    pub async fn follow_thread(&self, actor: &Actor, thread_id: &str) -> AppResult<FollowState> {
        self.change_follow(actor, thread_id, Change::Follow).await
    }

    /// Stops following a thread.
    pub async fn unfollow_thread(&self, actor: &Actor, thread_id: &str) -> AppResult<FollowState> {
        self.change_follow(actor, thread_id, Change::Unfollow).await
    }

    /// Mutes a thread: replies no longer notify (following it if needed, so that taking
    /// part again does not silently unmute it).
    pub async fn mute_thread(&self, actor: &Actor, thread_id: &str) -> AppResult<FollowState> {
        self.change_follow(actor, thread_id, Change::Mute).await
    }

    /// Unmutes a thread, still following it.
    pub async fn unmute_thread(&self, actor: &Actor, thread_id: &str) -> AppResult<FollowState> {
        self.change_follow(actor, thread_id, Change::Unmute).await
    }

    /// The caller's follow state for a thread they can see.
    pub async fn follow_state(&self, actor: &Actor, thread_id: &str) -> AppResult<FollowState> {
        let mut reader = self.store().read().await?;
        let mut c = reader.conn();
        let thread = threads::get(&mut c, actor.workspace_id.as_str(), thread_id).await?;
        visible_channel(&mut c, actor, &thread.channel_id).await?;
        let row = threads::follower(&mut c, &thread.id, actor.member_id.as_str()).await?;
        Ok(state(row))
    }

    async fn change_follow(
        &self,
        actor: &Actor,
        thread_id: &str,
        change: Change,
    ) -> AppResult<FollowState> {
        let (actor, thread_id, now) = (actor.clone(), thread_id.to_owned(), self.now());
        self.store()
            .write(move |tx| {
                Box::pin(async move {
                    let mut c = tx.conn();
                    let ws = actor.workspace_id.as_str();
                    let me = actor.member_id.as_str();
                    let thread = threads::get(&mut c, ws, &thread_id).await?;
                    visible_channel(&mut c, &actor, &thread.channel_id).await?;
                    let at = to_millis(now);
                    match change {
                        Change::Follow => threads::follow(&mut c, &thread.id, me, at).await?,
                        Change::Unfollow => threads::unfollow(&mut c, &thread.id, me).await?,
                        Change::Mute => {
                            threads::set_muted(&mut c, &thread.id, me, true, at).await?;
                        }
                        Change::Unmute => {
                            threads::set_muted(&mut c, &thread.id, me, false, at).await?;
                        }
                    }
                    let state = state(threads::follower(&mut c, &thread.id, me).await?);
                    let data = serde_json::json!({
                        "thread_id": thread.id, "following": state.following, "muted": state.muted,
                    });
                    record_for_member(&mut c, ws, me, "thread.follow_changed", data, now).await?;
                    Ok::<_, AppError>(state)
                })
            })
            .await
    }
}

fn state(row: Option<threads::FollowerRow>) -> FollowState {
    FollowState {
        following: row.is_some(),
        muted: row.is_some_and(|r| r.muted),
    }
}
