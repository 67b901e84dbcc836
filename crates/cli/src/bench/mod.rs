//! `sundial bench`: a load generator that talks to a running server over real HTTP, with
//! keep-alive connections, bounded in requests and time, so every speed claim in
//! `docs/benchmarks.md` comes from one harness anyone can rerun. Each scenario prints
//! throughput, latency percentiles, errors and the server's peak RSS, and `--json` writes the
//! same figures to a file. Any failed request, or a resumed stream that missed or repeated an
//! event, makes the command fail after printing its figures.

mod client;
mod closed_loop;
mod fanout;
mod post;
mod read;
mod reconnect;
mod report;
pub mod resume_check;
mod rss;
mod setup;
mod sse;
mod stats;
mod streams;

use anyhow::bail;

use crate::cli::{BenchArgs, Scenario};
use client::Api;
use closed_loop::{Limits, Outcome};
use report::Report;

/// Runs one scenario against the server named by `args.url`.
pub async fn run(args: BenchArgs) -> anyhow::Result<()> {
    let api = Api::sign_in(
        args.url.as_str(),
        args.token.as_deref(),
        &args.email,
        &args.password,
    )
    .await?;
    let me = api.me().await?;
    let duration = std::time::Duration::from_secs(args.duration);
    let limits = Limits {
        concurrency: args.concurrency,
        requests: args.requests,
        duration,
    };
    let mut verdicts = Vec::new();
    let mut report = match args.scenario {
        Scenario::Post => {
            let outcome = post::run(&api, &me, limits, args.ask_every).await?;
            let asks = match args.ask_every {
                0 => "none with an ask".to_owned(),
                n => format!("1 in {n} with an ask of a member in another zone"),
            };
            let what = format!(
                "a reply (POST /api/v1/threads/{{id}}/messages), {asks}: from sending to the \
                 201 answer"
            );
            from_outcome("post", &what, &outcome, args.concurrency)
        }
        Scenario::Read => {
            let outcome = read::run(&api, limits, &args.reads).await?;
            from_outcome(
                "read",
                "an equal mix of the reads --reads names (inbox, thread view, channel thread \
                 list, search): from sending to the whole answer read",
                &outcome,
                args.concurrency,
            )
        }
        Scenario::Fanout => {
            let fanout = fanout::run(&api, args.clients, args.posts, duration).await?;
            let mut report = from_outcome(
                "fanout",
                "a post, one at a time: from its 201 answer to the last of the event streams \
                 having its message.posted event",
                &fanout.outcome,
                1,
            );
            report.details.insert("clients".into(), args.clients as f64);
            if let Some(first) = stats::percentiles(&fanout.first_after_send) {
                report
                    .details
                    .insert("first_stream_after_send_p50_ms".into(), first.p50_ms);
                report
                    .details
                    .insert("first_stream_after_send_p99_ms".into(), first.p99_ms);
            }
            report
        }
        Scenario::Reconnect => {
            let run = reconnect::run(&api, args.clients, args.posts, duration).await?;
            let mut report = from_outcome(
                "reconnect",
                "a resume: from dropping an event stream to the answer of the new one sent \
                 with Last-Event-ID",
                &run.outcome,
                args.clients,
            );
            let missed: usize = run.checks.iter().map(|c| c.missed.len()).sum();
            let repeated: usize = run.checks.iter().map(|c| c.repeated.len()).sum();
            let clean = run.checks.iter().filter(|c| c.is_clean()).count();
            for (name, value) in [
                ("clients", args.clients),
                ("clients_clean", clean),
                ("events_in_run", run.events),
                ("events_missed", missed),
                ("events_repeated", repeated),
            ] {
                report.details.insert(name.into(), value as f64);
            }
            verdicts = run.checks;
            report
        }
    };
    report.url = args.url.to_string();
    report.server_pid = args.server_pid.or_else(|| local_listener(&args.url));
    report.server_peak_rss_kib = report.server_pid.and_then(rss::peak_kib);
    report.print();
    if let Some(path) = &args.json {
        report.write_json(path)?;
    }
    if report.errors > 0 {
        bail!(
            "{} of {} operations failed; the first: {}",
            report.errors,
            report.errors + report.completed,
            report.first_error.unwrap_or_default()
        );
    }
    if let Some((client, verdict)) = verdicts.iter().enumerate().find(|(_, v)| !v.is_clean()) {
        bail!(
            "resuming with Last-Event-ID lost or repeated events: client {client} missed {:?}, \
             repeated {:?}, unexpected {:?}, in order: {}",
            verdict.missed,
            verdict.repeated,
            verdict.unexpected,
            verdict.in_order
        );
    }
    if report.completed == 0 {
        bail!("nothing completed: raise --requests, --posts or --duration");
    }
    Ok(())
}

fn from_outcome(scenario: &str, operation: &str, outcome: &Outcome, concurrency: usize) -> Report {
    let mut report = Report::new(scenario, operation, &outcome.all(), outcome.elapsed);
    report.concurrency = concurrency;
    report.errors = outcome.errors;
    report.first_error.clone_from(&outcome.first_error);
    if outcome.latencies.len() > 1 {
        for (kind, samples) in &outcome.latencies {
            if let Some(p) = stats::percentiles(samples) {
                report.latency_by_kind.insert((*kind).to_owned(), p);
            }
        }
    }
    report
}

/// The process listening on the URL's port, when the URL names this machine.
fn local_listener(url: &reqwest::Url) -> Option<u32> {
    let host = url.host_str()?.trim_matches(['[', ']']);
    let local = host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback() || ip.is_unspecified());
    if !local {
        return None;
    }
    rss::listener_pid(url.port_or_known_default()?)
}
