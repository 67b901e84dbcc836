//! Notifications, digests, follow-ups and the job queue, driven by the manual clock: time
//! moves only when a test says so, and the queue is drained exactly as a worker would.

mod crash;
mod follow;
mod isolation;
mod policy;
mod remembered;
mod replies;
mod timers;
mod week;

use jiff::Timestamp;
use sundial_app::Actor;
use sundial_app::accounts::{MemberPatch, StatusInput};
use sundial_app::notifications::{DigestView, NotificationView};
use sundial_app::threads::NewReply;
use sundial_core::Clock;

use crate::support::TestApp;

/// Runs every job due up to `until` at the instant it is due, as a worker would, then leaves
/// the clock at `until`.
pub async fn run_until(t: &TestApp, until: Timestamp) {
    loop {
        let next = t.app.next_job_at().await.unwrap();
        match next {
            Some(next) if next <= until => {
                t.clock.set(next.max(t.clock.now()));
                t.app.run_due_jobs().await.unwrap();
            }
            _ => break,
        }
    }
    t.clock.set(until);
}

/// The member's digests, oldest first.
pub async fn digests(t: &TestApp, member: &Actor) -> Vec<DigestView> {
    let page = t.app.digests(member, None, Some(200)).await.unwrap();
    assert!(page.next_cursor.is_none(), "a test's digests fit one page");
    let mut digests = page.items;
    digests.reverse();
    digests
}

/// The member's delivered notifications, oldest first.
pub async fn delivered(t: &TestApp, member: &Actor) -> Vec<NotificationView> {
    let page = t
        .app
        .notifications(member, None, Some(200), false)
        .await
        .unwrap();
    assert!(
        page.next_cursor.is_none(),
        "a test's notifications fit one page"
    );
    let mut items = page.items;
    items.reverse();
    items
}

/// Each delivery as `(delivered_at, ["kind:thread title", ...] sorted)`, oldest first: one
/// entry per digest.
pub async fn deliveries(t: &TestApp, member: &Actor) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, String, Vec<String>)> = Vec::new();
    for n in delivered(t, member).await {
        let digest = n
            .digest_id
            .clone()
            .expect("a delivered notification has its digest");
        let item = format!("{}:{}", n.kind, n.thread_title);
        match out.iter_mut().find(|(id, _, _)| *id == digest) {
            Some((_, _, items)) => items.push(item),
            None => out.push((digest, n.delivered_at.unwrap().to_string(), vec![item])),
        }
    }
    out.into_iter()
        .map(|(_, at, mut items)| {
            items.sort();
            (at, items)
        })
        .collect()
}

/// Turns a table of `(instant, [items])` into the shape [`deliveries`] returns.
pub fn expected(table: &[(&str, &[&str])]) -> Vec<(String, Vec<String>)> {
    table
        .iter()
        .map(|(at, items)| {
            let mut items: Vec<String> = items.iter().map(|s| (*s).to_owned()).collect();
            items.sort();
            ((*at).to_owned(), items)
        })
        .collect()
}

pub async fn reply(t: &TestApp, actor: &Actor, thread_id: &str, body: &str) {
    t.app
        .reply(
            actor,
            thread_id,
            NewReply {
                idempotency_key: None,
                body: body.into(),
                request: None,
            },
        )
        .await
        .unwrap();
}

pub async fn set_status(t: &TestApp, actor: &Actor, mode: &str, until: Option<Timestamp>) {
    let status = StatusInput {
        mode: mode.into(),
        until,
        ..StatusInput::default()
    };
    t.app
        .update_me(
            actor,
            MemberPatch {
                status: Some(status),
                ..MemberPatch::default()
            },
        )
        .await
        .unwrap();
}
