//! [`AnchorTable`]: the anchors of a document, by the parser's anchor id, with what an alias
//! to each would cost.
//!
//! The parser gives every anchor definition its own id (a redefined name gets a new one, and
//! later aliases point at it), so the table is indexed by id. An anchor is *open* from its
//! collection's start until its end: an alias to an open anchor is a self-reference. A
//! finished anchor keeps its value, the number of nodes a copy creates and the copy's height,
//! so alias expansion can be checked against the limits before anything is copied.

use crate::values::{Node, Origin};

use super::scalar::RawScalar;

/// What an anchor names.
#[derive(Clone, Debug)]
pub(crate) enum Anchored {
    /// A scalar, kept as written: it reads differently as a key and as a value.
    Scalar { raw: RawScalar, origin: Origin },
    /// A map or a list.
    Collection(Node),
}

/// A finished anchor.
#[derive(Clone, Debug)]
pub(crate) struct AnchorEntry {
    pub value: Anchored,
    /// Nodes a copy creates (the value and everything below it).
    pub nodes: usize,
    /// Collection levels in the value (0 for a scalar).
    pub height: usize,
}

#[derive(Clone, Debug)]
enum Slot {
    Open,
    Done(AnchorEntry),
}

/// The state of an anchor an alias refers to.
pub(crate) enum Lookup<'a> {
    Unknown,
    Open,
    Done(&'a AnchorEntry),
}

/// The anchors of one document.
#[derive(Debug, Default)]
pub(crate) struct AnchorTable {
    slots: Vec<Option<Slot>>,
}

impl AnchorTable {
    /// Marks anchor `id` as open: its collection has started.
    pub fn open(&mut self, id: usize) {
        self.set(id, Slot::Open);
    }

    /// Records the finished value of anchor `id`.
    pub fn finish(&mut self, id: usize, entry: AnchorEntry) {
        self.set(id, Slot::Done(entry));
    }

    /// Returns the state of anchor `id`.
    pub fn lookup(&self, id: usize) -> Lookup<'_> {
        match self.slots.get(id) {
            Some(Some(Slot::Open)) => Lookup::Open,
            Some(Some(Slot::Done(entry))) => Lookup::Done(entry),
            _ => Lookup::Unknown,
        }
    }

    fn set(&mut self, id: usize, slot: Slot) {
        if self.slots.len() <= id {
            self.slots.resize_with(id + 1, || None);
        }
        self.slots[id] = Some(slot);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::Value;

    #[test]
    fn tracks_open_and_finished_anchors() {
        let mut table = AnchorTable::default();
        assert!(matches!(table.lookup(1), Lookup::Unknown));
        table.open(2);
        assert!(matches!(table.lookup(2), Lookup::Open));
        assert!(matches!(table.lookup(1), Lookup::Unknown));
        let node = Node::new(
            Value::List(thin_vec::thin_vec![]),
            Origin::whole("v.yaml".into()),
        );
        table.finish(
            2,
            AnchorEntry {
                value: Anchored::Collection(node),
                nodes: 1,
                height: 1,
            },
        );
        assert!(matches!(table.lookup(2), Lookup::Done(entry) if entry.nodes == 1));
    }
}
