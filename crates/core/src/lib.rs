//! Sundial's domain: types and rules with no IO. Schedules and the working-time clock, norms,
//! requests and obligations, validation of every input, mention parsing. Storage, HTTP and
//! use cases live in the crates above and call in here; a rule lives here once.

pub mod clock;
pub mod error;
pub mod ids;

pub use clock::{Clock, ManualClock, SystemClock};
pub use error::ValidationError;
pub use ids::{ChannelId, MemberId, MessageId, RequestId, ThreadId, WorkspaceId};
