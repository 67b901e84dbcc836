//! Figures, their targets, and how they are printed: an aligned table on stdout, and the same
//! as one JSON object with `--json`.

use std::time::Duration;

use crate::{BENCH_NAME, LATENCY_UNIT, in_latency_unit};

/// What a figure must be to meet its target.
#[derive(Debug, Clone, Copy)]
pub enum Target {
    AtLeast(f64),
    AtMost(f64),
}

impl Target {
    fn met(self, value: f64) -> bool {
        match self {
            Target::AtLeast(bound) => value >= bound,
            Target::AtMost(bound) => value <= bound,
        }
    }

    fn describe(self, unit: &str) -> String {
        match self {
            Target::AtLeast(bound) => format!(">= {} {unit}", number(bound)),
            Target::AtMost(bound) => format!("<= {} {unit}", number(bound)),
        }
    }
}

/// One measured figure, with the load average when it was taken (the machine is shared).
#[derive(Debug, Clone)]
pub struct Row {
    scenario: String,
    figure: String,
    value: f64,
    unit: &'static str,
    target: Option<Target>,
    load: String,
}

impl Row {
    pub fn new(scenario: &str, figure: &str, value: f64, unit: &'static str, load: &str) -> Self {
        Self {
            scenario: scenario.to_owned(),
            figure: figure.to_owned(),
            value,
            unit,
            target: None,
            load: load.to_owned(),
        }
    }

    pub fn target(mut self, target: Target) -> Self {
        self.target = Some(target);
        self
    }
}

/// Per-call latencies, sorted, with the percentiles we report.
#[derive(Debug, Default)]
pub struct Latencies(Vec<Duration>);

impl Latencies {
    pub fn new(mut all: Vec<Duration>) -> Self {
        all.sort_unstable();
        Self(all)
    }

    /// How many calls were timed.
    #[allow(dead_code)] // used by the HTTP bench, which includes this file too
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The latency below which `p` percent of calls finished (nearest rank).
    pub fn percentile(&self, p: f64) -> Duration {
        if self.0.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((p / 100.0) * self.0.len() as f64).ceil() as usize;
        self.0[rank.clamp(1, self.0.len()) - 1]
    }

    pub fn mean(&self) -> Duration {
        let total: Duration = self.0.iter().sum();
        total / u32::try_from(self.0.len().max(1)).unwrap_or(u32::MAX)
    }

    /// Rows for mean, p50, p90, p99 and max; `p99_target` applies to p99.
    pub fn rows(
        &self,
        scenario: &str,
        what: &str,
        load: &str,
        p99_target: Option<Target>,
    ) -> Vec<Row> {
        let figures = [
            ("mean", self.mean()),
            ("p50", self.percentile(50.0)),
            ("p90", self.percentile(90.0)),
            ("p99", self.percentile(99.0)),
            ("max", self.percentile(100.0)),
        ];
        figures
            .into_iter()
            .map(|(name, duration)| {
                let row = Row::new(
                    scenario,
                    &format!("{what} {name}"),
                    in_latency_unit(duration),
                    LATENCY_UNIT,
                    load,
                );
                match p99_target {
                    Some(target) if name == "p99" => row.target(target),
                    _ => row,
                }
            })
            .collect()
    }
}

/// CPU time this process has used so far (user + system, all threads), from `/proc/self/stat`.
/// On a shared machine, CPU per message says more about our own cost than wall time does.
/// The kernel counts in ticks of 1/100 s on every Linux we run on.
pub fn process_cpu() -> Duration {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return Duration::ZERO;
    };
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th.
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let ticks: u64 = after_name
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|field| field.parse::<u64>().ok())
        .sum();
    Duration::from_millis(ticks * 10)
}

/// The 1-, 5- and 15-minute load averages, as `/proc/loadavg` has them.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|_| "unknown".to_owned())
}

/// Prints the table, and the JSON object when asked.
pub fn print(backend: &str, rows: &[Row], json: bool) {
    println!();
    println!("sundial {BENCH_NAME} bench on {backend} ({} cpus)", cpus());
    let header = [
        "scenario",
        "figure",
        "value",
        "target",
        "met",
        "load (1/5/15 min)",
    ];
    let cells: Vec<[String; 6]> = rows
        .iter()
        .map(|row| {
            [
                row.scenario.clone(),
                row.figure.clone(),
                format!("{} {}", number(row.value), row.unit),
                row.target
                    .map_or_else(String::new, |t| t.describe(row.unit)),
                row.target
                    .map_or("", |t| if t.met(row.value) { "yes" } else { "NO" })
                    .to_owned(),
                row.load.clone(),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for line in &cells {
        for (width, cell) in widths.iter_mut().zip(line) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let print_line = |line: &[String]| {
        let padded: Vec<String> = line
            .iter()
            .zip(widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        println!("{}", padded.join("  ").trim_end());
    };
    print_line(&header.map(str::to_owned));
    print_line(&widths.map(|w| "-".repeat(w)));
    for line in &cells {
        print_line(line);
    }
    if json {
        let figures: Vec<serde_json::Value> = rows
            .iter()
            .map(|row| {
                serde_json::json!({
                    "scenario": row.scenario,
                    "figure": row.figure,
                    "value": row.value,
                    "unit": row.unit,
                    "target": row.target.map(|t| t.describe(row.unit)),
                    "met": row.target.map(|t| t.met(row.value)),
                    "load": row.load,
                })
            })
            .collect();
        let document = serde_json::json!({
            "backend": backend,
            "cpus": cpus(),
            "figures": figures,
        });
        println!("{document}");
    }
}

fn cpus() -> usize {
    std::thread::available_parallelism().map_or(0, usize::from)
}

/// A figure with thousands separators and sensible precision.
fn number(value: f64) -> String {
    let decimals = if value.abs() >= 100.0 {
        0
    } else if value.abs() >= 10.0 {
        1
    } else {
        2
    };
    let text = format!("{value:.decimals$}");
    let (whole, fraction) = text
        .split_once('.')
        .map_or((text.as_str(), None), |(w, f)| (w, Some(f)));
    let (sign, digits) = whole.strip_prefix('-').map_or(("", whole), |d| ("-", d));
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    match fraction {
        Some(fraction) => format!("{sign}{grouped}.{fraction}"),
        None => format!("{sign}{grouped}"),
    }
}
