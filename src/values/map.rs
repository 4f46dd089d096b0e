//! [`Map`]: a value tree's map, held behind one shared pointer so that every [`Node`] stays
//! small and a copy of a tree costs nothing until it is changed.
//!
//! Most nodes of a values file are scalars, and an enum is as large as its largest variant:
//! an `IndexMap` held inline (72 bytes) made every scalar pay for a map. Behind a pointer, a
//! map costs one pointer in its node and one allocation of its own. The type dereferences to
//! its [`Entries`], which read like an `IndexMap` (see `entries.rs`).
//!
//! The pointer is shared (copy on write): cloning a map clones the pointer, and the first
//! change through a shared one copies that map alone, one level deep (its maps stay shared).
//! A release holds its overlay trees, the user values merged from them and the computed
//! values, and Helm 4's as well when `validate` compares them; most of those trees are the
//! same maps, which were each a full copy of a large overlay before (four copies of a 50 MB
//! overlay took 4 GB).
//!
//! Keys are hashed with aHash under one random key per process ([`KeyHasher`]) rather than
//! the standard library's SipHash: hashing keys was a twentieth of a real-size render, and
//! aHash with random keys still resists keys chosen to collide. The key is held once, not in
//! every map (the standard `RandomState` takes 16 bytes in each). The order of a map is its
//! insertion order whatever the hasher, so output does not depend on it.

use std::fmt;
use std::hash::BuildHasher;
use std::ops::{Deref, DerefMut};
use std::sync::{Arc, OnceLock};

use compact_str::CompactString;

use super::entries::{Entries, Iter, IterMut};
use super::node::Node;

/// How map keys are hashed: aHash under a key drawn at random once per process (see the
/// module's comment). Takes no space in the maps that use it.
#[derive(Clone, Copy, Debug, Default)]
pub struct KeyHasher;

impl BuildHasher for KeyHasher {
    type Hasher = ahash::AHasher;

    fn build_hasher(&self) -> ahash::AHasher {
        static KEYS: OnceLock<ahash::RandomState> = OnceLock::new();
        KEYS.get_or_init(ahash::RandomState::new).build_hasher()
    }
}

/// A map's key: text of up to 24 bytes is held inline, without an allocation of its own
/// (nearly every key of a values file).
pub type Key = CompactString;

/// A map of values in insertion order. Keys are always strings, as in Helm. Clones share
/// the entries until one of them is changed (see the module's comment).
#[derive(Clone, Default, PartialEq)]
pub struct Map(Arc<Entries>);

impl Map {
    /// Returns an empty map.
    pub fn new() -> Self {
        Map::default()
    }

    /// Returns an empty map with room for `capacity` entries.
    pub fn with_capacity(capacity: usize) -> Self {
        Map(Arc::new(Entries::with_capacity(capacity)))
    }

    /// Sets `key` to `value`, keeping the key's place if it was there, and returns the
    /// value it replaced ([`Entries::insert`]). Defined here rather than reached through
    /// `DerefMut` so that `map.insert(key_for(&map), value)` still borrows `map` the way a
    /// method of the map itself does.
    pub fn insert(&mut self, key: Key, value: Node) -> Option<Node> {
        Arc::make_mut(&mut self.0).insert(key, value)
    }

    /// Returns true when `other` is this very map, shared rather than copied: equal without
    /// comparing a single entry.
    pub fn is_shared_with(&self, other: &Map) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Deref for Map {
    type Target = Entries;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl DerefMut for Map {
    /// Returns the entries to change, first copying them (one level deep) when another map
    /// shares them.
    fn deref_mut(&mut self) -> &mut Self::Target {
        Arc::make_mut(&mut self.0)
    }
}

impl fmt::Debug for Map {
    /// Formats as the entries it holds.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<K: Into<Key>> FromIterator<(K, Node)> for Map {
    fn from_iter<I: IntoIterator<Item = (K, Node)>>(iter: I) -> Self {
        let mut entries = Entries::default();
        entries.extend(iter.into_iter().map(|(key, node)| (key.into(), node)));
        Map(Arc::new(entries))
    }
}

impl Extend<(Key, Node)> for Map {
    fn extend<I: IntoIterator<Item = (Key, Node)>>(&mut self, iter: I) {
        Arc::make_mut(&mut self.0).extend(iter);
    }
}

impl IntoIterator for Map {
    type Item = (Key, Node);
    type IntoIter = std::vec::IntoIter<(Key, Node)>;

    /// Moves the entries out, copying them only when another map shares them.
    fn into_iter(self) -> Self::IntoIter {
        Arc::unwrap_or_clone(self.0).into_entries()
    }
}

impl<'a> IntoIterator for &'a Map {
    type Item = (&'a Key, &'a Node);
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<'a> IntoIterator for &'a mut Map {
    type Item = (&'a Key, &'a mut Node);
    type IntoIter = IterMut<'a>;

    fn into_iter(self) -> Self::IntoIter {
        Arc::make_mut(&mut self.0).iter_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::{Origin, Value};

    fn leaf(n: f64) -> Node {
        Node::new(Value::Float(n), Origin::whole("t".into()))
    }

    #[test]
    fn is_one_pointer() {
        assert_eq!(std::mem::size_of::<Map>(), std::mem::size_of::<usize>());
        assert_eq!(std::mem::size_of::<KeyHasher>(), 0);
    }

    #[test]
    fn hashes_a_key_the_same_way_every_time() {
        assert_eq!(
            KeyHasher.hash_one("replicaCount"),
            KeyHasher.hash_one("replicaCount")
        );
        let map: Map = (0..100)
            .map(|i| (format!("k{i}"), leaf(f64::from(i))))
            .collect();
        assert!((0..100).all(|i| map[format!("k{i}").as_str()] == leaf(f64::from(i))));
    }

    #[test]
    fn keeps_insertion_order_and_prints_as_the_map_it_holds() {
        let map: Map = [("b".to_string(), leaf(1.0)), ("a".to_string(), leaf(2.0))]
            .into_iter()
            .collect();
        let keys: Vec<&str> = map.keys().map(|k| k.as_str()).collect();
        assert_eq!(keys, ["b", "a"]);
        let inner: &Entries = &map;
        assert_eq!(format!("{map:?}"), format!("{inner:?}"));
    }

    fn map_of(node: &Node) -> &Map {
        node.as_map().expect("a map")
    }

    #[test]
    fn a_copy_shares_every_map_until_one_is_changed_and_then_copies_that_map_alone() {
        let whole = || Origin::whole("t".into());
        let inner: Map = [("x", leaf(1.0))].into_iter().collect();
        let outer: Map = [
            ("a", Node::new(Value::Map(inner.clone()), whole())),
            ("b", Node::new(Value::Map(inner), whole())),
        ]
        .into_iter()
        .collect();
        let mut copy = outer.clone();
        assert!(copy.is_shared_with(&outer));

        let Value::Map(a) = &mut copy.get_mut("a").expect("a").value else {
            panic!("a map");
        };
        a.insert("y".into(), leaf(2.0));

        assert!(!copy.is_shared_with(&outer));
        assert!(map_of(&copy["b"]).is_shared_with(map_of(&outer["b"])));
        assert!(!map_of(&copy["a"]).is_shared_with(map_of(&outer["a"])));
        let keys = |m: &Map| m.keys().map(|k| k.to_string()).collect::<Vec<_>>();
        assert_eq!(keys(map_of(&outer["a"])), ["x"]);
        assert_eq!(keys(map_of(&copy["a"])), ["x", "y"]);
    }
}
