//! Finding `@handle` and `#channel` mentions in a Markdown message body. This file only finds
//! names; whether a name belongs to a member or channel the author may mention is decided by the
//! use case that looks them up (an unknown name is simply not a mention).

use std::collections::HashSet;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::validate::channel_name::{CHANNEL_MAX, is_channel_char};
use crate::validate::names::{HANDLE_MAX, is_handle_char};

/// The names mentioned in a message, lowercased, deduplicated, in order of first appearance.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mentions {
    /// Handles mentioned as `@handle`, without the `@`.
    pub handles: Vec<String>,
    /// Channel names mentioned as `#channel`, without the `#`.
    pub channels: Vec<String>,
}

impl Mentions {
    /// Whether nothing is mentioned.
    pub fn is_empty(&self) -> bool {
        self.handles.is_empty() && self.channels.is_empty()
    }
}

/// Finds the mentions in a Markdown body.
///
/// The Markdown is parsed (CommonMark plus tables and strikethrough) so that only text a reader
/// sees as prose counts: code spans, fenced and indented code blocks, raw HTML tags (not the
/// text between them), image alt text, link destinations and autolinks (`<https://…>`,
/// `<ana@example.com>`) are skipped, and the `#` of a heading is syntax, not a channel. Text of
/// an ordinary link (`[ask @ana](…)`) and inside emphasis does count.
///
/// A mention starts with `@` or `#` at the start of a text run or after whitespace or opening
/// punctuation (`(`, `[`, quotes, `*`, `,` …), never after a letter, digit, `.`, `/`, `-` or `&`,
/// so `ana@example.com`, `C#` and `https://example.com/#part` are not mentions. The name uses the
/// [`Handle`](crate::Handle) or [`ChannelName`](crate::ChannelName) alphabet (ASCII letters are
/// lowercased), must start with a letter or digit, loses trailing `.`/`-` as sentence punctuation
/// ("thanks @ana." mentions `ana`), and must not run straight into another letter or an `@`
/// (`@ana@example.social` is an address, not a mention).
pub fn parse_mentions(markdown: &str) -> Mentions {
    let mut found = Found::default();
    // Consecutive text events are joined before scanning: the parser may split one run of prose
    // into several events (entities, escapes), and a mention must not be cut in two.
    let mut run = String::new();
    let mut in_code_block = false;
    let mut image_depth = 0usize;
    // One entry per open link: whether its text is its own URL (an autolink), which is skipped.
    let mut links: Vec<bool> = Vec::new();
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(markdown, options) {
        let skipping = in_code_block || image_depth > 0 || links.contains(&true);
        match event {
            Event::Text(text) if !skipping => {
                run.push_str(&text);
                continue;
            }
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Start(Tag::Image { .. }) => image_depth += 1,
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            Event::Start(Tag::Link { link_type, .. }) => {
                links.push(matches!(link_type, LinkType::Autolink | LinkType::Email));
            }
            Event::End(TagEnd::Link) => {
                links.pop();
            }
            _ => {}
        }
        // Anything but prose ends the run: a code span, a line break, an element boundary.
        scan(&run, &mut found);
        run.clear();
    }
    scan(&run, &mut found);
    found.mentions
}

/// The mentions so far, with sets to deduplicate in constant time: a 64 KiB body can hold
/// thousands of mentions, and a linear `contains` per name would make that quadratic.
#[derive(Default)]
struct Found {
    mentions: Mentions,
    seen_handles: HashSet<String>,
    seen_channels: HashSet<String>,
}

/// Adds the mentions found in one run of prose.
fn scan(text: &str, found: &mut Found) {
    let chars: Vec<char> = text.chars().collect();
    for (i, &sigil) in chars.iter().enumerate() {
        if sigil != '@' && sigil != '#' {
            continue;
        }
        if i > 0 && !opens_mention(chars[i - 1]) {
            continue;
        }
        let rest = &chars[i + 1..];
        let name = if sigil == '@' {
            name_at(rest, is_handle_char, &['.', '-'], HANDLE_MAX)
        } else {
            name_at(rest, is_channel_char, &['-'], CHANNEL_MAX)
        };
        let Some(name) = name else { continue };
        let (seen, list) = if sigil == '@' {
            (&mut found.seen_handles, &mut found.mentions.handles)
        } else {
            (&mut found.seen_channels, &mut found.mentions.channels)
        };
        if seen.insert(name.clone()) {
            list.push(name);
        }
    }
}

/// Whether a mention may start right after `c`.
fn opens_mention(c: char) -> bool {
    c.is_whitespace() || "([{<>\"'*~,;!?|“‘«".contains(c)
}

/// The name at the start of `rest` (just after the sigil), lowercased, if it is one.
fn name_at(
    rest: &[char],
    allowed: fn(char) -> bool,
    trailing: &[char],
    max: usize,
) -> Option<String> {
    let len = rest
        .iter()
        .take_while(|c| allowed(c.to_ascii_lowercase()))
        .count();
    // Whatever follows the full run must not continue the word (a non-ASCII letter) or turn it
    // into an address (`@ana@host`).
    if rest
        .get(len)
        .is_some_and(|&c| c.is_alphanumeric() || c == '@')
    {
        return None;
    }
    let mut name: String = rest[..len].iter().map(char::to_ascii_lowercase).collect();
    while name.ends_with(trailing) {
        name.pop();
    }
    let starts_well = name.starts_with(|c: char| c.is_ascii_alphanumeric());
    (starts_well && name.len() <= max).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn mentions_are_found_in_prose_and_skipped_in_code_links_and_addresses() {
        let table: &[(&str, &[&str], &[&str])] = &[
            ("@ana please look", &["ana"], &[]),
            ("thanks @ana.", &["ana"], &[]),
            ("ask @Ana.Souza, then @bob-", &["ana.souza", "bob"], &[]),
            ("@ana @bob @ana", &["ana", "bob"], &[]),
            ("(cc @ana) and \"@bob\"", &["ana", "bob"], &[]),
            (
                "see #general and #Release-2026.",
                &[],
                &["general", "release-2026"],
            ),
            ("*@ana* and **#ops** and _@bob_", &["ana", "bob"], &["ops"]),
            (
                "[ask @ana in #ops](https://example.com/#frag)",
                &["ana"],
                &["ops"],
            ),
            ("mail ana@example.com now", &[], &[]),
            ("<ana@example.com> and <https://example.com/#x>", &[], &[]),
            (
                "https://example.com/#section and https://x.io/page#top",
                &[],
                &[],
            ),
            ("follow @ana@example.social", &[], &[]),
            ("C# and F#, issue#4", &[], &[]),
            ("`@ana` but @bob", &["bob"], &[]),
            ("```\n@ana #ops\n```\n@bob", &["bob"], &[]),
            ("    @ana indented code\n\npara #ops", &[], &["ops"]),
            ("# Title\n\n## #release notes", &[], &["release"]),
            (
                "![@ana](pic.png) <span>@bob</span> <a href=\"#ops\">",
                &["bob"],
                &[],
            ),
            ("@_ana @.bob @-x @ #", &[], &[]),
            ("@anaé #café", &[], &[]),
            ("line one\n@ana\\\n#ops", &["ana"], &["ops"]),
            (
                "| who | where |\n|---|---|\n| @ana | #ops |",
                &["ana"],
                &["ops"],
            ),
            ("&lt;@ana&gt; R&amp;D&#64;ops", &["ana"], &[]),
        ];
        for &(input, handles, channels) in table {
            let found = parse_mentions(input);
            assert_eq!(found.handles, names(handles), "handles in {input:?}");
            assert_eq!(found.channels, names(channels), "channels in {input:?}");
        }
    }

    #[test]
    fn names_longer_than_the_limits_are_not_mentions() {
        let handle_ok = format!("@{}", "a".repeat(32));
        let handle_long = format!("@{}", "a".repeat(33));
        assert_eq!(parse_mentions(&handle_ok).handles.len(), 1);
        assert!(parse_mentions(&handle_long).is_empty());
        assert!(parse_mentions(&format!("#{}", "c".repeat(81))).is_empty());
    }

    proptest::proptest! {
        #[test]
        fn every_mention_found_is_a_valid_handle_or_channel_name(
            input in "([ @#a-zA-Z0-9._\\-`*\\[\\]()<>:/\n]|é){0,60}"
        ) {
            let found = parse_mentions(&input);
            for handle in &found.handles {
                let parsed = crate::Handle::parse(handle).unwrap();
                proptest::prop_assert_eq!(parsed.as_str(), handle);
            }
            for channel in &found.channels {
                let name = crate::ChannelName::parse(channel).unwrap();
                proptest::prop_assert_eq!(name.as_str(), channel);
            }
        }
    }

    #[test]
    fn any_input_is_parsed_without_panicking() {
        for input in [
            "", "@", "#", "@@@", "[](", "`", "\u{0}@a", "<@a>", "[@a]: #b",
        ] {
            let _ = parse_mentions(input);
        }
    }
}
