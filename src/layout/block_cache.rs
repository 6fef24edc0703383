//! Blocks set or drawn once for what they are made of (a table's grid, a chart's drawing),
//! kept in the [`super::SetCache`] beside the paragraphs and by the same rules
//! (docs/performance.md, "Incremental rebuilds and parallel setting"): the key holds all
//! the block is made from, compared exactly (a hash only finds candidates); a session keeps
//! what its last build used; a cold build keeps a block only while a planned use of it is
//! still to come, so a block the briefing has once costs nothing to hold.

use std::hash::{BuildHasher, Hash};
use std::sync::Arc;

use foldhash::HashMap;

/// What a block's planned uses are counted under: the hash of its key (or of the part of it
/// the plan knows). Two blocks with one count only keep their entries until the build
/// ends, never drop one early: an entry is always found by its whole key.
pub fn counted_as(key: &impl Hash) -> u64 {
    foldhash::fast::FixedState::default().hash_one(key)
}

/// A kept block and how the builds use it.
pub struct Entry<T> {
    pub set: Arc<T>,
    /// Used by the build under way (a session's cache).
    pub used: bool,
    /// Planned uses not made yet (a cold build's cache).
    pub uses_left: usize,
}

/// Blocks of one kind, by what they are made of.
pub struct BlockCache<K, V> {
    entries: HashMap<K, Entry<V>>,
    /// How many uses the build will make of each block, by [`counted_as`] (a cold build).
    planned: HashMap<u64, usize>,
    /// Blocks made (not found) since the build began.
    made: usize,
}

impl<K, V> Default for BlockCache<K, V> {
    fn default() -> Self {
        BlockCache {
            entries: HashMap::default(),
            planned: HashMap::default(),
            made: 0,
        }
    }
}

impl<K: Eq + Hash, V> BlockCache<K, V> {
    /// Readies the cache for a build; `fresh` drops every block (another font book).
    pub fn begin(&mut self, fresh: bool) {
        if fresh {
            self.entries.clear();
        }
        self.planned.clear();
        self.made = 0;
    }

    /// Counts a use the build will make, for a cold build's cache.
    pub fn plan(&mut self, counted: u64) {
        *self.planned.entry(counted).or_default() += 1;
    }

    /// The block `key` describes, made with `make` unless it was before. A cold build's
    /// cache (`one_build`) keeps it only while its planned uses, counted as `counted`, are
    /// not all made.
    pub fn get(
        &mut self,
        key: K,
        (counted, one_build): (u64, bool),
        make: impl FnOnce(&K) -> V,
    ) -> Arc<V> {
        if let Some(entry) = self.entries.get_mut(&key) {
            entry.used = true;
            entry.uses_left = entry.uses_left.saturating_sub(1);
            let set = Arc::clone(&entry.set);
            if one_build && entry.uses_left == 0 {
                self.entries.remove(&key);
            }
            return set;
        }
        self.made += 1;
        let set = Arc::new(make(&key));
        let planned = self.planned.get(&counted);
        let uses_left = planned.map_or(0, |uses| uses.saturating_sub(1));
        if !one_build || uses_left > 0 {
            let entry = Entry {
                set: Arc::clone(&set),
                used: true,
                uses_left,
            };
            self.entries.insert(key, entry);
        }
        set
    }

    /// Ends a build: drops what it did not use.
    pub fn sweep(&mut self) {
        self.entries
            .retain(|_, entry| std::mem::take(&mut entry.used));
    }

    /// How many blocks were made, rather than found, since the build began; how many are
    /// held.
    pub fn counts(&self) -> (usize, usize) {
        (self.made, self.entries.len())
    }
}
