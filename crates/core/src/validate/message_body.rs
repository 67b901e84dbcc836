//! Message bodies: the Markdown a person writes. Kept exactly as typed, leading indentation and
//! trailing newlines included, because in Markdown whitespace can be meaning (code blocks).

use serde::{Deserialize, Serialize};

use crate::ValidationError;

/// The largest body, in bytes of UTF-8: 64 KiB. Bytes rather than characters because the limit
/// protects storage and the wire, where size is bytes.
pub const MESSAGE_BODY_MAX_BYTES: usize = 64 * 1024;

/// A message's Markdown text: not blank, at most [`MESSAGE_BODY_MAX_BYTES`] bytes, and without
/// NUL characters (PostgreSQL cannot store them in text, and no one types them).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MessageBody(String);

impl MessageBody {
    /// Validates a body (field `body`). The text is kept untrimmed.
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        if input.trim().is_empty() {
            return Err(ValidationError::new("body", "must not be empty"));
        }
        if input.len() > MESSAGE_BODY_MAX_BYTES {
            return Err(ValidationError::new(
                "body",
                "must be at most 64 KiB (65,536 bytes)",
            ));
        }
        if input.contains('\0') {
            return Err(ValidationError::new(
                "body",
                "must not contain NUL characters",
            ));
        }
        Ok(Self(input.to_owned()))
    }
}

text_newtype!(MessageBody);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_is_kept_exactly_as_written() {
        let text = "    indented code\n\nand a paragraph\n";
        assert_eq!(MessageBody::parse(text).unwrap().as_str(), text);
    }

    #[test]
    fn the_size_limit_is_counted_in_bytes() {
        assert!(MessageBody::parse(&"a".repeat(MESSAGE_BODY_MAX_BYTES)).is_ok());
        // 'é' is two bytes: 32,769 of them are 65,538 bytes but only 32,769 characters.
        assert!(MessageBody::parse(&"é".repeat(32_769)).is_err());
    }

    #[test]
    fn bad_bodies_are_refused_with_a_reason_on_the_body_field() {
        for (input, reason) in [
            ("", "must not be empty"),
            (" \n\t ", "must not be empty"),
            (
                &"a".repeat(MESSAGE_BODY_MAX_BYTES + 1),
                "must be at most 64 KiB (65,536 bytes)",
            ),
            ("hi\0there", "must not contain NUL characters"),
        ] {
            assert_eq!(
                MessageBody::parse(input).unwrap_err(),
                ValidationError::new("body", reason)
            );
        }
    }
}
