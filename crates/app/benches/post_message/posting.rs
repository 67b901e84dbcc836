//! The post scenario: `writers` concurrent tasks, each replying through `App::reply` to random
//! threads, every call returning only once its message, event and search entry are committed.

use std::sync::Arc;
use std::time::{Duration, Instant};

use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use sundial_app::seed::{message_body, thread_title};
use sundial_app::threads::{NewReply, NewThread};
use sundial_store::Store;

use crate::fixture::{self, Team};
use crate::report::{Latencies, Row, Target, load_average, process_cpu};
use crate::{BenchError, BenchResult, micros};

/// Members who post: a small team, each writer posting as one of them.
const MEMBERS: usize = 8;
const CHANNELS: usize = 4;
/// Threads the replies spread over.
const THREADS: usize = 200;
/// Untimed replies per writer first, so the timed run starts warm (statement caches, pages).
const WARM_UP_PER_WRITER: usize = 20;

/// Runs the scenario and returns its figures.
pub async fn run(store: Store, messages: usize, writers: usize) -> BenchResult<Vec<Row>> {
    let postgres = store.dialect() == sundial_store::Dialect::Postgres;
    let team = fixture::team(store, MEMBERS, CHANNELS).await?;
    let mut rng = StdRng::seed_from_u64(7);
    let mut threads = Vec::with_capacity(THREADS);
    for i in 0..THREADS {
        let author = &team.members[i % team.members.len()];
        let channel = &team.channels[i % team.channels.len()];
        let input = NewThread {
            title: thread_title(&mut rng),
            body: message_body(&mut rng, 15, 50),
            ..NewThread::default()
        };
        threads.push(
            team.app
                .post_thread(author, channel, input)
                .await?
                .thread
                .id,
        );
    }
    let threads = Arc::new(threads);
    replies(&team, &threads, writers, WARM_UP_PER_WRITER, 1_000).await?;

    let per_writer = messages.div_ceil(writers).max(1);
    let total = per_writer * writers;
    eprintln!("post: {writers} writers x {per_writer} replies = {total} messages…");
    let (started, cpu_before) = (Instant::now(), process_cpu());
    let latencies = replies(&team, &threads, writers, per_writer, 0).await?;
    let elapsed = started.elapsed();
    let cpu = process_cpu().saturating_sub(cpu_before);
    let load = load_average();
    let throughput = total as f64 / elapsed.as_secs_f64();
    let target = if postgres { 3_000.0 } else { 15_000.0 };
    let latencies = Latencies::new(latencies);
    let scenario = format!("post, {writers} writers, {total} msgs");
    let mut rows = vec![
        Row::new(&scenario, "throughput", throughput, "msg/s", &load)
            .target(Target::AtLeast(target)),
        Row::new(&scenario, "wall time", elapsed.as_secs_f64(), "s", &load),
        // The bench's own CPU (app, driver, and on SQLite the database engine too; not the
        // PostgreSQL server's), per message and as cores kept busy.
        Row::new(
            &scenario,
            "bench CPU per message",
            micros(cpu) / total as f64,
            "µs",
            &load,
        ),
        Row::new(
            &scenario,
            "bench CPU cores used",
            cpu.as_secs_f64() / elapsed.as_secs_f64(),
            "cores",
            &load,
        ),
    ];
    rows.extend(latencies.rows(&scenario, "reply latency", &load, None));
    Ok(rows)
}

/// `writers` tasks each posting `per_writer` replies; returns every call's latency.
async fn replies(
    team: &Team,
    threads: &Arc<Vec<String>>,
    writers: usize,
    per_writer: usize,
    seed: u64,
) -> BenchResult<Vec<Duration>> {
    let mut tasks = Vec::with_capacity(writers);
    for writer in 0..writers {
        let app = team.app.clone();
        let actor = team.members[writer % team.members.len()].clone();
        let threads = Arc::clone(threads);
        let mut rng = StdRng::seed_from_u64(seed + writer as u64);
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::with_capacity(per_writer);
            for _ in 0..per_writer {
                let thread = threads.choose(&mut rng).cloned().unwrap_or_default();
                let input = NewReply {
                    body: message_body(&mut rng, 15, 50),
                    ..NewReply::default()
                };
                let started = Instant::now();
                app.reply(&actor, &thread, input).await?;
                latencies.push(started.elapsed());
            }
            Ok::<_, BenchError>(latencies)
        }));
    }
    let mut all = Vec::with_capacity(writers * per_writer);
    for task in tasks {
        all.extend(task.await??);
    }
    Ok(all)
}
