//! Turns the mail flags of `sundial serve` into the app's mailer and public address, refusing
//! bad values at start-up with the flag's name.

use std::sync::Arc;

use anyhow::{Context, bail};
use sundial_app::App;
use sundial_server::smtp::{SmtpConfig, SmtpMailer};

use crate::cli::MailArgs;

/// `app` with the public URL, and with an SMTP mailer when `--smtp-host` is given.
pub(crate) fn configure(app: App, args: &MailArgs) -> anyhow::Result<App> {
    let public_url = check_public_url(&args.public_url)?;
    let app = app.with_public_url(public_url);
    let Some(host) = &args.smtp_host else {
        let stray = [
            ("--smtp-port", args.smtp_port.is_some()),
            ("--smtp-username", args.smtp_username.is_some()),
            ("--smtp-password", args.smtp_password.is_some()),
            ("--mail-from", args.mail_from.is_some()),
        ];
        if let Some((flag, _)) = stray.iter().find(|(_, given)| *given) {
            bail!("{flag} is set but --smtp-host is not: set both, or neither");
        }
        tracing::info!("no --smtp-host: email is off; digests stay in the app");
        return Ok(app);
    };
    let from = args.mail_from.as_deref().context(
        "--mail-from is needed with --smtp-host, e.g. \"Sundial <sundial@example.com>\"",
    )?;
    let config = SmtpConfig::parse(
        host,
        args.smtp_port,
        &args.smtp_tls,
        args.smtp_username.as_deref(),
        args.smtp_password.as_deref(),
        from,
    )?;
    let mailer = SmtpMailer::new(&config)?;
    tracing::info!(smtp = ?config, "email is on");
    Ok(app.with_mailer(Arc::new(mailer)))
}

/// An `http://` or `https://` address with a host, without a trailing slash.
fn check_public_url(url: &str) -> anyhow::Result<&str> {
    let url = url.trim_end_matches('/');
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(rest)
            if !rest.is_empty() && !rest.starts_with('/') && !url.contains(char::is_whitespace) =>
        {
            Ok(url)
        }
        _ => bail!("--public-url must be an http:// or https:// address with a host (got {url:?})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_public_url_needs_a_scheme_and_a_host() {
        assert_eq!(
            check_public_url("https://sundial.example.com/").unwrap(),
            "https://sundial.example.com"
        );
        assert_eq!(
            check_public_url("http://127.0.0.1:8080").unwrap(),
            "http://127.0.0.1:8080"
        );
        for bad in [
            "sundial.example.com",
            "ftp://x",
            "https://",
            "https:///x",
            "http://a b",
        ] {
            assert!(check_public_url(bad).is_err(), "{bad}");
        }
    }
}
