//! The inbox over HTTP: what needs me (overdue first, then by due time), what I wait on, and
//! unread threads.

use jiff::SignedDuration;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sundial_store::testing::TestDatabase;

use crate::support::{Member, TestServer, assert_error, text};

fn ask(kind: &str, to: &Member, urgency: &str) -> Value {
    json!({"kind": kind, "to": [to.id], "urgency": urgency})
}

async fn inbox_of(s: &TestServer, member: &Member) -> Value {
    let (status, inbox) = s.get("/api/v1/inbox", &member.token).await;
    assert_eq!(status, StatusCode::OK, "{inbox}");
    inbox
}

/// `(thread title, overdue)` for each entry of one list, in the order answered.
fn titles(inbox: &Value, list: &str) -> Vec<(String, bool)> {
    inbox[list]
        .as_array()
        .unwrap_or_else(|| panic!("a {list} list in {inbox}"))
        .iter()
        .map(|item| (text(item, "/thread_title"), item["overdue"] == true))
        .collect()
}

async fn needs_me_puts_the_overdue_ask_first_then_orders_by_due_time(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let team = s.team().await;
    // Asked in an order unlike the due order, so neither asked-at nor insertion order passes.
    // Bo works 09:00–17:00 in London (UTC now) and it is 14:00 on Monday: normal (480 working
    // minutes) is due Tuesday 14:00, urgent (60 wall minutes) today 15:00, high (240) Tuesday
    // 10:00.
    for (title, urgency) in [
        ("Budget", "normal"),
        ("Outage", "urgent"),
        ("Launch", "high"),
    ] {
        s.start_thread(
            &team.ana,
            &team.general,
            title,
            ask("ack", &team.bo, urgency),
        )
        .await;
    }
    let before = inbox_of(&s, &team.bo).await;
    assert_eq!(
        titles(&before, "needs_me"),
        [
            ("Outage".to_owned(), false),
            ("Launch".to_owned(), false),
            ("Budget".to_owned(), false)
        ]
    );
    assert_eq!(before["needs_me"][0]["due_at"], "2026-03-09T15:00:00Z");
    assert_eq!(before["needs_me"][0]["urgency"], "urgent");

    s.clock.advance(SignedDuration::from_mins(61));
    let after = inbox_of(&s, &team.bo).await;
    assert_eq!(
        titles(&after, "needs_me"),
        [
            ("Outage".to_owned(), true),
            ("Launch".to_owned(), false),
            ("Budget".to_owned(), false)
        ]
    );
    // The asker waits on all three; nobody asked Ana anything.
    let ana = inbox_of(&s, &team.ana).await;
    assert_eq!(ana["waiting_on"].as_array().map(Vec::len), Some(3), "{ana}");
    assert_eq!(ana["needs_me"], json!([]));
}

async fn waiting_on_empties_when_the_ask_is_answered(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let team = s.team().await;
    let detail = s
        .start_thread(
            &team.ana,
            &team.general,
            "Pricing",
            ask("reply", &team.bo, "normal"),
        )
        .await;
    let thread = text(&detail, "/thread/id");
    let request = text(&detail, "/requests/0/id");

    let waiting = inbox_of(&s, &team.ana).await;
    assert_eq!(
        waiting["waiting_on"].as_array().map(Vec::len),
        Some(1),
        "{waiting}"
    );
    assert_eq!(waiting["waiting_on"][0]["request_id"], request.as_str());
    assert_eq!(waiting["waiting_on"][0]["member_id"], team.bo.id.as_str());
    assert_eq!(titles(&inbox_of(&s, &team.bo).await, "needs_me").len(), 1);

    s.reply_in(&team.bo, &thread, "Ten euros a seat.").await;

    let answered = inbox_of(&s, &team.ana).await;
    assert_eq!(answered["waiting_on"], json!([]), "{answered}");
    assert_eq!(inbox_of(&s, &team.bo).await["needs_me"], json!([]));
    // Bo's reply is news in a thread Ana follows.
    assert_eq!(
        answered["unread"][0]["thread_id"],
        thread.as_str(),
        "{answered}"
    );
    assert_eq!(answered["unread"][0]["last_author_id"], team.bo.id.as_str());
}

async fn the_inbox_needs_a_token(db: TestDatabase) {
    let s = TestServer::start(db).await;
    s.setup().await;
    let answer = s.call(Method::GET, "/api/v1/inbox", None, None).await;
    assert_error(&answer, StatusCode::UNAUTHORIZED, "unauthenticated", None);
}

async fn each_list_pages_through_its_own_cursor_parameter(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let team = s.team().await;
    for (title, urgency) in [
        ("Budget", "normal"),
        ("Outage", "urgent"),
        ("Launch", "high"),
    ] {
        s.start_thread(
            &team.ana,
            &team.general,
            title,
            ask("ack", &team.bo, urgency),
        )
        .await;
        s.clock.advance(SignedDuration::from_mins(1));
    }
    let first = s.get("/api/v1/inbox?limit=2", &team.bo.token).await.1;
    assert_eq!(titles(&first, "needs_me").len(), 2, "{first}");
    assert_eq!(first["unread"].as_array().map(Vec::len), Some(2), "{first}");
    assert_eq!(first["waiting_on_next_cursor"], Value::Null, "{first}");
    let needs_me = text(&first, "/needs_me_next_cursor");
    let unread = text(&first, "/unread_next_cursor");

    let path = format!("/api/v1/inbox?limit=2&needs_me_cursor={needs_me}&unread_cursor={unread}");
    let (status, second) = s.get(&path, &team.bo.token).await;
    assert_eq!(status, StatusCode::OK, "{second}");
    assert_eq!(
        titles(&second, "needs_me"),
        [("Budget".to_owned(), false)],
        "the last of Outage, Launch, Budget"
    );
    assert_eq!(second["needs_me_next_cursor"], Value::Null);
    // Unread is newest first: Launch, Outage, then Budget.
    assert_eq!(second["unread"][0]["title"], "Budget", "{second}");
    assert_eq!(second["unread_next_cursor"], Value::Null);

    // Without a limit every list holds up to 50.
    let whole = inbox_of(&s, &team.bo).await;
    assert_eq!(titles(&whole, "needs_me").len(), 3);
    assert_eq!(whole["needs_me_next_cursor"], Value::Null);
}

async fn a_bad_cursor_or_limit_is_a_400_naming_the_parameter(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let team = s.team().await;
    for (query, field) in [
        ("needs_me_cursor=not-a-cursor", "needs_me_cursor"),
        ("waiting_on_cursor=12.", "waiting_on_cursor"),
        ("unread_cursor=soon.t1", "unread_cursor"),
        ("limit=0", "limit"),
        ("limit=501", "limit"),
    ] {
        let answer = s
            .get(&format!("/api/v1/inbox?{query}"), &team.bo.token)
            .await;
        assert_error(
            &answer,
            StatusCode::BAD_REQUEST,
            "invalid_input",
            Some(field),
        );
    }
}

sundial_store::backend_tests!(
    each_list_pages_through_its_own_cursor_parameter,
    a_bad_cursor_or_limit_is_a_400_naming_the_parameter,
    needs_me_puts_the_overdue_ask_first_then_orders_by_due_time,
    waiting_on_empties_when_the_ask_is_answered,
    the_inbox_needs_a_token,
);
