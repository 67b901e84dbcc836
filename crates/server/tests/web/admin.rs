//! The admin page: admins add members with a role, set holidays and default norms; a refused
//! value is named beside its field and changes nothing; members may not use it at all.

use reqwest::StatusCode;
use sundial_store::testing::TestDatabase;

use crate::support::{PASSWORD, Site};

async fn an_admin_adds_a_member_with_a_role_and_bad_input_adds_nobody(db: TestDatabase) {
    let site = Site::start(db).await;
    let mut ana = site.visitor();
    ana.sign_in("ana@acme.test").await;
    let csrf = ana.csrf().await;
    let bo = [
        ("name", "Bo"),
        ("email", "bo@acme.test"),
        ("password", PASSWORD),
        ("time_zone", "Europe/Berlin"),
        ("role", "admin"),
    ];
    let mut bad = bo;
    bad[1] = ("email", "not-an-email");
    let refused = ana.post("/admin/members", &bad, Some(&csrf)).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(
        refused.body.contains("member-email-error"),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("value=\"Bo\""),
        "what was typed is kept"
    );
    assert!(!ana.get("/admin").await.body.contains("not-an-email"));

    let added = ana.post("/admin/members", &bo, Some(&csrf)).await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let page = ana.get("/admin").await.body;
    assert!(page.contains("bo@acme.test"), "{page}");
    let login = site.app.login("bo@acme.test", PASSWORD).await.unwrap();
    assert_eq!(login.member.role, "admin");
    assert_eq!(login.member.time_zone, "Europe/Berlin");
}

async fn holidays_and_default_norms_are_saved_and_bad_ones_change_nothing(db: TestDatabase) {
    let site = Site::start(db).await;
    let mut ana = site.visitor();
    ana.sign_in("ana@acme.test").await;
    let csrf = ana.csrf().await;
    let saved = ana
        .post(
            "/admin/holidays",
            &[("dates", "2026-12-25\n2026-12-24")],
            Some(&csrf),
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let bad = ana
        .post(
            "/admin/holidays",
            &[("dates", "2026-12-31\nnew year")],
            Some(&csrf),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("Line 2:"), "{}", bad.body);
    let page = ana.get("/admin").await.body;
    assert!(page.contains("2026-12-24\n2026-12-25</textarea>"), "{page}");

    let norms = [
        ("normal_amount", "4"),
        ("normal_unit", "working_hours"),
        ("urgent_amount", ""),
        ("urgent_unit", "minutes"),
    ];
    let set = ana.post("/admin/norms", &norms, Some(&csrf)).await;
    assert_eq!(set.status, StatusCode::SEE_OTHER, "{}", set.body);
    let mut zero = norms;
    zero[0] = ("normal_amount", "0");
    let refused = ana.post("/admin/norms", &zero, Some(&csrf)).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(
        refused.body.contains("default-normal-error"),
        "{}",
        refused.body
    );
    let page = ana.get("/admin").await.body;
    assert!(
        page.contains("Replies expected within 4 working hours; urgent within 60 minutes."),
        "{page}"
    );
}

async fn members_may_not_administer(db: TestDatabase) {
    let site = Site::start(db).await;
    site.add_member("kenji@acme.test", "Kenji").await;
    let mut kenji = site.visitor();
    kenji.sign_in("kenji@acme.test").await;
    assert_eq!(kenji.get("/admin").await.status, StatusCode::FORBIDDEN);
    assert!(!kenji.get("/").await.body.contains("href=\"/admin\""));
    let csrf = kenji.csrf().await;
    let page = kenji
        .post("/admin/holidays", &[("dates", "2026-12-25")], Some(&csrf))
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let login = site.app.login("kenji@acme.test", PASSWORD).await.unwrap();
    let actor = site.app.authenticate(&login.token).await.unwrap();
    assert!(site.app.holidays(&actor).await.unwrap().is_empty());
}

sundial_store::backend_tests!(
    an_admin_adds_a_member_with_a_role_and_bad_input_adds_nobody,
    holidays_and_default_norms_are_saved_and_bad_ones_change_nothing,
    members_may_not_administer,
);
