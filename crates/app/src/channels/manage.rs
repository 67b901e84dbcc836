//! Creating channels, listing them, and adding or removing members.

use std::collections::HashSet;

use sundial_core::{ChannelId, ChannelName, ChannelPurpose, NormsOverride};
use sundial_store::records::channels::{self, ChannelRow};
use sundial_store::records::members;
use sundial_store::time::to_millis;

use super::visibility::{effective_norms, parse_override, visible_channel};
use crate::events::{Audience, record};
use crate::views::ChannelView;
use crate::{Actor, App, AppError, AppResult};

/// A channel to create.
#[derive(Debug, Clone, Default)]
pub struct NewChannel {
    pub name: String,
    pub purpose: String,
    pub private: bool,
    pub norms: Option<NormsOverride>,
}

impl App {
    /// Creates a channel; its creator is its first member. Guests cannot create channels.
    pub async fn create_channel(&self, actor: &Actor, input: NewChannel) -> AppResult<ChannelView> {
        if actor.is_guest() {
            return Err(AppError::Forbidden("guests cannot create channels"));
        }
        let name = ChannelName::parse(&input.name)?;
        let purpose = ChannelPurpose::parse(&input.purpose)?;
        let norms = input.norms.unwrap_or_default();
        let now = self.now();
        let row = ChannelRow {
            id: ChannelId::generate().to_string(),
            workspace_id: actor.workspace_id.to_string(),
            name: name.into_inner(),
            purpose: purpose.as_str().to_owned(),
            private: input.private,
            norms: serde_json::to_string(&norms).unwrap_or_else(|_| "{}".to_owned()),
            created_by: actor.member_id.to_string(),
            created_at: to_millis(now),
        };
        let (stored, actor_copy) = (row.clone(), actor.clone());
        self.store()
            .write(move |tx| {
                Box::pin(async move {
                    let mut c = tx.conn();
                    channels::insert(&mut c, &stored).await?;
                    channels::add_members(
                        &mut c,
                        &stored.id,
                        std::slice::from_ref(&stored.created_by),
                        stored.created_at,
                    )
                    .await?;
                    let payload =
                        serde_json::json!({ "channel_id": stored.id, "name": stored.name });
                    record(
                        &mut c,
                        &actor_copy,
                        "channel.created",
                        Audience::Channel(&stored.id),
                        payload,
                        now,
                    )
                    .await?;
                    Ok::<_, AppError>(())
                })
            })
            .await?;
        self.channel(actor, &row.id).await
    }

    /// One channel the actor may see.
    pub async fn channel(&self, actor: &Actor, channel_id: &str) -> AppResult<ChannelView> {
        let mut reader = self.store().read().await?;
        let mut c = reader.conn();
        let row = visible_channel(&mut c, actor, channel_id).await?;
        let (norms, channel_override) = effective_norms(&mut c, &row).await?;
        Ok(ChannelView::new(&row, norms, channel_override))
    }

    /// The channels the actor may see, by name.
    pub async fn channels(&self, actor: &Actor) -> AppResult<Vec<ChannelView>> {
        let mut reader = self.store().read().await?;
        let mut c = reader.conn();
        let rows = channels::visible_to(
            &mut c,
            actor.workspace_id.as_str(),
            actor.member_id.as_str(),
            actor.is_guest(),
        )
        .await?;
        let Some(first) = rows.first() else {
            return Ok(Vec::new());
        };
        // The workspace part of the norms is the same for every channel: read it once.
        let (workspace_norms, _) = effective_norms(
            &mut c,
            &ChannelRow {
                norms: "{}".to_owned(),
                ..first.clone()
            },
        )
        .await?;
        Ok(rows
            .iter()
            .map(|row| {
                let channel_override = parse_override(&row.norms);
                ChannelView::new(
                    row,
                    workspace_norms.with_override(&channel_override),
                    channel_override,
                )
            })
            .collect())
    }

    /// Adds members of the workspace to a channel the actor may see. Guests cannot add
    /// anyone. Returns the channel's member ids.
    ///
    /// Visibility is checked before the role: a channel the actor cannot see is `NotFound`
    /// for everyone, so a guest's 403 never confirms that a channel exists.
    pub async fn add_channel_members(
        &self,
        actor: &Actor,
        channel_id: &str,
        member_ids: Vec<String>,
    ) -> AppResult<Vec<String>> {
        let channel = {
            let mut reader = self.store().read().await?;
            let mut c = reader.conn();
            let channel = visible_channel(&mut c, actor, channel_id).await?;
            if actor.is_guest() {
                return Err(AppError::Forbidden("guests cannot add members to channels"));
            }
            if member_ids.is_empty() {
                return Err(AppError::invalid(
                    "member_ids",
                    "must name at least one member",
                ));
            }
            let known: HashSet<String> = members::list(&mut c, actor.workspace_id.as_str())
                .await?
                .into_iter()
                .map(|m| m.id)
                .collect();
            if let Some(i) = member_ids.iter().position(|id| !known.contains(id)) {
                return Err(AppError::invalid(
                    &format!("member_ids[{i}]"),
                    "no such member",
                ));
            }
            channel
        };
        let (actor_copy, now) = (actor.clone(), self.now());
        self.store()
            .write(move |tx| {
                Box::pin(async move {
                    let mut c = tx.conn();
                    let added =
                        channels::add_members(&mut c, &channel.id, &member_ids, to_millis(now))
                            .await?;
                    if !added.is_empty() {
                        let payload =
                            serde_json::json!({ "channel_id": channel.id, "member_ids": added });
                        record(
                            &mut c,
                            &actor_copy,
                            "channel.members_added",
                            Audience::Channel(&channel.id),
                            payload,
                            now,
                        )
                        .await?;
                    }
                    Ok::<_, AppError>(channels::member_ids(&mut c, &channel.id).await?)
                })
            })
            .await
    }

    /// Removes a member from a channel: anyone may leave; admins may remove others. As for
    /// adding, a channel the actor cannot see is `NotFound` before any role check.
    pub async fn remove_channel_member(
        &self,
        actor: &Actor,
        channel_id: &str,
        member_id: &str,
    ) -> AppResult<()> {
        let channel = {
            let mut reader = self.store().read().await?;
            visible_channel(&mut reader.conn(), actor, channel_id).await?
        };
        if member_id != actor.member_id.as_str() && !actor.is_admin() {
            return Err(AppError::Forbidden("only admins remove other members"));
        }
        let (actor_copy, member, now) = (actor.clone(), member_id.to_owned(), self.now());
        self.store()
            .write(move |tx| {
                Box::pin(async move {
                    let mut c = tx.conn();
                    if !channels::remove_member(&mut c, &channel.id, &member).await? {
                        return Err(AppError::NotFound);
                    }
                    let payload =
                        serde_json::json!({ "channel_id": channel.id, "member_id": member });
                    record(
                        &mut c,
                        &actor_copy,
                        "channel.member_removed",
                        Audience::Channel(&channel.id),
                        payload,
                        now,
                    )
                    .await?;
                    Ok(())
                })
            })
            .await
    }
}
