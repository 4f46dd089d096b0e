//! [`Frame`]: a map or list being built from parser events, and the rules for putting keys
//! into a map: duplicates and `<<` merges.
//!
//! Map rules, as Helm's reader applies them:
//! - a duplicate key is not an error: the last value wins. It replaces the earlier value in
//!   place (the key keeps the position of its first occurrence; Helm's maps have no order)
//!   and the pair of key positions is reported;
//! - keys merged with `<<` never replace a key written in the map itself, whether it comes
//!   before or after the `<<`; within `<<: [*a, *b]` the earlier map wins; a later `<<` in
//!   the same map replaces what an earlier one merged. Merged keys are placed where the `<<`
//!   is and keep the origins of the anchor they were copied from.
//!
//! "Before or after" follows `shared/spec/helm-values-semantics.md` §2. go-yaml v2's decoder
//! applies `<<` in document order into the same map, which reads as if a merged value would
//! replace a key written *before* the `<<`; a differential test against `helm` settles it.

use crate::values::{KeyPlace, Map, Node, Origin, Segment, Value};

/// What the next node of a map is the value of.
#[derive(Clone, Debug)]
pub(crate) enum PendingKey {
    /// An ordinary key, with where and how it was written.
    Key { name: String, site: KeySite },
    /// A `<<` merge key, with where it was written.
    Merge { origin: Origin },
}

/// Where and how a map key was written.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct KeySite {
    /// Where the key was written.
    pub origin: Origin,
    /// The key as written, when Helm's reading changed it (`on` for the key `"true"`);
    /// `None` when it was written as it is read, which is almost always.
    pub written: Option<Box<str>>,
}

impl KeySite {
    /// Returns the key as written, given the key Helm read.
    pub fn written_or<'a>(&'a self, name: &'a str) -> &'a str {
        self.written.as_deref().unwrap_or(name)
    }
}

/// A map being built.
#[derive(Debug, Default)]
pub(crate) struct MapFrame {
    map: Map,
    /// Per entry, by index: where and how the key was written in this map, or `None` when
    /// the entry came from a `<<` merge.
    key_sites: Vec<Option<KeySite>>,
    /// The key whose value is being read; `None` when the next node is a key.
    pub pending: Option<PendingKey>,
}

impl MapFrame {
    /// Sets `key` to `node`, the key written at `site`. Returns where and how the same key
    /// was written before in this map, if it was (a duplicate; the new value has replaced
    /// the old one).
    pub fn insert_explicit(
        &mut self,
        key: String,
        site: KeySite,
        mut node: Node,
    ) -> Option<KeySite> {
        node.key_place = KeyPlace::of(&site.origin);
        match self.map.insert_full(key.into(), node) {
            (index, Some(_)) => self.key_sites.get_mut(index).and_then(|o| o.replace(site)),
            (_, None) => {
                self.key_sites.push(Some(site));
                None
            }
        }
    }

    /// Merges the maps of one `<<` key where it stands in the document, as go-yaml v2 does:
    /// its values replace keys written before the `<<` and are replaced by keys written
    /// after it; within `<<: [*a, *b]` the earlier map wins (checked on Helm 3.17:
    /// `{k: 0, <<: [{k: 1}, {k: 2}]}` gives `k: 1`).
    pub fn merge(&mut self, sources: Vec<Map>) {
        let mut combined = Map::new();
        for source in sources {
            for (key, node) in source {
                combined.get_or_insert_with(key, || node);
            }
        }
        for (key, node) in combined {
            if self.map.insert_full(key, node).1.is_none() {
                self.key_sites.push(None);
            }
        }
    }

    /// Returns the finished map, its storage cut to its entries: a map grows by doubling
    /// while it is read, and most maps of a values file hold two or three entries in room
    /// for four (a quarter of a dense file's tree was such spare room).
    fn into_map(mut self) -> Map {
        self.map.shrink_to_fit();
        self.map
    }
}

/// A map or a list being built.
#[derive(Debug)]
pub(crate) enum Collection {
    Map(MapFrame),
    List(crate::values::List),
}

/// A collection being built, with what the limits need to know about it.
#[derive(Debug)]
pub(crate) struct Frame {
    pub collection: Collection,
    /// Where the collection starts.
    pub origin: Origin,
    /// The parser's anchor id, 0 when the collection has no anchor.
    pub anchor: usize,
    /// Nodes in the collection so far, itself included.
    pub nodes: usize,
    /// The largest height among the finished children.
    pub child_height: usize,
}

impl Frame {
    /// Starts a collection.
    pub fn new(collection: Collection, origin: Origin, anchor: usize) -> Self {
        Frame {
            collection,
            origin,
            anchor,
            nodes: 1,
            child_height: 0,
        }
    }

    /// Counts a finished child of `nodes` nodes and `height` levels.
    pub fn count_child(&mut self, nodes: usize, height: usize) {
        self.nodes = self.nodes.saturating_add(nodes);
        self.child_height = self.child_height.max(height);
    }

    /// Returns the key-path segment of the child being read, for messages.
    pub fn child_segment(&self) -> Segment {
        match &self.collection {
            Collection::List(items) => Segment::Index(items.len()),
            Collection::Map(map) => match &map.pending {
                Some(PendingKey::Key { name, .. }) => Segment::Key(name.clone()),
                Some(PendingKey::Merge { .. }) => Segment::Key("<<".to_string()),
                None => Segment::Key(String::new()),
            },
        }
    }

    /// Finishes the collection: its node, node count and height.
    pub fn finish(self) -> (Node, usize, usize) {
        let value = match self.collection {
            Collection::Map(map) => Value::Map(map.into_map()),
            // Moved to an allocation of their size, as a map's entries are (see
            // `Entries::shrink_to_fit`).
            Collection::List(items) if items.capacity() > items.len() => {
                let mut exact = crate::values::List::with_capacity(items.len());
                exact.extend(items);
                Value::List(exact)
            }
            Collection::List(items) => Value::List(items),
        };
        (
            Node::new(value, self.origin),
            self.nodes,
            self.child_height + 1,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: u32) -> Origin {
        Origin::new("v.yaml".into(), line, 1)
    }

    fn num(n: f64, line: u32) -> Node {
        Node::new(Value::Float(n), at(line))
    }

    fn map_of(entries: &[(&str, f64, u32)]) -> Map {
        entries
            .iter()
            .map(|(k, v, line)| (k.to_string(), num(*v, *line)))
            .collect()
    }

    /// Returns `key=value@line` for each entry, in order.
    fn summary(frame: MapFrame) -> Vec<String> {
        frame
            .into_map()
            .into_iter()
            .map(|(k, n)| match n.value {
                Value::Float(f) => format!("{k}={f}@{}", n.origin.line),
                other => format!("{k}={other:?}"),
            })
            .collect()
    }

    enum Step {
        Key(&'static str, f64, u32),
        Merge(Vec<Map>),
    }

    /// (description, steps, expected entries, lines of the earlier key of each duplicate)
    type Row = (&'static str, Vec<Step>, Vec<&'static str>, Vec<u32>);

    #[test]
    fn applies_duplicate_and_merge_rules() {
        let rows: Vec<Row> = vec![
            (
                "duplicate: last value wins in the first position",
                vec![
                    Step::Key("a", 1.0, 1),
                    Step::Key("b", 2.0, 2),
                    Step::Key("a", 3.0, 3),
                ],
                vec!["a=3@3", "b=2@2"],
                vec![1],
            ),
            (
                "explicit key after << wins",
                vec![
                    Step::Merge(vec![map_of(&[("a", 1.0, 10), ("b", 2.0, 11)])]),
                    Step::Key("a", 9.0, 2),
                ],
                vec!["a=9@2", "b=2@11"],
                vec![],
            ),
            (
                "a << after an explicit key replaces it",
                vec![
                    Step::Key("a", 9.0, 1),
                    Step::Merge(vec![map_of(&[("a", 1.0, 10), ("b", 2.0, 11)])]),
                ],
                vec!["a=1@10", "b=2@11"],
                vec![],
            ),
            (
                "earlier map of a merge list wins",
                vec![Step::Merge(vec![
                    map_of(&[("a", 1.0, 10)]),
                    map_of(&[("a", 2.0, 20), ("c", 3.0, 21)]),
                ])],
                vec!["a=1@10", "c=3@21"],
                vec![],
            ),
            (
                "a later << replaces what an earlier one merged",
                vec![
                    Step::Merge(vec![map_of(&[("a", 1.0, 10)])]),
                    Step::Merge(vec![map_of(&[("a", 2.0, 20)])]),
                ],
                vec!["a=2@20"],
                vec![],
            ),
            (
                "an explicit key replacing a merged one is not a duplicate",
                vec![
                    Step::Merge(vec![map_of(&[("a", 1.0, 10)])]),
                    Step::Key("a", 5.0, 3),
                    Step::Key("a", 6.0, 4),
                ],
                vec!["a=6@4"],
                vec![3],
            ),
        ];
        for (description, steps, expected, duplicates) in rows {
            let mut frame = MapFrame::default();
            let mut found = Vec::new();
            for step in steps {
                match step {
                    Step::Key(k, v, line) => {
                        let site = KeySite {
                            origin: at(line),
                            written: None,
                        };
                        if let Some(first) =
                            frame.insert_explicit(k.to_string(), site, num(v, line))
                        {
                            found.push(first.origin.line);
                        }
                    }
                    Step::Merge(maps) => frame.merge(maps),
                }
            }
            assert_eq!(summary(frame), expected, "{description}");
            assert_eq!(found, duplicates, "{description}");
        }
    }

    #[test]
    fn counts_nodes_and_height() {
        let mut frame = Frame::new(Collection::List(crate::values::List::new()), at(1), 0);
        frame.count_child(1, 0);
        frame.count_child(3, 2);
        let (node, nodes, height) = frame.finish();
        assert_eq!((nodes, height), (5, 3));
        assert_eq!(node.origin, at(1));
    }
}
