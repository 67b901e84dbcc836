//! Who may not see a thread: anyone outside its private channel, and anyone in another
//! workspace, gets 404 (never 403) from every thread, message and request endpoint, and
//! changes nothing.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sundial_store::testing::TestDatabase;

use crate::support::{Member, TestServer, assert_error, len, text};

async fn a_private_channel_or_another_workspace_is_not_found_on_every_endpoint(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let t = s.team().await;
    let hank = s.second_workspace().await;
    let secret = s.create_channel(&t.ana, "hr", true, &[&t.bo]).await;
    let ask = |to: &Member| json!({"kind": "reply", "to": [to.id], "urgency": "normal"});
    let private = s.start_thread(&t.ana, &secret, "Raises", ask(&t.bo)).await;
    let public = s
        .start_thread(&t.ana, &t.general, "Lunch", ask(&t.kenji))
        .await;
    // Kenji is in the workspace but not the private channel; Hank is in another workspace.
    for (outsider, channel, thread) in [(&t.kenji, &secret, &private), (&hank, &t.general, &public)]
    {
        let (thread_id, message, request) = (
            text(thread, "/thread/id"),
            text(thread, "/messages/0/id"),
            text(thread, "/requests/0/id"),
        );
        let calls = [
            (
                Method::GET,
                format!("/api/v1/channels/{channel}/threads"),
                Value::Null,
            ),
            (
                Method::POST,
                format!("/api/v1/channels/{channel}/threads"),
                json!({"title": "T", "body": "B"}),
            ),
            (
                Method::GET,
                format!("/api/v1/threads/{thread_id}"),
                Value::Null,
            ),
            (
                Method::POST,
                format!("/api/v1/threads/{thread_id}/messages"),
                json!({"body": "B"}),
            ),
            (
                Method::POST,
                format!("/api/v1/threads/{thread_id}/resolve"),
                Value::Null,
            ),
            (
                Method::POST,
                format!("/api/v1/threads/{thread_id}/reopen"),
                Value::Null,
            ),
            (
                Method::POST,
                format!("/api/v1/threads/{thread_id}/read"),
                Value::Null,
            ),
            (
                Method::PATCH,
                format!("/api/v1/messages/{message}"),
                json!({"body": "B"}),
            ),
            (
                Method::POST,
                format!("/api/v1/messages/{message}/reactions"),
                json!({"emoji": "👍"}),
            ),
            (
                Method::POST,
                format!("/api/v1/requests/{request}/ack"),
                Value::Null,
            ),
            (
                Method::POST,
                format!("/api/v1/requests/{request}/done"),
                Value::Null,
            ),
            (
                Method::POST,
                format!("/api/v1/requests/{request}/decline"),
                Value::Null,
            ),
            (
                Method::POST,
                format!("/api/v1/requests/{request}/promise"),
                json!({"due_at": "2026-03-12T08:00:00Z"}),
            ),
            (
                Method::POST,
                format!("/api/v1/requests/{request}/waive"),
                Value::Null,
            ),
            (
                Method::POST,
                "/api/v1/requests/preview".to_owned(),
                json!({
                "channel_id": channel, "to": [t.bo.id], "kind": "ack", "urgency": "low"}),
            ),
        ];
        for (method, path, body) in calls {
            let body = (!body.is_null()).then_some(body);
            let answer = s
                .call(method.clone(), &path, Some(&outsider.token), body)
                .await;
            assert_error(&answer, StatusCode::NOT_FOUND, "not_found", None);
            assert_eq!(answer.1["error"]["message"], "not found", "{method} {path}");
        }
        // Nothing they tried took effect.
        let (status, after) = s
            .get(&format!("/api/v1/threads/{thread_id}"), &t.ana.token)
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(after, *thread, "{after}");
    }
    // Bo is in the private channel and sees it all.
    let (status, seen) = s
        .get(
            &format!("/api/v1/threads/{}", text(&private, "/thread/id")),
            &t.bo.token,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{seen}");
    let (status, list) = s
        .get(&format!("/api/v1/channels/{secret}/threads"), &t.bo.token)
        .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(len(&list["items"]), 1);
    let (_, general) = s
        .get(
            &format!("/api/v1/channels/{}/threads", t.general),
            &t.ana.token,
        )
        .await;
    assert_eq!(len(&general["items"]), 1, "{general}");
}

sundial_store::backend_tests!(
    a_private_channel_or_another_workspace_is_not_found_on_every_endpoint,
);
