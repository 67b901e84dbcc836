//! The use-case suite: every test is written once and run on SQLite and on PostgreSQL
//! (`sqlite::name` and `postgres::name`), against a fresh database and a manual clock.

// Test bodies and helpers unwrap freely: a panic is the failure report. (Clippy's
// allow-unwrap-in-tests covers only #[test] functions, not the bodies backend_tests! wraps.)
#![allow(clippy::unwrap_used)]

mod support;

mod accounts;
mod channels;
mod events;
mod inbox;
mod notifications;
mod requests;
mod scheduled;
mod search;
mod team;
mod threads;
mod workspace_norms;
