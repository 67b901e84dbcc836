//! The member list with everyone's clock, admins adding members, and workspace holidays over
//! HTTP.

use reqwest::StatusCode;
use serde_json::{Value, json};
use sundial_store::testing::TestDatabase;

use crate::support::{TestServer, assert_error};

/// The list's item for `id`.
fn item<'a>(list: &'a Value, id: &str) -> &'a Value {
    list["items"]
        .as_array()
        .and_then(|items| items.iter().find(|m| m["id"] == id))
        .unwrap_or_else(|| panic!("{id} is not in {list}"))
}

/// A valid new member; tests change one field at a time.
fn kenji() -> Value {
    json!({
        "email": "kenji@acme.test", "name": "Kenji", "handle": "kenji",
        "password": "correct horse battery", "time_zone": "Asia/Tokyo", "role": "member",
    })
}

fn with(mut body: Value, field: &str, value: Value) -> Value {
    body[field] = value;
    body
}

async fn the_member_list_shows_each_members_clock(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let ana = s.setup().await;
    let kenji = s
        .add_member(&ana, "kenji@acme.test", "Asia/Tokyo", "member")
        .await;
    // Anyone may read the list, not only admins.
    let (status, list) = s.get("/api/v1/members", &kenji.token).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(list["items"].as_array().map(Vec::len), Some(2), "{list}");
    assert_eq!(list["next_cursor"], Value::Null);
    let in_new_york = item(&list, &ana.id);
    assert_eq!(in_new_york["local_time"], "2026-03-09T10:00");
    assert_eq!(in_new_york["working_now"], true);
    assert_eq!(in_new_york["status"]["mode"], "available");
    let in_tokyo = item(&list, &kenji.id);
    assert_eq!(in_tokyo["local_time"], "2026-03-09T23:00");
    assert_eq!(in_tokyo["working_now"], false);
    // Tuesday 09:00 in Tokyo.
    assert_eq!(in_tokyo["next_working_start"], "2026-03-10T00:00:00Z");
    assert_eq!(in_tokyo["status"]["mode"], "available");
}

async fn an_admin_adds_a_member_with_working_hours_and_a_role(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let ana = s.setup().await;
    let body = with(
        with(kenji(), "role", json!("admin")),
        "working_hours",
        json!({"mon": [["13:00", "17:00"], ["08:00", "12:00"]], "sat": [["10:00", "12:00"]]}),
    );
    let (status, created) = s.post("/api/v1/members", &ana.token, body).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["email"], "kenji@acme.test");
    assert_eq!(created["handle"], "kenji");
    assert_eq!(created["role"], "admin");
    assert_eq!(created["time_zone"], "Asia/Tokyo");
    assert_eq!(
        created["working_hours"]["mon"],
        json!([["08:00", "12:00"], ["13:00", "17:00"]])
    );
    assert_eq!(created["working_hours"]["tue"], json!([]));
    assert_eq!(created["working_hours"]["sat"], json!([["10:00", "12:00"]]));
    // Monday 23:00 in Tokyo; the next hours are Saturday's.
    assert_eq!(created["working_now"], false);
    assert_eq!(created["next_working_start"], "2026-03-14T01:00:00Z");
    // The role is real: the new admin may add members in turn.
    let kenji = s.login("kenji@acme.test").await;
    assert_eq!(kenji.id, created["id"]);
    s.add_member(&kenji, "lea@acme.test", "Europe/Paris", "guest")
        .await;
    let (_, list) = s.get("/api/v1/members", &ana.token).await;
    assert_eq!(list["items"].as_array().map(Vec::len), Some(3), "{list}");
}

async fn adding_a_member_names_the_bad_field(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let ana = s.setup().await;
    let overlapping = json!({"mon": [["09:00", "12:00"], ["11:00", "13:00"]]});
    let cases = [
        (
            with(kenji(), "email", json!("kenji-at-acme")),
            "email",
            "name@example.com",
        ),
        (
            with(kenji(), "time_zone", json!("Mars/Base")),
            "time_zone",
            "",
        ),
        (
            with(kenji(), "role", json!("superuser")),
            "role",
            "must be one of: owner, admin, member, guest",
        ),
        (with(kenji(), "role", json!(7)), "role", "invalid type"),
        (
            with(kenji(), "working_hours", overlapping),
            "working_hours",
            "working_hours.mon[1]: 11:00-13:00 overlaps",
        ),
        (
            with(kenji(), "working_hours", json!({"funday": []})),
            "working_hours.funday",
            "unknown field `funday`",
        ),
        (with(kenji(), "name", json!("")), "name", ""),
        (with(kenji(), "password", json!("short")), "password", "8"),
        (
            with(kenji(), "nickname", json!("k")),
            "nickname",
            "unknown field",
        ),
    ];
    for (body, field, in_message) in cases {
        let answer = s.post("/api/v1/members", &ana.token, body).await;
        assert_error(
            &answer,
            StatusCode::BAD_REQUEST,
            "invalid_input",
            Some(field),
        );
        let message = answer.1["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains(in_message), "{}", answer.1);
    }
    let (_, list) = s.get("/api/v1/members", &ana.token).await;
    assert_eq!(
        list["items"].as_array().map(Vec::len),
        Some(1),
        "nothing was added: {list}"
    );
}

async fn a_taken_email_is_a_conflict_on_the_email(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let ana = s.setup().await;
    let first = s.post("/api/v1/members", &ana.token, kenji()).await;
    assert_eq!(first.0, StatusCode::CREATED, "{}", first.1);
    // Same address in other letters, and a fresh handle so only the email collides.
    let again = with(
        with(kenji(), "email", json!("Kenji@ACME.test")),
        "handle",
        json!("kenji2"),
    );
    let answer = s.post("/api/v1/members", &ana.token, again).await;
    assert_error(&answer, StatusCode::CONFLICT, "conflict", Some("email"));
}

async fn only_admins_add_members_and_only_owners_add_owners(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let ana = s.setup().await;
    let bo = s
        .add_member(&ana, "bo@acme.test", "Europe/Lisbon", "member")
        .await;
    let gil = s.add_member(&ana, "gil@partner.test", "UTC", "guest").await;
    let ada = s.add_member(&ana, "ada@acme.test", "UTC", "admin").await;
    for caller in [&bo, &gil] {
        let answer = s.post("/api/v1/members", &caller.token, kenji()).await;
        assert_error(&answer, StatusCode::FORBIDDEN, "forbidden", None);
    }
    let owner = with(kenji(), "role", json!("owner"));
    let answer = s.post("/api/v1/members", &ada.token, owner.clone()).await;
    assert_error(&answer, StatusCode::FORBIDDEN, "forbidden", None);
    let answer = s.post("/api/v1/members", &ana.token, owner).await;
    assert_eq!(answer.0, StatusCode::CREATED, "{}", answer.1);
    assert_eq!(answer.1["role"], "owner");
}

async fn an_admin_sets_the_holidays_and_the_clocks_observe_them(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let ana = s.setup().await;
    let ada = s.add_member(&ana, "ada@acme.test", "UTC", "admin").await;
    let (status, body) = s
        .put(
            "/api/v1/workspace/holidays",
            &ada.token,
            json!({"dates": ["2026-12-25", "2026-03-09", "2026-12-25"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!({"dates": ["2026-03-09", "2026-12-25"]}));
    // Today is a holiday in New York: Ana is off until Tuesday 09:00 (13:00Z, daylight time).
    let (_, list) = s.get("/api/v1/members", &ana.token).await;
    assert_eq!(item(&list, &ana.id)["working_now"], false, "{list}");
    assert_eq!(
        item(&list, &ana.id)["next_working_start"],
        "2026-03-10T13:00:00Z"
    );
    // Replacing, not adding: an empty list clears them.
    let (status, body) = s
        .put(
            "/api/v1/workspace/holidays",
            &ana.token,
            json!({"dates": []}),
        )
        .await;
    assert_eq!((status, body), (StatusCode::OK, json!({"dates": []})));
    let (_, list) = s.get("/api/v1/members", &ana.token).await;
    assert_eq!(item(&list, &ana.id)["working_now"], true, "{list}");
}

async fn only_admins_set_holidays_and_bad_dates_are_named(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let ana = s.setup().await;
    let bo = s.add_member(&ana, "bo@acme.test", "UTC", "member").await;
    let holidays = json!({"dates": ["2026-12-25"]});
    let answer = s
        .put("/api/v1/workspace/holidays", &bo.token, holidays)
        .await;
    assert_error(&answer, StatusCode::FORBIDDEN, "forbidden", None);
    let cases = [
        (json!({"dates": ["2026-02-30"]}), "dates[0]"),
        (json!({"dates": ["2026-12-25", "25/12/2026"]}), "dates[1]"),
        (json!({"dates": [20261225]}), "dates[0]"),
        (json!({"dates": "2026-12-25"}), "dates"),
        (json!({"days": ["2026-12-25"]}), "days"),
    ];
    for (body, field) in cases {
        let answer = s.put("/api/v1/workspace/holidays", &ana.token, body).await;
        assert_error(
            &answer,
            StatusCode::BAD_REQUEST,
            "invalid_input",
            Some(field),
        );
    }
    let (_, list) = s.get("/api/v1/members", &ana.token).await;
    assert_eq!(
        item(&list, &ana.id)["working_now"],
        true,
        "no holiday was set: {list}"
    );
}

sundial_store::backend_tests!(
    the_member_list_shows_each_members_clock,
    an_admin_adds_a_member_with_working_hours_and_a_role,
    adding_a_member_names_the_bad_field,
    a_taken_email_is_a_conflict_on_the_email,
    only_admins_add_members_and_only_owners_add_owners,
    an_admin_sets_the_holidays_and_the_clocks_observe_them,
    only_admins_set_holidays_and_bad_dates_are_named,
);
