//! Paging the inbox's three lists: the page size and the opaque keyset cursors each list hands
//! out and takes back. What a cursor points at is the store's (`records::inbox`); this turns it
//! into text and back, and refuses text it did not make.

use sundial_store::records::inbox::{AskKey, UnreadKey};

use crate::{AppError, AppResult};

/// Entries per list when the caller does not say: a screenful of a to-do list.
pub const DEFAULT_LIMIT: i64 = 50;
/// The most entries per list one call may ask for.
pub const MAX_LIMIT: i64 = 500;

/// Which page of each list to read. Each cursor is the `…_next_cursor` the previous answer gave
/// for that list; a list without one starts at its first entry.
#[derive(Debug, Clone, Default)]
pub struct InboxPaging {
    /// Entries per list, 1 to [`MAX_LIMIT`]; [`DEFAULT_LIMIT`] when `None`.
    pub limit: Option<i64>,
    pub needs_me_cursor: Option<String>,
    pub waiting_on_cursor: Option<String>,
    pub unread_cursor: Option<String>,
}

/// The paging request, checked: every field that is wrong is named in the error.
#[derive(Debug)]
pub(super) struct Pages {
    pub(super) limit: i64,
    pub(super) needs_me: Option<AskKey>,
    pub(super) waiting_on: Option<AskKey>,
    pub(super) unread: Option<UnreadKey>,
}

impl InboxPaging {
    pub(super) fn check(&self) -> AppResult<Pages> {
        let limit = match self.limit {
            None => DEFAULT_LIMIT,
            Some(n) if (1..=MAX_LIMIT).contains(&n) => n,
            Some(_) => return Err(AppError::invalid("limit", "must be between 1 and 500")),
        };
        let ask = |field: &str, cursor: &Option<String>| {
            cursor
                .as_deref()
                .map(|text| parse_ask(text).ok_or_else(|| not_ours(field)))
                .transpose()
        };
        Ok(Pages {
            limit,
            needs_me: ask("needs_me_cursor", &self.needs_me_cursor)?,
            waiting_on: ask("waiting_on_cursor", &self.waiting_on_cursor)?,
            unread: self
                .unread_cursor
                .as_deref()
                .map(|text| parse_unread(text).ok_or_else(|| not_ours("unread_cursor")))
                .transpose()?,
        })
    }
}

fn not_ours(field: &str) -> AppError {
    AppError::invalid(field, "is not a cursor this server gave out")
}

// Cursors are `<millis>.<id>[.<id>]` like the other lists' (ids never hold a dot); clients are
// told they are opaque, which leaves the format ours to change.

/// The cursor resuming after an ask: `<due millis>.<request id>.<recipient id>`.
pub(super) fn ask_cursor(key: &AskKey) -> String {
    format!("{}.{}.{}", key.due_at, key.request_id, key.member_id)
}

fn parse_ask(text: &str) -> Option<AskKey> {
    let (due_at, rest) = text.split_once('.')?;
    let (request_id, member_id) = rest.split_once('.')?;
    let valid = |id: &str| !id.is_empty() && !id.contains('.');
    (valid(request_id) && valid(member_id)).then_some(())?;
    Some(AskKey {
        due_at: due_at.parse().ok()?,
        request_id: request_id.to_owned(),
        member_id: member_id.to_owned(),
    })
}

/// The cursor resuming after an unread thread: `<unread-since millis>.<thread id>`.
pub(super) fn unread_cursor(key: &UnreadKey) -> String {
    format!("{}.{}", key.unread_since, key.thread_id)
}

fn parse_unread(text: &str) -> Option<UnreadKey> {
    let (at, thread_id) = text.split_once('.')?;
    (!thread_id.is_empty() && !thread_id.contains('.')).then_some(())?;
    Some(UnreadKey {
        unread_since: at.parse().ok()?,
        thread_id: thread_id.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paging(needs_me: &str, waiting_on: &str, unread: &str) -> InboxPaging {
        let some = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        InboxPaging {
            limit: None,
            needs_me_cursor: some(needs_me),
            waiting_on_cursor: some(waiting_on),
            unread_cursor: some(unread),
        }
    }

    fn field_of(error: AppError) -> String {
        match error {
            AppError::Invalid(v) => v.field,
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn cursors_round_trip_through_their_text() {
        let ask = AskKey {
            due_at: -5,
            request_id: "r1".into(),
            member_id: "m1".into(),
        };
        let unread = UnreadKey {
            unread_since: 1_700_000_000_000,
            thread_id: "t1".into(),
        };
        let pages = paging(
            &ask_cursor(&ask),
            &ask_cursor(&ask),
            &unread_cursor(&unread),
        )
        .check()
        .expect("cursors this module made");
        assert_eq!(pages.needs_me.as_ref(), Some(&ask));
        assert_eq!(pages.waiting_on.as_ref(), Some(&ask));
        assert_eq!(pages.unread.as_ref(), Some(&unread));
        assert_eq!(pages.limit, DEFAULT_LIMIT);
    }

    #[test]
    fn a_malformed_cursor_is_refused_naming_its_list() {
        for (bad, field) in [
            (paging("12", "", ""), "needs_me_cursor"),
            (paging("x.r1.m1", "", ""), "needs_me_cursor"),
            (paging("", "12.r1.", ""), "waiting_on_cursor"),
            (paging("", "12.r1", ""), "waiting_on_cursor"),
            (paging("", "", "12."), "unread_cursor"),
            (paging("", "", "12.t1.x"), "unread_cursor"),
            (paging("", "", "soon.t1"), "unread_cursor"),
        ] {
            assert_eq!(field_of(bad.check().expect_err("a bad cursor")), field);
        }
    }

    #[test]
    fn the_limit_is_between_one_and_the_maximum() {
        let with = |limit| InboxPaging {
            limit: Some(limit),
            ..InboxPaging::default()
        };
        assert_eq!(with(1).check().expect("1").limit, 1);
        assert_eq!(with(MAX_LIMIT).check().expect("max").limit, MAX_LIMIT);
        for bad in [0, -1, MAX_LIMIT + 1] {
            assert_eq!(
                field_of(with(bad).check().expect_err("out of range")),
                "limit"
            );
        }
    }
}
