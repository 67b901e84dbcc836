//! The closed-loop driver of the `post` and `read` scenarios: `concurrency` workers, each
//! sending its next request as soon as the previous one is answered, until `requests` have been
//! sent or `duration` has passed, whichever comes first.

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// When a run stops.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub concurrency: usize,
    pub requests: usize,
    pub duration: Duration,
}

/// What a run measured.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Latency of every answered request, by the label its call returned.
    pub latencies: BTreeMap<&'static str, Vec<Duration>>,
    pub errors: usize,
    pub first_error: Option<String>,
    pub elapsed: Duration,
}

impl Outcome {
    /// Every latency, whatever its label.
    pub fn all(&self) -> Vec<Duration> {
        self.latencies.values().flatten().copied().collect()
    }
}

/// Runs `call(i)` for i = 0, 1, 2… under `limits`. A call returns its label (the kind of
/// request, for per-kind figures) or an error, which is counted and does not stop the run.
pub async fn run<F, Fut>(limits: Limits, call: F) -> Outcome
where
    F: Fn(usize) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = anyhow::Result<&'static str>> + Send + 'static,
{
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..limits.concurrency)
        .map(|_| {
            let (next, call) = (next.clone(), call.clone());
            tokio::spawn(async move {
                let mut outcome = Outcome::default();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= limits.requests || started.elapsed() >= limits.duration {
                        return outcome;
                    }
                    let sent = Instant::now();
                    match call(i).await {
                        Ok(label) => outcome
                            .latencies
                            .entry(label)
                            .or_default()
                            .push(sent.elapsed()),
                        Err(error) => {
                            outcome.errors += 1;
                            outcome
                                .first_error
                                .get_or_insert_with(|| format!("{error:#}"));
                        }
                    }
                }
            })
        })
        .collect();
    let mut total = Outcome::default();
    for worker in workers {
        match worker.await {
            Ok(outcome) => {
                for (label, samples) in outcome.latencies {
                    total.latencies.entry(label).or_default().extend(samples);
                }
                total.errors += outcome.errors;
                if total.first_error.is_none() {
                    total.first_error = outcome.first_error;
                }
            }
            Err(error) => {
                total.errors += 1;
                total
                    .first_error
                    .get_or_insert_with(|| format!("a worker failed: {error}"));
            }
        }
    }
    total.elapsed = started.elapsed();
    total
}
