//! Browser tests: the real server in-process on a random loopback port, driven through real
//! headless Chromium (Debian's `chromium` and `chromium-driver`) over WebDriver with fantoccini.
//! Each scenario saves a screenshot of every main page it visits to
//! `test-artifacts/screenshots/`; a failing one saves each window's screenshot and HTML to
//! `test-artifacts/failures/`. A missing browser fails the tests, it never skips them:
//! `scripts/test` installs it (`scripts/lib/chromium.sh`).

// Test bodies and helpers unwrap freely: a panic is the failure report.
#![allow(clippy::unwrap_used)]

mod support;

mod across_zones;
mod digest_page;
mod first_run;
mod hostile_content;
mod search_to_message;
mod working_hours;
