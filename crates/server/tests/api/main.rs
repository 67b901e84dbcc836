//! The HTTP API suite: the real server on 127.0.0.1:0, driven over HTTP with reqwest. Every test
//! is written once and runs on SQLite and on PostgreSQL (`sqlite::name`, `postgres::name`).

// Test bodies and helpers unwrap freely: a panic is the failure report. (Clippy's
// allow-unwrap-in-tests covers only #[test] functions, not the bodies backend_tests! wraps.)
#![allow(clippy::unwrap_used)]

mod support;

mod accounts;
mod authorization;
mod channels;
mod events;
mod inbox;
mod mail;
mod members;
mod notifications;
mod observability;
mod openapi;
mod requests;
mod scheduled;
mod search;
mod threads;
