//! The admin forms as text: a new member, the holidays (one date per line), and the default
//! norms (the channel form's fields), filled from what is stored for showing.

use serde::Deserialize;
use sundial_app::accounts::NewMember;
use sundial_core::{ClockKind, Norm};

use super::super::norms::{NormFields, UNITS};
use super::super::page::WebError;
use super::super::session::Viewer;
use super::super::setup::FieldError;
use crate::ServerState;

/// The roles an admin may give, in the order offered.
pub(super) const ROLES: [&str; 4] = ["member", "admin", "guest", "owner"];

/// The add-member form.
#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct MemberInput {
    #[serde(default)]
    pub(super) email: String,
    #[serde(default)]
    pub(super) name: String,
    #[serde(default)]
    pub(super) password: String,
    #[serde(default)]
    pub(super) time_zone: String,
    #[serde(default)]
    pub(super) role: String,
}

impl MemberInput {
    pub(super) fn new_member(&self) -> NewMember {
        NewMember {
            email: self.email.clone(),
            name: self.name.clone(),
            handle: None,
            password: self.password.clone(),
            time_zone: self.time_zone.clone(),
            working_hours: None,
            role: Some(self.role.clone()),
        }
    }
}

/// The holidays form: one `YYYY-MM-DD` per line (commas work too).
#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct HolidaysInput {
    #[serde(default)]
    pub(super) dates: String,
}

impl HolidaysInput {
    pub(super) fn dates(&self) -> Vec<String> {
        self.dates
            .split(['\n', ','])
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(str::to_owned)
            .collect()
    }
}

/// Every admin form, as shown.
#[derive(Debug, Clone, Default)]
pub(super) struct AdminForms {
    pub(super) member: MemberInput,
    pub(super) holidays: HolidaysInput,
    pub(super) norms: NormFields,
}

impl AdminForms {
    /// The forms filled from what is stored: a blank new member in the admin's zone, the
    /// holidays, and the default norms' overrides.
    pub(super) async fn load(state: &ServerState, viewer: &Viewer) -> Result<Self, WebError> {
        let holidays = state.app.holidays(&viewer.actor).await?;
        let norms = state.app.workspace_norms(&viewer.actor).await?;
        let (normal_amount, normal_unit) = amount_and_unit(norms.overrides.normal, "working_days");
        let (urgent_amount, urgent_unit) = amount_and_unit(norms.overrides.urgent, "minutes");
        Ok(Self {
            member: MemberInput {
                time_zone: viewer.me.time_zone.clone(),
                role: "member".to_owned(),
                ..MemberInput::default()
            },
            holidays: HolidaysInput {
                dates: holidays.join("\n"),
            },
            norms: NormFields {
                normal_amount,
                normal_unit,
                urgent_amount,
                urgent_unit,
            },
        })
    }
}

/// A norm as the form's amount and the largest unit that divides it; none is a blank amount
/// with `default_unit`.
fn amount_and_unit(norm: Option<Norm>, default_unit: &str) -> (String, String) {
    let Some(norm) = norm else {
        return (String::new(), default_unit.to_owned());
    };
    UNITS
        .iter()
        .rev()
        .filter(|(_, _, per, clock)| *clock == norm.clock() && norm.minutes().is_multiple_of(*per))
        .max_by_key(|(_, _, per, _)| *per)
        .map_or_else(
            || {
                let unit = match norm.clock() {
                    ClockKind::Working => "working_minutes",
                    ClockKind::Wall => "minutes",
                };
                (norm.minutes().to_string(), unit.to_owned())
            },
            |(value, _, per, _)| ((norm.minutes() / per).to_string(), (*value).to_owned()),
        )
}

/// `dates[2]` → `dates` with "Line 3: " before the reason, since the form has one field for
/// the list; other fields as they are.
pub(super) fn one_field_per_list(error: FieldError) -> FieldError {
    let Some((list, rest)) = error.field.split_once('[') else {
        return error;
    };
    let line = rest
        .trim_end_matches(']')
        .parse::<usize>()
        .map(|i| format!("Line {}: ", i + 1))
        .unwrap_or_default();
    FieldError {
        field: list.to_owned(),
        message: format!("{line}{}", error.message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norms_show_in_the_largest_unit_that_fits() {
        let cases = [
            (
                Norm::new(480, ClockKind::Working).unwrap(),
                ("1", "working_days"),
            ),
            (
                Norm::new(240, ClockKind::Working).unwrap(),
                ("4", "working_hours"),
            ),
            (
                Norm::new(45, ClockKind::Working).unwrap(),
                ("45", "working_minutes"),
            ),
            (Norm::new(120, ClockKind::Wall).unwrap(), ("2", "hours")),
            (Norm::new(90, ClockKind::Wall).unwrap(), ("90", "minutes")),
        ];
        for (norm, (amount, unit)) in cases {
            let shown = amount_and_unit(Some(norm), "x");
            assert_eq!(
                (shown.0.as_str(), shown.1.as_str()),
                (amount, unit),
                "{norm:?}"
            );
        }
        assert_eq!(
            amount_and_unit(None, "minutes"),
            (String::new(), "minutes".to_owned())
        );
    }

    #[test]
    fn a_bad_date_names_its_line() {
        let error = one_field_per_list(FieldError {
            field: "dates[2]".to_owned(),
            message: "not a date".to_owned(),
        });
        assert_eq!(error.field, "dates");
        assert_eq!(error.message, "Line 3: not a date");
        let holidays = HolidaysInput {
            dates: "2026-12-25\n\n 2026-12-26 , 2027-01-01".to_owned(),
        };
        assert_eq!(holidays.dates(), ["2026-12-25", "2026-12-26", "2027-01-01"]);
    }
}
