//! How people are named: a display name ([`PersonName`]) and the `@handle` used in mentions
//! ([`Handle`]).

use serde::{Deserialize, Serialize};

use super::check_line;
use crate::ValidationError;

/// A person's display name: trimmed, 1–100 characters, one line.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);

impl PersonName {
    /// Validates a display name (field `name`). Surrounding whitespace is dropped.
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let name = input.trim();
        check_line("name", name, 1, 100)?;
        Ok(Self(name.to_owned()))
    }
}

text_newtype!(PersonName);

/// The longest handle, in characters.
pub(crate) const HANDLE_MAX: usize = 32;

/// Whether `c` may appear in a handle, once lowercased.
pub(crate) fn is_handle_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '-' | '.')
}

/// The name after `@` in a mention: 1–32 characters of `a-z`, `0-9`, `_`, `-`, `.`, starting with
/// a letter or digit and not ending with `.` or `-`.
///
/// Input is trimmed, one leading `@` is dropped and ASCII letters are lowercased, because people
/// type `@Ana` and mean `@ana`; refusing it would only teach them to retype. A handle may not end
/// with `.` or `-` because mention parsing drops those as sentence punctuation ("thanks @ana.").
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Handle(String);

impl Handle {
    /// Validates and normalises a handle (field `handle`).
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let trimmed = input.trim();
        let handle = trimmed
            .strip_prefix('@')
            .unwrap_or(trimmed)
            .to_ascii_lowercase();
        let error = |reason: &str| Err(ValidationError::new("handle", reason));
        if handle.is_empty() {
            return error("must not be empty");
        }
        if handle.chars().count() > HANDLE_MAX {
            return error("must be at most 32 characters");
        }
        if !handle.chars().all(is_handle_char) {
            return error("may only contain letters a-z, digits, '_', '-' and '.'");
        }
        if !handle.starts_with(|c: char| c.is_ascii_alphanumeric()) {
            return error("must start with a letter or a digit");
        }
        if handle.ends_with(['.', '-']) {
            return error("must not end with '.' or '-'");
        }
        Ok(Self(handle))
    }
}

text_newtype!(Handle);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn person_names_are_trimmed_and_kept_otherwise() {
        for (input, expected) in [
            ("  Ana Souza ", "Ana Souza"),
            ("李雷", "李雷"),
            ("Zoë", "Zoë"),
        ] {
            assert_eq!(PersonName::parse(input).unwrap().as_str(), expected);
        }
        assert_eq!(
            PersonName::parse(&"é".repeat(100)).unwrap().as_str().len(),
            200
        );
    }

    #[test]
    fn bad_person_names_are_refused_on_the_name_field() {
        for input in ["", "   ", &"a".repeat(101), "Ana\nSouza", "Ana\u{7}"] {
            let err = PersonName::parse(input).unwrap_err();
            assert_eq!(err.field, "name", "{input:?}");
        }
    }

    #[test]
    fn handles_are_normalised_to_lowercase_without_the_at_sign() {
        for (input, expected) in [
            ("ana", "ana"),
            ("@Ana", "ana"),
            (" Ana.Souza ", "ana.souza"),
            ("r2-d2_", "r2-d2_"),
            ("7of9", "7of9"),
        ] {
            assert_eq!(
                Handle::parse(input).unwrap().as_str(),
                expected,
                "{input:?}"
            );
        }
        assert!(Handle::parse(&"a".repeat(32)).is_ok());
    }

    #[test]
    fn bad_handles_are_refused_with_a_reason_on_the_handle_field() {
        for (input, reason) in [
            ("", "must not be empty"),
            ("@", "must not be empty"),
            (&"a".repeat(33), "must be at most 32 characters"),
            (
                "ana souza",
                "may only contain letters a-z, digits, '_', '-' and '.'",
            ),
            (
                "anã",
                "may only contain letters a-z, digits, '_', '-' and '.'",
            ),
            (
                "ana@x",
                "may only contain letters a-z, digits, '_', '-' and '.'",
            ),
            ("_ana", "must start with a letter or a digit"),
            (".ana", "must start with a letter or a digit"),
            ("ana.", "must not end with '.' or '-'"),
            ("ana-", "must not end with '.' or '-'"),
        ] {
            assert_eq!(
                Handle::parse(input).unwrap_err(),
                ValidationError::new("handle", reason),
                "{input:?}"
            );
        }
    }

    #[test]
    fn a_handle_is_validated_again_when_deserialised() {
        let handle: Handle = serde_json::from_str(r#""Ana""#).unwrap();
        assert_eq!(serde_json::to_string(&handle).unwrap(), r#""ana""#);
        assert!(serde_json::from_str::<Handle>(r#""a b""#).is_err());
    }
}
