//! Following: authors, repliers, mentioned members and ask recipients follow by themselves;
//! anyone who can see a thread may follow, mute or unfollow it.

use sundial_store::testing::TestDatabase;

use super::{delivered, reply, run_until};
use crate::support::{TestApp, at};

async fn followers_hear_of_replies_until_they_mute_or_unfollow(db: TestDatabase) {
    let t = TestApp::new(db); // Monday 10:00 in New York
    let ana = t.owner().await;
    let bo = t.member(&ana, "bo@acme.test", "America/New_York").await;
    let cy = t.member(&ana, "cy@acme.test", "America/New_York").await;
    let general = t.channel(&ana, "general", false).await;
    let thread = t.thread(&ana, &general, "Plans").await.thread.id;

    // Bo follows by hand; Cy takes part by replying. Ana, the author, follows already.
    let state = t.app.follow_thread(&bo, &thread).await.unwrap();
    assert!(state.following && !state.muted);
    reply(&t, &cy, &thread, "Count me in.").await;
    reply(&t, &ana, &thread, "Great.").await;
    run_until(&t, at("2026-03-09T17:30:00Z")).await; // after the 13:00 check
    // Each is a kind and, for a reply, how many replies it stood for: a follower holds one
    // undelivered reply notification per thread, and its delivery counts the replies.
    let told = |items: Vec<sundial_app::notifications::NotificationView>| -> Vec<String> {
        items
            .into_iter()
            .map(|n| match n.detail.get("replies") {
                Some(count) => format!("{} x{count}", n.kind),
                None => n.kind,
            })
            .collect()
    };
    assert_eq!(told(delivered(&t, &bo).await), ["reply x2"]);
    assert_eq!(told(delivered(&t, &cy).await), ["reply x1"]); // Ana's, not their own
    assert_eq!(told(delivered(&t, &ana).await), ["reply x1"]); // Cy's

    // Bo mutes: replies stop, a mention still arrives. Cy unfollows: nothing.
    let muted = t.app.mute_thread(&bo, &thread).await.unwrap();
    assert!(muted.following && muted.muted);
    let gone = t.app.unfollow_thread(&cy, &thread).await.unwrap();
    assert!(!gone.following);
    reply(&t, &ana, &thread, "Update one.").await;
    reply(&t, &ana, &thread, "Thanks @bo.").await;
    run_until(&t, at("2026-03-09T21:00:00Z")).await; // after the 16:30 check
    assert_eq!(told(delivered(&t, &bo).await), ["reply x2", "mention"]);
    assert_eq!(told(delivered(&t, &cy).await), ["reply x1"]);

    // Unmuting brings replies back; taking part again makes Cy a follower again.
    t.app.unmute_thread(&bo, &thread).await.unwrap();
    reply(&t, &cy, &thread, "Back again.").await;
    reply(&t, &ana, &thread, "Welcome back.").await;
    run_until(&t, at("2026-03-10T14:00:00Z")).await; // after Tuesday's 09:30 check
    assert_eq!(
        told(delivered(&t, &bo).await),
        ["reply x2", "mention", "reply x2"]
    );
    assert_eq!(told(delivered(&t, &cy).await), ["reply x1", "reply x1"]);
    let state = t.app.follow_state(&cy, &thread).await.unwrap();
    assert!(state.following && !state.muted);
}

sundial_store::backend_tests!(followers_hear_of_replies_until_they_mute_or_unfollow);
