//! Setup, login, logout, /me and time off over HTTP.

use reqwest::{Method, StatusCode};
use serde_json::json;
use sundial_store::testing::TestDatabase;

use crate::support::{TestServer, assert_error};

async fn setup_works_once_and_its_token_signs_in(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let ana = s.setup().await;
    let (status, me) = s.get("/api/v1/me", &ana.token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["role"], "owner");
    assert_eq!(me["local_time"], "2026-03-09T10:00");
    assert_eq!(me["working_now"], true);
    assert_eq!(me["working_hours"]["mon"], json!([["09:00", "17:00"]]));
    let again = s
        .call(Method::POST, "/api/v1/setup", None, Some(json!({
            "workspace_name": "B", "name": "B", "email": "b@b.test", "password": "correct horse battery", "time_zone": "UTC",
        })))
        .await;
    assert_error(&again, StatusCode::CONFLICT, "conflict", None);
}

async fn setup_names_the_bad_field(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let body = |zone: &str| json!({"workspace_name": "A", "name": "A", "email": "a@a.test", "password": "correct horse battery", "time_zone": zone});
    let bad_zone = s
        .call(Method::POST, "/api/v1/setup", None, Some(body("Mars/Base")))
        .await;
    assert_error(
        &bad_zone,
        StatusCode::BAD_REQUEST,
        "invalid_input",
        Some("time_zone"),
    );
    let wrong_type = s
        .call(
            Method::POST,
            "/api/v1/setup",
            None,
            Some(json!({"workspace_name": 5})),
        )
        .await;
    assert_error(
        &wrong_type,
        StatusCode::BAD_REQUEST,
        "invalid_input",
        Some("workspace_name"),
    );
    let missing = s
        .call(
            Method::POST,
            "/api/v1/setup",
            None,
            Some(json!({"workspace_name": "A"})),
        )
        .await;
    assert_error(&missing, StatusCode::BAD_REQUEST, "invalid_input", None);
    let malformed = s
        .client
        .post(format!("{}/api/v1/setup", s.base))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), StatusCode::BAD_REQUEST);
    let huge = s
        .client
        .post(format!("{}/api/v1/setup", s.base))
        .header("content-type", "application/json")
        .body(format!(
            "{{\"workspace_name\": \"{}\"}}",
            "x".repeat(300 * 1024)
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(huge.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        huge.json::<serde_json::Value>().await.unwrap()["error"]["code"],
        "too_large"
    );
    // Nothing was created by any of that.
    s.setup().await;
}

async fn login_answers_alike_for_wrong_password_and_unknown_email_then_throttles(db: TestDatabase) {
    let s = TestServer::start(db).await;
    s.setup().await;
    let login = |email: &str, password: &str| {
        s.call(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({"email": email, "password": password})),
        )
    };
    let wrong = login("ana@acme.test", "nope nope nope").await;
    let unknown = login("who@acme.test", "nope nope nope").await;
    assert_error(&wrong, StatusCode::UNAUTHORIZED, "unauthenticated", None);
    assert_eq!(
        wrong.1, unknown.1,
        "the two failures must be indistinguishable"
    );
    for _ in 0..9 {
        login("ana@acme.test", "nope nope nope").await;
    }
    let throttled = s
        .client
        .post(format!("{}/api/v1/auth/login", s.base))
        .json(&json!({"email": "ana@acme.test", "password": "correct horse battery"}))
        .send()
        .await
        .unwrap();
    assert_eq!(throttled.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(throttled.headers().get("retry-after").is_some());
}

async fn logout_revokes_the_token_and_a_missing_token_is_401(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let ana = s.setup().await;
    let session = s.login("ana@acme.test").await;
    assert_eq!(
        s.call(
            Method::POST,
            "/api/v1/auth/logout",
            Some(&session.token),
            None
        )
        .await
        .0,
        StatusCode::NO_CONTENT
    );
    assert_error(
        &s.get("/api/v1/me", &session.token).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
        None,
    );
    assert_error(
        &s.call(Method::GET, "/api/v1/me", None, None).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
        None,
    );
    assert_eq!(
        s.get("/api/v1/me", &ana.token).await.0,
        StatusCode::OK,
        "other tokens live on"
    );
}

async fn patching_me_changes_hours_zone_and_status(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let ana = s.setup().await;
    let (status, me) = s
        .patch("/api/v1/me", &ana.token, json!({
            "time_zone": "Asia/Tokyo",
            "working_hours": {"mon": [["09:00", "12:00"], ["13:00", "17:00"]], "tue": [["09:00", "17:00"]]},
            "status": {"mode": "focus", "text": "Deep work", "until": "2026-03-09T16:00:00Z"},
        }))
        .await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["time_zone"], "Asia/Tokyo");
    assert_eq!(
        me["working_hours"]["mon"],
        json!([["09:00", "12:00"], ["13:00", "17:00"]])
    );
    assert_eq!(me["working_hours"]["wed"], json!([]));
    assert_eq!(me["status"]["mode"], "focus");
    assert_eq!(me["next_working_start"], "2026-03-10T00:00:00Z");
    let overlap = s
        .patch(
            "/api/v1/me",
            &ana.token,
            json!({"working_hours": {"mon": [["09:00", "12:00"], ["11:00", "13:00"]]}}),
        )
        .await;
    assert_error(&overlap, StatusCode::BAD_REQUEST, "invalid_input", None);
    let bad_mode = s
        .patch(
            "/api/v1/me",
            &ana.token,
            json!({"status": {"mode": "sleeping"}}),
        )
        .await;
    assert_error(
        &bad_mode,
        StatusCode::BAD_REQUEST,
        "invalid_input",
        Some("status.mode"),
    );
    let unknown = s
        .patch("/api/v1/me", &ana.token, json!({"nickname": "x"}))
        .await;
    assert_error(&unknown, StatusCode::BAD_REQUEST, "invalid_input", None);
    let time_off = s
        .post(
            "/api/v1/me/time-off",
            &ana.token,
            json!({"start_date": "2026-03-10", "end_date": "2026-03-11", "note": "Dentist"}),
        )
        .await;
    assert_eq!(time_off.0, StatusCode::CREATED, "{}", time_off.1);
    // Tuesday and Wednesday off; Monday and Tuesday are the only working days: next Monday.
    assert_eq!(time_off.1["next_working_start"], "2026-03-16T00:00:00Z");
}

sundial_store::backend_tests!(
    setup_works_once_and_its_token_signs_in,
    setup_names_the_bad_field,
    login_answers_alike_for_wrong_password_and_unknown_email_then_throttles,
    logout_revokes_the_token_and_a_missing_token_is_401,
    patching_me_changes_hours_zone_and_status,
);
