//! Scheduled messages: a thread or a reply written now and posted later, at `send_at`, by a
//! `scheduled.publish` job, as its author, through the normal posting use cases (so due times,
//! notifications and events are computed at send time). Authors list, edit and cancel their
//! own until they are sent; nobody else can see them.

mod create;
mod manage;
mod publish;
mod view;

pub use create::SendTime;
pub use manage::ScheduledPatch;
pub use publish::PublishOutcome;
pub(crate) use publish::PublishPayload;
pub use view::{ScheduledPage, ScheduledRequestView, ScheduledView};

/// The job kind that posts a scheduled message; its payload is `{"scheduled_id": "…"}`.
pub const PUBLISH_JOB_KIND: &str = "scheduled.publish";
