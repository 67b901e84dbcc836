//! The text bench messages are made of: plain prose of realistic length from a small
//! vocabulary (the same as `crates/app/benches/post_message/fixture.rs`, so the two benches
//! index the same kind of text).

use rand::Rng;
use rand::seq::SliceRandom;

const WORDS: [&str; 48] = [
    "deploy",
    "release",
    "review",
    "schedule",
    "budget",
    "customer",
    "migration",
    "database",
    "latency",
    "roadmap",
    "design",
    "incident",
    "postmortem",
    "metrics",
    "rollout",
    "feature",
    "flag",
    "staging",
    "production",
    "ticket",
    "estimate",
    "quarter",
    "hiring",
    "onboarding",
    "invoice",
    "contract",
    "meeting",
    "notes",
    "decision",
    "proposal",
    "draft",
    "feedback",
    "the",
    "a",
    "we",
    "should",
    "could",
    "before",
    "after",
    "friday",
    "monday",
    "because",
    "maybe",
    "agree",
    "blocked",
    "ready",
    "shipped",
    "tomorrow",
];

/// A message body of `min..max` words: plain prose of realistic length (some 100–400 bytes),
/// which is what the search index has to tokenise.
pub fn body(rng: &mut impl Rng, min: usize, max: usize) -> String {
    let count = rng.gen_range(min..max);
    let mut text = String::with_capacity(count * 8);
    for i in 0..count {
        if i > 0 {
            text.push(' ');
        }
        text.push_str(WORDS.choose(rng).copied().unwrap_or("word"));
    }
    text.push('.');
    text
}

/// A thread title of a few words.
pub fn title(rng: &mut impl Rng) -> String {
    let mut title = body(rng, 3, 7);
    title.pop();
    title
}
