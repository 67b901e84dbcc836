//! Email addresses, checked for shape only. Whether an address really receives mail is learnt by
//! sending to it; a full RFC 5322 parser would accept oddities (quoted local parts, comments) that
//! no one types into a sign-up form, so we keep a simple structural check and document it.

use serde::{Deserialize, Serialize};

use crate::ValidationError;

/// An email address, normalised to lowercase.
///
/// The whole address is lowercased (not only the domain): strictly the local part is
/// case-sensitive, but in practice no provider treats `Ana@` and `ana@` as different people, and
/// one spelling makes "is this email taken?" a plain equality.
///
/// Accepted shape: at most 254 characters, `local@domain` with exactly one `@`; the local part is
/// 1–64 characters without whitespace, control characters or `<>()[],;:"\`; the domain has at
/// least two labels separated by dots, each label non-empty, made of letters, digits and `-`, and
/// not starting or ending with `-`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    /// Validates and normalises an email address (field `email`).
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let email = input.trim().to_lowercase();
        let error = |reason: &str| Err(ValidationError::new("email", reason));
        if email.is_empty() {
            return error("must not be empty");
        }
        if email.chars().count() > 254 {
            return error("must be at most 254 characters");
        }
        let Some((local, domain)) = email.split_once('@') else {
            return error("must look like name@example.com");
        };
        if domain.contains('@') {
            return error("must contain a single '@'");
        }
        if local.is_empty() || local.chars().count() > 64 {
            return error("must have 1 to 64 characters before the '@'");
        }
        let forbidden =
            |c: char| c.is_whitespace() || c.is_control() || "<>()[],;:\"\\".contains(c);
        if local.chars().any(forbidden) {
            return error("must not contain spaces or any of <>()[],;:\"\\ before the '@'");
        }
        let labels: Vec<&str> = domain.split('.').collect();
        if labels.len() < 2 {
            return error("must have a domain with a dot, like example.com");
        }
        let valid_label = |label: &&str| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        };
        if !labels.iter().all(valid_label) {
            return error("must have a valid domain after the '@', like example.com");
        }
        Ok(Self(email))
    }
}

text_newtype!(Email);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_trimmed_and_lowercased() {
        for (input, expected) in [
            ("ana@example.com", "ana@example.com"),
            (
                "  Ana.Souza+work@Example.COM ",
                "ana.souza+work@example.com",
            ),
            ("o'neil@mail.example.co.uk", "o'neil@mail.example.co.uk"),
            ("zoë@bücher.de", "zoë@bücher.de"),
        ] {
            assert_eq!(Email::parse(input).unwrap().as_str(), expected, "{input:?}");
        }
    }

    #[test]
    fn malformed_emails_are_refused_on_the_email_field() {
        let long_local = format!("{}@example.com", "a".repeat(65));
        let too_long = format!("{}@{}.com", "a".repeat(60), "b".repeat(200));
        for input in [
            "",
            "  ",
            "ana",
            "ana@",
            "@example.com",
            "ana@@example.com",
            "ana@bob@example.com",
            "ana@localhost",
            "ana souza@example.com",
            "ana@exa mple.com",
            "<ana>@example.com",
            "ana@example..com",
            "ana@.example.com",
            "ana@example.com.",
            "ana@-example.com",
            "ana@example_x.com",
            &long_local,
            &too_long,
        ] {
            let err = Email::parse(input).unwrap_err();
            assert_eq!(err.field, "email", "{input:?}");
        }
    }
}
