//! Queries, one module per kind of record. Every function takes a [`crate::Conn`], so the same
//! query runs inside a write transaction or on a read connection, on either backend.

pub mod channels;
pub mod digest_emails;
pub mod digests;
pub mod events;
pub mod idempotency;
pub mod inbox;
pub mod jobs;
pub mod members;
pub mod messages;
pub mod notifications;
pub mod quiet_reply;
pub mod replies;
pub mod requests;
pub mod scheduled;
pub mod search;
pub mod threads;
pub mod tokens;
pub mod unsubscribe;
pub mod workspaces;
