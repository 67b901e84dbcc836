//! Acting on an ask from a page: acknowledge, promise a time on the recipient's own clock, and
//! the refusals (a malformed time, someone else's ask) that change nothing.

use reqwest::StatusCode;
use sundial_app::channels::NewChannel;
use sundial_app::requests::NewRequest;
use sundial_app::threads::NewThread;
use sundial_store::testing::TestDatabase;

use crate::support::{PASSWORD, Site};

async fn a_recipient_acknowledges_and_promises_on_their_own_clock(db: TestDatabase) {
    let site = Site::start(db).await;
    site.add_member("kenji@acme.test", "Kenji").await;
    let ana = site.app.login("ana@acme.test", PASSWORD).await.unwrap();
    let ana = site.app.authenticate(&ana.token).await.unwrap();
    let kenji = site.app.login("kenji@acme.test", PASSWORD).await.unwrap();
    let kenji_id = kenji.member.id.clone();
    let kenji = site.app.authenticate(&kenji.token).await.unwrap();
    let general = site
        .app
        .create_channel(
            &ana,
            NewChannel {
                name: "general".to_owned(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let posted = site
        .app
        .post_thread(
            &ana,
            &general.id,
            NewThread {
                title: "Numbers".to_owned(),
                body: "Can you check?".to_owned(),
                request: Some(NewRequest {
                    kind: "review".to_owned(),
                    to: vec![kenji_id],
                    urgency: "normal".to_owned(),
                    due_at: None,
                }),
                idempotency_key: None,
            },
        )
        .await
        .unwrap();
    let request_id = posted.request.unwrap().id;
    let status = async || {
        let detail = site.app.thread(&kenji, &posted.thread.id).await.unwrap();
        let o = &detail.requests[0].obligations[0];
        (o.status.clone(), o.due_at.to_string())
    };

    let mut browser = site.visitor();
    browser.sign_in("kenji@acme.test").await;
    let csrf = browser.csrf().await;
    let ack = browser
        .post(
            &format!("/asks/{request_id}/acknowledge"),
            &[("next", "/")],
            Some(&csrf),
        )
        .await;
    assert_eq!(ack.status, StatusCode::SEE_OTHER);
    assert_eq!(ack.location.as_deref(), Some("/"));
    assert_eq!(status().await.0, "acknowledged");

    // A malformed time is named and changes nothing.
    let before = status().await;
    let bad = browser
        .post(
            &format!("/asks/{request_id}/promise"),
            &[("next", "/"), ("due_at", "next week")],
            Some(&csrf),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("due_at"), "{}", bad.body);
    assert_eq!(status().await, before);

    // Thursday 10:00 on Kenji's clock in Tokyo is 01:00 UTC.
    let promised = browser
        .post(
            &format!("/asks/{request_id}/promise"),
            &[("next", "/"), ("due_at", "2026-03-12T10:00")],
            Some(&csrf),
        )
        .await;
    assert_eq!(promised.status, StatusCode::SEE_OTHER, "{}", promised.body);
    assert_eq!(status().await.1, "2026-03-12T01:00:00Z");

    // Ana is not a recipient: she cannot mark it done for Kenji.
    let mut ana_browser = site.visitor();
    ana_browser.sign_in("ana@acme.test").await;
    let csrf = ana_browser.csrf().await;
    let refused = ana_browser
        .post(
            &format!("/asks/{request_id}/done"),
            &[("next", "/")],
            Some(&csrf),
        )
        .await;
    assert!(refused.status.is_client_error(), "{:?}", refused.status);
    assert_eq!(status().await.0, "acknowledged");
}

sundial_store::backend_tests!(a_recipient_acknowledges_and_promises_on_their_own_clock);
