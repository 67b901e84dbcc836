//! Asks: due times on each recipient's own working hours, validation, and the state machine.

use jiff::SignedDuration;
use sundial_app::AppError;
use sundial_app::accounts::{MemberPatch, TimeOffInput};
use sundial_app::requests::PreviewInput;
use sundial_app::threads::{NewReply, NewThread, Posted};
use sundial_store::testing::TestDatabase;

use crate::support::{TestApp, at, invalid_field, request};

async fn each_recipient_is_due_on_their_own_working_hours(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let kenji = t.member(&ana, "kenji@acme.test", "Asia/Tokyo").await;
    let bo = t.member(&ana, "bo@acme.test", "America/New_York").await;
    let general = t.channel(&ana, "general", false).await;
    // Monday 14:00Z is 23:00 in Tokyo and 10:00 in New York.
    let cases = [
        ("normal", &kenji, "2026-03-10T08:00:00Z"), // Tue 09–17 JST, a full day
        ("high", &kenji, "2026-03-10T04:00:00Z"),   // Tue 13:00 JST
        ("low", &kenji, "2026-03-12T08:00:00Z"),    // Thu 17:00 JST, three working days
        ("urgent", &kenji, "2026-03-09T15:00:00Z"), // 60 wall-clock minutes
        ("normal", &bo, "2026-03-10T14:00:00Z"),    // 7 h Monday + 1 h Tuesday, 10:00 EDT
    ];
    for (urgency, who, due) in cases {
        let posted = t
            .ask(
                &ana,
                &general,
                &format!("{urgency} ask"),
                "review",
                urgency,
                &[who],
            )
            .await;
        let request = posted.request.expect("the ask");
        assert_eq!(request.obligations.len(), 1);
        let obligation = &request.obligations[0];
        assert_eq!(
            obligation.due_at,
            at(due),
            "{urgency} for {}",
            who.member_id
        );
        assert_eq!(
            (obligation.status.as_str(), obligation.overdue),
            ("pending", false)
        );
    }
}

async fn an_explicit_due_time_wins_and_must_be_in_the_future(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let kenji = t.member(&ana, "kenji@acme.test", "Asia/Tokyo").await;
    let general = t.channel(&ana, "general", false).await;
    let mut ask = request("decision", "low", &[&kenji]);
    ask.due_at = Some(at("2026-03-20T12:00:00Z"));
    let thread = NewThread {
        idempotency_key: None,
        title: "Pick a name".into(),
        body: "Options below.".into(),
        request: Some(ask.clone()),
    };
    let posted = t
        .app
        .post_thread(&ana, &general, thread.clone())
        .await
        .unwrap();
    assert_eq!(
        posted.request.unwrap().obligations[0].due_at,
        at("2026-03-20T12:00:00Z")
    );
    ask.due_at = Some(at("2026-03-01T00:00:00Z"));
    let past = t
        .app
        .post_thread(
            &ana,
            &general,
            NewThread {
                request: Some(ask),
                ..thread
            },
        )
        .await;
    assert_eq!(invalid_field(past), "request.due_at");
}

async fn a_bad_ask_names_its_field_and_posts_nothing(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let kenji = t.member(&ana, "kenji@acme.test", "Asia/Tokyo").await;
    let secret = t.channel(&ana, "secret", true).await;
    let post = |request| NewThread {
        idempotency_key: None,
        title: "Ask".into(),
        body: "Body".into(),
        request: Some(request),
    };
    let mut unknown = request("reply", "normal", &[&kenji]);
    unknown.to = vec!["no-such-member".into()];
    let cases = [
        (request("nudge", "normal", &[&kenji]), "request.kind"),
        (request("reply", "asap", &[&kenji]), "request.urgency"),
        (request("reply", "normal", &[]), "request.to"),
        (request("reply", "normal", &[&ana]), "request.to[0]"),
        (unknown, "request.to[0]"),
        (request("reply", "normal", &[&kenji]), "request.to[0]"), // not in the private channel
    ];
    for (ask, field) in cases {
        assert_eq!(
            invalid_field(t.app.post_thread(&ana, &secret, post(ask)).await),
            field
        );
    }
    assert!(
        t.app
            .threads(&ana, &secret, None, 50)
            .await
            .unwrap()
            .items
            .is_empty()
    );
}

async fn replying_answers_a_reply_ask_but_not_an_ack(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let kenji = t.member(&ana, "kenji@acme.test", "Asia/Tokyo").await;
    let general = t.channel(&ana, "general", false).await;
    let reply_ask = t
        .ask(&ana, &general, "Budget", "reply", "normal", &[&kenji])
        .await;
    let ack_ask = t
        .ask(&ana, &general, "Policy", "ack", "normal", &[&kenji])
        .await;
    let answer = NewReply {
        idempotency_key: None,
        body: "Looks fine.".into(),
        request: None,
    };
    let posted = t
        .app
        .reply(&kenji, &reply_ask.thread.id, answer.clone())
        .await
        .unwrap();
    let reply_id = reply_ask.request.unwrap().id;
    assert_eq!(posted.satisfied_request_ids, vec![reply_id.clone()]);
    let detail = t.app.thread(&ana, &reply_ask.thread.id).await.unwrap();
    assert_eq!(detail.requests[0].obligations[0].status, "done");
    assert_eq!(detail.messages.len(), 2);
    let posted = t
        .app
        .reply(&kenji, &ack_ask.thread.id, answer)
        .await
        .unwrap();
    assert!(posted.satisfied_request_ids.is_empty());
    let detail = t.app.thread(&ana, &ack_ask.thread.id).await.unwrap();
    assert_eq!(detail.requests[0].obligations[0].status, "pending");
}

/// Whether the author owes a reply is read from their follower row; one who unfollowed the
/// thread has none, and their reply must still answer the ask.
async fn a_reply_answers_the_ask_even_after_unfollowing(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let kenji = t.member(&ana, "kenji@acme.test", "Asia/Tokyo").await;
    let general = t.channel(&ana, "general", false).await;
    let asked = t
        .ask(&ana, &general, "Budget", "reply", "normal", &[&kenji])
        .await;
    let gone = t
        .app
        .unfollow_thread(&kenji, &asked.thread.id)
        .await
        .unwrap();
    assert!(!gone.following);
    let answer = NewReply {
        idempotency_key: None,
        body: "Fine by me.".into(),
        request: None,
    };
    let posted = t.app.reply(&kenji, &asked.thread.id, answer).await.unwrap();
    assert_eq!(
        posted.satisfied_request_ids,
        vec![asked.request.unwrap().id]
    );
    let detail = t.app.thread(&ana, &asked.thread.id).await.unwrap();
    assert_eq!(detail.requests[0].obligations[0].status, "done");
}

async fn recipients_and_requesters_move_an_ask_through_its_states(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let kenji = t.member(&ana, "kenji@acme.test", "Asia/Tokyo").await;
    let bo = t.member(&ana, "bo@acme.test", "America/New_York").await;
    let general = t.channel(&ana, "general", false).await;
    let id = t
        .ask(&ana, &general, "Launch", "review", "normal", &[&kenji, &bo])
        .await
        .request
        .unwrap()
        .id;
    let status_of = |view: &sundial_app::views::RequestView, who: &sundial_app::Actor| {
        view.obligations
            .iter()
            .find(|o| o.member_id == who.member_id.as_str())
            .unwrap()
            .status
            .clone()
    };
    let view = t.app.acknowledge(&kenji, &id).await.unwrap();
    assert_eq!(status_of(&view, &kenji), "acknowledged");
    assert_eq!(status_of(&view, &bo), "pending");
    // A promise moves the due time; one in the past is refused.
    let promised = at("2026-03-13T03:00:00Z");
    let view = t.app.promise(&kenji, &id, promised).await.unwrap();
    let mine = view
        .obligations
        .iter()
        .find(|o| o.member_id == kenji.member_id.as_str())
        .unwrap();
    assert_eq!(
        (mine.due_at, mine.original_due_at),
        (promised, at("2026-03-10T08:00:00Z"))
    );
    assert_eq!(
        invalid_field(t.app.promise(&kenji, &id, at("2026-03-01T00:00:00Z")).await),
        "due_at"
    );
    assert_eq!(
        status_of(&t.app.complete(&kenji, &id).await.unwrap(), &kenji),
        "done"
    );
    // Done again is harmless; declining after done is a conflict.
    assert!(t.app.complete(&kenji, &id).await.is_ok());
    assert!(matches!(
        t.app.decline(&kenji, &id).await,
        Err(AppError::Transition(_))
    ));
    // Only recipients answer; only the requester waives.
    assert!(matches!(
        t.app.acknowledge(&ana, &id).await,
        Err(AppError::Forbidden(_))
    ));
    assert!(matches!(
        t.app.waive(&bo, &id).await,
        Err(AppError::Forbidden(_))
    ));
    let view = t.app.waive(&ana, &id).await.unwrap();
    assert_eq!(
        (status_of(&view, &kenji), status_of(&view, &bo)),
        ("done".into(), "waived".into())
    );
}

async fn overdue_is_derived_from_the_clock(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let kenji = t.member(&ana, "kenji@acme.test", "Asia/Tokyo").await;
    let general = t.channel(&ana, "general", false).await;
    let posted = t
        .ask(&ana, &general, "Urgent fix", "ack", "urgent", &[&kenji])
        .await;
    t.clock.advance(SignedDuration::from_mins(59));
    let before = t.app.thread(&ana, &posted.thread.id).await.unwrap();
    assert!(!before.requests[0].obligations[0].overdue);
    t.clock.advance(SignedDuration::from_mins(1));
    let after = t.app.thread(&ana, &posted.thread.id).await.unwrap();
    assert!(after.requests[0].obligations[0].overdue);
    t.app
        .acknowledge(&kenji, &after.requests[0].id)
        .await
        .unwrap();
    t.app.complete(&kenji, &after.requests[0].id).await.unwrap();
    let done = t.app.thread(&ana, &posted.thread.id).await.unwrap();
    assert!(!done.requests[0].obligations[0].overdue);
}

async fn a_preview_matches_the_real_due_time_and_writes_nothing(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let kenji = t.member(&ana, "kenji@acme.test", "Asia/Tokyo").await;
    let general = t.channel(&ana, "general", false).await;
    let preview = t
        .app
        .preview_request(
            &ana,
            PreviewInput {
                channel_id: general.clone(),
                request: request("reply", "normal", &[&kenji]),
                send_at: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(preview[0].due_at, at("2026-03-10T08:00:00Z"));
    assert_eq!(preview[0].local_due_at, "2026-03-10T17:00");
    assert!(!preview[0].working_now);
    // Sent on Tuesday 01:00Z (10:00 JST), Kenji is working and it is due Wednesday 10:00 JST.
    let later = t
        .app
        .preview_request(
            &ana,
            PreviewInput {
                channel_id: general.clone(),
                request: request("reply", "normal", &[&kenji]),
                send_at: Some(at("2026-03-10T01:00:00Z")),
            },
        )
        .await
        .unwrap();
    assert!(later[0].working_now);
    assert_eq!(later[0].local_due_at, "2026-03-11T10:00");
    assert!(
        t.app
            .threads(&ana, &general, None, 10)
            .await
            .unwrap()
            .items
            .is_empty()
    );
    let posted = t
        .ask(&ana, &general, "Real one", "reply", "normal", &[&kenji])
        .await;
    assert_eq!(
        posted.request.unwrap().obligations[0].due_at,
        preview[0].due_at
    );
}

async fn a_preview_tells_when_each_recipient_will_see_the_ask(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let kenji = t.member(&ana, "kenji@acme.test", "Asia/Tokyo").await;
    let general = t.channel(&ana, "general", false).await;
    let preview = |urgency: &str, send_at: &str| {
        t.app.preview_request(
            &ana,
            PreviewInput {
                channel_id: general.clone(),
                request: request("reply", urgency, &[&kenji]),
                send_at: Some(at(send_at)),
            },
        )
    };
    // Monday 23:00 in Tokyo: batched by default, so the first check time, Tuesday 09:30.
    let night = preview("normal", "2026-03-09T14:00:00Z").await.unwrap();
    assert_eq!(night[0].will_see_at, Some(at("2026-03-10T00:30:00Z")));
    assert_eq!(night[0].status, "available");
    // Kenji focuses until Tuesday 14:00 JST: a normal ask waits for the 16:30 check, an urgent
    // one breaks through at once (he is working).
    let patch = sundial_app::accounts::MemberPatch {
        status: Some(sundial_app::accounts::StatusInput {
            mode: "focus".into(),
            until: Some(at("2026-03-10T05:00:00Z")),
            ..Default::default()
        }),
        ..Default::default()
    };
    t.app.update_me(&kenji, patch).await.unwrap();
    let normal = preview("normal", "2026-03-10T01:00:00Z").await.unwrap();
    assert_eq!(
        (normal[0].status.as_str(), normal[0].status_until),
        ("focus", Some(at("2026-03-10T05:00:00Z")))
    );
    assert_eq!(normal[0].will_see_at, Some(at("2026-03-10T07:30:00Z")));
    let urgent = preview("urgent", "2026-03-10T01:00:00Z").await.unwrap();
    assert_eq!(urgent[0].will_see_at, Some(at("2026-03-10T01:00:00Z")));
}

/// Who may be asked in a channel, and their calendars, are remembered between posts: every
/// change that decides them (a member's time zone, their time off, their leaving a private
/// channel) shows in the very next ask.
async fn each_ask_follows_changes_to_its_recipients_and_their_calendars(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let kenji = t.member(&ana, "kenji@acme.test", "Asia/Tokyo").await;
    let secret = t.channel(&ana, "secret", true).await;
    t.app
        .add_channel_members(&ana, &secret, vec![kenji.member_id.to_string()])
        .await
        .expect("kenji joins");
    let due = |posted: Posted| posted.request.expect("the ask").obligations[0].due_at;
    let recipients = [&kenji];
    let ask = |title: &'static str| t.ask(&ana, &secret, title, "review", "normal", &recipients);
    // Monday 14:00Z is 23:00 in Tokyo: a full working day is Tuesday 09–17 JST.
    assert_eq!(due(ask("first").await), at("2026-03-10T08:00:00Z"));
    let to_new_york = MemberPatch {
        time_zone: Some("America/New_York".into()),
        ..MemberPatch::default()
    };
    t.app.update_me(&kenji, to_new_york).await.expect("moving");
    // 10:00 EDT now: 7 h on Monday and 1 h on Tuesday.
    assert_eq!(due(ask("after moving").await), at("2026-03-10T14:00:00Z"));
    let tuesday_off = TimeOffInput {
        start_date: "2026-03-10".into(),
        end_date: "2026-03-10".into(),
        note: String::new(),
    };
    t.app
        .add_time_off(&kenji, tuesday_off)
        .await
        .expect("a day off");
    assert_eq!(
        due(ask("after the day off").await),
        at("2026-03-11T14:00:00Z")
    );
    t.app
        .remove_channel_member(&ana, &secret, kenji.member_id.as_str())
        .await
        .expect("kenji leaves");
    let after_leaving = NewThread {
        idempotency_key: None,
        title: "After leaving".into(),
        body: "Still there?".into(),
        request: Some(request("review", "normal", &[&kenji])),
    };
    let refused = t.app.post_thread(&ana, &secret, after_leaving).await;
    assert_eq!(invalid_field(refused), "request.to[0]");
}

sundial_store::backend_tests!(
    a_preview_tells_when_each_recipient_will_see_the_ask,
    each_ask_follows_changes_to_its_recipients_and_their_calendars,
    each_recipient_is_due_on_their_own_working_hours,
    an_explicit_due_time_wins_and_must_be_in_the_future,
    a_bad_ask_names_its_field_and_posts_nothing,
    replying_answers_a_reply_ask_but_not_an_ack,
    a_reply_answers_the_ask_even_after_unfollowing,
    recipients_and_requesters_move_an_ask_through_its_states,
    overdue_is_derived_from_the_clock,
    a_preview_matches_the_real_due_time_and_writes_nothing,
);
