//! [`Node`] and [`Value`]: a value tree in which every node knows its [`Origin`].

use std::num::NonZeroU32;

use compact_str::CompactString;
use thin_vec::ThinVec;

use super::map::Map;
use super::origin::Origin;
use super::origins::Origins;

/// A list's items. Its length and capacity are kept with the items, so a [`Value`] (and
/// every scalar with it) is three words rather than four.
pub type List = ThinVec<Node>;

/// A value as Helm holds it after reading YAML (or JSON) and decoding it into generic maps.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null`, `~`, an empty value.
    Null,
    /// A boolean.
    Bool(bool),
    /// A 64-bit integer: only `--set` integers are held this way.
    Int(i64),
    /// A 64-bit float: every number read from a file or from `--set-json`.
    Float(f64),
    /// A string.
    String(CompactString),
    /// A list; Helm never merges lists, it replaces them.
    List(List),
    /// A map with string keys, in insertion order.
    Map(Map),
}

/// A value together with where it was written and the origins it replaced when layers were
/// merged (oldest first), so a value can say what it overrode.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where this value was written.
    pub origin: Origin,
    /// Origins of the values this one replaced during merging, oldest first.
    pub overrode: Origins,
    /// Where the key of this map entry was written, when the node was read from a file as a
    /// map value (the value's own origin points at the value, the key's at the key): a place
    /// in the value's own source (see [`Node::key_origin`]).
    pub key_place: Option<KeyPlace>,
}

/// Where a map entry's key was written: a line and a column of the file its value was read
/// from. A key is always written in the same file as its value, so the file is not held a
/// second time: a node is a word smaller for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyPlace {
    /// 1-based line.
    pub line: NonZeroU32,
    /// 1-based column in characters.
    pub col: u32,
}

impl KeyPlace {
    /// Returns the place of `origin`, or `None` when it has no line (a flag, a whole file).
    pub fn of(origin: &Origin) -> Option<KeyPlace> {
        Some(KeyPlace {
            line: NonZeroU32::new(origin.line)?,
            col: origin.col,
        })
    }
}

impl Node {
    /// Returns a node with no merge history.
    pub fn new(value: Value, origin: Origin) -> Self {
        Node {
            value,
            origin,
            overrode: Origins::new(),
            key_place: None,
        }
    }

    /// Returns an empty map node at `origin`.
    pub fn empty_map(origin: Origin) -> Self {
        Node::new(Value::Map(Map::new()), origin)
    }

    /// Returns where the node's key was written, when the node was read from a file as a
    /// map value.
    pub fn key_origin(&self) -> Option<Origin> {
        self.key_place
            .map(|place| Origin::new(self.origin.source.clone(), place.line.get(), place.col))
    }

    /// Returns where the node's key was written if known, else where the node was.
    pub fn key_or_value_origin(&self) -> Origin {
        self.key_origin().unwrap_or_else(|| self.origin.clone())
    }

    /// Returns the map, if this node holds one.
    pub fn as_map(&self) -> Option<&Map> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// Returns the map mutably, if this node holds one.
    pub fn as_map_mut(&mut self) -> Option<&mut Map> {
        match &mut self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// Returns true when the value is null.
    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    /// Returns the node at `path` below this one (map keys and list indices), if present.
    pub fn get(&self, path: &super::KeyPath) -> Option<&Node> {
        let mut node = self;
        for seg in path.segments() {
            node = match (seg, &node.value) {
                (super::Segment::Key(k), Value::Map(m)) => m.get(k.as_str())?,
                (super::Segment::Index(i), Value::List(l)) => l.get(*i)?,
                _ => return None,
            };
        }
        Some(node)
    }
}

impl Value {
    /// Returns the name Helm's messages use for the value's kind.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Int(_) => "integer",
            Value::Float(_) => "number",
            Value::String(_) => "string",
            Value::List(_) => "array",
            Value::Map(_) => "object",
        }
    }

    /// Formats the value the way Go's `%v` prints it in Helm's warnings
    /// (`map[x:1]`, `[a b]`, `<nil>`), with map keys sorted as Go's fmt sorts them.
    pub fn go_display(&self) -> String {
        let mut out = String::new();
        self.write_go_display(&mut out);
        out
    }

    fn write_go_display(&self, out: &mut String) {
        match self {
            Value::Null => out.push_str("<nil>"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Int(i) => out.push_str(&i.to_string()),
            Value::Float(f) => out.push_str(&super::go_number::format_go_float_v(*f)),
            Value::String(s) => out.push_str(s),
            Value::List(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    item.value.write_go_display(out);
                }
                out.push(']');
            }
            Value::Map(map) => {
                out.push_str("map[");
                for (i, (key, child)) in map.sorted_by_key().into_iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    out.push_str(key);
                    out.push(':');
                    child.value.write_go_display(out);
                }
                out.push(']');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tree holds one `Node` per value, and a large overlay has millions: the size is
    /// kept from growing unnoticed. It was 144 bytes with the map, the history and the
    /// key's origin inline; the map and the history became one pointer each (88), then the
    /// list one pointer, text inline and the key's place two numbers (64).
    #[test]
    fn node_stays_small() {
        assert_eq!(std::mem::size_of::<Value>(), 24);
        assert_eq!(std::mem::size_of::<Option<KeyPlace>>(), 8);
        assert_eq!(std::mem::size_of::<Node>(), 64);
    }
}
