//! The states an obligation moves through; the moves themselves are in `obligation.rs`.

use serde::{Deserialize, Serialize};

use crate::ValidationError;
use crate::validate::parse_choice;

/// Where an obligation stands. "Overdue" is not a status: it is derived from the due time and
/// the clock by [`Obligation::is_overdue`](super::Obligation::is_overdue), so it can never be
/// stale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObligationStatus {
    /// Asked, not yet seen to.
    Pending,
    /// The recipient has confirmed they saw it (or promised a time).
    Acknowledged,
    /// The recipient did what was asked.
    Done,
    /// The recipient said no.
    Declined,
    /// The requester released the recipient.
    Waived,
}

impl ObligationStatus {
    /// Every status.
    pub const ALL: [ObligationStatus; 5] = [
        ObligationStatus::Pending,
        ObligationStatus::Acknowledged,
        ObligationStatus::Done,
        ObligationStatus::Declined,
        ObligationStatus::Waived,
    ];

    /// Parses the wire name (field `status`).
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        parse_choice("status", input, &Self::ALL, Self::as_str)
    }

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            ObligationStatus::Pending => "pending",
            ObligationStatus::Acknowledged => "acknowledged",
            ObligationStatus::Done => "done",
            ObligationStatus::Declined => "declined",
            ObligationStatus::Waived => "waived",
        }
    }

    /// Whether the recipient still owes something (pending or acknowledged).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            ObligationStatus::Pending | ObligationStatus::Acknowledged
        )
    }
}

impl std::fmt::Display for ObligationStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip_and_only_pending_and_acknowledged_are_open() {
        for status in ObligationStatus::ALL {
            assert_eq!(ObligationStatus::parse(status.as_str()).unwrap(), status);
            let open = matches!(status.as_str(), "pending" | "acknowledged");
            assert_eq!(status.is_open(), open, "{status}");
        }
    }

    #[test]
    fn an_unknown_status_is_refused_on_the_status_field() {
        assert_eq!(
            ObligationStatus::parse("overdue").unwrap_err(),
            ValidationError::new(
                "status",
                "must be one of: pending, acknowledged, done, declined, waived"
            )
        );
    }
}
