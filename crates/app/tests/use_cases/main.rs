//! The use-case suite: every test is written once and run on SQLite and on PostgreSQL
//! (`sqlite::name` and `postgres::name`), against a fresh database and a manual clock.

mod support;

mod accounts;
mod channels;
mod events;
mod inbox;
mod requests;
mod search;
mod threads;
