//! Scheduled messages: nothing visible before `send_at`, posted exactly once by the publish job
//! with due times computed at send time; edits move them, cancels stop them, only the author
//! sees them, and a lost permission is recorded instead of posted.

use jiff::SignedDuration;
use sundial_app::AppError;
use sundial_app::scheduled::{PublishOutcome, ScheduledPatch, SendTime};
use sundial_app::threads::{NewReply, NewThread};
use sundial_store::testing::TestDatabase;

use crate::support::{TestApp, at, invalid_field, request};

/// Runs every due job as the worker would (publishing among them), then answers the state of
/// each of `ids`.
async fn drain(t: &TestApp, author: &sundial_app::Actor, ids: &[&str]) -> Vec<String> {
    t.app.run_due_jobs().await.unwrap();
    let mut states = Vec::new();
    for id in ids {
        states.push(t.app.scheduled_message(author, id).await.unwrap().state);
    }
    states
}

fn thread_input(title: &str, ask: Option<sundial_app::requests::NewRequest>) -> NewThread {
    NewThread {
        title: title.into(),
        body: format!("About {title}."),
        request: ask,
        idempotency_key: None,
    }
}

async fn a_scheduled_thread_is_posted_once_at_send_at_with_due_times_from_then(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let bo = t.member(&ana, "bo@acme.test", "America/New_York").await;
    let general = t.channel(&ana, "general", false).await;
    // Tuesday 10:00 in New York.
    let send_at = at("2026-03-10T14:00:00Z");
    let input = thread_input("Plan", Some(request("review", "normal", &[&bo])));
    let scheduled = t
        .app
        .schedule_thread(&ana, &general, input, SendTime::At(send_at))
        .await
        .unwrap();
    assert_eq!(
        (scheduled.state.as_str(), scheduled.send_at),
        ("pending", send_at)
    );
    assert_eq!(drain(&t, &ana, &[&scheduled.id]).await, ["pending"]);
    assert!(
        t.app
            .threads(&bo, &general, None, 50)
            .await
            .unwrap()
            .items
            .is_empty()
    );

    t.clock.set(send_at + SignedDuration::from_mins(1));
    assert_eq!(drain(&t, &ana, &[&scheduled.id]).await, ["sent"]);
    let sent = t.app.scheduled_message(&ana, &scheduled.id).await.unwrap();
    let thread_id = sent.sent_thread_id.clone().unwrap();
    let detail = t.app.thread(&bo, &thread_id).await.unwrap();
    assert_eq!(detail.thread.title, "Plan");
    assert_eq!(detail.messages.len(), 1);
    assert_eq!(detail.messages[0].author_id, ana.member_id.to_string());
    // One working day from Tuesday 10:01 EDT, not from when it was written on Monday.
    assert_eq!(
        detail.requests[0].obligations[0].due_at,
        at("2026-03-11T14:01:00Z")
    );
    // Running the job again (a retry after a crash) posts nothing more.
    assert_eq!(
        t.app.publish_scheduled(&scheduled.id).await.unwrap(),
        PublishOutcome::Skipped
    );
    assert_eq!(
        t.app
            .threads(&bo, &general, None, 50)
            .await
            .unwrap()
            .items
            .len(),
        1
    );
    let listed = t.app.scheduled_messages(&ana, None, 50).await.unwrap();
    assert_eq!(listed.items[0].state, "sent");
    assert_eq!(
        listed.items[0].sent_thread_id.as_deref(),
        Some(thread_id.as_str())
    );
}

async fn an_edit_moves_a_scheduled_message_and_a_cancel_stops_it(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let general = t.channel(&ana, "general", false).await;
    let topic = t.thread(&ana, &general, "Topic").await;
    let first = at("2026-03-10T14:00:00Z");
    let later = at("2026-03-11T14:00:00Z");
    let reply = |body: &str| NewReply {
        body: body.into(),
        request: None,
        idempotency_key: None,
    };
    let moved = t
        .app
        .schedule_reply(&ana, &topic.thread.id, reply("draft"), SendTime::At(first))
        .await
        .unwrap();
    let cancelled = t
        .app
        .schedule_reply(&ana, &topic.thread.id, reply("never"), SendTime::At(first))
        .await
        .unwrap();
    let patch = ScheduledPatch {
        body: Some("final".into()),
        send_at: Some(SendTime::At(later)),
        ..ScheduledPatch::default()
    };
    let edited = t.app.edit_scheduled(&ana, &moved.id, patch).await.unwrap();
    assert_eq!((edited.body.as_str(), edited.send_at), ("final", later));
    let gone = t.app.cancel_scheduled(&ana, &cancelled.id).await.unwrap();
    assert_eq!(gone.state, "cancelled");
    let again = t.app.cancel_scheduled(&ana, &cancelled.id).await;
    assert!(
        matches!(again, Err(AppError::Conflict { ref field, .. }) if field == "state"),
        "{again:?}"
    );

    t.clock.set(first);
    let ids = [moved.id.as_str(), cancelled.id.as_str()];
    assert_eq!(drain(&t, &ana, &ids).await, ["pending", "cancelled"]);
    assert_eq!(
        t.app
            .thread(&ana, &topic.thread.id)
            .await
            .unwrap()
            .messages
            .len(),
        1
    );

    t.clock.set(later);
    assert_eq!(drain(&t, &ana, &ids).await, ["sent", "cancelled"]);
    let messages = t.app.thread(&ana, &topic.thread.id).await.unwrap().messages;
    let bodies: Vec<&str> = messages.iter().map(|m| m.body.as_str()).collect();
    assert_eq!(bodies, ["About Topic.", "final"]);
    let late_edit = t
        .app
        .edit_scheduled(&ana, &moved.id, ScheduledPatch::default())
        .await;
    assert!(
        matches!(late_edit, Err(AppError::Conflict { .. })),
        "{late_edit:?}"
    );
}

async fn the_start_of_their_day_is_the_recipients_next_working_start(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let kenji = t.member(&ana, "kenji@acme.test", "Asia/Tokyo").await;
    let bo = t.member(&ana, "bo@acme.test", "America/New_York").await;
    let general = t.channel(&ana, "general", false).await;
    // Monday 14:00Z: 23:00 in Tokyo (Tuesday 09:00 JST is 00:00Z); 10:00 in New York, whose
    // day has begun (Tuesday 09:00 EDT is 13:00Z).
    let cases = [
        (&kenji, "2026-03-10T00:00:00Z"),
        (&bo, "2026-03-10T13:00:00Z"),
    ];
    for (who, expected) in cases {
        let input = thread_input("For you", Some(request("ack", "low", &[who])));
        let scheduled = t
            .app
            .schedule_thread(&ana, &general, input, SendTime::RecipientDayStart)
            .await
            .unwrap();
        assert_eq!(scheduled.send_at, at(expected), "for {}", who.member_id);
    }
    let two = thread_input("Both", Some(request("ack", "low", &[&kenji, &bo])));
    let none = thread_input("Nobody", None);
    for input in [two, none] {
        let result = t
            .app
            .schedule_thread(&ana, &general, input, SendTime::RecipientDayStart)
            .await;
        assert_eq!(invalid_field(result), "send_at_recipient_day_start");
    }
}

async fn a_bad_scheduled_message_names_its_field_and_stores_nothing(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let general = t.channel(&ana, "general", false).await;
    let future = SendTime::At(at("2026-03-10T14:00:00Z"));
    let past = SendTime::At(at("2026-03-09T13:59:00Z"));
    let far = SendTime::At(at("2027-06-01T00:00:00Z"));
    let mut bad_ask = request("ack", "low", &[&ana]);
    bad_ask.kind = "poke".into();
    let cases = [
        (thread_input("Ok", None), past, "send_at"),
        (thread_input("Ok", None), far, "send_at"),
        (thread_input("", None), future, "title"),
        (
            NewThread {
                body: String::new(),
                ..thread_input("Ok", None)
            },
            future,
            "body",
        ),
        (thread_input("Ok", Some(bad_ask)), future, "request.kind"),
    ];
    for (input, when, field) in cases {
        let result = t.app.schedule_thread(&ana, &general, input, when).await;
        assert_eq!(invalid_field(result), field);
    }
    assert!(
        t.app
            .scheduled_messages(&ana, None, 50)
            .await
            .unwrap()
            .items
            .is_empty()
    );
    let ok = t
        .app
        .schedule_thread(&ana, &general, thread_input("Ok", None), future)
        .await
        .unwrap();
    let patch = ScheduledPatch {
        body: Some(String::new()),
        ..ScheduledPatch::default()
    };
    let result = t.app.edit_scheduled(&ana, &ok.id, patch).await;
    assert_eq!(invalid_field(result), "body");
    let unchanged = t.app.scheduled_message(&ana, &ok.id).await.unwrap();
    assert_eq!(unchanged.body, "About Ok.");
}

async fn other_members_cannot_see_or_touch_a_scheduled_message(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let kenji = t.member(&ana, "kenji@acme.test", "Asia/Tokyo").await;
    let general = t.channel(&ana, "general", false).await;
    let secret = t.channel(&ana, "secret", true).await;
    let when = SendTime::At(at("2026-03-10T14:00:00Z"));
    let mine = t
        .app
        .schedule_thread(&ana, &general, thread_input("Mine", None), when)
        .await
        .unwrap();
    assert!(
        t.app
            .scheduled_messages(&kenji, None, 50)
            .await
            .unwrap()
            .items
            .is_empty()
    );
    assert!(matches!(
        t.app.scheduled_message(&kenji, &mine.id).await,
        Err(AppError::NotFound)
    ));
    let patch = ScheduledPatch {
        body: Some("hijacked".into()),
        ..ScheduledPatch::default()
    };
    assert!(matches!(
        t.app.edit_scheduled(&kenji, &mine.id, patch).await,
        Err(AppError::NotFound)
    ));
    assert!(matches!(
        t.app.cancel_scheduled(&kenji, &mine.id).await,
        Err(AppError::NotFound)
    ));
    let hidden = t
        .app
        .schedule_thread(&kenji, &secret, thread_input("Peek", None), when)
        .await;
    assert!(matches!(hidden, Err(AppError::NotFound)), "{hidden:?}");
    assert_eq!(
        t.app.scheduled_message(&ana, &mine.id).await.unwrap().body,
        "About Mine."
    );
}

async fn a_message_whose_author_lost_access_is_not_posted_and_says_why(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let bo = t.member(&ana, "bo@acme.test", "America/New_York").await;
    let secret = t.channel(&ana, "secret", true).await;
    t.app
        .add_channel_members(&ana, &secret, vec![bo.member_id.to_string()])
        .await
        .unwrap();
    let send_at = at("2026-03-10T14:00:00Z");
    let scheduled = t
        .app
        .schedule_thread(
            &bo,
            &secret,
            thread_input("Later", None),
            SendTime::At(send_at),
        )
        .await
        .unwrap();
    t.app
        .remove_channel_member(&ana, &secret, bo.member_id.as_str())
        .await
        .unwrap();
    t.clock.set(send_at);
    assert_eq!(drain(&t, &bo, &[&scheduled.id]).await, ["failed"]);
    assert!(
        t.app
            .threads(&ana, &secret, None, 50)
            .await
            .unwrap()
            .items
            .is_empty()
    );
    let row = t.app.scheduled_message(&bo, &scheduled.id).await.unwrap();
    assert_eq!(row.state, "failed");
    assert!(row.failure.unwrap().contains("can no longer post"));
}

sundial_store::backend_tests!(
    a_scheduled_thread_is_posted_once_at_send_at_with_due_times_from_then,
    an_edit_moves_a_scheduled_message_and_a_cancel_stops_it,
    the_start_of_their_day_is_the_recipients_next_working_start,
    a_bad_scheduled_message_names_its_field_and_stores_nothing,
    other_members_cannot_see_or_touch_a_scheduled_message,
    a_message_whose_author_lost_access_is_not_posted_and_says_why,
);
