//! A member's delivery preferences: batched or immediate, check times, urgent asks off hours.

use crate::ValidationError;
use crate::schedule::LocalTime;

/// How non-urgent notifications reach a member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryMode {
    /// Held for digests at the member's check times (the default).
    #[default]
    Batched,
    /// Delivered at the first working instant.
    Immediate,
}

impl DeliveryMode {
    /// Parses `batched` or `immediate` (field `delivery_mode`).
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        match input {
            "batched" => Ok(DeliveryMode::Batched),
            "immediate" => Ok(DeliveryMode::Immediate),
            _ => Err(ValidationError::new(
                "delivery_mode",
                "must be one of: batched, immediate",
            )),
        }
    }

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryMode::Batched => "batched",
            DeliveryMode::Immediate => "immediate",
        }
    }
}

/// A member's preferences. Check times are kept sorted and distinct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryPreferences {
    pub mode: DeliveryMode,
    check_times: Vec<LocalTime>,
    /// Urgent asks reach the member outside working hours too (unless away).
    pub urgent_off_hours: bool,
}

/// The most check times a day may have.
const MAX_CHECK_TIMES: usize = 12;

impl DeliveryPreferences {
    /// Validated preferences (field `check_times`): at most 12 times a day, `24:00` refused.
    pub fn new(
        mode: DeliveryMode,
        mut check_times: Vec<LocalTime>,
        urgent_off_hours: bool,
    ) -> Result<Self, ValidationError> {
        if check_times.len() > MAX_CHECK_TIMES {
            return Err(ValidationError::new(
                "check_times",
                "at most 12 check times a day",
            ));
        }
        if check_times.contains(&LocalTime::END_OF_DAY) {
            return Err(ValidationError::new(
                "check_times",
                "24:00 is not a time of day; use 00:00",
            ));
        }
        check_times.sort();
        check_times.dedup();
        Ok(Self {
            mode,
            check_times,
            urgent_off_hours,
        })
    }

    /// Parses `"HH:MM"` check times, naming the bad one (`check_times[1]`).
    pub fn parse_check_times(texts: &[String]) -> Result<Vec<LocalTime>, ValidationError> {
        texts
            .iter()
            .enumerate()
            .map(|(i, text)| {
                LocalTime::parse(text)
                    .map_err(|e| ValidationError::new(format!("check_times[{i}]"), e.reason))
            })
            .collect()
    }

    /// The check times, earliest first.
    pub fn check_times(&self) -> &[LocalTime] {
        &self.check_times
    }
}

impl Default for DeliveryPreferences {
    /// Batched, with check times at 09:30, 13:00 and 16:30, no urgent asks off hours.
    fn default() -> Self {
        let at = |h, m| LocalTime::new(h, m).unwrap_or(LocalTime::MIDNIGHT);
        Self {
            mode: DeliveryMode::Batched,
            check_times: vec![at(9, 30), at(13, 0), at(16, 30)],
            urgent_off_hours: false,
        }
    }
}
