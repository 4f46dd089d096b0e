//! [`GoValue`] and [`Table`]: value trees with Go's sharing, the working form of the engine.
//!
//! Helm holds values as `map[string]interface{}`, and Go maps are references. Helm's merge
//! code copies some maps deeply, some shallowly (`copyMap`) and links others into two trees at
//! once, and the sharing is visible in the result: a subchart's global default two levels
//! deep (`global.a.b.d`) shows up in the parent's `.Values.global`, because `coalesceGlobals`
//! copies `global.a` shallowly and then merges into the shared `global.a.b` (verified with
//! Helm 3.17.3). To get such results right without special cases, the engine works on a tree
//! with the same sharing: a [`Table`] is a reference-counted map, cloning a `Table` clones the
//! reference, and [`Table::deep_copy`] / [`Table::shallow_copy`] are Go's `copystructure.Copy`
//! and `copyMap`. Non-map values are held as plain [`Node`]s: Helm never changes them in
//! place (lists are replaced, never merged).
//!
//! Trees are converted from and to [`Node`] at the edges of the engine; nothing outside
//! `layer` sees these types.

use std::cell::RefCell;
use std::rc::Rc;

use indexmap::IndexMap;

use crate::values::{Key, KeyHasher, KeyPlace, Map, Node, Origin, Origins, Value};

use super::history::merge_history;

/// A value in the engine: a map (shared, like a Go map) or anything else (a copy).
#[derive(Clone, Debug)]
pub(crate) enum GoValue {
    /// A map, `map[string]interface{}` in Helm; `istable` is true for it.
    Table(Table),
    /// Any other value: null, bool, number, string or list. Never a map.
    Leaf(Node),
}

/// A map shared by reference, as a Go map is.
#[derive(Clone, Debug)]
pub(crate) struct Table(Rc<RefCell<TableData>>);

/// The contents of a [`Table`]: entries in insertion order, and the map's own provenance.
#[derive(Debug)]
pub(crate) struct TableData {
    entries: IndexMap<Key, GoValue, KeyHasher>,
    origin: Origin,
    overrode: Origins,
    /// Where the map's key was written, when it was read from a file as a map value.
    key_place: Option<KeyPlace>,
}

impl GoValue {
    /// Converts a node into a fresh tree that shares nothing.
    pub(crate) fn from_node(node: &Node) -> GoValue {
        match &node.value {
            Value::Map(map) => GoValue::Table(Table::from_map(map, node)),
            _ => GoValue::Leaf(node.clone()),
        }
    }

    /// Converts a node into a tree, moving its contents rather than copying them.
    pub(crate) fn from_owned_node(node: Node) -> GoValue {
        match node.value {
            Value::Map(map) => GoValue::Table(Table(Rc::new(RefCell::new(TableData {
                entries: map
                    .into_iter()
                    .map(|(k, v)| (k, GoValue::from_owned_node(v)))
                    .collect(),
                origin: node.origin,
                overrode: node.overrode,
                key_place: node.key_place,
            })))),
            value => GoValue::Leaf(Node { value, ..node }),
        }
    }

    /// Converts the tree back into a node.
    pub(crate) fn to_node(&self) -> Node {
        match self {
            GoValue::Table(t) => t.to_node(),
            GoValue::Leaf(n) => n.clone(),
        }
    }

    /// Converts the tree into a node, moving what no other tree shares instead of copying
    /// it (see [`Table::into_node`]).
    pub(crate) fn into_node(self) -> Node {
        match self {
            GoValue::Table(t) => t.into_node(),
            GoValue::Leaf(n) => n,
        }
    }

    /// Returns true for null (Go's `nil`).
    pub(crate) fn is_null(&self) -> bool {
        matches!(self, GoValue::Leaf(n) if n.is_null())
    }

    /// Returns a bool value, if this is one.
    pub(crate) fn as_bool(&self) -> Option<bool> {
        match self {
            GoValue::Leaf(Node {
                value: Value::Bool(b),
                ..
            }) => Some(*b),
            _ => None,
        }
    }

    /// Returns where the value was written.
    pub(crate) fn origin(&self) -> Origin {
        match self {
            GoValue::Table(t) => t.origin(),
            GoValue::Leaf(n) => n.origin.clone(),
        }
    }

    /// Returns the value as a [`Value`], for messages.
    pub(crate) fn to_value(&self) -> Value {
        self.to_node().value
    }

    /// Returns a copy that shares nothing with this one (Go's `copystructure.Copy`).
    pub(crate) fn deep_copy(&self) -> GoValue {
        match self {
            GoValue::Table(t) => GoValue::Table(t.deep_copy()),
            GoValue::Leaf(n) => GoValue::Leaf(n.clone()),
        }
    }

    /// Records that this value replaced `loser`: the loser's origin and history are added to
    /// this value's `overrode` list (see [`merge_history`]).
    pub(crate) fn record_override(&mut self, loser: &GoValue) {
        let (loser_origin, loser_history) = match loser {
            GoValue::Table(t) => {
                let data = t.0.borrow();
                (data.origin.clone(), data.overrode.clone())
            }
            GoValue::Leaf(n) => (n.origin.clone(), n.overrode.clone()),
        };
        match self {
            GoValue::Table(t) => {
                let mut data = t.0.borrow_mut();
                let merged =
                    merge_history(&data.origin, &data.overrode, &loser_origin, &loser_history);
                data.overrode = merged;
            }
            GoValue::Leaf(n) => {
                n.overrode = merge_history(&n.origin, &n.overrode, &loser_origin, &loser_history);
            }
        }
    }
}

impl Table {
    /// Returns a new, empty table written at `origin`.
    pub(crate) fn new(origin: Origin) -> Table {
        Table(Rc::new(RefCell::new(TableData {
            entries: IndexMap::default(),
            origin,
            overrode: Origins::new(),
            key_place: None,
        })))
    }

    /// Converts a map node into a fresh table.
    pub(crate) fn from_map(map: &Map, node: &Node) -> Table {
        let entries = map
            .iter()
            .map(|(k, v)| (k.clone(), GoValue::from_node(v)))
            .collect();
        Table(Rc::new(RefCell::new(TableData {
            entries,
            origin: node.origin.clone(),
            overrode: node.overrode.clone(),
            key_place: node.key_place,
        })))
    }

    /// Converts the table back into a map node.
    pub(crate) fn to_node(&self) -> Node {
        let data = self.0.borrow();
        let map: Map = data
            .entries
            .iter()
            .map(|(k, v)| (k.clone(), v.to_node()))
            .collect();
        Node {
            value: Value::Map(map),
            origin: data.origin.clone(),
            overrode: data.overrode.clone(),
            key_place: data.key_place,
        }
    }

    /// Converts the table into a map node, moving its entries when this is the last
    /// reference to it (copying them otherwise, as [`Table::to_node`] does): the result is
    /// the same, but a tree that is no longer shared is never held twice.
    pub(crate) fn into_node(self) -> Node {
        let data = match Rc::try_unwrap(self.0) {
            Ok(cell) => cell.into_inner(),
            Err(shared) => return Table(shared).to_node(),
        };
        let map: Map = data
            .entries
            .into_iter()
            .map(|(k, v)| (k, v.into_node()))
            .collect();
        Node {
            value: Value::Map(map),
            origin: data.origin,
            overrode: data.overrode,
            key_place: data.key_place,
        }
    }

    /// Returns where the map was written.
    pub(crate) fn origin(&self) -> Origin {
        self.0.borrow().origin.clone()
    }

    /// Returns the value under `key` (a table is returned by reference, as in Go).
    pub(crate) fn get(&self, key: &str) -> Option<GoValue> {
        self.0.borrow().entries.get(key).cloned()
    }

    /// Sets `key`, keeping its position when it already exists.
    pub(crate) fn insert(&self, key: &str, value: GoValue) {
        self.0.borrow_mut().entries.insert(Key::from(key), value);
    }

    /// Removes `key` (Go's `delete`), keeping the order of the others.
    pub(crate) fn remove(&self, key: &str) {
        self.0.borrow_mut().entries.shift_remove(key);
    }

    /// Returns the keys in the order Helm most likely visits them.
    ///
    /// Go randomises map iteration, so Helm's warnings can come in any order. Helm builds
    /// its maps from JSON whose keys `sigs.k8s.io/yaml` has sorted, and a small Go map that
    /// was filled in sorted order is mostly iterated in that order, so sorted order is what a
    /// user usually sees, and it makes strata's output stable.
    pub(crate) fn keys_sorted(&self) -> Vec<Key> {
        let mut keys: Vec<Key> = self.0.borrow().entries.keys().cloned().collect();
        keys.sort();
        keys
    }

    /// Returns true when the table has no entries.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.borrow().entries.is_empty()
    }

    /// Returns a copy that shares nothing with this table (Go's `copystructure.Copy`).
    pub(crate) fn deep_copy(&self) -> Table {
        let data = self.0.borrow();
        let entries = data
            .entries
            .iter()
            .map(|(k, v)| (k.clone(), v.deep_copy()))
            .collect();
        Table(Rc::new(RefCell::new(TableData {
            entries,
            origin: data.origin.clone(),
            overrode: data.overrode.clone(),
            key_place: data.key_place,
        })))
    }

    /// Returns a new table with the same entries, nested maps shared (Helm's `copyMap`).
    pub(crate) fn shallow_copy(&self) -> Table {
        let data = self.0.borrow();
        Table(Rc::new(RefCell::new(TableData {
            entries: data.entries.clone(),
            origin: data.origin.clone(),
            overrode: data.overrode.clone(),
            key_place: data.key_place,
        })))
    }

    /// Records on the entry at `key` that it replaced `loser`.
    pub(crate) fn record_override_at(&self, key: &str, loser: &GoValue) {
        let mut data = self.0.borrow_mut();
        if let Some(winner) = data.entries.get_mut(key) {
            winner.record_override(loser);
        }
    }

    /// Looks up a dotted table path the way Helm's `Values.Table` does: the name is split
    /// at every `.`, and each part must name a map. On failure returns the part that failed
    /// (Helm's `ErrNoTable`, printed `"part" is not a table`).
    pub(crate) fn table_at(&self, dotted: &str) -> Result<Table, String> {
        let mut table = self.clone();
        for part in dotted.split('.') {
            let next = table.get(part);
            table = match next {
                Some(GoValue::Table(t)) => t,
                _ => return Err(part.to_string()),
            };
        }
        Ok(table)
    }

    /// Looks up a dotted path to a non-map value the way Helm's `Values.PathValue` does:
    /// a path that ends at a map, or that does not resolve, gives `None`.
    pub(crate) fn path_value(&self, dotted: &str) -> Option<GoValue> {
        let (parent, key) = match dotted.rsplit_once('.') {
            Some((parent, key)) => (self.table_at(parent).ok()?, key),
            None => (self.clone(), dotted),
        };
        match parent.get(key)? {
            GoValue::Table(_) => None,
            leaf => Some(leaf),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layer::tests::support::node_from_json;
    use serde_json::json;

    fn table(json: serde_json::Value) -> Table {
        match GoValue::from_node(&node_from_json(&json, "t")) {
            GoValue::Table(t) => t,
            GoValue::Leaf(_) => panic!("test trees are maps"),
        }
    }

    #[test]
    fn shallow_copies_share_nested_tables_and_deep_copies_do_not() {
        let table = table(json!({"a": {"b": {"c": 1}}}));
        let shallow = table.shallow_copy();
        let deep = table.deep_copy();
        let inner = table.table_at("a.b").expect("a.b is a table");
        inner.insert("d", GoValue::from_node(&node_from_json(&json!(2), "t")));
        let show = |t: &Table| crate::values::to_json_compact(&t.to_node());
        assert_eq!(show(&shallow), r#"{"a":{"b":{"c":1,"d":2}}}"#);
        assert_eq!(show(&deep), r#"{"a":{"b":{"c":1}}}"#);
    }

    #[test]
    fn into_node_gives_what_to_node_gives_shared_or_not() {
        let table = table(json!({"a": {"b": {"c": 1}}, "l": [1, {"x": "y"}]}));
        let shared = table.table_at("a").expect("a is a table");
        table.insert("again", GoValue::Table(shared.clone()));
        let copied = table.to_node();
        assert_eq!(table.into_node(), copied);
        assert_eq!(shared.into_node(), copied.as_map().expect("a map")["a"]);
    }

    #[test]
    fn looks_up_paths_like_helm() {
        let table = table(json!({"a": {"b": {"c": true}, "n": null}, "s": "x"}));
        assert_eq!(table.table_at("a.x").err(), Some("x".to_string()));
        assert_eq!(table.table_at("s").err(), Some("s".to_string()));
        assert!(table.path_value("a.b.c").and_then(|v| v.as_bool()) == Some(true));
        assert!(table.path_value("a.b").is_none(), "a map is not a value");
        assert!(table.path_value("a.n").is_some_and(|v| v.is_null()));
        assert!(table.path_value("s").is_some());
        assert!(table.path_value("a.z.c").is_none());
    }
}
