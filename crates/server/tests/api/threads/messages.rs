//! Inside a thread over HTTP: replies (which answer the replier's asks), edits with their
//! history, reactions, resolving, reopening and read markers.

use jiff::SignedDuration;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sundial_store::testing::TestDatabase;

use crate::support::{MONDAY_14Z, TestServer, assert_error, len, obligation, text};

async fn a_reply_by_the_recipient_marks_his_reply_obligation_done(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let t = s.team().await;
    let ask = json!({"kind": "reply", "to": [t.kenji.id, t.bo.id], "urgency": "normal"});
    let thread = s.start_thread(&t.ana, &t.general, "Venue", ask).await;
    let (thread_id, request_id) = (text(&thread, "/thread/id"), text(&thread, "/requests/0/id"));
    let replies = format!("/api/v1/threads/{thread_id}/messages");
    let (status, posted) = s
        .post(
            &replies,
            &t.kenji.token,
            json!({
                "body": "Tokyo, obviously.",
                "request": {"kind": "ack", "to": [t.ana.id], "urgency": "low"},
            }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{posted}");
    assert_eq!(posted["satisfied_request_ids"], json!([request_id]));
    assert_eq!(posted["thread"]["message_count"], 2);
    // Three working days for Ana in New York, from Monday 10:00 there.
    assert_eq!(
        obligation(&posted["request"], &t.ana.id)["due_at"],
        "2026-03-12T14:00:00Z"
    );
    let (_, detail) = s
        .get(&format!("/api/v1/threads/{thread_id}"), &t.ana.token)
        .await;
    assert_eq!(detail["messages"][1]["id"], posted["message_id"]);
    assert_eq!(detail["messages"][1]["author_id"], t.kenji.id);
    let asked = &detail["requests"][0];
    assert_eq!(obligation(asked, &t.kenji.id)["status"], "done");
    assert_eq!(obligation(asked, &t.bo.id)["status"], "pending");
    assert_eq!(len(&detail["requests"]), 2);

    let empty = s.post(&replies, &t.bo.token, json!({"body": ""})).await;
    assert_error(
        &empty,
        StatusCode::BAD_REQUEST,
        "invalid_input",
        Some("body"),
    );
    let wrong_type = s.post(&replies, &t.bo.token, json!({"body": 42})).await;
    assert_error(
        &wrong_type,
        StatusCode::BAD_REQUEST,
        "invalid_input",
        Some("body"),
    );
    let nudge = s
        .post(
            &replies,
            &t.bo.token,
            json!({
                "body": "Hm", "request": {"kind": "nudge", "to": [t.ana.id], "urgency": "low"},
            }),
        )
        .await;
    assert_error(
        &nudge,
        StatusCode::BAD_REQUEST,
        "invalid_input",
        Some("request.kind"),
    );
    let nowhere = s
        .post(
            "/api/v1/threads/thr_nowhere/messages",
            &t.bo.token,
            json!({"body": "Hi"}),
        )
        .await;
    assert_error(&nowhere, StatusCode::NOT_FOUND, "not_found", None);
    let (_, after) = s
        .get(&format!("/api/v1/threads/{thread_id}"), &t.ana.token)
        .await;
    assert_eq!(
        after["thread"]["message_count"], 2,
        "refused replies write nothing"
    );
}

async fn only_the_author_edits_a_message_and_its_history_stays_readable(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let t = s.team().await;
    let thread = s
        .start_thread(&t.ana, &t.general, "Budget", Value::Null)
        .await;
    let message = format!("/api/v1/messages/{}", text(&thread, "/messages/0/id"));
    let not_author = s
        .patch(&message, &t.kenji.token, json!({"body": "Mine now"}))
        .await;
    assert_error(&not_author, StatusCode::FORBIDDEN, "forbidden", None);
    s.clock.advance(SignedDuration::from_mins(5));
    let (status, edited) = s
        .patch(&message, &t.ana.token, json!({"body": "Budget v2"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{edited}");
    assert_eq!(edited["body"], "Budget v2");
    assert_eq!(edited["edited_at"], "2026-03-09T14:05:00Z");
    assert_eq!(
        edited["edits"],
        json!([{"edited_at": "2026-03-09T14:05:00Z", "previous_body": "About Budget."}])
    );
    let (_, detail) = s
        .get(
            &format!("/api/v1/threads/{}", text(&thread, "/thread/id")),
            &t.kenji.token,
        )
        .await;
    assert_eq!(
        detail["messages"][0], edited,
        "the thread shows the edit and its history"
    );

    let empty = s.patch(&message, &t.ana.token, json!({"body": "  "})).await;
    assert_error(
        &empty,
        StatusCode::BAD_REQUEST,
        "invalid_input",
        Some("body"),
    );
    let wrong_type = s.patch(&message, &t.ana.token, json!({"body": null})).await;
    assert_error(
        &wrong_type,
        StatusCode::BAD_REQUEST,
        "invalid_input",
        Some("body"),
    );
    let nowhere = s
        .patch(
            "/api/v1/messages/msg_nowhere",
            &t.ana.token,
            json!({"body": "x"}),
        )
        .await;
    assert_error(&nowhere, StatusCode::NOT_FOUND, "not_found", None);
}

async fn a_reaction_is_added_once_and_a_retry_answers_the_same(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let t = s.team().await;
    let thread = s
        .start_thread(&t.ana, &t.general, "Ship it", Value::Null)
        .await;
    let reactions = format!(
        "/api/v1/messages/{}/reactions",
        text(&thread, "/messages/0/id")
    );
    let (status, first) = s
        .post(&reactions, &t.kenji.token, json!({"emoji": ":+1:"}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    assert_eq!(
        first,
        json!({"member_id": t.kenji.id, "emoji": "👍", "created_at": MONDAY_14Z})
    );
    s.clock.advance(SignedDuration::from_mins(1));
    let (status, retry) = s
        .post_with_key(
            &reactions,
            &t.kenji.token,
            "react-1",
            json!({"emoji": "👍"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{retry}");
    assert_eq!(retry, first);
    let (status, _) = s
        .post(&reactions, &t.bo.token, json!({"emoji": "👍"}))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, detail) = s
        .get(
            &format!("/api/v1/threads/{}", text(&thread, "/thread/id")),
            &t.ana.token,
        )
        .await;
    assert_eq!(len(&detail["messages"][0]["reactions"]), 2);

    let bad = s
        .post(&reactions, &t.kenji.token, json!({"emoji": "not an emoji"}))
        .await;
    assert_error(
        &bad,
        StatusCode::BAD_REQUEST,
        "invalid_input",
        Some("emoji"),
    );
    let wrong_type = s
        .post(&reactions, &t.kenji.token, json!({"emoji": 1}))
        .await;
    assert_error(
        &wrong_type,
        StatusCode::BAD_REQUEST,
        "invalid_input",
        Some("emoji"),
    );
    let nowhere = s
        .post(
            "/api/v1/messages/msg_nowhere/reactions",
            &t.kenji.token,
            json!({"emoji": "👍"}),
        )
        .await;
    assert_error(&nowhere, StatusCode::NOT_FOUND, "not_found", None);
}

async fn a_thread_is_resolved_reopened_and_read(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let t = s.team().await;
    let thread = s
        .start_thread(&t.ana, &t.general, "Decided", Value::Null)
        .await;
    let path = format!("/api/v1/threads/{}", text(&thread, "/thread/id"));
    s.clock.advance(SignedDuration::from_mins(30));
    let (status, resolved) = s
        .post(&format!("{path}/resolve"), &t.kenji.token, json!({}))
        .await;
    assert_eq!(status, StatusCode::OK, "{resolved}");
    assert_eq!(resolved["status"], "resolved");
    assert_eq!(resolved["resolved_by"], t.kenji.id);
    assert_eq!(resolved["resolved_at"], "2026-03-09T14:30:00Z");
    let (_, again) = s
        .post(&format!("{path}/resolve"), &t.ana.token, json!({}))
        .await;
    assert_eq!(again, resolved, "resolving twice changes nothing");
    assert_eq!(s.get(&path, &t.bo.token).await.1["thread"], resolved);
    let (status, reopened) = s
        .post(&format!("{path}/reopen"), &t.bo.token, json!({}))
        .await;
    assert_eq!(status, StatusCode::OK, "{reopened}");
    assert_eq!(reopened["status"], "open");
    assert_eq!(reopened["resolved_at"], Value::Null);
    assert_eq!(
        s.get(&path, &t.bo.token).await.1["thread"]["status"],
        "open"
    );
    let read = s
        .call(
            Method::POST,
            &format!("{path}/read"),
            Some(&t.bo.token),
            None,
        )
        .await;
    assert_eq!(read, (StatusCode::NO_CONTENT, Value::Null));
    for action in ["resolve", "reopen", "read"] {
        let answer = s
            .post(
                &format!("/api/v1/threads/thr_nowhere/{action}"),
                &t.bo.token,
                json!({}),
            )
            .await;
        assert_error(&answer, StatusCode::NOT_FOUND, "not_found", None);
    }
}

sundial_store::backend_tests!(
    a_reply_by_the_recipient_marks_his_reply_obligation_done,
    only_the_author_edits_a_message_and_its_history_stays_readable,
    a_reaction_is_added_once_and_a_retry_answers_the_same,
    a_thread_is_resolved_reopened_and_read,
);
