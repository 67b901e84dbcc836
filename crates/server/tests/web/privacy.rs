//! Pages never reveal what the viewer may not see: another member's private channel and its
//! threads answer 404 exactly like ids that do not exist.

use reqwest::StatusCode;
use sundial_app::channels::NewChannel;
use sundial_app::threads::NewThread;
use sundial_store::testing::TestDatabase;

use crate::support::{PASSWORD, Site};

async fn a_private_channel_and_its_threads_are_not_found_by_others(db: TestDatabase) {
    let site = Site::start(db).await;
    site.add_member("kenji@acme.test", "Kenji").await;
    let ana = site.app.login("ana@acme.test", PASSWORD).await.unwrap();
    let actor = site.app.authenticate(&ana.token).await.unwrap();
    let secret = site
        .app
        .create_channel(
            &actor,
            NewChannel {
                name: "secret".to_owned(),
                private: true,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let thread = site
        .app
        .post_thread(
            &actor,
            &secret.id,
            NewThread {
                title: "Hidden plans".to_owned(),
                body: "shh".to_owned(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let mut kenji = site.visitor();
    kenji.sign_in("kenji@acme.test").await;
    for path in [
        format!("/channels/{}", secret.id),
        format!("/threads/{}", thread.thread.id),
        "/channels/no-such-channel".to_owned(),
        "/threads/no-such-thread".to_owned(),
    ] {
        let page = kenji.get(&path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        assert!(
            !page.body.contains("secret") && !page.body.contains("Hidden"),
            "{path}"
        );
    }
    let list = kenji.get("/channels").await;
    assert!(!list.body.contains("secret"));
    // Replying into it is not found either, and writes nothing.
    let csrf = kenji.csrf().await;
    let reply = kenji
        .post(
            &format!("/threads/{}/replies", thread.thread.id),
            &[("body", "let me in")],
            Some(&csrf),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let detail = site.app.thread(&actor, &thread.thread.id).await.unwrap();
    assert_eq!(detail.messages.len(), 1);
}

async fn an_unknown_page_is_a_not_found_page(db: TestDatabase) {
    let site = Site::start(db).await;
    let mut visitor = site.visitor();
    let page = visitor.get("/no/such/page").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.body.contains("<h1>Not found</h1>"), "{}", page.body);
    // The API keeps its JSON error shape.
    let api = visitor.get("/api/v1/no-such-endpoint").await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert!(api.body.contains("\"not_found\""), "{}", api.body);
}

sundial_store::backend_tests!(
    a_private_channel_and_its_threads_are_not_found_by_others,
    an_unknown_page_is_a_not_found_page,
);
