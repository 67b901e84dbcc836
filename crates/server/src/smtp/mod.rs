//! Mail over SMTP (lettre, on tokio with rustls; no OpenSSL): the typed configuration the
//! binary builds from its flags, and the [`SmtpMailer`] the app sends through.

mod config;
mod mailer;

pub use config::{SmtpConfig, SmtpConfigError, TlsMode};
pub use mailer::SmtpMailer;
