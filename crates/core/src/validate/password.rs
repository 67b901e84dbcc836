//! Passwords on their way to the hasher. Never printed, never serialised.

use crate::ValidationError;

/// A password as typed: 8–1024 characters, not all whitespace. Kept untrimmed, since spaces are
/// legitimate password characters. The upper bound stops a megabyte "password" from making the
/// Argon2 hasher a denial-of-service lever.
///
/// `Debug` prints `Password(<redacted>)`, and there is deliberately no `Display` or serde, so a
/// password cannot end up in a log line or a JSON response by accident.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Password(String);

impl Password {
    /// Validates a password (field `password`).
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let count = input.chars().count();
        if count < 8 {
            return Err(ValidationError::new(
                "password",
                "must be at least 8 characters",
            ));
        }
        if count > 1024 {
            return Err(ValidationError::new(
                "password",
                "must be at most 1024 characters",
            ));
        }
        if input.trim().is_empty() {
            return Err(ValidationError::new(
                "password",
                "must not be only whitespace",
            ));
        }
        Ok(Self(input.to_owned()))
    }

    /// The password, for the hasher and nothing else.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The password, owned.
    pub fn into_inner(self) -> String {
        self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_is_kept_untrimmed_and_never_debug_printed() {
        let password = Password::parse(" correct horse ").unwrap();
        assert_eq!(password.as_str(), " correct horse ");
        assert_eq!(format!("{password:?}"), "Password(<redacted>)");
    }

    #[test]
    fn bad_passwords_are_refused_with_a_reason_on_the_password_field() {
        for (input, reason) in [
            ("", "must be at least 8 characters"),
            ("short", "must be at least 8 characters"),
            ("éééé", "must be at least 8 characters"),
            (&"a".repeat(1025), "must be at most 1024 characters"),
            ("          ", "must not be only whitespace"),
        ] {
            assert_eq!(
                Password::parse(input).unwrap_err(),
                ValidationError::new("password", reason)
            );
        }
        assert!(Password::parse(&"a".repeat(1024)).is_ok());
    }
}
