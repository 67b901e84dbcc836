//! Scenario 1: a new server leads to the setup form; the owner sets up the workspace with the
//! browser's time zone preselected, lands signed in, creates a channel with norms in plain
//! words, and can sign out and back in.

use crate::support::Harness;

#[tokio::test]
async fn first_run_setup_then_a_channel_with_norms() {
    let harness = Harness::start().await;
    harness
        .run("first_run", async |h| {
            let ana = h.browser("ana").await;
            ana.open("/").await;
            assert_eq!(ana.path().await, "/setup");
            ana.find("select#time_zone").await;
            ana.screenshot("setup").await;
            // A mistake is named beside its field and keeps what was typed.
            ana.fill("workspace_name", "Acme").await;
            ana.fill("name", "Ana").await;
            ana.fill("email", "ana@acme.test").await;
            ana.fill("password", "short").await;
            ana.click("form[action='/setup'] button[type=submit]").await;
            assert!(ana.text("#password-error").await.contains("at least 8"));
            assert_eq!(
                ana.find("#workspace_name")
                    .await
                    .prop("value")
                    .await
                    .unwrap(),
                Some("Acme".to_owned())
            );
            ana.fill("password", "correct horse battery").await;
            ana.choose("time_zone", "America/New_York").await;
            ana.click("form[action='/setup'] button[type=submit]").await;
            ana.find("nav[aria-label=Main]").await;
            // A new workspace has no channels: setup leads to the page that says what to do.
            assert_eq!(ana.path().await, "/channels");
            ana.wait_for_text("#channel-list", "No channels yet").await;
            ana.screenshot("channels-empty").await;
            ana.fill("channel-name", "launch").await;
            ana.fill("channel-purpose", "Shipping v2").await;
            ana.fill("normal-amount", "4").await;
            ana.choose("normal-unit", "working_hours").await;
            ana.fill("urgent-amount", "30").await;
            ana.choose("urgent-unit", "minutes").await;
            ana.click("form[action='/channels'] button[type=submit]")
                .await;
            ana.wait_for_text(
                "#norms",
                "Replies expected within 4 working hours; urgent within 30 minutes.",
            )
            .await;
            assert!(ana.path().await.starts_with("/channels/"));
            ana.screenshot("channel").await;
            ana.open("/channels").await;
            ana.wait_for_text("#channel-list", "# launch").await;
            ana.open("/").await;
            ana.find("#needs-me").await;
            ana.screenshot("inbox-empty").await;
            ana.click("form[action='/signout'] button").await;
            ana.find("form[action='/signin']").await;
            assert_eq!(ana.path().await, "/signin");
            ana.sign_in("ana@acme.test").await;
            assert_eq!(ana.path().await, "/");
        })
        .await;
}
