//! A server on a fresh database, and a visitor: an HTTP client that keeps the cookies it is
//! given (by hand, so each test can see and tamper with them) and reads CSRF tokens from pages.

use std::collections::BTreeMap;
use std::sync::Arc;

use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use sundial_app::App;
use sundial_core::ManualClock;
use sundial_store::testing::TestDatabase;

pub const PASSWORD: &str = "correct horse battery";

pub struct Site {
    pub base: String,
    pub app: App,
    /// The site's clock: a test moves time by hand.
    pub clock: ManualClock,
    _db: TestDatabase,
}

impl Site {
    /// A server at Monday 2026-03-09 14:00 UTC with Ana (owner, New York) set up.
    pub async fn start(db: TestDatabase) -> Self {
        let clock = ManualClock::new("2026-03-09T14:00:00Z".parse().unwrap());
        let app = App::new(db.store.clone(), Arc::new(clock.clone()));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(sundial_server::serve(
            listener,
            app.clone(),
            std::future::pending(),
        ));
        app.setup(sundial_app::accounts::NewWorkspace {
            workspace_name: "Acme".to_owned(),
            owner: member("ana@acme.test", "Ana", "America/New_York"),
        })
        .await
        .unwrap();
        Self {
            base,
            app,
            clock,
            _db: db,
        }
    }

    /// Ana adds a member.
    pub async fn add_member(&self, email: &str, name: &str) {
        let ana = self.app.login("ana@acme.test", PASSWORD).await.unwrap();
        let actor = self.app.authenticate(&ana.token).await.unwrap();
        self.app
            .add_member(&actor, member(email, name, "Asia/Tokyo"))
            .await
            .unwrap();
    }

    pub fn visitor(&self) -> Visitor {
        Visitor {
            base: self.base.clone(),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            cookies: BTreeMap::new(),
            raw_cookies: Vec::new(),
        }
    }
}

fn member(email: &str, name: &str, zone: &str) -> sundial_app::accounts::NewMember {
    sundial_app::accounts::NewMember {
        email: email.to_owned(),
        name: name.to_owned(),
        password: PASSWORD.to_owned(),
        time_zone: zone.to_owned(),
        ..Default::default()
    }
}

/// A browser without the browser: cookies kept by name.
pub struct Visitor {
    base: String,
    client: reqwest::Client,
    pub cookies: BTreeMap<String, String>,
    /// Every `Set-Cookie` header received, as sent.
    pub raw_cookies: Vec<String>,
}

/// A response: status, `Location` (for redirects) and body.
#[derive(Debug)]
pub struct Page {
    pub status: StatusCode,
    pub location: Option<String>,
    pub body: String,
}

impl Visitor {
    pub async fn get(&mut self, path: &str) -> Page {
        let request = self.client.get(format!("{}{path}", self.base));
        self.send(request).await
    }

    /// Posts a form; `csrf` is added as the hidden field when given.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)], csrf: Option<&str>) -> Page {
        let mut form: Vec<(&str, &str)> = fields.to_vec();
        if let Some(token) = csrf {
            form.push(("csrf", token));
        }
        let body = serde_urlencoded::to_string(&form).unwrap();
        let request = self
            .client
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body);
        self.send(request).await
    }

    async fn send(&mut self, mut request: reqwest::RequestBuilder) -> Page {
        // As a browser asks for pages.
        request = request.header(reqwest::header::ACCEPT, "text/html,*/*;q=0.8");
        if !self.cookies.is_empty() {
            let header = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ");
            request = request.header(COOKIE, header);
        }
        let response = request.send().await.unwrap();
        for value in response.headers().get_all(SET_COOKIE) {
            let raw = value.to_str().unwrap().to_owned();
            let pair = raw.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            if value.is_empty() {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
            self.raw_cookies.push(raw);
        }
        Page {
            status: response.status(),
            location: response
                .headers()
                .get(LOCATION)
                .map(|v| v.to_str().unwrap().to_owned()),
            body: response.text().await.unwrap(),
        }
    }

    /// The CSRF token of this visitor (from a page's hidden field).
    pub async fn csrf(&mut self) -> String {
        let page = self.get("/signin").await;
        let marker = "name=\"csrf\" value=\"";
        let start = page.body.find(marker).expect("a CSRF field") + marker.len();
        let end = page.body[start..].find('"').unwrap() + start;
        page.body[start..end].to_owned()
    }

    /// Signs in through the form.
    pub async fn sign_in(&mut self, email: &str) {
        let csrf = self.csrf().await;
        let page = self
            .post(
                "/signin",
                &[("email", email), ("password", PASSWORD)],
                Some(&csrf),
            )
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        assert!(self.cookies.contains_key("sundial_session"));
    }
}
