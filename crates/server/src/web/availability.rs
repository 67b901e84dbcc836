//! The composer's sentence about a recipient's availability: "Kenji is focusing until Tue 10
//! Mar, 09:00; Kenji will see this at Tue 10 Mar, 09:30 their time (Mon 9 Mar, 20:30 yours)".
//! The instants come from the app's preview (`status_until`, `will_see_at`, by the delivery
//! policy); this module only words them, theirs first since it is about them.

use jiff::Timestamp;

use super::when;

/// What the preview knows about one recipient.
pub(crate) struct Recipient<'a> {
    pub(crate) name: &'a str,
    pub(crate) zone: &'a str,
    /// `available`, `focus` or `away`.
    pub(crate) status: &'a str,
    pub(crate) status_until: Option<Timestamp>,
    pub(crate) will_see_at: Option<Timestamp>,
}

/// The sentence, or `None` when the recipient is available and sees the ask as it is sent.
pub(crate) fn notice(r: &Recipient<'_>, viewer_zone: &str, now: Timestamp) -> Option<String> {
    let held = match r.status {
        "focus" => Some("is focusing"),
        "away" => Some("is away"),
        _ => None,
    };
    let status = held.map(|doing| match r.status_until {
        Some(until) => format!("{} {doing} until {}", r.name, when::local(until, r.zone)),
        None => format!("{} {doing}", r.name),
    });
    let sees = match r.will_see_at {
        Some(at) if at > now => Some(format!(
            "{} will see this at {} their time ({} yours)",
            r.name,
            when::local(at, r.zone),
            when::local(at, viewer_zone)
        )),
        Some(_) => None,
        None if held.is_some() => Some(format!("{} will see this when that ends", r.name)),
        None => None,
    };
    match (status, sees) {
        (Some(status), Some(sees)) => Some(format!("{status}; {sees}.")),
        (Some(only), None) | (None, Some(only)) => Some(format!("{only}.")),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    #[test]
    fn focus_and_a_later_delivery_read_as_one_sentence() {
        let now = t("2026-03-09T14:00:00Z");
        let kenji = Recipient {
            name: "Kenji",
            zone: "Asia/Tokyo",
            status: "focus",
            status_until: Some(t("2026-03-10T00:00:00Z")),
            will_see_at: Some(t("2026-03-10T00:30:00Z")),
        };
        assert_eq!(
            notice(&kenji, "America/New_York", now).as_deref(),
            Some(
                "Kenji is focusing until Tue 10 Mar, 09:00; Kenji will see this at \
                 Tue 10 Mar, 09:30 their time (Mon 9 Mar, 20:30 yours)."
            )
        );
        let open_ended = Recipient {
            status: "away",
            status_until: None,
            will_see_at: None,
            ..kenji
        };
        assert_eq!(
            notice(&open_ended, "UTC", now).as_deref(),
            Some("Kenji is away; Kenji will see this when that ends.")
        );
        let right_away = Recipient {
            status: "available",
            status_until: None,
            will_see_at: Some(now),
            ..open_ended
        };
        assert_eq!(notice(&right_away, "UTC", now), None);
        let batched = Recipient {
            will_see_at: Some(t("2026-03-09T16:30:00Z")),
            ..right_away
        };
        assert_eq!(
            notice(&batched, "UTC", now).as_deref(),
            Some("Kenji will see this at Tue 10 Mar, 01:30 their time (Mon 9 Mar, 16:30 yours).")
        );
    }
}
