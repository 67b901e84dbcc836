//! Channels: the workspace's default norms, creating channels with their own, who is in them, and who may see them. The visibility
//! rule lives here once: private channels are seen by their members only; guests see only
//! channels they were added to; everyone else sees every public channel of their workspace.

mod defaults;
mod manage;
mod visibility;

pub use defaults::WorkspaceNorms;
pub use manage::NewChannel;
pub(crate) use visibility::{
    effective_norms_knowing, needs_membership, visible_channel, visible_given_membership,
};
