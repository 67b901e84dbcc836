//! Every unsafe request needs the visitor's CSRF token: without it, or with another's, the
//! server answers 403 and changes nothing.

use reqwest::StatusCode;
use sundial_store::testing::TestDatabase;

use crate::support::Site;

async fn a_form_without_the_token_is_refused_and_changes_nothing(db: TestDatabase) {
    let site = Site::start(db).await;
    let mut ana = site.visitor();
    ana.sign_in("ana@acme.test").await;
    let fields = [
        ("name", "forged"),
        ("normal_unit", "working_days"),
        ("urgent_unit", "minutes"),
    ];
    let missing = ana.post("/channels", &fields, None).await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN);
    let wrong = ana
        .post("/channels", &fields, Some("x".repeat(43).as_str()))
        .await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    let list = ana.get("/channels").await;
    assert!(
        !list.body.contains("forged"),
        "a forged form created a channel"
    );
    // With the token it works.
    let csrf = ana.csrf().await;
    let made = ana.post("/channels", &fields, Some(&csrf)).await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    assert!(ana.get("/channels").await.body.contains("forged"));
}

async fn another_visitors_token_does_not_pass(db: TestDatabase) {
    let site = Site::start(db).await;
    let mut ana = site.visitor();
    ana.sign_in("ana@acme.test").await;
    let mut attacker = site.visitor();
    let theirs = attacker.csrf().await;
    let page = ana.post("/signout", &[], Some(&theirs)).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(ana.get("/").await.status, StatusCode::OK, "still signed in");
}

async fn sign_in_needs_the_token_too(db: TestDatabase) {
    let site = Site::start(db).await;
    let mut visitor = site.visitor();
    let page = visitor
        .post(
            "/signin",
            &[
                ("email", "ana@acme.test"),
                ("password", crate::support::PASSWORD),
            ],
            None,
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(!visitor.cookies.contains_key("sundial_session"));
}

sundial_store::backend_tests!(
    a_form_without_the_token_is_refused_and_changes_nothing,
    another_visitors_token_does_not_pass,
    sign_in_needs_the_token_too,
);
