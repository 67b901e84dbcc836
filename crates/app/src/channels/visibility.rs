//! Who may see a channel, and the norms in force in it.

use sundial_core::{Norms, NormsOverride};
use sundial_store::Conn;
use sundial_store::records::channels::{self, ChannelRow};
use sundial_store::records::workspaces;

use crate::{Actor, AppError, AppResult};

/// The channel, if the actor may see it; `NotFound` otherwise, so that a private channel's
/// existence never leaks.
pub(crate) async fn visible_channel(
    c: &mut Conn<'_>,
    actor: &Actor,
    channel_id: &str,
) -> AppResult<ChannelRow> {
    let row = channels::get(c, actor.workspace_id.as_str(), channel_id).await?;
    if needs_membership(row.private, actor)
        && !channels::is_member(c, &row.id, actor.member_id.as_str()).await?
    {
        return Err(AppError::NotFound);
    }
    Ok(row)
}

/// The rule of [`visible_channel`] for a caller who already knows whether the actor belongs to
/// the channel: the channel, or `NotFound`.
pub(crate) fn visible_given_membership(
    channel: ChannelRow,
    actor: &Actor,
    member_of_channel: bool,
) -> AppResult<ChannelRow> {
    if needs_membership(channel.private, actor) && !member_of_channel {
        return Err(AppError::NotFound);
    }
    Ok(channel)
}

/// Private channels are seen by their members only, and guests see only channels they were
/// added to; everyone else sees every public channel of their workspace. Whether the actor
/// must be a member of a channel, private or not, to see it.
pub(crate) fn needs_membership(private: bool, actor: &Actor) -> bool {
    private || actor.is_guest()
}

/// The workspace's norms with the channel's overrides applied, and the channel's override.
pub(crate) async fn effective_norms(
    c: &mut Conn<'_>,
    channel: &ChannelRow,
) -> AppResult<(Norms, NormsOverride)> {
    effective_norms_knowing(c, channel, None).await
}

/// [`effective_norms`], given the workspace's stored norms when they were read with the
/// channel (a reply's read of its thread brings them), else reading them.
pub(crate) async fn effective_norms_knowing(
    c: &mut Conn<'_>,
    channel: &ChannelRow,
    workspace_norms: Option<&str>,
) -> AppResult<(Norms, NormsOverride)> {
    let read;
    let workspace_norms = match workspace_norms {
        Some(norms) => norms,
        None => {
            read = workspaces::get(c, &channel.workspace_id).await?.norms;
            &read
        }
    };
    let workspace_override = parse_override(workspace_norms);
    let channel_override = parse_override(&channel.norms);
    let norms = Norms::workspace_defaults()
        .with_override(&workspace_override)
        .with_override(&channel_override);
    Ok((norms, channel_override))
}

/// A stored override; one that no longer parses (never written by us) counts as none rather
/// than making the channel unusable.
pub(crate) fn parse_override(json: &str) -> NormsOverride {
    serde_json::from_str(json).unwrap_or_default()
}
