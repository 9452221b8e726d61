//! Roster ids → roster indexes, laid out for lookups on every row of a large export: the
//! ids live in one arena and the table holds (hash tag, index) pairs in one array, so a
//! lookup touches two cache lines instead of chasing a separately allocated key.

/// An id → index map for byte-string ids (trimmed, lowercased by the caller).
#[derive(Debug, Clone, Default)]
pub struct PeopleIndex {
    arena: Vec<u8>,
    spans: Vec<(u32, u32)>,
    /// Open addressing, load at most one half: `index + 1`, 0 for an empty slot. Four
    /// bytes a slot keeps the table of a 20,000-person roster at 256 KiB.
    table: Vec<u32>,
}

fn hash(key: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0x5EED).hash_one(key)
}

impl PeopleIndex {
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Adds an id; its index is the number of ids added before it. The caller keeps ids
    /// unique (see [`get`](Self::get) first).
    pub fn insert(&mut self, key: &[u8]) -> u32 {
        let index = self.spans.len() as u32;
        self.spans.push((self.arena.len() as u32, key.len() as u32));
        self.arena.extend_from_slice(key);
        if self.table.len() < self.spans.len() * 2 {
            self.rebuild((self.spans.len() * 2).next_power_of_two());
        } else {
            self.place(index);
        }
        index
    }

    fn key(&self, index: u32) -> &[u8] {
        let (start, len) = self.spans[index as usize];
        &self.arena[start as usize..(start + len) as usize]
    }

    fn rebuild(&mut self, size: usize) {
        self.table = vec![0; size];
        for i in 0..self.spans.len() as u32 {
            self.place(i);
        }
    }

    fn place(&mut self, index: u32) {
        let h = hash(self.key(index));
        let mask = self.table.len() - 1;
        let mut i = h as usize & mask;
        while self.table[i] != 0 {
            i = (i + 1) & mask;
        }
        self.table[i] = index + 1;
    }

    #[inline]
    pub fn get(&self, key: &[u8]) -> Option<u32> {
        if self.table.is_empty() {
            return None;
        }
        let h = hash(key);
        let mask = self.table.len() - 1;
        let mut i = h as usize & mask;
        loop {
            let slot = self.table[i];
            if slot == 0 {
                return None;
            }
            let (start, len) = self.spans[slot as usize - 1];
            if len as usize == key.len() && &self.arena[start as usize..][..key.len()] == key {
                return Some(slot - 1);
            }
            i = (i + 1) & mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_was_inserted_and_nothing_else() {
        let mut p = PeopleIndex::default();
        let ids: Vec<String> = (0..5000).map(|i| format!("p{i:05}@example.com")).collect();
        for id in &ids {
            assert_eq!(p.get(id.as_bytes()), None);
            p.insert(id.as_bytes());
        }
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(p.get(id.as_bytes()), Some(i as u32));
        }
        assert_eq!(p.get(b"p05000@example.com"), None);
        assert_eq!(p.get(b""), None);
        assert_eq!(p.len(), 5000);
    }
}
