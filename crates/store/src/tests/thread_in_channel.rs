//! `threads::get_in_channel`: a thread with its channel, whether a member belongs to it and its
//! workspace's norms, in one query; nothing from another workspace.

use super::{channel, in_channel, member, reader, seed, thread, workspace};
use crate::Sql;
use crate::backend_tests;
use crate::error::StoreError;
use crate::records::threads;
use crate::testing::TestDatabase;

async fn a_thread_comes_with_its_channel_and_the_members_place_in_it(db: TestDatabase) {
    let mut secret = channel("ws", "c-secret", "secret", true, "ann");
    secret.purpose = "Reorg".to_owned();
    secret.norms = r#"{"urgent":{"minutes":60,"clock":"wall"}}"#.to_owned();
    secret.created_at = 42;
    let t1 = thread(&secret, "t1", "Plans", "ann", 5);
    let mut ws = workspace("ws");
    ws.norms = r#"{"normal":{"minutes":240,"clock":"working"}}"#.to_owned();
    seed(
        &db.store,
        vec![
            ws.clone().into(),
            workspace("other").into(),
            member("ws", "ann", "owner").into(),
            member("ws", "bo", "member").into(),
            secret.clone().into(),
            in_channel("c-secret", "ann"),
            t1.clone().into(),
        ],
    )
    .await;
    let mut r = reader(&db.store).await;
    let found = threads::get_in_channel(&mut r.conn(), "ws", "t1", "ann")
        .await
        .expect("ann's thread");
    assert_eq!(found.thread.id, "t1");
    assert_eq!(found.thread.title, t1.title);
    assert_eq!(found.thread.last_activity_at, t1.last_activity_at);
    let c = &found.channel;
    assert_eq!(
        (c.id.as_str(), c.workspace_id.as_str(), c.name.as_str()),
        ("c-secret", "ws", "secret")
    );
    assert_eq!(
        (c.purpose.as_str(), c.norms.as_str()),
        ("Reorg", secret.norms.as_str())
    );
    assert!(c.private);
    assert_eq!((c.created_by.as_str(), c.created_at), ("ann", 42));
    assert!(found.member_of_channel);
    assert_eq!(
        found.workspace_norms, ws.norms,
        "the workspace's stored norms"
    );
    let token: i64 = Sql::new("SELECT version FROM audience_version")
        .fetch_scalar(&mut reader(&db.store).await.conn())
        .await
        .expect("the audience token");
    assert_eq!(found.audience_version, token, "the audience token");

    let for_bo = threads::get_in_channel(&mut r.conn(), "ws", "t1", "bo")
        .await
        .expect("the thread, whoever asks");
    assert!(!for_bo.member_of_channel, "bo is not in the channel");

    let elsewhere = threads::get_in_channel(&mut r.conn(), "other", "t1", "ann").await;
    assert!(
        matches!(elsewhere, Err(StoreError::NotFound)),
        "{elsewhere:?}"
    );
}

backend_tests!(a_thread_comes_with_its_channel_and_the_members_place_in_it);
