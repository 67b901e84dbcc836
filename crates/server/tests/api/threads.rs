//! Threads over HTTP: starting one with an ask (due times across zones), the field named for
//! bad input, retries with `Idempotency-Key`, and listing by activity a page at a time. What
//! happens in a thread afterwards is in `messages`; who may not see it, in `visibility`.

mod messages;
mod visibility;

use jiff::SignedDuration;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sundial_store::testing::TestDatabase;

use crate::support::{MONDAY_14Z, TestServer, assert_error, len, merged, obligation, text};

async fn an_ask_is_due_in_each_recipients_own_working_hours(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let t = s.team().await;
    let path = format!("/api/v1/channels/{}/threads", t.general);
    let (status, created) = s
        .post(
            &path,
            &t.ana.token,
            json!({
                "title": "Q2 plan", "body": "Please read the draft.",
                "request": {"kind": "review", "to": [t.kenji.id, t.bo.id], "urgency": "normal"},
            }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["thread"]["title"], "Q2 plan");
    assert_eq!(created["thread"]["channel_id"], t.general);
    assert_eq!(created["thread"]["status"], "open");
    assert_eq!(created["thread"]["created_at"], MONDAY_14Z);
    assert_eq!(created["messages"][0]["body"], "Please read the draft.");
    assert_eq!(created["messages"][0]["author_id"], t.ana.id);
    let request = &created["requests"][0];
    assert_eq!(request["kind"], "review");
    assert_eq!(request["requester_id"], t.ana.id);
    assert_eq!(request["message_id"], created["messages"][0]["id"]);
    // Monday 23:00 in Tokyo: one working day is all of Tuesday, 09:00–17:00 there.
    assert_eq!(
        *obligation(request, &t.kenji.id),
        json!({"member_id": t.kenji.id, "status": "pending", "due_at": "2026-03-10T08:00:00Z",
               "original_due_at": "2026-03-10T08:00:00Z", "overdue": false})
    );
    // Monday 14:00 in London: three hours today, five tomorrow.
    assert_eq!(
        obligation(request, &t.bo.id)["due_at"],
        "2026-03-10T14:00:00Z"
    );

    let urgent = s
        .start_thread(
            &t.ana,
            &t.general,
            "Outage",
            json!({"kind": "ack", "to": [t.kenji.id], "urgency": "urgent"}),
        )
        .await;
    // Urgent is one wall-clock hour, even at 23:00 in Tokyo.
    let urgent_request = &urgent["requests"][0];
    assert_eq!(
        obligation(urgent_request, &t.kenji.id)["due_at"],
        "2026-03-09T15:00:00Z"
    );

    let thread_id = text(&urgent, "/thread/id");
    let (status, read) = s
        .get(&format!("/api/v1/threads/{thread_id}"), &t.kenji.token)
        .await;
    assert_eq!(status, StatusCode::OK, "{read}");
    assert_eq!(read, urgent, "GET reads what POST answered");
    s.clock.advance(SignedDuration::from_hours(2));
    let (_, later) = s
        .get(&format!("/api/v1/threads/{thread_id}"), &t.kenji.token)
        .await;
    assert_eq!(
        obligation(&later["requests"][0], &t.kenji.id)["overdue"],
        true
    );
}

async fn starting_a_thread_names_the_field_at_fault_and_writes_nothing(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let t = s.team().await;
    let path = format!("/api/v1/channels/{}/threads", t.general);
    let (kenji, ana) = (t.kenji.id.as_str(), t.ana.id.as_str());
    let ask = |extra: Value| {
        let request = json!({"kind": "reply", "to": [kenji], "urgency": "normal"});
        json!({"title": "T", "body": "B", "request": merged(request, extra)})
    };
    let cases = [
        (ask(json!({"kind": "nudge"})), "request.kind"),
        (ask(json!({"urgency": "asap"})), "request.urgency"),
        (ask(json!({"to": kenji})), "request.to"),
        (ask(json!({"to": []})), "request.to"),
        (ask(json!({"to": [ana]})), "request.to[0]"),
        (ask(json!({"to": [kenji, "mem_nobody"]})), "request.to[1]"),
        (ask(json!({"due_at": "tomorrow"})), "request.due_at"),
        (
            ask(json!({"due_at": "2026-03-09T13:00:00Z"})),
            "request.due_at",
        ),
        (json!({"title": 5, "body": "B"}), "title"),
        (json!({"title": "", "body": "B"}), "title"),
        (json!({"title": "T", "body": " \n "}), "body"),
        (json!({"title": "T", "body": ["B"]}), "body"),
    ];
    for (body, field) in cases {
        let answer = s.post(&path, &t.ana.token, body).await;
        assert_error(
            &answer,
            StatusCode::BAD_REQUEST,
            "invalid_input",
            Some(field),
        );
    }
    let unknown = s
        .post(
            &path,
            &t.ana.token,
            json!({"title": "T", "body": "B", "colour": "red"}),
        )
        .await;
    assert_error(&unknown, StatusCode::BAD_REQUEST, "invalid_input", None);
    let missing = s.post(&path, &t.ana.token, json!({"title": "T"})).await;
    assert_error(&missing, StatusCode::BAD_REQUEST, "invalid_input", None);
    let anonymous = s.call(Method::GET, &path, None, None).await;
    assert_error(
        &anonymous,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
        None,
    );
    let (status, list) = s.get(&path, &t.ana.token).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(list, json!({"items": [], "next_cursor": null}));
}

async fn a_retry_with_the_same_idempotency_key_creates_nothing_new(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let t = s.team().await;
    let path = format!("/api/v1/channels/{}/threads", t.general);
    let body = json!({"title": "Launch", "body": "Go?"});
    let (status, first) = s
        .post_with_key(&path, &t.ana.token, "thread-1", body.clone())
        .await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    s.clock.advance(SignedDuration::from_mins(1));
    let (status, retry) = s.post_with_key(&path, &t.ana.token, "thread-1", body).await;
    assert_eq!(status, StatusCode::CREATED, "{retry}");
    assert_eq!(retry, first);
    assert_eq!(len(&s.get(&path, &t.ana.token).await.1["items"]), 1);

    let thread_id = text(&first, "/thread/id");
    let replies = format!("/api/v1/threads/{thread_id}/messages");
    let reply = json!({"body": "Yes"});
    let (status, posted) = s
        .post_with_key(&replies, &t.kenji.token, "reply-1", reply.clone())
        .await;
    assert_eq!(status, StatusCode::CREATED, "{posted}");
    let (status, again) = s
        .post_with_key(&replies, &t.kenji.token, "reply-1", reply.clone())
        .await;
    assert_eq!(status, StatusCode::CREATED, "{again}");
    assert_eq!(again["message_id"], posted["message_id"]);
    // Another member's keys are their own.
    let (_, bo) = s
        .post_with_key(&replies, &t.bo.token, "reply-1", reply.clone())
        .await;
    assert_ne!(bo["message_id"], posted["message_id"]);
    let (_, detail) = s
        .get(&format!("/api/v1/threads/{thread_id}"), &t.ana.token)
        .await;
    assert_eq!(len(&detail["messages"]), 3, "{detail}");
    assert_eq!(detail["thread"]["message_count"], 3);

    let other = s
        .start_thread(&t.ana, &t.general, "Other", Value::Null)
        .await;
    let elsewhere = s
        .post_with_key(
            &format!("/api/v1/threads/{}/messages", text(&other, "/thread/id")),
            &t.kenji.token,
            "reply-1",
            reply.clone(),
        )
        .await;
    assert_error(
        &elsewhere,
        StatusCode::CONFLICT,
        "conflict",
        Some("Idempotency-Key"),
    );
    let bad_key = s
        .post_with_key(&replies, &t.kenji.token, "has space", reply)
        .await;
    assert_error(
        &bad_key,
        StatusCode::BAD_REQUEST,
        "invalid_input",
        Some("Idempotency-Key"),
    );
}

async fn threads_are_listed_by_latest_activity_a_page_at_a_time(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let t = s.team().await;
    let ask = json!({"kind": "review", "to": [t.kenji.id], "urgency": "high"});
    let a = text(
        &s.start_thread(&t.ana, &t.general, "A", ask).await,
        "/thread/id",
    );
    s.clock.advance(SignedDuration::from_mins(1));
    let b = text(
        &s.start_thread(&t.ana, &t.general, "B", Value::Null).await,
        "/thread/id",
    );
    s.clock.advance(SignedDuration::from_mins(1));
    let c = text(
        &s.start_thread(&t.ana, &t.general, "C", Value::Null).await,
        "/thread/id",
    );
    s.clock.advance(SignedDuration::from_mins(1));
    let reply = s
        .post(
            &format!("/api/v1/threads/{a}/messages"),
            &t.bo.token,
            json!({"body": "Bump"}),
        )
        .await;
    assert_eq!(reply.0, StatusCode::CREATED, "{}", reply.1);

    let path = format!("/api/v1/channels/{}/threads", t.general);
    let (status, first) = s.get(&format!("{path}?limit=2"), &t.ana.token).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let ids = |page: &Value| -> Vec<String> {
        page["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|i| text(i, "/id"))
            .collect()
    };
    assert_eq!(ids(&first), [a.clone(), c.clone()]);
    assert_eq!(first["items"][0]["message_count"], 2);
    assert_eq!(first["items"][0]["open_requests"][0]["kind"], "review");
    assert_eq!(first["items"][1]["open_requests"], json!([]));
    let cursor = text(&first, "/next_cursor");
    let (status, second) = s
        .get(&format!("{path}?limit=2&cursor={cursor}"), &t.ana.token)
        .await;
    assert_eq!(status, StatusCode::OK, "{second}");
    assert_eq!(ids(&second), [b]);
    assert_eq!(second["next_cursor"], Value::Null);

    let request = text(&first, "/items/0/open_requests/0/id");
    let done = s
        .post(
            &format!("/api/v1/requests/{request}/done"),
            &t.kenji.token,
            json!({}),
        )
        .await;
    assert_eq!(done.0, StatusCode::OK, "{}", done.1);
    let (_, all) = s.get(&path, &t.ana.token).await;
    assert_eq!(len(&all["items"]), 3);
    assert_eq!(
        all["items"][0]["open_requests"],
        json!([]),
        "a done ask is not open"
    );

    let bad_limit = s.get(&format!("{path}?limit=many"), &t.ana.token).await;
    assert_error(
        &bad_limit,
        StatusCode::BAD_REQUEST,
        "invalid_input",
        Some("limit"),
    );
    let bad_cursor = s
        .get(&format!("{path}?cursor=nonsense"), &t.ana.token)
        .await;
    assert_error(
        &bad_cursor,
        StatusCode::BAD_REQUEST,
        "invalid_input",
        Some("cursor"),
    );
    let nowhere = s
        .get("/api/v1/channels/chn_nowhere/threads", &t.ana.token)
        .await;
    assert_error(&nowhere, StatusCode::NOT_FOUND, "not_found", None);
}

sundial_store::backend_tests!(
    an_ask_is_due_in_each_recipients_own_working_hours,
    starting_a_thread_names_the_field_at_fault_and_writes_nothing,
    a_retry_with_the_same_idempotency_key_creates_nothing_new,
    threads_are_listed_by_latest_activity_a_page_at_a_time,
);
