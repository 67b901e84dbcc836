//! `sundial bench` against a server the test starts on each backend: every scenario briefly,
//! with its figures checked in the JSON it writes; and the ways it must fail fast and clearly.

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use sundial_store::backend_tests;
use sundial_store::testing::TestDatabase;

use crate::support::{database_flags, shown, sundial};

/// A `sundial serve --demo` child, stopped with SIGTERM when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(db: &TestDatabase) -> Self {
        let mut child = sundial()
            .args(["serve", "--demo", "--listen", "127.0.0.1:0"])
            .args(database_flags(db))
            .stdout(Stdio::piped())
            .spawn()
            .expect("starting sundial serve --demo");
        let stdout = child.stdout.take().expect("the server's stdout");
        let mut lines = BufReader::new(stdout).lines();
        let url = loop {
            let line = lines
                .next()
                .expect("the server printed its address before exiting")
                .expect("reading the server's stdout");
            if let Some(rest) = line.strip_prefix("Sundial is running at ") {
                break rest.trim_end_matches('/').to_owned();
            }
        };
        Self { child, url }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = std::process::Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

/// Runs `sundial bench <args…>` against `server`, expecting success; answers its JSON report.
fn bench(server: &Server, args: &[&str]) -> Value {
    let dir = tempfile::tempdir().expect("a temp dir");
    let json = dir.path().join("report.json");
    let output = sundial()
        .arg("bench")
        .args(args)
        .args(["--url", &server.url, "--duration", "20", "--json"])
        .arg(&json)
        .output()
        .expect("running sundial bench");
    assert!(output.status.success(), "{args:?}: {}", shown(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    for line in ["throughput", "latency", "errors      0", "peak RSS"] {
        assert!(stdout.contains(line), "{args:?} prints {line:?}: {stdout}");
    }
    let text = std::fs::read_to_string(&json).expect("the JSON report");
    serde_json::from_str(&text).expect("a JSON report")
}

fn number(report: &Value, pointer: &str) -> f64 {
    report
        .pointer(pointer)
        .and_then(Value::as_f64)
        .unwrap_or_else(|| panic!("no number at {pointer}: {report}"))
}

async fn every_scenario_runs_briefly_against_a_seeded_server(db: TestDatabase) {
    let server = Server::start(&db);
    let post = bench(
        &server,
        &["post", "--requests", "200", "--concurrency", "8"],
    );
    assert_eq!(number(&post, "/completed"), 200.0);
    assert_eq!(number(&post, "/errors"), 0.0);
    assert!(number(&post, "/throughput_per_second") > 0.0);
    assert!(number(&post, "/latency/p99_ms") >= number(&post, "/latency/p50_ms"));
    assert!(
        number(&post, "/server_peak_rss_kib") > 0.0,
        "found the server by its port"
    );
    assert!(
        post.pointer("/latency_by_kind/ask").is_some(),
        "some replies ask: {post}"
    );

    let read = bench(
        &server,
        &["read", "--requests", "200", "--concurrency", "8"],
    );
    assert_eq!(number(&read, "/completed"), 200.0);
    for kind in ["inbox", "thread", "threads", "search"] {
        assert!(number(&read, &format!("/latency_by_kind/{kind}/max_ms")) > 0.0);
    }

    let fanout = bench(&server, &["fanout", "--clients", "20", "--posts", "10"]);
    assert_eq!(number(&fanout, "/completed"), 10.0);
    assert_eq!(number(&fanout, "/details/clients"), 20.0);

    let reconnect = bench(&server, &["reconnect", "--clients", "10", "--posts", "20"]);
    assert_eq!(number(&reconnect, "/details/clients_clean"), 10.0);
    assert_eq!(number(&reconnect, "/details/events_missed"), 0.0);
    assert_eq!(number(&reconnect, "/details/events_repeated"), 0.0);
    assert!(number(&reconnect, "/details/events_in_run") >= 20.0);
    assert!(
        number(&reconnect, "/completed") > 0.0,
        "streams were resumed"
    );

    let wrong = sundial()
        .args([
            "bench",
            "read",
            "--url",
            &server.url,
            "--password",
            "not-the-password",
        ])
        .output()
        .expect("running sundial bench");
    assert_eq!(wrong.status.code(), Some(1), "{}", shown(&wrong));
    let stderr = String::from_utf8_lossy(&wrong.stderr);
    assert!(
        stderr.contains("401"),
        "a server answering errors is named: {stderr}"
    );
}

backend_tests!(every_scenario_runs_briefly_against_a_seeded_server);

#[test]
fn an_unreachable_server_fails_within_seconds() {
    // Bind and drop a listener: the port is then (almost certainly) closed.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let started = Instant::now();
    let output = sundial()
        .args([
            "bench",
            "post",
            "--url",
            &format!("http://127.0.0.1:{port}"),
        ])
        .output()
        .expect("running sundial bench");
    assert_eq!(output.status.code(), Some(1), "{}", shown(&output));
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot reach a Sundial server"), "{stderr}");
}

#[test]
fn out_of_range_and_malformed_flags_exit_with_2() {
    for args in [
        &["bench", "post", "--concurrency", "0"][..],
        &["bench", "read", "--duration", "0"],
        &["bench", "fanout", "--clients", "20000"],
        &["bench", "reconnect", "--posts", "0"],
        &["bench", "post", "--url", "not a url"],
        &["bench", "sideways"],
    ] {
        let output = sundial()
            .args(args)
            .output()
            .expect("running sundial bench");
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            shown(&output)
        );
    }
}
