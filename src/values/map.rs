//! [`Map`]: a value tree's map, held behind one pointer so that every [`Node`] stays small.
//!
//! Most nodes of a values file are scalars, and an enum is as large as its largest variant:
//! an `IndexMap` held inline (72 bytes) made every scalar pay for a map. Boxed, a map costs
//! one pointer in its node and one allocation of its own. The type dereferences to the
//! `IndexMap`, so everything written against `IndexMap<String, Node>` reads the same.

use std::fmt;
use std::ops::{Deref, DerefMut};

use indexmap::IndexMap;

use super::node::Node;

/// A map of values in insertion order. Keys are always strings, as in Helm.
#[derive(Clone, Default, PartialEq)]
pub struct Map(Box<IndexMap<String, Node>>);

impl Map {
    /// Returns an empty map.
    pub fn new() -> Self {
        Map::default()
    }

    /// Returns an empty map with room for `capacity` entries.
    pub fn with_capacity(capacity: usize) -> Self {
        Map(Box::new(IndexMap::with_capacity(capacity)))
    }

    /// Sets `key` to `value`, keeping the key's place if it was there, and returns the
    /// value it replaced (`IndexMap::insert`). Defined here rather than reached through
    /// `DerefMut` so that `map.insert(key_for(&map), value)` still borrows `map` the way a
    /// method of the map itself does.
    pub fn insert(&mut self, key: String, value: Node) -> Option<Node> {
        self.0.insert(key, value)
    }
}

impl Deref for Map {
    type Target = IndexMap<String, Node>;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl DerefMut for Map {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl fmt::Debug for Map {
    /// Formats as the `IndexMap` it holds.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromIterator<(String, Node)> for Map {
    fn from_iter<I: IntoIterator<Item = (String, Node)>>(iter: I) -> Self {
        Map(Box::new(IndexMap::from_iter(iter)))
    }
}

impl Extend<(String, Node)> for Map {
    fn extend<I: IntoIterator<Item = (String, Node)>>(&mut self, iter: I) {
        self.0.extend(iter);
    }
}

impl IntoIterator for Map {
    type Item = (String, Node);
    type IntoIter = indexmap::map::IntoIter<String, Node>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Map {
    type Item = (&'a String, &'a Node);
    type IntoIter = indexmap::map::Iter<'a, String, Node>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<'a> IntoIterator for &'a mut Map {
    type Item = (&'a String, &'a mut Node);
    type IntoIter = indexmap::map::IterMut<'a, String, Node>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter_mut()
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
    }

    #[test]
    fn keeps_insertion_order_and_prints_as_the_map_it_holds() {
        let map: Map = [("b".to_string(), leaf(1.0)), ("a".to_string(), leaf(2.0))]
            .into_iter()
            .collect();
        let keys: Vec<&String> = map.keys().collect();
        assert_eq!(keys, ["b", "a"]);
        let inner: &IndexMap<String, Node> = &map;
        assert_eq!(format!("{map:?}"), format!("{inner:?}"));
    }
}
