//! The harness: a server over a fresh SQLite database with a manual clock, a chromedriver of
//! its own, one browser window per member, and helpers that read like what a person does.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use futures::FutureExt;
use sundial_app::App;
use sundial_core::ManualClock;
use sundial_store::testing::TestDatabase;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// Monday 2026-03-09 14:00 UTC: 10:00 in New York (working), 23:00 in Tokyo (not).
pub const MONDAY_14Z: &str = "2026-03-09T14:00:00Z";

/// The password every test member has.
pub const PASSWORD: &str = "correct horse battery";

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// How long to wait for something to appear (a live update, a page load) before failing.
pub const PATIENCE: Duration = Duration::from_secs(15);

/// A running server and its browser driver.
pub struct Harness {
    pub base: String,
    pub app: App,
    /// The server's clock: a scenario moves time by hand.
    pub clock: ManualClock,
    driver: Child,
    driver_url: String,
    windows: Vec<(String, Client)>,
    _db: TestDatabase,
    _profiles: Vec<tempfile::TempDir>,
}

impl Harness {
    /// A server on SQLite at [`MONDAY_14Z`] and a chromedriver, both on loopback.
    pub async fn start() -> Self {
        for binary in [CHROMIUM, CHROMEDRIVER] {
            assert!(
                Path::new(binary).exists(),
                "{binary} is missing: the browser tests need Debian's `chromium` and \
                 `chromium-driver` packages (scripts/test installs them; or run \
                 `apt-get install -y chromium chromium-driver`)"
            );
        }
        let db = sundial_store::testing::sqlite().await;
        let clock = ManualClock::new(MONDAY_14Z.parse().unwrap());
        let app = App::new(db.store.clone(), Arc::new(clock.clone()));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(sundial_server::serve(
            listener,
            app.clone(),
            std::future::pending(),
        ));
        let (driver, driver_url) = start_driver().await;
        Self {
            base,
            app,
            clock,
            driver,
            driver_url,
            windows: Vec::new(),
            _db: db,
            _profiles: Vec::new(),
        }
    }

    /// A new browser with its own profile (its own cookies), named for failure reports.
    pub async fn browser(&mut self, name: &str) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".to_owned(),
            serde_json::json!({
                "binary": CHROMIUM,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--disable-quic",
                    "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
            }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&self.driver_url)
            .await
            .expect("chromedriver starts a browser session");
        self._profiles.push(profile);
        self.windows.push((name.to_owned(), client.clone()));
        Browser {
            client,
            base: self.base.clone(),
        }
    }

    /// Runs a scenario; if it fails (error or panic), saves every window's screenshot and HTML
    /// to `test-artifacts/failures/<test>-<window>.{png,html}` and fails the test.
    pub async fn run(mut self, test: &str, scenario: impl AsyncFnOnce(&mut Harness)) {
        let outcome = std::panic::AssertUnwindSafe(scenario(&mut self))
            .catch_unwind()
            .await;
        if outcome.is_err() {
            let dir = artifacts().join("failures");
            std::fs::create_dir_all(&dir).unwrap();
            for (name, client) in &self.windows {
                if let Ok(png) = client.screenshot().await {
                    let _ = std::fs::write(dir.join(format!("{test}-{name}.png")), png);
                }
                if let Ok(html) = client.source().await {
                    let _ = std::fs::write(dir.join(format!("{test}-{name}.html")), html);
                }
            }
        }
        for (_, client) in std::mem::take(&mut self.windows) {
            let _ = client.close().await;
        }
        let _ = self.driver.kill().await;
        if let Err(panic) = outcome {
            std::panic::resume_unwind(panic);
        }
    }

    /// The first-run setup through the app (scenario 1 covers the form): Ana, the owner, in
    /// New York, with [`PASSWORD`].
    pub async fn setup_workspace(&self) {
        self.app
            .setup(sundial_app::accounts::NewWorkspace {
                workspace_name: "Acme".to_owned(),
                owner: sundial_app::accounts::NewMember {
                    email: "ana@acme.test".to_owned(),
                    name: "Ana".to_owned(),
                    password: PASSWORD.to_owned(),
                    time_zone: "America/New_York".to_owned(),
                    ..Default::default()
                },
            })
            .await
            .unwrap();
    }

    /// Adds a member to the first workspace as its owner would, with [`PASSWORD`].
    pub async fn add_member(&self, owner_email: &str, email: &str, name: &str, zone: &str) {
        let owner = self.app.login(owner_email, PASSWORD).await.unwrap();
        let actor = self.app.authenticate(&owner.token).await.unwrap();
        self.app
            .add_member(
                &actor,
                sundial_app::accounts::NewMember {
                    email: email.to_owned(),
                    name: name.to_owned(),
                    password: PASSWORD.to_owned(),
                    time_zone: zone.to_owned(),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
    }
}

/// Starts chromedriver on a free loopback port and waits for it to say it is ready.
async fn start_driver() -> (Child, String) {
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().port()
    };
    let mut driver = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .arg("--allowed-ips=127.0.0.1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("chromedriver starts");
    let stdout = driver.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let ready = tokio::time::timeout(PATIENCE, async {
        while let Ok(Some(line)) = lines.next_line().await {
            if line.contains("started successfully") {
                return true;
            }
        }
        false
    })
    .await;
    assert_eq!(ready, Ok(true), "chromedriver did not start on port {port}");
    // Keep draining its output so it never blocks on a full pipe.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    (driver, format!("http://127.0.0.1:{port}"))
}

/// `test-artifacts/` at the repository root.
pub fn artifacts() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../test-artifacts")
}

/// One member's browser window.
pub struct Browser {
    pub client: Client,
    base: String,
}

impl Browser {
    pub async fn open(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .unwrap();
    }

    /// The element matching `css`, waiting for it to appear.
    pub async fn find(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element matches {css}: {e}"))
    }

    /// Types into the field labelled by the element with id `id` (replacing its value).
    pub async fn fill(&self, id: &str, text: &str) {
        let field = self.find(&format!("#{id}")).await;
        field.clear().await.unwrap();
        field.send_keys(text).await.unwrap();
    }

    /// Picks an option by value in the select with id `id`.
    pub async fn choose(&self, id: &str, value: &str) {
        self.find(&format!("#{id}"))
            .await
            .select_by_value(value)
            .await
            .unwrap();
    }

    /// Clicks the element matching `css`.
    pub async fn click(&self, css: &str) {
        self.find(css).await.click().await.unwrap();
    }

    /// The visible text of the element matching `css`.
    pub async fn text(&self, css: &str) -> String {
        self.find(css).await.text().await.unwrap()
    }

    /// Waits until the element matching `css` contains `needle` in its text.
    pub async fn wait_for_text(&self, css: &str, needle: &str) {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            let text = match self.client.find(Locator::Css(css)).await {
                Ok(element) => element.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if text.contains(needle) {
                return;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "{css} never showed {needle:?}; it shows {text:?}"
            );
            tokio::task::yield_now().await;
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The path of the current page.
    pub async fn path(&self) -> String {
        self.client.current_url().await.unwrap().path().to_owned()
    }

    /// Saves a screenshot to `test-artifacts/screenshots/<name>.png`.
    pub async fn screenshot(&self, name: &str) {
        let dir = artifacts().join("screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        let png = self.client.screenshot().await.unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }

    /// Saves the page at desktop width as `<name>.png` and at a 375px-wide phone viewport as
    /// `<name>-phone.png`, then restores the window.
    pub async fn screenshots(&self, name: &str) {
        self.screenshot(name).await;
        let (width, height) = self.client.get_window_size().await.unwrap();
        self.client.set_window_size(375, 812).await.unwrap();
        self.screenshot(&format!("{name}-phone")).await;
        self.client
            .set_window_size(width.try_into().unwrap(), height.try_into().unwrap())
            .await
            .unwrap();
    }

    /// Signs in through the form.
    pub async fn sign_in(&self, email: &str) {
        self.open("/signin").await;
        self.fill("email", email).await;
        self.fill("password", PASSWORD).await;
        self.click("form[action='/signin'] button[type=submit]")
            .await;
        self.find("nav[aria-label=Main]").await;
    }
}
