//! `sundial seed demo`: the Ledgerly team's last fortnight, replayed through the use cases on a
//! [`ManualClock`] so every record is consistent by construction (due times on each
//! recipient's calendar, events in order, followers, search) and dated around the week of
//! seeding: the structure and the words are always the same, the dates follow the calendar, and
//! asks left open are overdue "now" exactly as they would be in a real team.

mod replay;
mod story;
mod team;

use std::sync::Arc;

use jiff::Timestamp;
use jiff::civil::{Date, Weekday};
use sundial_core::{ManualClock, Role, WeeklyHours};

use crate::accounts::{MemberPatch, NewMember, NewWorkspace, StatusInput, TimeOffInput};
use crate::channels::NewChannel;
use crate::{Actor, App, AppError, AppResult};

pub use team::{EMAIL_DOMAIN, PASSWORD, WORKSPACE};

/// What `seed_demo` made, and how to sign in.
#[derive(Debug, Clone)]
pub struct DemoSeeded {
    pub workspace_id: String,
    pub workspace_name: String,
    pub members: usize,
    pub channels: usize,
    pub threads: usize,
    pub asks: usize,
    pub owner_email: String,
    /// A few other members' emails, to show that anyone can sign in.
    pub other_emails: Vec<String>,
    pub password: String,
}

/// The members in the app's terms, by handle.
pub(crate) type Cast = Vec<(&'static str, Actor)>;

impl App {
    /// Seeds the demo workspace into an empty database (see the module doc). The clock of
    /// `self` gives "now": the story ends just before it.
    pub async fn seed_demo(&self) -> AppResult<DemoSeeded> {
        self.require_empty().await?;
        let threads = story::parse(story::STORY).map_err(|why| AppError::invalid("story", &why))?;
        let now = self.now();
        let today = now.to_zoned(jiff::tz::TimeZone::UTC).date();
        let first_day = weekdays_before(today, 14);
        let clock = ManualClock::new(at_minute(first_day, 8 * 60));
        let demo = App::new(self.store().clone(), Arc::new(clock.clone()));
        let (workspace_id, cast) = demo.seed_team().await?;
        let channels = demo.seed_channels(&cast).await?;
        demo.seed_calendar(&cast, today).await?;
        let asks = replay::run(&demo, &clock, &cast, &channels, &threads, now).await?;
        clock.set(now);
        demo.seed_statuses(&cast, now).await?;
        let email = |handle: &str| format!("{handle}@{EMAIL_DOMAIN}");
        Ok(DemoSeeded {
            workspace_id,
            workspace_name: WORKSPACE.to_owned(),
            members: cast.len(),
            channels: channels.len(),
            threads: threads.len(),
            asks,
            owner_email: email(team::TEAM[0].handle),
            other_emails: ["priya", "mia"].iter().map(|h| email(h)).collect(),
            password: PASSWORD.to_owned(),
        })
    }

    async fn seed_team(&self) -> AppResult<(String, Cast)> {
        let new_member = |person: &team::Person| -> AppResult<NewMember> {
            let hours: WeeklyHours = serde_json::from_str(person.hours)
                .map_err(|e| AppError::invalid("working_hours", &e.to_string()))?;
            Ok(NewMember {
                email: format!("{}@{EMAIL_DOMAIN}", person.handle),
                name: person.name.to_owned(),
                handle: Some(person.handle.to_owned()),
                password: PASSWORD.to_owned(),
                time_zone: person.zone.to_owned(),
                working_hours: Some(hours),
                role: Some(person.role.to_owned()),
            })
        };
        let owner_person = &team::TEAM[0];
        let created = self
            .create_workspace(NewWorkspace {
                workspace_name: WORKSPACE.to_owned(),
                owner: new_member(owner_person)?,
            })
            .await?;
        let owner = self.authenticate(&created.token).await?;
        let mut cast: Cast = vec![(owner_person.handle, owner.clone())];
        for person in &team::TEAM[1..] {
            let member = self.add_member(&owner, new_member(person)?).await?;
            let actor = Actor {
                member_id: sundial_core::MemberId::from_string(&member.id),
                workspace_id: owner.workspace_id.clone(),
                role: Role::parse(&member.role)?,
            };
            cast.push((person.handle, actor));
        }
        Ok((created.workspace.id, cast))
    }

    /// Creates the channels (by their first lead) and fills them; returns name → id.
    async fn seed_channels(&self, cast: &Cast) -> AppResult<Vec<(&'static str, String)>> {
        let owner = &cast[0].1;
        let mut made = Vec::new();
        for room in &team::CHANNELS {
            let norms = serde_json::from_str(room.norms)
                .map_err(|e| AppError::invalid("norms", &e.to_string()))?;
            let channel = self
                .create_channel(
                    owner,
                    NewChannel {
                        name: room.name.to_owned(),
                        purpose: room.purpose.to_owned(),
                        private: room.private,
                        norms: Some(norms),
                    },
                )
                .await?;
            let members = cast
                .iter()
                .filter(|(handle, _)| room.members.is_none_or(|only| only.contains(handle)))
                .map(|(_, actor)| actor.member_id.to_string())
                .collect();
            self.add_channel_members(owner, &channel.id, members)
                .await?;
            made.push((room.name, channel.id));
        }
        Ok(made)
    }

    /// A workspace holiday next week, time off behind and ahead.
    async fn seed_calendar(&self, cast: &Cast, today: Date) -> AppResult<()> {
        let owner = &cast[0].1;
        self.set_holidays(owner, vec![weekdays_after(today, 4).to_string()])
            .await?;
        let actor = |handle: &str| {
            cast.iter()
                .find(|(h, _)| *h == handle)
                .map(|(_, actor)| actor.clone())
                .ok_or_else(|| AppError::invalid("handle", "not in the demo team"))
        };
        for (handle, from, to, note) in [
            (
                "sam",
                weekdays_before(today, 6),
                weekdays_before(today, 6),
                "Moving house",
            ),
            (
                "kenji",
                weekdays_after(today, 5),
                weekdays_after(today, 6),
                "Family visit",
            ),
            (
                "chloe",
                weekdays_after(today, 7),
                weekdays_after(today, 11),
                "Holiday in Crete",
            ),
        ] {
            self.add_time_off(
                &actor(handle)?,
                TimeOffInput {
                    start_date: from.to_string(),
                    end_date: to.to_string(),
                    note: note.to_owned(),
                },
            )
            .await?;
        }
        Ok(())
    }

    /// Statuses as they stand at the moment of seeding.
    async fn seed_statuses(&self, cast: &Cast, now: Timestamp) -> AppResult<()> {
        let statuses = [
            (
                "mia",
                "focus",
                "Writing the webhook postmortem",
                "📝",
                Some(3),
            ),
            (
                "leilani",
                "available",
                "Part-time: Mon–Thu mornings",
                "🌺",
                None,
            ),
            (
                "jonas",
                "available",
                "Split day: 08–12 and 16–20",
                "🚲",
                None,
            ),
        ];
        for (handle, mode, text, emoji, hours) in statuses {
            let Some((_, actor)) = cast.iter().find(|(h, _)| *h == handle) else {
                continue;
            };
            let until = hours.map(|h| now + jiff::SignedDuration::from_hours(h));
            self.update_me(
                actor,
                MemberPatch {
                    status: Some(StatusInput {
                        mode: mode.to_owned(),
                        text: Some(text.to_owned()),
                        emoji: Some(emoji.to_owned()),
                        until,
                    }),
                    ..MemberPatch::default()
                },
            )
            .await?;
        }
        Ok(())
    }
}

fn is_weekday(date: Date) -> bool {
    !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// The `n`th weekday before `date` (1 = the previous weekday).
pub(crate) fn weekdays_before(date: Date, n: u32) -> Date {
    let mut day = date;
    let mut left = n;
    while left > 0 {
        day = day.yesterday().unwrap_or(day);
        if is_weekday(day) {
            left -= 1;
        }
    }
    day
}

/// The `n`th weekday after `date` (1 = the next weekday).
fn weekdays_after(date: Date, n: u32) -> Date {
    let mut day = date;
    let mut left = n;
    while left > 0 {
        day = day.tomorrow().unwrap_or(day);
        if is_weekday(day) {
            left -= 1;
        }
    }
    day
}

/// `minute` minutes after midnight UTC of `date`.
pub(crate) fn at_minute(date: Date, minute: u32) -> Timestamp {
    date.to_zoned(jiff::tz::TimeZone::UTC)
        .map(|midnight| midnight.timestamp() + jiff::SignedDuration::from_mins(i64::from(minute)))
        .unwrap_or(Timestamp::UNIX_EPOCH)
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn weekdays_before_and_after_skip_the_weekend() {
        // 2026-11-25 is a Wednesday.
        let wednesday = date(2026, 11, 25);
        assert_eq!(weekdays_before(wednesday, 1), date(2026, 11, 24));
        assert_eq!(weekdays_before(wednesday, 3), date(2026, 11, 20));
        assert_eq!(weekdays_after(wednesday, 3), date(2026, 11, 30));
    }
}
