//! Records round-trips: members, channel visibility, thread pages, read markers and the inbox.

use super::{Seed, channel, in_channel, member, message, reader, seed, thread, workspace, write};
use crate::StoreError;
use crate::records::channels;
use crate::records::inbox;
use crate::records::members::{self, MemberRow, TimeOffRow};
use crate::records::requests::{self, ObligationRow, RequestRow};
use crate::records::threads::{self, ThreadRow};
use crate::testing::TestDatabase;

async fn a_member_round_trips_through_insert_get_update_and_find_by_email(db: TestDatabase) {
    seed(
        &db.store,
        vec![workspace("ws").into(), workspace("other").into()],
    )
    .await;
    let mut ann = member("ws", "ann", "admin");
    ann.status_mode = "focus".into();
    ann.status_text = Some("writing".into());
    ann.status_emoji = Some("✍️".into());
    ann.status_until = Some(5_000);
    ann.created_at = 42;
    let row = ann.clone();
    write(&db.store, "inserting ann", move |tx| {
        Box::pin(async move { members::insert(&mut tx.conn(), &row, "argon2-of-ann").await })
    })
    .await;

    let mut r = reader(&db.store).await;
    let stored = members::get(&mut r.conn(), "ws", "ann").await.expect("ann");
    assert_eq!(format!("{stored:?}"), format!("{ann:?}"));
    let (by_email, hash) = members::find_by_email(&mut r.conn(), "ann@ws.test")
        .await
        .expect("finding by email")
        .expect("ann by her email");
    assert_eq!(
        (by_email.id.as_str(), hash.as_str()),
        ("ann", "argon2-of-ann")
    );
    assert!(
        members::find_by_email(&mut r.conn(), "nobody@ws.test")
            .await
            .expect("finding by email")
            .is_none()
    );
    drop(r);

    let mut changed = ann.clone();
    changed.handle = "annie".into();
    changed.name = "Ann Other".into();
    changed.role = "member".into();
    changed.time_zone = "Asia/Tokyo".into();
    changed.working_hours = r#"{"tue":[["10:00","12:00"]]}"#.into();
    changed.status_mode = "available".into();
    changed.status_text = None;
    changed.status_emoji = None;
    changed.status_until = None;
    changed.delivery_mode = "immediate".into();
    changed.check_times = r#"["08:00"]"#.into();
    changed.email_notifications = false;
    changed.urgent_off_hours = true;
    let row = changed.clone();
    write(&db.store, "updating ann", move |tx| {
        Box::pin(async move { members::update(&mut tx.conn(), &row).await })
    })
    .await;
    let stored = members::get(&mut reader(&db.store).await.conn(), "ws", "ann")
        .await
        .expect("ann");
    assert_eq!(format!("{stored:?}"), format!("{changed:?}"));

    // The same id through another workspace is someone else's business.
    let mut elsewhere = changed.clone();
    elsewhere.workspace_id = "other".into();
    elsewhere.name = "Hijacked".into();
    let result = db
        .store
        .write(move |tx| Box::pin(async move { members::update(&mut tx.conn(), &elsewhere).await }))
        .await;
    assert!(matches!(result, Err(StoreError::NotFound)), "{result:?}");
    let stored = members::get(&mut reader(&db.store).await.conn(), "ws", "ann")
        .await
        .expect("ann");
    assert_eq!(stored.name, "Ann Other");
}

async fn members_are_listed_by_name_within_their_workspace(db: TestDatabase) {
    let named = |id: &str, workspace_id: &str, name: &str| {
        let mut row: MemberRow = member(workspace_id, id, "member");
        row.name = name.into();
        Seed::from(row)
    };
    seed(
        &db.store,
        vec![
            workspace("ws").into(),
            workspace("other").into(),
            named("cid", "ws", "Beth"),
            named("bob", "ws", "Adam"),
            named("ann", "ws", "Beth"),
            named("olga", "other", "Aaron"),
        ],
    )
    .await;
    let listed = members::list(&mut reader(&db.store).await.conn(), "ws")
        .await
        .expect("listing members");
    let ids: Vec<&str> = listed.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["bob", "ann", "cid"], "by name, then id");
}

async fn time_off_is_returned_when_it_ends_on_or_after_the_date(db: TestDatabase) {
    seed(
        &db.store,
        vec![
            workspace("ws").into(),
            member("ws", "ann", "member").into(),
            member("ws", "bob", "member").into(),
            member("ws", "cid", "member").into(),
        ],
    )
    .await;
    let ranges = [
        ("to1", "ann", "2024-01-01", "2024-01-05"),
        ("to2", "ann", "2024-03-01", "2024-03-10"),
        ("to3", "ann", "2024-02-01", "2024-02-02"),
        ("to4", "bob", "2024-03-09", "2024-03-12"),
        ("to5", "cid", "2024-03-01", "2024-03-02"),
    ]
    .map(|(id, member_id, start, end)| TimeOffRow {
        id: id.into(),
        member_id: member_id.into(),
        start_date: start.into(),
        end_date: end.into(),
        note: format!("note {id}"),
    });
    write(&db.store, "inserting time off", move |tx| {
        Box::pin(async move {
            for row in &ranges {
                members::insert_time_off(&mut tx.conn(), row).await?;
            }
            Ok(())
        })
    })
    .await;

    let rows = members::time_off(
        &mut reader(&db.store).await.conn(),
        &["ann".into(), "bob".into()],
        "2024-02-02",
    )
    .await
    .expect("reading time off");
    let found: Vec<(&str, &str, &str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r.id.as_str(),
                r.member_id.as_str(),
                r.start_date.as_str(),
                r.end_date.as_str(),
                r.note.as_str(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("to3", "ann", "2024-02-01", "2024-02-02", "note to3"),
            ("to2", "ann", "2024-03-01", "2024-03-10", "note to2"),
            ("to4", "bob", "2024-03-09", "2024-03-12", "note to4"),
        ]
    );
}

async fn channels_visible_to_a_member_a_guest_and_an_outsider_of_a_private_channel(
    db: TestDatabase,
) {
    seed(
        &db.store,
        vec![
            workspace("ws").into(),
            workspace("other").into(),
            member("ws", "ann", "owner").into(),
            member("ws", "bob", "member").into(),
            member("ws", "gus", "guest").into(),
            member("other", "olga", "owner").into(),
            channel("ws", "c-a", "alpha", false, "ann").into(),
            channel("ws", "c-b", "beta", true, "ann").into(),
            channel("ws", "c-g", "gamma", false, "ann").into(),
            channel("ws", "c-d", "delta", true, "ann").into(),
            channel("other", "c-o", "aardvark", false, "olga").into(),
            in_channel("c-a", "ann"),
            in_channel("c-b", "ann"),
            in_channel("c-g", "gus"),
            in_channel("c-o", "ann"),
        ],
    )
    .await;
    let mut r = reader(&db.store).await;
    for (member_id, guest, expected) in [
        ("ann", false, vec!["alpha", "beta", "gamma"]),
        ("bob", false, vec!["alpha", "gamma"]),
        ("gus", true, vec!["gamma"]),
    ] {
        let visible = channels::visible_to(&mut r.conn(), "ws", member_id, guest)
            .await
            .expect("visible channels");
        let names: Vec<&str> = visible.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, expected, "{member_id}");
    }
}

async fn thread_pages_follow_the_cursor_newest_first_without_duplicates_or_gaps(db: TestDatabase) {
    const THREADS: usize = 23;
    let general = channel("ws", "c1", "general", false, "ann");
    let random = channel("ws", "c2", "random", false, "ann");
    let mut records: Vec<Seed> = vec![
        workspace("ws").into(),
        member("ws", "ann", "owner").into(),
        general.clone().into(),
        random.clone().into(),
    ];
    let mut expected = Vec::new();
    for n in 0..THREADS {
        // Ids out of time order, and three threads per instant, so the id must break ties.
        let id = format!("t-{:02}", (n * 7) % THREADS);
        let at = i64::try_from(n / 3).expect("small") * 10;
        records.push(thread(&general, &id, "a thread", "ann", at).into());
        expected.push((at, id));
        records.push(thread(&random, &format!("r-{n:02}"), "elsewhere", "ann", at).into());
    }
    seed(&db.store, records).await;
    expected.sort();
    expected.reverse();

    let mut r = reader(&db.store).await;
    let mut seen: Vec<(i64, String)> = Vec::new();
    let mut cursor: Option<(i64, String)> = None;
    loop {
        let before = cursor.as_ref().map(|(at, id)| (*at, id.as_str()));
        let page: Vec<ThreadRow> = threads::list(&mut r.conn(), "c1", before, 4)
            .await
            .expect("a page of threads");
        assert!(page.len() <= 4);
        let Some(last) = page.last() else { break };
        cursor = Some((last.last_activity_at, last.id.clone()));
        seen.extend(page.iter().map(|t| (t.last_activity_at, t.id.clone())));
        assert!(seen.len() <= THREADS, "the pages never end: {seen:?}");
    }
    assert_eq!(seen, expected);
}

async fn a_read_marker_never_moves_backwards(db: TestDatabase) {
    let general = channel("ws", "c1", "general", false, "ann");
    let mut busy = thread(&general, "t1", "busy", "ann", 0);
    busy.last_activity_at = 1_000;
    busy.last_author_id = "bob".into();
    seed(
        &db.store,
        vec![
            workspace("ws").into(),
            member("ws", "ann", "owner").into(),
            member("ws", "bob", "member").into(),
            general.into(),
            busy.into(),
        ],
    )
    .await;
    let mark_read = |at: i64| {
        write(&db.store, "marking read", move |tx| {
            Box::pin(async move {
                let mut c = tx.conn();
                threads::follow(&mut c, "t1", "ann", 0).await?;
                threads::mark_read(&mut c, "t1", "ann", at).await
            })
        })
    };
    let read_at = || async {
        let unread = inbox::unread(&mut reader(&db.store).await.conn(), "ann", None, 10)
            .await
            .expect("unread threads");
        unread.first().map(|row| row.read_at)
    };

    mark_read(300).await;
    assert_eq!(read_at().await, Some(Some(300)));
    mark_read(200).await;
    assert_eq!(
        read_at().await,
        Some(Some(300)),
        "an older time keeps the newer"
    );
    mark_read(400).await;
    assert_eq!(read_at().await, Some(Some(400)));
    mark_read(1_000).await;
    assert_eq!(read_at().await, None, "read up to the last activity");
    mark_read(100).await;
    assert_eq!(read_at().await, None, "still read");
}

async fn needs_me_lists_only_open_obligations_by_due_time(db: TestDatabase) {
    let general = channel("ws", "c1", "general", false, "bob");
    let asked = thread(&general, "t1", "asks", "bob", 0);
    let mut records: Vec<Seed> = vec![
        workspace("ws").into(),
        member("ws", "ann", "member").into(),
        member("ws", "bob", "member").into(),
        general.into(),
        asked.clone().into(),
    ];
    // (request, whose, status, due_at)
    let asks = [
        ("r1", "ann", "pending", 300),
        ("r2", "ann", "acknowledged", 100),
        ("r3", "ann", "done", 200),
        ("r4", "ann", "declined", 50),
        ("r5", "ann", "waived", 250),
        ("r6", "bob", "pending", 10),
        ("r7", "ann", "pending", 300),
        ("r0", "ann", "pending", 400),
    ];
    for (id, ..) in asks {
        records.push(message(&asked, &format!("m-{id}"), "bob", "please", 0).into());
    }
    seed(&db.store, records).await;
    write(&db.store, "inserting requests", move |tx| {
        Box::pin(async move {
            for (id, member_id, status, due_at) in asks {
                let request = RequestRow {
                    id: id.into(),
                    workspace_id: "ws".into(),
                    message_id: format!("m-{id}"),
                    thread_id: "t1".into(),
                    requester_id: "bob".into(),
                    kind: "reply".into(),
                    urgency: "normal".into(),
                    explicit_due_at: None,
                    created_at: 0,
                };
                let obligation = ObligationRow {
                    request_id: id.into(),
                    member_id: member_id.into(),
                    status: status.into(),
                    due_at,
                    original_due_at: due_at,
                    updated_at: 0,
                };
                requests::insert(&mut tx.conn(), &request, &[obligation]).await?;
            }
            Ok(())
        })
    })
    .await;

    let mut r = reader(&db.store).await;
    let needs = inbox::needs_me(&mut r.conn(), "ann", None, 10)
        .await
        .expect("what needs ann");
    let listed: Vec<(&str, &str, i64)> = needs
        .iter()
        .map(|o| (o.request_id.as_str(), o.status.as_str(), o.due_at))
        .collect();
    assert_eq!(
        listed,
        [
            ("r2", "acknowledged", 100),
            ("r1", "pending", 300),
            ("r7", "pending", 300),
            ("r0", "pending", 400),
        ]
    );
    assert_eq!(
        (
            needs[0].thread_id.as_str(),
            needs[0].thread_title.as_str(),
            needs[0].channel_id.as_str(),
            needs[0].requester_id.as_str(),
            needs[0].message_id.as_str(),
        ),
        ("t1", "asks", "c1", "bob", "m-r2")
    );
    let first_two = inbox::needs_me(&mut r.conn(), "ann", None, 2)
        .await
        .expect("what needs ann");
    let ids: Vec<&str> = first_two.iter().map(|o| o.request_id.as_str()).collect();
    assert_eq!(ids, ["r2", "r1"]);
}

async fn unread_lists_followed_threads_with_others_activity_since_the_last_read(db: TestDatabase) {
    let general = channel("ws", "c1", "general", false, "ann");
    // (thread, last author, last activity, followed by ann, ann's read marker)
    let cases = [
        ("t-new", "bob", 500, true, None),
        ("t-mine", "ann", 700, true, None),
        ("t-read", "bob", 400, true, Some(450)),
        ("t-read-exactly", "bob", 400, true, Some(400)),
        ("t-newer", "bob", 600, true, Some(300)),
        ("t-unfollowed", "bob", 800, false, None),
    ];
    let mut records: Vec<Seed> = vec![
        workspace("ws").into(),
        member("ws", "ann", "member").into(),
        member("ws", "bob", "member").into(),
        general.clone().into(),
    ];
    for (id, last_author, at, ..) in cases {
        let mut row = thread(&general, id, id, "bob", 0);
        row.last_author_id = last_author.into();
        row.last_activity_at = at;
        records.push(row.into());
    }
    seed(&db.store, records).await;
    write(&db.store, "following and reading", move |tx| {
        Box::pin(async move {
            let mut c = tx.conn();
            for (id, _, _, followed, read_at) in cases {
                if followed {
                    threads::follow(&mut c, id, "ann", 0).await?;
                    // Following twice changes nothing.
                    threads::follow(&mut c, id, "ann", 1).await?;
                }
                if let Some(at) = read_at {
                    threads::mark_read(&mut c, id, "ann", at).await?;
                }
            }
            Ok(())
        })
    })
    .await;

    let unread = inbox::unread(&mut reader(&db.store).await.conn(), "ann", None, 10)
        .await
        .expect("ann's unread threads");
    let listed: Vec<(&str, &str, i64, Option<i64>)> = unread
        .iter()
        .map(|u| {
            (
                u.thread_id.as_str(),
                u.last_author_id.as_str(),
                u.last_activity_at,
                u.read_at,
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            ("t-newer", "bob", 600, Some(300)),
            ("t-new", "bob", 500, None)
        ]
    );
}

crate::backend_tests!(
    a_member_round_trips_through_insert_get_update_and_find_by_email,
    members_are_listed_by_name_within_their_workspace,
    time_off_is_returned_when_it_ends_on_or_after_the_date,
    channels_visible_to_a_member_a_guest_and_an_outsider_of_a_private_channel,
    thread_pages_follow_the_cursor_newest_first_without_duplicates_or_gaps,
    a_read_marker_never_moves_backwards,
    needs_me_lists_only_open_obligations_by_due_time,
    unread_lists_followed_threads_with_others_activity_since_the_last_read,
);
