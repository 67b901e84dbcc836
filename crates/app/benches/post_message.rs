//! Throughput and latency of the two hot paths of the use-case layer, on a real database:
//!
//! - **post**: many concurrent writers replying through [`sundial_app::App::reply`], each call
//!   answered only once its message, event and search entry are durably committed;
//! - **inbox**: [`sundial_app::App::inbox`] for a member with 500 open obligations in a
//!   workspace of a million messages, bulk-loaded straight through the store's records.
//!
//! A plain `main` rather than criterion: criterion measures one call at a time, and the figure
//! that matters here is throughput under 64 concurrent writers. Runs on SQLite in a temporary
//! directory by default, on a fresh PostgreSQL database when `SUNDIAL_BENCH_POSTGRES_URL` names a
//! server. `docs/benchmarks.md` says how to run it and records the results.
//!
//! The parts live in `benches/post_message/`, named with `#[path]` so that Cargo does not take
//! each of them for a bench of its own.

#[path = "post_message/backend.rs"]
mod backend;
#[path = "post_message/bulk.rs"]
mod bulk;
#[path = "post_message/fixture.rs"]
mod fixture;
#[path = "post_message/inbox.rs"]
mod inbox;
#[path = "post_message/open_asks.rs"]
mod open_asks;
#[path = "post_message/posting.rs"]
mod posting;
#[path = "post_message/report.rs"]
mod report;

use std::process::ExitCode;
use std::time::Duration;

use backend::Backend;
use report::Row;

/// The allocator the `sundial` binary uses (see its `main.rs`), so the figures are the server's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// What went wrong, in a form every part of the bench can return with `?`.
type BenchError = Box<dyn std::error::Error + Send + Sync>;
type BenchResult<T> = Result<T, BenchError>;

const USAGE: &str = "\
usage: cargo bench -p sundial-app --bench post_message -- [options]

  --scenario post|inbox|all  what to run (default: all)
  --messages N               replies in the post scenario (default: 50000 on SQLite,
                             20000 on PostgreSQL)
  --writers N                concurrent writers in the post scenario (default: 64)
  --connections N            the store's pool size (default: the server's default)
  --inbox-messages N         messages bulk-loaded for the inbox scenario (default: 1000000)
  --inbox-calls N            timed inbox calls (default: 1000)
  --json                     also print the results as one JSON object

environment:
  SUNDIAL_BENCH_POSTGRES_URL  run on PostgreSQL: a fresh database is created on this server
                              (with psql) and dropped afterwards
  SUNDIAL_BENCH_DIR           where the temporary SQLite directory goes (default: TMPDIR)";

/// The command line, parsed.
#[derive(Debug, Clone)]
struct Options {
    post: bool,
    inbox: bool,
    messages: Option<usize>,
    writers: usize,
    connections: Option<u32>,
    inbox_messages: usize,
    inbox_calls: usize,
    json: bool,
}

impl Options {
    /// The options, or `None` when help was asked for.
    fn parse(mut args: impl Iterator<Item = String>) -> BenchResult<Option<Self>> {
        let mut options = Options {
            post: true,
            inbox: true,
            messages: None,
            writers: 64,
            connections: None,
            inbox_messages: 1_000_000,
            inbox_calls: 1_000,
            json: false,
        };
        while let Some(arg) = args.next() {
            let mut value = |name: &str| {
                args.next()
                    .ok_or_else(|| BenchError::from(format!("{name} needs a value\n\n{USAGE}")))
            };
            match arg.as_str() {
                // `cargo bench` passes `--bench` to every bench binary.
                "--bench" => {}
                "--json" => options.json = true,
                "--scenario" => match value("--scenario")?.as_str() {
                    "post" => (options.post, options.inbox) = (true, false),
                    "inbox" => (options.post, options.inbox) = (false, true),
                    "all" => (options.post, options.inbox) = (true, true),
                    other => return Err(format!("unknown scenario {other:?}\n\n{USAGE}").into()),
                },
                "--messages" => options.messages = Some(value("--messages")?.parse()?),
                "--writers" => options.writers = value("--writers")?.parse()?,
                "--connections" => options.connections = Some(value("--connections")?.parse()?),
                "--inbox-messages" => {
                    options.inbox_messages = value("--inbox-messages")?.parse()?
                }
                "--inbox-calls" => options.inbox_calls = value("--inbox-calls")?.parse()?,
                "-h" | "--help" => return Ok(None),
                // Criterion-style filters and flags from `cargo bench <filter>` mean nothing here.
                _ => {}
            }
        }
        if options.writers == 0 {
            return Err("--writers must be at least 1".into());
        }
        Ok(Some(options))
    }
}

fn main() -> ExitCode {
    match bench() {
        Ok(()) => ExitCode::SUCCESS,
        // Printed with Display: the messages (usage included) are written for people.
        Err(error) => {
            eprintln!("post_message bench: {error}");
            ExitCode::FAILURE
        }
    }
}

fn bench() -> BenchResult<()> {
    let Some(options) = Options::parse(std::env::args().skip(1))? else {
        println!("{USAGE}");
        return Ok(());
    };
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
    let mut rows: Vec<Row> = Vec::new();
    if options.post {
        let backend = Backend::create(postgres_url.as_deref())?;
        let result = async {
            let store = backend.open(options.connections).await?;
            let messages = options.messages.unwrap_or(if backend.is_postgres() {
                20_000
            } else {
                50_000
            });
            posting::run(store, messages, options.writers).await
        }
        .await;
        backend.remove()?;
        rows.extend(result?);
    }
    if options.inbox {
        let backend = Backend::create(postgres_url.as_deref())?;
        let result = async {
            let store = backend.open(options.connections).await?;
            inbox::run(store, options.inbox_messages, options.inbox_calls).await
        }
        .await;
        backend.remove()?;
        rows.extend(result?);
    }
    let name = if postgres_url.is_some() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    report::print(name, &rows, options.json);
    Ok(())
}

/// A duration in microseconds, the unit every figure is printed in.
fn micros(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e6
}

/// The bench's name in the report's heading (`report.rs` is shared with the HTTP bench).
const BENCH_NAME: &str = "post_message";
/// The unit latencies are reported in.
const LATENCY_UNIT: &str = "µs";

/// A latency in [`LATENCY_UNIT`].
fn in_latency_unit(duration: Duration) -> f64 {
    micros(duration)
}
