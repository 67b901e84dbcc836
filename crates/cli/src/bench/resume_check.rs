//! The reconnect scenario's verdict: a client that dropped its stream and resumed with
//! `Last-Event-ID` must have received exactly what a client that never dropped received, in the
//! same order: nothing missed, nothing twice.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

/// How one resuming client's events compare with the reference stream's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ResumeCheck {
    /// Event ids the reference received and this client never did.
    pub missed: Vec<i64>,
    /// Event ids this client received more than once.
    pub repeated: Vec<i64>,
    /// Event ids this client received that the reference never did.
    pub unexpected: Vec<i64>,
    /// Whether the ids it received arrived in increasing order.
    pub in_order: bool,
}

impl ResumeCheck {
    /// Whether the client saw exactly the reference's events.
    pub fn is_clean(&self) -> bool {
        self.missed.is_empty()
            && self.repeated.is_empty()
            && self.unexpected.is_empty()
            && self.in_order
    }
}

/// Compares the ids a resuming client `received` (in arrival order) with those of the
/// `reference` stream, over the ids up to and including `last` (the run's final event: what
/// either stream read past it is not part of the run).
pub fn check(reference: &[i64], received: &[i64], last: i64) -> ResumeCheck {
    let expected: BTreeSet<i64> = reference.iter().copied().filter(|&id| id <= last).collect();
    let within: Vec<i64> = received.iter().copied().filter(|&id| id <= last).collect();
    let mut counts: BTreeMap<i64, usize> = BTreeMap::new();
    for &id in &within {
        *counts.entry(id).or_default() += 1;
    }
    ResumeCheck {
        missed: expected
            .iter()
            .copied()
            .filter(|id| !counts.contains_key(id))
            .collect(),
        repeated: counts
            .iter()
            .filter(|&(_, &n)| n > 1)
            .map(|(&id, _)| id)
            .collect(),
        unexpected: counts
            .keys()
            .copied()
            .filter(|id| !expected.contains(id))
            .collect(),
        in_order: within.windows(2).all(|pair| pair[0] < pair[1]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_events_in_the_same_order_are_clean() {
        let result = check(&[3, 5, 8, 9], &[3, 5, 8, 9, 12], 9);
        assert!(result.is_clean(), "{result:?}");
    }

    #[test]
    fn a_gap_after_a_reconnect_is_reported_as_missed() {
        let result = check(&[3, 5, 8, 9], &[3, 8, 9], 9);
        assert_eq!(result.missed, vec![5]);
        assert!(!result.is_clean());
    }

    #[test]
    fn an_event_sent_again_after_a_reconnect_is_reported_as_repeated_and_out_of_order() {
        let result = check(&[3, 5, 8], &[3, 5, 5, 8], 8);
        assert_eq!(result.repeated, vec![5]);
        assert!(!result.in_order);
        assert!(result.missed.is_empty());
    }

    #[test]
    fn an_event_the_reference_never_saw_is_unexpected() {
        let result = check(&[3, 5], &[3, 4, 5], 5);
        assert_eq!(result.unexpected, vec![4]);
    }

    #[test]
    fn events_after_the_last_one_of_the_run_are_ignored_on_both_sides() {
        let result = check(&[3, 5, 7], &[3, 5], 5);
        assert!(result.is_clean(), "{result:?}");
    }
}
