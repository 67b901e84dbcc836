//! The kinds of notification, as the issue lists them.

/// Why a member is notified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// An ask addressed to me.
    Ask,
    /// A reply in a thread I follow (and have not muted).
    Reply,
    /// I was mentioned.
    Mention,
    /// An ask to me is due in one working hour.
    ComingDue,
    /// An ask to me is overdue: the follow-up nudge.
    Overdue,
    /// My ask was answered, acknowledged, done, declined or re-promised.
    AskAnswered,
    /// My ask to someone went overdue: told once.
    AskOverdue,
}

impl Kind {
    /// The stored and wire name.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Kind::Ask => "ask",
            Kind::Reply => "reply",
            Kind::Mention => "mention",
            Kind::ComingDue => "coming_due",
            Kind::Overdue => "overdue",
            Kind::AskAnswered => "ask_answered",
            Kind::AskOverdue => "ask_overdue",
        }
    }
}
