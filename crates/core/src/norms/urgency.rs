//! How pressing a request is, and which clock its norm runs on.

use serde::{Deserialize, Serialize};

use crate::ValidationError;
use crate::validate::parse_choice;

/// How pressing a request is. Urgency is a field with rules, never a tone of voice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    Low,
    Normal,
    High,
    Urgent,
}

impl Urgency {
    /// Every urgency, least pressing first.
    pub const ALL: [Urgency; 4] = [
        Urgency::Low,
        Urgency::Normal,
        Urgency::High,
        Urgency::Urgent,
    ];

    /// Parses the wire name (`low`, `normal`, `high`, `urgent`; field `urgency`).
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        parse_choice("urgency", input, &Self::ALL, Self::as_str)
    }

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::Low => "low",
            Urgency::Normal => "normal",
            Urgency::High => "high",
            Urgency::Urgent => "urgent",
        }
    }
}

impl std::fmt::Display for Urgency {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which clock a norm's minutes run on: the recipient's working hours, or the wall clock (for
/// true urgency, which does not wait for Monday).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockKind {
    Working,
    Wall,
}

impl ClockKind {
    /// Both clocks.
    pub const ALL: [ClockKind; 2] = [ClockKind::Working, ClockKind::Wall];

    /// Parses the wire name (`working`, `wall`; field `clock`).
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        parse_choice("clock", input, &Self::ALL, Self::as_str)
    }

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            ClockKind::Working => "working",
            ClockKind::Wall => "wall",
        }
    }
}

impl std::fmt::Display for ClockKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urgencies_and_clocks_round_trip_through_their_wire_names() {
        for urgency in Urgency::ALL {
            assert_eq!(Urgency::parse(urgency.as_str()).unwrap(), urgency);
        }
        for clock in ClockKind::ALL {
            assert_eq!(ClockKind::parse(clock.as_str()).unwrap(), clock);
        }
        assert!(Urgency::Low < Urgency::Urgent);
    }

    #[test]
    fn unknown_urgencies_and_clocks_are_refused_on_their_fields() {
        assert_eq!(
            Urgency::parse("asap").unwrap_err(),
            ValidationError::new("urgency", "must be one of: low, normal, high, urgent")
        );
        assert_eq!(
            ClockKind::parse("Working").unwrap_err(),
            ValidationError::new("clock", "must be one of: working, wall")
        );
    }
}
