//! Threads and messages: posting a thread or a reply (with an optional ask), viewing a thread,
//! editing, reacting, resolving and reopening, and read markers.

mod actions;
mod post;
mod view;

pub(crate) use post::prepare;
pub use post::{NewReply, NewThread, Posted};
pub use view::{EditView, MessageView, ReactionView, ThreadDetail, ThreadPage, ThreadSummary};
