//! The JSON API under load, over real HTTP on loopback, with the server in this process:
//!
//! - **baseline**: `GET /healthz` and `GET /api/v1/me` from 64 keep-alive clients: the ceiling
//!   any endpoint can reach through this harness and this middleware, with and without a token;
//! - **post**: 64 keep-alive clients replying over `POST /api/v1/threads/{id}/messages`, one in
//!   ten with an ask of someone in another time zone;
//! - **inbox**: `GET /api/v1/inbox` for a member with 500 open obligations in a workspace of a
//!   million messages (bulk-loaded through the store: over HTTP it would take hours);
//! - **fanout**: one message to 1,000 connected `GET /api/v1/events` streams; how long until the
//!   last of them has it.
//!
//! Clients and server share one two-worker runtime, as they share the two cores of the machine
//! the targets were set for: every figure includes the client's own cost. A plain `main` rather
//! than criterion, which times one call at a time; throughput under concurrency is the point.
//! Runs on SQLite in a temporary directory, or on a fresh PostgreSQL database when
//! `SUNDIAL_BENCH_POSTGRES_URL` names a server. `docs/benchmarks.md` records the results.
//!
//! The parts live in `benches/http/`, named with `#[path]` so that Cargo does not take each of
//! them for a bench of its own.

#[path = "http/api.rs"]
mod api;
#[path = "http/backend.rs"]
mod backend;
#[path = "http/bulk.rs"]
mod bulk;
#[path = "http/fanout.rs"]
mod fanout;
#[path = "http/inbox.rs"]
mod inbox;
#[path = "http/load.rs"]
mod load;
#[path = "http/open_asks.rs"]
mod open_asks;
#[path = "http/posting.rs"]
mod posting;
// One report for both benches: a bench cannot depend on another crate's bench, but it can
// include its file.
#[path = "../../app/benches/post_message/report.rs"]
mod report;
#[path = "http/server.rs"]
mod server;
#[path = "http/words.rs"]
mod words;

use std::time::Duration;

use backend::Backend;
use report::Row;
use server::Server;

/// What went wrong, in a form every part of the bench can return with `?`.
type BenchError = Box<dyn std::error::Error + Send + Sync>;
type BenchResult<T> = Result<T, BenchError>;

const USAGE: &str = "\
usage: cargo bench -p sundial-server --bench http -- [options]

  --scenario S          baseline, post, inbox, fanout or all (default: all); repeatable
  --clients N           concurrent keep-alive clients for baseline, post and inbox (default: 64)
  --posts N             replies in the post scenario (default: 40000 on SQLite, 15000 on
                        PostgreSQL)
  --seconds N           time limit of each load run (default: 60)
  --connections N       the store's pool size (default: the server's default)
  --inbox-messages N    messages bulk-loaded for the inbox scenario (default: 1000000)
  --inbox-calls N       timed inbox calls, sequential and then concurrent (default: 2000)
  --sse-clients N       live event streams in the fanout scenario (default: 1000)
  --fanout-posts N      timed posts in the fanout scenario (default: 100)
  --json                also print the results as one JSON object

environment:
  SUNDIAL_BENCH_POSTGRES_URL  run on PostgreSQL: a fresh database is created on this server
                              (with psql) for each scenario and dropped afterwards
  SUNDIAL_BENCH_DIR           where the temporary SQLite directories go (default: TMPDIR)";

/// The command line, parsed.
#[derive(Debug, Clone)]
struct Options {
    baseline: bool,
    post: bool,
    inbox: bool,
    fanout: bool,
    clients: usize,
    posts: Option<usize>,
    limit: Duration,
    connections: Option<u32>,
    inbox_messages: usize,
    inbox_calls: usize,
    sse_clients: usize,
    fanout_posts: usize,
    json: bool,
}

impl Options {
    fn parse(mut args: impl Iterator<Item = String>) -> BenchResult<Self> {
        let mut options = Options {
            baseline: false,
            post: false,
            inbox: false,
            fanout: false,
            clients: 64,
            posts: None,
            limit: Duration::from_secs(60),
            connections: None,
            inbox_messages: 1_000_000,
            inbox_calls: 2_000,
            sse_clients: 1_000,
            fanout_posts: 100,
            json: false,
        };
        let mut chosen = false;
        while let Some(arg) = args.next() {
            let mut value = |name: &str| {
                args.next()
                    .ok_or_else(|| BenchError::from(format!("{name} needs a value\n\n{USAGE}")))
            };
            match arg.as_str() {
                // `cargo bench` passes `--bench` to every bench binary.
                "--bench" => {}
                "--json" => options.json = true,
                "--scenario" => {
                    chosen = true;
                    match value("--scenario")?.as_str() {
                        "baseline" => options.baseline = true,
                        "post" => options.post = true,
                        "inbox" => options.inbox = true,
                        "fanout" => options.fanout = true,
                        "all" => {
                            (options.baseline, options.post) = (true, true);
                            (options.inbox, options.fanout) = (true, true);
                        }
                        other => {
                            return Err(format!("unknown scenario {other:?}\n\n{USAGE}").into());
                        }
                    }
                }
                "--clients" => options.clients = value("--clients")?.parse()?,
                "--posts" => options.posts = Some(value("--posts")?.parse()?),
                "--seconds" => options.limit = Duration::from_secs(value("--seconds")?.parse()?),
                "--connections" => options.connections = Some(value("--connections")?.parse()?),
                "--inbox-messages" => {
                    options.inbox_messages = value("--inbox-messages")?.parse()?
                }
                "--inbox-calls" => options.inbox_calls = value("--inbox-calls")?.parse()?,
                "--sse-clients" => options.sse_clients = value("--sse-clients")?.parse()?,
                "--fanout-posts" => options.fanout_posts = value("--fanout-posts")?.parse()?,
                // Criterion-style filters and flags from `cargo bench <filter>` mean nothing here.
                _ => {}
            }
        }
        if !chosen {
            (options.baseline, options.post) = (true, true);
            (options.inbox, options.fanout) = (true, true);
        }
        if options.clients == 0 || options.sse_clients == 0 {
            return Err("--clients and --sse-clients must be at least 1".into());
        }
        Ok(options)
    }
}

fn main() -> BenchResult<()> {
    if std::env::args().any(|arg| arg == "-h" || arg == "--help") {
        println!("{USAGE}");
        return Ok(());
    }
    let options = Options::parse(std::env::args().skip(1))?;
    // Two workers: the size of the machine the targets were set for, and what `serve` gets on it.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(run(options))
}

async fn run(options: Options) -> BenchResult<()> {
    let postgres_url = std::env::var("SUNDIAL_BENCH_POSTGRES_URL")
        .ok()
        .filter(|url| !url.trim().is_empty());
    let postgres = postgres_url.is_some();
    let mut rows: Vec<Row> = Vec::new();
    if options.baseline || options.post {
        let server = Server::start(Backend::create(postgres_url.as_deref())?, &options).await?;
        let result = async {
            let mut rows = Vec::new();
            let team = posting::team(&server).await?;
            if options.baseline {
                rows.extend(posting::baseline(&server, &options, &team).await?);
            }
            if options.post {
                rows.extend(posting::run(&server, &options, postgres, team).await?);
            }
            BenchResult::Ok(rows)
        }
        .await;
        server.stop().await?;
        rows.extend(result?);
    }
    if options.inbox {
        let server = Server::start(Backend::create(postgres_url.as_deref())?, &options).await?;
        let result = inbox::run(&server, &options).await;
        server.stop().await?;
        rows.extend(result?);
    }
    if options.fanout {
        let server = Server::start(Backend::create(postgres_url.as_deref())?, &options).await?;
        let result = fanout::run(&server, &options).await;
        server.stop().await?;
        rows.extend(result?);
    }
    let name = if postgres { "PostgreSQL" } else { "SQLite" };
    report::print(name, &rows, options.json);
    Ok(())
}

/// The bench's name in the report's heading.
const BENCH_NAME: &str = "http";
/// The unit latencies are reported in.
const LATENCY_UNIT: &str = "ms";

/// A latency in [`LATENCY_UNIT`].
fn in_latency_unit(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}
