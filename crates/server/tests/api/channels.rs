//! Channels over HTTP: creating them with norms, the list each caller sees, adding and
//! removing members.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sundial_store::testing::TestDatabase;

use crate::support::{Member, TestServer, assert_error};

/// Creates a channel as `member` and returns its id.
pub async fn create_channel(s: &TestServer, member: &Member, name: &str, private: bool) -> String {
    let (status, body) = s
        .post(
            "/api/v1/channels",
            &member.token,
            json!({"name": name, "purpose": "", "private": private}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["id"].as_str().expect("a channel id").to_owned()
}

/// The names in a channel list, in the order answered.
fn names(list: &Value) -> Vec<&str> {
    list["items"]
        .as_array()
        .expect("a list of items")
        .iter()
        .map(|c| c["name"].as_str().expect("a name"))
        .collect()
}

async fn a_channel_is_created_with_its_norms_over_the_defaults(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let ana = s.setup().await;
    let (status, created) = s
        .post(
            "/api/v1/channels",
            &ana.token,
            json!({
                "name": "Incidents Room", "purpose": "Fires", "private": false,
                "norms": {"normal": {"minutes": 120, "clock": "wall"}},
            }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["name"], "incidents-room");
    assert_eq!(created["purpose"], "Fires");
    assert_eq!(created["private"], false);
    assert_eq!(created["created_by"], ana.id);
    assert_eq!(
        created["norms"],
        json!({
            "low": {"minutes": 1440, "clock": "working"},
            "normal": {"minutes": 120, "clock": "wall"},
            "high": {"minutes": 240, "clock": "working"},
            "urgent": {"minutes": 60, "clock": "wall"},
        })
    );
    assert_eq!(
        created["norms_override"],
        json!({"normal": {"minutes": 120, "clock": "wall"}})
    );
    let id = created["id"].as_str().expect("an id");
    let (status, read) = s.get(&format!("/api/v1/channels/{id}"), &ana.token).await;
    assert_eq!(status, StatusCode::OK, "{read}");
    assert_eq!(read, created);
    // Without norms, purpose or privacy: the workspace's norms, public.
    let (status, plain) = s
        .post("/api/v1/channels", &ana.token, json!({"name": "general"}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{plain}");
    assert_eq!(plain["private"], false);
    assert_eq!(
        plain["norms"]["normal"],
        json!({"minutes": 480, "clock": "working"})
    );
    assert_eq!(plain["norms_override"], json!({}));
}

async fn a_taken_channel_name_is_a_conflict_on_the_name(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let ana = s.setup().await;
    create_channel(&s, &ana, "general", false).await;
    // The same name once normalised, and private this time: names are per workspace.
    let answer = s
        .post(
            "/api/v1/channels",
            &ana.token,
            json!({"name": "General", "private": true}),
        )
        .await;
    assert_error(&answer, StatusCode::CONFLICT, "conflict", Some("name"));
}

async fn bad_channel_input_is_refused_naming_the_field(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let ana = s.setup().await;
    let norms = |norms: Value| json!({"name": "ops", "norms": norms});
    let cases = [
        (
            norms(json!({"critical": {"minutes": 5, "clock": "wall"}})),
            "norms.critical",
            "unknown field `critical`",
        ),
        (
            norms(json!({"normal": {"minutes": 0, "clock": "wall"}})),
            "norms.normal",
            "minutes",
        ),
        (
            norms(json!({"high": {"minutes": 5, "clock": "lunar"}})),
            "norms.high.clock",
            "lunar",
        ),
        (json!({"name": "no way!"}), "name", "may only contain"),
        (
            json!({"name": "ops", "private": "yes"}),
            "private",
            "boolean",
        ),
        (json!({"name": "ops", "topic": "x"}), "topic", "topic"),
    ];
    for (body, field, in_message) in cases {
        let answer = s.post("/api/v1/channels", &ana.token, body).await;
        assert_error(
            &answer,
            StatusCode::BAD_REQUEST,
            "invalid_input",
            Some(field),
        );
        let message = answer.1["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains(in_message), "{}", answer.1);
    }
    let (_, list) = s.get("/api/v1/channels", &ana.token).await;
    assert_eq!(names(&list), Vec::<&str>::new(), "nothing was created");
}

async fn the_list_shows_public_channels_and_only_the_private_ones_i_am_in(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let ana = s.setup().await;
    let bo = s.add_member(&ana, "bo@acme.test", "UTC", "member").await;
    create_channel(&s, &ana, "general", false).await;
    let secret = create_channel(&s, &ana, "secret", true).await;
    create_channel(&s, &bo, "bo-notes", true).await;
    let (status, list) = s.get("/api/v1/channels", &ana.token).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(names(&list), ["general", "secret"]);
    assert_eq!(list["next_cursor"], Value::Null);
    let (_, list) = s.get("/api/v1/channels", &bo.token).await;
    assert_eq!(names(&list), ["bo-notes", "general"]);
    // Once added, Bo sees the private channel too.
    let added = s
        .post(
            &format!("/api/v1/channels/{secret}/members"),
            &ana.token,
            json!({"member_ids": [bo.id]}),
        )
        .await;
    assert_eq!(added.0, StatusCode::OK, "{}", added.1);
    let (_, list) = s.get("/api/v1/channels", &bo.token).await;
    assert_eq!(names(&list), ["bo-notes", "general", "secret"]);
}

async fn adding_members_answers_the_channels_members(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let ana = s.setup().await;
    let bo = s.add_member(&ana, "bo@acme.test", "UTC", "member").await;
    let cy = s.add_member(&ana, "cy@acme.test", "UTC", "member").await;
    let ops = create_channel(&s, &ana, "ops", true).await;
    let path = format!("/api/v1/channels/{ops}/members");
    let mut everyone = vec![ana.id.clone(), bo.id.clone(), cy.id.clone()];
    everyone.sort();
    let (status, body) = s
        .post(&path, &ana.token, json!({"member_ids": [bo.id, cy.id]}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!({ "member_ids": everyone }));
    // Adding someone already there changes nothing, and a new member may add others.
    let (status, body) = s
        .post(&path, &bo.token, json!({"member_ids": [cy.id]}))
        .await;
    assert_eq!(
        (status, body),
        (StatusCode::OK, json!({ "member_ids": everyone }))
    );
    let unknown = s
        .post(
            &path,
            &ana.token,
            json!({"member_ids": [bo.id, "no-such-member"]}),
        )
        .await;
    assert_error(
        &unknown,
        StatusCode::BAD_REQUEST,
        "invalid_input",
        Some("member_ids[1]"),
    );
    let empty = s.post(&path, &ana.token, json!({"member_ids": []})).await;
    assert_error(
        &empty,
        StatusCode::BAD_REQUEST,
        "invalid_input",
        Some("member_ids"),
    );
    let missing = s.post(&path, &ana.token, json!({})).await;
    assert_error(&missing, StatusCode::BAD_REQUEST, "invalid_input", None);
}

async fn members_leave_and_only_admins_remove_others(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let ana = s.setup().await;
    let bo = s.add_member(&ana, "bo@acme.test", "UTC", "member").await;
    let cy = s.add_member(&ana, "cy@acme.test", "UTC", "member").await;
    let ops = create_channel(&s, &ana, "ops", true).await;
    let add = async |ids: Vec<&str>| {
        s.post(
            &format!("/api/v1/channels/{ops}/members"),
            &ana.token,
            json!({ "member_ids": ids }),
        )
        .await
    };
    add(vec![&bo.id, &cy.id]).await;
    let remove = async |caller: &Member, member_id: &str| {
        s.call(
            Method::DELETE,
            &format!("/api/v1/channels/{ops}/members/{member_id}"),
            Some(&caller.token),
            None,
        )
        .await
    };
    let forbidden = remove(&bo, &cy.id).await;
    assert_error(&forbidden, StatusCode::FORBIDDEN, "forbidden", None);
    assert_eq!(remove(&bo, &bo.id).await.0, StatusCode::NO_CONTENT);
    // Bo left a private channel: it no longer exists for him, even to leave again.
    let gone = s.get(&format!("/api/v1/channels/{ops}"), &bo.token).await;
    assert_error(&gone, StatusCode::NOT_FOUND, "not_found", None);
    assert_error(
        &remove(&bo, &bo.id).await,
        StatusCode::NOT_FOUND,
        "not_found",
        None,
    );
    assert_eq!(remove(&ana, &cy.id).await.0, StatusCode::NO_CONTENT);
    // Removing someone who is not in the channel is a 404.
    assert_error(
        &remove(&ana, &cy.id).await,
        StatusCode::NOT_FOUND,
        "not_found",
        None,
    );
    let (_, after) = add(vec![&ana.id]).await;
    assert_eq!(after, json!({"member_ids": [ana.id]}));
}

sundial_store::backend_tests!(
    a_channel_is_created_with_its_norms_over_the_defaults,
    a_taken_channel_name_is_a_conflict_on_the_name,
    bad_channel_input_is_refused_naming_the_field,
    the_list_shows_public_channels_and_only_the_private_ones_i_am_in,
    adding_members_answers_the_channels_members,
    members_leave_and_only_admins_remove_others,
);
