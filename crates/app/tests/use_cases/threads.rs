//! Threads and messages: posting, viewing, edits with history, reactions, resolving, paging.

use jiff::SignedDuration;
use sundial_app::threads::{NewReply, NewThread, Posted};
use sundial_app::{Actor, AppError};
use sundial_store::testing::TestDatabase;

use crate::support::{TestApp, invalid_field};

async fn a_thread_keeps_its_messages_edits_and_reactions(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let bo = t.member(&ana, "bo@acme.test", "Europe/London").await;
    let general = t.channel(&ana, "general", false).await;
    let posted = t.thread(&ana, &general, "Offsite").await;
    t.clock.advance(SignedDuration::from_mins(1));
    let reply = t
        .app
        .reply(
            &bo,
            &posted.thread.id,
            NewReply {
                idempotency_key: None,
                body: "Lisbon?".into(),
                request: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(reply.thread.message_count, 2);
    t.clock.advance(SignedDuration::from_mins(1));
    t.app
        .edit_message(&bo, &reply.message_id, "Lisbon in May?")
        .await
        .unwrap();
    t.app.react(&ana, &reply.message_id, ":+1:").await.unwrap();
    t.app.react(&ana, &reply.message_id, "👍").await.unwrap(); // the same reaction twice
    let detail = t.app.thread(&ana, &posted.thread.id).await.unwrap();
    assert_eq!(detail.thread.title, "Offsite");
    let message = &detail.messages[1];
    assert_eq!(message.body, "Lisbon in May?");
    assert!(message.edited_at.is_some());
    assert_eq!(message.edits.len(), 1);
    assert_eq!(message.edits[0].previous_body, "Lisbon?");
    assert_eq!(message.reactions.len(), 1);
    assert_eq!(message.reactions[0].emoji, "👍");
    assert!(matches!(
        t.app
            .edit_message(&ana, &reply.message_id, "Mine now")
            .await,
        Err(AppError::Forbidden(_))
    ));
    assert_eq!(
        invalid_field(t.app.edit_message(&bo, &reply.message_id, "   ").await),
        "body"
    );
    assert_eq!(
        invalid_field(t.app.react(&ana, &reply.message_id, "not an emoji").await),
        "emoji"
    );
}

async fn titles_and_bodies_are_validated(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let general = t.channel(&ana, "general", false).await;
    let post = |title: String, body: String| NewThread {
        idempotency_key: None,
        title,
        body,
        request: None,
    };
    let cases = [
        (post(String::new(), "Body".into()), "title"),
        (post("x".repeat(201), "Body".into()), "title"),
        (post("Fine".into(), " \n ".into()), "body"),
        (post("Fine".into(), "x".repeat(64 * 1024 + 1)), "body"),
    ];
    for (input, field) in cases {
        assert_eq!(
            invalid_field(t.app.post_thread(&ana, &general, input).await),
            field
        );
    }
    let longest = t
        .app
        .post_thread(&ana, &general, post("y".repeat(200), "z".repeat(64 * 1024)))
        .await;
    assert!(longest.is_ok());
}

async fn threads_page_by_newest_activity_without_gaps(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let general = t.channel(&ana, "general", false).await;
    let mut ids = Vec::new();
    for i in 0..7 {
        ids.push(
            t.thread(&ana, &general, &format!("Thread {i}"))
                .await
                .thread
                .id,
        );
        t.clock.advance(SignedDuration::from_secs(1));
    }
    // Activity on the oldest brings it to the top.
    t.app
        .reply(
            &ana,
            &ids[0],
            NewReply {
                idempotency_key: None,
                body: "bump".into(),
                request: None,
            },
        )
        .await
        .unwrap();
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = t
            .app
            .threads(&ana, &general, cursor.as_deref(), 3)
            .await
            .unwrap();
        seen.extend(page.items.iter().map(|s| s.thread.id.clone()));
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    let mut expected: Vec<String> = ids[1..].iter().rev().cloned().collect();
    expected.insert(0, ids[0].clone());
    assert_eq!(seen, expected);
    assert_eq!(
        invalid_field(t.app.threads(&ana, &general, Some("garbage"), 3).await),
        "cursor"
    );
}

async fn resolving_and_reopening_a_thread(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let general = t.channel(&ana, "general", false).await;
    let posted = t.thread(&ana, &general, "Bug 12").await;
    let resolved = t.app.resolve_thread(&ana, &posted.thread.id).await.unwrap();
    assert_eq!(resolved.status, "resolved");
    assert!(resolved.resolved_at.is_some());
    let reopened = t.app.reopen_thread(&ana, &posted.thread.id).await.unwrap();
    assert_eq!(
        (reopened.status.as_str(), reopened.resolved_at),
        ("open", None)
    );
    assert!(matches!(
        t.app.resolve_thread(&ana, "missing").await,
        Err(AppError::NotFound)
    ));
}

async fn a_retried_post_with_the_same_key_creates_nothing_new(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let general = t.channel(&ana, "general", false).await;
    let thread = NewThread {
        title: "Once".into(),
        body: "Only once.".into(),
        request: None,
        idempotency_key: Some("client-42".into()),
    };
    let first = t
        .app
        .post_thread(&ana, &general, thread.clone())
        .await
        .unwrap();
    let again = t
        .app
        .post_thread(&ana, &general, thread.clone())
        .await
        .unwrap();
    assert_eq!(
        (first.thread.id.as_str(), first.message_id.as_str()),
        (again.thread.id.as_str(), again.message_id.as_str())
    );
    assert_eq!(
        t.app
            .threads(&ana, &general, None, 10)
            .await
            .unwrap()
            .items
            .len(),
        1
    );
    let reply = NewReply {
        body: "Retry me".into(),
        request: None,
        idempotency_key: Some("r-1".into()),
    };
    let one = t
        .app
        .reply(&ana, &first.thread.id, reply.clone())
        .await
        .unwrap();
    let two = t.app.reply(&ana, &first.thread.id, reply).await.unwrap();
    assert_eq!(one.message_id, two.message_id);
    assert_eq!(
        t.app
            .thread(&ana, &first.thread.id)
            .await
            .unwrap()
            .messages
            .len(),
        2
    );
    let bad = NewThread {
        idempotency_key: Some("has space".into()),
        ..thread
    };
    assert_eq!(
        invalid_field(t.app.post_thread(&ana, &general, bad).await),
        "Idempotency-Key"
    );
}

/// A plain reply, `body`, by `actor` in `thread`.
async fn say(t: &TestApp, actor: &Actor, thread: &str, body: &str) -> Result<Posted, AppError> {
    let reply = NewReply {
        body: body.into(),
        ..NewReply::default()
    };
    t.app.reply(actor, thread, reply).await
}

/// Replies are written quickest when the thread's place is remembered from an earlier reply
/// (PostgreSQL); who may reply must not change for that.
async fn a_remembered_thread_still_takes_replies_only_from_those_who_may_see_it(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let bo = t.member(&ana, "bo@acme.test", "Europe/London").await;
    let gil = t
        .member_with_role(&ana, "gil@acme.test", "Europe/Paris", "guest")
        .await;
    let secret = t.channel(&ana, "secret", true).await;
    t.app
        .add_channel_members(&ana, &secret, vec![bo.member_id.to_string()])
        .await
        .unwrap();
    let plans = t.thread(&ana, &secret, "Plans").await.thread.id;
    for body in ["One", "Two", "Three"] {
        t.clock.advance(SignedDuration::from_mins(1));
        say(&t, &bo, &plans, body).await.unwrap();
    }
    let detail = t.app.thread(&ana, &plans).await.unwrap();
    assert_eq!(detail.thread.message_count, 4);
    assert_eq!(detail.messages.len(), 4);
    // Out of the channel, bo cannot reply, though his last reply was just written.
    t.app
        .remove_channel_member(&ana, &secret, bo.member_id.as_str())
        .await
        .unwrap();
    assert!(matches!(
        say(&t, &bo, &plans, "Four").await,
        Err(AppError::NotFound)
    ));
    // A guest sees only the channels they were added to, public or not.
    let general = t.channel(&ana, "general", false).await;
    let news = t.thread(&ana, &general, "News").await.thread.id;
    say(&t, &bo, &news, "Hello").await.unwrap();
    say(&t, &bo, &news, "Again").await.unwrap();
    assert!(matches!(
        say(&t, &gil, &news, "Me too").await,
        Err(AppError::NotFound)
    ));
    let detail = t.app.thread(&ana, &news).await.unwrap();
    assert_eq!(detail.messages.len(), 3);
}

sundial_store::backend_tests!(
    a_remembered_thread_still_takes_replies_only_from_those_who_may_see_it,
    a_retried_post_with_the_same_key_creates_nothing_new,
    a_thread_keeps_its_messages_edits_and_reactions,
    titles_and_bodies_are_validated,
    threads_page_by_newest_activity_without_gaps,
    resolving_and_reopening_a_thread,
);
