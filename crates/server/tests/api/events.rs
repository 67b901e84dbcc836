//! Live updates over HTTP: the SSE stream delivers new events as they commit, resumes after
//! `Last-Event-ID` with nothing missed or repeated, and never shows a private channel's events
//! to a non-member. Events are awaited, never slept for.

use futures::StreamExt;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use sundial_store::testing::TestDatabase;

use crate::support::{EventStream, SseEvent, TestServer, assert_error};

/// `(id, kind)` of each event.
fn ids_and_kinds(events: &[SseEvent]) -> Vec<(i64, &str)> {
    events.iter().map(|e| (e.seq(), e.event.as_str())).collect()
}

/// The JSON body of an error answer.
async fn error_of(response: reqwest::Response) -> (StatusCode, Value) {
    let status = response.status();
    (status, response.json().await.expect("a JSON error"))
}

async fn events_arrive_live_and_a_reconnect_resumes_after_the_last_id_seen(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let ana = s.setup().await;
    let general = s.create_channel(&ana, "general", false, &[]).await;

    // Without a resume point the stream starts at the beginning of the log.
    let mut stream = s.open_events(&ana, None).await;
    let history = stream
        .until(|e| e.event == "channel.created" && e.data["channel_id"] == general.as_str())
        .await;
    assert_eq!(history[0].seq(), 1, "{history:?}");
    let last = history.last().expect("the channel's creation");
    let head = last.seq();
    let ids: Vec<i64> = history.iter().map(SseEvent::seq).collect();
    assert_eq!(ids, (1..=head).collect::<Vec<_>>(), "the history, in order");
    // `data` is the whole EventView, `id` and `event` repeat its seq and kind.
    assert_eq!(last.data["seq"], head);
    assert_eq!(last.data["kind"], "channel.created");
    assert_eq!(last.data["actor_id"], ana.id.as_str());

    // The stream is open and caught up: a post arrives without polling or sleeping.
    let thread = s
        .thread_with_body(&ana, &general, "Standup", "Moved to 10:00.")
        .await;
    let live = stream.take(2).await;
    assert_eq!(
        ids_and_kinds(&live),
        [(head + 1, "thread.created"), (head + 2, "message.posted")]
    );
    assert_eq!(live[0].data["data"]["thread_id"], thread.as_str());
    assert_eq!(live[1].data["channel_id"], general.as_str());
    let seen = head + 2;
    drop(stream);

    // Changes while disconnected.
    s.reply_in(&ana, &thread, "And on Fridays at 11:00.").await;
    let second = s
        .thread_with_body(&ana, &general, "Offsite", "Lisbon in May?")
        .await;

    let mut resumed = s.open_events(&ana, Some(seen)).await;
    let missed = resumed.take(3).await;
    assert_eq!(
        ids_and_kinds(&missed),
        [
            (seen + 1, "message.posted"),
            (seen + 2, "thread.created"),
            (seen + 3, "message.posted")
        ],
        "exactly what was missed: no gap, no repeat"
    );
    assert_eq!(missed[1].data["data"]["thread_id"], second.as_str());
    // …and it goes on live from there.
    s.reply_in(&ana, &second, "Yes.").await;
    assert_eq!(
        ids_and_kinds(&[resumed.next().await]),
        [(seen + 4, "message.posted")]
    );

    // `?after=` does the same for clients that cannot set headers; the header wins over it,
    // being what an EventSource sends on reconnect to a URL that still says `after`.
    let by_query = s
        .events_request(&format!("?after={seen}"), Some(&ana.token), None)
        .await;
    let first = EventStream::new(by_query).next().await;
    assert_eq!(first.seq(), seen + 1);
    let both = s
        .events_request("?after=0", Some(&ana.token), Some(&(seen + 3).to_string()))
        .await;
    let first = EventStream::new(both).next().await;
    assert_eq!(first.seq(), seen + 4);
}

async fn a_private_channels_events_never_reach_a_non_member(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let team = s.team().await;
    let head = s.event_head(&team.ana).await;
    let mut ana_stream = s.open_events(&team.ana, Some(head)).await;
    let mut bo_stream = s.open_events(&team.bo, Some(head)).await;

    let secret = s.create_channel(&team.ana, "secret", true, &[]).await;
    let hidden = s
        .thread_with_body(&team.ana, &secret, "Layoffs", "Not a word yet.")
        .await;
    let public = s
        .thread_with_body(&team.ana, &team.general, "Picnic", "Saturday at noon.")
        .await;

    // Ana, a member of both, sees all of it: the private events exist.
    let all = ana_stream.take(5).await;
    assert_eq!(
        ids_and_kinds(&all),
        [
            (head + 1, "channel.created"),
            (head + 2, "thread.created"),
            (head + 3, "message.posted"),
            (head + 4, "thread.created"),
            (head + 5, "message.posted")
        ]
    );
    assert_eq!(all[1].data["data"]["thread_id"], hidden.as_str());
    // Bo's next events are the public ones: the private three were skipped, not delayed.
    let for_bo = bo_stream.take(2).await;
    assert_eq!(
        ids_and_kinds(&for_bo),
        [(head + 4, "thread.created"), (head + 5, "message.posted")]
    );
    assert_eq!(for_bo[0].data["data"]["thread_id"], public.as_str());
    assert!(
        for_bo
            .iter()
            .all(|e| e.data["channel_id"] == team.general.as_str()),
        "{for_bo:?}"
    );
    // Resuming from before them does not reveal them either.
    let mut again = s.open_events(&team.bo, Some(head)).await;
    assert_eq!(again.next().await.seq(), head + 4);
}

async fn the_stream_takes_a_bearer_header_or_an_access_token_query(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let ana = s.setup().await;
    let anonymous = error_of(s.events_request("", None, None).await).await;
    assert_error(
        &anonymous,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
        None,
    );
    let bad_header = error_of(s.events_request("", Some("nope"), None).await).await;
    assert_error(
        &bad_header,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
        None,
    );
    let bad_query = error_of(s.events_request("?access_token=nope", None, None).await).await;
    assert_error(
        &bad_query,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
        None,
    );

    // EventSource cannot set headers: the token may come in the query, for this endpoint only.
    let by_query = s
        .events_request(&format!("?access_token={}", ana.token), None, None)
        .await;
    let first = EventStream::new(by_query).next().await;
    assert_eq!(first.seq(), 1);
    let elsewhere = s
        .call(
            Method::GET,
            &format!("/api/v1/me?access_token={}", ana.token),
            None,
            None,
        )
        .await;
    assert_error(
        &elsewhere,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
        None,
    );

    // A revoked token is refused when the stream opens.
    let (status, _) = s
        .call(Method::POST, "/api/v1/auth/logout", Some(&ana.token), None)
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let revoked = error_of(s.events_request("", Some(&ana.token), None).await).await;
    assert_error(&revoked, StatusCode::UNAUTHORIZED, "unauthenticated", None);
}

async fn a_bad_resume_position_is_400_naming_it(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let ana = s.setup().await;
    for id in ["abc", "-1", "1.5"] {
        let answer = error_of(s.events_request("", Some(&ana.token), Some(id)).await).await;
        assert_error(
            &answer,
            StatusCode::BAD_REQUEST,
            "invalid_input",
            Some("Last-Event-ID"),
        );
    }
    for query in ["?after=abc", "?after=-5"] {
        let answer = error_of(s.events_request(query, Some(&ana.token), None).await).await;
        assert_error(
            &answer,
            StatusCode::BAD_REQUEST,
            "invalid_input",
            Some("after"),
        );
    }
    // Authentication comes first: no token is 401 whatever the position says.
    let anonymous = error_of(s.events_request("", None, Some("abc")).await).await;
    assert_error(
        &anonymous,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
        None,
    );
}

async fn a_reconnect_catches_up_across_pages_even_when_a_whole_page_is_hidden(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let team = s.team().await;
    let head = s.event_head(&team.ana).await;
    // While Bo is away: 503 events he may not see (more than a page of the log, 500), then 40
    // he may. After a page with nothing for him the stream must read on at once, not wait for
    // a commit that may never come.
    let secret = s.create_channel(&team.ana, "secret", true, &[]).await;
    let post_many = |channel: String, count: usize| {
        let (s, ana) = (&s, &team.ana);
        futures::stream::iter(0..count).for_each_concurrent(16, move |n| {
            let channel = channel.clone();
            async move {
                s.thread_with_body(ana, &channel, &format!("Note {n}"), "Filed.")
                    .await;
            }
        })
    };
    post_many(secret, 251).await;
    post_many(team.general.clone(), 20).await;
    let (hidden, shown) = (503, 40);

    let mut bo = s.open_events(&team.bo, Some(head)).await;
    let for_bo: Vec<i64> = bo.take(shown).await.iter().map(SseEvent::seq).collect();
    assert_eq!(
        for_bo,
        (head + hidden + 1..=head + hidden + shown as i64).collect::<Vec<_>>()
    );
    // Ana sees all of it, across the page boundary, with no gap and no repeat.
    let mut ana = s.open_events(&team.ana, Some(head)).await;
    let total = hidden as usize + shown;
    let for_ana: Vec<i64> = ana.take(total).await.iter().map(SseEvent::seq).collect();
    assert_eq!(
        for_ana,
        (head + 1..=head + total as i64).collect::<Vec<_>>()
    );
}

sundial_store::backend_tests!(
    events_arrive_live_and_a_reconnect_resumes_after_the_last_id_seen,
    a_private_channels_events_never_reach_a_non_member,
    the_stream_takes_a_bearer_header_or_an_access_token_query,
    a_bad_resume_position_is_400_naming_it,
    a_reconnect_catches_up_across_pages_even_when_a_whole_page_is_hidden,
);
