//! The workspace's default norms: admins set them, channels without their own take them.

use sundial_app::AppError;
use sundial_core::{ClockKind, Norm, NormsOverride};
use sundial_store::testing::TestDatabase;

use crate::support::TestApp;

async fn admins_set_default_norms_that_channels_take(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let bo = t.member(&ana, "bo@acme.test", "UTC").await;
    let channel = t.channel(&ana, "general", false).await;
    let before = t.app.workspace_norms(&bo).await.unwrap();
    assert_eq!(before.overrides, NormsOverride::default());

    let four_hours = Norm::new(240, ClockKind::Working).unwrap();
    let overrides = NormsOverride {
        normal: Some(four_hours),
        ..NormsOverride::default()
    };
    let refused = t.app.set_workspace_norms(&bo, overrides).await;
    assert!(
        matches!(refused, Err(AppError::Forbidden(_))),
        "{refused:?}"
    );
    assert_eq!(
        t.app.workspace_norms(&bo).await.unwrap().norms,
        before.norms
    );

    let after = t.app.set_workspace_norms(&ana, overrides).await.unwrap();
    assert_eq!(after.norms.normal, four_hours);
    assert_eq!(after.norms.urgent, before.norms.urgent);
    let seen = t.app.channel(&bo, &channel).await.unwrap();
    assert_eq!(seen.norms.normal, four_hours);
}

sundial_store::backend_tests!(admins_set_default_norms_that_channels_take);
