//! Digest email through a real SMTP server (the sink `scripts/test` starts, named by
//! `SUNDIAL_TEST_SMTP_ADDR` and `SUNDIAL_TEST_SMTP_MAILDIR`): the message that arrived, parsed,
//! carries the right subject, From/To, both parts, `Date`, `Message-ID`, links to the thread
//! and an unsubscribe link that works; an unreachable server delays mail without losing it.

use std::path::PathBuf;
use std::sync::Arc;

use jiff::SignedDuration;
use mail_parser::{MessageParser, MimeHeaders};
use reqwest::StatusCode;
use serde_json::json;
use sundial_app::App;
use sundial_app::mail::DigestEmailOutcome;
use sundial_server::smtp::{SmtpConfig, SmtpMailer};
use sundial_store::records::{digests, jobs};
use sundial_store::testing::TestDatabase;

use crate::support::{Member, TestServer, text};

const PUBLIC_URL: &str = "https://sundial.test";
const FROM: &str = "Sundial <sundial@sundial.test>";

/// The test SMTP server's address; a test without one fails, never skips.
fn smtp_addr() -> (String, u16) {
    let addr = std::env::var("SUNDIAL_TEST_SMTP_ADDR").expect(
        "SUNDIAL_TEST_SMTP_ADDR is not set: run scripts/test, or start the sink with \
         scripts/lib/smtp.sh (sundial_smtp_start)",
    );
    let (host, port) = addr
        .rsplit_once(':')
        .expect("SUNDIAL_TEST_SMTP_ADDR is host:port");
    (host.to_owned(), port.parse().expect("a port number"))
}

fn maildir() -> PathBuf {
    std::env::var("SUNDIAL_TEST_SMTP_MAILDIR")
        .expect("SUNDIAL_TEST_SMTP_MAILDIR is not set: run scripts/test")
        .into()
}

fn mailer_to(host: &str, port: u16) -> Arc<SmtpMailer> {
    let config = SmtpConfig::parse(host, Some(port), "none", None, None, FROM).unwrap();
    Arc::new(SmtpMailer::new(&config).unwrap())
}

fn with_test_smtp(app: App) -> App {
    let (host, port) = smtp_addr();
    app.with_mailer(mailer_to(&host, port))
        .with_public_url(PUBLIC_URL)
}

/// Every message the sink received for `address` (the sink is shared by all tests, so each
/// test mails addresses of its own).
fn received_for(address: &str) -> Vec<Vec<u8>> {
    let wanted = format!("X-Sink-Rcpt-To: {address}\r\n");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(maildir()).expect("the sink's maildir") {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        if String::from_utf8_lossy(&bytes).contains(&wanted) {
            found.push(bytes);
        }
    }
    found
}

/// Bo in London with an address no other test uses, and an ask to him from Ana.
async fn ask_bo(s: &TestServer) -> (Member, Member, String, String, String) {
    let ana = s.setup().await;
    let address = format!("bo-{:016x}@mail.test", rand::random::<u64>());
    let bo = s
        .add_member(&ana, &address, "Europe/London", "member")
        .await;
    let general = s.create_channel(&ana, "general", false, &[]).await;
    let ask = json!({"kind": "review", "to": [bo.id], "urgency": "normal"});
    let detail = s.start_thread(&ana, &general, "Budget <Q3>", ask).await;
    let (thread_id, message_id) = (text(&detail, "/thread/id"), text(&detail, "/messages/0/id"));
    (ana, bo, address, thread_id, message_id)
}

async fn latest_digest(s: &TestServer, member: &str) -> String {
    let mut reader = s.app.store().read().await.unwrap();
    let list = digests::list(&mut reader.conn(), member, None, 1)
        .await
        .unwrap();
    list.first().expect("a digest was delivered").id.clone()
}

async fn a_digest_email_arrives_with_links_and_a_working_unsubscribe(db: TestDatabase) {
    let s = TestServer::start_with(db, with_test_smtp).await;
    let (_ana, bo, address, thread_id, message_id) = ask_bo(&s).await;
    // Monday 14:00 in London; Bo's next check time is 16:30.
    s.clock.set("2026-03-09T16:30:00Z".parse().unwrap());
    s.app.run_due_jobs().await.unwrap();

    let mails = received_for(&address);
    assert_eq!(mails.len(), 1, "one digest email");
    let mail = MessageParser::default()
        .parse(&mails[0])
        .expect("a parsable message");
    assert_eq!(mail.subject(), Some("Your Sundial digest: 1 update"));
    let from = mail.from().and_then(|a| a.first()).unwrap();
    assert_eq!(
        (from.name(), from.address()),
        (Some("Sundial"), Some("sundial@sundial.test"))
    );
    let to = mail.to().and_then(|a| a.first()).unwrap();
    assert_eq!(to.address(), Some(address.as_str()));
    let kind = mail.content_type().unwrap();
    assert_eq!(
        (kind.ctype(), kind.subtype()),
        ("multipart", Some("alternative"))
    );
    assert_eq!((mail.text_body_count(), mail.html_body_count()), (1, 1));
    let date = mail.date().expect("a Date header");
    assert!(
        date.to_timestamp() > 1_700_000_000,
        "a real send time: {date}"
    );
    let mail_id = mail.message_id().expect("a Message-ID header");
    assert!(mail_id.contains('@') && !mail_id.contains(' '), "{mail_id}");

    let link = format!("{PUBLIC_URL}/threads/{thread_id}#m-{message_id}");
    let text_part = mail.body_text(0).unwrap();
    let html_part = mail.body_html(0).unwrap();
    for part in [&text_part, &html_part] {
        assert!(part.contains(&link), "{part}");
        assert!(part.contains("New asks"), "{part}");
    }
    assert!(text_part.contains("Budget <Q3>"), "{text_part}");
    assert!(
        html_part.contains("Budget &#60;Q3&#62;") || html_part.contains("Budget &lt;Q3&gt;"),
        "the title is escaped in HTML: {html_part}"
    );
    let header = mail
        .header_raw("List-Unsubscribe")
        .expect("List-Unsubscribe")
        .trim();
    let url = header.trim_start_matches('<').trim_end_matches('>');
    assert!(
        url.starts_with(&format!("{PUBLIC_URL}/unsubscribe?token=")),
        "{url}"
    );
    assert!(text_part.contains(url) && html_part.contains(url));

    // The same job again (a retry after a crash) sends nothing more.
    let digest = latest_digest(&s, &bo.id).await;
    assert_eq!(
        s.app.send_digest_email(&digest).await.unwrap(),
        DigestEmailOutcome::AlreadySent
    );
    assert_eq!(received_for(&address).len(), 1);

    // A made-up token: a 404 page, nothing changes.
    let page = |path: String| {
        let client = s.client.clone();
        async move { client.get(path).send().await.unwrap() }
    };
    let bad = page(format!("{}/unsubscribe?token=sdl_guessed", s.base)).await;
    assert_eq!(bad.status(), StatusCode::NOT_FOUND);
    let (_, me) = s.get("/api/v1/me", &bo.token).await;
    assert_eq!(me["email_notifications"], true);
    // The real link, pointed at this server: email off, and a confirmation page.
    let local = url.replace(PUBLIC_URL, &s.base);
    let good = page(local.clone()).await;
    assert_eq!(good.status(), StatusCode::OK);
    assert!(good.text().await.unwrap().contains("unsubscribed"));
    let (_, me) = s.get("/api/v1/me", &bo.token).await;
    assert_eq!(me["email_notifications"], false);
    assert_eq!(
        page(local).await.status(),
        StatusCode::OK,
        "a second click is harmless"
    );
}

async fn an_unreachable_smtp_server_delays_the_email_without_losing_it(db: TestDatabase) {
    // A port nobody listens on: bound, then released.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let s = TestServer::start_with(db, |app| {
        app.with_mailer(mailer_to("127.0.0.1", port))
            .with_public_url(PUBLIC_URL)
    })
    .await;
    let (_ana, bo, address, _, _) = ask_bo(&s).await;
    s.clock.set("2026-03-09T16:30:00Z".parse().unwrap());
    s.app.run_due_jobs().await.unwrap();
    let digest = latest_digest(&s, &bo.id).await;
    let job_id = format!("{}:{digest}", sundial_app::notifications::EMAIL_DIGEST_JOB);
    let job = {
        let mut reader = s.app.store().read().await.unwrap();
        jobs::get(&mut reader.conn(), &job_id).await.unwrap()
    };
    assert_eq!((job.attempts, job.finished_at), (1, None), "{job:?}");
    assert!(job.last_error.is_some(), "{job:?}");
    assert!(received_for(&address).is_empty());

    // The server is back (a second app on the same store, with the working mailer), and the
    // retry's backoff has passed: the mail goes out, once.
    let (host, smtp_port) = smtp_addr();
    let clock = s.clock.clone();
    let recovered = App::new(s.app.store().clone(), Arc::new(clock))
        .with_mailer(mailer_to(&host, smtp_port))
        .with_public_url(PUBLIC_URL);
    s.clock.advance(SignedDuration::from_mins(1));
    recovered.run_due_jobs().await.unwrap();
    assert_eq!(received_for(&address).len(), 1);
    let job = {
        let mut reader = s.app.store().read().await.unwrap();
        jobs::get(&mut reader.conn(), &job_id).await.unwrap()
    };
    assert!(job.finished_at.is_some(), "{job:?}");
}

sundial_store::backend_tests!(
    a_digest_email_arrives_with_links_and_a_working_unsubscribe,
    an_unreachable_smtp_server_delays_the_email_without_losing_it,
);
