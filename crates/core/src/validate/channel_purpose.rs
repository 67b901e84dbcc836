//! A channel's purpose: the one line under its name saying what belongs there.

use serde::{Deserialize, Serialize};

use super::check_line;
use crate::ValidationError;

/// What a channel is for: trimmed, 0–250 characters, one line. Empty means "not set yet".
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ChannelPurpose(String);

impl ChannelPurpose {
    /// Validates a purpose (field `purpose`). Surrounding whitespace is dropped.
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let purpose = input.trim();
        check_line("purpose", purpose, 0, 250)?;
        Ok(Self(purpose.to_owned()))
    }

    /// Whether no purpose has been written.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

text_newtype!(ChannelPurpose);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_purpose_may_be_empty_or_up_to_250_characters() {
        assert!(ChannelPurpose::parse("  ").unwrap().is_empty());
        assert_eq!(
            ChannelPurpose::parse(" Ship the thing ").unwrap().as_str(),
            "Ship the thing"
        );
        assert!(ChannelPurpose::parse(&"ü".repeat(250)).is_ok());
    }

    #[test]
    fn a_long_or_multi_line_purpose_is_refused_on_the_purpose_field() {
        for input in [&"a".repeat(251), "one\ntwo"] {
            assert_eq!(ChannelPurpose::parse(input).unwrap_err().field, "purpose");
        }
    }
}
