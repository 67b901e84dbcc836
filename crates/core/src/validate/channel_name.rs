//! Channel names, Slack style: short, lowercase, no spaces, so `#name` works as a mention.

use serde::{Deserialize, Serialize};

use crate::ValidationError;

/// The longest channel name, in characters.
pub(crate) const CHANNEL_MAX: usize = 80;

/// Whether `c` may appear in a channel name.
pub(crate) fn is_channel_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_')
}

/// A channel's name: 1–80 characters of `a-z`, `0-9`, `-` and `_`, starting with a letter or a
/// digit and not ending with `-`.
///
/// Input is normalised the way people type it: trimmed, one leading `#` dropped, lowercased, and
/// each run of whitespace turned into one `-` ("Project X" becomes `project-x`). A trailing `-`
/// is refused because mention parsing drops it as punctuation, so `#name-` could never be
/// mentioned.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ChannelName(String);

impl ChannelName {
    /// Validates and normalises a channel name (field `name`).
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let trimmed = input.trim();
        let without_hash = trimmed.strip_prefix('#').unwrap_or(trimmed).trim();
        let name = without_hash
            .split_whitespace()
            .collect::<Vec<_>>()
            .join("-")
            .to_lowercase();
        let error = |reason: &str| Err(ValidationError::new("name", reason));
        if name.is_empty() {
            return error("must not be empty");
        }
        if name.chars().count() > CHANNEL_MAX {
            return error("must be at most 80 characters");
        }
        if !name.chars().all(is_channel_char) {
            return error("may only contain letters a-z, digits, '-' and '_'");
        }
        if !name.starts_with(|c: char| c.is_ascii_alphanumeric()) {
            return error("must start with a letter or a digit");
        }
        if name.ends_with('-') {
            return error("must not end with '-'");
        }
        Ok(Self(name))
    }
}

text_newtype!(ChannelName);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channel_names_are_normalised_like_slack() {
        for (input, expected) in [
            ("general", "general"),
            ("#General", "general"),
            ("  Project X  ", "project-x"),
            ("team  platform\tops", "team-platform-ops"),
            ("# random", "random"),
            ("2026_q1", "2026_q1"),
        ] {
            assert_eq!(
                ChannelName::parse(input).unwrap().as_str(),
                expected,
                "{input:?}"
            );
        }
        assert!(ChannelName::parse(&"a".repeat(80)).is_ok());
    }

    #[test]
    fn bad_channel_names_are_refused_with_a_reason_on_the_name_field() {
        for (input, reason) in [
            ("", "must not be empty"),
            ("#", "must not be empty"),
            ("   ", "must not be empty"),
            (&"a".repeat(81), "must be at most 80 characters"),
            (
                "##general",
                "may only contain letters a-z, digits, '-' and '_'",
            ),
            ("q&a", "may only contain letters a-z, digits, '-' and '_'"),
            ("café", "may only contain letters a-z, digits, '-' and '_'"),
            ("-general", "must start with a letter or a digit"),
            ("_general", "must start with a letter or a digit"),
            ("general-", "must not end with '-'"),
        ] {
            assert_eq!(
                ChannelName::parse(input).unwrap_err(),
                ValidationError::new("name", reason),
                "{input:?}"
            );
        }
    }
}
