//! The digest email: a plain description of what to say ([`DigestMail`]) rendered to a subject,
//! a text part and an HTML part. The templates are compiled (askama) and the HTML one escapes
//! everything it is given, so a thread title can never inject markup into someone's inbox.

use askama::Template;

use super::MailError;

/// What a digest email says, already in the recipient's words and time zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestMail {
    pub recipient_name: String,
    /// When it was delivered, in the recipient's zone, e.g. `Tue 10 Mar 09:30`.
    pub delivered_local: String,
    /// The first delivery after time off or an away status.
    pub while_away: bool,
    /// Non-empty sections, in order.
    pub sections: Vec<MailSection>,
    /// Turns digest email off for this recipient, without a login.
    pub unsubscribe_url: String,
}

/// A heading and its lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailSection {
    pub heading: String,
    pub items: Vec<MailItem>,
}

/// One line of a digest, linking to the thread (and message) it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailItem {
    pub text: String,
    pub link: String,
}

/// A rendered email body pair with its subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedMail {
    pub subject: String,
    pub text: String,
    pub html: String,
}

#[derive(Template)]
#[template(path = "mail/digest.txt", escape = "none")]
struct DigestText<'a> {
    mail: &'a DigestMail,
    intro: &'a str,
}

#[derive(Template)]
#[template(path = "mail/digest.html")]
struct DigestHtml<'a> {
    mail: &'a DigestMail,
    intro: &'a str,
    subject: &'a str,
}

/// Renders a digest email.
pub fn render_digest_mail(mail: &DigestMail) -> Result<RenderedMail, MailError> {
    let count: usize = mail.sections.iter().map(|s| s.items.len()).sum();
    let updates = if count == 1 { "update" } else { "updates" };
    let subject = if mail.while_away {
        format!("While you were away: {count} {updates} on Sundial")
    } else {
        format!("Your Sundial digest: {count} {updates}")
    };
    let intro = if mail.while_away {
        "Welcome back. Here is what happened while you were away."
    } else {
        "Here is what reached you since your last check."
    };
    let rendered = |e: askama::Error| MailError(format!("rendering the digest email: {e}"));
    let text = DigestText { mail, intro }.render().map_err(rendered)?;
    let html = DigestHtml {
        mail,
        intro,
        subject: &subject,
    }
    .render()
    .map_err(rendered)?;
    Ok(RenderedMail {
        subject,
        text,
        html,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> DigestMail {
        DigestMail {
            recipient_name: "Bo".into(),
            delivered_local: "Tue 10 Mar 09:30".into(),
            while_away: false,
            sections: vec![MailSection {
                heading: "New asks".into(),
                items: vec![MailItem {
                    text: "Ana asks you to review <script>alert(1)</script>".into(),
                    link: "https://sundial.test/threads/t1#m-m1".into(),
                }],
            }],
            unsubscribe_url: "https://sundial.test/unsubscribe?token=sdl_x".into(),
        }
    }

    #[test]
    fn both_parts_carry_every_item_link_and_the_unsubscribe_link() {
        let rendered = render_digest_mail(&sample()).unwrap();
        assert_eq!(rendered.subject, "Your Sundial digest: 1 update");
        for part in [&rendered.text, &rendered.html] {
            assert!(
                part.contains("https://sundial.test/threads/t1#m-m1"),
                "{part}"
            );
            assert!(
                part.contains("https://sundial.test/unsubscribe?token=sdl_x"),
                "{part}"
            );
            assert!(part.contains("New asks"), "{part}");
        }
        assert!(rendered.text.contains("<script>alert(1)</script>"));
    }

    #[test]
    fn the_html_part_escapes_what_people_wrote() {
        let html = render_digest_mail(&sample()).unwrap().html;
        assert!(!html.contains("<script>"), "{html}");
        assert!(
            html.contains("&#60;script&#62;") || html.contains("&lt;script&gt;"),
            "{html}"
        );
    }

    #[test]
    fn a_while_away_digest_says_so() {
        let mail = DigestMail {
            while_away: true,
            ..sample()
        };
        let rendered = render_digest_mail(&mail).unwrap();
        assert!(rendered.subject.starts_with("While you were away"));
    }
}
