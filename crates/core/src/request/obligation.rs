//! One recipient's side of a request: its state machine and due time.
//!
//! ```text
//! pending ──acknowledge/promise──▶ acknowledged
//!    │                                  │
//!    └──────complete / decline / waive──┴──▶ done | declined | waived   (closed for good)
//! ```
//!
//! Repeating the action that produced the current state succeeds without changing anything
//! (acknowledging twice, completing twice), because clients retry and a double click is not an
//! error. Any other action on a closed obligation is refused: reopening is a new request.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::ObligationStatus;

/// Why a transition was refused, in words a person can be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    /// The obligation is closed (done, declined or waived) and the action would change it.
    #[error("this request is already {status}")]
    Closed { status: ObligationStatus },
    /// A recipient promised a time that is not in the future.
    #[error("the promised time must be in the future")]
    PromiseInPast,
    /// A requester moved the due time to a time that is not in the future.
    #[error("the new due time must be in the future")]
    DueInPast,
}

/// What a successful transition did, so the caller records an event only for a real change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    /// The obligation changed.
    Changed,
    /// It was already in the requested state (a retried or repeated action).
    Unchanged,
}

/// One recipient's side of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Obligation {
    /// Where it stands.
    pub status: ObligationStatus,
    /// When it is due now: moved by a promise or by the requester.
    pub due_at: Timestamp,
    /// When it was due when asked, kept to measure promises against the norm.
    pub original_due_at: Timestamp,
}

impl Obligation {
    /// A fresh, pending obligation due at `due_at` (computed by [`crate::norms::due_at`]).
    pub fn new(due_at: Timestamp) -> Self {
        Self {
            status: ObligationStatus::Pending,
            due_at,
            original_due_at: due_at,
        }
    }

    /// Whether the recipient still owes something.
    pub fn is_open(&self) -> bool {
        self.status.is_open()
    }

    /// Whether it is open and its due time has come: `now >= due_at`.
    pub fn is_overdue(&self, now: Timestamp) -> bool {
        self.is_open() && now >= self.due_at
    }

    /// The recipient has seen it: pending → acknowledged.
    pub fn acknowledge(&mut self) -> Result<Transition, TransitionError> {
        self.move_to(ObligationStatus::Acknowledged)
    }

    /// The recipient did what was asked: open → done.
    pub fn complete(&mut self) -> Result<Transition, TransitionError> {
        self.move_to(ObligationStatus::Done)
    }

    /// The recipient says no: open → declined.
    pub fn decline(&mut self) -> Result<Transition, TransitionError> {
        self.move_to(ObligationStatus::Declined)
    }

    /// The requester releases the recipient: open → waived.
    pub fn waive(&mut self) -> Result<Transition, TransitionError> {
        self.move_to(ObligationStatus::Waived)
    }

    /// The recipient promises to answer by `new_due_at`, which must be after `now`. A promise
    /// implies having seen the request, so a pending obligation becomes acknowledged.
    pub fn promise(
        &mut self,
        new_due_at: Timestamp,
        now: Timestamp,
    ) -> Result<Transition, TransitionError> {
        self.ensure_open()?;
        if new_due_at <= now {
            return Err(TransitionError::PromiseInPast);
        }
        let ack = self.move_to(ObligationStatus::Acknowledged)?;
        Ok(self.set_due(new_due_at).or(ack))
    }

    /// The requester moves the due time to `new_due_at`, which must be after `now`. The status
    /// is kept: the recipient has not done anything.
    pub fn reschedule(
        &mut self,
        new_due_at: Timestamp,
        now: Timestamp,
    ) -> Result<Transition, TransitionError> {
        self.ensure_open()?;
        if new_due_at <= now {
            return Err(TransitionError::DueInPast);
        }
        Ok(self.set_due(new_due_at))
    }

    fn ensure_open(&self) -> Result<(), TransitionError> {
        if self.is_open() {
            Ok(())
        } else {
            Err(TransitionError::Closed {
                status: self.status,
            })
        }
    }

    fn move_to(&mut self, target: ObligationStatus) -> Result<Transition, TransitionError> {
        if self.status == target {
            return Ok(Transition::Unchanged);
        }
        self.ensure_open()?;
        self.status = target;
        Ok(Transition::Changed)
    }

    fn set_due(&mut self, due_at: Timestamp) -> Transition {
        if self.due_at == due_at {
            Transition::Unchanged
        } else {
            self.due_at = due_at;
            Transition::Changed
        }
    }
}

impl Transition {
    /// `Changed` if either is.
    fn or(self, other: Transition) -> Transition {
        if self == Transition::Changed || other == Transition::Changed {
            Transition::Changed
        } else {
            Transition::Unchanged
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ObligationStatus::{Acknowledged, Declined, Done, Pending, Waived};

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn in_state(status: ObligationStatus) -> Obligation {
        Obligation {
            status,
            ..Obligation::new(at("2026-03-10T17:00:00Z"))
        }
    }

    type Action = fn(&mut Obligation) -> Result<Transition, TransitionError>;

    #[test]
    fn every_action_from_every_state_follows_the_state_machine() {
        use Transition::{Changed, Unchanged};
        let actions: [(&str, Action); 4] = [
            ("acknowledge", Obligation::acknowledge),
            ("complete", Obligation::complete),
            ("decline", Obligation::decline),
            ("waive", Obligation::waive),
        ];
        // Rows: starting state; columns: the result of each action above.
        let closed = |status| Err(TransitionError::Closed { status });
        let table = [
            (
                Pending,
                [Ok(Changed), Ok(Changed), Ok(Changed), Ok(Changed)],
            ),
            (
                Acknowledged,
                [Ok(Unchanged), Ok(Changed), Ok(Changed), Ok(Changed)],
            ),
            (
                Done,
                [closed(Done), Ok(Unchanged), closed(Done), closed(Done)],
            ),
            (
                Declined,
                [
                    closed(Declined),
                    closed(Declined),
                    Ok(Unchanged),
                    closed(Declined),
                ],
            ),
            (
                Waived,
                [
                    closed(Waived),
                    closed(Waived),
                    closed(Waived),
                    Ok(Unchanged),
                ],
            ),
        ];
        let targets = [Acknowledged, Done, Declined, Waived];
        for (start, results) in table {
            for (((name, action), expected), target) in actions.iter().zip(results).zip(targets) {
                let mut obligation = in_state(start);
                let result = action(&mut obligation);
                assert_eq!(result, expected, "{name} from {start}");
                let after = if result.is_ok() { target } else { start };
                assert_eq!(obligation.status, after, "{name} from {start}");
            }
        }
    }

    #[test]
    fn a_promise_acknowledges_and_moves_the_due_time_but_keeps_the_original() {
        let now = at("2026-03-10T12:00:00Z");
        let promised = at("2026-03-11T10:00:00Z");
        let mut obligation = in_state(Pending);
        assert_eq!(obligation.promise(promised, now), Ok(Transition::Changed));
        assert_eq!(obligation.status, Acknowledged);
        assert_eq!(obligation.due_at, promised);
        assert_eq!(obligation.original_due_at, at("2026-03-10T17:00:00Z"));
        assert_eq!(obligation.promise(promised, now), Ok(Transition::Unchanged));
    }

    #[test]
    fn a_promise_in_the_past_or_on_a_closed_obligation_is_refused() {
        let now = at("2026-03-10T12:00:00Z");
        let mut obligation = in_state(Pending);
        assert_eq!(
            obligation.promise(now, now),
            Err(TransitionError::PromiseInPast)
        );
        assert_eq!(obligation, in_state(Pending));
        let mut done = in_state(Done);
        let later = at("2026-03-12T00:00:00Z");
        assert_eq!(
            done.promise(later, now),
            Err(TransitionError::Closed { status: Done })
        );
    }

    #[test]
    fn the_requester_can_move_an_open_due_time_without_changing_the_status() {
        let now = at("2026-03-10T12:00:00Z");
        let mut obligation = in_state(Pending);
        let later = at("2026-03-13T17:00:00Z");
        assert_eq!(obligation.reschedule(later, now), Ok(Transition::Changed));
        assert_eq!((obligation.status, obligation.due_at), (Pending, later));
        assert_eq!(
            obligation.reschedule(now, now),
            Err(TransitionError::DueInPast)
        );
        assert_eq!(
            in_state(Waived).reschedule(later, now),
            Err(TransitionError::Closed { status: Waived })
        );
    }

    #[test]
    fn an_obligation_is_overdue_from_its_due_time_while_open() {
        let due = at("2026-03-10T17:00:00Z");
        let before = at("2026-03-10T16:59:59Z");
        for (status, at_due) in [(Pending, true), (Acknowledged, true), (Done, false)] {
            let obligation = in_state(status);
            assert!(!obligation.is_overdue(before), "{status}");
            assert_eq!(obligation.is_overdue(due), at_due, "{status}");
        }
    }

    #[test]
    fn transition_errors_read_as_plain_words() {
        let closed = TransitionError::Closed { status: Done };
        assert_eq!(closed.to_string(), "this request is already done");
        assert_eq!(
            TransitionError::PromiseInPast.to_string(),
            "the promised time must be in the future"
        );
    }
}
