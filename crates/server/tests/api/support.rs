//! A real server on a random loopback port over a fresh database, a manual clock, and helpers
//! to call it. No sleeps: requests are awaited, time moves only when a test moves it.

use std::sync::Arc;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sundial_app::App;
use sundial_core::ManualClock;
use sundial_store::testing::TestDatabase;

/// Monday 2026-03-09 14:00 UTC: 10:00 in New York, 23:00 in Tokyo.
pub const MONDAY_14Z: &str = "2026-03-09T14:00:00Z";

pub struct TestServer {
    pub base: String,
    /// The app the server runs, for what a background job would do (e.g. publishing).
    pub app: App,
    pub client: reqwest::Client,
    pub clock: ManualClock,
    _db: TestDatabase,
}

/// A signed-in member: their token and id.
#[derive(Debug, Clone)]
pub struct Member {
    pub token: String,
    pub id: String,
}

impl TestServer {
    pub async fn start(db: TestDatabase) -> Self {
        Self::launch(db, |app| app, sundial_server::ServeOptions::default()).await
    }

    /// A server whose app is first changed by `configure` (e.g. given a mailer), WITHOUT the
    /// background job worker: the test runs jobs itself (`app.run_due_jobs()`), so no worker
    /// races it for a job whose effects it checks (a mail sent, an attempt counted).
    pub async fn start_with(db: TestDatabase, configure: impl FnOnce(App) -> App) -> Self {
        let options = sundial_server::ServeOptions { run_jobs: false };
        Self::launch(db, configure, options).await
    }

    async fn launch(
        db: TestDatabase,
        configure: impl FnOnce(App) -> App,
        options: sundial_server::ServeOptions,
    ) -> Self {
        let clock = ManualClock::new(MONDAY_14Z.parse().unwrap());
        let app = configure(App::new(db.store.clone(), Arc::new(clock.clone())));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(sundial_server::serve_with(
            listener,
            app.clone(),
            options,
            std::future::pending(),
        ));
        Self {
            base,
            app,
            client: reqwest::Client::new(),
            clock,
            _db: db,
        }
    }

    /// Sends a request and returns the status and the JSON body (`Null` when empty).
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = self.client.request(method, format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("the server answers");
        let status = response.status();
        let text = response.text().await.unwrap();
        let json = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        (status, json)
    }

    pub async fn get(&self, path: &str, token: &str) -> (StatusCode, Value) {
        self.call(Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::POST, path, Some(token), Some(body)).await
    }

    pub async fn patch(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::PATCH, path, Some(token), Some(body))
            .await
    }

    pub async fn put(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::PUT, path, Some(token), Some(body)).await
    }

    /// First-run setup: Ana, the owner, in New York.
    pub async fn setup(&self) -> Member {
        let (status, body) = self
            .call(
                Method::POST,
                "/api/v1/setup",
                None,
                Some(json!({
                    "workspace_name": "Acme", "name": "Ana", "email": "ana@acme.test",
                    "password": "correct horse battery", "time_zone": "America/New_York",
                })),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        Member {
            token: token_of(&body),
            id: body["member"]["id"].as_str().unwrap().to_owned(),
        }
    }

    /// Signs in with the test password.
    pub async fn login(&self, email: &str) -> Member {
        let (status, body) = self
            .call(
                Method::POST,
                "/api/v1/auth/login",
                None,
                Some(json!({"email": email, "password": "correct horse battery"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        Member {
            token: token_of(&body),
            id: body["member"]["id"].as_str().unwrap().to_owned(),
        }
    }
}

fn token_of(body: &Value) -> String {
    body["token"]
        .as_str()
        .expect("a token in the answer")
        .to_owned()
}

/// Asserts an error answer: status, code and (when given) field.
pub fn assert_error(
    answer: &(StatusCode, Value),
    status: StatusCode,
    code: &str,
    field: Option<&str>,
) {
    let (got, body) = answer;
    assert_eq!(*got, status, "{body}");
    assert_eq!(body["error"]["code"], code, "{body}");
    if let Some(field) = field {
        assert_eq!(body["error"]["field"], field, "{body}");
    }
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{body}"
    );
}

// ---- Members, channels and a second workspace (the members and channels API suites) ----

impl TestServer {
    /// Has `admin` add a member (named after the email's local part, with the test password)
    /// over `POST /api/v1/members`, then signs them in.
    pub async fn add_member(&self, admin: &Member, email: &str, zone: &str, role: &str) -> Member {
        let name = email.split('@').next().unwrap_or(email);
        let (status, body) = self
            .post(
                "/api/v1/members",
                &admin.token,
                json!({
                    "email": email, "name": name, "password": "correct horse battery",
                    "time_zone": zone, "role": role,
                }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        self.login(email).await
    }

    /// Another workspace, Globex, with its owner Hank (UTC), signed in. Setup over HTTP works
    /// once per server, so this goes through the app, on the same store and clock, the way the
    /// operator's `sundial admin` does.
    pub async fn second_workspace(&self) -> Member {
        let app = App::new(self._db.store.clone(), Arc::new(self.clock.clone()));
        let result = app
            .create_workspace(sundial_app::accounts::NewWorkspace {
                workspace_name: "Globex".to_owned(),
                owner: sundial_app::accounts::NewMember {
                    email: "hank@globex.test".to_owned(),
                    name: "Hank".to_owned(),
                    password: "correct horse battery".to_owned(),
                    time_zone: "UTC".to_owned(),
                    ..Default::default()
                },
            })
            .await
            .expect("a second workspace");
        Member {
            token: result.token,
            id: result.member.id,
        }
    }
}

// ---- Threads and requests (the threads and requests API suites) ----

/// The people of the threads and requests suites, all on the default Monday–Friday 09:00–17:00:
/// Ana (the owner, New York), Kenji (Tokyo, 23:00 at the test's start) and Bo (London), with
/// the public channel `general`.
pub struct Team {
    pub ana: Member,
    pub kenji: Member,
    pub bo: Member,
    pub general: String,
}

impl TestServer {
    /// Sets up the workspace and [`Team`].
    pub async fn team(&self) -> Team {
        let ana = self.setup().await;
        let kenji = self
            .add_member(&ana, "kenji@acme.test", "Asia/Tokyo", "member")
            .await;
        let bo = self
            .add_member(&ana, "bo@acme.test", "Europe/London", "member")
            .await;
        let general = self.create_channel(&ana, "general", false, &[]).await;
        Team {
            ana,
            kenji,
            bo,
            general,
        }
    }

    /// `by` creates a channel over the API, adds `members`, and gets its id.
    pub async fn create_channel(
        &self,
        by: &Member,
        name: &str,
        private: bool,
        members: &[&Member],
    ) -> String {
        let (status, channel) = self
            .post(
                "/api/v1/channels",
                &by.token,
                json!({"name": name, "private": private}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{channel}");
        let id = text(&channel, "/id");
        if !members.is_empty() {
            let ids: Vec<&str> = members.iter().map(|m| m.id.as_str()).collect();
            let (status, body) = self
                .post(
                    &format!("/api/v1/channels/{id}/members"),
                    &by.token,
                    json!({"member_ids": ids}),
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{body}");
        }
        id
    }

    /// `by` starts a thread in `channel` carrying `request` (`Value::Null` for none) and gets
    /// the thread detail.
    pub async fn start_thread(
        &self,
        by: &Member,
        channel: &str,
        title: &str,
        request: Value,
    ) -> Value {
        let (status, detail) = self
            .post(
                &format!("/api/v1/channels/{channel}/threads"),
                &by.token,
                json!({"title": title, "body": format!("About {title}."), "request": request}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{detail}");
        detail
    }

    /// A POST with an `Idempotency-Key` header.
    pub async fn post_with_key(
        &self,
        path: &str,
        token: &str,
        key: &str,
        body: Value,
    ) -> (StatusCode, Value) {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .bearer_auth(token)
            .header("Idempotency-Key", key)
            .json(&body)
            .send()
            .await
            .expect("the server answers");
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }
}

/// The string at `pointer` (`/thread/id`) in `body`, owned.
pub fn text(body: &Value, pointer: &str) -> String {
    body.pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no string at {pointer} in {body}"))
        .to_owned()
}

/// The obligation of `member` in a request view.
pub fn obligation<'a>(request: &'a Value, member: &str) -> &'a Value {
    request["obligations"]
        .as_array()
        .and_then(|all| all.iter().find(|o| o["member_id"] == member))
        .unwrap_or_else(|| panic!("no obligation for {member} in {request}"))
}

/// How many items a JSON list has.
pub fn len(list: &Value) -> usize {
    list.as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .len()
}

/// `base` with the fields of `extra` set over it: one valid body, varied a field at a time.
pub fn merged(mut base: Value, extra: Value) -> Value {
    if let (Some(base), Value::Object(extra)) = (base.as_object_mut(), extra) {
        base.extend(extra);
    }
    base
}

// ---- Live events, inbox and search (the events, inbox, search and observability suites) ----

pub use live::{EventStream, SseEvent};

/// A small Server-Sent Events reader for `GET /api/v1/events`, and the helpers around it. In a
/// module of its own so its imports cannot collide with the rest of the support file.
mod live {
    use std::pin::Pin;
    use std::sync::Arc;
    use std::time::Duration;

    use futures::{Stream, StreamExt};
    use reqwest::StatusCode;
    use serde_json::{Value, json};
    use sundial_app::App;

    use super::{Member, TestServer};

    /// How long a test waits for an event it expects. Only a guard against hanging when the
    /// server is broken: events are awaited, never slept for.
    const EVENT_GUARD: Duration = Duration::from_secs(5);

    /// One event as a client receives it.
    #[derive(Debug, Clone)]
    pub struct SseEvent {
        /// The `id:` line: the event's sequence number.
        pub id: String,
        /// The `event:` line: the kind, e.g. `thread.created`.
        pub event: String,
        /// The `data:` lines, parsed as JSON (the EventView).
        pub data: Value,
    }

    impl SseEvent {
        /// The id as a number.
        pub fn seq(&self) -> i64 {
            self.id.parse().expect("a numeric event id")
        }
    }

    type Body = Pin<Box<dyn Stream<Item = reqwest::Result<Vec<u8>>> + Send>>;

    /// An open event stream, read frame by frame. Dropping it closes the connection.
    pub struct EventStream {
        body: Body,
        buffer: Vec<u8>,
    }

    impl EventStream {
        /// Reads `response`, which must be a 200 `text/event-stream`.
        pub fn new(response: reqwest::Response) -> Self {
            assert_eq!(response.status(), StatusCode::OK);
            let content_type = response
                .headers()
                .get(reqwest::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            assert!(
                content_type.starts_with("text/event-stream"),
                "{content_type}"
            );
            Self {
                body: Box::pin(
                    response
                        .bytes_stream()
                        .map(|chunk| chunk.map(|b| b.to_vec())),
                ),
                buffer: Vec::new(),
            }
        }

        /// The next event, skipping comments (keep-alives); fails the test if none comes
        /// within a few seconds or the stream ends.
        pub async fn next(&mut self) -> SseEvent {
            tokio::time::timeout(EVENT_GUARD, self.read_event())
                .await
                .expect("an event within the guard time")
        }

        /// The next `n` events.
        pub async fn take(&mut self, n: usize) -> Vec<SseEvent> {
            let mut events = Vec::with_capacity(n);
            for _ in 0..n {
                events.push(self.next().await);
            }
            events
        }

        /// Events until (and including) the first that `wanted` accepts.
        pub async fn until(&mut self, wanted: impl Fn(&SseEvent) -> bool) -> Vec<SseEvent> {
            let mut events = Vec::new();
            loop {
                let event = self.next().await;
                let done = wanted(&event);
                events.push(event);
                if done {
                    return events;
                }
            }
        }

        async fn read_event(&mut self) -> SseEvent {
            loop {
                while let Some(end) = frame_end(&self.buffer) {
                    let frame: Vec<u8> = self.buffer.drain(..end.0).collect();
                    self.buffer.drain(..end.1);
                    if let Some(event) = parse_frame(&String::from_utf8_lossy(&frame)) {
                        return event;
                    }
                }
                let chunk = self
                    .body
                    .next()
                    .await
                    .expect("the stream stays open")
                    .expect("the stream reads");
                self.buffer.extend_from_slice(&chunk);
            }
        }
    }

    /// Where the first frame in `buffer` ends, and the length of the blank line ending it.
    fn frame_end(buffer: &[u8]) -> Option<(usize, usize)> {
        let lf = buffer.windows(2).position(|w| w == b"\n\n").map(|i| (i, 2));
        let crlf = buffer
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .map(|i| (i, 4));
        match (lf, crlf) {
            (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
            (a, b) => a.or(b),
        }
    }

    /// One frame's fields; `None` for a frame of comments only.
    fn parse_frame(frame: &str) -> Option<SseEvent> {
        let (mut id, mut event, mut data) = (None, None, Vec::new());
        for line in frame.lines() {
            if line.starts_with(':') {
                continue;
            }
            let (field, value) = line.split_once(':').unwrap_or((line, ""));
            let value = value.strip_prefix(' ').unwrap_or(value);
            match field {
                "id" => id = Some(value.to_owned()),
                "event" => event = Some(value.to_owned()),
                "data" => data.push(value),
                _ => {}
            }
        }
        if data.is_empty() {
            return None;
        }
        let data = data.join("\n");
        Some(SseEvent {
            id: id.expect("every event has an id"),
            event: event.expect("every event has a kind"),
            data: serde_json::from_str(&data).expect("JSON data"),
        })
    }

    impl TestServer {
        /// `GET /api/v1/events{query}` with an optional bearer token and `Last-Event-ID`.
        pub async fn events_request(
            &self,
            query: &str,
            token: Option<&str>,
            last_event_id: Option<&str>,
        ) -> reqwest::Response {
            let mut request = self
                .client
                .get(format!("{}/api/v1/events{query}", self.base));
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            if let Some(id) = last_event_id {
                request = request.header("Last-Event-ID", id);
            }
            request.send().await.expect("the server answers")
        }

        /// Opens `member`'s event stream, resuming after `last_event_id` when given.
        pub async fn open_events(
            &self,
            member: &Member,
            last_event_id: Option<i64>,
        ) -> EventStream {
            let id = last_event_id.map(|seq| seq.to_string());
            EventStream::new(
                self.events_request("", Some(&member.token), id.as_deref())
                    .await,
            )
        }

        /// The sequence number of the newest event in `member`'s workspace, read through the
        /// app on the same store: where a test starts a stream that should see only what it
        /// does next. (The API has no "latest id" call; clients get it from the stream.)
        pub async fn event_head(&self, member: &Member) -> i64 {
            let app = App::new(self._db.store.clone(), Arc::new(self.clock.clone()));
            let actor = app.authenticate(&member.token).await.expect("a live token");
            let mut last = 0;
            loop {
                let page = app.events_after(&actor, last, 1000).await.expect("events");
                if page.last_seq == last {
                    return last;
                }
                last = page.last_seq;
            }
        }

        /// `by` starts a thread in `channel` with this title and body (no ask); answers the
        /// thread's id.
        pub async fn thread_with_body(
            &self,
            by: &Member,
            channel: &str,
            title: &str,
            body: &str,
        ) -> String {
            let (status, detail) = self
                .post(
                    &format!("/api/v1/channels/{channel}/threads"),
                    &by.token,
                    json!({"title": title, "body": body}),
                )
                .await;
            assert_eq!(status, StatusCode::CREATED, "{detail}");
            detail["thread"]["id"]
                .as_str()
                .expect("a thread id")
                .to_owned()
        }

        /// `by` replies in `thread`; answers the `Posted` JSON.
        pub async fn reply_in(&self, by: &Member, thread: &str, body: &str) -> Value {
            let (status, posted) = self
                .post(
                    &format!("/api/v1/threads/{thread}/messages"),
                    &by.token,
                    json!({ "body": body }),
                )
                .await;
            assert_eq!(status, StatusCode::CREATED, "{posted}");
            posted
        }
    }
}

// ---- Notifications (the notifications API suite) ----

impl TestServer {
    /// Runs the jobs due at the manual clock's now through the app on the same store, as the
    /// server's worker would; the two may overlap safely (delivery is exactly-once).
    pub async fn run_jobs(&self) {
        let app = App::new(self._db.store.clone(), Arc::new(self.clock.clone()));
        app.run_due_jobs().await.expect("running due jobs");
    }

    /// A DELETE with a bearer token.
    pub async fn delete(&self, path: &str, token: &str) -> (StatusCode, Value) {
        self.call(Method::DELETE, path, Some(token), None).await
    }
}
