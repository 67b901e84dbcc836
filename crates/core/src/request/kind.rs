//! The kinds of ask a message can carry, and what satisfies each.

use serde::{Deserialize, Serialize};

use crate::ValidationError;
use crate::validate::parse_choice;

/// What a request asks of its recipients.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    /// "Please confirm you have seen this."
    Ack,
    /// "Please answer in the thread."
    Reply,
    /// "Please review this (a document, a change) and say done."
    Review,
    /// "Please decide."
    Decision,
}

impl RequestKind {
    /// Every kind.
    pub const ALL: [RequestKind; 4] = [
        RequestKind::Ack,
        RequestKind::Reply,
        RequestKind::Review,
        RequestKind::Decision,
    ];

    /// Parses the wire name (`ack`, `reply`, `review`, `decision`; field `kind`).
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        parse_choice("kind", input, &Self::ALL, Self::as_str)
    }

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            RequestKind::Ack => "ack",
            RequestKind::Reply => "reply",
            RequestKind::Review => "review",
            RequestKind::Decision => "decision",
        }
    }

    /// Whether a recipient's reply in the request's thread completes their obligation.
    ///
    /// Only a `reply` request is answered by replying. An `ack` needs the explicit acknowledge
    /// action, and a `review` or `decision` needs an explicit "done": a reply such as "looking at
    /// it tomorrow" is not a finished review, and guessing otherwise would close asks that are
    /// still open.
    pub fn satisfied_by_reply(self) -> bool {
        self == RequestKind::Reply
    }
}

impl std::fmt::Display for RequestKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_kinds_round_trip_through_their_wire_names() {
        for kind in RequestKind::ALL {
            assert_eq!(RequestKind::parse(kind.as_str()).unwrap(), kind);
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{kind}\""));
        }
    }

    #[test]
    fn an_unknown_kind_is_refused_on_the_kind_field() {
        assert_eq!(
            RequestKind::parse("fyi").unwrap_err(),
            ValidationError::new("kind", "must be one of: ack, reply, review, decision")
        );
    }

    #[test]
    fn only_a_reply_request_is_satisfied_by_a_reply() {
        for (kind, satisfied) in [
            (RequestKind::Ack, false),
            (RequestKind::Reply, true),
            (RequestKind::Review, false),
            (RequestKind::Decision, false),
        ] {
            assert_eq!(RequestKind::satisfied_by_reply(kind), satisfied, "{kind}");
        }
    }
}
