//! Requests over HTTP: recipients acknowledge, complete, decline or promise; the requester
//! waives; the composer previews due times.

use reqwest::StatusCode;
use serde_json::{Value, json};
use sundial_store::testing::TestDatabase;

use crate::support::{Member, Team, TestServer, assert_error, merged, obligation, text};

/// Ana asks Kenji and Bo for a review in `general`; the request's id.
async fn review(s: &TestServer, t: &Team) -> String {
    let ask = json!({"kind": "review", "to": [t.kenji.id, t.bo.id], "urgency": "normal"});
    let thread = s.start_thread(&t.ana, &t.general, "Draft", ask).await;
    text(&thread, "/requests/0/id")
}

/// `who` does `action` to the request; the answer.
async fn act(s: &TestServer, who: &Member, request: &str, action: &str) -> (StatusCode, Value) {
    s.post(
        &format!("/api/v1/requests/{request}/{action}"),
        &who.token,
        json!({}),
    )
    .await
}

/// `member`'s status in a request view.
fn status_of(request: &Value, member: &Member) -> String {
    text(obligation(request, &member.id), "/status")
}

async fn a_recipient_acknowledges_then_completes_and_repeating_is_harmless(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let t = s.team().await;
    let request = review(&s, &t).await;
    let (status, acked) = act(&s, &t.kenji, &request, "ack").await;
    assert_eq!(status, StatusCode::OK, "{acked}");
    assert_eq!(acked["id"], request);
    assert_eq!(status_of(&acked, &t.kenji), "acknowledged");
    assert_eq!(status_of(&acked, &t.bo), "pending");
    assert_eq!(
        act(&s, &t.kenji, &request, "ack").await,
        (StatusCode::OK, acked)
    );
    let (status, done) = act(&s, &t.kenji, &request, "done").await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(status_of(&done, &t.kenji), "done");
    assert_eq!(act(&s, &t.kenji, &request, "done").await.0, StatusCode::OK);
    for action in ["ack", "decline"] {
        let closed = act(&s, &t.kenji, &request, action).await;
        assert_error(&closed, StatusCode::CONFLICT, "conflict", None);
    }
    let (_, thread) = s
        .get(
            &format!("/api/v1/threads/{}", text(&done, "/thread_id")),
            &t.ana.token,
        )
        .await;
    assert_eq!(status_of(&thread["requests"][0], &t.kenji), "done");
}

async fn a_declined_ask_is_closed_for_the_recipient(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let t = s.team().await;
    let request = review(&s, &t).await;
    let (status, declined) = act(&s, &t.bo, &request, "decline").await;
    assert_eq!(status, StatusCode::OK, "{declined}");
    assert_eq!(status_of(&declined, &t.bo), "declined");
    assert_eq!(status_of(&declined, &t.kenji), "pending");
    assert_error(
        &act(&s, &t.bo, &request, "done").await,
        StatusCode::CONFLICT,
        "conflict",
        None,
    );
    let promise = s
        .post(
            &format!("/api/v1/requests/{request}/promise"),
            &t.bo.token,
            json!({"due_at": "2026-03-12T10:00:00Z"}),
        )
        .await;
    assert_error(&promise, StatusCode::CONFLICT, "conflict", None);
}

async fn a_promise_moves_the_due_time_and_must_be_in_the_future(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let t = s.team().await;
    let request = review(&s, &t).await;
    let path = format!("/api/v1/requests/{request}/promise");
    let (status, promised) = s
        .post(
            &path,
            &t.kenji.token,
            json!({"due_at": "2026-03-12T08:00:00Z"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{promised}");
    let kenji = obligation(&promised, &t.kenji.id);
    assert_eq!(
        kenji["status"], "acknowledged",
        "a promise implies having seen it"
    );
    assert_eq!(kenji["due_at"], "2026-03-12T08:00:00Z");
    assert_eq!(kenji["original_due_at"], "2026-03-10T08:00:00Z");
    let cases = [
        (json!({"due_at": "2026-03-09T13:00:00Z"}), Some("due_at")),
        (json!({"due_at": "Thursday"}), Some("due_at")),
        (json!({"due_at": 1_773_000_000}), Some("due_at")),
        (json!({}), None),
        (
            json!({"due_at": "2026-03-12T08:00:00Z", "why": "busy"}),
            None,
        ),
    ];
    for (body, field) in cases {
        let answer = s.post(&path, &t.kenji.token, body).await;
        assert_error(&answer, StatusCode::BAD_REQUEST, "invalid_input", field);
    }
}

async fn only_recipients_answer_and_only_the_requester_waives(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let t = s.team().await;
    let request = review(&s, &t).await;
    for action in ["ack", "done", "decline"] {
        let answer = act(&s, &t.ana, &request, action).await;
        assert_error(&answer, StatusCode::FORBIDDEN, "forbidden", None);
    }
    let not_requester = act(&s, &t.kenji, &request, "waive").await;
    assert_error(&not_requester, StatusCode::FORBIDDEN, "forbidden", None);
    assert_eq!(act(&s, &t.bo, &request, "done").await.0, StatusCode::OK);
    let (status, waived) = act(&s, &t.ana, &request, "waive").await;
    assert_eq!(status, StatusCode::OK, "{waived}");
    assert_eq!(status_of(&waived, &t.kenji), "waived");
    assert_eq!(
        status_of(&waived, &t.bo),
        "done",
        "what was done stays done"
    );
    let late = act(&s, &t.kenji, &request, "done").await;
    assert_error(&late, StatusCode::CONFLICT, "conflict", None);
    for action in ["ack", "done", "decline", "waive"] {
        let answer = act(&s, &t.kenji, "req_nowhere", action).await;
        assert_error(&answer, StatusCode::NOT_FOUND, "not_found", None);
    }
}

async fn a_preview_shows_each_recipients_due_time_and_writes_nothing(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let t = s.team().await;
    let preview = |extra: Value| {
        let body = json!({"channel_id": t.general, "to": [t.kenji.id], "kind": "reply",
                          "urgency": "normal"});
        s.post(
            "/api/v1/requests/preview",
            &t.ana.token,
            merged(body, extra),
        )
    };
    let (status, now) = preview(json!({})).await;
    assert_eq!(status, StatusCode::OK, "{now}");
    assert_eq!(now["items"][0]["member_id"], t.kenji.id);
    assert_eq!(now["items"][0]["due_at"], "2026-03-10T08:00:00Z");
    assert_eq!(now["items"][0]["local_due_at"], "2026-03-10T17:00");
    assert_eq!(now["items"][0]["working_now"], false, "23:00 in Tokyo");
    // Sent Tuesday 10:00 in Tokyo instead: one working day from there.
    let (status, later) = preview(json!({"send_at": "2026-03-10T01:00:00Z"})).await;
    assert_eq!(status, StatusCode::OK, "{later}");
    assert_eq!(later["items"][0]["due_at"], "2026-03-11T01:00:00Z");
    assert_eq!(later["items"][0]["local_due_at"], "2026-03-11T10:00");
    assert_eq!(later["items"][0]["working_now"], true);
    let (_, explicit) = preview(json!({"due_at": "2026-03-09T20:00:00Z"})).await;
    assert_eq!(explicit["items"][0]["local_due_at"], "2026-03-10T05:00");

    let cases = [
        (json!({"kind": "nudge"}), "kind"),
        (json!({"urgency": 3}), "urgency"),
        (json!({"to": [t.ana.id]}), "to[0]"),
        (json!({"send_at": "soon"}), "send_at"),
        (json!({"due_at": "2026-03-09T13:00:00Z"}), "due_at"),
    ];
    for (extra, field) in cases {
        let answer = preview(extra).await;
        assert_error(
            &answer,
            StatusCode::BAD_REQUEST,
            "invalid_input",
            Some(field),
        );
    }
    let nowhere = preview(json!({"channel_id": "chn_nowhere"})).await;
    assert_error(&nowhere, StatusCode::NOT_FOUND, "not_found", None);
    let (_, list) = s
        .get(
            &format!("/api/v1/channels/{}/threads", t.general),
            &t.ana.token,
        )
        .await;
    assert_eq!(list["items"], json!([]), "a preview writes nothing");
}

sundial_store::backend_tests!(
    a_recipient_acknowledges_then_completes_and_repeating_is_harmless,
    a_declined_ask_is_closed_for_the_recipient,
    a_promise_moves_the_due_time_and_must_be_in_the_future,
    only_recipients_answer_and_only_the_requester_waives,
    a_preview_shows_each_recipients_due_time_and_writes_nothing,
);
