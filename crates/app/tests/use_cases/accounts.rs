//! Setup, sign-in, members, profiles, time off and holidays.

use sundial_app::AppError;
use sundial_app::accounts::{MemberPatch, NewWorkspace, StatusInput, TimeOffInput};
use sundial_core::WeeklyHours;
use sundial_store::testing::TestDatabase;

use crate::support::{TestApp, at, invalid_field, person};

async fn setup_creates_the_owner_once_and_signs_them_in(db: TestDatabase) {
    let t = TestApp::new(db);
    let owner = t.owner().await;
    assert!(owner.is_admin());
    let me = t.app.me(&owner).await.unwrap();
    assert_eq!(
        (me.role.as_str(), me.time_zone.as_str()),
        ("owner", "America/New_York")
    );
    let again = t
        .app
        .setup(NewWorkspace {
            workspace_name: "Other".into(),
            owner: person("bo@x.test", "Bo", "UTC"),
        })
        .await;
    assert!(matches!(again, Err(AppError::Conflict { .. })), "{again:?}");
}

async fn login_refuses_a_wrong_password_and_an_unknown_email_alike(db: TestDatabase) {
    let t = TestApp::new(db);
    t.owner().await;
    let ok = t
        .app
        .login("ANA@acme.test", "correct horse battery")
        .await
        .unwrap();
    assert_eq!(ok.member.email, "ana@acme.test");
    assert!(t.app.authenticate(&ok.token).await.is_ok());
    let wrong = t.app.login("ana@acme.test", "wrong password").await;
    let unknown = t
        .app
        .login("nobody@acme.test", "correct horse battery")
        .await;
    assert!(matches!(wrong, Err(AppError::Unauthenticated)));
    assert!(matches!(unknown, Err(AppError::Unauthenticated)));
}

async fn logout_revokes_the_token(db: TestDatabase) {
    let t = TestApp::new(db);
    t.owner().await;
    let session = t
        .app
        .login("ana@acme.test", "correct horse battery")
        .await
        .unwrap();
    t.app.logout(&session.token).await.unwrap();
    assert!(matches!(
        t.app.authenticate(&session.token).await,
        Err(AppError::Unauthenticated)
    ));
    assert!(matches!(
        t.app.authenticate("sdl_made_up").await,
        Err(AppError::Unauthenticated)
    ));
}

async fn adding_a_member_names_the_bad_field_and_changes_nothing(db: TestDatabase) {
    let t = TestApp::new(db);
    let owner = t.owner().await;
    let cases = [
        (person("not-an-email", "Bo", "UTC"), "email"),
        (person("bo@x.test", "  ", "UTC"), "name"),
        (person("bo@x.test", "Bo", "Mars/Olympus"), "time_zone"),
        (
            sundial_app::accounts::NewMember {
                password: "short".into(),
                ..person("bo@x.test", "Bo", "UTC")
            },
            "password",
        ),
        (
            sundial_app::accounts::NewMember {
                role: Some("emperor".into()),
                ..person("bo@x.test", "Bo", "UTC")
            },
            "role",
        ),
    ];
    for (input, field) in cases {
        assert_eq!(invalid_field(t.app.add_member(&owner, input).await), field);
    }
    assert_eq!(t.app.members(&owner).await.unwrap().len(), 1);
    let same_handle = t
        .app
        .add_member(&owner, person("ana@elsewhere.test", "Ana Three", "UTC"))
        .await;
    assert!(matches!(&same_handle, Err(AppError::Conflict { field, .. }) if field == "handle"));
    let ana_two = sundial_app::accounts::NewMember {
        handle: Some("ana2".into()),
        ..person("ANA@acme.test", "Ana Two", "UTC")
    };
    let taken = t.app.add_member(&owner, ana_two).await;
    assert!(
        matches!(&taken, Err(AppError::Conflict { field, .. }) if field == "email"),
        "{taken:?}"
    );
    let bo = t.member(&owner, "bo@acme.test", "UTC").await;
    let by_member = t
        .app
        .add_member(&bo, person("cy@acme.test", "Cy", "UTC"))
        .await;
    assert!(matches!(by_member, Err(AppError::Forbidden(_))));
}

async fn the_member_list_shows_each_clock(db: TestDatabase) {
    let t = TestApp::new(db);
    let owner = t.owner().await;
    t.member(&owner, "kenji@acme.test", "Asia/Tokyo").await;
    let members = t.app.members(&owner).await.unwrap();
    let ana = members.iter().find(|m| m.handle == "ana").unwrap();
    let kenji = members.iter().find(|m| m.handle == "kenji").unwrap();
    assert_eq!(ana.local_time, "2026-03-09T10:00");
    assert!(ana.working_now);
    assert_eq!(kenji.local_time, "2026-03-09T23:00");
    assert!(!kenji.working_now);
    assert_eq!(kenji.next_working_start, at("2026-03-10T00:00:00Z"));
}

async fn updating_my_profile_validates_everything_before_writing(db: TestDatabase) {
    let t = TestApp::new(db);
    let owner = t.owner().await;
    let bad = t
        .app
        .update_me(
            &owner,
            MemberPatch {
                name: Some("New Name".into()),
                time_zone: Some("Nowhere/City".into()),
                ..Default::default()
            },
        )
        .await;
    assert_eq!(invalid_field(bad), "time_zone");
    assert_eq!(t.app.me(&owner).await.unwrap().name, "Ana");
    let hours: WeeklyHours = serde_json::from_str(r#"{"mon": [["08:00","12:00"]]}"#).unwrap();
    let until = at("2026-03-09T16:00:00Z");
    let me = t
        .app
        .update_me(
            &owner,
            MemberPatch {
                name: Some("Ana Lima".into()),
                time_zone: Some("Europe/Lisbon".into()),
                working_hours: Some(hours.clone()),
                status: Some(StatusInput {
                    mode: "focus".into(),
                    text: Some("Writing".into()),
                    emoji: None,
                    until: Some(until),
                }),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (me.name.as_str(), me.time_zone.as_str()),
        ("Ana Lima", "Europe/Lisbon")
    );
    assert_eq!(me.working_hours, hours);
    assert_eq!(
        (me.status.mode.as_str(), me.status.until),
        ("focus", Some(until))
    );
    // 14:00 UTC is 14:00 in Lisbon (WET, UTC+0): past Monday's 08–12, and no other day has
    // hours, so the next start is next Monday 08:00 = 08:00 UTC.
    assert!(!me.working_now);
    assert_eq!(me.next_working_start, at("2026-03-16T08:00:00Z"));
    let past = StatusInput {
        mode: "away".into(),
        until: Some(at("2026-03-01T00:00:00Z")),
        ..Default::default()
    };
    let refused = t
        .app
        .update_me(
            &owner,
            MemberPatch {
                status: Some(past),
                ..Default::default()
            },
        )
        .await;
    assert_eq!(invalid_field(refused), "status.until");
}

async fn time_off_and_holidays_are_whole_local_days_off(db: TestDatabase) {
    let t = TestApp::new(db);
    let owner = t.owner().await;
    let day = |d: &str| TimeOffInput {
        start_date: d.into(),
        end_date: d.into(),
        note: String::new(),
    };
    // Today (Monday) off: Ana is not working now; next start is Tuesday 09:00 EDT.
    let me = t.app.add_time_off(&owner, day("2026-03-09")).await.unwrap();
    assert!(!me.working_now);
    assert_eq!(me.next_working_start, at("2026-03-10T13:00:00Z"));
    // Tuesday a holiday too: Wednesday.
    t.app
        .set_holidays(&owner, vec!["2026-03-10".into()])
        .await
        .unwrap();
    assert_eq!(
        t.app.me(&owner).await.unwrap().next_working_start,
        at("2026-03-11T13:00:00Z")
    );
    let backwards = TimeOffInput {
        start_date: "2026-03-12".into(),
        end_date: "2026-03-11".into(),
        note: String::new(),
    };
    assert_eq!(
        invalid_field(t.app.add_time_off(&owner, backwards).await),
        "end_date"
    );
    assert_eq!(
        invalid_field(t.app.set_holidays(&owner, vec!["2026-13-01".into()]).await),
        "dates[0]"
    );
    let bo = t.member(&owner, "bo@acme.test", "UTC").await;
    assert!(matches!(
        t.app.set_holidays(&bo, vec![]).await,
        Err(AppError::Forbidden(_))
    ));
}

sundial_store::backend_tests!(
    setup_creates_the_owner_once_and_signs_them_in,
    login_refuses_a_wrong_password_and_an_unknown_email_alike,
    logout_revokes_the_token,
    adding_a_member_names_the_bad_field_and_changes_nothing,
    the_member_list_shows_each_clock,
    updating_my_profile_validates_everything_before_writing,
    time_off_and_holidays_are_whole_local_days_off,
);
