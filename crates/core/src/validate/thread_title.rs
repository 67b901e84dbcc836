//! Thread titles: every conversation has a subject, and this is it.

use serde::{Deserialize, Serialize};

use super::check_line;
use crate::ValidationError;

/// A thread's subject: trimmed, 1–200 characters (not bytes), one line.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ThreadTitle(String);

impl ThreadTitle {
    /// Validates a title (field `title`). Surrounding whitespace is dropped.
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let title = input.trim();
        check_line("title", title, 1, 200)?;
        Ok(Self(title.to_owned()))
    }
}

text_newtype!(ThreadTitle);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_trimmed_and_counted_in_characters() {
        assert_eq!(
            ThreadTitle::parse("  Q3 launch plan ").unwrap().as_str(),
            "Q3 launch plan"
        );
        assert!(ThreadTitle::parse(&"ß".repeat(200)).is_ok());
    }

    #[test]
    fn bad_titles_are_refused_with_a_reason_on_the_title_field() {
        for (input, reason) in [
            ("", "must not be empty"),
            (" \t ", "must not be empty"),
            (&"a".repeat(201), "must be at most 200 characters"),
            (
                "first\nsecond",
                "must be a single line without control characters",
            ),
            (
                "tab\there",
                "must be a single line without control characters",
            ),
        ] {
            assert_eq!(
                ThreadTitle::parse(input).unwrap_err(),
                ValidationError::new("title", reason),
                "{input:?}"
            );
        }
    }
}
