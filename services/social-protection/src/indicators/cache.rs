//! Coverage answers already computed, kept while the data they came from is unchanged.
//!
//! Dashboards ask the same questions again and again, and an answer the kept coverage model
//! cannot give reads the whole read model and every enrolment's history (over half a second at
//! 100,000 households; the kept model's answers cost tens of milliseconds). Every change to what
//! coverage is computed from moves one of two counters: this service's feed (schemes,
//! enrolments, transitions are written with their feed event) or the read model's checkpoint
//! (the members feed is applied with it). An answer stored with both is exact for as long as
//! neither has moved.

use std::collections::HashMap;
use std::sync::Mutex;

use super::model::CoverageCell;

/// Where the data stood: this service's feed head and the read model's checkpoint.
pub type DataVersion = (i64, i64);

/// Answers per question, each with the data version it was computed at.
#[derive(Default)]
pub struct CoverageCache {
    answers: Mutex<HashMap<String, (DataVersion, Vec<CoverageCell>)>>,
}

/// Most questions kept; beyond it the cache starts afresh (stale answers go first anyway).
const CAPACITY: usize = 512;

impl CoverageCache {
    /// The answer to `question` at `version`, if computed before.
    pub fn get(&self, question: &str, version: DataVersion) -> Option<Vec<CoverageCell>> {
        let answers = self.answers.lock().ok()?;
        answers
            .get(question)
            .filter(|(at, _)| *at == version)
            .map(|(_, cells)| cells.clone())
    }

    pub fn put(&self, question: String, version: DataVersion, cells: Vec<CoverageCell>) {
        if let Ok(mut answers) = self.answers.lock() {
            if answers.len() >= CAPACITY {
                answers.retain(|_, (at, _)| *at == version);
                if answers.len() >= CAPACITY {
                    answers.clear();
                }
            }
            answers.insert(question, (version, cells));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::compute::cell;
    use crate::indicators::model::CoverageUnit;

    #[test]
    fn an_answer_holds_only_at_the_version_it_was_computed_at() {
        let cache = CoverageCache::default();
        let question = "2026-11-28 coffee".to_owned();
        assert!(cache.get(&question, (7, 3)).is_none());
        let households = CoverageUnit::Household;
        cache.put(
            question.clone(),
            (7, 3),
            vec![cell(households, None, 5, 2, 1)],
        );
        let cells = cache.get(&question, (7, 3)).unwrap_or_default();
        assert_eq!(cells.len(), 1);
        assert_eq!(cells[0].households, Some(Some(5)));
        // An enrolment written, or a member change applied: recomputed.
        assert!(cache.get(&question, (8, 3)).is_none());
        assert!(cache.get(&question, (7, 4)).is_none());
        assert!(cache.get("2026-11-27 coffee", (7, 3)).is_none());
    }
}
