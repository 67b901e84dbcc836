//! The demo's script: `story.txt` (format in its header) parsed into threads of timed steps.
//! Text lives in a text file so the story reads like the team's conversation it is; this module
//! only turns it into data, and says which line is wrong when it cannot.

use jiff::SignedDuration;

/// The script the demo replays.
pub const STORY: &str = include_str!("story.txt");

/// One thread of the story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadScript {
    pub channel: String,
    /// Weekdays before the day of seeding (1 = the previous weekday).
    pub weekdays_ago: u32,
    /// Minutes after midnight UTC of that day.
    pub start_minute: u32,
    pub title: String,
    /// The steps, each with its offset from the thread's start.
    pub steps: Vec<(SignedDuration, Step)>,
}

/// One thing a member does in a thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A message (the thread's first one starts it), perhaps with an ask.
    Say {
        who: String,
        body: String,
        ask: Option<Ask>,
    },
    Acknowledge(String),
    Complete(String),
    Decline(String),
    /// A promise to answer this many days after seeding.
    Promise(String, u32),
    React(String, String),
    Edit(String, String),
    Resolve(String),
}

/// An ask attached to a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ask {
    pub kind: String,
    pub urgency: String,
    pub to: Vec<String>,
}

/// Parses the whole story; an error names the line.
pub fn parse(text: &str) -> Result<Vec<ThreadScript>, String> {
    let mut threads: Vec<ThreadScript> = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fail = |why: &str| format!("story line {}: {why}: {line:?}", index + 1);
        if let Some(header) = line.strip_prefix("==") {
            threads.push(parse_header(header).map_err(|why| fail(&why))?);
            continue;
        }
        let Some(thread) = threads.last_mut() else {
            return Err(fail("a step before the first thread"));
        };
        let (gap, step) = parse_step(line).map_err(|why| fail(&why))?;
        let previous = thread
            .steps
            .last()
            .map_or(SignedDuration::ZERO, |(at, _)| *at);
        if thread.steps.is_empty() && !matches!(step, Step::Say { .. }) {
            return Err(fail("a thread must start with a message"));
        }
        thread.steps.push((previous + gap, step));
    }
    Ok(threads)
}

fn parse_header(header: &str) -> Result<ThreadScript, String> {
    let parts: Vec<&str> = header.split('|').map(str::trim).collect();
    let [channel, when, title] = parts[..] else {
        return Err("a thread needs `channel | -N HH:MM | title`".to_owned());
    };
    let (day, time) = when.split_once(' ').ok_or("the start needs `-N HH:MM`")?;
    let weekdays_ago = day
        .strip_prefix('-')
        .and_then(|n| n.parse::<u32>().ok())
        .filter(|&n| n > 0)
        .ok_or("the day must be -N with N at least 1")?;
    let (hour, minute) = time.split_once(':').ok_or("the time must be HH:MM")?;
    let (hour, minute): (u32, u32) = (
        hour.parse().map_err(|_| "bad hour")?,
        minute.parse().map_err(|_| "bad minute")?,
    );
    if hour > 23 || minute > 59 {
        return Err("the time must be HH:MM".to_owned());
    }
    Ok(ThreadScript {
        channel: channel.to_owned(),
        weekdays_ago,
        start_minute: hour * 60 + minute,
        title: title.to_owned(),
        steps: Vec::new(),
    })
}

fn parse_step(line: &str) -> Result<(SignedDuration, Step), String> {
    let (gap, rest) = line.split_once(' ').ok_or("a step needs `+gap who …`")?;
    let gap = parse_gap(gap)?;
    if let Some((who, said)) = rest.split_once(": ")
        && !who.contains(' ')
    {
        let (body, ask) = split_ask(said.trim())?;
        return Ok((
            gap,
            Step::Say {
                who: who.to_owned(),
                body,
                ask,
            },
        ));
    }
    let (who, action) = rest
        .split_once(" !")
        .ok_or("expected `who: text` or `who !action`")?;
    let who = who.trim().to_owned();
    let (verb, argument) = action.split_once(' ').unwrap_or((action, ""));
    let argument = argument.trim().to_owned();
    let step = match verb {
        "ack" => Step::Acknowledge(who),
        "done" => Step::Complete(who),
        "decline" => Step::Decline(who),
        "resolve" => Step::Resolve(who),
        "react" if !argument.is_empty() => Step::React(who, argument),
        "edit" if !argument.is_empty() => Step::Edit(who, argument),
        "promise" => {
            let days = argument
                .strip_suffix('d')
                .and_then(|n| n.parse().ok())
                .filter(|&n: &u32| n > 0)
                .ok_or("a promise needs `Nd` with N at least 1")?;
            Step::Promise(who, days)
        }
        other => {
            return Err(format!(
                "unknown action !{other} (or its argument is missing)"
            ));
        }
    };
    Ok((gap, step))
}

/// `+15m`, `+3h` or `+1d`.
fn parse_gap(text: &str) -> Result<SignedDuration, String> {
    let number = text.strip_prefix('+').ok_or("a step starts with +gap")?;
    let (count, unit) = number.split_at(number.len().saturating_sub(1));
    let count: i64 = count.parse().map_err(|_| format!("bad gap {text:?}"))?;
    match unit {
        "m" => Ok(SignedDuration::from_mins(count)),
        "h" => Ok(SignedDuration::from_hours(count)),
        "d" => Ok(SignedDuration::from_hours(24 * count)),
        _ => Err(format!("bad gap unit in {text:?} (use m, h or d)")),
    }
}

/// Splits a trailing `[kind urgency who…]` off a message.
fn split_ask(said: &str) -> Result<(String, Option<Ask>), String> {
    let Some(body) = said.strip_suffix(']') else {
        return Ok((said.to_owned(), None));
    };
    let (body, ask) = body
        .rsplit_once('[')
        .ok_or("an unopened ] ends the message")?;
    let words: Vec<&str> = ask.split_whitespace().collect();
    let [kind, urgency, to @ ..] = &words[..] else {
        return Err("an ask needs `[kind urgency who…]`".to_owned());
    };
    if to.is_empty() {
        return Err("an ask needs at least one recipient".to_owned());
    }
    Ok((
        body.trim().to_owned(),
        Some(Ask {
            kind: (*kind).to_owned(),
            urgency: (*urgency).to_owned(),
            to: to.iter().map(|s| (*s).to_owned()).collect(),
        }),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_thread_with_an_ask_and_answers_parses_into_timed_steps() {
        let text = "# comment\n== eng | -2 09:30 | Title here\n\
                    +0m ana: Please review. [review high ben mia]\n\
                    +2h ben !ack\n+1d mia !promise 3d\n+5m ana !react 🎉\n";
        let threads = parse(text).expect("parses");
        assert_eq!(threads.len(), 1);
        let thread = &threads[0];
        assert_eq!(
            (
                thread.channel.as_str(),
                thread.weekdays_ago,
                thread.start_minute
            ),
            ("eng", 2, 9 * 60 + 30)
        );
        assert_eq!(thread.title, "Title here");
        let offsets: Vec<i64> = thread.steps.iter().map(|(at, _)| at.as_mins()).collect();
        assert_eq!(offsets, vec![0, 120, 120 + 1440, 120 + 1440 + 5]);
        assert_eq!(
            thread.steps[0].1,
            Step::Say {
                who: "ana".into(),
                body: "Please review.".into(),
                ask: Some(Ask {
                    kind: "review".into(),
                    urgency: "high".into(),
                    to: vec!["ben".into(), "mia".into()],
                }),
            }
        );
        assert_eq!(thread.steps[2].1, Step::Promise("mia".into(), 3));
        assert_eq!(thread.steps[3].1, Step::React("ana".into(), "🎉".into()));
    }

    #[test]
    fn bad_lines_are_refused_naming_the_line() {
        for (text, line) in [
            ("+0m ana: orphan", 1),
            ("== eng | 2 09:30 | Title", 1),
            ("== eng | -2 09:30 | Title\n+0m ana !ack", 2),
            ("== eng | -2 09:30 | Title\n+0m ana: hi\n+5x ben: hey", 3),
            ("== eng | -2 09:30 | Title\n+0m ana: hi [review high]", 2),
            ("== eng | -2 09:30 | Title\n+0m ana: hi\n+1m ben !shout", 3),
        ] {
            let error = parse(text).expect_err(text);
            assert!(error.starts_with(&format!("story line {line}:")), "{error}");
        }
    }

    #[test]
    fn the_shipped_story_parses_into_about_sixty_threads() {
        let threads = parse(STORY).expect("story.txt parses");
        assert!(
            (55..=65).contains(&threads.len()),
            "{} threads",
            threads.len()
        );
    }
}
