//! The settings page: each section saves through `update_me` (or `focus`, `add_time_off`); a
//! refused value is named beside its field, keeps what was typed and changes nothing.

use reqwest::StatusCode;
use sundial_app::Actor;
use sundial_store::testing::TestDatabase;

use crate::support::{PASSWORD, Site};

async fn ana(site: &Site) -> Actor {
    let login = site.app.login("ana@acme.test", PASSWORD).await.unwrap();
    site.app.authenticate(&login.token).await.unwrap()
}

async fn delivery_settings_save_and_bad_check_times_change_nothing(db: TestDatabase) {
    let site = Site::start(db).await;
    let mut visitor = site.visitor();
    visitor.sign_in("ana@acme.test").await;
    let csrf = visitor.csrf().await;
    let fields = [
        ("delivery_mode", "immediate"),
        ("check_times", "09:00, 15:00"),
        ("email_notifications", "on"),
    ];
    let saved = visitor
        .post("/settings/delivery", &fields, Some(&csrf))
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let me = site.app.me(&ana(&site).await).await.unwrap();
    assert_eq!(me.delivery_mode, "immediate");
    assert_eq!(me.check_times, ["09:00", "15:00"]);
    assert!(me.email_notifications);
    assert!(!me.urgent_off_hours, "an unticked box turns it off");

    let bad = [
        ("check_times", "09:00, 25:00"),
        ("delivery_mode", "batched"),
    ];
    let refused = visitor.post("/settings/delivery", &bad, Some(&csrf)).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(
        refused.body.contains("check-times-error"),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("value=\"09:00, 25:00\""),
        "typed value kept"
    );
    let unchanged = site.app.me(&ana(&site).await).await.unwrap();
    assert_eq!(unchanged.delivery_mode, "immediate");
    assert_eq!(unchanged.check_times, ["09:00", "15:00"]);
}

async fn status_and_one_click_focus(db: TestDatabase) {
    let site = Site::start(db).await;
    let mut visitor = site.visitor();
    visitor.sign_in("ana@acme.test").await;
    let csrf = visitor.csrf().await;
    let focus = visitor
        .post("/settings/focus", &[("length", "two_hours")], Some(&csrf))
        .await;
    assert_eq!(focus.status, StatusCode::SEE_OTHER, "{}", focus.body);
    let page = visitor.get("/settings").await.body;
    // 14:00Z is 10:00 in New York; two hours later is noon there.
    assert!(page.contains("Focusing until Mon 9 Mar, 12:00"), "{page}");

    let bad = [("mode", "away"), ("until", "soon")];
    let refused = visitor.post("/settings/status", &bad, Some(&csrf)).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(
        refused.body.contains("status-until-error"),
        "{}",
        refused.body
    );
    let me = site.app.me(&ana(&site).await).await.unwrap();
    assert_eq!(me.status.mode, "focus", "a refused status changes nothing");

    let away = [
        ("mode", "away"),
        ("until", "2026-03-10T09:00"),
        ("text", "Dentist"),
    ];
    let saved = visitor.post("/settings/status", &away, Some(&csrf)).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let me = site.app.me(&ana(&site).await).await.unwrap();
    assert_eq!(me.status.mode, "away");
    assert_eq!(me.status.text.as_deref(), Some("Dentist"));
    assert_eq!(
        me.status.until,
        Some("2026-03-10T13:00:00Z".parse().unwrap())
    );
}

async fn time_off_and_profile_errors_name_their_field(db: TestDatabase) {
    let site = Site::start(db).await;
    let mut visitor = site.visitor();
    visitor.sign_in("ana@acme.test").await;
    let csrf = visitor.csrf().await;
    let backwards = [("start_date", "2026-03-20"), ("end_date", "2026-03-19")];
    let refused = visitor
        .post("/settings/time-off", &backwards, Some(&csrf))
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(
        refused.body.contains("time-off-end-error"),
        "{}",
        refused.body
    );
    let trip = [
        ("start_date", "2026-03-20"),
        ("end_date", "2026-03-23"),
        ("note", "Lisbon"),
    ];
    let saved = visitor.post("/settings/time-off", &trip, Some(&csrf)).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert!(visitor.get("/settings").await.body.contains("Lisbon"));

    let zone = [
        ("name", "Ana"),
        ("handle", "ana"),
        ("time_zone", "Mars/Base"),
    ];
    let refused = visitor.post("/settings/profile", &zone, Some(&csrf)).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(
        refused.body.contains("profile-zone-error"),
        "{}",
        refused.body
    );
    let me = site.app.me(&ana(&site).await).await.unwrap();
    assert_eq!(me.time_zone, "America/New_York");
}

sundial_store::backend_tests!(
    delivery_settings_save_and_bad_check_times_change_nothing,
    status_and_one_click_focus,
    time_off_and_profile_errors_name_their_field,
);
