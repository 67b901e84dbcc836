//! The inbox: what needs me, what I wait on, unread threads.

use jiff::SignedDuration;
use sundial_app::threads::NewReply;
use sundial_store::testing::TestDatabase;

use crate::support::{TestApp, at};

async fn needs_me_lists_overdue_first_then_by_due_time(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let kenji = t.member(&ana, "kenji@acme.test", "Asia/Tokyo").await;
    let general = t.channel(&ana, "general", false).await;
    t.ask(&ana, &general, "Low", "review", "low", &[&kenji])
        .await;
    t.ask(&ana, &general, "Urgent", "ack", "urgent", &[&kenji])
        .await;
    t.ask(&ana, &general, "Normal", "reply", "normal", &[&kenji])
        .await;
    t.clock.advance(SignedDuration::from_hours(2)); // the urgent one is now overdue
    let inbox = t.app.inbox(&kenji).await.unwrap();
    let titles: Vec<&str> = inbox
        .needs_me
        .iter()
        .map(|i| i.thread_title.as_str())
        .collect();
    assert_eq!(titles, ["Urgent", "Normal", "Low"]);
    let overdue: Vec<bool> = inbox.needs_me.iter().map(|i| i.overdue).collect();
    assert_eq!(overdue, [true, false, false]);
    assert_eq!(inbox.needs_me[1].due_at, at("2026-03-10T08:00:00Z"));
    // Working time is counted on Kenji's calendar: at 01:00 in Tokyo all 8 hours of his
    // Tuesday are still ahead; the urgent ask fell due at night, so none of his working time
    // has passed since.
    assert_eq!(inbox.needs_me[1].working_minutes_left, 8 * 60);
    assert_eq!(inbox.needs_me[0].working_minutes_left, 0);
    t.clock.advance(SignedDuration::from_hours(14)); // Tuesday 15:00 in Tokyo
    let later = t.app.inbox(&kenji).await.unwrap();
    assert_eq!(later.needs_me[0].working_minutes_left, -6 * 60);
    assert_eq!(later.needs_me[1].working_minutes_left, 2 * 60);
    // Ana, waiting, sees the same numbers: they are Kenji's working time, not hers.
    let waiting = t.app.inbox(&ana).await.unwrap().waiting_on;
    let normal = waiting.iter().find(|i| i.thread_title == "Normal").unwrap();
    assert_eq!(normal.working_minutes_left, 2 * 60);
    assert!(t.app.inbox(&ana).await.unwrap().needs_me.is_empty());
}

async fn waiting_on_empties_as_recipients_answer(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let kenji = t.member(&ana, "kenji@acme.test", "Asia/Tokyo").await;
    let bo = t.member(&ana, "bo@acme.test", "America/New_York").await;
    let general = t.channel(&ana, "general", false).await;
    let posted = t
        .ask(&ana, &general, "Numbers", "reply", "normal", &[&kenji, &bo])
        .await;
    let waiting = t.app.inbox(&ana).await.unwrap().waiting_on;
    assert_eq!(waiting.len(), 2);
    // Kenji's working day (Tuesday in Tokyo) ends before Bo's New York day does.
    assert_eq!(waiting[0].member_id, kenji.member_id.as_str());
    assert_eq!(waiting[1].member_id, bo.member_id.as_str());
    t.app
        .reply(
            &kenji,
            &posted.thread.id,
            NewReply {
                idempotency_key: None,
                body: "Here.".into(),
                request: None,
            },
        )
        .await
        .unwrap();
    t.app
        .decline(&bo, &posted.request.unwrap().id)
        .await
        .unwrap();
    assert!(t.app.inbox(&ana).await.unwrap().waiting_on.is_empty());
    assert!(t.app.inbox(&kenji).await.unwrap().needs_me.is_empty());
}

async fn unread_shows_followed_threads_with_news_until_read(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let kenji = t.member(&ana, "kenji@acme.test", "Asia/Tokyo").await;
    let general = t.channel(&ana, "general", false).await;
    let mine = t.thread(&ana, &general, "Mine").await;
    t.thread(&kenji, &general, "Not followed by Ana").await;
    assert!(
        t.app.inbox(&ana).await.unwrap().unread.is_empty(),
        "my own message is not news"
    );
    t.clock.advance(SignedDuration::from_mins(5));
    let reply = NewReply {
        idempotency_key: None,
        body: "A thought, @ana".into(),
        request: None,
    };
    t.app.reply(&kenji, &mine.thread.id, reply).await.unwrap();
    let unread = t.app.inbox(&ana).await.unwrap().unread;
    assert_eq!(unread.len(), 1);
    assert_eq!(unread[0].thread_id, mine.thread.id);
    t.clock.advance(SignedDuration::from_mins(1));
    t.app.mark_read(&ana, &mine.thread.id).await.unwrap();
    assert!(t.app.inbox(&ana).await.unwrap().unread.is_empty());
    // Mentioned in a thread she had not followed: she follows it now.
    let other = t.thread(&kenji, &general, "Question").await;
    t.clock.advance(SignedDuration::from_mins(1));
    t.app
        .reply(
            &kenji,
            &other.thread.id,
            NewReply {
                idempotency_key: None,
                body: "@ana what do you think?".into(),
                request: None,
            },
        )
        .await
        .unwrap();
    let unread = t.app.inbox(&ana).await.unwrap().unread;
    assert_eq!(
        unread.iter().map(|u| u.title.as_str()).collect::<Vec<_>>(),
        ["Question"]
    );
}

sundial_store::backend_tests!(
    needs_me_lists_overdue_first_then_by_due_time,
    waiting_on_empties_as_recipients_answer,
    unread_shows_followed_threads_with_news_until_read,
);
