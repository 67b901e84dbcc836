//! Signing in and out: the session cookie's flags, wrong passwords, and revocation on sign-out.

use reqwest::StatusCode;
use sundial_store::testing::TestDatabase;

use crate::support::{PASSWORD, Site};

async fn signing_in_sets_a_private_session_cookie(db: TestDatabase) {
    let site = Site::start(db).await;
    let mut ana = site.visitor();
    assert_eq!(ana.get("/").await.location.as_deref(), Some("/signin"));
    ana.sign_in("ana@acme.test").await;
    let session = ana
        .raw_cookies
        .iter()
        .find(|c| c.starts_with("sundial_session="))
        .unwrap();
    assert!(session.contains("HttpOnly"), "{session}");
    assert!(session.contains("SameSite=Lax"), "{session}");
    assert!(session.contains("Path=/"), "{session}");
    let inbox = ana.get("/").await;
    assert_eq!(inbox.status, StatusCode::OK);
    assert!(inbox.body.contains("Needs you"));
}

async fn a_wrong_password_is_refused_without_a_session(db: TestDatabase) {
    let site = Site::start(db).await;
    let mut visitor = site.visitor();
    let csrf = visitor.csrf().await;
    let page = visitor
        .post(
            "/signin",
            &[("email", "ana@acme.test"), ("password", "wrong password")],
            Some(&csrf),
        )
        .await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    assert!(page.body.contains("do not match"));
    assert!(!visitor.cookies.contains_key("sundial_session"));
}

async fn signing_out_revokes_the_session(db: TestDatabase) {
    let site = Site::start(db).await;
    let mut ana = site.visitor();
    ana.sign_in("ana@acme.test").await;
    let copied = ana.cookies.get("sundial_session").unwrap().clone();
    let csrf = ana.csrf().await;
    let out = ana.post("/signout", &[], Some(&csrf)).await;
    assert_eq!(out.location.as_deref(), Some("/signin"));
    assert!(!ana.cookies.contains_key("sundial_session"));
    // A copy of the old cookie no longer signs anyone in.
    assert!(site.app.authenticate(&copied).await.is_err());
    ana.cookies.insert("sundial_session".to_owned(), copied);
    assert_eq!(ana.get("/").await.location.as_deref(), Some("/signin"));
    // Signing in again works.
    ana.sign_in("ana@acme.test").await;
}

async fn setup_is_offered_only_before_a_workspace_exists(db: TestDatabase) {
    let site = Site::start(db).await;
    let mut visitor = site.visitor();
    assert_eq!(
        visitor.get("/setup").await.location.as_deref(),
        Some("/signin")
    );
    let csrf = visitor.csrf().await;
    let again = visitor
        .post(
            "/setup",
            &[
                ("workspace_name", "Other"),
                ("name", "Mallory"),
                ("email", "mallory@evil.test"),
                ("password", PASSWORD),
                ("time_zone", "UTC"),
            ],
            Some(&csrf),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(site.app.login("mallory@evil.test", PASSWORD).await.is_err());
}

async fn signing_in_returns_to_the_page_asked_for(db: TestDatabase) {
    let site = Site::start(db).await;
    let mut ana = site.visitor();
    let asked = ana.get("/channels?x=1").await;
    assert_eq!(
        asked.location.as_deref(),
        Some("/signin?next=%2Fchannels%3Fx%3D1")
    );
    let form = ana.get("/signin?next=%2Fchannels%3Fx%3D1").await;
    assert!(
        form.body.contains(r#"name="next" value="/channels?x=1""#),
        "{}",
        form.body
    );
    let csrf = ana.csrf().await;
    let fields = [
        ("email", "ana@acme.test"),
        ("password", PASSWORD),
        ("next", "/channels?x=1"),
    ];
    let signed_in = ana.post("/signin", &fields, Some(&csrf)).await;
    assert_eq!(signed_in.location.as_deref(), Some("/channels?x=1"));
    // Never to another site.
    let mut other = site.visitor();
    let csrf = other.csrf().await;
    let fields = [
        ("email", "ana@acme.test"),
        ("password", PASSWORD),
        ("next", "//evil.test/"),
    ];
    let page = other.post("/signin", &fields, Some(&csrf)).await;
    assert_eq!(page.location.as_deref(), Some("/"));
}

sundial_store::backend_tests!(
    signing_in_returns_to_the_page_asked_for,
    signing_in_sets_a_private_session_cookie,
    a_wrong_password_is_refused_without_a_session,
    signing_out_revokes_the_session,
    setup_is_offered_only_before_a_workspace_exists,
);
