//! The inbox's lists as index walks: each pages through every entry once, in order, with its
//! keyset cursor; and the copies they walk (a thread's activity on its follower rows, a
//! request's requester on its obligations) stay right as threads get replies, members follow
//! later, read markers move, and history arrives through the bulk path.

use super::{Seed, channel, member, message, reader, seed, thread, workspace, write};
use crate::bulk::{self, Batch};
use crate::records::inbox::{self, AskKey, OpenAskRow, UnreadKey, UnreadRow};
use crate::records::requests::{self, ObligationRow, RequestRow};
use crate::records::threads;
use crate::testing::TestDatabase;
use crate::{Reader, Store};

fn request(id: &str, thread_id: &str, requester_id: &str) -> RequestRow {
    RequestRow {
        id: id.into(),
        workspace_id: "ws".into(),
        message_id: format!("m-{id}"),
        thread_id: thread_id.into(),
        requester_id: requester_id.into(),
        kind: "reply".into(),
        urgency: "normal".into(),
        explicit_due_at: None,
        created_at: 0,
    }
}

fn obligation(request_id: &str, member_id: &str, status: &str, due_at: i64) -> ObligationRow {
    ObligationRow {
        request_id: request_id.into(),
        member_id: member_id.into(),
        status: status.into(),
        due_at,
        original_due_at: due_at,
        updated_at: 0,
    }
}

/// Members ann, bob, cy and dee; a channel with thread "t1" by bob, started at 5.
fn team() -> Vec<Seed> {
    let general = channel("ws", "c1", "general", false, "bob");
    vec![
        workspace("ws").into(),
        member("ws", "ann", "member").into(),
        member("ws", "bob", "member").into(),
        member("ws", "cy", "member").into(),
        member("ws", "dee", "member").into(),
        general.clone().into(),
        thread(&general, "t1", "asks", "bob", 5).into(),
    ]
}

/// Reads a whole list `limit` rows at a time, resuming each page after the last row of the
/// one before, and fails if the pages never end.
async fn all_pages<Row, Key>(
    store: &Store,
    limit: i64,
    key: impl Fn(&Row) -> Key,
    mut page: impl AsyncFnMut(&mut Reader, Option<Key>) -> Vec<Row>,
) -> Vec<Row> {
    let mut r = reader(store).await;
    let mut rows: Vec<Row> = Vec::new();
    let mut after = None;
    loop {
        let next = page(&mut r, after).await;
        assert!(next.len() as i64 <= limit, "a page longer than its limit");
        let Some(last) = next.last() else {
            return rows;
        };
        after = Some(key(last));
        rows.extend(next);
        assert!(rows.len() < 1_000, "the pages never end");
    }
}

/// `(request id, requester, [(recipient, status, due_at)])`.
type Ask = (String, &'static str, Vec<(&'static str, &'static str, i64)>);

async fn asks_page_through_every_open_obligation_once_in_due_order(db: TestDatabase) {
    let mut records = team();
    // Requests by bob of ann (needs ann) and by ann of cy and dee (waiting on), with ties of
    // due time across requests and, for ann's asks, across recipients of one request.
    let mut asks: Vec<Ask> = Vec::new();
    for i in 0..13 {
        let status = ["pending", "acknowledged", "done", "declined"][i % 4];
        asks.push((
            format!("rb{:02}", 13 - i),
            "bob",
            vec![("ann", status, (i as i64 % 5) * 100)],
        ));
        asks.push((
            format!("ra{i:02}"),
            "ann",
            vec![
                ("dee", "pending", (i as i64 % 3) * 100),
                ("cy", status, (i as i64 % 3) * 100),
            ],
        ));
    }
    for (id, ..) in &asks {
        let t1 = thread(
            &channel("ws", "c1", "general", false, "bob"),
            "t1",
            "asks",
            "bob",
            0,
        );
        records.push(message(&t1, &format!("m-{id}"), "bob", "please", 0).into());
    }
    seed(&db.store, records).await;
    let stored = asks.clone();
    write(&db.store, "inserting requests", move |tx| {
        Box::pin(async move {
            for (id, requester, recipients) in &stored {
                let obligations: Vec<ObligationRow> = recipients
                    .iter()
                    .map(|(member, status, due)| obligation(id, member, status, *due))
                    .collect();
                requests::insert(&mut tx.conn(), &request(id, "t1", requester), &obligations)
                    .await?;
            }
            Ok(())
        })
    })
    .await;
    let open = |status: &str| matches!(status, "pending" | "acknowledged");
    let mut expected_needs: Vec<(i64, String)> = asks
        .iter()
        .flat_map(|(id, _, rs)| rs.iter().map(move |r| (id, r)))
        .filter(|(_, (member, status, _))| *member == "ann" && open(status))
        .map(|(id, (_, _, due))| (*due, id.clone()))
        .collect();
    expected_needs.sort();
    let mut expected_waiting: Vec<(i64, String, String)> = asks
        .iter()
        .filter(|(_, requester, _)| *requester == "ann")
        .flat_map(|(id, _, rs)| rs.iter().map(move |r| (id, r)))
        .filter(|(_, (_, status, _))| open(status))
        .map(|(id, (member, _, due))| (*due, id.clone(), (*member).to_owned()))
        .collect();
    expected_waiting.sort();

    for limit in [1, 3, 50] {
        let needs = all_pages(
            &db.store,
            limit,
            AskKey::of,
            async |r, after: Option<AskKey>| {
                inbox::needs_me(&mut r.conn(), "ann", after.as_ref(), limit)
                    .await
                    .expect("a page of needs_me")
            },
        )
        .await;
        let listed: Vec<(i64, String)> = needs
            .iter()
            .map(|o| (o.due_at, o.request_id.clone()))
            .collect();
        assert_eq!(listed, expected_needs, "needs_me by {limit}");
        assert!(needs.iter().all(|o| o.requester_id == "bob"));

        let waiting = all_pages(
            &db.store,
            limit,
            AskKey::of,
            async |r, after: Option<AskKey>| {
                inbox::waiting_on(&mut r.conn(), "ann", after.as_ref(), limit)
                    .await
                    .expect("a page of waiting_on")
            },
        )
        .await;
        let listed: Vec<(i64, String, String)> = waiting
            .iter()
            .map(|o: &OpenAskRow| (o.due_at, o.request_id.clone(), o.member_id.clone()))
            .collect();
        assert_eq!(listed, expected_waiting, "waiting_on by {limit}");
    }
    assert_eq!(expected_needs.len(), 7);
    assert_eq!(expected_waiting.len(), 13 + 7);

    // Closing an obligation takes it off its requester's list.
    let first = expected_waiting[0].clone();
    write(&db.store, "answering", move |tx| {
        Box::pin(async move {
            let done = obligation(&first.1, &first.2, "done", first.0);
            requests::update_obligation(&mut tx.conn(), &done).await
        })
    })
    .await;
    let waiting = inbox::waiting_on(&mut reader(&db.store).await.conn(), "ann", None, 100)
        .await
        .expect("waiting_on");
    assert_eq!(waiting.len(), expected_waiting.len() - 1);
}

/// `(thread id, last activity, last author)` of every unread entry of ann's, page by page.
async fn unread_of_ann(store: &Store, limit: i64) -> Vec<(String, i64, String)> {
    all_pages(
        store,
        limit,
        UnreadKey::of,
        async |r, after: Option<UnreadKey>| {
            inbox::unread(&mut r.conn(), "ann", after.as_ref(), limit)
                .await
                .expect("a page of unread")
        },
    )
    .await
    .into_iter()
    .map(|u: UnreadRow| (u.thread_id, u.last_activity_at, u.last_author_id))
    .collect()
}

async fn unread_pages_newest_unread_first_and_follows_replies_follows_and_read_markers(
    db: TestDatabase,
) {
    let general = channel("ws", "c1", "general", false, "bob");
    let mut records = team();
    // Eleven threads by bob, with ties of activity; ann follows all but t-x9.
    let ids: Vec<String> = (0..11).map(|i| format!("t-x{i}")).collect();
    for (i, id) in ids.iter().enumerate() {
        records.push(thread(&general, id, id, "bob", 5 + (i as i64 / 3) * 10).into());
    }
    seed(&db.store, records).await;
    let followed = ids.clone();
    write(&db.store, "following", move |tx| {
        Box::pin(async move {
            for id in followed.iter().filter(|id| *id != "t-x9") {
                threads::follow(&mut tx.conn(), id, "ann", 0).await?;
            }
            Ok(())
        })
    })
    .await;
    let mut expected: Vec<(String, i64, String)> = ids
        .iter()
        .enumerate()
        .filter(|(_, id)| *id != "t-x9")
        .map(|(i, id)| (id.clone(), 5 + (i as i64 / 3) * 10, "bob".to_owned()))
        .collect();
    // Newest first, ties by thread id.
    expected.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for limit in [1, 4, 50] {
        assert_eq!(
            unread_of_ann(&db.store, limit).await,
            expected,
            "by {limit}"
        );
    }

    // A thread already unread keeps its place when more replies come (it is listed by when it
    // turned unread), showing the newest activity: dee's reply to t-x2.
    let t2 = thread(&general, "t-x2", "t-x2", "bob", 0);
    seed(
        &db.store,
        vec![message(&t2, "m-dee", "dee", "more news", 450).into()],
    )
    .await;
    let unread = unread_of_ann(&db.store, 4).await;
    let place = expected.iter().position(|e| e.0 == "t-x2").unwrap();
    assert_eq!(unread[place], ("t-x2".to_owned(), 450, "dee".to_owned()));
    assert_eq!(unread.len(), expected.len());

    // Once read, t-x0 is off the list; a reply by cy brings it back at the top, with cy as its
    // last author. Ann's own reply to t-x1 is not news to her: it takes t-x1 off.
    write(&db.store, "reading t-x0", |tx| {
        Box::pin(async move { threads::mark_read(&mut tx.conn(), "t-x0", "ann", 100).await })
    })
    .await;
    let unread = unread_of_ann(&db.store, 3).await;
    assert!(unread.iter().all(|u| u.0 != "t-x0"), "{unread:?}");
    let t0 = thread(&general, "t-x0", "t-x0", "bob", 0);
    let t1 = thread(&general, "t-x1", "t-x1", "bob", 0);
    seed(
        &db.store,
        vec![
            message(&t0, "m-reply", "cy", "a reply", 500).into(),
            message(&t1, "m-mine", "ann", "mine", 600).into(),
        ],
    )
    .await;
    let unread = unread_of_ann(&db.store, 3).await;
    assert_eq!(unread[0], ("t-x0".to_owned(), 500, "cy".to_owned()));
    assert!(unread.iter().all(|u| u.0 != "t-x1"), "{unread:?}");
    assert_eq!(unread.len(), expected.len() - 1);

    // Following t-x9 later (muting it, which follows too) starts it unread: dee wrote last.
    let t9 = thread(&general, "t-x9", "t-x9", "bob", 0);
    seed(
        &db.store,
        vec![message(&t9, "m-9", "dee", "news", 700).into()],
    )
    .await;
    write(&db.store, "muting", |tx| {
        Box::pin(async move { threads::set_muted(&mut tx.conn(), "t-x9", "ann", true, 800).await })
    })
    .await;
    let unread = unread_of_ann(&db.store, 2).await;
    assert_eq!(unread[0], ("t-x9".to_owned(), 700, "dee".to_owned()));

    // Read markers: read up to the newest activity takes a thread off; an older marker does not.
    write(&db.store, "reading", |tx| {
        Box::pin(async move {
            let mut c = tx.conn();
            threads::mark_read(&mut c, "t-x9", "ann", 700).await?;
            threads::mark_read(&mut c, "t-x0", "ann", 499).await
        })
    })
    .await;
    let unread = unread_of_ann(&db.store, 2).await;
    assert_eq!(unread[0], ("t-x0".to_owned(), 500, "cy".to_owned()));
    assert!(unread.iter().all(|u| u.0 != "t-x9"), "{unread:?}");
    // …until someone else writes again.
    seed(
        &db.store,
        vec![message(&t9, "m-9b", "bob", "more", 900).into()],
    )
    .await;
    let unread = unread_of_ann(&db.store, 2).await;
    assert_eq!(unread[0], ("t-x9".to_owned(), 900, "bob".to_owned()));
}

async fn bulk_history_carries_the_copies_the_inbox_walks(db: TestDatabase) {
    seed(&db.store, team()).await;
    let general = channel("ws", "c1", "general", false, "bob");
    let mut batch = Batch::default();
    let mut busy = thread(&general, "t-bulk", "bulk", "bob", 0);
    busy.last_activity_at = 300;
    busy.last_author_id = "cy".into();
    busy.message_count = 2;
    batch
        .messages
        .push(message(&busy, "m-r", "bob", "asks ann", 100));
    batch
        .messages
        .push(message(&busy, "m-c", "cy", "replies", 300));
    batch.threads.push(busy);
    batch.follows.push(("t-bulk".into(), "ann".into(), 0));
    // A thread loaded by an earlier batch (the seed) gets a follower in this one.
    batch.follows.push(("t1".into(), "ann".into(), 0));
    batch.requests.push(RequestRow {
        message_id: "m-r".into(),
        ..request("r-bulk", "t-bulk", "bob")
    });
    batch
        .obligations
        .push(obligation("r-bulk", "ann", "pending", 50));
    bulk::write(&db.store, batch).await.expect("a bulk batch");

    let mut r = reader(&db.store).await;
    let unread = inbox::unread(&mut r.conn(), "ann", None, 10)
        .await
        .expect("unread");
    let listed: Vec<(&str, i64, &str)> = unread
        .iter()
        .map(|u| {
            (
                u.thread_id.as_str(),
                u.last_activity_at,
                u.last_author_id.as_str(),
            )
        })
        .collect();
    assert_eq!(listed, [("t-bulk", 300, "cy"), ("t1", 5, "bob")]);
    let waiting = inbox::waiting_on(&mut r.conn(), "bob", None, 10)
        .await
        .expect("waiting_on");
    assert_eq!(
        waiting
            .iter()
            .map(|o| (o.request_id.as_str(), o.member_id.as_str()))
            .collect::<Vec<_>>(),
        [("r-bulk", "ann")]
    );
}

async fn a_bulk_obligation_without_its_request_fails_the_batch(db: TestDatabase) {
    seed(&db.store, team()).await;
    let mut batch = Batch::default();
    batch
        .obligations
        .push(obligation("r-missing", "ann", "pending", 50));
    assert!(bulk::write(&db.store, batch).await.is_err());
}

crate::backend_tests!(
    asks_page_through_every_open_obligation_once_in_due_order,
    unread_pages_newest_unread_first_and_follows_replies_follows_and_read_markers,
    bulk_history_carries_the_copies_the_inbox_walks,
    a_bulk_obligation_without_its_request_fails_the_batch,
);
