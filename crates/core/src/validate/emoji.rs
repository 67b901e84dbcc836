//! Reaction emoji: a real Unicode emoji or a `:shortcode:`.

use serde::{Deserialize, Serialize};

use crate::ValidationError;

/// A reaction: either one real emoji (ZWJ sequences, skin tones, flags and keycaps included) or a
/// `:shortcode:` of 1–64 characters from `a-z`, `0-9`, `_`, `+`, `-`.
///
/// Values are normalised so that the same reaction is always spelt the same way and counts
/// aggregate: an emoji becomes its fully-qualified form (the heart without its variation selector
/// becomes `❤️`), and a shortcode that names a standard emoji (GitHub's list, as `:+1:` or
/// `:tada:`) becomes that emoji. Other shortcodes stay as `:name:`, lowercased, for custom
/// workspace emoji. Whether an emoji is real is decided by the `emojis` crate's Unicode data
/// rather than a hand-written range check, which would accept unassigned code points and miss
/// sequences.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Emoji(String);

impl Emoji {
    /// Validates and normalises a reaction (field `emoji`).
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let input = input.trim();
        if input.is_empty() {
            return Err(ValidationError::new("emoji", "must not be empty"));
        }
        if let Some(emoji) = emojis::get(input) {
            return Ok(Self(emoji.as_str().to_owned()));
        }
        let Some(code) = input
            .strip_prefix(':')
            .and_then(|rest| rest.strip_suffix(':'))
        else {
            return Err(ValidationError::new(
                "emoji",
                "must be a single emoji or a :shortcode:",
            ));
        };
        let code = code.to_ascii_lowercase();
        let allowed =
            |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '+' | '-');
        if code.is_empty() || code.len() > 64 || !code.chars().all(allowed) {
            return Err(ValidationError::new(
                "emoji",
                "a :shortcode: must have 1 to 64 of a-z, 0-9, '_', '+', '-' between the colons",
            ));
        }
        match emojis::get_by_shortcode(&code) {
            Some(emoji) => Ok(Self(emoji.as_str().to_owned())),
            None => Ok(Self(format!(":{code}:"))),
        }
    }

    /// Whether this is a custom `:shortcode:` rather than a Unicode emoji.
    pub fn is_shortcode(&self) -> bool {
        self.0.starts_with(':')
    }
}

text_newtype!(Emoji);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_emoji_are_accepted_in_their_fully_qualified_form() {
        for (input, expected) in [
            ("👍", "👍"),
            ("👍🏽", "👍🏽"),
            ("❤", "❤️"),
            ("❤️", "❤️"),
            ("🇧🇷", "🇧🇷"),
            ("👩‍💻", "👩‍💻"),
            ("👨‍👩‍👧‍👦", "👨‍👩‍👧‍👦"),
            ("🏳️‍🌈", "🏳️‍🌈"),
            ("1️⃣", "1️⃣"),
            (" 🎉 ", "🎉"),
        ] {
            let emoji = Emoji::parse(input).unwrap();
            assert_eq!(emoji.as_str(), expected, "{input:?}");
            assert!(!emoji.is_shortcode());
        }
    }

    #[test]
    fn standard_shortcodes_become_the_emoji_and_custom_ones_stay() {
        for (input, expected) in [
            (":+1:", "👍"),
            (":tada:", "🎉"),
            (":TADA:", "🎉"),
            (":shipit-now:", ":shipit-now:"),
            (":Party_Parrot:", ":party_parrot:"),
        ] {
            assert_eq!(Emoji::parse(input).unwrap().as_str(), expected, "{input:?}");
        }
        assert!(
            Emoji::parse(&format!(":{}:", "x".repeat(64)))
                .unwrap()
                .is_shortcode()
        );
    }

    #[test]
    fn anything_else_is_refused_on_the_emoji_field() {
        let long = format!(":{}:", "x".repeat(65));
        for input in [
            "",
            "  ",
            "a",
            "1",
            "#",
            "👍👍",
            "ok 👍",
            "<3",
            "::",
            ":a b:",
            ":é:",
            ":tada",
            &long,
            "\u{1F3FD}x",
        ] {
            assert_eq!(Emoji::parse(input).unwrap_err().field, "emoji", "{input:?}");
        }
    }
}
