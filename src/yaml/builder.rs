//! [`build`]: turns the parser's events for the first document into a [`Node`] tree, with an
//! explicit stack of open collections (no recursion over the input's depth).
//!
//! Limits are checked before memory is spent: the depth when a collection opens, and for an
//! alias the node count and height of the anchored value (recorded when the anchor finished)
//! before it is copied, so an alias bomb fails at its first alias over budget. Copies made
//! for aliases keep the origins of the anchor's definition.
//!
//! Positions come from the parser's *start* markers (1-based lines, 0-based columns there;
//! 1-based columns in [`Origin`]); end markers are not reliable.

use std::borrow::Cow;

use saphyr_parser::{Event, Marker, Parser, ScanError, Span, Tag};

use crate::values::{KeyPath, Map, Node, Origin, Segment, SourceName, Value};

use super::anchors::{AnchorEntry, AnchorTable, Anchored, Lookup};
use super::error::{kind_phrase, YamlError};
use super::frame::{Collection, Frame, KeySite, MapFrame, PendingKey};
use super::hazard::{classify, Hazard, HazardKind, ScalarRole, MAX_REPORTED_HAZARDS};
use super::layout::ContinuationPads;
use super::layout::{scan_layout, LayoutIssue};
use super::position::{byte_offset_of_char, Position};
use super::scalar::RawScalar;
use super::syntax_kind::SyntaxKind;
use super::tag::TagKind;
use super::{DuplicateKey, Limits, ParsedFile, MAX_REPORTED_DUPLICATES};

/// saphyr-parser refuses flow collections nested deeper than this ("recursion limit
/// exceeded"), before it produces their events.
const PARSER_MAX_FLOW_DEPTH: usize = 255;

/// Builds the tree of the first document of `text` (already checked for encoding and tabs).
pub(crate) fn build(
    text: &str,
    source: &SourceName,
    limits: &Limits,
    pads: &ContinuationPads,
) -> Result<ParsedFile, YamlError> {
    let mut builder = Builder {
        text,
        pads,
        source,
        limits,
        frames: Vec::new(),
        anchors: AnchorTable::default(),
        root: None,
        duplicates: Vec::new(),
        duplicates_omitted: 0,
        hazards: Vec::new(),
        hazards_omitted: 0,
        nodes: 0,
        alias_nodes: 0,
    };
    let mut parser = Parser::new_from_str(text);
    let mut extra_document = None;
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|e| builder.scan_error(&e))?;
        match event {
            Event::StreamEnd => break,
            Event::DocumentEnd => {
                // Helm 3 reads only the first document: look at what follows without
                // parsing it, so that a broken second document is ignored as Helm does.
                extra_document = match parser.next_event() {
                    None | Some(Ok((Event::StreamEnd, _))) => None,
                    Some(Ok((_, span))) => Some(builder.origin(span.start)),
                    Some(Err(e)) => Some(builder.origin(*e.marker())),
                };
                break;
            }
            _ => builder.event(event, span)?,
        }
    }
    Ok(ParsedFile {
        root: builder.root,
        duplicates: builder.duplicates,
        duplicates_omitted: builder.duplicates_omitted,
        hazards: builder.hazards,
        hazards_omitted: builder.hazards_omitted,
        extra_document,
    })
}

struct Builder<'a> {
    text: &'a str,
    /// Spaces added to continuation lines of `text` (columns are reported without them).
    pads: &'a ContinuationPads,
    source: &'a SourceName,
    limits: &'a Limits,
    /// Open collections, outermost first.
    frames: Vec<Frame>,
    anchors: AnchorTable,
    root: Option<Node>,
    duplicates: Vec<DuplicateKey>,
    /// Duplicates found past the cap, counted only.
    duplicates_omitted: usize,
    hazards: Vec<Hazard>,
    /// Hazards found past the cap, counted only.
    hazards_omitted: usize,
    /// Nodes created so far, alias copies included.
    nodes: usize,
    /// Nodes created by alias expansion so far.
    alias_nodes: usize,
}

impl Builder<'_> {
    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), YamlError> {
        let origin = self.origin(span.start);
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let raw = RawScalar {
                    text: text.into_owned(),
                    style,
                    tag: tag.map(|t| TagKind::of(&t)),
                };
                self.scalar(raw, anchor, origin)
            }
            Event::SequenceStart(anchor, tag) => self.open(
                Collection::List(crate::values::List::new()),
                anchor,
                tag,
                origin,
            ),
            Event::MappingStart(anchor, tag) => {
                self.open(Collection::Map(MapFrame::default()), anchor, tag, origin)
            }
            Event::SequenceEnd | Event::MappingEnd => self.close(),
            Event::Alias(id) => self.alias(id, span.start, origin),
            Event::Nothing
            | Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart(_)
            | Event::DocumentEnd => Ok(()),
        }
    }

    fn origin(&self, marker: Marker) -> Origin {
        let line = u32::try_from(marker.line()).unwrap_or(u32::MAX);
        let col = u32::try_from(marker.col().saturating_add(1)).unwrap_or(u32::MAX);
        Origin::new(self.source.clone(), line, self.pads.column(line, col))
    }

    /// Returns the map being filled, when the next node is one of its keys.
    fn map_expecting_key(&mut self) -> Option<&mut MapFrame> {
        match self.frames.last_mut().map(|f| &mut f.collection) {
            Some(Collection::Map(map)) if map.pending.is_none() => Some(map),
            _ => None,
        }
    }

    /// Returns where the `<<` key is, when the next node is the value of a merge key.
    fn pending_merge(&self) -> Option<Origin> {
        match self.frames.last().map(|f| &f.collection) {
            Some(Collection::Map(map)) => match &map.pending {
                Some(PendingKey::Merge { origin }) => Some(origin.clone()),
                _ => None,
            },
            _ => None,
        }
    }

    fn set_pending(&mut self, pending: PendingKey) {
        if let Some(map) = self.map_expecting_key() {
            map.pending = Some(pending);
        }
    }

    fn scalar(&mut self, raw: RawScalar, anchor: usize, origin: Origin) -> Result<(), YamlError> {
        if self.map_expecting_key().is_some() {
            let pending = if raw.is_merge_key() {
                PendingKey::Merge {
                    origin: origin.clone(),
                }
            } else {
                let name = raw.to_key().map_err(|p| p.at(origin.clone(), &raw.text))?;
                self.note_hazard(&raw, Some(&name), &origin);
                PendingKey::Key {
                    site: key_site(&raw.text, &name, origin.clone()),
                    name,
                }
            };
            self.set_pending(pending);
            self.finish_scalar_anchor(anchor, raw, origin);
            return Ok(());
        }
        let value = raw
            .to_value()
            .map_err(|p| p.at(origin.clone(), &raw.text))?;
        self.count_nodes(1, &origin)?;
        self.note_hazard(&raw, None, &origin);
        let node = Node::new(value, origin.clone());
        self.finish_scalar_anchor(anchor, raw, origin);
        self.push(node, 1, 0)
    }

    /// Notes a scalar Helm reads differently from how it looks: a key (`key` is what Helm
    /// made of it) or a value, not yet added to the open collection.
    fn note_hazard(&mut self, raw: &RawScalar, key: Option<&str>, origin: &Origin) {
        let Some((kind, reading)) = classify(raw, key) else {
            return;
        };
        if self.hazards.len() >= MAX_REPORTED_HAZARDS {
            self.hazards_omitted += 1;
            return;
        }
        let mut path = self.path_to_top();
        let role = match key {
            Some(key) => {
                path.push(Segment::Key(key.to_string()));
                ScalarRole::Key
            }
            None => {
                if let Some(top) = self.frames.last() {
                    path.push(top.child_segment());
                }
                ScalarRole::Value
            }
        };
        self.hazards.push(Hazard {
            origin: origin.clone(),
            path,
            role,
            kind,
            text: raw.text.clone(),
            reading,
        });
    }

    /// Notes that the key `name` at `second` was written differently from the earlier key
    /// at `first` that Helm reads the same way: one hazard, in place of any noted for the
    /// key itself (its message says the same and more).
    fn note_collision(&mut self, name: &str, first: &KeySite, second: &KeySite) {
        let first_text = first.written_or(name);
        let second_text = second.written_or(name);
        if first_text == second_text {
            return;
        }
        let at_key = |h: &Hazard| h.role == ScalarRole::Key && h.origin == second.origin;
        let path = match self.hazards.iter().rposition(at_key) {
            Some(index) => self.hazards.remove(index).path,
            None if self.hazards.len() >= MAX_REPORTED_HAZARDS => {
                self.hazards_omitted += 1;
                return;
            }
            None => {
                let mut path = self.path_to_top();
                path.push(Segment::Key(name.to_string()));
                path
            }
        };
        self.hazards.push(Hazard {
            origin: second.origin.clone(),
            path,
            role: ScalarRole::Key,
            kind: HazardKind::KeyCollision {
                first: first.origin.clone(),
                first_text: first_text.to_string(),
            },
            text: second_text.to_string(),
            reading: name.to_string(),
        });
    }

    fn finish_scalar_anchor(&mut self, anchor: usize, raw: RawScalar, origin: Origin) {
        if anchor > 0 {
            let value = Anchored::Scalar { raw, origin };
            let entry = AnchorEntry {
                value,
                nodes: 1,
                height: 0,
            };
            self.anchors.finish(anchor, entry);
        }
    }

    fn open(
        &mut self,
        collection: Collection,
        anchor: usize,
        tag: Option<Cow<'_, Tag>>,
        origin: Origin,
    ) -> Result<(), YamlError> {
        let is_map = matches!(collection, Collection::Map(_));
        let kind = if is_map { "a map" } else { "a list" };
        if self.map_expecting_key().is_some() {
            return Err(YamlError::ComplexKey { origin, kind });
        }
        match tag.map(|t| TagKind::of(&t)) {
            None | Some(TagKind::NonSpecific) => {}
            Some(TagKind::Map) if is_map => {}
            Some(TagKind::Seq) if !is_map => {}
            Some(TagKind::Other(tag)) => return Err(YamlError::CustomTag { origin, tag }),
            Some(other) => {
                return Err(YamlError::TagMismatch {
                    origin,
                    tag: other.display(),
                    text: if is_map { "{...}" } else { "[...]" }.to_string(),
                })
            }
        }
        if self.frames.is_empty() && !is_map {
            return Err(YamlError::NotAMap { origin, kind });
        }
        if self.frames.len() >= self.limits.max_depth {
            return Err(YamlError::TooDeep {
                origin,
                limit: self.limits.max_depth,
            });
        }
        self.count_nodes(1, &origin)?;
        if anchor > 0 {
            self.anchors.open(anchor);
        }
        self.frames.push(Frame::new(collection, origin, anchor));
        Ok(())
    }

    fn close(&mut self) -> Result<(), YamlError> {
        let Some(frame) = self.frames.pop() else {
            return Ok(());
        };
        let anchor = frame.anchor;
        let (node, nodes, height) = frame.finish();
        if anchor > 0 {
            // The anchor keeps a copy for its aliases: it counts like any other node, so
            // nested anchors over a large value cannot multiply memory.
            self.count_nodes(nodes, &node.origin)?;
            let entry = AnchorEntry {
                value: Anchored::Collection(node.clone()),
                nodes,
                height,
            };
            self.anchors.finish(anchor, entry);
        }
        self.push(node, nodes, height)
    }

    fn alias(&mut self, id: usize, marker: Marker, origin: Origin) -> Result<(), YamlError> {
        let expects_key = self.map_expecting_key().is_some();
        let entry = match self.anchors.lookup(id) {
            Lookup::Done(entry) => entry,
            Lookup::Open => {
                let anchor = self.alias_name(marker);
                return Err(YamlError::SelfReferentialAlias { origin, anchor });
            }
            Lookup::Unknown => {
                let anchor = self.alias_name(marker);
                return Err(YamlError::UnknownAlias { origin, anchor });
            }
        };
        if expects_key {
            let name = match &entry.value {
                Anchored::Scalar { raw, .. } => {
                    raw.to_key().map_err(|p| p.at(origin.clone(), &raw.text))?
                }
                Anchored::Collection(node) => {
                    let kind = kind_phrase(&node.value);
                    return Err(YamlError::ComplexKey { origin, kind });
                }
            };
            let text = match &entry.value {
                Anchored::Scalar { raw, .. } => raw.text.as_str(),
                Anchored::Collection(_) => name.as_str(),
            };
            let site = key_site(text, &name, origin);
            self.set_pending(PendingKey::Key { name, site });
            return Ok(());
        }
        // go-yaml accepts an alias as a `<<` value only when it names a map (a list of maps
        // must be written inline).
        if let Some(merge_origin) = self.pending_merge() {
            if let Anchored::Scalar { .. }
            | Anchored::Collection(Node {
                value: Value::List(_),
                ..
            }) = &entry.value
            {
                let kind = match &entry.value {
                    Anchored::Collection(_) => "a list",
                    Anchored::Scalar { raw, .. } => match raw.to_value() {
                        Ok(value) => kind_phrase(&value),
                        Err(_) => "a scalar",
                    },
                };
                return Err(YamlError::MergeNotMap {
                    origin: merge_origin,
                    kind,
                });
            }
        }
        let (nodes, height) = (entry.nodes, entry.height);
        if self.frames.len() + height > self.limits.max_depth {
            return Err(YamlError::TooDeep {
                origin,
                limit: self.limits.max_depth,
            });
        }
        if self.alias_nodes.saturating_add(nodes) > self.limits.max_alias_nodes {
            let anchor = self.alias_name(marker);
            return Err(YamlError::AliasBudget {
                origin,
                limit: self.limits.max_alias_nodes,
                anchor,
            });
        }
        let node = match &entry.value {
            Anchored::Scalar {
                raw,
                origin: defined,
            } => {
                let value = raw
                    .to_value()
                    .map_err(|p| p.at(defined.clone(), &raw.text))?;
                Node::new(value, defined.clone())
            }
            // The budget was checked above: this copy is affordable.
            Anchored::Collection(node) => node.clone(),
        };
        self.alias_nodes += nodes;
        self.count_nodes(nodes, &origin)?;
        self.push(node, nodes, height)
    }

    fn count_nodes(&mut self, nodes: usize, origin: &Origin) -> Result<(), YamlError> {
        self.nodes = self.nodes.saturating_add(nodes);
        if self.nodes > self.limits.max_nodes {
            return Err(YamlError::NodeBudget {
                origin: origin.clone(),
                limit: self.limits.max_nodes,
            });
        }
        Ok(())
    }

    /// Adds a finished node to the open collection, or makes it the document's root.
    fn push(&mut self, node: Node, nodes: usize, height: usize) -> Result<(), YamlError> {
        let Some(top) = self.frames.last_mut() else {
            return self.set_root(node);
        };
        top.count_child(nodes, height);
        let duplicate = match &mut top.collection {
            Collection::List(items) => {
                items.push(node);
                None
            }
            Collection::Map(map) => match map.pending.take() {
                Some(PendingKey::Key { name, site }) => map
                    .insert_explicit(name.clone(), site.clone(), node)
                    .map(|first| (name, first, site)),
                Some(PendingKey::Merge { origin }) => {
                    map.merge(merge_sources(node, origin)?);
                    None
                }
                // A value always follows its key in the parser's events.
                None => None,
            },
        };
        if let Some((name, first, second)) = duplicate {
            self.note_collision(&name, &first, &second);
            if self.duplicates.len() >= MAX_REPORTED_DUPLICATES {
                self.duplicates_omitted += 1;
                return Ok(());
            }
            let mut path = self.path_to_top();
            path.push(Segment::Key(name));
            self.duplicates.push(DuplicateKey {
                path,
                first: first.origin,
                second: second.origin,
            });
        }
        Ok(())
    }

    fn set_root(&mut self, node: Node) -> Result<(), YamlError> {
        match node.value {
            Value::Null => self.root = None,
            Value::Map(_) => self.root = Some(node),
            other => {
                return Err(YamlError::NotAMap {
                    origin: node.origin,
                    kind: kind_phrase(&other),
                })
            }
        }
        Ok(())
    }

    /// Returns the key path of the innermost open collection.
    fn path_to_top(&self) -> KeyPath {
        let count = self.frames.len().saturating_sub(1);
        let segments = self.frames[..count]
            .iter()
            .map(Frame::child_segment)
            .collect();
        KeyPath::from_segments(segments)
    }

    /// Returns how many of the open collections are flow collections: those whose first
    /// character, after any anchor and tag, is `[` or `{`. Only used to explain errors; one
    /// walk over the text, since open collections start in document order.
    fn open_flow_collections(&self) -> usize {
        let mut targets = self
            .frames
            .iter()
            .map(|f| (f.origin.line, f.origin.col))
            .peekable();
        let mut pos = Position::start();
        let mut count = 0;
        for (offset, c) in self.text.char_indices() {
            while targets.peek() == Some(&(pos.line, pos.col)) {
                targets.next();
                if starts_flow(&self.text[offset..]) {
                    count += 1;
                }
            }
            if targets.peek().is_none() {
                break;
            }
            pos.advance(c);
        }
        count
    }

    /// Returns the name of the alias whose `*` is at `marker`.
    fn alias_name(&self, marker: Marker) -> String {
        let start = byte_offset_of_char(self.text, marker.index());
        let rest = self.text.get(start..).unwrap_or_default();
        rest.strip_prefix('*')
            .unwrap_or(rest)
            .chars()
            .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | '[' | ']' | '{' | '}'))
            .collect()
    }

    /// Explains a parser error: an unknown alias, flow nesting beyond the limit, a tab, or
    /// the parser's own message.
    fn scan_error(&self, err: &ScanError) -> YamlError {
        let marker = *err.marker();
        let origin = self.origin(marker);
        let start = byte_offset_of_char(self.text, marker.index());
        // The parser stops at the `*` of an alias whose anchor it has not seen (an error at
        // the alias of a known anchor is something else).
        let before = self.text.get(..start).unwrap_or_default();
        if self
            .text
            .get(start..)
            .is_some_and(|rest| rest.starts_with('*'))
        {
            let anchor = self.alias_name(marker);
            if !anchor.is_empty() && !defines_anchor(before, &anchor) {
                return YamlError::UnknownAlias { origin, anchor };
            }
        }
        // Block collections already open count towards the depth limit; the scan counts
        // every open flow level itself.
        let flow_open = self.open_flow_collections();
        let block_open = self.frames.len() - flow_open;
        let allowed = self.limits.max_depth.saturating_sub(block_open);
        let (flow_limit, limit) = if allowed < PARSER_MAX_FLOW_DEPTH {
            (allowed, self.limits.max_depth)
        } else {
            (PARSER_MAX_FLOW_DEPTH, PARSER_MAX_FLOW_DEPTH)
        };
        let before_error = |line: u32, col: u32| (line, col) <= (origin.line, origin.col);
        match scan_layout(self.text, flow_limit) {
            Some(LayoutIssue::FlowTooDeep { line, col }) if before_error(line, col) => {
                YamlError::TooDeep {
                    origin: Origin::new(self.source.clone(), line, self.pads.column(line, col)),
                    limit,
                }
            }
            Some(LayoutIssue::Tab { line, col }) if before_error(line, col) => {
                YamlError::TabIndent {
                    origin: Origin::new(self.source.clone(), line, self.pads.column(line, col)),
                }
            }
            _ => YamlError::Syntax {
                origin,
                message: err.info().to_string(),
                kind: SyntaxKind::of_saphyr_message(err.info()),
            },
        }
    }
}

/// Returns true when `text` has an anchor `&name` (approximately: the text `&name` followed
/// by a space, a line break, a flow indicator or the end).
fn defines_anchor(text: &str, name: &str) -> bool {
    let token = format!("&{name}");
    text.match_indices(&token).any(|(i, _)| {
        text[i + token.len()..]
            .chars()
            .next()
            .is_none_or(|c| c.is_whitespace() || matches!(c, ',' | '[' | ']' | '{' | '}'))
    })
}

/// Returns true when `rest` starts a flow collection, after any anchor and tag.
fn starts_flow(mut rest: &str) -> bool {
    while rest.starts_with(['&', '!']) {
        let token_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        rest = rest[token_end..].trim_start();
    }
    rest.starts_with(['[', '{'])
}

/// Returns where and how a key was written: `text` as written, `name` as Helm reads it.
fn key_site(text: &str, name: &str, origin: Origin) -> KeySite {
    KeySite {
        origin,
        written: (text != name).then(|| Box::from(text)),
    }
}

/// Returns the maps a `<<` value merges: one map, or a list of maps. Errors point at the
/// `<<` key (`key_origin`): a copied alias keeps the origin of its anchor, elsewhere.
fn merge_sources(node: Node, key_origin: Origin) -> Result<Vec<Map>, YamlError> {
    let not_map = |value: &Value| YamlError::MergeNotMap {
        origin: key_origin.clone(),
        kind: kind_phrase(value),
    };
    match node.value {
        Value::Map(map) => Ok(vec![map]),
        Value::List(items) => items
            .into_iter()
            .map(|item| match item.value {
                Value::Map(map) => Ok(map),
                other => Err(not_map(&other)),
            })
            .collect(),
        other => Err(not_map(&other)),
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use crate::values::to_json_compact;
    use crate::yaml::{parse_values, Limits, ParsedFile, YamlError};

    use super::*;

    fn source() -> SourceName {
        "values.yaml".into()
    }

    fn at(line: u32, col: u32) -> Origin {
        Origin::new(source(), line, col)
    }

    fn parse(text: &str) -> Result<ParsedFile, YamlError> {
        parse_values(text.as_bytes(), source(), &Limits::default())
    }

    /// The values as Helm's `toJson` prints them, or "none" for an empty document.
    fn json(text: &str) -> String {
        match parse(text) {
            Ok(file) => file
                .root
                .as_ref()
                .map_or("none".to_string(), to_json_compact),
            Err(err) => panic!("{text:?}: {err} at {}", err.origin()),
        }
    }

    #[test]
    fn reads_values_as_helm_does() {
        // (rule, input, values as Helm's toJson prints them)
        let rows: Vec<(&str, &str, &str)> = vec![
            ("plain map", "a: 1\nb: two\n", r#"{"a":1,"b":"two"}"#),
            ("nested and flow", "a: {b: [1, {c: d}]}\ne:\n  - f\n", r#"{"a":{"b":[1,{"c":"d"}]},"e":["f"]}"#),
            (
                "bool-like keys become true/false and collide",
                "yes: 1\non: 2\ny: 3\nno: 4\noff: 5\nn: 6\nN: 7\n\"on\": 8\n",
                r#"{"false":7,"on":8,"true":3}"#,
            ),
            ("numeric keys keep their text", "1: a\n1.5: b\n010: c\n\"\": d\n1e3: e\n", r#"{"":"d","1":"a","1.5":"b","1000":"e","8":"c"}"#),
            ("quoted dotted key is one key", "\"a.b\": 1\n", r#"{"a.b":1}"#),
            (
                "integers",
                "a: 010\nb: 0o10\nc: 0755\nd: 0x1F\ne: 0X1F\nf: 0b101\ng: 1_000\nh: +12\ni: -0\nj: 08\nk: 0789\nl: 007\n",
                r#"{"a":8,"b":8,"c":493,"d":31,"e":31,"f":5,"g":1000,"h":12,"i":0,"j":8,"k":789,"l":7}"#,
            ),
            ("floats", "a: 1.0\nb: 5.\nc: .5\nd: 1e3\ne: 1_000.5\nf: 1.10\ng: 1.20.3\nh: \"1.10\"\n", r#"{"a":1,"b":5,"c":0.5,"d":1000,"e":1000.5,"f":1.1,"g":"1.20.3","h":"1.10"}"#),
            (
                "big integers lose precision",
                "a: 9007199254740993\nb: 9223372036854775807\nc: 12345678901234567890\n",
                r#"{"a":9007199254740992,"b":9223372036854776000,"c":12345678901234567000}"#,
            ),
            ("Go number format", "a: 1e-7\nb: 1e21\nc: 0.000001\nd: 100000000000000000000\n", r#"{"a":1e-7,"b":1e+21,"c":0.000001,"d":100000000000000000000}"#),
            (
                "booleans and nulls",
                "a: yes\nb: No\nc: tRuE\nd: ~\ne:\nf: null\ng: \"null\"\nh: 'yes'\ni: NULL\n",
                r#"{"a":true,"b":false,"c":"tRuE","d":null,"e":null,"f":null,"g":"null","h":"yes","i":null}"#,
            ),
            (
                "timestamps stay strings",
                "a: 2024-01-02\nb: 2001-12-14t21:59:43.10-05:00\nc: 2001-12-14 21:59:43.10 -5\n",
                r#"{"a":"2024-01-02","b":"2001-12-14t21:59:43.10-05:00","c":"2001-12-14 21:59:43.10 -5"}"#,
            ),
            (
                "explicit tags",
                "a: !!str 123\nb: !!int \"42\"\nc: !!float 1\nd: !!bool \"true\"\ne: !!binary aGVsbG8=\nf: !!null ''\ng: !!map {x: 1}\nh: !!seq [1]\ni: ! 12\nj: !<tag:yaml.org,2002:str> 7\n",
                r#"{"a":"123","b":42,"c":1,"d":true,"e":"hello","f":null,"g":{"x":1},"h":[1],"i":"12","j":"7"}"#,
            ),
            ("binary block", "a: !!binary |\n  aGVs\n  bG8=\n", r#"{"a":"hello"}"#),
            ("block scalars", "a: |\n  x\n  y\nb: >\n  x\n  y\nc: |-\n  z\n", r#"{"a":"x\ny\n","b":"x y\n","c":"z"}"#),
            ("CRLF line ends", "a: |\r\n  x\r\n  y\r\nb: 2\r\n", r#"{"a":"x\ny\n","b":2}"#),
            ("tabs inside scalars", "a: \"x\ty\"\nb: x\ty\n", r#"{"a":"x\ty","b":"x\ty"}"#),
            ("escapes", "a: \"\\u00e9\\n\"\nb: 'it''s'\n", r#"{"a":"é\n","b":"it's"}"#),
            ("BOM is not part of the key", "\u{feff}a: 1\n", r#"{"a":1}"#),
            ("anchors are copies", "base: &b {p: 1, q: 2}\ncopy: *b\n", r#"{"base":{"p":1,"q":2},"copy":{"p":1,"q":2}}"#),
            ("y is a boolean key in YAML 1.1", "{x: 1, y: 2}\n", r#"{"true":2,"x":1}"#),
            ("scalar anchors", "a: &x 1\nb: *x\n", r#"{"a":1,"b":1}"#),
            ("redefined anchor", "a: &x 1\nb: *x\nc: &x 2\nd: *x\n", r#"{"a":1,"b":1,"c":2,"d":2}"#),
            ("alias as a key", "k: &k name\n*k : v\n", r#"{"k":"name","name":"v"}"#),
            ("bool alias as a key", "a: &t yes\n*t : 1\n", r#"{"a":true,"true":1}"#),
            ("merge one alias", "b: &b {p: 1, q: 2}\nm:\n  <<: *b\n  q: 3\n", r#"{"b":{"p":1,"q":2},"m":{"p":1,"q":3}}"#),
            ("a << after an explicit key replaces it (go-yaml v2 merges in document order)", "b: &b {p: 1, q: 2}\nm:\n  q: 3\n  <<: *b\n", r#"{"b":{"p":1,"q":2},"m":{"p":1,"q":2}}"#),
            ("earlier alias in a merge list wins", "a: &a {k: a1, p: 1}\nb: &b {k: b1, q: 2}\nm:\n  <<: [*a, *b]\n", r#"{"a":{"k":"a1","p":1},"b":{"k":"b1","q":2},"m":{"k":"a1","p":1,"q":2}}"#),
            ("inline merge", "m:\n  <<: {p: 1}\n  q: 2\n", r#"{"m":{"p":1,"q":2}}"#),
            ("tab between a key's colon and its value", "a:\t1\nb:\t{c: \"x\ty\"}\nd: 'p:\tq'\n", r#"{"a":1,"b":{"c":"x\ty"},"d":"p:\tq"}"#),
            ("merge list with an inline map", "a: &a {x: 1}\nm:\n  <<: [*a, {r: 10}]\n", r#"{"a":{"x":1},"m":{"r":10,"x":1}}"#),
            ("empty merge list", "m:\n  <<: []\n  a: 1\n", r#"{"m":{"a":1}}"#),
            ("quoted << is a plain key", "m:\n  \"<<\": 1\n", r#"{"m":{"\u003c\u003c":1}}"#),
            ("tagged merge key", "a: &a {x: 1}\nm:\n  !!merge \"<<\": *a\n", r#"{"a":{"x":1},"m":{"x":1}}"#),
            ("merge at the top level", "<<: {a: 1}\nb: 2\n", r#"{"a":1,"b":2}"#),
            ("duplicate keys: last wins", "a: 1\nb: 2\na: 3\n", r#"{"a":3,"b":2}"#),
            ("nested duplicate", "a:\n  b: 1\n  b: {c: 2}\n", r#"{"a":{"b":{"c":2}}}"#),
            ("empty file", "", "none"),
            ("comment only", "# nothing\n", "none"),
            ("lone ---", "---\n", "none"),
            ("null document", "null\n", "none"),
            ("~ document", "~\n", "none"),
            ("empty map", "{}\n", "{}"),
            ("leading --- is not a document", "---\na: 1\n", r#"{"a":1}"#),
            ("only the first document", "a: 1\n---\nb: 2\n", r#"{"a":1}"#),
            ("a broken second document is ignored", "a: 1\n---\n}bad: [\n", r#"{"a":1}"#),
            ("garbage after ... is ignored", "a: 1\n...\n}\n", r#"{"a":1}"#),
            ("empty first document", "---\n---\nc: 3\n", "none"),
            ("directives", "%YAML 1.1\n---\na: 1\n", r#"{"a":1}"#),
            ("tag directive", "%TAG !k! tag:yaml.org,2002:\n---\na: !k!int \"5\"\n", r#"{"a":5}"#),
        ];
        for (rule, text, expected) in rows {
            assert_eq!(json(text), expected, "{rule}: {text:?}");
        }
    }

    #[test]
    fn refuses_what_helm_cannot_hold_with_positions() {
        // (rule, input, error)
        let rows: Vec<(&str, &str, YamlError)> = vec![
            (
                "top-level list",
                "- a\n- b\n",
                YamlError::NotAMap {
                    origin: at(1, 1),
                    kind: "a list",
                },
            ),
            (
                "top-level flow list",
                "[a]\n",
                YamlError::NotAMap {
                    origin: at(1, 1),
                    kind: "a list",
                },
            ),
            (
                "top-level string",
                "hello\n",
                YamlError::NotAMap {
                    origin: at(1, 1),
                    kind: "a string",
                },
            ),
            (
                "top-level number",
                "--- 42\n",
                YamlError::NotAMap {
                    origin: at(1, 5),
                    kind: "a number",
                },
            ),
            (
                "infinity",
                "a: .inf\n",
                YamlError::NonFinite {
                    origin: at(1, 4),
                    text: ".inf".into(),
                    go_value: "+Inf",
                },
            ),
            (
                "negative infinity in a list",
                "a: [1, -.Inf]\n",
                YamlError::NonFinite {
                    origin: at(1, 8),
                    text: "-.Inf".into(),
                    go_value: "-Inf",
                },
            ),
            (
                "NaN",
                "a:\n  b: .NaN\n",
                YamlError::NonFinite {
                    origin: at(2, 6),
                    text: ".NaN".into(),
                    go_value: "NaN",
                },
            ),
            (
                "infinity through an alias",
                "a: &i .inf\n",
                YamlError::NonFinite {
                    origin: at(1, 4),
                    text: ".inf".into(),
                    go_value: "+Inf",
                },
            ),
            (
                "null key",
                "a: 1\n~: 2\n",
                YamlError::NullKey { origin: at(2, 1) },
            ),
            (
                "null key spelled null",
                "null: 1\n",
                YamlError::NullKey { origin: at(1, 1) },
            ),
            (
                "empty key",
                "a:\n  : 1\n",
                YamlError::NullKey { origin: at(2, 3) },
            ),
            (
                "list key",
                "? [a]\n: b\n",
                YamlError::ComplexKey {
                    origin: at(1, 3),
                    kind: "a list",
                },
            ),
            (
                "list key in flow",
                "{[a]: b}\n",
                YamlError::ComplexKey {
                    origin: at(1, 2),
                    kind: "a list",
                },
            ),
            (
                "map key",
                "a: {{x: 1}: 2}\n",
                YamlError::ComplexKey {
                    origin: at(1, 5),
                    kind: "a map",
                },
            ),
            (
                "alias to a map as key",
                "a: &m {x: 1}\n*m : 2\n",
                YamlError::ComplexKey {
                    origin: at(2, 1),
                    kind: "a map",
                },
            ),
            (
                "uint64 key",
                "18446744073709551615: x\n",
                YamlError::UnsupportedKey {
                    origin: at(1, 1),
                    text: "18446744073709551615".into(),
                },
            ),
            (
                "self-referential map",
                "a: &r\n  b: *r\n",
                YamlError::SelfReferentialAlias {
                    origin: at(2, 6),
                    anchor: "r".into(),
                },
            ),
            (
                "self-referential list",
                "a: &a [*a]\n",
                YamlError::SelfReferentialAlias {
                    origin: at(1, 8),
                    anchor: "a".into(),
                },
            ),
            (
                "unknown alias",
                "a: 1\nb: *nope\n",
                YamlError::UnknownAlias {
                    origin: at(2, 4),
                    anchor: "nope".into(),
                },
            ),
            (
                "alias before its anchor",
                "b: *a\na: &a {c: 1}\n",
                YamlError::UnknownAlias {
                    origin: at(1, 4),
                    anchor: "a".into(),
                },
            ),
            (
                "misplaced alias of a known anchor",
                "a: &x 1\nb: *x *x\n",
                YamlError::Syntax {
                    origin: at(2, 7),
                    message: "while parsing a block mapping, did not find expected key".into(),
                    kind: SyntaxKind::Other,
                },
            ),
            (
                "custom local tag",
                "a: !vault secret\n",
                YamlError::CustomTag {
                    origin: at(1, 4),
                    tag: "!vault".into(),
                },
            ),
            (
                "python tag",
                "a: !!python/tuple [1, 2]\n",
                YamlError::CustomTag {
                    origin: at(1, 4),
                    tag: "!!python/tuple".into(),
                },
            ),
            (
                "custom tag on a map",
                "a: !custom {b: 1}\n",
                YamlError::CustomTag {
                    origin: at(1, 4),
                    tag: "!custom".into(),
                },
            ),
            (
                "custom tag on a key",
                "!k a: 1\n",
                YamlError::CustomTag {
                    origin: at(1, 1),
                    tag: "!k".into(),
                },
            ),
            (
                "python tag",
                "a: !!python/tuple [1]\n",
                YamlError::CustomTag {
                    origin: at(1, 4),
                    tag: "!!python/tuple".into(),
                },
            ),
            (
                "int tag on text",
                "a: !!int abc\n",
                YamlError::TagMismatch {
                    origin: at(1, 4),
                    tag: "!!int".into(),
                    text: "abc".into(),
                },
            ),
            (
                "str tag on a map",
                "a: !!str {b: 1}\n",
                YamlError::TagMismatch {
                    origin: at(1, 4),
                    tag: "!!str".into(),
                    text: "{...}".into(),
                },
            ),
            (
                "bad base64",
                "a: !!binary ==\n",
                YamlError::InvalidBase64 { origin: at(1, 4) },
            ),
            (
                "merge of a scalar",
                "a: 1\n<<: 5\n",
                YamlError::MergeNotMap {
                    origin: at(2, 1),
                    kind: "a number",
                },
            ),
            (
                "merge of a list alias",
                "x: &x [1]\nm:\n  <<: *x\n",
                YamlError::MergeNotMap {
                    origin: at(3, 3),
                    kind: "a list",
                },
            ),
            (
                "merge list with a scalar",
                "x: &x {a: 1}\nm:\n  <<: [*x, 2]\n",
                YamlError::MergeNotMap {
                    origin: at(3, 3),
                    kind: "a number",
                },
            ),
            (
                "merge of null",
                "m:\n  <<:\n",
                YamlError::MergeNotMap {
                    origin: at(2, 3),
                    kind: "null",
                },
            ),
            (
                "tab indentation",
                "a:\n\tb: 1\n",
                YamlError::TabIndent { origin: at(2, 1) },
            ),
            (
                "tab at the top",
                "\ta: 1\n",
                YamlError::TabIndent { origin: at(1, 1) },
            ),
            (
                "tab after a dash",
                "-\t1\n",
                YamlError::TabIndent { origin: at(1, 2) },
            ),
            (
                "syntax",
                "a: 1\n  b: 2\n",
                YamlError::Syntax {
                    origin: at(2, 4),
                    message: "mapping values are not allowed in this context".into(),
                    kind: SyntaxKind::Other,
                },
            ),
            (
                "unclosed flow",
                "a: [1, 2\n",
                YamlError::Syntax {
                    origin: at(2, 1),
                    message: "while parsing a flow sequence, expected ',' or ']'".into(),
                    kind: SyntaxKind::Other,
                },
            ),
            (
                "control character",
                "a: 1\nb: \u{1b}x\n",
                YamlError::ControlCharacter {
                    origin: at(2, 4),
                    code: 0x1B,
                },
            ),
        ];
        for (rule, text, expected) in rows {
            assert_eq!(parse(text), Err(expected), "{rule}: {text:?}");
        }
    }

    #[test]
    fn refuses_invalid_utf8_and_utf16() {
        let err = parse_values(b"a: 1\nb: \xff\n", source(), &Limits::default()).unwrap_err();
        assert_eq!(
            err,
            YamlError::InvalidUtf8 {
                origin: at(2, 4),
                byte: 0xFF
            }
        );
        let utf16: Vec<u8> = "a: 1\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let err = parse_values(&utf16, source(), &Limits::default()).unwrap_err();
        assert_eq!(err, YamlError::Utf16 { origin: at(1, 1) });
    }

    #[test]
    fn records_every_value_position() {
        let file = parse("a: 1\nb:\n  c: [x, {d: e}]\n  f:\ng: |\n  text\n").unwrap();
        let root = file.root.unwrap();
        // (path, line, col)
        let rows = [
            ("a", 1, 4),
            ("b", 3, 3),
            ("b.c", 3, 6),
            ("b.c[0]", 3, 7),
            ("b.c[1]", 3, 10),
            ("b.c[1].d", 3, 14),
            ("b.f", 4, 4),
            ("g", 6, 3),
        ];
        for (path, line, col) in rows {
            let node = root.get(&KeyPath::parse(path).unwrap()).unwrap();
            assert_eq!(node.origin, at(line, col), "{path}");
        }
        assert_eq!(root.origin, at(1, 1));
    }

    #[test]
    fn copies_keep_the_origins_of_the_anchor() {
        let file = parse("x: &a {k: v}\nw: *a\nz:\n  <<: *a\n  own: 1\n").unwrap();
        let root = file.root.unwrap();
        let rows = [("w", 1, 4), ("w.k", 1, 11), ("z.k", 1, 11), ("z.own", 5, 8)];
        for (path, line, col) in rows {
            let node = root.get(&KeyPath::parse(path).unwrap()).unwrap();
            assert_eq!(node.origin, at(line, col), "{path}");
        }
    }

    #[test]
    fn keeps_insertion_order() {
        let file = parse("z: 1\na: 2\nm: 3\na: 4\n").unwrap();
        let root = file.root.unwrap();
        let keys: Vec<&str> = root.as_map().unwrap().keys().map(|k| k.as_str()).collect();
        assert_eq!(keys, ["z", "a", "m"]);
    }

    #[test]
    fn reports_duplicate_keys_with_both_positions() {
        let file =
            parse("a: 1\nb:\n  c: 1\n  list:\n    - {x: 1, x: 2}\n  c: 2\na: 3\nyes: 1\non: 2\n")
                .unwrap();
        let found: Vec<(String, Origin, Origin)> = file
            .duplicates
            .into_iter()
            .map(|d| (d.path.to_string(), d.first, d.second))
            .collect();
        assert_eq!(
            found,
            [
                ("b.list[0].x".to_string(), at(5, 8), at(5, 14)),
                ("b.c".to_string(), at(3, 3), at(6, 3)),
                ("a".to_string(), at(1, 1), at(7, 1)),
                ("true".to_string(), at(8, 1), at(9, 1)),
            ]
        );
    }

    #[test]
    fn notes_each_hazard_once_where_it_was_written() {
        let text = "a: yes\non: 1\nlist: [010, 1.10, '1.10', \"yes\", 1_000]\n\
                    big: 9007199254740993\nanchor: &x off\ncopy: *x\n\"true\": 2\n\
                    m:\n  y: 1\n  Y: 2\ntag: !!str no\n";
        let found: Vec<String> = parse(text)
            .unwrap()
            .hazards
            .into_iter()
            .map(|h| {
                let kind = match &h.kind {
                    HazardKind::KeyCollision { first, first_text } => {
                        format!(
                            "collides with {first_text:?} at {}:{}",
                            first.line, first.col
                        )
                    }
                    other => format!("{other:?}"),
                };
                format!(
                    "{}:{} {} {:?} {:?} -> {:?} {kind}",
                    h.origin.line, h.origin.col, h.path, h.role, h.text, h.reading
                )
            })
            .collect();
        // The alias `*x` and the quoted and tagged scalars note nothing; `Y:` after `y:`
        // is one collision, not also a boolean key.
        assert_eq!(
            found,
            [
                r#"1:4 a Value "yes" -> "true" Boolean"#,
                r#"2:1 true Key "on" -> "true" Boolean"#,
                r#"3:8 list[0] Value "010" -> "8" LeadingZero"#,
                r#"3:13 list[1] Value "1.10" -> "1.1" TrailingZero"#,
                r#"3:34 list[4] Value "1_000" -> "1000" Underscore"#,
                r#"4:6 big Value "9007199254740993" -> "9007199254740992" BigInteger"#,
                r#"5:9 anchor Value "off" -> "false" Boolean"#,
                r#"7:1 true Key "true" -> "true" collides with "on" at 2:1"#,
                r#"9:3 m.true Key "y" -> "true" Boolean"#,
                r#"10:3 m.true Key "Y" -> "true" collides with "y" at 9:3"#,
            ]
        );
    }

    #[test]
    fn caps_the_hazards_of_one_file() {
        let text = format!(
            "a: [{}]\n",
            vec!["yes"; MAX_REPORTED_HAZARDS + 10].join(", ")
        );
        let file = parse(&text).unwrap();
        assert_eq!(file.hazards.len(), MAX_REPORTED_HAZARDS);
        assert_eq!(file.hazards_omitted, 10);
    }

    #[test]
    fn notes_a_second_document_without_parsing_it() {
        // (input, start of the second document)
        let rows: Vec<(&str, Option<Origin>)> = vec![
            ("a: 1\n", None),
            ("---\na: 1\n", None),
            ("a: 1\n...\n", None),
            ("a: 1\n---\nb: 2\n", Some(at(2, 1))),
            ("a: 1\n---\n}bad\n", Some(at(2, 1))),
            ("---\n---\nc: 3\n", Some(at(2, 1))),
            ("a: 1\n...\n---\nb: 2\n", Some(at(3, 1))),
            ("a: 1\n...\n}\n", Some(at(3, 1))),
        ];
        for (text, expected) in rows {
            assert_eq!(parse(text).unwrap().extra_document, expected, "{text:?}");
        }
    }

    #[test]
    fn spec_merge_example_gives_equal_maps() {
        // yaml.org/type/merge.html, as go-yaml's own tests use it.
        let text = "anchors:\n  list:\n    - &CENTER { \"x\": 1, \"y\": 2 }\n    - &LEFT   { \"x\": 0, \"y\": 2 }\n    - &BIG    { \"r\": 10 }\n    - &SMALL  { \"r\": 1 }\nplain:\n  \"x\": 1\n  \"y\": 2\n  \"r\": 10\n  label: center/big\nmergeOne:\n  << : *CENTER\n  \"r\": 10\n  label: center/big\nmergeMultiple:\n  << : [ *CENTER, *BIG ]\n  label: center/big\noverride:\n  << : [ *BIG, *LEFT, *SMALL ]\n  \"x\": 1\n  label: center/big\nshortTag:\n  !!merge \"<<\" : [ *CENTER, *BIG ]\n  label: center/big\nlongTag:\n  !<tag:yaml.org,2002:merge> \"<<\" : [ *CENTER, *BIG ]\n  label: center/big\ninlineMap:\n  << : {\"x\": 1, \"y\": 2, \"r\": 10}\n  label: center/big\ninlineSequenceMap:\n  << : [ *CENTER, {\"r\": 10} ]\n  label: center/big\n";
        let root = parse(text).unwrap().root.unwrap();
        let map = root.as_map().unwrap();
        let want = r#"{"label":"center/big","r":10,"x":1,"y":2}"#;
        for (name, node) in map.iter().filter(|(k, _)| *k != "anchors") {
            assert_eq!(to_json_compact(node), want, "{name}");
        }
        assert_eq!(map.len(), 9);
    }

    /// Runs `f` on a thread with a 256 KiB stack: it must not recurse over the input's depth.
    fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
        std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(f)
            .expect("spawning a test thread")
            .join()
            .expect("the parse must not overflow the stack")
    }

    /// Parses each text on a small stack and checks it fails with the expected error, fast.
    fn assert_each_fails_fast(rows: Vec<(String, YamlError)>) {
        for (text, expected) in rows {
            let started = Instant::now();
            let got = on_small_stack(move || {
                parse_values(text.as_bytes(), "values.yaml".into(), &Limits::default())
            });
            assert_eq!(got, Err(expected));
            assert_fast(started);
        }
    }

    fn assert_fast(started: Instant) {
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "took {:?}",
            started.elapsed()
        );
    }

    #[test]
    fn deep_flow_nesting_fails_fast_without_recursion() {
        let rows: Vec<(String, YamlError)> = vec![
            // Beyond the parser's own 255 levels, which it scans before producing events:
            // found by the layout scan, at the same bracket as the builder would.
            (
                format!("a: {}", "[".repeat(100_000)),
                YamlError::TooDeep {
                    origin: at(1, 203),
                    limit: 200,
                },
            ),
            (
                format!("a: {}", "{a: ".repeat(100_000)),
                YamlError::TooDeep {
                    origin: at(1, 4 + 4 * 199),
                    limit: 200,
                },
            ),
            // Flow levels the parser already reported are not counted twice.
            (
                format!("a: [x, {}", "[".repeat(300)),
                YamlError::TooDeep {
                    origin: at(1, 206),
                    limit: 200,
                },
            ),
            (
                format!("a: &x [x, {}", "[".repeat(300)),
                YamlError::TooDeep {
                    origin: at(1, 209),
                    limit: 200,
                },
            ),
            // A syntax error before the deep part is reported as such.
            (
                format!("a: b: c\nd: {}", "[".repeat(300)),
                YamlError::Syntax {
                    origin: at(1, 5),
                    message: "mapping values are not allowed in this context".into(),
                    kind: SyntaxKind::Other,
                },
            ),
            // Within the parser's reach: found by the builder (the root map is level 1).
            (
                format!("a: {}{}", "[".repeat(230), "]".repeat(230)),
                YamlError::TooDeep {
                    origin: at(1, 203),
                    limit: 200,
                },
            ),
        ];
        assert_each_fails_fast(rows);
    }

    #[test]
    fn deep_block_nesting_fails_fast_without_recursion() {
        let mut keys = String::new();
        for depth in 0..3_000 {
            keys.push_str(&" ".repeat(depth));
            keys.push_str("k:\n");
        }
        let rows: Vec<(String, YamlError)> = vec![
            (
                format!("a:\n{}x\n", "- ".repeat(100_000)),
                YamlError::TooDeep {
                    origin: at(2, 399),
                    limit: 200,
                },
            ),
            (
                keys,
                YamlError::TooDeep {
                    origin: at(201, 201),
                    limit: 200,
                },
            ),
        ];
        assert_each_fails_fast(rows);
    }

    #[test]
    fn nesting_at_the_limit_is_fine() {
        let limits = Limits {
            max_depth: 5,
            ..Limits::default()
        };
        let ok = "a: [[[[1]]]]\n";
        assert!(parse_values(ok.as_bytes(), source(), &limits).is_ok());
        let deep = "a: [[[[[1]]]]]\n";
        assert_eq!(
            parse_values(deep.as_bytes(), source(), &limits),
            Err(YamlError::TooDeep {
                origin: at(1, 8),
                limit: 5
            })
        );
        // An alias copy counts at the depth where it lands.
        let via_alias = "x: &x [[1]]\na: [[[*x]]]\n";
        assert_eq!(
            parse_values(via_alias.as_bytes(), source(), &limits),
            Err(YamlError::TooDeep {
                origin: at(2, 7),
                limit: 5
            })
        );
    }

    #[test]
    fn alias_bomb_fails_fast_with_small_memory() {
        let mut text = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        for (name, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"]
            .iter()
            .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
        {
            let aliases = vec![format!("*{prev}"); 9].join(",");
            text.push_str(&format!("{name}: &{name} [{aliases}]\n"));
        }
        let started = Instant::now();
        // Cumulative alias nodes: b 90, c 909, d 8,289, e 74,718; f's first *e adds 66,430.
        assert_eq!(
            parse(&text),
            Err(YamlError::AliasBudget {
                origin: at(6, 8),
                limit: 100_000,
                anchor: "e".into()
            })
        );
        assert_fast(started);
    }

    #[test]
    fn nested_anchors_count_their_copies() {
        // Each anchor keeps a copy of its value: 200 nested anchors over a large list would
        // otherwise hold 200 copies of it.
        let mut text = String::from("a: ");
        for i in 0..150 {
            text.push_str(&format!("&a{i} ["));
        }
        text.push_str(&vec!["1"; 20_000].join(","));
        text.push_str(&"]".repeat(150));
        let limits = Limits {
            max_nodes: 200_000,
            ..Limits::default()
        };
        let started = Instant::now();
        let err = parse_values(text.as_bytes(), source(), &limits).unwrap_err();
        assert!(
            matches!(err, YamlError::NodeBudget { limit: 200_000, .. }),
            "{err:?}"
        );
        assert_fast(started);
    }

    #[test]
    fn reports_a_bounded_number_of_duplicates() {
        let text = format!(
            "a: {{{}}}\n",
            vec!["k: 1"; MAX_REPORTED_DUPLICATES + 10].join(", ")
        );
        let file = parse(&text).unwrap();
        assert_eq!(file.duplicates.len(), MAX_REPORTED_DUPLICATES);
        assert_eq!(file.duplicates_omitted, 9);
        assert_eq!(to_json_compact(&file.root.unwrap()), r#"{"a":{"k":1}}"#);
    }

    #[test]
    fn counts_nodes_against_the_limit() {
        let limits = Limits {
            max_nodes: 5,
            ..Limits::default()
        };
        let ok = "a: [1, 2]\nb: 3\n";
        assert!(parse_values(ok.as_bytes(), source(), &limits).is_ok());
        let over = "a: [1, 2]\nb: 3\nc: 4\n";
        assert_eq!(
            parse_values(over.as_bytes(), source(), &limits),
            Err(YamlError::NodeBudget {
                origin: at(3, 4),
                limit: 5
            })
        );
        let limits = Limits {
            max_alias_nodes: 3,
            ..Limits::default()
        };
        let aliases = "a: &a [1, 2]\nb: *a\nc: *a\n";
        assert_eq!(
            parse_values(aliases.as_bytes(), source(), &limits),
            Err(YamlError::AliasBudget {
                origin: at(3, 4),
                limit: 3,
                anchor: "a".into()
            })
        );
    }
}
