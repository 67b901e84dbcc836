//! Search finds what the searcher may see, and only that.

use sundial_app::threads::NewThread;
use sundial_store::testing::TestDatabase;

use crate::support::{TestApp, invalid_field};

async fn search_finds_titles_and_bodies_the_searcher_may_see(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let bo = t.member(&ana, "bo@acme.test", "UTC").await;
    let general = t.channel(&ana, "general", false).await;
    let secret = t.channel(&ana, "secret", true).await;
    let post = |title: &str, body: &str| NewThread {
        idempotency_key: None,
        title: title.into(),
        body: body.into(),
        request: None,
    };
    t.app
        .post_thread(
            &ana,
            &general,
            post("Kubernetes upgrade", "We are deploying <b>tonight</b>."),
        )
        .await
        .unwrap();
    t.app
        .post_thread(
            &ana,
            &secret,
            post("Salaries", "Deploying raises in April."),
        )
        .await
        .unwrap();
    let results = t.app.search(&bo, "deploy", 20).await.unwrap();
    assert_eq!(results.len(), 1, "{results:?}");
    assert_eq!(results[0].kind, "message");
    assert!(
        results[0].snippet.contains("<mark>deploying</mark>"),
        "{}",
        results[0].snippet
    );
    // User HTML never comes through as markup (SQLite escapes it; PostgreSQL's headline drops tags).
    assert!(
        !results[0].snippet.contains("<b>"),
        "{}",
        results[0].snippet
    );
    assert_eq!(t.app.search(&ana, "deploying", 20).await.unwrap().len(), 2);
    let by_title = t.app.search(&bo, "kubernetes", 20).await.unwrap();
    assert_eq!(by_title[0].kind, "thread");
    assert!(t.app.search(&bo, "salaries", 20).await.unwrap().is_empty());
    assert!(t.app.search(&bo, "\"NEAR( OR -x:", 20).await.is_ok());
    assert_eq!(invalid_field(t.app.search(&bo, "  ", 20).await), "q");
}

sundial_store::backend_tests!(search_finds_titles_and_bodies_the_searcher_may_see);
