//! Requests and obligations: what a message asks of whom ([`RequestKind`]), and each recipient's
//! side of it as a small state machine ([`Obligation`]). Due times are computed in
//! [`crate::norms`]; storing and announcing a transition is the use case's job.

mod kind;
mod obligation;
mod status;

pub use kind::RequestKind;
pub use obligation::{Obligation, Transition, TransitionError};
pub use status::ObligationStatus;
