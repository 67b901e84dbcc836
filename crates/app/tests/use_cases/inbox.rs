//! The inbox: what needs me, what I wait on, unread threads.

use jiff::SignedDuration;
use sundial_app::inbox::{Inbox, InboxPaging};
use sundial_app::threads::NewReply;
use sundial_app::{Actor, App};
use sundial_store::testing::TestDatabase;

use crate::support::{TestApp, at, invalid_field};

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

/// Every entry of one list, reading `limit` at a time: `(entries' keys, pages read)`.
async fn page_through(
    app: &App,
    actor: &Actor,
    limit: i64,
    list: fn(&Inbox) -> (Vec<String>, Option<String>),
    resume: fn(&mut InboxPaging, String),
) -> (Vec<String>, usize) {
    let mut paging = InboxPaging {
        limit: Some(limit),
        ..InboxPaging::default()
    };
    let (mut keys, mut pages) = (Vec::new(), 0);
    loop {
        let inbox = app.inbox_page(actor, &paging).await.expect("a page");
        let (page, next) = list(&inbox);
        assert!(page.len() as i64 <= limit);
        keys.extend(page);
        pages += 1;
        match next {
            Some(cursor) => resume(&mut paging, cursor),
            None => return (keys, pages),
        }
    }
}

async fn each_list_pages_with_its_own_cursor_in_the_inbox_order(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let kenji = t.member(&ana, "kenji@acme.test", "Asia/Tokyo").await;
    let general = t.channel(&ana, "general", false).await;
    // Seven asks of Kenji, several sharing a due time (same urgency, same instant), a minute
    // apart so the unread threads have distinct activity.
    for (i, urgency) in ["low", "urgent", "normal", "urgent", "low", "high", "normal"]
        .into_iter()
        .enumerate()
    {
        t.ask(
            &ana,
            &general,
            &format!("Ask {i}"),
            "review",
            urgency,
            &[&kenji],
        )
        .await;
        t.clock.advance(SignedDuration::from_mins(1));
    }
    t.clock.advance(SignedDuration::from_hours(2)); // the urgent ones are overdue now
    let whole = t.app.inbox(&kenji).await.unwrap();
    assert_eq!(whole.needs_me.len(), 7);
    assert_eq!(whole.needs_me_next_cursor, None, "all fit the default page");
    let mut sorted = whole.needs_me.clone();
    sorted.sort_by(|a, b| {
        (!a.overdue, a.due_at, &a.request_id).cmp(&(!b.overdue, b.due_at, &b.request_id))
    });
    let order: Vec<String> = sorted.iter().map(|i| i.request_id.clone()).collect();
    assert_eq!(
        whole
            .needs_me
            .iter()
            .map(|i| i.request_id.clone())
            .collect::<Vec<_>>(),
        order
    );
    assert!(whole.needs_me[0].overdue && whole.needs_me[1].overdue && !whole.needs_me[2].overdue);

    let needs_me = |i: &Inbox| {
        let keys = i.needs_me.iter().map(|a| a.request_id.clone()).collect();
        (keys, i.needs_me_next_cursor.clone())
    };
    let (paged, pages) = page_through(&t.app, &kenji, 2, needs_me, |p, c| {
        p.needs_me_cursor = Some(c)
    })
    .await;
    assert_eq!((paged, pages), (order.clone(), 4));

    let waiting_on = |i: &Inbox| {
        let keys = i.waiting_on.iter().map(|a| a.request_id.clone()).collect();
        (keys, i.waiting_on_next_cursor.clone())
    };
    let (paged, _) = page_through(&t.app, &ana, 3, waiting_on, |p, c| {
        p.waiting_on_cursor = Some(c)
    })
    .await;
    assert_eq!(paged, order, "Ana waits on the same asks, by due time");

    let unread = |i: &Inbox| {
        let keys = i.unread.iter().map(|u| u.title.clone()).collect();
        (keys, i.unread_next_cursor.clone())
    };
    let (paged, pages) =
        page_through(&t.app, &kenji, 3, unread, |p, c| p.unread_cursor = Some(c)).await;
    let newest_first: Vec<String> = (0..7).rev().map(|i| format!("Ask {i}")).collect();
    assert_eq!((paged, pages), (newest_first, 3));

    // Paging one list leaves the others at their first page.
    let mut paging = InboxPaging {
        limit: Some(2),
        ..InboxPaging::default()
    };
    paging.needs_me_cursor = t
        .app
        .inbox_page(&kenji, &paging)
        .await
        .unwrap()
        .needs_me_next_cursor;
    let second = t.app.inbox_page(&kenji, &paging).await.unwrap();
    assert_eq!(second.needs_me[0].request_id, order[2]);
    assert_eq!(second.unread[0].title, "Ask 6");
    assert_eq!(second.waiting_on.len(), 0, "nobody waits on Kenji");
}

async fn bad_paging_names_the_field(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    for (paging, field) in [
        (
            InboxPaging {
                limit: Some(0),
                ..InboxPaging::default()
            },
            "limit",
        ),
        (
            InboxPaging {
                limit: Some(501),
                ..InboxPaging::default()
            },
            "limit",
        ),
        (
            InboxPaging {
                needs_me_cursor: Some("yesterday".into()),
                ..InboxPaging::default()
            },
            "needs_me_cursor",
        ),
        (
            InboxPaging {
                waiting_on_cursor: Some("12.r".into()),
                ..InboxPaging::default()
            },
            "waiting_on_cursor",
        ),
        (
            InboxPaging {
                unread_cursor: Some("x.t".into()),
                ..InboxPaging::default()
            },
            "unread_cursor",
        ),
    ] {
        assert_eq!(invalid_field(t.app.inbox_page(&ana, &paging).await), field);
    }
}

sundial_store::backend_tests!(
    each_list_pages_with_its_own_cursor_in_the_inbox_order,
    bad_paging_names_the_field,
    needs_me_lists_overdue_first_then_by_due_time,
    waiting_on_empties_as_recipients_answer,
    unread_shows_followed_threads_with_news_until_read,
);
