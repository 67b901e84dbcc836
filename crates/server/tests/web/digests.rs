//! The digest page: what was gathered for a member, delivered at their check time, shown in
//! sections with links to the messages; someone without digests is told what to expect.

use reqwest::StatusCode;
use sundial_app::channels::NewChannel;
use sundial_app::requests::NewRequest;
use sundial_app::threads::NewThread;
use sundial_core::Clock;
use sundial_store::testing::TestDatabase;

use crate::support::{PASSWORD, Site};

async fn a_batched_ask_arrives_in_a_digest_at_the_check_time(db: TestDatabase) {
    let site = Site::start(db).await;
    site.add_member("kenji@acme.test", "Kenji").await;
    let ana = actor(&site, "ana@acme.test").await;
    let kenji = actor(&site, "kenji@acme.test").await;
    let channel = site
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
    let posted = site
        .app
        .post_thread(
            &ana,
            &channel.id,
            NewThread {
                idempotency_key: None,
                title: "Release date".into(),
                body: "Can we ship Friday?".into(),
                request: Some(NewRequest {
                    kind: "reply".into(),
                    urgency: "normal".into(),
                    to: vec![kenji.member_id.to_string()],
                    due_at: None,
                }),
            },
        )
        .await
        .unwrap();

    let mut browser = site.visitor();
    browser.sign_in("kenji@acme.test").await;
    let before = browser.get("/digests").await;
    assert_eq!(before.status, StatusCode::OK);
    assert!(before.body.contains("No digests yet"), "{}", before.body);
    assert!(
        before.body.contains("09:30, 13:00, 16:30"),
        "{}",
        before.body
    );

    // Kenji's first check time is Tuesday 09:30 in Tokyo, 00:30Z.
    run_until(&site, "2026-03-10T01:00:00Z".parse().unwrap()).await;
    let page = browser.get("/digests").await.body;
    assert!(page.contains("Tue 10 Mar, 09:30"), "{page}");
    assert!(page.contains("New asks for you"), "{page}");
    assert!(page.contains("Ana asked you"), "{page}");
    let link = format!("/threads/{}#m-{}", posted.thread.id, posted.message_id);
    assert!(page.contains(&link), "{page}");

    // The inbox counts it; marking all read clears the count.
    assert!(
        browser
            .get("/")
            .await
            .body
            .contains("1 unread notification in your digests"),
        "the inbox counts the delivered notification"
    );
    let csrf = browser.csrf().await;
    let read = browser.post("/digests/read", &[], Some(&csrf)).await;
    assert_eq!(read.status, StatusCode::SEE_OTHER, "{}", read.body);
    assert!(!browser.get("/").await.body.contains("unread notification"));
    assert_eq!(site.app.unread_notification_count(&kenji).await.unwrap(), 0);

    // Ana's digests are her own: none.
    let mut ana_browser = site.visitor();
    ana_browser.sign_in("ana@acme.test").await;
    let hers = ana_browser.get("/digests").await.body;
    assert!(hers.contains("No digests yet"), "{hers}");
    assert!(!hers.contains("Release date"), "{hers}");
}

async fn actor(site: &Site, email: &str) -> sundial_app::Actor {
    let login = site.app.login(email, PASSWORD).await.unwrap();
    site.app.authenticate(&login.token).await.unwrap()
}

/// Runs each job at the instant it is due, as the worker would, up to `until`.
async fn run_until(site: &Site, until: jiff::Timestamp) {
    while let Some(next) = site.app.next_job_at().await.unwrap() {
        if next > until {
            break;
        }
        site.clock.set(next.max(site.clock.now()));
        site.app.run_due_jobs().await.unwrap();
    }
    site.clock.set(until);
}

sundial_store::backend_tests!(a_batched_ask_arrives_in_a_digest_at_the_check_time);
