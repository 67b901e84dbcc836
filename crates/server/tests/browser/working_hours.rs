//! Scenario 3: Kenji (Tokyo) changes his working hours in Settings; the due time Ana's composer
//! previews for a new ask to him moves accordingly.

use crate::support::Harness;

/// With 09:00-17:00 every weekday, a reply within 1 working day asked Monday 23:00 in Tokyo is
/// due Tuesday 17:00 there (04:00 in New York).
const DUE_BEFORE: &str = "Tue 10 Mar, 17:00";
/// With Tuesday cut to 09:00-13:00, the 8 working hours are Tuesday 09-13 and Wednesday 09-13:
/// due Wednesday 13:00 in Tokyo, which is Wednesday 00:00 in New York.
const DUE_AFTER_IN_TOKYO: &str = "Wed 11 Mar, 13:00";
const DUE_AFTER_IN_NEW_YORK: &str = "Wed 11 Mar, 00:00";

#[tokio::test]
async fn changing_working_hours_moves_the_due_time_an_ask_previews() {
    let harness = Harness::start().await;
    harness
        .run("working_hours", async |h| {
            h.setup_workspace().await;
            h.add_member("ana@acme.test", "kenji@acme.test", "Kenji", "Asia/Tokyo")
                .await;
            let ana = h.browser("ana").await;
            let kenji = h.browser("kenji").await;
            ana.sign_in("ana@acme.test").await;
            kenji.sign_in("kenji@acme.test").await;

            ana.open("/channels").await;
            ana.fill("channel-name", "planning").await;
            ana.click("form[action='/channels'] button[type=submit]")
                .await;
            ana.find("#norms").await;
            let channel = ana.path().await;
            draft_ask_to_kenji(&ana).await;
            ana.wait_for_text("#new-thread-preview", DUE_BEFORE).await;

            // Kenji shortens his Tuesday.
            kenji.open("/settings").await;
            kenji.screenshots("settings").await;
            assert_eq!(
                kenji.find("#hours-tue").await.prop("value").await.unwrap(),
                Some("09:00-17:00".to_owned())
            );
            kenji.fill("hours-tue", "09:00-13:00").await;
            kenji.click("#hours-form button[type=submit]").await;
            kenji.find(".saved").await;
            assert_eq!(
                kenji.find("#hours-tue").await.prop("value").await.unwrap(),
                Some("09:00-13:00".to_owned())
            );

            // A refused interval is named beside its day and changes nothing.
            kenji.fill("hours-wed", "17:00-09:00").await;
            kenji.click("#hours-form button[type=submit]").await;
            kenji
                .wait_for_text("#hours-wed-error", "must end after it starts")
                .await;
            kenji.open("/settings").await;
            assert_eq!(
                kenji.find("#hours-wed").await.prop("value").await.unwrap(),
                Some("09:00-17:00".to_owned())
            );

            // Ana drafts the same ask again: the preview now says Wednesday.
            ana.open(&channel).await;
            draft_ask_to_kenji(&ana).await;
            ana.wait_for_text("#new-thread-preview", DUE_AFTER_IN_TOKYO)
                .await;
            let preview = ana.text("#new-thread-preview").await;
            assert!(preview.contains(DUE_AFTER_IN_NEW_YORK), "{preview}");
            assert!(!preview.contains(DUE_BEFORE), "{preview}");

            // One click to focus: the status says so, ending at his next working start.
            kenji.click("#focus-until-tomorrow").await;
            kenji
                .wait_for_text("#status-now", "Focusing until Tue 10 Mar, 09:00")
                .await;
            kenji.screenshots("settings-focusing").await;
            kenji.open("/digests").await;
            kenji.wait_for_text("#digests", "No digests yet").await;
            kenji.screenshots("digests-empty").await;

            // Ana's team clock shows it in her time, and where the two of them overlap.
            ana.open("/people").await;
            ana.wait_for_text("#people", "Focusing until Mon 9 Mar, 20:00")
                .await;
            let kenji_line = ana.text("#people li:nth-child(2)").await;
            assert!(
                kenji_line.contains("Their time now: Mon 9 Mar, 23:00"),
                "{kenji_line}"
            );
            assert!(
                kenji_line.contains("Mon 9 Mar, 20:00 your time (Tue 10 Mar, 09:00 theirs)"),
                "{kenji_line}"
            );
            assert!(kenji_line.contains("36 h a week"), "{kenji_line}");
            // Tokyo's hours fall in New York's night: nobody overlaps with Ana today.
            ana.wait_for_text("#overlap-summary", "At most 1 of 2 work at once")
                .await;
            ana.screenshots("people").await;

            // The composer tells Ana he is focusing and when he will see her ask.
            ana.open(&channel).await;
            draft_ask_to_kenji(&ana).await;
            ana.wait_for_text(
                "#new-thread-preview",
                "Kenji is focusing until Tue 10 Mar, 09:00; Kenji will see this at",
            )
            .await;
            let preview = ana.text("#new-thread-preview").await;
            assert!(
                preview.contains("Tue 10 Mar, 09:30 their time (Mon 9 Mar, 20:30 yours)"),
                "his first check time after focus: {preview}"
            );
        })
        .await;
}

async fn draft_ask_to_kenji(ana: &crate::support::Browser) {
    ana.fill("thread-title", "Sprint scope").await;
    ana.fill("thread-body", "Which stories fit?").await;
    ana.click("details.ask-fields > summary").await;
    ana.choose("new-thread-kind", "reply").await;
    ana.click("input[name=ask_to]").await;
}
