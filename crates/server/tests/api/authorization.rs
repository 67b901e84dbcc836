//! Who may do what on the members and channels endpoints, as a matrix: every role (owner,
//! admin, member, guest, and the owner of another workspace) against a public channel, a
//! public channel the guest was added to, a private channel the caller is not in, another
//! workspace's channel and a made-up id. Whatever the caller may not see answers 404, never
//! 403: a 403 would confirm that the thing exists. 403 is kept for what they can see but their
//! role forbids.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sundial_store::testing::TestDatabase;

use crate::channels::create_channel;
use crate::support::{Member, TestServer, assert_error};

/// Ana's workspace with one member of each role, Cy who owns every channel, and Globex next
/// door.
struct World {
    s: TestServer,
    owner: Member,
    admin: Member,
    member: Member,
    guest: Member,
    cy: Member,
    hank: Member,
    /// Public; the guest is not in it.
    general: String,
    /// Public; the guest was added.
    shared: String,
    /// Private; only Cy is in it.
    secret: String,
    /// Globex's public channel.
    globex: String,
}

impl World {
    async fn new(db: TestDatabase) -> Self {
        let s = TestServer::start(db).await;
        let owner = s.setup().await;
        let admin = s.add_member(&owner, "ada@acme.test", "UTC", "admin").await;
        let member = s.add_member(&owner, "bo@acme.test", "UTC", "member").await;
        let guest = s
            .add_member(&owner, "gil@partner.test", "UTC", "guest")
            .await;
        let cy = s.add_member(&owner, "cy@acme.test", "UTC", "member").await;
        let general = create_channel(&s, &cy, "general", false).await;
        let shared = create_channel(&s, &cy, "shared", false).await;
        let secret = create_channel(&s, &cy, "secret", true).await;
        let (status, body) = s
            .post(
                &format!("/api/v1/channels/{shared}/members"),
                &cy.token,
                json!({"member_ids": [guest.id]}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let hank = s.second_workspace().await;
        let globex = create_channel(&s, &hank, "general", false).await;
        Self {
            s,
            owner,
            admin,
            member,
            guest,
            cy,
            hank,
            general,
            shared,
            secret,
            globex,
        }
    }

    /// The callers, labelled.
    fn callers(&self) -> [(&'static str, &Member); 5] {
        [
            ("owner", &self.owner),
            ("admin", &self.admin),
            ("member", &self.member),
            ("guest", &self.guest),
            ("other workspace's owner", &self.hank),
        ]
    }

    /// The channels, labelled.
    fn channels(&self) -> [(&'static str, &str); 5] {
        [
            ("public", &self.general),
            ("public with the guest", &self.shared),
            ("private, caller not in", &self.secret),
            ("another workspace's", &self.globex),
            ("made up", "00000000000000000000000000000000"),
        ]
    }
}

/// Asserts `answer` has `expected` status and, for errors, the code that goes with it.
fn assert_answer(answer: &(StatusCode, Value), expected: StatusCode, case: &str) {
    let (status, body) = answer;
    assert_eq!(*status, expected, "{case}: {body}");
    let code = match expected {
        StatusCode::FORBIDDEN => "forbidden",
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::UNAUTHORIZED => "unauthenticated",
        _ => return,
    };
    assert_eq!(body["error"]["code"], code, "{case}: {body}");
}

const OK: StatusCode = StatusCode::OK;
const GONE: StatusCode = StatusCode::NO_CONTENT;
const FORBIDDEN: StatusCode = StatusCode::FORBIDDEN;
const NOT_FOUND: StatusCode = StatusCode::NOT_FOUND;

/// For each caller, per channel in [`World::channels`] order: reading it, adding oneself to
/// it, and removing Cy (who is in every one of Ana's channels) from it.
const MATRIX: [[[StatusCode; 3]; 5]; 5] = {
    const HIDDEN: [StatusCode; 3] = [NOT_FOUND; 3];
    [
        // owner
        [[OK, OK, GONE], [OK, OK, GONE], HIDDEN, HIDDEN, HIDDEN],
        // admin
        [[OK, OK, GONE], [OK, OK, GONE], HIDDEN, HIDDEN, HIDDEN],
        // member: sees the public channels; only admins remove others.
        [
            [OK, OK, FORBIDDEN],
            [OK, OK, FORBIDDEN],
            HIDDEN,
            HIDDEN,
            HIDDEN,
        ],
        // guest: sees only the channel they were added to, where they may not add anyone.
        [HIDDEN, [OK, FORBIDDEN, FORBIDDEN], HIDDEN, HIDDEN, HIDDEN],
        // other workspace's owner: only Globex's channel, where Cy is not a member.
        [HIDDEN, HIDDEN, HIDDEN, [OK, OK, NOT_FOUND], HIDDEN],
    ]
};

async fn what_a_caller_cannot_see_is_not_found_and_never_forbidden(db: TestDatabase) {
    let w = World::new(db).await;
    let s = &w.s;
    for ((who, caller), row) in w.callers().into_iter().zip(MATRIX) {
        for ((what, id), [read, add, remove]) in w.channels().into_iter().zip(row) {
            let case = format!("{who} on the {what} channel");
            let answer = s
                .get(&format!("/api/v1/channels/{id}"), &caller.token)
                .await;
            assert_answer(&answer, read, &format!("GET, {case}"));
            let answer = s
                .post(
                    &format!("/api/v1/channels/{id}/members"),
                    &caller.token,
                    json!({"member_ids": [caller.id]}),
                )
                .await;
            assert_answer(&answer, add, &format!("POST members, {case}"));
            let answer = s
                .call(
                    Method::DELETE,
                    &format!("/api/v1/channels/{id}/members/{}", w.cy.id),
                    Some(&caller.token),
                    None,
                )
                .await;
            assert_answer(&answer, remove, &format!("DELETE Cy, {case}"));
            if remove == GONE {
                // Put Cy back, so the next caller finds the same world.
                let (status, body) = s
                    .post(
                        &format!("/api/v1/channels/{id}/members"),
                        &w.cy.token,
                        json!({"member_ids": [w.cy.id]}),
                    )
                    .await;
                assert_eq!(status, OK, "Cy rejoins: {body}");
            }
        }
    }
}

async fn a_private_channel_never_shows_in_a_non_members_list(db: TestDatabase) {
    let w = World::new(db).await;
    let names = |list: &Value| -> Vec<String> {
        list["items"]
            .as_array()
            .expect("a list")
            .iter()
            .map(|c| c["id"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    let ours = vec![w.general.clone(), w.shared.clone()];
    for (who, caller, want) in [
        ("owner", &w.owner, ours.clone()),
        ("admin", &w.admin, ours.clone()),
        ("member", &w.member, ours.clone()),
        ("guest", &w.guest, vec![w.shared.clone()]),
        ("other workspace's owner", &w.hank, vec![w.globex.clone()]),
    ] {
        let (status, list) = w.s.get("/api/v1/channels", &caller.token).await;
        assert_eq!(status, StatusCode::OK, "{who}: {list}");
        assert_eq!(names(&list), want, "{who}");
    }
    let (_, list) = w.s.get("/api/v1/channels", &w.cy.token).await;
    assert_eq!(
        names(&list),
        [w.general.clone(), w.secret.clone(), w.shared.clone()]
    );
}

async fn roles_decide_who_creates_channels_members_and_holidays(db: TestDatabase) {
    let w = World::new(db).await;
    let s = &w.s;
    for (i, (who, caller)) in w.callers().into_iter().enumerate() {
        let admin = matches!(who, "owner" | "admin" | "other workspace's owner");
        let channel = s
            .post(
                "/api/v1/channels",
                &caller.token,
                json!({"name": format!("by-{i}")}),
            )
            .await;
        let want = if who == "guest" {
            StatusCode::FORBIDDEN
        } else {
            StatusCode::CREATED
        };
        assert_answer(&channel, want, &format!("{who} creates a channel"));
        let member = s
            .post(
                "/api/v1/members",
                &caller.token,
                json!({
                    "email": format!("new-{i}@acme.test"), "name": "New",
                    "handle": format!("new-{i}"),
                    "password": "correct horse battery", "time_zone": "UTC",
                }),
            )
            .await;
        let want = if admin {
            StatusCode::CREATED
        } else {
            StatusCode::FORBIDDEN
        };
        assert_answer(&member, want, &format!("{who} adds a member"));
        let holidays = s
            .put(
                "/api/v1/workspace/holidays",
                &caller.token,
                json!({"dates": ["2026-12-25"]}),
            )
            .await;
        let want = if admin {
            StatusCode::OK
        } else {
            StatusCode::FORBIDDEN
        };
        assert_answer(&holidays, want, &format!("{who} sets holidays"));
    }
}

async fn member_lists_stay_inside_their_workspace(db: TestDatabase) {
    let w = World::new(db).await;
    let count = |list: &Value| list["items"].as_array().map_or(0, Vec::len);
    for (who, caller) in w.callers() {
        let (status, list) = w.s.get("/api/v1/members", &caller.token).await;
        assert_eq!(status, StatusCode::OK, "{who}: {list}");
        let want = if who == "other workspace's owner" {
            1
        } else {
            5
        };
        assert_eq!(count(&list), want, "{who}: {list}");
        let hank_seen = list["items"]
            .as_array()
            .is_some_and(|items| items.iter().any(|m| m["id"] == w.hank.id));
        assert_eq!(hank_seen, who == "other workspace's owner", "{who}");
    }
}

async fn every_endpoint_wants_a_token(db: TestDatabase) {
    let w = World::new(db).await;
    let (general, cy) = (&w.general, &w.cy.id);
    let calls = [
        (Method::GET, "/api/v1/members".to_owned(), None),
        (Method::POST, "/api/v1/members".to_owned(), Some(json!({}))),
        (
            Method::PUT,
            "/api/v1/workspace/holidays".to_owned(),
            Some(json!({"dates": []})),
        ),
        (Method::GET, "/api/v1/channels".to_owned(), None),
        (
            Method::POST,
            "/api/v1/channels".to_owned(),
            Some(json!({"name": "x"})),
        ),
        (Method::GET, format!("/api/v1/channels/{general}"), None),
        (
            Method::POST,
            format!("/api/v1/channels/{general}/members"),
            Some(json!({"member_ids": [cy]})),
        ),
        (
            Method::DELETE,
            format!("/api/v1/channels/{general}/members/{cy}"),
            None,
        ),
    ];
    for (method, path, body) in calls {
        let case = format!("{method} {path}");
        let anonymous = w.s.call(method.clone(), &path, None, body.clone()).await;
        assert_error(
            &anonymous,
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            None,
        );
        let forged = w.s.call(method, &path, Some("not-a-token"), body).await;
        assert_answer(&forged, StatusCode::UNAUTHORIZED, &case);
    }
}

sundial_store::backend_tests!(
    what_a_caller_cannot_see_is_not_found_and_never_forbidden,
    a_private_channel_never_shows_in_a_non_members_list,
    roles_decide_who_creates_channels_members_and_holidays,
    member_lists_stay_inside_their_workspace,
    every_endpoint_wants_a_token,
);
