//! A member's status: what they are doing (available, focusing, away), in words and an emoji,
//! until when. The delivery policy reads the mode and the end time; this file only validates.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::{Emoji, check_line, parse_choice};
use crate::ValidationError;

/// Whether a member can be reached now. Focus holds everything but urgent asks; away holds
/// everything (DESIGN.md §4).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusMode {
    #[default]
    Available,
    Focus,
    Away,
}

impl StatusMode {
    /// Every mode.
    pub const ALL: [StatusMode; 3] = [StatusMode::Available, StatusMode::Focus, StatusMode::Away];

    /// Parses the wire name (`available`, `focus`, `away`; field `mode`).
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        parse_choice("mode", input, &Self::ALL, Self::as_str)
    }

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            StatusMode::Available => "available",
            StatusMode::Focus => "focus",
            StatusMode::Away => "away",
        }
    }
}

impl std::fmt::Display for StatusMode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A member's status. `until: None` means open-ended: it lasts until cleared.
///
/// Fields are private so that `text` is always valid: trimmed, 1–100 characters, one line; a
/// blank text is stored as no text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "StatusFields")]
pub struct Status {
    mode: StatusMode,
    text: Option<String>,
    emoji: Option<Emoji>,
    until: Option<Timestamp>,
}

impl Status {
    /// A validated status (field `text` for the text). It does not compare `until` with the
    /// current time, so a stored, already expired status can be read back; a use case setting a
    /// status calls [`Status::check_until_after`] as well.
    pub fn new(
        mode: StatusMode,
        text: Option<&str>,
        emoji: Option<Emoji>,
        until: Option<Timestamp>,
    ) -> Result<Self, ValidationError> {
        let text = text.map(str::trim).filter(|t| !t.is_empty());
        if let Some(text) = text {
            check_line("text", text, 1, 100)?;
        }
        Ok(Self {
            mode,
            text: text.map(str::to_owned),
            emoji,
            until,
        })
    }

    /// Refuses an end time that is not after `now` (field `until`): setting a status that has
    /// already ended is a client mistake, not a no-op.
    pub fn check_until_after(&self, now: Timestamp) -> Result<(), ValidationError> {
        match self.until {
            Some(until) if until <= now => {
                Err(ValidationError::new("until", "must be in the future"))
            }
            _ => Ok(()),
        }
    }

    /// The mode as set, whether or not it has expired; see [`Status::mode_at`].
    pub fn mode(&self) -> StatusMode {
        self.mode
    }

    /// The free text, if any.
    pub fn text(&self) -> Option<&str> {
        self.text.as_deref()
    }

    /// The emoji, if any.
    pub fn emoji(&self) -> Option<&Emoji> {
        self.emoji.as_ref()
    }

    /// When the status ends by itself, if it does.
    pub fn until(&self) -> Option<Timestamp> {
        self.until
    }

    /// Whether the status has ended by `now` (its end time is at or before `now`).
    pub fn is_expired(&self, now: Timestamp) -> bool {
        self.until.is_some_and(|until| until <= now)
    }

    /// The mode in effect at `now`: an expired status is `available`, so an expired focus block
    /// never holds notifications.
    pub fn mode_at(&self, now: Timestamp) -> StatusMode {
        if self.is_expired(now) {
            StatusMode::Available
        } else {
            self.mode
        }
    }
}

/// The serialised shape of a [`Status`], validated again when read.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StatusFields {
    mode: StatusMode,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    emoji: Option<Emoji>,
    #[serde(default)]
    until: Option<Timestamp>,
}

impl TryFrom<StatusFields> for Status {
    type Error = ValidationError;

    fn try_from(f: StatusFields) -> Result<Self, Self::Error> {
        Status::new(f.mode, f.text.as_deref(), f.emoji, f.until)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn status_modes_round_trip_and_unknown_ones_are_refused_on_the_mode_field() {
        for mode in StatusMode::ALL {
            assert_eq!(StatusMode::parse(mode.as_str()).unwrap(), mode);
        }
        assert_eq!(
            StatusMode::parse("busy").unwrap_err(),
            ValidationError::new("mode", "must be one of: available, focus, away")
        );
    }

    #[test]
    fn status_text_is_trimmed_and_blank_text_is_no_text() {
        let status = Status::new(StatusMode::Focus, Some("  deep work "), None, None).unwrap();
        assert_eq!(status.text(), Some("deep work"));
        let blank = Status::new(StatusMode::Away, Some("   "), None, None).unwrap();
        assert_eq!(blank.text(), None);
    }

    #[test]
    fn bad_status_text_is_refused_on_the_text_field() {
        for text in ["a".repeat(101), "two\nlines".to_owned()] {
            let err = Status::new(StatusMode::Focus, Some(&text), None, None).unwrap_err();
            assert_eq!(err.field, "text");
        }
        assert!(Status::new(StatusMode::Focus, Some(&"ü".repeat(100)), None, None).is_ok());
    }

    #[test]
    fn a_status_ends_at_its_until_time_and_is_then_available() {
        let until = at("2026-03-09T12:00:00Z");
        let status = Status::new(StatusMode::Focus, None, None, Some(until)).unwrap();
        assert_eq!(
            status.mode_at(at("2026-03-09T11:59:59Z")),
            StatusMode::Focus
        );
        assert_eq!(status.mode_at(until), StatusMode::Available);
        assert!(status.check_until_after(at("2026-03-09T11:00:00Z")).is_ok());
        assert_eq!(
            status.check_until_after(until).unwrap_err(),
            ValidationError::new("until", "must be in the future")
        );
        let open_ended = Status::new(StatusMode::Away, None, None, None).unwrap();
        assert_eq!(
            open_ended.mode_at(at("2099-01-01T00:00:00Z")),
            StatusMode::Away
        );
    }

    #[test]
    fn a_status_is_validated_again_when_deserialised() {
        let json = r#"{"mode":"focus","text":" writing ","emoji":":tada:",
                      "until":"2026-03-09T12:00:00Z"}"#;
        let status: Status = serde_json::from_str(json).unwrap();
        assert_eq!(status.text(), Some("writing"));
        assert_eq!(status.emoji().map(Emoji::as_str), Some("🎉"));
        let round_trip: Status =
            serde_json::from_str(&serde_json::to_string(&status).unwrap()).unwrap();
        assert_eq!(round_trip, status);
        let too_long = format!(r#"{{"mode":"away","text":"{}"}}"#, "a".repeat(101));
        assert!(serde_json::from_str::<Status>(&too_long).is_err());
    }
}
