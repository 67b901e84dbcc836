//! The one error type for invalid input reaching the domain: which field, and why.

use std::fmt;

/// An input that the domain refuses, naming the offending field and the reason in plain words.
///
/// `field` uses the API's field path (`"title"`, `"working_hours.mon[1]"`), so every layer above
/// can pass it through unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    pub field: String,
    pub reason: String,
}

impl ValidationError {
    /// An error for `field` with a human-readable `reason`.
    pub fn new(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            reason: reason.into(),
        }
    }

    /// The same error under a longer path, for errors raised in a nested value:
    /// `ValidationError::new("mon[0]", ..).within("working_hours")` names `working_hours.mon[0]`.
    pub fn within(mut self, parent: &str) -> Self {
        self.field = if self.field.is_empty() {
            parent.to_owned()
        } else {
            format!("{parent}.{}", self.field)
        };
        self
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.reason)
    }
}

impl std::error::Error for ValidationError {}
