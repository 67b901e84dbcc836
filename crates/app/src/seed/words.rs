//! The text synthetic messages are made of: plain prose of realistic length (some 100–400
//! bytes) from a small work vocabulary, which is what the search index has to tokenise.

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

/// A message body of `min..max` words ending with a full stop.
pub fn message_body(rng: &mut impl Rng, min: usize, max: usize) -> String {
    let count = rng.gen_range(min..max.max(min + 1));
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

/// A thread title of three to six words.
pub fn thread_title(rng: &mut impl Rng) -> String {
    let mut title = message_body(rng, 3, 7);
    title.pop();
    title
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    use super::*;

    #[test]
    fn a_body_has_the_asked_number_of_words_and_ends_a_sentence() {
        let mut rng = StdRng::seed_from_u64(7);
        for _ in 0..100 {
            let body = message_body(&mut rng, 10, 60);
            let words = body.split(' ').count();
            assert!((10..60).contains(&words), "{words} words");
            assert!(body.ends_with('.'));
        }
    }
}
