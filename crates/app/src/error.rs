//! The use cases' error, in the domain's words. Each variant's doc says how the API answers it;
//! the HTTP mapping itself lives in the server, once.

use sundial_core::{TransitionError, ValidationError};
use sundial_store::StoreError;

/// Why a use case refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Bad input, naming the field and the reason (400 `invalid_input`). Nothing was changed.
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    /// No valid credentials (401 `unauthenticated`).
    #[error("sign in first")]
    Unauthenticated,
    /// The caller can see the thing but may not do this to it (403 `forbidden`).
    #[error("{0}")]
    Forbidden(&'static str),
    /// Not there, or not visible to the caller (404 `not_found`): we never reveal which.
    #[error("not found")]
    NotFound,
    /// Collides with what exists (409 `conflict`), e.g. a taken email.
    #[error("{field}: {reason}")]
    Conflict { field: String, reason: String },
    /// A request's state does not allow the action (409 `conflict`).
    #[error(transparent)]
    Transition(#[from] TransitionError),
    /// Too many attempts (429 `rate_limited`); try again after this many seconds.
    #[error("too many attempts; try again in {retry_after_seconds} s")]
    RateLimited { retry_after_seconds: u64 },
    /// The mail server could not be reached or refused the mail (500); worth retrying.
    /// Logged with its cause; the client sees a generic message.
    #[error("{0}")]
    Mail(String),
    /// Storage failed (500). Logged with its cause; the client sees a generic message.
    #[error("storage failed: {0}")]
    Store(StoreError),
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict { field } => AppError::Conflict {
                reason: "is already taken".to_owned(),
                field,
            },
            other => AppError::Store(other),
        }
    }
}

impl AppError {
    /// A validation error for `field`.
    pub fn invalid(field: &str, reason: &str) -> Self {
        AppError::Invalid(ValidationError::new(field, reason))
    }

    /// Two runs of the same create raced on its `Idempotency-Key`: the loser's retry returns
    /// the winner's result, so this is transient, not a refusal.
    pub fn is_idempotency_race(&self) -> bool {
        matches!(self, AppError::Conflict { field, .. } if field == "idempotency_key")
    }
}

/// The result of a use case.
pub type AppResult<T> = Result<T, AppError>;
