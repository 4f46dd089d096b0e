//! [`Entries`]: the entries of a [`Map`](super::Map) in insertion order, looked up by key
//! through a hash index only once there are more than a few.
//!
//! Most maps of a values file hold two or three entries. An `IndexMap` gives each map a hash
//! index (a 64-byte allocation for up to three entries) and keeps an 8-byte hash in every
//! entry; for a dense file that was a third of the tree. Here the entries are a plain list,
//! searched in order while there are at most [`SMALL`] of them (comparing a few short keys
//! is as fast as hashing one), and a hash table of positions is built when the map grows
//! past that. Order and lookups are those of an `IndexMap`: a key set again keeps its place,
//! a removed one closes the gap (`shift_remove`), and two maps are equal when they hold the
//! same keys with equal values, in any order.

use std::fmt;
use std::hash::BuildHasher;
use std::ops::Index;

use hashbrown::HashTable;

use super::map::{Key, KeyHasher};
use super::node::Node;

/// The most entries a map holds without a hash index.
const SMALL: usize = 8;

/// The entries of a map, in insertion order.
#[derive(Clone, Default)]
pub struct Entries {
    items: Vec<(Key, Node)>,
    /// The position of each entry by its key's hash, when there are more than [`SMALL`].
    index: Option<Box<HashTable<usize>>>,
}

/// An iterator over a map's entries.
pub type Iter<'a> =
    std::iter::Map<std::slice::Iter<'a, (Key, Node)>, fn(&(Key, Node)) -> (&Key, &Node)>;
/// An iterator over a map's entries, the values to change.
pub type IterMut<'a> =
    std::iter::Map<std::slice::IterMut<'a, (Key, Node)>, fn(&mut (Key, Node)) -> (&Key, &mut Node)>;

fn hash_of(key: &str) -> u64 {
    KeyHasher.hash_one(key)
}

impl Entries {
    /// Returns an empty list with room for `capacity` entries.
    pub fn with_capacity(capacity: usize) -> Self {
        Entries {
            items: Vec::with_capacity(capacity),
            index: None,
        }
    }

    /// Returns the number of entries.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Returns true when there is no entry.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Returns the position of `key`.
    pub fn get_index_of<Q: AsRef<str> + ?Sized>(&self, key: &Q) -> Option<usize> {
        let key = key.as_ref();
        match &self.index {
            Some(index) => index
                .find(hash_of(key), |&at| self.items[at].0 == key)
                .copied(),
            None => self.items.iter().position(|(k, _)| k == key),
        }
    }

    /// Returns the value of `key`.
    pub fn get<Q: AsRef<str> + ?Sized>(&self, key: &Q) -> Option<&Node> {
        self.get_index_of(key).map(|at| &self.items[at].1)
    }

    /// Returns the value of `key`, to change.
    pub fn get_mut<Q: AsRef<str> + ?Sized>(&mut self, key: &Q) -> Option<&mut Node> {
        self.get_index_of(key).map(|at| &mut self.items[at].1)
    }

    /// Returns true when the map holds `key`.
    pub fn contains_key<Q: AsRef<str> + ?Sized>(&self, key: &Q) -> bool {
        self.get_index_of(key).is_some()
    }

    /// Returns the entry at position `at`.
    pub fn get_index(&self, at: usize) -> Option<(&Key, &Node)> {
        self.items.get(at).map(|(k, v)| (k, v))
    }

    /// Sets `key` to `value`, keeping the key's place if it was there, and returns the
    /// value it replaced.
    pub fn insert(&mut self, key: Key, value: Node) -> Option<Node> {
        self.insert_full(key, value).1
    }

    /// Sets `key` to `value` as [`Entries::insert`] does, and returns the key's position
    /// with the value it replaced: one lookup for a caller that keeps something per position.
    pub fn insert_full(&mut self, key: Key, value: Node) -> (usize, Option<Node>) {
        match self.get_index_of(&key) {
            Some(at) => (at, Some(std::mem::replace(&mut self.items[at].1, value))),
            None => {
                self.push(key, value);
                (self.items.len() - 1, None)
            }
        }
    }

    /// Returns the value of `key`, first adding it at the end with `value()` if the map does
    /// not hold it.
    pub fn get_or_insert_with(&mut self, key: Key, value: impl FnOnce() -> Node) -> &mut Node {
        let at = match self.get_index_of(&key) {
            Some(at) => at,
            None => {
                self.push(key, value());
                self.items.len() - 1
            }
        };
        &mut self.items[at].1
    }

    /// Removes `key` and returns its value; the entries after it move up one place.
    pub fn shift_remove<Q: AsRef<str> + ?Sized>(&mut self, key: &Q) -> Option<Node> {
        let at = self.get_index_of(key)?;
        let (removed, value) = self.items.remove(at);
        if self.items.len() <= SMALL {
            self.index = None;
        } else if let Some(index) = &mut self.index {
            // The positions after the gap move up one, as `IndexMap` moves them: one pass
            // over the table, no key hashed again.
            if let Ok(slot) = index.find_entry(hash_of(&removed), |&i| i == at) {
                slot.remove();
            }
            index.iter_mut().filter(|i| **i > at).for_each(|i| *i -= 1);
        }
        Some(value)
    }

    /// Sorts the entries by `key_of` of each (stable), computing it once per entry.
    pub fn sort_by_cached_key<K: Ord>(&mut self, mut key_of: impl FnMut(&Key, &Node) -> K) {
        self.items.sort_by_cached_key(|(k, v)| key_of(k, v));
        self.reindex();
    }

    /// Gives back the room for entries not held.
    pub fn shrink_to_fit(&mut self) {
        if self.items.capacity() > self.items.len() {
            // Moved to an allocation of their size rather than cut in place: the room given
            // back is then a whole block the next map's entries grow into, not a sliver.
            let mut items = Vec::with_capacity(self.items.len());
            items.append(&mut self.items);
            self.items = items;
        }
        if let Some(index) = &mut self.index {
            let items = &self.items;
            index.shrink_to_fit(|&at| hash_of(&items[at].0));
        }
    }

    /// Returns the entries with their keys sorted (byte order, as Go's `sort.Strings` and
    /// `encoding/json` order them).
    pub fn sorted_by_key(&self) -> Vec<(&Key, &Node)> {
        let mut entries: Vec<(&Key, &Node)> = self.iter().collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
        entries
    }

    /// Returns the entries in order.
    pub fn iter(&self) -> Iter<'_> {
        self.items.iter().map(|(k, v)| (k, v))
    }

    /// Returns the entries in order, their values to change.
    pub fn iter_mut(&mut self) -> IterMut<'_> {
        self.items.iter_mut().map(|(k, v)| (&*k, v))
    }

    /// Returns the keys in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &Key> + ExactSizeIterator + Clone {
        self.items.iter().map(|(k, _)| k)
    }

    /// Returns the values in order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &Node> + ExactSizeIterator + Clone {
        self.items.iter().map(|(_, v)| v)
    }

    /// Returns the values in order, to change.
    pub fn values_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut Node> + ExactSizeIterator {
        self.items.iter_mut().map(|(_, v)| v)
    }

    /// Returns the entries, moved out in order.
    pub fn into_entries(self) -> std::vec::IntoIter<(Key, Node)> {
        self.items.into_iter()
    }

    /// Adds an entry whose key the map does not hold, at the end.
    fn push(&mut self, key: Key, value: Node) {
        self.items.push((key, value));
        let at = self.items.len() - 1;
        match &mut self.index {
            Some(index) => {
                let items = &self.items;
                index.insert_unique(hash_of(&items[at].0), at, |&i| hash_of(&items[i].0));
            }
            None if self.items.len() > SMALL => self.reindex(),
            None => {}
        }
    }

    /// Builds the hash index anew when there are more than [`SMALL`] entries, and drops it
    /// when there are not.
    fn reindex(&mut self) {
        if self.items.len() <= SMALL {
            self.index = None;
            return;
        }
        let items = &self.items;
        let mut index = HashTable::with_capacity(items.len());
        for (at, (key, _)) in items.iter().enumerate() {
            index.insert_unique(hash_of(key), at, |&at| hash_of(&items[at].0));
        }
        self.index = Some(Box::new(index));
    }
}

impl Extend<(Key, Node)> for Entries {
    fn extend<I: IntoIterator<Item = (Key, Node)>>(&mut self, iter: I) {
        for (key, value) in iter {
            self.insert(key, value);
        }
    }
}

impl PartialEq for Entries {
    /// Equal when both hold the same keys with equal values, in any order (as `IndexMap`).
    fn eq(&self, other: &Entries) -> bool {
        self.len() == other.len() && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

impl fmt::Debug for Entries {
    /// Formats as a map, `{"key": value, ...}`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<Q: AsRef<str> + ?Sized> Index<&Q> for Entries {
    type Output = Node;

    /// Returns the value of `key`; panics when the map does not hold it.
    fn index(&self, key: &Q) -> &Node {
        let key = key.as_ref();
        self.get(key)
            .unwrap_or_else(|| panic!("no entry for key {key:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::{Origin, Value};

    fn leaf(n: f64) -> Node {
        Node::new(Value::Float(n), Origin::whole("t".into()))
    }

    fn keys(entries: &Entries) -> Vec<String> {
        entries.keys().map(|k| k.to_string()).collect()
    }

    /// Every operation, on a map that stays small and on one that grows past [`SMALL`] and
    /// back, gives what an `IndexMap` gives.
    #[test]
    fn reads_like_an_index_map_with_and_without_its_hash_index() {
        for size in [3, SMALL + 5] {
            let mut entries = Entries::default();
            for i in (0..size).rev() {
                assert_eq!(entries.insert(format!("k{i}").into(), leaf(i as f64)), None);
            }
            assert_eq!(entries.index.is_some(), size > SMALL);
            let expected: Vec<String> = (0..size).rev().map(|i| format!("k{i}")).collect();
            assert_eq!(keys(&entries), expected);
            // A key set again keeps its place.
            assert_eq!(entries.insert("k1".into(), leaf(10.0)), Some(leaf(1.0)));
            assert_eq!(keys(&entries), expected);
            assert_eq!(entries["k1"], leaf(10.0));
            assert_eq!(entries.get_index_of("k0"), Some(size - 1));
            assert!(entries.contains_key("k2") && !entries.contains_key("nope"));
            // A removed key closes the gap, and every key is still found where it now is.
            assert_eq!(entries.shift_remove("k2"), Some(leaf(2.0)));
            let remaining: Vec<String> = expected.into_iter().filter(|k| k != "k2").collect();
            assert_eq!(keys(&entries), remaining);
            for (at, key) in remaining.iter().enumerate() {
                assert_eq!(entries.get_index_of(key.as_str()), Some(at));
            }
            assert_eq!(
                entries.insert_full("k0".into(), leaf(0.0)),
                (remaining.len() - 1, Some(leaf(0.0)))
            );
            let in_key_order: Vec<&str> = entries
                .sorted_by_key()
                .iter()
                .map(|(k, _)| k.as_str())
                .collect();
            let mut expected_order: Vec<&str> = remaining.iter().map(String::as_str).collect();
            expected_order.sort_unstable();
            assert_eq!(in_key_order, expected_order);
            *entries.get_or_insert_with("new".into(), || leaf(0.5)) = leaf(0.25);
            assert_eq!(
                entries.get_index(entries.len() - 1),
                Some((&"new".into(), &leaf(0.25)))
            );
            entries.sort_by_cached_key(|key, _| key.to_string());
            let mut sorted = keys(&entries);
            sorted.sort();
            assert_eq!(keys(&entries), sorted);
            assert_eq!(entries.get_index_of("new"), Some(entries.len() - 1));
            entries.shrink_to_fit();
            assert_eq!(entries.get("k0"), Some(&leaf(0.0)));
            let end = entries.len();
            assert_eq!(entries.insert_full("newer".into(), leaf(1.5)), (end, None));
        }
    }

    #[test]
    fn drops_the_index_when_it_shrinks_and_compares_regardless_of_order() {
        let mut entries = Entries::default();
        for i in 0..=SMALL {
            entries.insert(format!("k{i}").into(), leaf(i as f64));
        }
        assert!(entries.index.is_some());
        entries.shift_remove("k0");
        assert!(entries.index.is_none());
        assert_eq!(entries.get("k8"), Some(&leaf(8.0)));

        let ab: Entries = {
            let mut e = Entries::default();
            e.extend([("a".into(), leaf(1.0)), ("b".into(), leaf(2.0))]);
            e
        };
        let mut ba = Entries::default();
        ba.extend([("b".into(), leaf(2.0)), ("a".into(), leaf(1.0))]);
        assert_eq!(ab, ba);
        ba.insert("a".into(), leaf(3.0));
        assert_ne!(ab, ba);
        assert_eq!(
            format!("{ab:?}"),
            format!("{{\"a\": {:?}, \"b\": {:?}}}", leaf(1.0), leaf(2.0))
        );
    }
}
