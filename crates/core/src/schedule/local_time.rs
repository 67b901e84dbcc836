//! Local wall-clock times (`"HH:MM"`) and the half-open intervals built from them. Which day an
//! interval belongs to, and what instant it means, is left to `weekly_hours` and `working`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::ValidationError;

/// Minutes in a local day; `24:00` is this many minutes after midnight.
pub(crate) const MINUTES_PER_DAY: u16 = 1440;

/// A local wall-clock time with minute precision, from `00:00` to `24:00`.
///
/// `24:00` exists only so that an interval can end at the next local midnight; it is accepted
/// here and refused by [`Interval`] as a start. The API writes it as `"HH:MM"`, always two digits
/// each: `"9:00"` is refused rather than guessed, so stored values have one spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LocalTime(u16);

impl LocalTime {
    /// Local midnight at the start of a day, `00:00`.
    pub const MIDNIGHT: LocalTime = LocalTime(0);
    /// Local midnight at the end of a day, `24:00`.
    pub const END_OF_DAY: LocalTime = LocalTime(MINUTES_PER_DAY);

    /// Parses `"HH:MM"` from `"00:00"` to `"24:00"`. The error's field is empty: callers name it
    /// with [`ValidationError::within`].
    pub fn parse(text: &str) -> Result<LocalTime, ValidationError> {
        let invalid = || {
            ValidationError::new(
                "",
                "must be a time of day as HH:MM, from 00:00 to 24:00, like 09:30",
            )
        };
        let bytes = text.as_bytes();
        if bytes.len() != 5 || bytes[2] != b':' {
            return Err(invalid());
        }
        let digit = |index: usize| -> Result<u8, ValidationError> {
            let byte = bytes[index];
            if byte.is_ascii_digit() {
                Ok(byte - b'0')
            } else {
                Err(invalid())
            }
        };
        let hour = digit(0)? * 10 + digit(1)?;
        let minute = digit(3)? * 10 + digit(4)?;
        LocalTime::new(hour, minute).map_err(|_| invalid())
    }

    /// The time `hour:minute`; `hour` 0–23 with `minute` 0–59, or exactly 24:00.
    pub fn new(hour: u8, minute: u8) -> Result<LocalTime, ValidationError> {
        if (hour < 24 && minute < 60) || (hour == 24 && minute == 0) {
            Ok(LocalTime(u16::from(hour) * 60 + u16::from(minute)))
        } else {
            Err(ValidationError::new(
                "",
                "must be a time of day from 00:00 to 24:00",
            ))
        }
    }

    /// Minutes since local midnight, 0–1440.
    pub fn minutes(self) -> u16 {
        self.0
    }

    /// The hour, 0–24 (24 only for `24:00`).
    pub fn hour(self) -> u8 {
        // At most 1440 / 60 = 24, so the cast cannot truncate.
        (self.0 / 60) as u8
    }

    /// The minute within the hour, 0–59.
    pub fn minute(self) -> u8 {
        (self.0 % 60) as u8
    }
}

impl fmt::Display for LocalTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour(), self.minute())
    }
}

impl FromStr for LocalTime {
    type Err = ValidationError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        LocalTime::parse(text)
    }
}

impl TryFrom<String> for LocalTime {
    type Error = ValidationError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        LocalTime::parse(&text)
    }
}

impl From<LocalTime> for String {
    fn from(time: LocalTime) -> String {
        time.to_string()
    }
}

/// A half-open range `[start, end)` of local wall time within one day; `end` may be `24:00`.
///
/// Serialised as the API writes it, a pair `["09:00", "17:00"]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "(LocalTime, LocalTime)", into = "(LocalTime, LocalTime)")]
pub struct Interval {
    start: LocalTime,
    end: LocalTime,
}

impl Interval {
    /// An interval that starts before 24:00 and ends after it starts. The error's field is
    /// empty: callers name it (`working_hours.tue[1]`).
    pub fn new(start: LocalTime, end: LocalTime) -> Result<Self, ValidationError> {
        if start == LocalTime::END_OF_DAY {
            return Err(ValidationError::new(
                "",
                "an interval cannot start at 24:00; use 00:00 of the next day",
            ));
        }
        if end <= start {
            return Err(ValidationError::new(
                "",
                format!("must end after it starts, but {start}-{end} does not"),
            ));
        }
        Ok(Self { start, end })
    }

    /// Parses an interval from its two `"HH:MM"` ends.
    pub fn parse(start: &str, end: &str) -> Result<Self, ValidationError> {
        // The reasons name which end is wrong, because the field stays the interval's own path.
        let start = LocalTime::parse(start)
            .map_err(|error| ValidationError::new("", format!("start {}", error.reason)))?;
        let end = LocalTime::parse(end)
            .map_err(|error| ValidationError::new("", format!("end {}", error.reason)))?;
        Interval::new(start, end)
    }

    /// The first local time inside the interval.
    pub fn start(&self) -> LocalTime {
        self.start
    }

    /// The first local time after the interval (`24:00` for "until midnight").
    pub fn end(&self) -> LocalTime {
        self.end
    }

    /// Whether the two intervals share any local time; touching ends do not overlap.
    pub fn overlaps(&self, other: &Interval) -> bool {
        self.start < other.end && other.start < self.end
    }
}

impl Interval {
    /// `00:00-24:00`, the whole of a local day.
    pub(crate) const WHOLE_DAY: Interval = Interval::constant(0, MINUTES_PER_DAY);

    /// An interval from minute counts that the crate's own constants guarantee valid
    /// (`start < end <= 1440`); never called with input.
    pub(crate) const fn constant(start: u16, end: u16) -> Interval {
        Interval {
            start: LocalTime(start),
            end: LocalTime(end),
        }
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.start, self.end)
    }
}

impl TryFrom<(LocalTime, LocalTime)> for Interval {
    type Error = ValidationError;

    fn try_from((start, end): (LocalTime, LocalTime)) -> Result<Self, Self::Error> {
        Interval::new(start, end)
    }
}

impl From<Interval> for (LocalTime, LocalTime) {
    fn from(interval: Interval) -> Self {
        (interval.start, interval.end)
    }
}
