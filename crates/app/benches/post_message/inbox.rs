//! The inbox scenario: one member with 500 open obligations in a workspace of (by default) a
//! million messages; time `App::inbox` (the first page of each list, as a client opens its
//! inbox) for that member, one call after another.

use std::time::Instant;

use sundial_app::inbox::{InboxPaging, MAX_LIMIT};
use sundial_app::{Actor, App};
use sundial_store::{Dialect, Store};

use crate::report::{Latencies, Row, Target, load_average};
use crate::{BenchResult, bulk, fixture, open_asks};

/// Members of the workspace: enough that one member follows a realistic share of threads.
const MEMBERS: usize = 100;
const CHANNELS: usize = 10;
/// The inbox's member (not the owner).
const ME: usize = 1;
/// Open asks made of the member, and made by them of others.
const OPEN_OF_ME: usize = 500;
const OPEN_BY_ME: usize = 100;
/// Untimed calls first, so the timed ones start with warm caches as a running server's would.
const WARM_UP_CALLS: usize = 20;

/// Runs the scenario and returns its figures.
pub async fn run(store: Store, messages: usize, calls: usize) -> BenchResult<Vec<Row>> {
    let postgres = store.dialect() == Dialect::Postgres;
    eprintln!("inbox: setting up {MEMBERS} members…");
    let team = fixture::team(store, MEMBERS, CHANNELS).await?;
    eprintln!("inbox: loading {messages} messages…");
    let (loaded, candidates) = bulk::history(&team, ME, messages).await?;
    open_asks::add(&team, ME, &candidates, (OPEN_OF_ME, OPEN_BY_ME)).await?;
    let load = load_average();
    let scenario = format!("inbox, {} msgs", loaded.messages);
    let mut rows = vec![
        Row::new(
            &scenario,
            "bulk load",
            loaded.elapsed.as_secs_f64(),
            "s",
            &load,
        ),
        Row::new(
            &scenario,
            "bulk load rate",
            loaded.messages as f64 / loaded.elapsed.as_secs_f64(),
            "msg/s",
            &load,
        ),
    ];
    eprintln!(
        "inbox: loaded {} messages in {} threads with {} answered asks in {:.1?}",
        loaded.messages, loaded.threads, loaded.asks, loaded.elapsed
    );

    let me = &team.members[ME];
    for _ in 0..WARM_UP_CALLS {
        team.app.inbox(me).await?;
    }
    let inbox = team.app.inbox(me).await?;
    eprintln!(
        "inbox: first page: needs_me {}, waiting_on {}, unread {}",
        inbox.needs_me.len(),
        inbox.waiting_on.len(),
        inbox.unread.len()
    );
    let open = count_needs_me(&team.app, me).await?;
    if open != OPEN_OF_ME {
        return Err(format!(
            "expected {OPEN_OF_ME} open obligations in the inbox's pages, found {open}"
        )
        .into());
    }
    let mut latencies = Vec::with_capacity(calls);
    for _ in 0..calls {
        let started = Instant::now();
        let inbox = team.app.inbox(me).await?;
        latencies.push(started.elapsed());
        std::hint::black_box(inbox);
    }
    let load = load_average();
    let target = (!postgres).then_some(Target::AtMost(5_000.0));
    let scenario = format!(
        "{scenario}, first page: {} needs me / {} waiting / {} unread",
        inbox.needs_me.len(),
        inbox.waiting_on.len(),
        inbox.unread.len()
    );
    rows.extend(Latencies::new(latencies).rows(&scenario, "inbox latency", &load, target));
    Ok(rows)
}

/// How many entries `needs_me` holds in all, paging through it with its cursor as a client
/// would.
async fn count_needs_me(app: &App, me: &Actor) -> BenchResult<usize> {
    let mut paging = InboxPaging {
        limit: Some(MAX_LIMIT),
        ..InboxPaging::default()
    };
    let mut count = 0;
    loop {
        let page = app.inbox_page(me, &paging).await?;
        count += page.needs_me.len();
        match page.needs_me_next_cursor {
            Some(cursor) => paging.needs_me_cursor = Some(cursor),
            None => return Ok(count),
        }
    }
}
