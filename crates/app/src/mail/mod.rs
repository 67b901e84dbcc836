//! Email: the port the app sends mail through ([`Mailer`], implemented over SMTP by the
//! server), the digest email (rendered from a plain [`DigestMail`] with askama templates), the
//! `email.digest` job that sends it once, and unsubscribe links. The SMTP conversation, its
//! configuration and the `Date` / `Message-ID` headers belong to the implementation.

mod digest;
mod send;
mod unsubscribe;

pub use digest::{DigestMail, MailItem, MailSection, RenderedMail, render_digest_mail};
pub use send::DigestEmailOutcome;
pub(crate) use send::DigestEmailPayload;
pub use unsubscribe::Unsubscribed;

/// One message to one person: a multipart text + HTML email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    pub to_email: String,
    pub to_name: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// For mail a member can opt out of (digests): sent as `List-Unsubscribe`.
    pub unsubscribe_url: Option<String>,
}

/// Why a mail could not be handed to the mail server. Worth retrying: the server may be
/// down or refusing for now.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("sending mail failed: {0}")]
pub struct MailError(pub String);

/// Sends mail. Object-safe so the app holds any implementation (`Arc<dyn Mailer>`): SMTP in
/// the server, the same SMTP against a local test server in tests.
#[async_trait::async_trait]
pub trait Mailer: std::fmt::Debug + Send + Sync {
    /// Hands `mail` to the mail server; `Ok` once the server accepted it.
    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError>;
}
