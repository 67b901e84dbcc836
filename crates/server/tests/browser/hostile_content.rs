//! Scenario 4: hostile content — a `<script>`, an `<img onerror>`, a `javascript:` link and a
//! very long unbroken word — renders inert and inside the layout, at desktop and phone width.

use crate::support::Harness;

const HOSTILE: &str = "Look: <script>document.title='pwned-script';alert('script')</script>\n\n\
<img src=x onerror=\"document.title='pwned-img';alert('img')\">\n\n\
[click me](javascript:document.title='pwned-link') \
<a href=\"javascript:alert('a')\">raw link</a>\n\n\
Supercalifragilisticexpialidocious";

#[tokio::test]
async fn hostile_content_renders_inert_and_within_the_layout() {
    let harness = Harness::start().await;
    harness
        .run("hostile_content", async |h| {
            h.setup_workspace().await;
            let ana = h.browser("ana").await;
            ana.sign_in("ana@acme.test").await;
            ana.open("/channels").await;
            ana.fill("channel-name", "general").await;
            ana.click("form[action='/channels'] button[type=submit]")
                .await;
            ana.find("#norms").await;
            let long_word = "W".repeat(600);
            ana.fill("thread-title", "Hostile").await;
            ana.fill("thread-body", &format!("{HOSTILE}{long_word}"))
                .await;
            ana.click("form[action$='/threads'] button[type=submit]")
                .await;
            ana.find("#messages .message .body").await;

            for width in [1280, 375] {
                ana.client.set_window_size(width, 900).await.unwrap();
                ana.client.refresh().await.unwrap();
                let body = ana.find("#messages .message .body").await;
                // No script ran: no dialog is open and the title is ours.
                assert!(
                    ana.client.get_alert_text().await.is_err(),
                    "a dialog opened"
                );
                let title = ana.client.title().await.unwrap();
                assert!(title.starts_with("Hostile"), "the title became {title:?}");
                // Nothing executable survived sanitising.
                let html = body.html(true).await.unwrap();
                for bad in ["<script", "onerror", "javascript:"] {
                    assert!(!html.contains(bad), "{bad} survived: {html}");
                }
                assert!(html.contains("Look:"), "{html}");
                // The long word wraps inside the message, and the page never scrolls sideways.
                let widths = ana
                    .client
                    .execute(
                        "const b = document.querySelector('#messages .message .body');\
                         const m = b.closest('.message');\
                         return [b.scrollWidth, m.clientWidth, \
                                 document.documentElement.scrollWidth, window.innerWidth];",
                        vec![],
                    )
                    .await
                    .unwrap();
                let w: Vec<i64> = serde_json::from_value(widths).unwrap();
                assert!(
                    w[0] <= w[1],
                    "the message body ({}) overflows its box ({})",
                    w[0],
                    w[1]
                );
                assert!(
                    w[2] <= w[3],
                    "the page ({}) is wider than the window ({})",
                    w[2],
                    w[3]
                );
                ana.screenshot(&format!("thread-hostile-{width}")).await;
            }
        })
        .await;
}
