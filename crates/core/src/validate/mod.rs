//! Validation of every user input that becomes a domain value: names, handles, emails, channel
//! names, titles, bodies, reactions, passwords, roles and statuses. Each newtype's `parse` is the
//! only way in, so a value of the type is valid by construction. Mentions live in
//! [`crate::mentions`], norms in [`crate::norms`], requests in [`crate::request`].

/// The shared plumbing of a validated text newtype `$name(String)` with an associated
/// `parse(&str) -> Result<Self, ValidationError>`: `as_str`, `into_inner`, `Display`, `AsRef<str>`,
/// and serde as a plain string that is validated again on the way in (a client or a stored row
/// can never smuggle in an unchecked value).
macro_rules! text_newtype {
    ($name:ident) => {
        impl $name {
            /// The validated text.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The validated text, owned.
            pub fn into_inner(self) -> String {
                self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = crate::ValidationError;

            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::parse(&value)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }
    };
}

pub(crate) mod channel_name;
mod channel_purpose;
mod email;
mod emoji;
mod message_body;
pub(crate) mod names;
mod password;
mod role;
mod status;
mod thread_title;

pub use channel_name::ChannelName;
pub use channel_purpose::ChannelPurpose;
pub use email::Email;
pub use emoji::Emoji;
pub use message_body::{MESSAGE_BODY_MAX_BYTES, MessageBody};
pub use names::{Handle, PersonName};
pub use password::Password;
pub use role::Role;
pub use status::{Status, StatusMode};
pub use thread_title::ThreadTitle;

use crate::ValidationError;

/// Picks the variant of a closed set whose wire name is exactly `input`, or says which names are
/// allowed. Names are matched exactly (no trimming, no case folding) so that the API has one
/// spelling per value; a friendlier parser would hide client bugs.
pub(crate) fn parse_choice<T: Copy>(
    field: &str,
    input: &str,
    all: &[T],
    name: impl Fn(T) -> &'static str,
) -> Result<T, ValidationError> {
    all.iter()
        .copied()
        .find(|&v| name(v) == input)
        .ok_or_else(|| {
            let names: Vec<&str> = all.iter().map(|&v| name(v)).collect();
            ValidationError::new(field, format!("must be one of: {}", names.join(", ")))
        })
}

/// Checks a one-line, already trimmed text: `min..=max` characters (Unicode scalar values, not
/// bytes, so "Zoë" is three) and no control characters, which covers newlines and tabs.
pub(crate) fn check_line(
    field: &str,
    text: &str,
    min: usize,
    max: usize,
) -> Result<(), ValidationError> {
    let count = text.chars().count();
    if count < min {
        return Err(ValidationError::new(field, "must not be empty"));
    }
    if count > max {
        return Err(ValidationError::new(
            field,
            format!("must be at most {max} characters"),
        ));
    }
    if text.chars().any(char::is_control) {
        return Err(ValidationError::new(
            field,
            "must be a single line without control characters",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_choice_names_the_allowed_values_when_it_refuses() {
        let err = parse_choice("kind", "maybe", &[true, false], |b| {
            if b { "yes" } else { "no" }
        })
        .unwrap_err();
        assert_eq!(err, ValidationError::new("kind", "must be one of: yes, no"));
    }

    proptest::proptest! {
        /// Normalising is idempotent: a parsed value parses to itself, so a value read back from
        /// storage or echoed by a client never changes or fails.
        #[test]
        fn parsing_never_panics_and_parsed_values_parse_to_themselves(
            input in "\\PC{0,40}|:[a-z+]{1,8}:"
        ) {
            fn check<T: PartialEq + std::fmt::Debug + AsRef<str>>(
                parse: fn(&str) -> Result<T, ValidationError>,
                input: &str,
            ) -> Result<(), proptest::test_runner::TestCaseError> {
                if let Ok(value) = parse(input) {
                    let again = parse(value.as_ref());
                    proptest::prop_assert_eq!(again.as_ref(), Ok(&value));
                }
                Ok(())
            }
            check(PersonName::parse, &input)?;
            check(Handle::parse, &input)?;
            check(Email::parse, &input)?;
            check(ChannelName::parse, &input)?;
            check(ChannelPurpose::parse, &input)?;
            check(ThreadTitle::parse, &input)?;
            check(MessageBody::parse, &input)?;
            check(Emoji::parse, &input)?;
            let _ = Password::parse(&input);
        }
    }

    #[test]
    fn check_line_counts_characters_not_bytes() {
        assert!(check_line("name", "Zoë", 1, 3).is_ok());
        assert!(check_line("name", "Zoëy", 1, 3).is_err());
    }
}
