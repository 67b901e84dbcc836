//! The `email.digest` job: a delivered digest, mailed once to its member.
//!
//! Exactly-once across crashes is impossible with SMTP (the server may accept a mail and the
//! process die before it learns so), so the job chooses *at most once*: it claims the digest
//! (`digest_emails`) in a transaction before talking to the server, marks it emailed after,
//! and releases the claim when the server refuses or cannot be reached, so the job's retry
//! with backoff sends it then. A claim found unmarked means an earlier attempt died during
//! the SMTP conversation: that digest is not mailed again (it may have arrived), and it stays
//! readable in the app. A duplicate in someone's inbox was judged worse than a rare lost
//! copy of something the app already shows.

use std::collections::HashMap;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::Deserialize;
use sundial_store::StoreError;
use sundial_store::records::members::MemberRow;
use sundial_store::records::{digest_emails, digests, members};
use sundial_store::time::to_millis;

use super::digest::{DigestMail, MailItem, MailSection, render_digest_mail};
use super::{OutgoingMail, unsubscribe};
use crate::notifications::{DigestView, NotificationView, ThreadActivity};
use crate::{App, AppError, AppResult};

/// The `email.digest` job's payload.
#[derive(Debug, Deserialize)]
pub(crate) struct DigestEmailPayload {
    pub(crate) digest_id: String,
}

/// What the digest email job did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DigestEmailOutcome {
    /// The mail server accepted it.
    Sent,
    /// Sent before (a re-run of the job).
    AlreadySent,
    /// An earlier attempt died during the SMTP conversation; not sent again (see the module
    /// doc).
    Abandoned,
    /// The member turned digest email off after the digest was delivered.
    EmailOff,
    /// The digest, or its member, no longer exists.
    Gone,
    /// The server runs without SMTP configured: nothing is sent, and a warning is logged.
    NoMailer,
}

impl App {
    /// Mails digest `digest_id` to its member, at most once. `Err(AppError::Mail)` when the
    /// mail server failed: the claim is released and the job retried.
    pub async fn send_digest_email(&self, digest_id: &str) -> AppResult<DigestEmailOutcome> {
        let Some(mailer) = self.mailer.clone() else {
            tracing::warn!(digest = %digest_id, "no SMTP server configured; digest email skipped");
            return Ok(DigestEmailOutcome::NoMailer);
        };
        let now = self.now();
        let (member, names) = {
            let mut reader = self.store().read().await?;
            let mut c = reader.conn();
            let digest = match digests::get(&mut c, digest_id).await {
                Ok(digest) => digest,
                Err(StoreError::NotFound) => return Ok(DigestEmailOutcome::Gone),
                Err(e) => return Err(e.into()),
            };
            if let Some(earlier) = digest_emails::get(&mut c, digest_id).await? {
                return Ok(match earlier.emailed_at {
                    Some(_) => DigestEmailOutcome::AlreadySent,
                    None => {
                        tracing::warn!(digest = %digest_id,
                            "an earlier attempt died mid-send; not mailing this digest again");
                        DigestEmailOutcome::Abandoned
                    }
                });
            }
            let everyone = members::list(&mut c, &digest.workspace_id).await?;
            let Some(member) = everyone.iter().find(|m| m.id == digest.member_id).cloned() else {
                return Ok(DigestEmailOutcome::Gone);
            };
            let names: HashMap<String, String> =
                everyone.into_iter().map(|m| (m.id, m.name)).collect();
            (member, names)
        };
        if !member.email_notifications {
            return Ok(DigestEmailOutcome::EmailOff);
        }
        let view = self.digest_for_delivery(digest_id).await?;
        let Some(token) = self.claim_digest_email(digest_id, &member.id, now).await? else {
            return Ok(DigestEmailOutcome::AlreadySent);
        };
        let mail = self.digest_mail(&view, &member, &names, &token);
        let sent = match render_digest_mail(&mail) {
            Ok(rendered) => {
                let outgoing = OutgoingMail {
                    to_email: member.email.clone(),
                    to_name: member.name.clone(),
                    subject: rendered.subject,
                    text: rendered.text,
                    html: rendered.html,
                    unsubscribe_url: Some(mail.unsubscribe_url.clone()),
                };
                mailer.send(&outgoing).await
            }
            Err(e) => Err(e),
        };
        let id = digest_id.to_owned();
        let done = to_millis(self.now());
        match sent {
            Ok(()) => {
                self.store()
                    .write(move |tx| {
                        Box::pin(async move {
                            digest_emails::mark_emailed(&mut tx.conn(), &id, done).await
                        })
                    })
                    .await?;
                Ok(DigestEmailOutcome::Sent)
            }
            Err(error) => {
                self.store()
                    .write(move |tx| {
                        Box::pin(async move { digest_emails::release(&mut tx.conn(), &id).await })
                    })
                    .await?;
                Err(AppError::Mail(error.to_string()))
            }
        }
    }

    /// Claims the digest's email and issues the unsubscribe token for it, in one transaction.
    /// `None` when another worker claimed it first.
    async fn claim_digest_email(
        &self,
        digest_id: &str,
        member_id: &str,
        now: Timestamp,
    ) -> AppResult<Option<String>> {
        let (digest_id, member_id) = (digest_id.to_owned(), member_id.to_owned());
        self.store()
            .write(move |tx| {
                Box::pin(async move {
                    let mut c = tx.conn();
                    match digest_emails::claim(&mut c, &digest_id, &member_id, to_millis(now)).await
                    {
                        Ok(()) => {}
                        Err(StoreError::Conflict { .. }) => return Ok(None),
                        Err(e) => return Err(e.into()),
                    }
                    unsubscribe::issue(&mut c, &member_id, now).await.map(Some)
                })
            })
            .await
    }

    /// The digest in the member's words and time zone, with a link to each thread.
    fn digest_mail(
        &self,
        view: &DigestView,
        member: &MemberRow,
        names: &HashMap<String, String>,
        token: &str,
    ) -> DigestMail {
        let zone = TimeZone::get(&member.time_zone).unwrap_or(TimeZone::UTC);
        let local = |t: Timestamp| {
            t.to_zoned(zone.clone())
                .strftime("%a %-d %b %H:%M")
                .to_string()
        };
        let name = |id: Option<&str>| {
            id.and_then(|id| names.get(id))
                .cloned()
                .unwrap_or_else(|| "Someone".to_owned())
        };
        let due = |n: &NotificationView| {
            n.due_at
                .map(|t| format!(" (due {})", local(t)))
                .unwrap_or_default()
        };
        let sections = &view.sections;
        let mut out = Vec::new();
        let mut section = |heading: &str, items: Vec<MailItem>| {
            if !items.is_empty() {
                out.push(MailSection {
                    heading: heading.to_owned(),
                    items,
                });
            }
        };
        section(
            "Coming due",
            sections
                .due_soon
                .iter()
                .map(|n| {
                    let state = if n.kind == "overdue" {
                        "Overdue"
                    } else {
                        "Due soon"
                    };
                    self.item(n, format!("{state}: {}{}", n.thread_title, due(n)))
                })
                .collect(),
        );
        section(
            "New asks",
            sections
                .new_asks
                .iter()
                .map(|n| {
                    let urgent = if n.urgent { "Urgent: " } else { "" };
                    let who = name(n.actor_id.as_deref());
                    self.item(
                        n,
                        format!("{urgent}{who} asks you: {}{}", n.thread_title, due(n)),
                    )
                })
                .collect(),
        );
        section(
            "Mentions",
            sections
                .mentions
                .iter()
                .map(|n| {
                    let who = name(n.actor_id.as_deref());
                    self.item(n, format!("{who} mentioned you in {}", n.thread_title))
                })
                .collect(),
        );
        section(
            "Your asks",
            sections
                .my_asks
                .iter()
                .map(|n| {
                    let who = name(n.detail.get("member_id").and_then(|v| v.as_str()));
                    let text = match n.detail.get("action").and_then(|v| v.as_str()) {
                        _ if n.kind == "ask_overdue" => {
                            format!("{who} is overdue on your ask in {}", n.thread_title)
                        }
                        Some("replied") => {
                            format!("{who} replied to your ask in {}", n.thread_title)
                        }
                        Some("done") => format!("{who} completed your ask in {}", n.thread_title),
                        Some("promised") => {
                            format!(
                                "{who} promised a new time for your ask in {}",
                                n.thread_title
                            )
                        }
                        Some(action) => format!("{who} {action} your ask in {}", n.thread_title),
                        None => format!("News of your ask in {}", n.thread_title),
                    };
                    self.item(n, text)
                })
                .collect(),
        );
        section(
            "Followed threads",
            sections
                .threads
                .iter()
                .map(|t| self.activity_item(t, &name))
                .collect(),
        );
        DigestMail {
            recipient_name: member.name.clone(),
            delivered_local: local(view.delivered_at),
            while_away: view.while_away,
            sections: out,
            unsubscribe_url: self.unsubscribe_url(token),
        }
    }

    /// A line linking to the notification's message (or thread).
    fn item(&self, n: &NotificationView, text: String) -> MailItem {
        let anchor = n
            .message_id
            .as_deref()
            .map(|m| format!("#m-{m}"))
            .unwrap_or_default();
        MailItem {
            text,
            link: format!("{}/threads/{}{anchor}", self.public_url(), n.thread_id),
        }
    }

    /// A line summarising a followed thread's replies.
    fn activity_item(&self, t: &ThreadActivity, name: &dyn Fn(Option<&str>) -> String) -> MailItem {
        let who: Vec<String> = t.author_ids.iter().map(|id| name(Some(id))).collect();
        let replies = if t.replies == 1 { "reply" } else { "replies" };
        MailItem {
            text: format!(
                "{}: {} new {replies} from {}",
                t.thread_title,
                t.replies,
                who.join(", ")
            ),
            link: format!("{}/threads/{}", self.public_url(), t.thread_id),
        }
    }
}
