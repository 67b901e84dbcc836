//! The inbox scenario: one member with 500 open obligations in a workspace of (by default) a
//! million messages, made over the API and then bulk-loaded through the store; time
//! `GET /api/v1/inbox` for that member, one call after another and then from many clients.

use std::sync::Arc;
use std::time::Instant;

use reqwest::{Method, StatusCode};
use sundial_app::App;
use sundial_core::SystemClock;

use crate::bulk::{self, Ids};
use crate::load;
use crate::report::{Latencies, Row, Target, load_average};
use crate::server::Server;
use crate::{BenchResult, Options, open_asks};

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
/// Calls timed without HTTP, to tell the app's share of the latency from the server's.
const IN_PROCESS_CALLS: usize = 500;

/// Runs the scenario and returns its figures.
pub async fn run(server: &Server, options: &Options) -> BenchResult<Vec<Row>> {
    let api = &server.api;
    eprintln!("inbox: setting up {MEMBERS} members over the API…");
    let team = api.team(MEMBERS, CHANNELS, |i| i == ME).await?;
    let ids = Ids {
        workspace: team.workspace_id.clone(),
        members: team.members.iter().map(|m| m.id.clone()).collect(),
        channels: team.channels.clone(),
    };
    eprintln!("inbox: loading {} messages…", options.inbox_messages);
    let (loaded, candidates) =
        bulk::history(&server.store, &ids, ME, options.inbox_messages).await?;
    open_asks::add(
        &server.store,
        &ids,
        ME,
        &candidates,
        (OPEN_OF_ME, OPEN_BY_ME),
    )
    .await?;
    eprintln!(
        "inbox: loaded {} messages in {} threads with {} answered asks in {:.1?}",
        loaded.messages, loaded.threads, loaded.asks, loaded.elapsed
    );
    let load = load_average();
    let scenario = format!("inbox, {} msgs", loaded.messages);
    let mut rows = vec![Row::new(
        &scenario,
        "bulk load",
        loaded.elapsed.as_secs_f64(),
        "s",
        &load,
    )];

    let token = team.members[ME].token()?.to_owned();
    let mut inbox = serde_json::Value::Null;
    for _ in 0..WARM_UP_CALLS {
        inbox = api
            .call(
                Method::GET,
                "/api/v1/inbox",
                Some(&token),
                None,
                StatusCode::OK,
            )
            .await?;
    }
    let count = |list: &str| inbox[list].as_array().map_or(0, Vec::len);
    let (needs_me, waiting_on, unread) = (count("needs_me"), count("waiting_on"), count("unread"));
    eprintln!("inbox: needs_me {needs_me}, waiting_on {waiting_on}, unread {unread}");
    if needs_me != OPEN_OF_ME {
        return Err(format!(
            "expected {OPEN_OF_ME} open obligations in the inbox, found {needs_me}"
        )
        .into());
    }
    let scenario =
        format!("{scenario}, {needs_me} needs me / {waiting_on} waiting / {unread} unread");
    let url = Arc::new(api.url("/api/v1/inbox"));

    eprintln!("inbox: {} calls, one after another…", options.inbox_calls);
    let mut latencies = Vec::with_capacity(options.inbox_calls);
    let mut size = 0;
    for _ in 0..options.inbox_calls {
        let started = Instant::now();
        let response = api
            .client
            .get(url.as_str())
            .bearer_auth(&token)
            .send()
            .await;
        size = load::finish(response, StatusCode::OK).await?;
        latencies.push(started.elapsed());
    }
    let load = load_average();
    rows.push(Row::new(
        &scenario,
        "inbox response size",
        size as f64 / 1024.0,
        "KiB",
        &load,
    ));
    rows.extend(Latencies::new(latencies).rows(
        &format!("{scenario}, sequential"),
        "inbox latency",
        &load,
        Some(Target::AtMost(10.0)),
    ));

    rows.extend(
        in_process(
            server,
            &token,
            &scenario,
            options.inbox_calls.min(IN_PROCESS_CALLS),
        )
        .await?,
    );

    eprintln!(
        "inbox: {} calls from {} clients…",
        options.inbox_calls, options.clients
    );
    let client = api.client.clone();
    let token = Arc::new(token);
    let outcome = load::run(
        options.clients,
        options.inbox_calls,
        options.limit,
        move |_client, _n| {
            let (client, url, token) = (client.clone(), url.clone(), token.clone());
            async move {
                let response = client
                    .get(url.as_str())
                    .bearer_auth(token.as_str())
                    .send()
                    .await;
                load::finish(response, StatusCode::OK).await.map(drop)
            }
        },
    )
    .await;
    rows.extend(outcome.rows(
        &format!("{scenario}, {} clients", options.clients),
        "inbox",
        None,
        None,
    ));
    Ok(rows)
}

/// The same inbox built by `App::inbox` on the server's store, and encoded as the handler's
/// `Json` does, one call after another: what is left of the HTTP latency is hyper, the
/// middleware, the token lookup and the loopback transfer (client included).
async fn in_process(
    server: &Server,
    token: &str,
    scenario: &str,
    calls: usize,
) -> BenchResult<Vec<Row>> {
    eprintln!("inbox: {calls} calls in process (App::inbox, then serde_json)…");
    let app = App::new(server.store.clone(), Arc::new(SystemClock));
    let actor = app.authenticate(token).await?;
    let (mut building, mut encoding) = (Vec::with_capacity(calls), Vec::with_capacity(calls));
    for _ in 0..calls {
        let started = Instant::now();
        let inbox = app.inbox(&actor).await?;
        let built = Instant::now();
        let json = serde_json::to_vec(&inbox)?;
        encoding.push(built.elapsed());
        building.push(built - started);
        std::hint::black_box(json);
    }
    let load = load_average();
    let scenario = format!("{scenario}, in process");
    let mut rows = Latencies::new(building).rows(&scenario, "App::inbox", &load, None);
    rows.extend(Latencies::new(encoding).rows(&scenario, "JSON encoding", &load, None));
    Ok(rows)
}
