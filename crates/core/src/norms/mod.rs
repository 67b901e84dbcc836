//! Norms: per urgency, how fast a request is expected to be answered and on which clock
//! (DESIGN.md §3), and the due time they give a request. The working-time arithmetic itself is
//! [`Schedule`](crate::schedule::Schedule)'s.
//!
//! Files: `urgency` (the urgencies and clocks), `norm` (one norm, a full set, a channel's
//! overrides), `due` (the due time of a request).

mod due;
mod norm;
mod urgency;

pub use due::due_at;
pub use norm::{NORM_MAX_MINUTES, Norm, Norms, NormsOverride};
pub use urgency::{ClockKind, Urgency};
