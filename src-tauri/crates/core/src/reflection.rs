//! The stage-C reflection questions of the peer-learning guide (seed 004: "Achieving
//! sustained contact between individuals"), shipped as data. Each question has a stable key:
//! answers are stored by key, so rewording a question never orphans an answer. Never reuse
//! or rename a key; retire it instead.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Question {
    pub key: &'static str,
    pub text: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub key: &'static str,
    pub title: &'static str,
    pub questions: &'static [Question],
}

/// The three headings of seed 004, in the guide's order, each with its questions.
pub const HEADINGS: &[Heading] = &[
    Heading {
        key: "keep_connections",
        title: "How will you keep peer connections after the foundational engagement?",
        questions: &[
            Question {
                key: "keep_connections.proposals",
                text: "Do you have specific proposals in mind to offer peers interested in follow-up interaction after the foundational event?",
            },
            Question {
                key: "keep_connections.facilitate",
                text: "Can you facilitate and support ongoing active engagements between selected peers after the foundational event, if they choose to engage?",
            },
            Question {
                key: "keep_connections.resources",
                text: "Do you have the resources in place to respond to the ideas that peers might have for ongoing interaction after foundational events?",
            },
        ],
    },
    Heading {
        key: "stay_engaged",
        title: "How can you make sure that you and other peers stay engaged and committed?",
        questions: &[
            Question {
                key: "stay_engaged.trust",
                text: "Do you have a strategy to keep building trust among peers, after the foundational event?",
            },
            Question {
                key: "stay_engaged.motivation",
                text: "Do you have a strategy in place to ensure that peers who engage in follow-up events stay interested and motivated in the initiative?",
            },
            Question {
                key: "stay_engaged.willingness",
                text: "Do you have a strategy in place to ensure that peers who engage in follow-up events have the same willingness to learn?",
            },
            Question {
                key: "stay_engaged.authority",
                text: "Do you have a strategy to ensure that peers who engage in follow-up events have ongoing authority from their home organisations to engage fully in the peer learning process?",
            },
        ],
    },
    Heading {
        key: "stay_connected",
        title: "How will you stay connected with other peer connections?",
        questions: &[
            Question {
                key: "stay_connected.time",
                text: "Do you have a strategy to ensure that peers who engage in follow-up events have the time to engage with peers (at face-to-face events)?",
            },
            Question {
                key: "stay_connected.means",
                text: "Do you have a strategy to ensure that peers who engage in follow-up events have the means to engage with peers (after face-to-face events)?",
            },
            Question {
                key: "stay_connected.venues",
                text: "Do you have a strategy in place to locate the appropriate venues for ongoing face-to-face peer engagement?",
            },
            Question {
                key: "stay_connected.media",
                text: "Do you have a strategy in place to identify the appropriate media for ongoing non face-to-face peer engagement?",
            },
            Question {
                key: "stay_connected.logistics",
                text: "Do you have a strategy in place to ensure that logistics are effectively and continuously addressed (so as not to get in the way of peers wanting to engage)?",
            },
        ],
    },
];

/// Every question, in order.
pub fn questions() -> impl Iterator<Item = &'static Question> {
    HEADINGS.iter().flat_map(|h| h.questions.iter())
}

/// The question with this key, if it is one of ours.
pub fn find(key: &str) -> Option<&'static Question> {
    questions().find(|q| q.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guide_has_twelve_questions_under_three_headings_with_unique_prefixed_keys() {
        assert_eq!(HEADINGS.len(), 3);
        let sizes: Vec<usize> = HEADINGS.iter().map(|h| h.questions.len()).collect();
        assert_eq!(sizes, vec![3, 4, 5]);
        let mut keys = std::collections::HashSet::new();
        for heading in HEADINGS {
            for q in heading.questions {
                assert!(
                    q.key.starts_with(&format!("{}.", heading.key)),
                    "{} is under {}",
                    q.key,
                    heading.key
                );
                assert!(keys.insert(q.key), "duplicate key {}", q.key);
                assert!(q.text.ends_with('?'));
            }
        }
        assert_eq!(
            find("stay_connected.media").map(|q| q.text.contains("media")),
            Some(true)
        );
        assert!(find("stay_connected").is_none());
    }
}
