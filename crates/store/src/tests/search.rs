//! Full-text search: what is found, what stays hidden from whom, and input that must not break
//! the query.

use super::{Seed, channel, in_channel, member, message, seed, thread, workspace};
use crate::records::messages;
use crate::records::search::{self, HIGHLIGHT_END, HIGHLIGHT_START, SearchHit, Searcher};
use crate::testing::TestDatabase;
use crate::{Store, StoreError};

/// Two workspaces. In `w1`: ann (in every channel but `secret-empty`), bob (a member in no
/// channel) and gus (a guest added to `guests` only); a public, a private and a guests'
/// channel. In `w2`, zed with the same words as `w1`'s public channel.
async fn seed_workspaces(store: &Store) {
    let public = channel("w1", "c-public", "general", false, "ann");
    let private = channel("w1", "c-private", "hr", true, "ann");
    let guests = channel("w1", "c-guests", "guests", false, "ann");
    let elsewhere = channel("w2", "c-elsewhere", "general", false, "zed");
    let t_public = thread(&public, "t-public", "Release checklist", "ann", 100);
    let t_private = thread(&private, "t-private", "Salary review", "ann", 100);
    let t_guests = thread(&guests, "t-guests", "Welcome aboard", "ann", 100);
    let t_elsewhere = thread(&elsewhere, "t-elsewhere", "Release checklist", "zed", 100);
    let records: Vec<Seed> = vec![
        workspace("w1").into(),
        workspace("w2").into(),
        member("w1", "ann", "owner").into(),
        member("w1", "bob", "member").into(),
        member("w1", "gus", "guest").into(),
        member("w2", "zed", "owner").into(),
        public.clone().into(),
        private.clone().into(),
        guests.clone().into(),
        elsewhere.clone().into(),
        in_channel("c-public", "ann"),
        in_channel("c-private", "ann"),
        in_channel("c-guests", "ann"),
        in_channel("c-guests", "gus"),
        in_channel("c-elsewhere", "zed"),
        t_public.clone().into(),
        t_private.clone().into(),
        t_guests.clone().into(),
        t_elsewhere.clone().into(),
        message(
            &t_public,
            "m-public",
            "ann",
            "We deployed the new build yesterday afternoon",
            110,
        )
        .into(),
        message(
            &t_private,
            "m-private",
            "ann",
            "The confidential budget numbers are attached",
            110,
        )
        .into(),
        message(
            &t_guests,
            "m-guests",
            "ann",
            "Contractor onboarding notes",
            110,
        )
        .into(),
        message(
            &t_elsewhere,
            "m-elsewhere",
            "zed",
            "We deployed the confidential build yesterday, onboarding too",
            110,
        )
        .into(),
    ];
    seed(store, records).await;
}

fn searcher<'a>(workspace_id: &'a str, member_id: &'a str) -> Searcher<'a> {
    Searcher {
        workspace_id,
        member_id,
        guest: member_id == "gus",
    }
}

async fn try_search(
    store: &Store,
    workspace_id: &str,
    member_id: &str,
    query: &str,
) -> Result<Vec<SearchHit>, StoreError> {
    let mut reader = store.read().await?;
    search::search(
        &mut reader.conn(),
        searcher(workspace_id, member_id),
        query,
        20,
    )
    .await
}

async fn search_w1(store: &Store, member_id: &str, query: &str) -> Vec<SearchHit> {
    try_search(store, "w1", member_id, query)
        .await
        .unwrap_or_else(|e| panic!("searching {query:?} as {member_id}: {e}"))
}

/// Each hit as `kind:id`, the message id for a message and the thread id for a title.
fn found(hits: &[SearchHit]) -> Vec<String> {
    let mut found: Vec<String> = hits
        .iter()
        .map(|hit| {
            let id = hit.message_id.as_deref().unwrap_or(&hit.thread_id);
            format!("{}:{id}", hit.kind)
        })
        .collect();
    found.sort();
    found
}

async fn a_word_of_a_message_body_or_of_a_thread_title_is_found(db: TestDatabase) {
    seed_workspaces(&db.store).await;
    let hits = search_w1(&db.store, "ann", "yesterday").await;
    assert_eq!(found(&hits), ["message:m-public"]);
    let hit = &hits[0];
    assert_eq!(
        (
            hit.thread_id.as_str(),
            hit.channel_id.as_str(),
            hit.title.as_str(),
            hit.created_at
        ),
        ("t-public", "c-public", "Release checklist", 110)
    );
    assert_eq!(
        found(&search_w1(&db.store, "ann", "checklist").await),
        ["thread:t-public"]
    );
    assert!(search_w1(&db.store, "ann", "kangaroo").await.is_empty());
}

async fn a_word_is_found_in_its_other_forms(db: TestDatabase) {
    seed_workspaces(&db.store).await;
    assert_eq!(
        found(&search_w1(&db.store, "ann", "deploying").await),
        ["message:m-public"],
        "deploying finds deployed"
    );
    assert_eq!(
        found(&search_w1(&db.store, "ann", "Checklists").await),
        ["thread:t-public"]
    );
}

async fn a_private_channel_is_searched_only_for_its_members(db: TestDatabase) {
    seed_workspaces(&db.store).await;
    assert!(
        search_w1(&db.store, "bob", "confidential").await.is_empty(),
        "bob is not in the private channel"
    );
    assert!(search_w1(&db.store, "bob", "salary").await.is_empty());
    assert_eq!(
        found(&search_w1(&db.store, "ann", "confidential").await),
        ["message:m-private"]
    );
    assert_eq!(
        found(&search_w1(&db.store, "ann", "salary").await),
        ["thread:t-private"]
    );
    // Public channels need no membership.
    assert_eq!(
        found(&search_w1(&db.store, "bob", "yesterday").await),
        ["message:m-public"]
    );
}

async fn a_guest_finds_only_what_is_in_channels_they_were_added_to(db: TestDatabase) {
    seed_workspaces(&db.store).await;
    assert_eq!(
        found(&search_w1(&db.store, "gus", "onboarding").await),
        ["message:m-guests"]
    );
    assert_eq!(
        found(&search_w1(&db.store, "gus", "welcome").await),
        ["thread:t-guests"]
    );
    for query in ["yesterday", "checklist", "confidential", "salary"] {
        assert!(
            search_w1(&db.store, "gus", query).await.is_empty(),
            "a guest found {query:?}"
        );
    }
}

async fn another_workspaces_content_is_never_found(db: TestDatabase) {
    seed_workspaces(&db.store).await;
    // The same words exist in w2, in a public channel.
    assert_eq!(
        found(&search_w1(&db.store, "ann", "yesterday deployed").await),
        ["message:m-public"]
    );
    assert_eq!(
        found(&search_w1(&db.store, "ann", "onboarding").await),
        ["message:m-guests"]
    );
    assert_eq!(
        found(&search_w1(&db.store, "bob", "checklist").await),
        ["thread:t-public"]
    );
    // A searcher naming another workspace than their own sees nothing of it either.
    assert!(
        try_search(&db.store, "w2", "ann", "salary")
            .await
            .expect("a search")
            .is_empty()
    );
    let theirs = try_search(&db.store, "w2", "zed", "deployed yesterday confidential")
        .await
        .expect("a search");
    assert_eq!(found(&theirs), ["message:m-elsewhere"]);
}

async fn query_syntax_in_what_was_typed_never_causes_an_error(db: TestDatabase) {
    seed_workspaces(&db.store).await;
    let queries = [
        "\"",
        "\"deployed",
        "deployed\"",
        "*",
        "deploy*",
        "*deploy",
        "NEAR(",
        "NEAR(deployed yesterday",
        "NEAR(deployed yesterday, 2)",
        "OR",
        "deployed OR",
        "OR deployed",
        "AND NOT",
        "-",
        "-deployed",
        "deployed -yesterday",
        ":",
        "body:deployed",
        "title:checklist",
        "^deployed",
        "(deployed",
        "deployed)",
        "{deployed}",
        "deployed +",
        "'",
        "\\",
        "%_",
        "!&|<->",
        "deployed & yesterday | !build",
        "café",
        "日本語",
        "²",
        "🚀 deployed",
        "",
        "   ",
    ];
    for query in queries {
        if let Err(error) = try_search(&db.store, "w1", "ann", query).await {
            panic!("searching {query:?} failed: {error}");
        }
    }
    // The words around the punctuation are still searched for.
    assert_eq!(
        found(&search_w1(&db.store, "ann", "\"yesterday\"").await),
        ["message:m-public"]
    );
}

async fn a_snippet_marks_the_match(db: TestDatabase) {
    seed_workspaces(&db.store).await;
    let marked = |word: &str| format!("{HIGHLIGHT_START}{word}{HIGHLIGHT_END}");
    let hits = search_w1(&db.store, "ann", "yesterday").await;
    assert!(
        hits[0].snippet.contains(&marked("yesterday")),
        "{:?}",
        hits[0].snippet
    );
    let hits = search_w1(&db.store, "ann", "deploying").await;
    assert!(
        hits[0].snippet.contains(&marked("deployed")),
        "{:?}",
        hits[0].snippet
    );
    let hits = search_w1(&db.store, "ann", "checklist").await;
    assert!(
        hits[0].snippet.contains(&marked("checklist")),
        "{:?}",
        hits[0].snippet
    );
    assert!(
        !hits[0].snippet.contains(&marked("Release")),
        "only the match is marked: {:?}",
        hits[0].snippet
    );
}

async fn an_edited_message_is_found_by_its_new_words_only(db: TestDatabase) {
    seed_workspaces(&db.store).await;
    db.store
        .write(|tx| {
            Box::pin(async move {
                messages::edit(
                    &mut tx.conn(),
                    "m-public",
                    "We deployed the new build yesterday afternoon",
                    "We shipped the new build this morning",
                    200,
                )
                .await
            })
        })
        .await
        .expect("editing a message");
    assert_eq!(
        found(&search_w1(&db.store, "ann", "shipped").await),
        ["message:m-public"]
    );
    assert!(search_w1(&db.store, "ann", "yesterday").await.is_empty());
    assert!(search_w1(&db.store, "ann", "deployed").await.is_empty());
}

async fn a_nul_character_in_the_query_is_not_an_error(db: TestDatabase) {
    seed_workspaces(&db.store).await;
    for query in ["\0", "yesterday\0", "yester\0day"] {
        if let Err(error) = try_search(&db.store, "w1", "ann", query).await {
            panic!("searching {query:?} failed: {error}");
        }
    }
}

/// Only the newest RANKED_CANDIDATES visible matches are ranked, and what the searcher may not
/// see never takes a place among them.
async fn ranking_is_bounded_to_the_newest_visible_matches(db: TestDatabase) {
    seed_workspaces(&db.store).await;
    let private = channel("w1", "c-private", "hr", true, "ann");
    let busy = thread(&private, "t-busy", "Busy", "ann", 200);
    let count = usize::try_from(search::RANKED_CANDIDATES).unwrap() + 1;
    let mut records: Vec<Seed> = vec![busy.clone().into()];
    for i in 0..count {
        let id = format!("m-busy-{i}");
        let at = 200 + i64::try_from(i).unwrap();
        records.push(message(&busy, &id, "ann", "deployed again", at).into());
    }
    seed(&db.store, records).await;
    // Bob cannot see the busy private channel: the old public match is still his.
    assert_eq!(
        found(&search_w1(&db.store, "bob", "deployed").await),
        ["message:m-public"]
    );
    // Ann sees the newer matches, which fill the ranked window: the two oldest are left out.
    let mut reader = db.store.read().await.unwrap();
    let hits = search::search(&mut reader.conn(), searcher("w1", "ann"), "deployed", 5_000)
        .await
        .unwrap();
    assert_eq!(hits.len(), count - 1);
    let ids: Vec<&str> = hits
        .iter()
        .filter_map(|h| h.message_id.as_deref())
        .collect();
    assert!(!ids.contains(&"m-public") && !ids.contains(&"m-busy-0"));
    assert!(ids.contains(&"m-busy-1"));
}

crate::backend_tests!(
    ranking_is_bounded_to_the_newest_visible_matches,
    a_nul_character_in_the_query_is_not_an_error,
    a_word_of_a_message_body_or_of_a_thread_title_is_found,
    a_word_is_found_in_its_other_forms,
    a_private_channel_is_searched_only_for_its_members,
    a_guest_finds_only_what_is_in_channels_they_were_added_to,
    another_workspaces_content_is_never_found,
    query_syntax_in_what_was_typed_never_causes_an_error,
    a_snippet_marks_the_match,
    an_edited_message_is_found_by_its_new_words_only,
);
