//! SMTP settings: host, port, TLS mode, optional credentials and the From address, each parsed
//! with an error naming the setting, so a bad value stops the server at start-up.

use std::fmt;
use std::str::FromStr;

use lettre::message::Mailbox;

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsMode {
    /// Plain text: only for a server on the same machine or a trusted network.
    None,
    /// Plain connection upgraded with STARTTLS, which is required (port 587 by default).
    Starttls,
    /// TLS from the first byte, "SMTPS" (port 465 by default).
    Tls,
}

impl TlsMode {
    /// The port the mode is usually served on.
    pub fn default_port(self) -> u16 {
        match self {
            TlsMode::None => 25,
            TlsMode::Starttls => 587,
            TlsMode::Tls => 465,
        }
    }
}

impl FromStr for TlsMode {
    type Err = SmtpConfigError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "none" => Ok(TlsMode::None),
            "starttls" => Ok(TlsMode::Starttls),
            "tls" => Ok(TlsMode::Tls),
            other => Err(SmtpConfigError::new(
                "smtp-tls",
                format!("must be none, starttls or tls (got {other:?})"),
            )),
        }
    }
}

/// A bad SMTP setting, naming the flag.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("--{setting}: {reason}")]
pub struct SmtpConfigError {
    pub setting: &'static str,
    pub reason: String,
}

impl SmtpConfigError {
    fn new(setting: &'static str, reason: impl Into<String>) -> Self {
        Self {
            setting,
            reason: reason.into(),
        }
    }
}

/// Where and how to send mail.
#[derive(Clone)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub tls: TlsMode,
    /// Username and password, when the server wants a login.
    pub credentials: Option<(String, String)>,
    /// The From of every mail, e.g. `Sundial <sundial@example.com>`.
    pub from: Mailbox,
}

// By hand, so the password never reaches a log.
impl fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("username", &self.credentials.as_ref().map(|(user, _)| user))
            .field("password", &self.credentials.as_ref().map(|_| "<redacted>"))
            .field("from", &self.from.to_string())
            .finish()
    }
}

impl SmtpConfig {
    /// Checks raw settings: a host, a TLS mode, a port (the mode's default when absent), a
    /// username and password together or not at all, and a From address.
    pub fn parse(
        host: &str,
        port: Option<u16>,
        tls: &str,
        username: Option<&str>,
        password: Option<&str>,
        from: &str,
    ) -> Result<Self, SmtpConfigError> {
        let host = host.trim();
        if host.is_empty() || host.contains(char::is_whitespace) {
            return Err(SmtpConfigError::new(
                "smtp-host",
                "must be a host name or address",
            ));
        }
        let tls: TlsMode = tls.parse()?;
        let port = match port {
            Some(0) => return Err(SmtpConfigError::new("smtp-port", "must be 1 to 65535")),
            Some(port) => port,
            None => tls.default_port(),
        };
        let credentials = match (username, password) {
            (Some(user), Some(password)) if !user.is_empty() => {
                Some((user.to_owned(), password.to_owned()))
            }
            (None, None) => None,
            (Some(_), None) => {
                return Err(SmtpConfigError::new(
                    "smtp-password",
                    "is needed with --smtp-username",
                ));
            }
            _ => {
                return Err(SmtpConfigError::new(
                    "smtp-username",
                    "is needed with --smtp-password",
                ));
            }
        };
        let from: Mailbox = from.parse().map_err(|e| {
            SmtpConfigError::new(
                "mail-from",
                format!("must be an address like \"Sundial <sundial@example.com>\" ({e})"),
            )
        })?;
        Ok(Self {
            host: host.to_owned(),
            port,
            tls,
            credentials,
            from,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_tls_modes_parse_and_anything_else_names_the_flag() {
        assert_eq!("none".parse(), Ok(TlsMode::None));
        assert_eq!("starttls".parse(), Ok(TlsMode::Starttls));
        assert_eq!("tls".parse(), Ok(TlsMode::Tls));
        for bad in ["", "TLS", "ssl", "yes"] {
            let error = bad.parse::<TlsMode>().unwrap_err();
            assert_eq!(error.setting, "smtp-tls", "{bad}");
        }
    }

    #[test]
    fn the_port_defaults_by_mode() {
        let from = "Sundial <s@example.com>";
        let port = |tls| {
            SmtpConfig::parse("mx", None, tls, None, None, from)
                .unwrap()
                .port
        };
        assert_eq!(
            (port("none"), port("starttls"), port("tls")),
            (25, 587, 465)
        );
        let set = SmtpConfig::parse("mx", Some(2525), "none", None, None, from).unwrap();
        assert_eq!(set.port, 2525);
    }

    #[test]
    fn bad_settings_name_their_flag() {
        let from = "s@example.com";
        let cases = [
            (
                SmtpConfig::parse("", None, "none", None, None, from),
                "smtp-host",
            ),
            (
                SmtpConfig::parse("mx", Some(0), "none", None, None, from),
                "smtp-port",
            ),
            (
                SmtpConfig::parse("mx", None, "none", Some("u"), None, from),
                "smtp-password",
            ),
            (
                SmtpConfig::parse("mx", None, "none", None, Some("p"), from),
                "smtp-username",
            ),
            (
                SmtpConfig::parse("mx", None, "none", None, None, "not an address"),
                "mail-from",
            ),
        ];
        for (result, setting) in cases {
            assert_eq!(result.unwrap_err().setting, setting);
        }
    }

    #[test]
    fn the_password_never_shows_in_debug_output() {
        let config = SmtpConfig::parse(
            "mx",
            None,
            "tls",
            Some("me"),
            Some("hunter2"),
            "s@example.com",
        )
        .unwrap();
        let shown = format!("{config:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("me"), "{shown}");
    }
}
