//! The settings forms as text, both ways: filled from the member's profile for showing, and
//! turned back into a `MemberPatch` (or time off) on submit. Only translation lives here; every
//! value is validated by `App::update_me` and the core types it uses.

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use serde::Deserialize;
use sundial_app::AppError;
use sundial_app::accounts::{MemberPatch, StatusInput};
use sundial_app::views::MemberView;
use sundial_core::{Interval, WeeklyHours};

/// The weekdays as the forms name them, Monday first, with their labels.
pub(super) const DAYS: [(&str, &str); 7] = [
    ("mon", "Monday"),
    ("tue", "Tuesday"),
    ("wed", "Wednesday"),
    ("thu", "Thursday"),
    ("fri", "Friday"),
    ("sat", "Saturday"),
    ("sun", "Sunday"),
];

/// The profile form.
#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct ProfileInput {
    #[serde(default)]
    pub(super) name: String,
    #[serde(default)]
    pub(super) handle: String,
    #[serde(default)]
    pub(super) time_zone: String,
}

/// The weekly hours form: per day, intervals written `09:00-12:00, 13:00-17:00`.
#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct HoursInput {
    #[serde(default)]
    pub(super) mon: String,
    #[serde(default)]
    pub(super) tue: String,
    #[serde(default)]
    pub(super) wed: String,
    #[serde(default)]
    pub(super) thu: String,
    #[serde(default)]
    pub(super) fri: String,
    #[serde(default)]
    pub(super) sat: String,
    #[serde(default)]
    pub(super) sun: String,
}

/// The status form; `until` is a local `YYYY-MM-DDTHH:MM` in the member's zone, or empty.
#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct StatusFields {
    #[serde(default)]
    pub(super) mode: String,
    #[serde(default)]
    pub(super) text: String,
    #[serde(default)]
    pub(super) emoji: String,
    #[serde(default)]
    pub(super) until: String,
}

/// The notification (delivery) form; check times are written `09:30, 13:00, 16:30`.
#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct DeliveryInput {
    #[serde(default)]
    pub(super) delivery_mode: String,
    #[serde(default)]
    pub(super) check_times: String,
    #[serde(default)]
    pub(super) email_notifications: Option<String>,
    #[serde(default)]
    pub(super) urgent_off_hours: Option<String>,
}

/// The time-off form: inclusive local dates and a note.
#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct TimeOffFields {
    #[serde(default)]
    pub(super) start_date: String,
    #[serde(default)]
    pub(super) end_date: String,
    #[serde(default)]
    pub(super) note: String,
}

/// The one-click focus form.
#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct FocusInput {
    #[serde(default)]
    pub(super) length: String,
}

/// Every form on the page, as shown.
#[derive(Debug, Clone, Default)]
pub(super) struct SettingsForms {
    pub(super) profile: ProfileInput,
    pub(super) hours: HoursInput,
    pub(super) status: StatusFields,
    pub(super) delivery: DeliveryInput,
    pub(super) time_off: TimeOffFields,
}

impl SettingsForms {
    /// The forms filled with the member's current settings.
    pub(super) fn of(me: &MemberView) -> Self {
        let zone = zone(&me.time_zone);
        let day = |i: usize| {
            let weekday = jiff::civil::Weekday::Monday.wrapping_add(i64::try_from(i).unwrap_or(0));
            me.working_hours
                .day(weekday)
                .iter()
                .map(Interval::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        };
        Self {
            profile: ProfileInput {
                name: me.name.clone(),
                handle: me.handle.clone(),
                time_zone: me.time_zone.clone(),
            },
            hours: HoursInput {
                mon: day(0),
                tue: day(1),
                wed: day(2),
                thu: day(3),
                fri: day(4),
                sat: day(5),
                sun: day(6),
            },
            status: StatusFields {
                mode: me.status.mode.clone(),
                text: me.status.text.clone().unwrap_or_default(),
                emoji: me.status.emoji.clone().unwrap_or_default(),
                until: me
                    .status
                    .until
                    .map(|t| t.to_zoned(zone).strftime("%Y-%m-%dT%H:%M").to_string())
                    .unwrap_or_default(),
            },
            delivery: DeliveryInput {
                delivery_mode: me.delivery_mode.clone(),
                check_times: me.check_times.join(", "),
                email_notifications: me.email_notifications.then(|| "on".to_owned()),
                urgent_off_hours: me.urgent_off_hours.then(|| "on".to_owned()),
            },
            time_off: TimeOffFields::default(),
        }
    }
}

impl ProfileInput {
    pub(super) fn patch(&self) -> MemberPatch {
        MemberPatch {
            name: Some(self.name.clone()),
            handle: Some(self.handle.clone()),
            time_zone: Some(self.time_zone.clone()),
            ..MemberPatch::default()
        }
    }
}

impl HoursInput {
    /// The days' texts, Monday first.
    pub(super) fn days(&self) -> [&str; 7] {
        [
            &self.mon, &self.tue, &self.wed, &self.thu, &self.fri, &self.sat, &self.sun,
        ]
    }

    /// The weekly hours the texts describe; errors name the day (`working_hours.tue`).
    pub(super) fn patch(&self) -> Result<MemberPatch, AppError> {
        let mut days: [Vec<Interval>; 7] = Default::default();
        for (index, text) in self.days().into_iter().enumerate() {
            let field = format!("working_hours.{}", DAYS[index].0);
            for piece in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                let (start, end) = piece.split_once('-').ok_or_else(|| {
                    AppError::invalid(
                        &field,
                        &format!("write {piece:?} as start-end, e.g. 09:00-17:00"),
                    )
                })?;
                let interval = Interval::parse(start.trim(), end.trim())
                    .map_err(|e| AppError::invalid(&field, &e.reason))?;
                days[index].push(interval);
            }
        }
        let hours = WeeklyHours::new(days).map_err(|e| {
            // `working_hours.tue[1]` → `working_hours.tue`: the form has one field per day.
            let field = e.field.split('[').next().unwrap_or(&e.field).to_owned();
            AppError::invalid(&field, &e.reason)
        })?;
        Ok(MemberPatch {
            working_hours: Some(hours),
            ..MemberPatch::default()
        })
    }
}

impl StatusFields {
    /// The status to set; `until` is read on the wall clock of `time_zone`.
    pub(super) fn patch(&self, time_zone: &str) -> Result<MemberPatch, AppError> {
        let until = match self.until.trim() {
            "" => None,
            text => Some(local_instant(text, time_zone).ok_or_else(|| {
                AppError::invalid(
                    "status.until",
                    "must be a date and time, e.g. 2026-03-09T17:00",
                )
            })?),
        };
        let optional = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        Ok(MemberPatch {
            status: Some(StatusInput {
                mode: self.mode.clone(),
                text: optional(&self.text),
                emoji: optional(&self.emoji),
                until,
            }),
            ..MemberPatch::default()
        })
    }
}

impl DeliveryInput {
    pub(super) fn patch(&self) -> MemberPatch {
        let check_times = self
            .check_times
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect();
        MemberPatch {
            delivery_mode: Some(self.delivery_mode.clone()),
            check_times: Some(check_times),
            email_notifications: Some(self.email_notifications.is_some()),
            urgent_off_hours: Some(self.urgent_off_hours.is_some()),
            ..MemberPatch::default()
        }
    }
}

/// A `datetime-local` value on the wall clock of `time_zone` as an instant (a time in a DST
/// gap moves forward, as everywhere else).
fn local_instant(text: &str, time_zone: &str) -> Option<Timestamp> {
    let civil: DateTime = text.parse().ok()?;
    civil.to_zoned(zone(time_zone)).ok().map(|z| z.timestamp())
}

fn zone(name: &str) -> TimeZone {
    TimeZone::get(name).unwrap_or(TimeZone::UTC)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_text_becomes_weekly_hours_and_errors_name_the_day() {
        let input = HoursInput {
            mon: "09:00-12:00, 13:00-17:00".to_owned(),
            ..HoursInput::default()
        };
        let hours = input.patch().unwrap().working_hours.unwrap();
        assert_eq!(hours.weekly_minutes(), Some(7 * 60));

        let broken = HoursInput {
            tue: "9 to 5".to_owned(),
            ..HoursInput::default()
        };
        let AppError::Invalid(e) = broken.patch().unwrap_err() else {
            panic!("an invalid error")
        };
        assert_eq!(e.field, "working_hours.tue");

        let overlapping = HoursInput {
            wed: "09:00-12:00, 11:00-13:00".to_owned(),
            ..HoursInput::default()
        };
        let AppError::Invalid(e) = overlapping.patch().unwrap_err() else {
            panic!("an invalid error")
        };
        assert_eq!(e.field, "working_hours.wed");
    }

    #[test]
    fn a_status_end_is_read_on_the_members_wall_clock() {
        let fields = StatusFields {
            mode: "focus".to_owned(),
            until: "2026-03-09T17:00".to_owned(),
            ..StatusFields::default()
        };
        let status = fields.patch("Asia/Tokyo").unwrap().status.unwrap();
        assert_eq!(status.until, Some("2026-03-09T08:00:00Z".parse().unwrap()));
        let bad = StatusFields {
            until: "tomorrow".to_owned(),
            ..fields
        };
        let AppError::Invalid(e) = bad.patch("UTC").unwrap_err() else {
            panic!("an invalid error")
        };
        assert_eq!(e.field, "status.until");
    }
}
