//! What operators watch: `/healthz`, `/metrics` (requests by route template, the job and event
//! gauges), and the error shape of an unknown route.

use reqwest::{Method, StatusCode};
use serde_json::json;
use sundial_store::testing::TestDatabase;

use crate::support::{TestServer, assert_error};

async fn metrics(s: &TestServer) -> String {
    let response = s
        .client
        .get(format!("{}/metrics", s.base))
        .send()
        .await
        .expect("the server answers");
    assert_eq!(response.status(), StatusCode::OK);
    response.text().await.expect("a text body")
}

/// The value of the sample whose name and labels are exactly `series`.
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .filter_map(|line| line.rsplit_once(' '))
        .find(|(name, _)| *name == series)
        .and_then(|(_, value)| value.parse().ok())
}

async fn healthz_answers_ok_once_the_database_does(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let answer = s.call(Method::GET, "/healthz", None, None).await;
    assert_eq!(answer, (StatusCode::OK, json!({"status": "ok"})));
}

async fn metrics_count_requests_by_route_template_and_show_the_queue_gauges(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let team = s.team().await;
    for _ in 0..3 {
        assert_eq!(s.get("/api/v1/me", &team.ana.token).await.0, StatusCode::OK);
    }
    let channel = format!("/api/v1/channels/{}", team.general);
    assert_eq!(s.get(&channel, &team.bo.token).await.0, StatusCode::OK);
    assert_eq!(s.get(&channel, &team.kenji.token).await.0, StatusCode::OK);
    let missing = s.get("/api/v1/channels/nope", &team.bo.token).await;
    assert_eq!(missing.0, StatusCode::NOT_FOUND);

    let before = metrics(&s).await;
    let me = r#"sundial_http_requests_total{method="GET",route="/api/v1/me",status="200"}"#;
    assert_eq!(sample(&before, me), Some(3.0), "{before}");
    let one_channel =
        r#"sundial_http_requests_total{method="GET",route="/api/v1/channels/{id}",status="200"}"#;
    assert_eq!(sample(&before, one_channel), Some(2.0), "{before}");
    let not_found =
        r#"sundial_http_requests_total{method="GET",route="/api/v1/channels/{id}",status="404"}"#;
    assert_eq!(sample(&before, not_found), Some(1.0), "{before}");
    assert!(!before.contains(&team.general), "ids never become labels");
    assert!(before.contains("# TYPE sundial_http_request_duration_seconds histogram"));

    assert!(
        before.contains("# TYPE sundial_jobs_pending gauge"),
        "{before}"
    );
    assert!(
        sample(&before, "sundial_jobs_pending").is_some(),
        "{before}"
    );
    assert!(before.contains("# TYPE sundial_events gauge"), "{before}");
    let events = sample(&before, "sundial_events").expect("the events gauge");
    assert_eq!(
        events,
        s.event_head(&team.ana).await as f64,
        "one workspace: count = head"
    );
    assert!(
        before.trim_end().ends_with("# EOF"),
        "OpenMetrics ends with # EOF"
    );

    // A new thread appends two events (thread.created, message.posted).
    s.thread_with_body(&team.ana, &team.general, "Metrics", "Counting.")
        .await;
    let after = metrics(&s).await;
    assert_eq!(
        sample(&after, "sundial_events"),
        Some(events + 2.0),
        "{after}"
    );
}

async fn an_unknown_route_is_404_in_the_error_shape(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let answer = s
        .call(Method::GET, "/api/v1/nothing-here", None, None)
        .await;
    assert_error(&answer, StatusCode::NOT_FOUND, "not_found", None);
    let outside = s.call(Method::GET, "/wp-login.php", None, None).await;
    assert_error(&outside, StatusCode::NOT_FOUND, "not_found", None);
}

async fn a_badly_encoded_id_is_400_and_an_unknown_one_404_in_the_error_shape(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let ana = s.setup().await;
    let bad = s.get("/api/v1/threads/%FF%FE", &ana.token).await;
    assert_error(&bad, StatusCode::BAD_REQUEST, "invalid_input", Some("path"));
    let unknown = s.get("/api/v1/threads/no-such-thread", &ana.token).await;
    assert_error(&unknown, StatusCode::NOT_FOUND, "not_found", None);
}

sundial_store::backend_tests!(
    a_badly_encoded_id_is_400_and_an_unknown_one_404_in_the_error_shape,
    healthz_answers_ok_once_the_database_does,
    metrics_count_requests_by_route_template_and_show_the_queue_gauges,
    an_unknown_route_is_404_in_the_error_shape,
);
