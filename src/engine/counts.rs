//! Per-person event counts by period: memory grows with people × periods, never with events.

use std::collections::BTreeMap;

/// Counts of one evidence at one period kind; a column per period, a cell per person.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    people: usize,
    columns: BTreeMap<i64, Vec<u32>>,
}

impl Counts {
    pub fn new(people: usize) -> Self {
        Counts {
            people,
            columns: BTreeMap::new(),
        }
    }

    pub fn add(&mut self, person: usize, period: i64, n: u32) {
        let people = self.people;
        let col = self
            .columns
            .entry(period)
            .or_insert_with(|| vec![0; people]);
        col[person] = col[person].saturating_add(n);
    }

    pub fn get(&self, person: usize, period: i64) -> u32 {
        self.columns.get(&period).map_or(0, |c| c[person])
    }

    /// Adds another set of counts (from another thread or file) into this one.
    pub fn merge(&mut self, other: &Counts) {
        for (period, col) in &other.columns {
            let people = self.people;
            let mine = self
                .columns
                .entry(*period)
                .or_insert_with(|| vec![0; people]);
            for (a, b) in mine.iter_mut().zip(col) {
                *a = a.saturating_add(*b);
            }
        }
    }
}
