//! Per-person event counts by period: memory grows with people × periods, never with events.
//!
//! A counter only holds the people it is about (a behavior's audience candidates): rows of
//! anyone else cost one array lookup. Periods are dense columns from the first one seen.

/// Counts of one evidence at one period kind, for a set of roster people.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    /// Bit per roster person: counted or not. Checked first, it keeps the hot path in a
    /// few KiB instead of a 4-byte slot per person.
    members: Vec<u64>,
    /// Roster index → slot in a column (`u32::MAX`: not counted).
    slots: Vec<u32>,
    width: usize,
    /// Period index of `columns[0]`.
    base: i64,
    columns: Vec<Vec<u32>>,
}

const NONE: u32 = u32::MAX;

impl Counts {
    /// A counter for every one of `people` roster entries.
    pub fn new(people: usize) -> Self {
        Self::for_people(&(0..people).collect::<Vec<_>>(), people)
    }

    /// A counter for the given roster indexes out of `total` people.
    pub fn for_people(people: &[usize], total: usize) -> Self {
        let mut slots = vec![NONE; total];
        let mut members = vec![0u64; total.div_ceil(64)];
        for (slot, &p) in people.iter().enumerate() {
            slots[p] = slot as u32;
            members[p / 64] |= 1 << (p % 64);
        }
        Counts {
            members,
            slots,
            width: people.len(),
            base: 0,
            columns: Vec::new(),
        }
    }

    /// An empty counter over the same people (for another thread).
    pub fn empty_like(&self) -> Self {
        Counts {
            members: self.members.clone(),
            slots: self.slots.clone(),
            width: self.width,
            base: 0,
            columns: Vec::new(),
        }
    }

    /// Whether this counter counts roster person `person`.
    #[inline]
    pub fn counts(&self, person: usize) -> bool {
        self.members[person / 64] & (1 << (person % 64)) != 0
    }

    #[inline]
    pub fn add(&mut self, person: usize, period: i64, n: u32) {
        let slot = self.slots[person];
        if slot == NONE {
            return;
        }
        let col = self.column(period);
        let cell = &mut col[slot as usize];
        *cell = cell.saturating_add(n);
    }

    fn column(&mut self, period: i64) -> &mut Vec<u32> {
        if self.columns.is_empty() {
            self.base = period;
        }
        if period < self.base {
            let grow = (self.base - period) as usize;
            let width = self.width;
            self.columns
                .splice(0..0, std::iter::repeat_with(|| vec![0; width]).take(grow));
            self.base = period;
        }
        let i = (period - self.base) as usize;
        if i >= self.columns.len() {
            let width = self.width;
            self.columns.resize_with(i + 1, || vec![0; width]);
        }
        &mut self.columns[i]
    }

    pub fn get(&self, person: usize, period: i64) -> u32 {
        let slot = self.slots[person];
        if slot == NONE || period < self.base {
            return 0;
        }
        self.columns
            .get((period - self.base) as usize)
            .map_or(0, |c| c[slot as usize])
    }

    /// Adds another counter over the same people (from another thread or file).
    pub fn merge(&mut self, other: &Counts) {
        for (i, col) in other.columns.iter().enumerate() {
            if col.iter().all(|c| *c == 0) {
                continue;
            }
            let mine = self.column(other.base + i as i64);
            for (a, b) in mine.iter_mut().zip(col) {
                *a = a.saturating_add(*b);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_only_its_people_in_any_period_order() {
        let mut c = Counts::for_people(&[1, 3], 5);
        c.add(1, 10, 1);
        c.add(3, 7, 2);
        c.add(0, 10, 5); // not counted
        c.add(1, 12, 1);
        assert_eq!(
            (
                c.get(1, 10),
                c.get(3, 7),
                c.get(0, 10),
                c.get(1, 12),
                c.get(1, 11)
            ),
            (1, 2, 0, 1, 0)
        );
        let mut d = c.empty_like();
        d.add(3, 5, 4);
        d.merge(&c);
        assert_eq!((d.get(3, 5), d.get(3, 7), d.get(1, 12)), (4, 2, 1));
    }
}
