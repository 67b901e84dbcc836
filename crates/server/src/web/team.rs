//! `/people`: the team clock. Everyone's local time now, whether they are working, their
//! status, when they next start (in the viewer's time, theirs beside) and their weekly hours,
//! above a strip of the viewer's today showing where the team's working hours overlap. The
//! numbers come from `App::team_clock`; this module only words and shades them.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use sundial_app::views::MemberView;
use sundial_core::OverlapSlot;

use super::page::{Layout, PageResult, render};
use super::session::Viewer;
use super::settings::status_in_words;
use super::when;
use crate::ServerState;

pub(super) fn router() -> Router<ServerState> {
    Router::new().route("/people", get(show))
}

#[derive(Template)]
#[template(path = "team.html")]
struct TeamPage {
    layout: Layout,
    people: Vec<PersonLine>,
    strip: Vec<StripCell>,
    /// The overlap in words, e.g. "Everyone works 09:00–13:00 your time."
    overlap_summary: String,
    /// The viewer's day the strip shows, e.g. "Mon 9 Mar".
    day: String,
}

#[derive(Debug)]
struct PersonLine {
    name: String,
    is_me: bool,
    place: String,
    zone: String,
    their_now: String,
    working_now: bool,
    status: String,
    status_mode: String,
    next_start_mine: String,
    next_start_theirs: String,
    next_start_iso: String,
    weekly: String,
    days: Vec<(&'static str, String)>,
}

#[derive(Debug)]
struct StripCell {
    /// `0`–`4`: how much of the team works this slot, for its shade.
    level: usize,
    /// e.g. "09:00–09:30: 2 of 3 working".
    label: String,
    /// The hour shown under the strip every three hours, else empty.
    tick: String,
    now: bool,
}

async fn show(State(state): State<ServerState>, viewer: Viewer) -> PageResult {
    let clock = state.app.team_clock(&viewer.actor).await?;
    let now = state.app.now();
    let mine = viewer.me.time_zone.as_str();
    let team = clock.members.len();
    let people = clock
        .members
        .iter()
        .map(|m| person_line(m, &viewer.me.id, mine, now))
        .collect();
    let strip = clock
        .overlap
        .iter()
        .map(|slot| strip_cell(slot, team, mine, now))
        .collect();
    render(&TeamPage {
        layout: viewer.layout("People", "people"),
        overlap_summary: overlap_summary(&clock.overlap, team, mine),
        day: clock
            .day_start
            .to_zoned(zone(mine))
            .strftime("%a %-d %b")
            .to_string(),
        people,
        strip,
    })
}

fn person_line(m: &MemberView, me: &str, mine: &str, now: Timestamp) -> PersonLine {
    let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        .into_iter()
        .enumerate()
        .map(|(i, label)| {
            let weekday = jiff::civil::Weekday::Monday.wrapping_add(i64::try_from(i).unwrap_or(0));
            let intervals: Vec<String> = m
                .working_hours
                .day(weekday)
                .iter()
                .map(ToString::to_string)
                .collect();
            let text = if intervals.is_empty() {
                "off".to_owned()
            } else {
                intervals.join(", ")
            };
            (label, text)
        })
        .collect();
    PersonLine {
        name: m.name.clone(),
        is_me: m.id == me,
        place: when::place(&m.time_zone),
        zone: m.time_zone.clone(),
        their_now: when::local(now, &m.time_zone),
        working_now: m.working_now,
        status: status_in_words(m, mine),
        status_mode: m.status.mode.clone(),
        next_start_mine: when::local(m.next_working_start, mine),
        next_start_theirs: when::local(m.next_working_start, &m.time_zone),
        next_start_iso: when::iso(m.next_working_start),
        weekly: match m.working_hours.weekly_minutes() {
            Some(minutes) => format!("{} a week", hours(minutes)),
            None => "No fixed hours".to_owned(),
        },
        days,
    }
}

/// `2250` minutes → `37.5 h`; whole hours without a decimal.
fn hours(minutes: u32) -> String {
    if minutes.is_multiple_of(60) {
        format!("{} h", minutes / 60)
    } else {
        format!("{:.1} h", f64::from(minutes) / 60.0)
    }
}

fn strip_cell(slot: &OverlapSlot, team: usize, mine: &str, now: Timestamp) -> StripCell {
    let start = slot.start.to_zoned(zone(mine));
    let tick = if start.minute() == 0 && start.hour() % 3 == 0 {
        start.strftime("%H:%M").to_string()
    } else {
        String::new()
    };
    StripCell {
        level: level(slot.working, team),
        label: format!(
            "{}–{}: {} of {team} working",
            clock_time(slot.start, mine),
            clock_time(slot.end, mine),
            slot.working
        ),
        tick,
        now: slot.start <= now && now < slot.end,
    }
}

/// The shade of a slot: 0 nobody, 4 everyone, 1–3 in between by share.
fn level(working: usize, team: usize) -> usize {
    match (working, team) {
        (0, _) | (_, 0) => 0,
        (w, t) if w >= t => 4,
        (w, t) => 1 + (2 * w) / t,
    }
}

/// The stretches of the viewer's today where everyone works, or where the most people do.
fn overlap_summary(slots: &[OverlapSlot], team: usize, mine: &str) -> String {
    let best = slots.iter().map(|s| s.working).max().unwrap_or(0);
    if best == 0 {
        return "Nobody works today.".to_owned();
    }
    let mut stretches: Vec<(Timestamp, Timestamp)> = Vec::new();
    for slot in slots.iter().filter(|s| s.working == best) {
        match stretches.last_mut() {
            Some((_, end)) if *end == slot.start => *end = slot.end,
            _ => stretches.push((slot.start, slot.end)),
        }
    }
    let spans: Vec<String> = stretches
        .iter()
        .map(|(a, b)| format!("{}–{}", clock_time(*a, mine), clock_time(*b, mine)))
        .collect();
    let who = if best == team && team > 1 {
        "Everyone works".to_owned()
    } else if team == 1 {
        "You work".to_owned()
    } else {
        format!("At most {best} of {team} work at once,")
    };
    format!("{who} {} your time.", spans.join(", "))
}

fn clock_time(t: Timestamp, zone_name: &str) -> String {
    t.to_zoned(zone(zone_name)).strftime("%H:%M").to_string()
}

fn zone(name: &str) -> TimeZone {
    TimeZone::get(name).unwrap_or(TimeZone::UTC)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shades_run_from_nobody_to_everyone() {
        let cases = [
            (0, 3, 0),
            (1, 3, 1),
            (2, 3, 2),
            (3, 3, 4),
            (1, 2, 2),
            (5, 5, 4),
            (0, 0, 0),
        ];
        for (working, team, shade) in cases {
            assert_eq!(level(working, team), shade, "{working} of {team}");
        }
    }

    #[test]
    fn the_summary_names_the_stretches_where_most_work() {
        let t = |text: &str| -> Timestamp { text.parse().unwrap() };
        let slot = |a: &str, b: &str, working| OverlapSlot {
            start: t(a),
            end: t(b),
            working,
        };
        let slots = [
            slot("2026-03-09T13:00:00Z", "2026-03-09T13:30:00Z", 1),
            slot("2026-03-09T13:30:00Z", "2026-03-09T14:00:00Z", 2),
            slot("2026-03-09T14:00:00Z", "2026-03-09T14:30:00Z", 2),
            slot("2026-03-09T14:30:00Z", "2026-03-09T15:00:00Z", 1),
        ];
        assert_eq!(
            overlap_summary(&slots, 2, "UTC"),
            "Everyone works 13:30–14:30 your time."
        );
        assert_eq!(
            overlap_summary(&slots, 3, "UTC"),
            "At most 2 of 3 work at once, 13:30–14:30 your time."
        );
        assert_eq!(
            overlap_summary(&slots[..0], 3, "UTC"),
            "Nobody works today."
        );
        assert_eq!(hours(2250), "37.5 h");
        assert_eq!(hours(2400), "40 h");
    }
}
