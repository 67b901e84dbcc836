//! Threads and messages: posting a thread or a reply (with an optional ask), viewing a thread,
//! editing, reacting, resolving and reopening, read markers, and following or muting.

mod actions;
mod follow;
mod places;
mod post;
mod quiet;
mod view;

pub use follow::FollowState;
pub(crate) use places::ThreadPlaces;
pub(crate) use post::prepare;
pub use post::{NewReply, NewThread, Posted};
pub use view::{EditView, MessageView, ReactionView, ThreadDetail, ThreadPage, ThreadSummary};
