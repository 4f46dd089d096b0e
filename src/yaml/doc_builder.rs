//! Building a [`Document`](super::Document)'s tree from saphyr-parser's events, with an
//! explicit stack (no recursion however deep the input), the [`Limits`] on depth and node
//! count checked as nodes open, and every span placed by [`DocText`] where the parser's
//! markers are not enough.

use saphyr_parser::{Event, Marker, Parser, ScalarStyle as SaphyrStyle, ScanError, Span};

use crate::values::{Origin, SourceName};

use super::doc_node::{
    ByteSpan, CollectionStyle, DocNode, Entry, Item, NodeId, NodeKind, ScalarStyle,
};
use super::doc_text::DocText;
use super::error::YamlError;
use super::limits::Limits;
use super::syntax_kind::SyntaxKind;

/// The nodes of the first document of a text, spans in bytes of that text.
pub(crate) struct Tree {
    pub nodes: Vec<DocNode>,
    pub root: Option<NodeId>,
}

/// A collection being filled.
struct Frame {
    id: NodeId,
    /// For a map, the key read and waiting for its value.
    pending_key: Option<NodeId>,
    /// Where the scan for the next child's comments and `-` starts.
    floor: usize,
    /// For a map, the floor when its pending key started.
    key_floor: usize,
}

struct Builder<'a> {
    text: DocText<'a>,
    source: &'a SourceName,
    limits: &'a Limits,
    nodes: Vec<DocNode>,
    frames: Vec<Frame>,
    root: Option<NodeId>,
    /// The end of the last token placed.
    cursor: usize,
}

/// Builds the tree of the first document of `text` (without a byte order mark).
pub(crate) fn build_tree(
    text: &str,
    source: &SourceName,
    limits: &Limits,
) -> Result<Tree, YamlError> {
    let mut builder = Builder {
        text: DocText::new(text),
        source,
        limits,
        nodes: Vec::new(),
        frames: Vec::new(),
        root: None,
        cursor: 0,
    };
    let mut parser = Parser::new_from_str(text);
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|e| builder.scan_error(&e))?;
        match event {
            Event::DocumentEnd | Event::StreamEnd => break,
            Event::Scalar(value, style, anchor, tag) => {
                builder.scalar(&value, style, span, anchor != 0 || tag.is_some())?
            }
            Event::Alias(_) => builder.alias(span)?,
            Event::MappingStart(anchor, tag) => {
                builder.open(span, true, anchor != 0 || tag.is_some())?
            }
            Event::SequenceStart(anchor, tag) => {
                builder.open(span, false, anchor != 0 || tag.is_some())?
            }
            Event::MappingEnd | Event::SequenceEnd => builder.close(span),
            Event::Nothing | Event::StreamStart | Event::DocumentStart(_) => {}
        }
    }
    builder.nodes.shrink_to_fit();
    Ok(Tree {
        nodes: builder.nodes,
        root: builder.root,
    })
}

impl Builder<'_> {
    fn byte(&self, marker: Marker) -> usize {
        self.text.byte_of_char(marker.index())
    }

    fn origin(&self, marker: Marker) -> Origin {
        let line = u32::try_from(marker.line()).unwrap_or(u32::MAX);
        let col = u32::try_from(marker.col().saturating_add(1)).unwrap_or(u32::MAX);
        Origin::new(self.source.clone(), line, col)
    }

    fn scan_error(&self, err: &ScanError) -> YamlError {
        YamlError::Syntax {
            origin: self.origin(*err.marker()),
            message: err.info().to_string(),
            kind: SyntaxKind::of_saphyr_message(err.info()),
        }
    }

    /// Returns the `&name` among the properties at `start`.
    fn anchor_at(&self, start: usize, body: usize) -> Option<String> {
        let props = &self.text.text[start..body.max(start)];
        props
            .split([' ', '\t', '\n', '\r'])
            .find_map(|word| word.strip_prefix('&'))
            .map(str::to_string)
    }

    fn add(&mut self, node: DocNode, marker: Marker) -> Result<NodeId, YamlError> {
        if self.nodes.len() >= self.limits.max_nodes {
            return Err(YamlError::NodeBudget {
                origin: self.origin(marker),
                limit: self.limits.max_nodes,
            });
        }
        self.nodes.push(node);
        Ok(NodeId(self.nodes.len() - 1))
    }

    /// Adds a scalar; `has_properties` when the event carries an anchor or a tag (a block
    /// scalar's text may itself start with `&` or `!`).
    fn scalar(
        &mut self,
        value: &str,
        style: SaphyrStyle,
        span: Span,
        has_properties: bool,
    ) -> Result<(), YamlError> {
        let text = &self.text;
        let mut start = self.byte(span.start);
        let raw_end = self.byte(span.end).max(start);
        let style = match style {
            SaphyrStyle::Plain => ScalarStyle::Plain,
            SaphyrStyle::SingleQuoted => ScalarStyle::SingleQuoted,
            SaphyrStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
            SaphyrStyle::Literal => ScalarStyle::Literal,
            SaphyrStyle::Folded => ScalarStyle::Folded,
        };
        let (body, end) = match style {
            ScalarStyle::Plain if value.is_empty() => {
                // An empty value (`key:`, `[a, ]`): the parser places it on the `:` or on
                // what follows; only its properties (`key: &a`) have bytes.
                if text.text[start..].starts_with(':') {
                    start += 1;
                }
                let end = text.properties_end(start);
                (end, end)
            }
            ScalarStyle::Plain => (text.skip_properties(start).min(raw_end), raw_end),
            ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
                let body = text.skip_properties(start);
                (body, text.quoted_end(body).unwrap_or(raw_end))
            }
            ScalarStyle::Literal | ScalarStyle::Folded => {
                let header = if has_properties
                    && matches!(text.text.as_bytes().get(start), Some(b'&' | b'!'))
                {
                    Some(text.skip_properties(start))
                } else {
                    // The parser starts the scalar at its text, after the header.
                    let header = text.block_header(self.cursor, start);
                    if let Some(h) = header {
                        start = h;
                    }
                    header
                };
                let body = header.unwrap_or(start);
                (body, text.trim_trailing_blank_lines(body, raw_end))
            }
        };
        let anchor = self.anchor_at(start, body);
        let node = DocNode {
            span: ByteSpan::new(start, end),
            body: ByteSpan::new(body, end),
            anchor: anchor.map(String::into_boxed_str),
            kind: NodeKind::Scalar {
                style,
                text: value.into(),
            },
            indent: None,
        };
        let id = self.add(node, span.start)?;
        self.cursor = end.max(self.cursor);
        self.attach(id);
        Ok(())
    }

    fn alias(&mut self, span: Span) -> Result<(), YamlError> {
        let start = self.byte(span.start);
        let end = self.byte(span.end).max(start);
        let name = self.text.text[start..end]
            .trim_start_matches('*')
            .to_string();
        let node = DocNode {
            span: ByteSpan::new(start, end),
            body: ByteSpan::new(start, end),
            anchor: None,
            kind: NodeKind::Alias { name },
            indent: None,
        };
        let id = self.add(node, span.start)?;
        self.cursor = end.max(self.cursor);
        self.attach(id);
        Ok(())
    }

    /// Opens a collection; `has_properties` when the event carries an anchor or a tag (the
    /// start marker of a block map also points at its first key's properties: `- &k key: v`).
    fn open(&mut self, span: Span, is_map: bool, has_properties: bool) -> Result<(), YamlError> {
        if self.frames.len() >= self.limits.max_depth {
            return Err(YamlError::TooDeep {
                origin: self.origin(span.start),
                limit: self.limits.max_depth,
            });
        }
        let start = self.byte(span.start);
        let body = if has_properties {
            self.text.skip_properties(start)
        } else {
            start
        };
        let bracket = self.text.text.as_bytes().get(body).copied();
        let in_flow = self
            .frames
            .last()
            .is_some_and(|f| self.collection_style(f.id) == CollectionStyle::Flow);
        let style = if matches!(bracket, Some(b'{' | b'[')) || in_flow {
            CollectionStyle::Flow
        } else {
            CollectionStyle::Block
        };
        let indent = (style == CollectionStyle::Block).then(|| {
            let line = self.text.line_start(body);
            self.text.text[line..body].chars().count()
        });
        let anchor = self.anchor_at(start, body);
        let kind = if is_map {
            NodeKind::Map {
                style,
                entries: Vec::new(),
            }
        } else {
            NodeKind::List {
                style,
                items: Vec::new(),
            }
        };
        let node = DocNode {
            // A block collection starts at its first entry unless it has properties; the
            // start is set when that entry arrives.
            span: ByteSpan::new(start, body),
            body: ByteSpan::new(body, body),
            anchor: anchor.map(String::into_boxed_str),
            kind,
            indent,
        };
        let id = self.add(node, span.start)?;
        if has_properties || style == CollectionStyle::Flow {
            self.cursor = body.max(self.cursor);
        }
        let floor = if style == CollectionStyle::Flow && bracket.is_some() {
            body + 1
        } else {
            self.cursor
        };
        self.frames.push(Frame {
            id,
            pending_key: None,
            floor,
            key_floor: floor,
        });
        Ok(())
    }

    fn collection_style(&self, id: NodeId) -> CollectionStyle {
        match &self.nodes[id.0].kind {
            NodeKind::Map { style, .. } | NodeKind::List { style, .. } => *style,
            _ => CollectionStyle::Block,
        }
    }

    fn close(&mut self, span: Span) {
        let Some(frame) = self.frames.pop() else {
            return;
        };
        let id = frame.id;
        let end_marker = self.byte(span.end);
        let bytes = self.text.text.as_bytes();
        let node = &self.nodes[id.0];
        let explicit_flow = matches!(bytes.get(node.body.start), Some(b'{' | b'['));
        let last_child_end = match &node.kind {
            NodeKind::Map { entries, .. } => entries.last().map(|e| self.nodes[e.value.0].span.end),
            NodeKind::List { items, .. } => items.last().map(|i| self.nodes[i.value.0].span.end),
            _ => None,
        };
        // A flow collection ends at its closing bracket, the first thing after its last
        // child but blanks, comments and a trailing `,` (the parser's end marker may run past
        // a comment after it).
        let closing = explicit_flow
            .then(|| {
                let mut at = last_child_end.unwrap_or(node.body.start + 1);
                loop {
                    at = self.text.skip_blanks_and_comments(at);
                    if bytes.get(at) != Some(&b',') {
                        break;
                    }
                    at += 1;
                }
                matches!(bytes.get(at), Some(b'}' | b']')).then_some(at + 1)
            })
            .flatten();
        let end = match closing {
            Some(end) => end,
            None if explicit_flow && end_marker > node.body.start => end_marker,
            None => last_child_end.unwrap_or(node.body.end),
        };
        let node = &mut self.nodes[id.0];
        node.span.end = end;
        node.body.end = end;
        // A closed collection takes no more children: its room to grow is given back.
        match &mut node.kind {
            NodeKind::Map { entries, .. } => entries.shrink_to_fit(),
            NodeKind::List { items, .. } => items.shrink_to_fit(),
            _ => {}
        }
        self.cursor = end.max(self.cursor);
        self.attach(id);
    }

    /// Adds a finished node to the open collection, or makes it the root.
    fn attach(&mut self, id: NodeId) {
        let cursor = self.cursor;
        let Some(frame) = self.frames.last_mut() else {
            self.root = Some(id);
            return;
        };
        let parent = frame.id;
        let is_map = matches!(self.nodes[parent.0].kind, NodeKind::Map { .. });
        let child_span = self.nodes[id.0].span;
        let trailing = self
            .text
            .trailing_comment(child_span.end)
            .map(|(s, e)| ByteSpan::new(s, e));
        let end = trailing.map_or(child_span.end, |t| t.end);
        if is_map {
            let Some(key) = frame.pending_key.take() else {
                frame.pending_key = Some(id);
                frame.key_floor = frame.floor;
                frame.floor = cursor;
                return;
            };
            let key_floor = frame.key_floor;
            frame.floor = end;
            let key_start = self.nodes[key.0].span.start;
            let leading = self.comments(key_floor, key_start);
            let entry = Entry {
                key,
                value: id,
                span: ByteSpan::new(key_start, end),
                leading_comments: leading.into(),
                trailing_comment: trailing,
            };
            self.grow(parent, key_start);
            if let NodeKind::Map { entries, .. } = &mut self.nodes[parent.0].kind {
                entries.push(entry);
            }
        } else {
            let floor = frame.floor;
            frame.floor = end;
            let block = self.collection_style(parent) == CollectionStyle::Block;
            let start = if block {
                self.dash(floor, child_span.start)
                    .unwrap_or(child_span.start)
            } else {
                child_span.start
            };
            let leading = self.comments(floor, start);
            let item = Item {
                value: id,
                span: ByteSpan::new(start, end),
                leading_comments: leading.into(),
                trailing_comment: trailing,
            };
            self.grow(parent, start);
            if let NodeKind::List { items, .. } = &mut self.nodes[parent.0].kind {
                items.push(item);
            }
        }
    }

    fn comments(&self, floor: usize, start: usize) -> Vec<ByteSpan> {
        self.text
            .leading_comments(floor, start)
            .into_iter()
            .map(|(s, e)| ByteSpan::new(s, e))
            .collect()
    }

    /// Returns the `-` of a block list item whose value starts at `value`: on the same line
    /// before it, or else the first thing after `floor` (and a key's `:`).
    fn dash(&self, floor: usize, value: usize) -> Option<usize> {
        let bytes = self.text.text.as_bytes();
        let mut at = value;
        while at > 0 && matches!(bytes[at - 1], b' ' | b'\t') {
            at -= 1;
        }
        if at > floor && bytes[at - 1] == b'-' {
            return Some(at - 1);
        }
        let mut from = self.text.skip_blanks_and_comments(floor);
        if bytes.get(from) == Some(&b':') {
            from += 1;
        }
        self.text.dash_before(from, value)
    }

    /// Starts a block collection's span at its first child (at `start`). A block collection
    /// starts at its first child unless properties come before; a flow collection's span is
    /// set by its brackets.
    fn grow(&mut self, parent: NodeId, start: usize) {
        let node = &mut self.nodes[parent.0];
        let first = match &node.kind {
            NodeKind::Map { entries, .. } => entries.is_empty(),
            NodeKind::List { items, .. } => items.is_empty(),
            _ => false,
        };
        let flow = matches!(
            node.kind,
            NodeKind::Map {
                style: CollectionStyle::Flow,
                ..
            } | NodeKind::List {
                style: CollectionStyle::Flow,
                ..
            }
        );
        if first && !flow {
            if node.span.start == node.body.start {
                node.span.start = start;
            }
            node.body.start = start;
            // The parser's start marker of a list in a list (`- - a`) is the inner dash.
            let line = self.text.line_start(start);
            node.indent = Some(self.text.text[line..start].chars().count());
        }
    }
}
