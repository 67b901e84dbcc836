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
        let clock = ManualClock::new(MONDAY_14Z.parse().unwrap());
        let app = App::new(db.store.clone(), Arc::new(clock.clone()));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(sundial_server::serve(listener, app, std::future::pending()));
        Self {
            base,
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
