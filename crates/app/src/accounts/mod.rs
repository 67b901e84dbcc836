//! Accounts: first-run setup, members and their profiles, schedules and statuses, sign-in and
//! tokens, workspace holidays.

mod auth;
pub(crate) mod members;
pub(crate) mod secrets;
mod setup;

pub use auth::{LoginResult, SESSION_DAYS};
pub use members::{MemberPatch, NewMember, StatusInput, TimeOffInput};
pub use setup::{NewWorkspace, SetupResult};
