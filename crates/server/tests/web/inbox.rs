//! The inbox page shows a page of each list and a "More" link where a list goes on; following
//! it shows the rest of that list.

use reqwest::StatusCode;
use sundial_app::channels::NewChannel;
use sundial_app::requests::NewRequest;
use sundial_app::threads::NewThread;
use sundial_store::testing::TestDatabase;

use crate::support::{PASSWORD, Site};

/// The cursor in the page's "More asks for you" link.
fn more_asks_cursor(body: &str) -> Option<String> {
    let link = body.find(">More asks for you<")?;
    let start = body[..link].rfind("needs_me_cursor=")? + "needs_me_cursor=".len();
    let cursor: String = body[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .collect();
    Some(cursor)
}

async fn a_long_list_shows_its_first_page_and_a_link_to_the_rest(db: TestDatabase) {
    let site = Site::start(db).await;
    site.add_member("kenji@acme.test", "Kenji").await;
    let ana = site.app.login("ana@acme.test", PASSWORD).await.unwrap();
    let ana = site.app.authenticate(&ana.token).await.unwrap();
    let kenji = site.app.login("kenji@acme.test", PASSWORD).await.unwrap();
    let kenji_id = kenji.member.id.clone();
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
    // One more ask than the page holds.
    for i in 0..51 {
        site.app
            .post_thread(
                &ana,
                &general.id,
                NewThread {
                    title: format!("Ask {i}"),
                    body: "Can you check?".to_owned(),
                    request: Some(NewRequest {
                        kind: "review".to_owned(),
                        to: vec![kenji_id.clone()],
                        urgency: "normal".to_owned(),
                        due_at: None,
                    }),
                    idempotency_key: None,
                },
            )
            .await
            .unwrap();
    }

    let mut browser = site.visitor();
    browser.sign_in("kenji@acme.test").await;
    let first = browser.get("/").await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.body.matches("data-request=").count(), 50);
    assert!(
        first.body.contains(">More unread threads<"),
        "{}",
        first.body
    );
    let cursor = more_asks_cursor(&first.body).expect("a link to more asks");

    let rest = browser.get(&format!("/?needs_me_cursor={cursor}")).await;
    assert_eq!(rest.status, StatusCode::OK);
    assert_eq!(rest.body.matches("data-request=").count(), 1);
    assert!(more_asks_cursor(&rest.body).is_none(), "{}", rest.body);

    let bad = browser.get("/?needs_me_cursor=not-a-cursor").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("needs_me_cursor"), "{}", bad.body);
}

sundial_store::backend_tests!(a_long_list_shows_its_first_page_and_a_link_to_the_rest);
