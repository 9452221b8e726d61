//! Who is not practicing in the latest period, and why: what nudges are addressed from.

use super::{BehaviorInput, Person, Settings, series};

/// A person's state in a behavior's latest period, when they are not practicing.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonState {
    /// Roster index.
    pub person: usize,
    /// `not_started`, `trying`, `lapsed`, `old_way` (adopt) or `over_limit` (retire).
    pub state: &'static str,
    /// Their count in the latest period.
    pub count: u32,
}

/// The audience members of the latest complete period who are not practicing, in roster
/// order. The old way wins over the other reasons: when someone still exceeds the replaced
/// behavior's limit, that is what to address.
pub fn not_practicing(
    b: &BehaviorInput<'_>,
    people: &[Person<'_>],
    settings: Settings,
) -> Vec<PersonState> {
    let window = series::window(b, settings.as_of);
    let Some((&last, earlier)) = window.split_last() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for &p in &b.candidates {
        if !series::member(&people[p], b, last) {
            continue;
        }
        let c = b.counts.get(p, last);
        let state = if b.adopt {
            if c >= b.threshold {
                continue;
            }
            let old_way = b
                .replaces
                .as_ref()
                .is_some_and(|(_, old)| old.counts.get(p, last) > old.at_most);
            if old_way {
                "old_way"
            } else if c > 0 {
                "trying"
            } else if earlier.iter().any(|&t| b.counts.get(p, t) >= b.threshold) {
                "lapsed"
            } else {
                "not_started"
            }
        } else {
            if c <= b.threshold {
                continue;
            }
            "over_limit"
        };
        out.push(PersonState {
            person: p,
            state,
            count: c,
        });
    }
    out
}
