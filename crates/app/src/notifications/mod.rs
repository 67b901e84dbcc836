//! Notifications (issue #5): durable records created in the transaction of their cause (an
//! ask, a mention, a reply in a followed thread, an ask coming due or overdue, an answer to my
//! ask), each held until the instant the core delivery policy gives, then delivered exactly
//! once, together with everything else due at that instant, as one digest. The jobs that time
//! and deliver them are dispatched from `crate::jobs`.

mod answers;
mod create;
mod deliver;
mod kind;
mod policy;
mod posting;
mod read;
mod recipients;
mod recompute;
mod reply_count;
mod timers;
mod view;
mod withdraw;

pub(crate) use answers::ask_changed;
pub(crate) use create::DELIVER_JOB;
pub use deliver::EMAIL_DIGEST_JOB;
pub(crate) use deliver::deliver;
pub(crate) use posting::{PostedMessage, message_posted};
pub(crate) use recipients::Recipients;
pub(crate) use recompute::reschedule_held;
pub(crate) use timers::{COMING_DUE_JOB, OVERDUE_JOB, Timer, fire, timers_of};
pub use view::{
    DigestPage, DigestSections, DigestView, NotificationPage, NotificationView, ThreadActivity,
};
pub(crate) use withdraw::withdraw_if_closed;
