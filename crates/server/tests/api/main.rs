//! The HTTP API suite: the real server on 127.0.0.1:0, driven over HTTP with reqwest. Every test
//! is written once and runs on SQLite and on PostgreSQL (`sqlite::name`, `postgres::name`).

mod support;

mod accounts;
