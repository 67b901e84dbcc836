//! Requests: the explicit asks attached to messages. Planning one (validating it and computing
//! each recipient's due time on their own schedule), previewing it without writing, and the
//! recipients' and requester's actions on it.

pub(crate) mod act;
mod ask;
mod preview;

pub use ask::NewRequest;
pub(crate) use ask::{KnownAudience, PlannedRequest, plan, write_planned};
pub use preview::{PreviewInput, PreviewItem};
