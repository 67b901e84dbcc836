//! Notifications never cross a channel's walls or a workspace's: nobody is told about a
//! private channel they are not in, and one member's notifications and digests are theirs.

use sundial_app::AppError;
use sundial_store::testing::TestDatabase;

use super::{delivered, digests, reply, run_until};
use crate::support::{TestApp, at};

async fn a_private_channel_notifies_only_its_members(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let bo = t.member(&ana, "bo@acme.test", "America/New_York").await;
    let cy = t.member(&ana, "cy@acme.test", "America/New_York").await;
    let secret = t.channel(&ana, "secret", true).await;
    t.app
        .add_channel_members(&ana, &secret, vec![bo.member_id.to_string()])
        .await
        .unwrap();
    let thread = t.thread(&ana, &secret, "Reorg").await.thread.id;
    reply(&t, &ana, &thread, "Thoughts, @bo and @cy?").await;
    run_until(&t, at("2026-03-09T17:30:00Z")).await;
    assert_eq!(delivered(&t, &bo).await.len(), 1);
    assert!(
        delivered(&t, &cy).await.is_empty(),
        "Cy is not in the channel"
    );
    // Nor may Cy follow or mute it: it does not exist for them.
    assert!(matches!(
        t.app.follow_thread(&cy, &thread).await,
        Err(AppError::NotFound)
    ));
    assert!(matches!(
        t.app.mute_thread(&cy, &thread).await,
        Err(AppError::NotFound)
    ));
}

async fn one_members_notifications_and_digests_are_theirs_alone(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let bo = t.member(&ana, "bo@acme.test", "America/New_York").await;
    let general = t.channel(&ana, "general", false).await;
    t.ask(&ana, &general, "Budget", "review", "normal", &[&bo])
        .await;
    run_until(&t, at("2026-03-09T17:30:00Z")).await;
    let notification = delivered(&t, &bo).await.remove(0);
    let digest = digests(&t, &bo).await.remove(0);
    let created = t
        .app
        .create_workspace(sundial_app::accounts::NewWorkspace {
            workspace_name: "Globex".into(),
            owner: crate::support::person("zed@globex.test", "Zed", "UTC"),
        })
        .await
        .unwrap();
    let zed = t.app.authenticate(&created.token).await.unwrap();
    // Neither another member of the workspace nor anyone from another workspace reaches them.
    for actor in [&ana, &zed] {
        assert!(matches!(
            t.app.mark_notification_read(actor, &notification.id).await,
            Err(AppError::NotFound)
        ));
        assert!(matches!(
            t.app.digest(actor, &digest.id).await,
            Err(AppError::NotFound)
        ));
        assert!(delivered(&t, actor).await.is_empty());
        assert!(digests(&t, actor).await.is_empty());
    }
    t.app
        .mark_notification_read(&bo, &notification.id)
        .await
        .unwrap();
    assert_eq!(t.app.inbox(&bo).await.unwrap().unread_notifications, 0);
    let unread = t.app.notifications(&bo, None, None, true).await.unwrap();
    assert!(unread.items.is_empty());
}

sundial_store::backend_tests!(
    a_private_channel_notifies_only_its_members,
    one_members_notifications_and_digests_are_theirs_alone,
);
