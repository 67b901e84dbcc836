//! Scenario 5: Ana searches for a word said deep in a long thread; the result marks the match,
//! and its link opens the thread at that message.

use sundial_app::channels::NewChannel;
use sundial_app::threads::{NewReply, NewThread};

use crate::support::{Harness, PASSWORD, PATIENCE};

#[tokio::test]
async fn search_finds_a_message_and_its_link_opens_the_thread_at_it() {
    let harness = Harness::start().await;
    harness
        .run("search_to_message", async |h| {
            h.setup_workspace().await;
            let target = post_history(h).await;
            let ana = h.browser("ana").await;
            ana.sign_in("ana@acme.test").await;

            ana.open("/search").await;
            ana.wait_for_text("#search-results", "Type a word or two").await;
            ana.screenshots("search-empty").await;

            ana.fill("search-q", "kumquat").await;
            ana.click("form[role=search] button[type=submit]").await;
            ana.wait_for_text("#search-results", "1 result").await;
            assert_eq!(ana.text("#search-results mark").await, "kumquat");
            assert!(ana.text("#search-results").await.contains("Supplier notes"));
            ana.screenshots("search").await;

            ana.click("#search-results a[href^='/threads/']").await;
            ana.find("#messages").await;
            assert!(ana.path().await.starts_with("/threads/"));
            let url = ana.client.current_url().await.unwrap();
            assert_eq!(url.fragment(), Some(format!("m-{target}").as_str()));
            // The browser is at the message: it is the page's target and on screen.
            let at = ana.text(".message:target").await;
            assert!(at.contains("kumquat"), "{at}");
            // Scrolling to the fragment may finish just after the page is there: poll.
            let deadline = tokio::time::Instant::now() + PATIENCE;
            let mut on_screen = false;
            while !on_screen && tokio::time::Instant::now() < deadline {
                on_screen = ana
                    .client
                    .execute(
                        "const r = document.querySelector('.message:target').getBoundingClientRect();\
                         return r.bottom > 0 && r.top < window.innerHeight;",
                        vec![],
                    )
                    .await
                    .unwrap()
                    .as_bool()
                    .unwrap();
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            assert!(on_screen, "the linked message is scrolled into view");

            // Nothing matches: the page says what to try next.
            ana.open("/search?q=zeppelin").await;
            ana.wait_for_text("#search-results", "Nothing you can see matches").await;

            // Ana owns the workspace: her admin page lists its members.
            ana.open("/admin").await;
            ana.wait_for_text("#member-list", "ana@acme.test").await;
            ana.screenshots("admin").await;
        })
        .await;
}

/// A thread with thirty replies, the word once, in the 25th; returns that message's id.
async fn post_history(h: &Harness) -> String {
    let login = h.app.login("ana@acme.test", PASSWORD).await.unwrap();
    let ana = h.app.authenticate(&login.token).await.unwrap();
    let channel = h
        .app
        .create_channel(
            &ana,
            NewChannel {
                name: "buying".into(),
                purpose: String::new(),
                private: false,
                norms: None,
            },
        )
        .await
        .unwrap();
    let thread = h
        .app
        .post_thread(
            &ana,
            &channel.id,
            NewThread {
                idempotency_key: None,
                title: "Supplier notes".into(),
                body: "Notes from the supplier calls.".into(),
                request: None,
            },
        )
        .await
        .unwrap();
    let mut target = String::new();
    for n in 1..=30 {
        let body = if n == 25 {
            "The kumquat order ships next week.".to_owned()
        } else {
            format!("Call {n}: nothing new on prices.")
        };
        let reply = NewReply {
            body,
            request: None,
            idempotency_key: None,
        };
        let posted = h.app.reply(&ana, &thread.thread.id, reply).await.unwrap();
        if n == 25 {
            target = posted.message_id;
        }
    }
    target
}
