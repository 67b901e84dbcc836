//! A post the app refuses is shown again with what was typed and what to fix, and nothing is
//! written.

use reqwest::StatusCode;
use sundial_app::channels::NewChannel;
use sundial_store::testing::TestDatabase;

use crate::support::{PASSWORD, Site};

async fn a_refused_thread_keeps_the_draft_and_names_the_field(db: TestDatabase) {
    let site = Site::start(db).await;
    let ana = site.app.login("ana@acme.test", PASSWORD).await.unwrap();
    let actor = site.app.authenticate(&ana.token).await.unwrap();
    let general = site
        .app
        .create_channel(
            &actor,
            NewChannel {
                name: "general".to_owned(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let mut visitor = site.visitor();
    visitor.sign_in("ana@acme.test").await;
    let csrf = visitor.csrf().await;
    // An ask without anyone to ask.
    let fields = [
        ("title", "Budget <draft>"),
        ("body", "Numbers by Friday?"),
        ("ask_kind", "reply"),
        ("ask_urgency", "normal"),
    ];
    let page = visitor
        .post(
            &format!("/channels/{}/threads", general.id),
            &fields,
            Some(&csrf),
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.body.contains("request.to"), "{}", page.body);
    assert!(
        page.body.contains(r#"value="Budget &#60;draft&#62;""#),
        "the title is kept, escaped: {}",
        page.body
    );
    assert!(
        page.body.contains(">Numbers by Friday?</textarea>"),
        "{}",
        page.body
    );
    let threads = site
        .app
        .threads(&actor, &general.id, None, 10)
        .await
        .unwrap();
    assert!(threads.items.is_empty(), "a refused post wrote a thread");
}

sundial_store::backend_tests!(a_refused_thread_keeps_the_draft_and_names_the_field);
