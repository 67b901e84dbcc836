//! Channels, visibility and norms: private channels and other workspaces never leak.

use sundial_app::AppError;
use sundial_app::accounts::NewWorkspace;
use sundial_app::channels::NewChannel;
use sundial_core::{ClockKind, Norm, NormsOverride};
use sundial_store::testing::TestDatabase;

use crate::support::{TestApp, invalid_field, person};

async fn a_private_channel_does_not_exist_for_non_members(db: TestDatabase) {
    let t = TestApp::new(db);
    let owner = t.owner().await;
    let bo = t.member(&owner, "bo@acme.test", "UTC").await;
    let secret = t.channel(&owner, "secret", true).await;
    let posted = t.thread(&owner, &secret, "Reorg").await;
    assert!(matches!(
        t.app.channel(&bo, &secret).await,
        Err(AppError::NotFound)
    ));
    assert!(matches!(
        t.app.thread(&bo, &posted.thread.id).await,
        Err(AppError::NotFound)
    ));
    assert!(
        t.app
            .channels(&bo)
            .await
            .unwrap()
            .iter()
            .all(|c| c.id != secret)
    );
    // Once added, Bo sees it.
    t.app
        .add_channel_members(&owner, &secret, vec![bo.member_id.to_string()])
        .await
        .unwrap();
    assert!(t.app.thread(&bo, &posted.thread.id).await.is_ok());
}

async fn guests_see_only_channels_they_were_added_to(db: TestDatabase) {
    let t = TestApp::new(db);
    let owner = t.owner().await;
    let guest = t
        .member_with_role(&owner, "gil@partner.test", "UTC", "guest")
        .await;
    let general = t.channel(&owner, "general", false).await;
    let shared = t.channel(&owner, "shared", false).await;
    t.app
        .add_channel_members(&owner, &shared, vec![guest.member_id.to_string()])
        .await
        .unwrap();
    let visible: Vec<String> = t
        .app
        .channels(&guest)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(visible, vec![shared]);
    assert!(matches!(
        t.app.channel(&guest, &general).await,
        Err(AppError::NotFound)
    ));
    let create = t
        .app
        .create_channel(
            &guest,
            NewChannel {
                name: "mine".into(),
                ..Default::default()
            },
        )
        .await;
    assert!(matches!(create, Err(AppError::Forbidden(_))));
}

async fn nothing_crosses_workspaces(db: TestDatabase) {
    let t = TestApp::new(db);
    let owner = t.owner().await;
    let general = t.channel(&owner, "general", false).await;
    let posted = t.thread(&owner, &general, "Roadmap").await;
    let other = t
        .app
        .create_workspace(NewWorkspace {
            workspace_name: "Globex".into(),
            owner: person("hank@globex.test", "Hank", "UTC"),
        })
        .await
        .unwrap();
    let hank = t.app.authenticate(&other.token).await.unwrap();
    assert!(matches!(
        t.app.channel(&hank, &general).await,
        Err(AppError::NotFound)
    ));
    assert!(matches!(
        t.app.thread(&hank, &posted.thread.id).await,
        Err(AppError::NotFound)
    ));
    assert!(t.app.channels(&hank).await.unwrap().is_empty());
    assert_eq!(t.app.members(&hank).await.unwrap().len(), 1);
    let field = invalid_field(
        t.app
            .add_channel_members(&owner, &general, vec![hank.member_id.to_string()])
            .await,
    );
    assert_eq!(field, "member_ids[0]");
    assert!(matches!(
        t.app.acknowledge(&hank, "whatever").await,
        Err(AppError::NotFound)
    ));
}

async fn channel_norms_override_the_workspace_defaults(db: TestDatabase) {
    let t = TestApp::new(db);
    let owner = t.owner().await;
    let norms = NormsOverride {
        normal: Some(Norm::new(120, ClockKind::Wall).unwrap()),
        ..NormsOverride::default()
    };
    let channel = t
        .app
        .create_channel(
            &owner,
            NewChannel {
                name: "Incidents Room".into(),
                purpose: "Fires".into(),
                private: false,
                norms: Some(norms),
            },
        )
        .await
        .unwrap();
    assert_eq!(channel.name, "incidents-room");
    assert_eq!(
        channel.norms.normal,
        Norm::new(120, ClockKind::Wall).unwrap()
    );
    assert_eq!(
        channel.norms.low,
        Norm::new(1440, ClockKind::Working).unwrap()
    );
    assert_eq!(
        channel.norms.urgent,
        Norm::new(60, ClockKind::Wall).unwrap()
    );
    let duplicate = t
        .app
        .create_channel(
            &owner,
            NewChannel {
                name: "incidents-room".into(),
                ..Default::default()
            },
        )
        .await;
    assert!(
        matches!(&duplicate, Err(AppError::Conflict { field, .. }) if field == "name"),
        "{duplicate:?}"
    );
    let bad = t
        .app
        .create_channel(
            &owner,
            NewChannel {
                name: "no way!".into(),
                ..Default::default()
            },
        )
        .await;
    assert_eq!(invalid_field(bad), "name");
}

sundial_store::backend_tests!(
    a_private_channel_does_not_exist_for_non_members,
    guests_see_only_channels_they_were_added_to,
    nothing_crosses_workspaces,
    channel_norms_override_the_workspace_defaults,
);
