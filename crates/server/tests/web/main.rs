//! The web pages over plain HTTP (no browser): sessions, CSRF and privacy, where the rule is in
//! the response (a cookie's flags, a status) rather than in what a browser shows. Every test
//! runs on SQLite and on PostgreSQL.

// Test bodies and helpers unwrap freely: a panic is the failure report.
#![allow(clippy::unwrap_used)]

mod support;

mod admin;
mod asks;
mod csrf;
mod digests;
mod drafts;
mod inbox;
mod privacy;
mod sessions;
mod settings;
