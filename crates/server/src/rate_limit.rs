//! Login throttling: a sliding window of failed attempts per account and per client address, so
//! neither guessing one password nor spraying many accounts from one place gets far.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failed attempts allowed per window before answering 429.
const MAX_FAILURES: usize = 10;
/// How long failures count.
const WINDOW: Duration = Duration::from_secs(15 * 60);

/// Remembers recent failed logins by key (`email:…` or `ip:…`).
#[derive(Debug, Default)]
pub(crate) struct LoginLimiter {
    failures: Mutex<HashMap<String, Vec<Instant>>>,
}

impl LoginLimiter {
    /// `Err(seconds)` when any of `keys` is over its limit: how long until it frees up.
    pub(crate) fn check(&self, keys: &[String]) -> Result<(), u64> {
        let now = Instant::now();
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let mut wait = None;
        for key in keys {
            if let Some(times) = failures.get_mut(key) {
                times.retain(|t| now.duration_since(*t) < WINDOW);
                if times.len() >= MAX_FAILURES {
                    let oldest = times.first().copied().unwrap_or(now);
                    let left = WINDOW
                        .saturating_sub(now.duration_since(oldest))
                        .as_secs()
                        .max(1);
                    wait = Some(wait.map_or(left, |w: u64| w.max(left)));
                }
            }
        }
        wait.map_or(Ok(()), Err)
    }

    /// Counts a failed attempt against every key.
    pub(crate) fn fail(&self, keys: &[String]) {
        let now = Instant::now();
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        // Keep memory bounded under a flood of distinct keys: forget entries whose window passed.
        if failures.len() > 100_000 {
            failures.retain(|_, times| {
                times
                    .last()
                    .is_some_and(|t| now.duration_since(*t) < WINDOW)
            });
        }
        for key in keys {
            failures.entry(key.clone()).or_default().push(now);
        }
    }

    /// A successful login clears the account's count (not the address's).
    pub(crate) fn succeed(&self, account_key: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures.remove(account_key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_is_throttled_after_ten_failures_and_freed_by_success() {
        let limiter = LoginLimiter::default();
        let keys = vec!["email:ana@x.test".to_owned(), "ip:127.0.0.1".to_owned()];
        for _ in 0..MAX_FAILURES {
            assert!(limiter.check(&keys).is_ok());
            limiter.fail(&keys);
        }
        let wait = limiter.check(&keys).unwrap_err();
        assert!(wait > 0 && wait <= WINDOW.as_secs());
        limiter.succeed("email:ana@x.test");
        assert!(limiter.check(&keys[..1]).is_ok());
        assert!(
            limiter.check(&keys[1..]).is_err(),
            "the address stays throttled"
        );
    }
}
