//! Accounts: first-run setup, members and their profiles, schedules and statuses, sign-in and
//! tokens, workspace holidays, one-click focus and the team clock.

mod auth;
mod calendar;
mod focus;
pub(crate) mod members;
pub(crate) mod secrets;
mod setup;
mod team;

pub use auth::{LoginResult, SESSION_DAYS};
pub use calendar::TimeOffView;
pub use focus::FocusLength;
pub use members::{MemberPatch, NewMember, StatusInput, TimeOffInput};
pub use setup::{NewWorkspace, SetupResult};
pub use team::TeamClock;
