//! Sundial's domain: types and rules with no IO. Schedules and the working-time clock, norms,
//! requests and obligations, validation of every input, mention parsing. Storage, HTTP and
//! use cases live in the crates above and call in here; a rule lives here once.

pub mod clock;
pub mod delivery;
pub mod error;
pub mod ids;
pub mod mentions;
pub mod norms;
pub mod request;
pub mod schedule;
pub mod validate;

pub use clock::{Clock, ManualClock, SystemClock};
pub use error::ValidationError;
pub use ids::{ChannelId, MemberId, MessageId, RequestId, ThreadId, WorkspaceId};
pub use mentions::{Mentions, parse_mentions};
pub use norms::{ClockKind, NORM_MAX_MINUTES, Norm, Norms, NormsOverride, Urgency, due_at};
pub use request::{Obligation, ObligationStatus, RequestKind, Transition, TransitionError};
pub use schedule::{
    Interval, LocalTime, OverlapSlot, Schedule, TimeZoneName, WeeklyHours, overlap,
};
pub use validate::{
    ChannelName, ChannelPurpose, Email, Emoji, Handle, MessageBody, Password, PersonName, Role,
    Status, StatusMode, ThreadTitle,
};
