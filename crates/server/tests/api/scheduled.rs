//! Scheduled messages over HTTP: `send_at` / `send_at_recipient_day_start` on thread and reply
//! creation answer 202, the author lists, edits and cancels, everyone else gets 404, and the
//! publish job posts the message at its time.

use reqwest::{Method, StatusCode};
use serde_json::json;
use sundial_app::scheduled::PublishOutcome;
use sundial_store::testing::TestDatabase;

use crate::support::{TestServer, assert_error, len, text};

async fn a_thread_scheduled_over_http_is_listed_edited_and_posted_at_its_time(db: TestDatabase) {
    // No background worker: the test publishes at its moment and checks that one run's result.
    let s = TestServer::start_with(db, |app| app).await;
    let t = s.team().await;
    let create = format!("/api/v1/channels/{}/threads", t.general);
    let (status, scheduled) = s
        .post(
            &create,
            &t.ana.token,
            json!({"title": "Later", "body": "Not yet.", "send_at": "2026-03-10T14:00:00Z",
                   "request": {"kind": "ack", "to": [t.bo.id], "urgency": "low"}}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{scheduled}");
    assert_eq!(scheduled["state"], "pending");
    assert_eq!(scheduled["channel_id"], t.general);
    let id = text(&scheduled, "/id");
    let item = format!("/api/v1/scheduled/{id}");
    let (_, threads) = s.get(&create, &t.bo.token).await;
    assert_eq!(
        len(&threads["items"]),
        0,
        "nothing is visible before send_at"
    );
    let (_, mine) = s.get("/api/v1/scheduled", &t.ana.token).await;
    assert_eq!(mine["items"][0]["id"], id.as_str());
    assert_eq!(mine["next_cursor"], serde_json::Value::Null);

    let (status, edited) = s
        .patch(
            &item,
            &t.ana.token,
            json!({"body": "Now.", "request": null, "send_at": "2026-03-10T15:00:00Z"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{edited}");
    assert_eq!(
        (&edited["body"], &edited["request"], &edited["send_at"]),
        (&json!("Now."), &json!(null), &json!("2026-03-10T15:00:00Z"))
    );

    s.clock.set("2026-03-10T15:00:00Z".parse().unwrap());
    let outcome = s.app.publish_scheduled(&id).await.unwrap();
    let PublishOutcome::Sent { thread_id, .. } = outcome else {
        panic!("expected a post, got {outcome:?}");
    };
    let (_, detail) = s
        .get(&format!("/api/v1/threads/{thread_id}"), &t.bo.token)
        .await;
    assert_eq!(detail["messages"][0]["body"], "Now.");
    assert_eq!(len(&detail["requests"]), 0);
    let (_, sent) = s.get(&item, &t.ana.token).await;
    assert_eq!(sent["state"], "sent");
    assert_eq!(sent["sent_thread_id"], thread_id.as_str());
    let late = s
        .call(Method::DELETE, &item, Some(&t.ana.token), None)
        .await;
    assert_error(&late, StatusCode::CONFLICT, "conflict", Some("state"));
}

async fn a_reply_can_wait_for_the_start_of_the_recipients_day(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let t = s.team().await;
    let thread = s
        .start_thread(&t.ana, &t.general, "Topic", json!(null))
        .await;
    let replies = format!("/api/v1/threads/{}/messages", text(&thread, "/thread/id"));
    let (status, scheduled) = s
        .post(
            &replies,
            &t.ana.token,
            json!({"body": "Morning!", "send_at_recipient_day_start": true,
                   "request": {"kind": "reply", "to": [t.kenji.id], "urgency": "normal"}}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{scheduled}");
    // Monday 23:00 in Tokyo: Tuesday 09:00 JST.
    assert_eq!(scheduled["send_at"], "2026-03-10T00:00:00Z");
    let id = text(&scheduled, "/id");
    let (status, cancelled) = s
        .call(
            Method::DELETE,
            &format!("/api/v1/scheduled/{id}"),
            Some(&t.ana.token),
            None,
        )
        .await;
    assert_eq!(
        (status, &cancelled["state"]),
        (StatusCode::OK, &json!("cancelled"))
    );
}

async fn bad_scheduling_input_names_its_field(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let t = s.team().await;
    let create = format!("/api/v1/channels/{}/threads", t.general);
    let base = json!({"title": "T", "body": "B"});
    let cases = [
        (json!({"send_at": "2026-03-09T13:00:00Z"}), "send_at"),
        (json!({"send_at": "tomorrow"}), "send_at"),
        (
            json!({"send_at": "2026-03-10T14:00:00Z", "send_at_recipient_day_start": true}),
            "send_at_recipient_day_start",
        ),
        (
            json!({"send_at_recipient_day_start": true}),
            "send_at_recipient_day_start",
        ),
    ];
    for (extra, field) in cases {
        let body = crate::support::merged(base.clone(), extra);
        let answer = s.post(&create, &t.ana.token, body).await;
        assert_error(
            &answer,
            StatusCode::BAD_REQUEST,
            "invalid_input",
            Some(field),
        );
    }
    let (_, mine) = s.get("/api/v1/scheduled", &t.ana.token).await;
    assert_eq!(len(&mine["items"]), 0);
}

async fn another_member_gets_404_for_a_scheduled_message(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let t = s.team().await;
    let create = format!("/api/v1/channels/{}/threads", t.general);
    let (_, scheduled) = s
        .post(
            &create,
            &t.ana.token,
            json!({"title": "Mine", "body": "B", "send_at": "2026-03-10T14:00:00Z"}),
        )
        .await;
    let item = format!("/api/v1/scheduled/{}", text(&scheduled, "/id"));
    let kenji = Some(t.kenji.token.as_str());
    for (method, body) in [
        (Method::GET, None),
        (Method::PATCH, Some(json!({"body": "hijacked"}))),
        (Method::DELETE, None),
    ] {
        let answer = s.call(method, &item, kenji, body).await;
        assert_error(&answer, StatusCode::NOT_FOUND, "not_found", None);
    }
    let (_, his) = s.get("/api/v1/scheduled", &t.kenji.token).await;
    assert_eq!(len(&his["items"]), 0);
    let (_, still) = s.get(&item, &t.ana.token).await;
    assert_eq!(
        (&still["body"], &still["state"]),
        (&json!("B"), &json!("pending"))
    );
}

sundial_store::backend_tests!(
    a_thread_scheduled_over_http_is_listed_edited_and_posted_at_its_time,
    a_reply_can_wait_for_the_start_of_the_recipients_day,
    bad_scheduling_input_names_its_field,
    another_member_gets_404_for_a_scheduled_message,
);
