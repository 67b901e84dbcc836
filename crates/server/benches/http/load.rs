//! Closed-loop load: `clients` tasks, each sending one request and waiting for its whole answer
//! before sending the next, over the shared keep-alive pool, until `total` requests are done or
//! the time limit passes. Closed-loop is what 64 interactive clients do; its latencies are
//! the server's answer times under that concurrency (no coordinated-omission correction is
//! needed, since no client has a schedule to fall behind).

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::report::{Latencies, Row, Target, load_average, process_cpu};

/// What a load run measured.
#[derive(Debug)]
pub struct Outcome {
    pub latencies: Latencies,
    pub errors: usize,
    pub first_error: Option<String>,
    /// From the first request sent to the last answer read.
    pub elapsed: Duration,
    /// CPU time of this process (clients and server together) during the run.
    pub cpu: Duration,
}

impl Outcome {
    /// Successful requests per second.
    pub fn throughput(&self) -> f64 {
        self.latencies.len() as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// CPU time per successful request, in microseconds.
    pub fn cpu_per_request(&self) -> f64 {
        self.cpu.as_secs_f64() * 1e6 / self.latencies.len().max(1) as f64
    }

    /// Requests, throughput, errors, CPU per request and latency percentiles, as figures.
    pub fn rows(
        &self,
        scenario: &str,
        what: &str,
        rate_target: Option<Target>,
        p99_target: Option<Target>,
    ) -> Vec<Row> {
        let load = load_average();
        if let Some(error) = &self.first_error {
            eprintln!("  {what}: {} errors, the first: {error}", self.errors);
        }
        let figure = |name: &str| format!("{what} {name}");
        let mut throughput = Row::new(scenario, &figure("rate"), self.throughput(), "req/s", &load);
        if let Some(target) = rate_target {
            throughput = throughput.target(target);
        }
        let mut rows = vec![
            Row::new(
                scenario,
                &figure("requests"),
                self.latencies.len() as f64,
                "req",
                &load,
            ),
            throughput,
            Row::new(
                scenario,
                &figure("errors"),
                self.errors as f64,
                "req",
                &load,
            )
            .target(Target::AtMost(0.0)),
            Row::new(
                scenario,
                &figure("CPU per request"),
                self.cpu_per_request(),
                "µs",
                &load,
            ),
        ];
        rows.extend(
            self.latencies
                .rows(scenario, &figure("latency"), &load, p99_target),
        );
        rows
    }
}

/// Runs `request(client, n)` for n = 0, 1, … `total - 1`, spread over `clients` tasks.
/// A request answers `Err(description)` for a failure, which is counted, not fatal.
pub async fn run<F, Fut>(clients: usize, total: usize, limit: Duration, request: F) -> Outcome
where
    F: Fn(usize, usize) -> Fut + Clone + Send + 'static,
    Fut: Future<Output = Result<(), String>> + Send,
{
    let next = Arc::new(AtomicUsize::new(0));
    let cpu_before = process_cpu();
    let started = Instant::now();
    let deadline = started + limit;
    let tasks: Vec<_> = (0..clients)
        .map(|client| {
            let next = next.clone();
            let request = request.clone();
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut errors = 0;
                let mut first_error = None;
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n >= total || Instant::now() >= deadline {
                        break;
                    }
                    let sent = Instant::now();
                    match request(client, n).await {
                        Ok(()) => latencies.push(sent.elapsed()),
                        Err(error) => {
                            errors += 1;
                            first_error.get_or_insert(error);
                        }
                    }
                }
                (latencies, errors, first_error)
            })
        })
        .collect();
    let mut outcome = Outcome {
        latencies: Latencies::default(),
        errors: 0,
        first_error: None,
        elapsed: Duration::ZERO,
        cpu: Duration::ZERO,
    };
    let mut all = Vec::with_capacity(total.min(1 << 20));
    for task in tasks {
        match task.await {
            Ok((latencies, errors, first_error)) => {
                all.extend(latencies);
                outcome.errors += errors;
                if outcome.first_error.is_none() {
                    outcome.first_error = first_error;
                }
            }
            Err(panic) => {
                outcome.errors += 1;
                outcome.first_error = Some(format!("a client task failed: {panic}"));
            }
        }
    }
    outcome.elapsed = started.elapsed();
    outcome.cpu = process_cpu().saturating_sub(cpu_before);
    outcome.latencies = Latencies::new(all);
    outcome
}

/// Reads a response to the end; `Err` unless its status is `expected`.
pub async fn finish(
    response: reqwest::Result<reqwest::Response>,
    expected: reqwest::StatusCode,
) -> Result<usize, String> {
    let response = response.map_err(|e| e.to_string())?;
    let status = response.status();
    let body = response.bytes().await.map_err(|e| e.to_string())?;
    if status != expected {
        return Err(format!(
            "{status}: {}",
            String::from_utf8_lossy(&body[..body.len().min(300)])
        ));
    }
    Ok(body.len())
}
