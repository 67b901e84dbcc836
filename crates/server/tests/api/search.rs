//! Search over HTTP: best matches with marked snippets, only from what the caller may see.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sundial_store::testing::TestDatabase;

use crate::support::{Member, TestServer, assert_error, text};

async fn search(s: &TestServer, member: &Member, query: &str) -> Value {
    let (status, page) = s
        .get(&format!("/api/v1/search{query}"), &member.token)
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["next_cursor"], Value::Null, "{page}");
    page
}

fn items(page: &Value) -> &Vec<Value> {
    page["items"].as_array().expect("a list of items")
}

async fn a_message_is_found_with_its_match_marked_in_the_snippet(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let team = s.team().await;
    let thread = s
        .thread_with_body(
            &team.ana,
            &team.general,
            "Friday plans",
            "The R&D deploy pipeline is flaky on Fridays.",
        )
        .await;
    s.thread_with_body(&team.ana, &team.general, "Lunch", "Soup again.")
        .await;

    let page = search(&s, &team.bo, "?q=pipeline").await;
    assert_eq!(items(&page).len(), 1, "{page}");
    let hit = &items(&page)[0];
    assert_eq!(hit["kind"], "message");
    assert_eq!(hit["thread_id"], thread.as_str());
    assert_eq!(hit["channel_id"], team.general.as_str());
    assert_eq!(hit["title"], "Friday plans");
    let snippet = text(hit, "/snippet");
    assert!(snippet.contains("<mark>pipeline</mark>"), "{snippet}");
    assert!(snippet.contains("R&amp;D"), "escaped: {snippet}");

    let by_title = search(&s, &team.bo, "?q=friday&limit=5").await;
    assert!(
        items(&by_title)
            .iter()
            .any(|hit| hit["kind"] == "thread" && hit["thread_id"] == thread.as_str()),
        "{by_title}"
    );
    assert_eq!(
        search(&s, &team.bo, "?q=nothinglikethis").await["items"],
        json!([])
    );
}

async fn private_channel_content_is_not_found_by_a_non_member(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let team = s.team().await;
    let secret = s.create_channel(&team.ana, "secret", true, &[]).await;
    let hidden = s
        .thread_with_body(
            &team.ana,
            &secret,
            "Acquisition",
            "The zebra deal closes Friday.",
        )
        .await;
    let public = s
        .thread_with_body(
            &team.ana,
            &team.general,
            "Roads",
            "A zebra crossing by the office.",
        )
        .await;

    let threads_found = |page: &Value| -> Vec<String> {
        items(page)
            .iter()
            .map(|hit| text(hit, "/thread_id"))
            .collect()
    };
    let for_bo = search(&s, &team.bo, "?q=zebra").await;
    assert_eq!(
        threads_found(&for_bo),
        std::slice::from_ref(&public),
        "{for_bo}"
    );
    let for_bo_by_title = search(&s, &team.bo, "?q=acquisition").await;
    assert_eq!(for_bo_by_title["items"], json!([]));

    // The member sees both: the private result was there to be hidden.
    let for_ana = threads_found(&search(&s, &team.ana, "?q=zebra").await);
    assert!(
        for_ana.contains(&hidden) && for_ana.contains(&public),
        "{for_ana:?}"
    );
}

async fn a_missing_or_empty_query_is_400_naming_q(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let ana = s.setup().await;
    for query in ["", "?q=", "?q=%20%20", "?limit=5"] {
        let answer = s.get(&format!("/api/v1/search{query}"), &ana.token).await;
        assert_error(&answer, StatusCode::BAD_REQUEST, "invalid_input", Some("q"));
    }
    let too_long = s
        .get(&format!("/api/v1/search?q={}", "a".repeat(201)), &ana.token)
        .await;
    assert_error(
        &too_long,
        StatusCode::BAD_REQUEST,
        "invalid_input",
        Some("q"),
    );
    for (query, field) in [
        ("?q=x&limit=0", "limit"),
        ("?q=x&limit=many", "limit"),
        ("?q=x&cursor=abc", "cursor"),
    ] {
        let answer = s.get(&format!("/api/v1/search{query}"), &ana.token).await;
        assert_error(
            &answer,
            StatusCode::BAD_REQUEST,
            "invalid_input",
            Some(field),
        );
    }
    let anonymous = s.call(Method::GET, "/api/v1/search?q=x", None, None).await;
    assert_error(
        &anonymous,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
        None,
    );
}

sundial_store::backend_tests!(
    a_message_is_found_with_its_match_marked_in_the_snippet,
    private_channel_content_is_not_found_by_a_non_member,
    a_missing_or_empty_query_is_400_naming_q,
);
