//! The team clock's overlap, one-click focus, and reading holidays and time off back.

use sundial_app::accounts::{FocusLength, TimeOffInput};

use crate::support::{TestApp, at, invalid_field};
use sundial_store::testing::TestDatabase;

async fn the_team_clock_shows_where_everyone_works_in_the_viewers_day(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    t.member(&ana, "lee@acme.test", "Europe/London").await;
    let clock = t.app.team_clock(&ana).await.unwrap();
    assert_eq!(clock.members.len(), 2);
    // Ana's Monday in New York (daylight time since Sunday): 04:00Z to 04:00Z.
    assert_eq!(clock.day_start, at("2026-03-09T04:00:00Z"));
    assert_eq!(clock.day_end, at("2026-03-10T04:00:00Z"));
    assert_eq!(clock.overlap.len(), 48);
    // New York works 13:00-21:00Z, London 09:00-17:00Z: both for 13:00-17:00Z.
    let both: Vec<_> = clock.overlap.iter().filter(|s| s.working == 2).collect();
    assert_eq!(both.len(), 8);
    assert_eq!(both[0].start, at("2026-03-09T13:00:00Z"));
    assert_eq!(both[7].end, at("2026-03-09T17:00:00Z"));
    let alone = clock.overlap.iter().filter(|s| s.working == 1).count();
    assert_eq!(alone, 16, "four hours each on their own");
}

async fn focus_lasts_two_hours_or_until_the_next_working_day(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let me = t.app.focus(&ana, FocusLength::TwoHours).await.unwrap();
    assert_eq!(me.status.mode, "focus");
    assert_eq!(me.status.until, Some(at("2026-03-09T16:00:00Z")));
    // 10:00 on Monday in New York: tomorrow's work starts Tuesday 09:00 there.
    let me = t.app.focus(&ana, FocusLength::UntilTomorrow).await.unwrap();
    assert_eq!(me.status.until, Some(at("2026-03-10T13:00:00Z")));
    assert_eq!(invalid_field(FocusLength::parse("forever")), "focus");
}

async fn focus_until_tomorrow_skips_the_weekend(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    // Friday 13 March, 15:00 in New York.
    t.clock.set(at("2026-03-13T19:00:00Z"));
    let me = t.app.focus(&ana, FocusLength::UntilTomorrow).await.unwrap();
    assert_eq!(me.status.until, Some(at("2026-03-16T13:00:00Z")));
}

async fn holidays_and_upcoming_time_off_read_back(db: TestDatabase) {
    let t = TestApp::new(db);
    let ana = t.owner().await;
    let bo = t.member(&ana, "bo@acme.test", "UTC").await;
    t.app
        .set_holidays(&ana, vec!["2026-12-25".into(), "2026-04-03".into()])
        .await
        .unwrap();
    assert_eq!(
        t.app.holidays(&bo).await.unwrap(),
        ["2026-04-03", "2026-12-25"]
    );
    for (start, end) in [("2026-03-20", "2026-03-23"), ("2026-03-01", "2026-03-02")] {
        let input = TimeOffInput {
            start_date: start.into(),
            end_date: end.into(),
            note: "trip".into(),
        };
        t.app.add_time_off(&ana, input).await.unwrap();
    }
    let mine = t.app.my_time_off(&ana).await.unwrap();
    assert_eq!(mine.len(), 1, "past time off is not listed: {mine:?}");
    assert_eq!(
        (mine[0].start_date.as_str(), mine[0].end_date.as_str()),
        ("2026-03-20", "2026-03-23")
    );
    assert!(t.app.my_time_off(&bo).await.unwrap().is_empty());
}

sundial_store::backend_tests!(
    the_team_clock_shows_where_everyone_works_in_the_viewers_day,
    focus_lasts_two_hours_or_until_the_next_working_day,
    focus_until_tomorrow_skips_the_weekend,
    holidays_and_upcoming_time_off_read_back,
);
