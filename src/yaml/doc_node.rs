//! [`DocNode`] and the pieces of a [`Document`](super::Document)'s tree: byte spans, styles,
//! map entries and list items with their comments. Nodes live in one arena owned by the
//! document and refer to each other by [`NodeId`], so no tree is ever walked or dropped
//! recursively.

/// A range of bytes of the document's source, `start..end`, byte order mark included.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ByteSpan {
    pub start: usize,
    pub end: usize,
}

impl ByteSpan {
    /// Returns the span `start..end`.
    pub fn new(start: usize, end: usize) -> Self {
        ByteSpan { start, end }
    }

    /// Returns the span moved `by` bytes later.
    pub(crate) fn shifted(self, by: usize) -> Self {
        ByteSpan::new(self.start + by, self.end + by)
    }

    /// Returns the number of bytes covered.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Returns true when the span covers no byte (an empty value such as `key:`).
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// The index of a node in its document's arena.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct NodeId(pub(crate) usize);

/// How a scalar is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    /// A `|` block.
    Literal,
    /// A `>` block.
    Folded,
}

/// How a map or a list is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CollectionStyle {
    /// By indentation, one entry per line (`key: value`, `- item`).
    Block,
    /// In brackets (`{a: 1}`, `[1, 2]`).
    Flow,
}

/// What a node is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NodeKind {
    /// A scalar and its text as the parser read it (before YAML 1.1 typing).
    Scalar {
        style: ScalarStyle,
        text: compact_str::CompactString,
    },
    /// An alias (`*name`).
    Alias { name: String },
    /// A map, its entries in document order (duplicates kept).
    Map {
        style: CollectionStyle,
        entries: Vec<Entry>,
    },
    /// A list, its items in document order.
    List {
        style: CollectionStyle,
        items: Vec<Item>,
    },
}

/// A node of the document: where it is and what it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocNode {
    /// The whole node: properties (`&anchor`, `!tag`), the value, a block scalar's header
    /// and body (without trailing blank lines), a flow collection's brackets, a block
    /// collection's first to last entry.
    pub span: ByteSpan,
    /// The value without its properties: what an edit of a scalar replaces.
    pub body: ByteSpan,
    /// The anchor the node defines (`&name`), without the `&`.
    pub anchor: Option<Box<str>>,
    pub kind: NodeKind,
    /// For a block collection, the column (0-based, in characters) its keys or dashes are
    /// indented to.
    pub indent: Option<usize>,
}

/// One `key: value` of a map.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub key: NodeId,
    pub value: NodeId,
    /// The key's first byte to the value's last, and the comment on the value's last line.
    pub span: ByteSpan,
    /// The comment lines right above the entry, each without indentation or line break.
    pub leading_comments: thin_vec::ThinVec<ByteSpan>,
    /// The comment after the value on its last line (`# ...`, no line break).
    pub trailing_comment: Option<ByteSpan>,
}

/// One item of a list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub value: NodeId,
    /// The `-` (block lists) or the value's first byte to its last, and the comment on the
    /// value's last line.
    pub span: ByteSpan,
    /// The comment lines right above the item.
    pub leading_comments: thin_vec::ThinVec<ByteSpan>,
    /// The comment after the value on its last line.
    pub trailing_comment: Option<ByteSpan>,
}

/// The line breaks a document uses, for text written into it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineEnding {
    /// `\n` (also when the text has no line break).
    Lf,
    /// `\r\n`.
    CrLf,
    /// A lone `\r`.
    Cr,
}

impl LineEnding {
    /// Returns the style of the first line break of `text`.
    pub fn of(text: &str) -> Self {
        match text.find(['\n', '\r']) {
            Some(i) if text[i..].starts_with("\r\n") => LineEnding::CrLf,
            Some(i) if text[i..].starts_with('\r') => LineEnding::Cr,
            _ => LineEnding::Lf,
        }
    }

    /// Returns the break itself.
    pub fn as_str(self) -> &'static str {
        match self {
            LineEnding::Lf => "\n",
            LineEnding::CrLf => "\r\n",
            LineEnding::Cr => "\r",
        }
    }
}
