//! The app's [`Mailer`] over SMTP: multipart/alternative text + HTML, with `Date` and a fresh
//! `Message-ID` set by lettre, and `List-Unsubscribe` (RFC 2369, one-click per RFC 8058) on
//! mail a member can opt out of.

use std::time::Duration;

use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sundial_app::mail::{MailError, Mailer, OutgoingMail};

use super::{SmtpConfig, SmtpConfigError};

/// A stalled server fails the attempt (and the job is retried) instead of holding a worker.
const TIMEOUT: Duration = Duration::from_secs(30);

/// Sends mail through one SMTP server.
#[derive(Debug, Clone)]
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpMailer {
    /// A mailer for `config`. Connects lazily, per message: nothing is checked on the network
    /// here, so a server that is down at start-up only delays mail.
    pub fn new(config: &SmtpConfig) -> Result<Self, SmtpConfigError> {
        let tls = |host: &str| {
            TlsParameters::new(host.to_owned()).map_err(|e| SmtpConfigError {
                setting: "smtp-host",
                reason: format!("cannot set up TLS for it: {e}"),
            })
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&config.host)
            .port(config.port)
            .timeout(Some(TIMEOUT));
        builder = match config.tls {
            super::TlsMode::None => builder.tls(Tls::None),
            super::TlsMode::Starttls => builder.tls(Tls::Required(tls(&config.host)?)),
            super::TlsMode::Tls => builder.tls(Tls::Wrapper(tls(&config.host)?)),
        };
        if let Some((user, password)) = &config.credentials {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(Self {
            transport: builder.build(),
            from: config.from.clone(),
        })
    }

    /// The message as it goes on the wire.
    fn message(&self, mail: &OutgoingMail) -> Result<Message, MailError> {
        let address = mail
            .to_email
            .parse()
            .map_err(|e| MailError(format!("recipient address {:?}: {e}", mail.to_email)))?;
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(Mailbox::new(Some(mail.to_name.clone()), address))
            .subject(mail.subject.clone())
            .date_now()
            .message_id(None);
        if let Some(url) = &mail.unsubscribe_url {
            builder = builder
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe"),
                    format!("<{url}>"),
                ))
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                    "List-Unsubscribe=One-Click".to_owned(),
                ));
        }
        builder
            .multipart(MultiPart::alternative_plain_html(
                mail.text.clone(),
                mail.html.clone(),
            ))
            .map_err(|e| MailError(format!("building the message: {e}")))
    }
}

#[async_trait::async_trait]
impl Mailer for SmtpMailer {
    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError> {
        let message = self.message(mail)?;
        self.transport
            .send(message)
            .await
            .map(drop)
            .map_err(|e| MailError(e.to_string()))
    }
}
