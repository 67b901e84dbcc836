//! Scenario 2: Ana (New York) and Kenji (Tokyo), each in their own browser. Ana starts a thread
//! asking Kenji for a reply; the composer's preview shows Kenji's local due time before she
//! sends; Kenji's inbox shows the ask with that due time without a reload; Kenji replies; Ana's
//! "Waiting on others" empties without a reload, and a reply being typed in another window
//! survives the live update of the thread.

use crate::support::Harness;

/// Monday 14:00Z is 23:00 in Tokyo, after Kenji's day: a reply within the default 1 working day
/// (8 working hours from his next start, Tuesday 09:00) is due Tuesday 17:00 in Tokyo, which is
/// Tuesday 04:00 in New York (already on daylight time).
const DUE_IN_TOKYO: &str = "Tue 10 Mar, 17:00";
const DUE_IN_NEW_YORK: &str = "Tue 10 Mar, 04:00";

#[tokio::test]
async fn an_ask_across_time_zones_is_seen_and_answered_live() {
    let harness = Harness::start().await;
    harness
        .run("across_zones", async |h| {
            h.setup_workspace().await;
            h.add_member("ana@acme.test", "kenji@acme.test", "Kenji", "Asia/Tokyo")
                .await;
            let ana = h.browser("ana").await;
            let kenji = h.browser("kenji").await;
            ana.sign_in("ana@acme.test").await;
            kenji.sign_in("kenji@acme.test").await;

            // Ana makes a channel and drafts a thread with an ask for Kenji.
            ana.open("/channels").await;
            ana.fill("channel-name", "launch").await;
            ana.click("form[action='/channels'] button[type=submit]")
                .await;
            ana.find("#norms").await;

            // Kenji watches his inbox; it must update without a reload.
            kenji.open("/").await;
            kenji.find("body[data-live=connected]").await;
            kenji
                .wait_for_text("#needs-me", "Nothing is waiting on you")
                .await;

            ana.fill("thread-title", "Release date").await;
            ana.fill("thread-body", "Can we ship on **Friday**?").await;
            ana.click("details.ask-fields > summary").await;
            ana.choose("new-thread-kind", "reply").await;
            ana.click("input[name=ask_to]").await;
            ana.wait_for_text("#new-thread-preview", DUE_IN_TOKYO).await;
            let preview = ana.text("#new-thread-preview").await;
            assert!(preview.contains("Kenji"), "{preview}");
            assert!(
                preview.contains("23:00"),
                "Kenji's local time now: {preview}"
            );
            assert!(preview.contains("not working"), "{preview}");
            assert!(preview.contains(DUE_IN_NEW_YORK), "{preview}");
            ana.screenshot("composer-preview").await;
            ana.click("form[action$='/threads'] button[type=submit]")
                .await;
            ana.find("#messages").await;
            let thread_path = ana.path().await;
            assert!(thread_path.starts_with("/threads/"));
            ana.screenshot("thread").await;

            // Kenji's inbox shows the ask, due in his zone, without a reload.
            kenji.wait_for_text("#needs-me", "Release date").await;
            kenji.wait_for_text("#needs-me", DUE_IN_TOKYO).await;
            kenji.screenshot("inbox-needs-you").await;

            // Ana's inbox waits on Kenji.
            ana.open("/").await;
            ana.find("body[data-live=connected]").await;
            ana.wait_for_text("#waiting-on", "Kenji").await;
            ana.wait_for_text("#waiting-on", DUE_IN_NEW_YORK).await;
            ana.wait_for_text("#waiting-on", DUE_IN_TOKYO).await;
            ana.screenshot("inbox-waiting").await;

            // Ana also has the thread open in another window, with a reply half typed.
            let ana_thread = h.browser("ana-thread").await;
            ana_thread.sign_in("ana@acme.test").await;
            ana_thread.open(&thread_path).await;
            ana_thread.find("body[data-live=connected]").await;
            ana_thread.fill("reply-body", "Draft: also check the").await;

            // Kenji replies in the thread.
            kenji.click("#needs-me a[href^='/threads/']").await;
            kenji.fill("reply-body", "Friday works.").await;
            kenji.click("#reply-form button[type=submit]").await;
            kenji.wait_for_text("#messages", "Friday works.").await;
            kenji.wait_for_text("#thread-asks", "done").await;

            // Ana's "Waiting on others" empties live.
            ana.wait_for_text("#waiting-on", "You are not waiting on anyone")
                .await;
            // Her other window shows the reply and the ask done, and her draft is untouched.
            ana_thread.wait_for_text("#messages", "Friday works.").await;
            ana_thread.wait_for_text("#thread-asks", "done").await;
            let draft = ana_thread
                .find("#reply-body")
                .await
                .prop("value")
                .await
                .unwrap();
            assert_eq!(draft.as_deref(), Some("Draft: also check the"));
            // Viewing a thread marks it read, an event of its own; the page must not refresh
            // itself for ever on it.
            let refreshes = async || {
                ana_thread
                    .client
                    .execute("return document.body.dataset.liveRefreshed || '0';", vec![])
                    .await
                    .unwrap()
            };
            let before = refreshes().await;
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            assert_eq!(
                refreshes().await,
                before,
                "the thread page keeps refreshing itself"
            );

            // At phone width the pages still fit.
            for window in [&kenji, &ana_thread] {
                window.client.set_window_size(375, 800).await.unwrap();
            }
            kenji.open("/").await;
            kenji.find("#needs-me").await;
            kenji.screenshot("inbox-phone").await;
            ana_thread.screenshot("thread-phone").await;
            for window in [&kenji, &ana_thread] {
                let fits = window
                    .client
                    .execute(
                        "return document.documentElement.scrollWidth <= window.innerWidth;",
                        vec![],
                    )
                    .await
                    .unwrap();
                assert_eq!(fits, serde_json::json!(true), "the page scrolls sideways");
            }
        })
        .await;
}
