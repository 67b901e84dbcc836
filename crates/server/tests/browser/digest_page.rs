//! The digest page: Ana asks Kenji (Tokyo, batched at his check times) late in his evening; at
//! his 09:30 check time the job runner delivers a digest; his inbox counts it without a reload,
//! the Digests page lists the ask, and its link opens the thread at the message.

use sundial_app::channels::NewChannel;
use sundial_app::requests::NewRequest;
use sundial_app::threads::NewThread;
use sundial_core::Clock;

use crate::support::{Harness, PASSWORD};

#[tokio::test]
async fn a_digest_arrives_live_and_links_to_the_ask() {
    let harness = Harness::start().await;
    harness
        .run("digest_page", async |h| {
            h.setup_workspace().await;
            h.add_member("ana@acme.test", "kenji@acme.test", "Kenji", "Asia/Tokyo")
                .await;
            let message = ask_kenji(h).await;
            let kenji = h.browser("kenji").await;
            kenji.sign_in("kenji@acme.test").await;
            kenji.find("body[data-live=connected]").await;
            assert!(!kenji.text("#notification-count").await.contains("unread"));

            // Tuesday 09:30 in Tokyo is 00:30Z: the digest goes out then.
            run_until(h, "2026-03-10T01:00:00Z".parse().unwrap()).await;
            kenji
                .wait_for_text("#notification-count", "1 unread notification")
                .await;
            kenji.click("#notification-count a").await;
            kenji.wait_for_text("#digests", "New asks for you").await;
            let digest = kenji.text("#digests").await;
            assert!(digest.contains("Tue 10 Mar, 09:30"), "{digest}");
            assert!(digest.contains("Ana asked you"), "{digest}");
            kenji.screenshots("digests").await;

            kenji.click("#digests a[href^='/threads/']").await;
            kenji.find("#messages").await;
            let url = kenji.client.current_url().await.unwrap();
            assert_eq!(url.fragment(), Some(format!("m-{message}").as_str()));
            assert!(
                kenji
                    .text(".message:target")
                    .await
                    .contains("ship on Friday")
            );
        })
        .await;
}

/// Ana asks Kenji for a reply in a new channel; returns the message's id.
async fn ask_kenji(h: &Harness) -> String {
    let login = |email: &'static str| async move {
        let token = h.app.login(email, PASSWORD).await.unwrap().token;
        h.app.authenticate(&token).await.unwrap()
    };
    let (ana, kenji) = (login("ana@acme.test").await, login("kenji@acme.test").await);
    let channel = h
        .app
        .create_channel(
            &ana,
            NewChannel {
                name: "launch".into(),
                purpose: String::new(),
                private: false,
                norms: None,
            },
        )
        .await
        .unwrap();
    let request = NewRequest {
        kind: "reply".into(),
        urgency: "normal".into(),
        to: vec![kenji.member_id.to_string()],
        due_at: None,
    };
    let thread = NewThread {
        idempotency_key: None,
        title: "Release date".into(),
        body: "Can we ship on Friday?".into(),
        request: Some(request),
    };
    let posted = h.app.post_thread(&ana, &channel.id, thread).await.unwrap();
    posted.message_id
}

/// Runs each job at the instant it is due, as the worker would, up to `until`.
async fn run_until(h: &Harness, until: jiff::Timestamp) {
    while let Some(next) = h.app.next_job_at().await.unwrap() {
        if next > until {
            break;
        }
        h.clock.set(next.max(h.clock.now()));
        h.app.run_due_jobs().await.unwrap();
    }
    h.clock.set(until);
}
