//! Norms in plain words, both ways: "Replies expected within 1 working day; urgent within 60
//! minutes" on channel pages, and the channel form's "within [1] [working days]" back into a
//! `NormsOverride` (validated by core's `Norm::new`).

use serde::Deserialize;
use sundial_core::{ClockKind, Norm, Norms, NormsOverride, Urgency};

use super::page::WebError;

/// A working day in words, as in `when`: the standard day.
const WORKING_DAY_MINUTES: u32 = 8 * 60;

/// The units the form offers: (value, label, minutes per unit, clock).
pub(crate) const UNITS: [(&str, &str, u32, ClockKind); 5] = [
    ("working_minutes", "working minutes", 1, ClockKind::Working),
    ("working_hours", "working hours", 60, ClockKind::Working),
    (
        "working_days",
        "working days",
        WORKING_DAY_MINUTES,
        ClockKind::Working,
    ),
    ("minutes", "minutes (clock time)", 1, ClockKind::Wall),
    ("hours", "hours (clock time)", 60, ClockKind::Wall),
];

/// One norm in words: "1 working day", "4 working hours", "60 minutes".
pub(crate) fn words(norm: &Norm) -> String {
    let minutes = norm.minutes();
    let (n, unit) = match norm.clock() {
        ClockKind::Working if minutes.is_multiple_of(WORKING_DAY_MINUTES) => {
            (minutes / WORKING_DAY_MINUTES, "working day")
        }
        ClockKind::Working if minutes.is_multiple_of(60) => (minutes / 60, "working hour"),
        ClockKind::Working => (minutes, "working minute"),
        ClockKind::Wall if minutes.is_multiple_of(60) && minutes > 60 => (minutes / 60, "hour"),
        ClockKind::Wall => (minutes, "minute"),
    };
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

/// A channel's norms as one sentence.
pub(crate) fn summary(norms: &Norms) -> String {
    format!(
        "Replies expected within {}; urgent within {}.",
        words(&norms.normal),
        words(&norms.urgent)
    )
}

/// Every urgency with its norm in words, for the full list.
pub(crate) fn each(norms: &Norms) -> Vec<(&'static str, String)> {
    Urgency::ALL
        .iter()
        .map(|u| (u.as_str(), words(&norms.get(*u))))
        .collect()
}

/// The norm fields of the channel form; an empty amount keeps the workspace's norm.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct NormFields {
    #[serde(default)]
    pub(crate) normal_amount: String,
    #[serde(default)]
    pub(crate) normal_unit: String,
    #[serde(default)]
    pub(crate) urgent_amount: String,
    #[serde(default)]
    pub(crate) urgent_unit: String,
}

impl NormFields {
    /// The overrides the form asks for; errors name `norms.normal` or `norms.urgent`.
    pub(crate) fn to_override(&self) -> Result<NormsOverride, WebError> {
        let mut overrides = NormsOverride::default();
        overrides.set(
            Urgency::Normal,
            norm("normal", &self.normal_amount, &self.normal_unit)?,
        );
        overrides.set(
            Urgency::Urgent,
            norm("urgent", &self.urgent_amount, &self.urgent_unit)?,
        );
        Ok(overrides)
    }
}

fn norm(urgency: &str, amount: &str, unit: &str) -> Result<Option<Norm>, WebError> {
    let amount = amount.trim();
    if amount.is_empty() {
        return Ok(None);
    }
    let field = format!("norms.{urgency}");
    let invalid = |message: &str| WebError::Invalid {
        field: field.clone(),
        message: message.to_owned(),
    };
    let count: u32 = amount
        .parse()
        .map_err(|_| invalid("must be a whole number, like 1 or 60"))?;
    let (_, _, per_unit, clock) = UNITS
        .iter()
        .find(|(value, ..)| *value == unit)
        .ok_or_else(|| invalid("choose a unit from the list"))?;
    let minutes = count
        .checked_mul(*per_unit)
        .ok_or_else(|| invalid("is too long"))?;
    Norm::new(minutes, *clock)
        .map(Some)
        .map_err(|e| invalid(&e.reason))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_norms_read_as_a_sentence() {
        assert_eq!(
            summary(&Norms::workspace_defaults()),
            "Replies expected within 1 working day; urgent within 60 minutes."
        );
    }

    #[test]
    fn form_amounts_become_norms_and_blanks_keep_the_default() {
        let fields = NormFields {
            normal_amount: "2".to_owned(),
            normal_unit: "working_hours".to_owned(),
            urgent_amount: String::new(),
            urgent_unit: "minutes".to_owned(),
        };
        let overrides = fields.to_override().expect("valid norms");
        assert_eq!(
            overrides.normal,
            Some(Norm::new(120, ClockKind::Working).unwrap())
        );
        assert_eq!(overrides.urgent, None);
    }

    #[test]
    fn bad_amounts_name_the_norm() {
        for (amount, unit) in [("soon", "minutes"), ("0", "minutes"), ("3", "fortnights")] {
            let fields = NormFields {
                urgent_amount: amount.to_owned(),
                urgent_unit: unit.to_owned(),
                ..NormFields::default()
            };
            match fields.to_override() {
                Err(WebError::Invalid { field, .. }) => assert_eq!(field, "norms.urgent"),
                other => panic!("{amount} {unit}: {other:?}"),
            }
        }
    }
}
