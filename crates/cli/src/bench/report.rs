//! What every scenario reports, printed for people and written as JSON for tools: throughput,
//! latency percentiles, errors and the server's peak memory.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use anyhow::Context;
use serde::Serialize;

use super::stats::{Percentiles, percentiles};

/// One scenario's figures.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub scenario: String,
    pub url: String,
    pub concurrency: usize,
    /// What one timed operation is, and what its latency measures.
    pub operation: String,
    /// Operations that succeeded.
    pub completed: usize,
    pub errors: usize,
    pub first_error: Option<String>,
    pub elapsed_seconds: f64,
    pub throughput_per_second: f64,
    pub latency: Option<Percentiles>,
    /// Latency percentiles of each kind of request, where a scenario mixes several.
    pub latency_by_kind: BTreeMap<String, Percentiles>,
    pub server_pid: Option<u32>,
    pub server_peak_rss_kib: Option<u64>,
    /// Scenario-specific figures (clients, events checked, reconnects…).
    pub details: BTreeMap<String, f64>,
}

impl Report {
    /// A report of `completed` operations timed by `samples` over `elapsed`.
    pub fn new(scenario: &str, operation: &str, samples: &[Duration], elapsed: Duration) -> Self {
        let seconds = elapsed.as_secs_f64();
        Self {
            scenario: scenario.to_owned(),
            url: String::new(),
            concurrency: 1,
            operation: operation.to_owned(),
            completed: samples.len(),
            errors: 0,
            first_error: None,
            elapsed_seconds: seconds,
            throughput_per_second: if seconds > 0.0 {
                samples.len() as f64 / seconds
            } else {
                0.0
            },
            latency: percentiles(samples),
            latency_by_kind: BTreeMap::new(),
            server_pid: None,
            server_peak_rss_kib: None,
            details: BTreeMap::new(),
        }
    }

    /// Prints the report for a person.
    pub fn print(&self) {
        println!(
            "scenario    {} against {} (concurrency {})",
            self.scenario, self.url, self.concurrency
        );
        println!("operation   {}", self.operation);
        println!(
            "throughput  {} in {:.2} s: {:.1}/s",
            self.completed, self.elapsed_seconds, self.throughput_per_second
        );
        match &self.latency {
            Some(p) => println!("latency     {}", line(p)),
            None => println!("latency     (nothing completed)"),
        }
        for (kind, p) in &self.latency_by_kind {
            println!("  {kind:<10}{}", line(p));
        }
        match &self.first_error {
            Some(first) => println!("errors      {} (first: {first})", self.errors),
            None => println!("errors      {}", self.errors),
        }
        match (self.server_peak_rss_kib, self.server_pid) {
            (Some(kib), Some(pid)) => println!(
                "server      peak RSS {:.1} MiB (VmHWM of pid {pid})",
                kib as f64 / 1024.0
            ),
            _ => println!("server      peak RSS unknown (no server process found on this machine)"),
        }
        for (name, value) in &self.details {
            println!("  {name}: {value}");
        }
    }

    /// Writes the report as JSON to `path`.
    pub fn write_json(&self, path: &Path) -> anyhow::Result<()> {
        let text = serde_json::to_string_pretty(self).context("encoding the report")?;
        std::fs::write(path, text + "\n")
            .with_context(|| format!("writing the report to {}", path.display()))
    }
}

fn line(p: &Percentiles) -> String {
    format!(
        "p50 {:.2} ms  p90 {:.2} ms  p99 {:.2} ms  max {:.2} ms",
        p.p50_ms, p.p90_ms, p.p99_ms, p.max_ms
    )
}
