//! Notifications, digests and following over HTTP: delivered items only, in the list shape;
//! digests with their sections; read marks; follow and mute; everything someone else's is 404;
//! and the server's own worker delivering, seen live over SSE.

use reqwest::StatusCode;
use serde_json::{Value, json};
use sundial_store::testing::TestDatabase;

use crate::support::{TestServer, assert_error, len, text};

fn ask(to: &str, urgency: &str) -> Value {
    json!({"kind": "review", "to": [to], "urgency": urgency})
}

async fn notifications_and_digests_are_the_members_own(db: TestDatabase) {
    let server = TestServer::start(db).await; // Monday 23:00 in Tokyo
    let team = server.team().await;
    let thread = server
        .start_thread(
            &team.ana,
            &team.general,
            "Budget",
            ask(&team.kenji.id, "normal"),
        )
        .await;
    let thread_id = text(&thread, "/thread/id");

    // Held until Tuesday's 09:30 check in Tokyo: nothing to see before then.
    server.run_jobs().await;
    let (status, page) = server.get("/api/v1/notifications", &team.kenji.token).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(len(&page["items"]), 0);
    server.clock.set("2026-03-10T00:30:00Z".parse().unwrap());
    server.run_jobs().await;

    let (_, page) = server.get("/api/v1/notifications", &team.kenji.token).await;
    assert_eq!(len(&page["items"]), 1);
    assert_eq!(page["next_cursor"], Value::Null);
    let item = &page["items"][0];
    assert_eq!(item["kind"], "ask");
    assert_eq!(item["thread_id"], thread_id.as_str());
    assert_eq!(item["thread_title"], "Budget");
    assert_eq!(item["delivered_at"], "2026-03-10T00:30:00Z");
    assert_eq!(item["due_at"], "2026-03-10T08:00:00Z");
    let (_, inbox) = server.get("/api/v1/inbox", &team.kenji.token).await;
    assert_eq!(inbox["unread_notifications"], 1);

    let (status, digests) = server.get("/api/v1/digests", &team.kenji.token).await;
    assert_eq!(status, StatusCode::OK, "{digests}");
    assert_eq!(len(&digests["items"]), 1);
    let digest_id = text(&digests, "/items/0/id");
    let (status, digest) = server
        .get(&format!("/api/v1/digests/{digest_id}"), &team.kenji.token)
        .await;
    assert_eq!(status, StatusCode::OK, "{digest}");
    assert_eq!(digest["delivered_at"], "2026-03-10T00:30:00Z");
    assert_eq!(digest["sections"]["new_asks"][0]["thread_title"], "Budget");
    assert_eq!(len(&digest["sections"]["mentions"]), 0);

    // Someone else's notification or digest does not exist for them.
    let id = text(&page, "/items/0/id");
    let theirs = server
        .get(&format!("/api/v1/digests/{digest_id}"), &team.bo.token)
        .await;
    assert_error(&theirs, StatusCode::NOT_FOUND, "not_found", None);
    let theirs = server
        .post(
            &format!("/api/v1/notifications/{id}/read"),
            &team.bo.token,
            json!({}),
        )
        .await;
    assert_error(&theirs, StatusCode::NOT_FOUND, "not_found", None);

    let (status, _) = server
        .post(
            &format!("/api/v1/notifications/{id}/read"),
            &team.kenji.token,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, inbox) = server.get("/api/v1/inbox", &team.kenji.token).await;
    assert_eq!(inbox["unread_notifications"], 0);
    let (_, unread) = server
        .get("/api/v1/notifications?unread=true", &team.kenji.token)
        .await;
    assert_eq!(len(&unread["items"]), 0);
    let (status, marked) = server
        .post("/api/v1/notifications/read", &team.kenji.token, json!({}))
        .await;
    assert_eq!(status, StatusCode::OK, "{marked}");
    assert_eq!(marked["marked"], 0);
}

async fn bad_paging_is_refused_naming_the_field(db: TestDatabase) {
    let server = TestServer::start(db).await;
    let team = server.team().await;
    let token = &team.kenji.token;
    let answer = server.get("/api/v1/notifications?limit=0", token).await;
    assert_error(
        &answer,
        StatusCode::BAD_REQUEST,
        "invalid_input",
        Some("limit"),
    );
    let answer = server.get("/api/v1/notifications?cursor=nope", token).await;
    assert_error(
        &answer,
        StatusCode::BAD_REQUEST,
        "invalid_input",
        Some("cursor"),
    );
    let answer = server.get("/api/v1/digests?limit=500", token).await;
    assert_error(
        &answer,
        StatusCode::BAD_REQUEST,
        "invalid_input",
        Some("limit"),
    );
    let answer = server.get("/api/v1/notifications", "not-a-token").await;
    assert_error(&answer, StatusCode::UNAUTHORIZED, "unauthenticated", None);
}

async fn following_and_muting_a_thread(db: TestDatabase) {
    let server = TestServer::start(db).await;
    let team = server.team().await;
    let thread = server
        .start_thread(&team.ana, &team.general, "Plans", Value::Null)
        .await;
    let path = format!("/api/v1/threads/{}", text(&thread, "/thread/id"));
    let token = &team.bo.token;
    let (status, state) = server.get(&format!("{path}/follow"), token).await;
    assert_eq!(status, StatusCode::OK, "{state}");
    assert_eq!(state, json!({"following": false, "muted": false}));
    let (_, state) = server
        .put(&format!("{path}/follow"), token, json!({}))
        .await;
    assert_eq!(state, json!({"following": true, "muted": false}));
    let (_, state) = server.put(&format!("{path}/mute"), token, json!({})).await;
    assert_eq!(state, json!({"following": true, "muted": true}));
    let (_, state) = server.delete(&format!("{path}/mute"), token).await;
    assert_eq!(state, json!({"following": true, "muted": false}));
    let (_, state) = server.delete(&format!("{path}/follow"), token).await;
    assert_eq!(state, json!({"following": false, "muted": false}));

    // A private thread the caller cannot see does not exist for them.
    let secret = server
        .create_channel(&team.ana, "secret", true, &[&team.kenji])
        .await;
    let hidden = server
        .start_thread(&team.ana, &secret, "Reorg", Value::Null)
        .await;
    let hidden = format!("/api/v1/threads/{}", text(&hidden, "/thread/id"));
    let answer = server
        .put(&format!("{hidden}/follow"), token, json!({}))
        .await;
    assert_error(&answer, StatusCode::NOT_FOUND, "not_found", None);
    let answer = server
        .put(&format!("{hidden}/mute"), token, json!({}))
        .await;
    assert_error(&answer, StatusCode::NOT_FOUND, "not_found", None);
}

async fn the_servers_worker_delivers_and_the_member_sees_it_live(db: TestDatabase) {
    let server = TestServer::start(db).await; // Monday 23:00 in Tokyo: off hours
    let team = server.team().await;
    let (status, me) = server
        .patch(
            "/api/v1/me",
            &team.kenji.token,
            json!({"urgent_off_hours": true}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{me}");
    let head = server.event_head(&team.kenji).await;
    let mut kenji_events = server.open_events(&team.kenji, Some(head)).await;
    // Urgent, opted in off hours: due for delivery now. Nobody drains by hand: the worker,
    // woken by the commit, does.
    server
        .start_thread(
            &team.ana,
            &team.general,
            "Outage",
            ask(&team.kenji.id, "urgent"),
        )
        .await;
    let seen = kenji_events.until(|e| e.event == "digest.delivered").await;
    let delivered: Vec<&Value> = seen
        .iter()
        .filter(|e| e.event == "notification.delivered")
        .map(|e| &e.data["data"])
        .collect();
    assert_eq!(delivered.len(), 1);
    assert_eq!(delivered[0]["kind"], "ask");
    let (_, inbox) = server.get("/api/v1/inbox", &team.kenji.token).await;
    assert_eq!(inbox["unread_notifications"], 1);
    // Ana's stream never carries Kenji's deliveries: read it past a later event.
    server
        .start_thread(&team.ana, &team.general, "After", Value::Null)
        .await;
    let mut ana_events = server.open_events(&team.ana, Some(head)).await;
    let theirs = ana_events
        .until(|e| e.event == "thread.created" && e.data["data"]["title"] == "After")
        .await;
    assert!(theirs.iter().all(|e| !e.event.ends_with(".delivered")));
}

sundial_store::backend_tests!(
    notifications_and_digests_are_the_members_own,
    bad_paging_is_refused_naming_the_field,
    following_and_muting_a_thread,
    the_servers_worker_delivers_and_the_member_sees_it_live,
);
