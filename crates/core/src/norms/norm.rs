//! A norm (minutes on a clock), the full set a workspace has, and the partial set a channel
//! overrides it with.

use jiff::SignedDuration;
use serde::{Deserialize, Serialize};

use super::{ClockKind, Urgency};
use crate::ValidationError;

/// The most minutes a norm may have: one year of wall-clock minutes. Longer is not an
/// expectation, it is a wish.
pub const NORM_MAX_MINUTES: u32 = 525_600;

/// One expectation: answer within `minutes` on `clock`. Serialised as
/// `{"minutes": 480, "clock": "working"}`, and validated again when read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "NormFields")]
pub struct Norm {
    minutes: u32,
    clock: ClockKind,
}

impl Norm {
    /// A norm of 1 to [`NORM_MAX_MINUTES`] minutes (field `minutes`).
    pub fn new(minutes: u32, clock: ClockKind) -> Result<Self, ValidationError> {
        if !(1..=NORM_MAX_MINUTES).contains(&minutes) {
            return Err(ValidationError::new(
                "minutes",
                format!("must be between 1 and {NORM_MAX_MINUTES} (one year)"),
            ));
        }
        Ok(Self { minutes, clock })
    }

    /// The expected answer time, in minutes of [`Norm::clock`].
    pub fn minutes(&self) -> u32 {
        self.minutes
    }

    /// The clock the minutes run on.
    pub fn clock(&self) -> ClockKind {
        self.clock
    }

    /// The minutes as a duration.
    pub fn duration(&self) -> SignedDuration {
        SignedDuration::from_mins(i64::from(self.minutes))
    }

    /// Built from constants known to be in range, for the defaults.
    const fn known(minutes: u32, clock: ClockKind) -> Self {
        Self { minutes, clock }
    }
}

/// The serialised shape of a [`Norm`], before validation.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NormFields {
    minutes: u32,
    clock: ClockKind,
}

impl TryFrom<NormFields> for Norm {
    type Error = ValidationError;

    fn try_from(fields: NormFields) -> Result<Self, Self::Error> {
        Norm::new(fields.minutes, fields.clock)
    }
}

/// A norm for every urgency: what a workspace has, and what a channel ends up with after its
/// overrides. Serialised as `{"low": {..}, "normal": {..}, "high": {..}, "urgent": {..}}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Norms {
    pub low: Norm,
    pub normal: Norm,
    pub high: Norm,
    pub urgent: Norm,
}

impl Norms {
    /// DESIGN.md §3's defaults: low 1440 working minutes (three working days of eight hours),
    /// normal 480 (one working day), high 240, urgent 60 wall-clock minutes.
    pub const fn workspace_defaults() -> Self {
        Self {
            low: Norm::known(1440, ClockKind::Working),
            normal: Norm::known(480, ClockKind::Working),
            high: Norm::known(240, ClockKind::Working),
            urgent: Norm::known(60, ClockKind::Wall),
        }
    }

    /// The norm for `urgency`.
    pub fn get(&self, urgency: Urgency) -> Norm {
        match urgency {
            Urgency::Low => self.low,
            Urgency::Normal => self.normal,
            Urgency::High => self.high,
            Urgency::Urgent => self.urgent,
        }
    }

    /// These norms with `overrides` applied: a channel's norms over its workspace's.
    pub fn with_override(&self, overrides: &NormsOverride) -> Norms {
        Norms {
            low: overrides.low.unwrap_or(self.low),
            normal: overrides.normal.unwrap_or(self.normal),
            high: overrides.high.unwrap_or(self.high),
            urgent: overrides.urgent.unwrap_or(self.urgent),
        }
    }
}

impl Default for Norms {
    fn default() -> Self {
        Self::workspace_defaults()
    }
}

/// Some urgencies' norms, overriding the rest: what a channel sets.
///
/// Serde is the parser for the API shape `{"normal": {"minutes": 480, "clock": "working"}}`:
/// a missing or `null` urgency is not overridden, and an unknown urgency key, an unknown field
/// or a norm out of range is refused (the message names the problem, e.g. "unknown field
/// `critical`" or "minutes: must be between 1 and 525600 (one year)"). We chose serde over a
/// hand-written `parse` because the same shape is read from the API and from storage.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NormsOverride {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<Norm>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub normal: Option<Norm>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<Norm>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urgent: Option<Norm>,
}

impl NormsOverride {
    /// Whether nothing is overridden.
    pub fn is_empty(&self) -> bool {
        self.low.is_none() && self.normal.is_none() && self.high.is_none() && self.urgent.is_none()
    }

    /// The override for `urgency`, if any.
    pub fn get(&self, urgency: Urgency) -> Option<Norm> {
        match urgency {
            Urgency::Low => self.low,
            Urgency::Normal => self.normal,
            Urgency::High => self.high,
            Urgency::Urgent => self.urgent,
        }
    }

    /// Sets or clears (`None`) the override for `urgency`.
    pub fn set(&mut self, urgency: Urgency, norm: Option<Norm>) {
        let slot = match urgency {
            Urgency::Low => &mut self.low,
            Urgency::Normal => &mut self.normal,
            Urgency::High => &mut self.high,
            Urgency::Urgent => &mut self.urgent,
        };
        *slot = norm;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(minutes: u32, clock: ClockKind) -> Norm {
        Norm::new(minutes, clock).unwrap()
    }

    #[test]
    fn a_norm_has_between_one_minute_and_one_year() {
        assert!(Norm::new(1, ClockKind::Wall).is_ok());
        assert!(Norm::new(NORM_MAX_MINUTES, ClockKind::Working).is_ok());
        for minutes in [0, NORM_MAX_MINUTES + 1, u32::MAX] {
            let err = Norm::new(minutes, ClockKind::Working).unwrap_err();
            assert_eq!(err.field, "minutes", "{minutes}");
        }
    }

    #[test]
    fn the_workspace_defaults_are_the_ones_in_the_design() {
        let defaults = Norms::workspace_defaults();
        let expected = [
            (Urgency::Low, 1440, ClockKind::Working),
            (Urgency::Normal, 480, ClockKind::Working),
            (Urgency::High, 240, ClockKind::Working),
            (Urgency::Urgent, 60, ClockKind::Wall),
        ];
        for (urgency, minutes, clock) in expected {
            assert_eq!(defaults.get(urgency), norm(minutes, clock), "{urgency}");
        }
    }

    #[test]
    fn a_channel_override_replaces_only_the_urgencies_it_names() {
        let mut overrides = NormsOverride::default();
        assert!(overrides.is_empty());
        overrides.set(Urgency::High, Some(norm(30, ClockKind::Wall)));
        assert!(!overrides.is_empty());
        let norms = Norms::workspace_defaults().with_override(&overrides);
        assert_eq!(norms.high, norm(30, ClockKind::Wall));
        assert_eq!(norms.normal, Norms::workspace_defaults().normal);
        overrides.set(Urgency::High, None);
        assert!(overrides.is_empty());
        assert_eq!(overrides.get(Urgency::High), None);
    }

    #[test]
    fn overrides_read_and_write_the_api_shape() {
        let json = r#"{"normal":{"minutes":120,"clock":"working"},"urgent":null}"#;
        let overrides: NormsOverride = serde_json::from_str(json).unwrap();
        assert_eq!(overrides.normal, Some(norm(120, ClockKind::Working)));
        assert_eq!(overrides.get(Urgency::Urgent), None);
        assert_eq!(
            serde_json::to_string(&overrides).unwrap(),
            r#"{"normal":{"minutes":120,"clock":"working"}}"#
        );
        let full = serde_json::to_string(&Norms::workspace_defaults()).unwrap();
        let back: Norms = serde_json::from_str(&full).unwrap();
        assert_eq!(back, Norms::workspace_defaults());
    }

    #[test]
    fn malformed_overrides_are_refused_with_the_reason_in_the_message() {
        for (json, reason) in [
            (
                r#"{"critical":{"minutes":5,"clock":"wall"}}"#,
                "unknown field `critical`",
            ),
            (
                r#"{"high":{"minutes":0,"clock":"wall"}}"#,
                "minutes: must be between 1",
            ),
            (
                r#"{"high":{"minutes":5,"clock":"lunar"}}"#,
                "unknown variant `lunar`",
            ),
            (r#"{"high":{"minutes":5}}"#, "missing field `clock`"),
            (r#"{"high":{"minutes":-5,"clock":"wall"}}"#, "invalid value"),
            (
                r#"{"high":{"minutes":5,"clock":"wall","x":1}}"#,
                "unknown field `x`",
            ),
        ] {
            let err = serde_json::from_str::<NormsOverride>(json).unwrap_err();
            assert!(err.to_string().contains(reason), "{json}: {err}");
        }
    }
}
