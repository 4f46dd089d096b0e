//! [`Document`]: a YAML file as written — its exact bytes and a tree of nodes with byte
//! spans, styles, comments and indentation — for reading positions and for editing a file
//! without disturbing anything else in it. The values themselves (typed the YAML 1.1 way
//! Helm types them) come from [`parse_values`](super::parse_values), not from here.
//!
//! The tree is built from saphyr-parser's events (the parser the reader already uses, so
//! both agree on what parses) with the spans the events leave out computed from the text
//! (`doc_text`); see ARCHITECTURE.md, "Decisions", for why not a lossless syntax-tree crate.
//! Only the first document gets a tree; every byte of the file, the rest included, is kept.
//! Text saphyr refuses but Helm reads (a tab after `key:`, a `\'` escape, a flow collection
//! continued left of its key) has no document model: [`Document::parse`] returns the error.

use std::fmt;

use crate::values::{KeyPath, Segment, SourceName};

use super::doc_builder::build_tree;
use super::doc_node::{ByteSpan, DocNode, Entry, LineEnding, NodeId, NodeKind, ScalarStyle};
use super::encoding;
use super::error::YamlError;
use super::limits::Limits;
use super::scalar::RawScalar;

const UTF8_BOM: &str = "\u{feff}";

/// A YAML file: its bytes and the tree of its first document.
#[derive(Clone, Debug)]
pub struct Document {
    /// The whole file, byte order mark included.
    text: String,
    /// Bytes of the byte order mark (0 or 3).
    bom: usize,
    line_ending: LineEnding,
    nodes: Vec<DocNode>,
    root: Option<NodeId>,
    /// Byte offset of the start of every line (after the byte order mark).
    line_starts: Vec<usize>,
    /// The name errors are reported under, and the limits the file was read with (an edit
    /// reads the file again).
    source: SourceName,
    limits: Limits,
}

/// Why a path has no node in a document.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LookupError {
    /// No value at the path (a missing key, an index past the end, a key under a scalar).
    #[error("`{path}` is not in the file")]
    Missing { path: KeyPath },
    /// The path goes through an alias (`*name`): the value is written elsewhere.
    #[error("`{path}` is reached through the alias *{alias}")]
    ThroughAlias { path: KeyPath, alias: String },
}

impl Document {
    /// Reads `bytes` as a YAML file: checked as a values file is (encoding, control
    /// characters), then parsed, with the depth and node limits of `limits`.
    pub fn parse(bytes: &[u8], source: &SourceName, limits: &Limits) -> Result<Self, YamlError> {
        let body = encoding::decode(bytes, source)?;
        let bom = bytes.len() - body.len();
        let tree = build_tree(body, source, limits)?;
        let mut nodes = tree.nodes;
        if bom > 0 {
            shift(&mut nodes, bom);
        }
        let mut text = String::with_capacity(bytes.len());
        if bom > 0 {
            text.push_str(UTF8_BOM);
        }
        text.push_str(body);
        let line_starts = line_starts(&text, bom);
        Ok(Document {
            line_ending: LineEnding::of(body),
            text,
            bom,
            nodes,
            root: tree.root.map(|id| NodeId(id.0)),
            line_starts,
            source: source.clone(),
            limits: *limits,
        })
    }

    /// Returns the file's text, byte order mark included: exactly the bytes read.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Returns the file's bytes, exactly as read (or as edited).
    pub fn to_bytes(&self) -> Vec<u8> {
        self.text.as_bytes().to_vec()
    }

    /// Returns true when the file starts with a UTF-8 byte order mark.
    pub fn has_bom(&self) -> bool {
        self.bom > 0
    }

    /// Returns the line break the file uses (its first one).
    pub fn line_ending(&self) -> LineEnding {
        self.line_ending
    }

    /// Returns the root node of the first document (`None` for an empty one).
    pub fn root(&self) -> Option<NodeId> {
        self.root
    }

    /// Returns a node.
    pub fn node(&self, id: NodeId) -> &DocNode {
        &self.nodes[id.0]
    }

    /// Returns every node, in the order the parser met them.
    pub fn nodes(&self) -> impl Iterator<Item = (NodeId, &DocNode)> {
        self.nodes.iter().enumerate().map(|(i, n)| (NodeId(i), n))
    }

    /// Returns the text of a span.
    pub fn slice(&self, span: ByteSpan) -> &str {
        &self.text[span.start..span.end]
    }

    /// Returns the name Helm gives a map key node (`on` is `"true"`), if it is a scalar.
    pub fn key_name(&self, id: NodeId) -> Option<String> {
        let NodeKind::Scalar { style, text } = &self.node(id).kind else {
            return None;
        };
        let style = match style {
            ScalarStyle::Plain => saphyr_parser::ScalarStyle::Plain,
            ScalarStyle::SingleQuoted => saphyr_parser::ScalarStyle::SingleQuoted,
            ScalarStyle::DoubleQuoted => saphyr_parser::ScalarStyle::DoubleQuoted,
            ScalarStyle::Literal => saphyr_parser::ScalarStyle::Literal,
            ScalarStyle::Folded => saphyr_parser::ScalarStyle::Folded,
        };
        RawScalar {
            text: text.to_string(),
            style,
            tag: None,
        }
        .to_key()
        .ok()
    }

    /// Returns the node at `path` and the map entry that holds it (none for the root and
    /// list items). A duplicated key finds its last entry, the one Helm keeps; `<<` merges
    /// are not followed (the merged value is written elsewhere).
    pub fn lookup(&self, path: &KeyPath) -> Result<(NodeId, Option<&Entry>), LookupError> {
        let missing = || LookupError::Missing { path: path.clone() };
        let mut id = self.root.ok_or_else(missing)?;
        let mut entry = None;
        for segment in path.segments() {
            let node = self.node(id);
            if let NodeKind::Alias { name } = &node.kind {
                return Err(LookupError::ThroughAlias {
                    path: path.clone(),
                    alias: name.clone(),
                });
            }
            match (segment, &node.kind) {
                (Segment::Key(key), NodeKind::Map { entries, .. }) => {
                    let found = entries
                        .iter()
                        .rev()
                        .find(|e| self.key_name(e.key).as_deref() == Some(key.as_str()))
                        .ok_or_else(missing)?;
                    id = found.value;
                    entry = Some(found);
                }
                (Segment::Index(index), NodeKind::List { items, .. }) => {
                    id = items.get(*index).ok_or_else(missing)?.value;
                    entry = None;
                }
                _ => return Err(missing()),
            }
        }
        Ok((id, entry))
    }

    /// Returns the span of the value at `path` (properties included).
    pub fn value_span(&self, path: &KeyPath) -> Option<ByteSpan> {
        self.lookup(path).ok().map(|(id, _)| self.node(id).span)
    }

    /// Returns the 1-based line and column (in characters, as origins count them) of a byte
    /// offset.
    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts[line - 1];
        let col = self.text[start..offset.min(self.text.len())]
            .chars()
            .count()
            + 1;
        (
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(col).unwrap_or(u32::MAX),
        )
    }

    /// Returns the byte offset of a 1-based line and column, if the line has that column.
    pub fn offset_of(&self, line: u32, col: u32) -> Option<usize> {
        let start = *self.line_starts.get((line as usize).checked_sub(1)?)?;
        let end = self
            .line_starts
            .get(line as usize)
            .copied()
            .unwrap_or(self.text.len());
        let text = &self.text[start..end];
        let (at, _) = text.char_indices().nth((col as usize).checked_sub(1)?)?;
        Some(start + at)
    }

    /// Returns the smallest node whose span starts at a 1-based line and column: the value
    /// an origin points at (a key rather than the block map it starts).
    pub fn node_at(&self, line: u32, col: u32) -> Option<NodeId> {
        let offset = self.offset_of(line, col)?;
        self.nodes()
            .filter(|(_, n)| n.span.start == offset)
            .min_by_key(|(_, n)| n.span.len())
            .map(|(id, _)| id)
    }

    /// Returns the text of a 1-based line, without its line break (or the byte order mark).
    pub fn line(&self, line: u32) -> Option<&str> {
        let start = *self.line_starts.get((line as usize).checked_sub(1)?)?;
        let end = self
            .line_starts
            .get(line as usize)
            .copied()
            .unwrap_or(self.text.len());
        Some(self.text[start..end].trim_end_matches(['\n', '\r']))
    }

    /// Returns how many characters of its line the node starting at a 1-based line and
    /// column covers: its span up to the end of that line (a block scalar's header only),
    /// without trailing spaces. This is the width of the carets under a value.
    pub fn width_at(&self, line: u32, col: u32) -> Option<usize> {
        let id = self.node_at(line, col)?;
        let node = self.node(id);
        let text = self.line(line)?;
        let from = node.span.start - self.offset_of(line, 1)?;
        let on_line = &text[from.min(text.len())..];
        let end = (node.span.end - node.span.start).min(on_line.len());
        let mut shown = on_line[..end].trim_end();
        if let NodeKind::Scalar {
            style: ScalarStyle::Literal | ScalarStyle::Folded,
            ..
        } = node.kind
        {
            let header = node.body.start - node.span.start;
            let rest = &shown[header.min(shown.len())..];
            let cut = rest.find([' ', '\t']).unwrap_or(rest.len());
            shown = &shown[..header.min(shown.len()) + cut];
        }
        Some(shown.chars().count().max(1))
    }

    /// Replaces the bytes of `span` with `with` and reads the result again, so every span
    /// stays true. On a parse error the document is left as it was.
    pub(crate) fn splice(&mut self, span: ByteSpan, with: &str) -> Result<(), YamlError> {
        let mut text = String::with_capacity(self.text.len() + with.len());
        text.push_str(&self.text[..span.start]);
        text.push_str(with);
        text.push_str(&self.text[span.end..]);
        *self = Document::parse(text.as_bytes(), &self.source, &self.limits)?;
        Ok(())
    }
}

impl fmt::Display for Document {
    /// Writes the file's text exactly (byte order mark included).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Moves every span `by` bytes later (past a byte order mark).
fn shift(nodes: &mut [DocNode], by: usize) {
    for node in nodes {
        node.span = node.span.shifted(by);
        node.body = node.body.shifted(by);
        match &mut node.kind {
            NodeKind::Map { entries, .. } => entries.iter_mut().for_each(|e| {
                shift_entry(
                    &mut e.span,
                    &mut e.leading_comments,
                    &mut e.trailing_comment,
                    by,
                )
            }),
            NodeKind::List { items, .. } => items.iter_mut().for_each(|i| {
                shift_entry(
                    &mut i.span,
                    &mut i.leading_comments,
                    &mut i.trailing_comment,
                    by,
                )
            }),
            NodeKind::Scalar { .. } | NodeKind::Alias { .. } => {}
        }
    }
}

fn shift_entry(
    span: &mut ByteSpan,
    leading: &mut [ByteSpan],
    trailing: &mut Option<ByteSpan>,
    by: usize,
) {
    *span = span.shifted(by);
    for comment in leading.iter_mut().chain(trailing.iter_mut()) {
        *comment = comment.shifted(by);
    }
}

/// Returns the byte offset of every line's start, lines broken as YAML breaks them (`\n`,
/// `\r\n`, a lone `\r`); the first line starts after the byte order mark.
fn line_starts(text: &str, bom: usize) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![bom];
    let mut i = bom;
    while i < bytes.len() {
        match bytes[i] {
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                starts.push(i + 2);
                i += 2;
            }
            b'\n' | b'\r' => {
                starts.push(i + 1);
                i += 1;
            }
            _ => i += 1,
        }
    }
    starts
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::yaml::CollectionStyle;
    use std::path::{Path, PathBuf};

    pub(crate) fn parse(text: &str) -> Document {
        Document::parse(text.as_bytes(), &"v.yaml".into(), &Limits::default())
            .unwrap_or_else(|e| panic!("{text:?}: {e}"))
    }

    /// Checks what every span of `doc` claims against its text: scalars are where their
    /// style says, entries hold their key and value in order, comments are comments, block
    /// collections are indented to their first key or dash.
    fn check_spans(doc: &Document, name: &str) {
        for (id, node) in doc.nodes() {
            let span = doc.slice(node.span);
            let body = doc.slice(node.body);
            assert!(node.span.start <= node.body.start && node.body.end <= node.span.end);
            match &node.kind {
                NodeKind::Scalar { style, text } => match style {
                    ScalarStyle::Plain if !text.contains(['\n', ' ']) => {
                        assert_eq!(body, text, "{name}: plain {id:?}")
                    }
                    ScalarStyle::Plain => assert!(
                        body.starts_with(text.chars().next().unwrap_or(' ')),
                        "{name}"
                    ),
                    ScalarStyle::SingleQuoted if !body.contains(['\n', '\r']) => {
                        assert_eq!(body, format!("'{}'", text.replace('\'', "''")), "{name}")
                    }
                    ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
                        let q = if *style == ScalarStyle::DoubleQuoted {
                            '"'
                        } else {
                            '\''
                        };
                        assert!(body.starts_with(q) && body.ends_with(q), "{name}: {body:?}");
                    }
                    ScalarStyle::Literal | ScalarStyle::Folded => {
                        assert!(
                            body.starts_with(['|', '>']),
                            "{name}: {body:?} after {:?}",
                            &doc.text()[node.span.start.saturating_sub(120)..node.span.start]
                        );
                        // Folding joins lines: compare the last word.
                        let last = text.split_whitespace().last().unwrap_or("");
                        assert!(body.trim_end().ends_with(last), "{name}: {body:?}");
                    }
                },
                NodeKind::Alias { name: alias } => assert_eq!(span, format!("*{alias}")),
                NodeKind::Map { style, entries } => {
                    let mut after = node.body.start;
                    for entry in entries {
                        let key = doc.node(entry.key).span;
                        let value = doc.node(entry.value).span;
                        assert!(after <= entry.span.start, "{name}: entries overlap");
                        assert_eq!(entry.span.start, key.start);
                        assert!(key.end <= value.start && value.end <= entry.span.end);
                        for c in entry.leading_comments.iter().chain(&entry.trailing_comment) {
                            assert!(doc.slice(*c).starts_with('#'), "{name}");
                        }
                        after = entry.span.end;
                    }
                    if *style == CollectionStyle::Flow && body.starts_with('{') {
                        assert!(body.ends_with('}'), "{name}: {body:?}");
                    }
                    if let (Some(indent), Some(first)) = (node.indent, entries.first()) {
                        // At the first key, or at the `?` of a complex one.
                        let key = doc.node(first.key).span.start;
                        let line = doc.text()[..key].rfind(['\n', '\r']).map_or(0, |i| i + 1);
                        let at = doc.text()[line..].chars().nth(indent);
                        let (_, col) = doc.line_col(key);
                        assert!(indent + 1 == col as usize || at == Some('?'), "{name}");
                    }
                }
                NodeKind::List { style, items } => {
                    let mut after = node.body.start;
                    for item in items {
                        assert!(after <= item.span.start, "{name}: items overlap");
                        let value = doc.node(item.value).span;
                        assert!(item.span.start <= value.start && value.end <= item.span.end);
                        if *style == CollectionStyle::Block {
                            assert!(
                                doc.slice(item.span).starts_with('-'),
                                "{name}: {:?} in {:?}",
                                doc.slice(item.span),
                                &doc.text()[node.span.start.saturating_sub(80)
                                    ..(node.span.end + 20).min(doc.text().len())]
                            );
                        }
                        if let (Some(indent), true) = (node.indent, after == node.body.start) {
                            let (_, col) = doc.line_col(item.span.start);
                            assert_eq!(indent + 1, col as usize, "{name}: list indent");
                        }
                        after = item.span.end;
                    }
                    if *style == CollectionStyle::Flow && body.starts_with('[') {
                        assert!(body.ends_with(']'), "{name}: {body:?}");
                    }
                }
            }
        }
    }

    /// Returns the values files of the real charts: every YAML file but `Chart.yaml`,
    /// templates and CRDs.
    pub(crate) fn real_values_files() -> Vec<PathBuf> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real-charts");
        let mut files = Vec::new();
        let mut dirs = vec![root];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).expect("fixture folder") {
                let path = entry.expect("fixture entry").path();
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
                if path.is_dir() {
                    if !matches!(name, "templates" | "crds") {
                        dirs.push(path);
                    }
                } else if name.ends_with(".yaml") && name != "Chart.yaml" {
                    files.push(path);
                }
            }
        }
        files.sort();
        files
    }

    #[test]
    fn gives_back_every_byte_of_the_real_values_files() {
        let files = real_values_files();
        assert!(files.len() >= 55, "{} files", files.len());
        for path in files {
            let bytes = std::fs::read(&path).expect("fixture");
            let name = path.display().to_string();
            let doc = Document::parse(&bytes, &name.as_str().into(), &Limits::default())
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(doc.to_bytes(), bytes, "{name}");
            assert_eq!(doc.to_string().as_bytes(), bytes.as_slice(), "{name}");
            check_spans(&doc, &name);
        }
    }

    #[test]
    fn gives_back_every_byte_of_hostile_layouts() {
        // (what the row shows, the text)
        let rows: &[(&str, &str)] = &[
            ("empty", ""),
            ("only a comment", "# nothing\n"),
            ("no final line break", "a: 1"),
            ("CRLF", "a: 1\r\nb:\r\n  c: \"x\" # q\r\n"),
            ("lone CR", "a: 1\rb: 2\r"),
            ("BOM", "\u{feff}a: 1\n"),
            ("BOM and CRLF", "\u{feff}# c\r\na: [1, 2]\r\n"),
            (
                "blank lines and trailing spaces",
                "\n\na: 1   \n\n\nb: 2\n\n",
            ),
            (
                "anchors and aliases",
                "base: &b {x: 1}\nother: *b\nm:\n  <<: *b\n  y: 2\n",
            ),
            (
                "flow maps",
                "a: {b: [1, {c: d}], 'e': \"f\"}\nb: [\n  1,\n  2\n  ]\n",
            ),
            (
                "block scalars",
                "a: |\n  x\n\n  y\n\nb: >-\n  z\nc: |+\n  keep\n\n\nd: 1\n",
            ),
            (
                "block scalar with properties",
                "a: &s !!str |\n  x\nb: *s\n",
            ),
            ("indented block scalar header", "a:\n  |\n   x\nb: 1\n"),
            (
                "comments everywhere",
                "# top\na: 1 # one\n# above b\nb: # after key\n  c: 2\n",
            ),
            (
                "quoted with hash",
                "a: \"x # not a comment\" # comment\nb: 'it''s' #c\n",
            ),
            (
                "multi-line quoted",
                "a: \"one\n  two\" # c\nb: 'x\n\n  y'\n",
            ),
            ("multi-line plain", "a: one\n  two\n  three\nb: 1\n"),
            (
                "nested lists",
                "l:\n- - a\n  - b\n- k: v\n  j: w\n-\n  x\n- # c\n  y\n",
            ),
            (
                "explicit document",
                "%YAML 1.1\n---\na: 1\n...\n---\nb: 2\n",
            ),
            ("complex key", "? a\n: 1\n? [x]\n: 2\n"),
            ("unicode", "é: ü\nключ: \"значение\" # коммент\nemoji: 🎉\n"),
            ("empty values", "a:\nb: ~\nc: ''\nd:\n  - \n  -\n"),
            ("tags", "a: !!str 1\nb: !!int \"2\"\nc: !!map {x: 1}\n"),
            ("document start only", "---\n"),
            ("scalar document", "just text\n"),
            ("deep flow", "a: [[[[[[[[1]]]]]]]]\n"),
            ("flow pairs", "a: [b: 1, c, d: [e]]\n"),
            ("a broken second document", "a: 1\n---\n[unclosed: {\n"),
            (
                "flow with comments",
                "a: [1, 2]  # c\nb: {x: 1, } # d\nc: [\n  1, # one\n  2 # two\n] # e\n",
            ),
            (
                "trailing comment without space after value",
                "a: 1 #c\nb: x#y\n",
            ),
        ];
        for (what, text) in rows {
            let doc = parse(text);
            assert_eq!(doc.to_string(), *text, "{what}");
            assert_eq!(doc.has_bom(), text.starts_with('\u{feff}'), "{what}");
            check_spans(&doc, what);
        }
    }

    #[test]
    fn never_panics_on_cut_and_mangled_files() {
        // The files of the real charts cut and with YAML's indicators dropped in: each
        // parses or is refused, and what parses keeps its spans true. (Run with 150,000
        // rounds while writing the model; a few hundred here keep the suite fast.)
        let texts: Vec<String> = real_values_files()
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect();
        let pieces = [
            "\"", "'", "|", ">-", "{", "[", "]", "}", "#", ": ", "- ", "&a ", "*a", "\t", "é",
            "\r\n", "? ", "!!str ",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) as usize % n
        };
        for round in 0..300 {
            let text = &texts[round % texts.len()];
            let mut mangled = text.to_string();
            for _ in 0..1 + round % 3 {
                let mut at = next(mangled.len());
                while !mangled.is_char_boundary(at) {
                    at -= 1;
                }
                mangled.insert_str(at, pieces[next(pieces.len())]);
            }
            let mut cut = next(mangled.len() + 1);
            while !mangled.is_char_boundary(cut) {
                cut -= 1;
            }
            for candidate in [&mangled[..], &mangled[..cut]] {
                let Ok(doc) =
                    Document::parse(candidate.as_bytes(), &"v.yaml".into(), &Limits::default())
                else {
                    continue;
                };
                assert_eq!(doc.to_string(), candidate);
                check_spans(&doc, &format!("round {round}"));
                // Carets and redaction read every node without panicking.
                for (_, node) in doc.nodes() {
                    let (line, col) = doc.line_col(node.span.start);
                    let _ = doc.width_at(line, col);
                }
                let lines: Vec<&str> = candidate
                    .lines()
                    .map(|l| l.trim_end_matches('\r'))
                    .collect();
                crate::secrets::redact_yaml_lines_in(&lines, Some(&doc));
            }
        }
    }

    #[test]
    fn knows_spans_styles_comments_and_indentation() {
        let doc = parse(
            "\u{feff}# top\r\nimage:\r\n  # the tag\r\n  tag: \"1.2\" # pinned\r\n  list: [a, b]\r\nlit: |\r\n  x\r\n\r\nempty:\r\n",
        );
        assert!(doc.has_bom());
        assert_eq!(doc.line_ending(), LineEnding::CrLf);
        let path = KeyPath::parse("image.tag").unwrap();
        let (id, entry) = doc.lookup(&path).unwrap();
        let entry = entry.unwrap();
        assert_eq!(doc.slice(doc.node(id).span), "\"1.2\"");
        assert_eq!(doc.slice(doc.node(entry.key).span), "tag");
        assert_eq!(doc.slice(entry.span), "tag: \"1.2\" # pinned");
        assert_eq!(
            entry
                .leading_comments
                .iter()
                .map(|c| doc.slice(*c))
                .collect::<Vec<_>>(),
            ["# the tag"]
        );
        assert_eq!(doc.line_col(doc.node(id).span.start), (4, 8));
        assert_eq!(doc.line(4), Some("  tag: \"1.2\" # pinned"));
        assert_eq!(doc.line(1), Some("# top"));
        // Carets: a scalar, a key, a flow list, a block scalar's header.
        assert_eq!(doc.width_at(4, 8), Some(5));
        assert_eq!(doc.width_at(2, 1), Some(5));
        assert_eq!(doc.width_at(5, 9), Some(6));
        assert_eq!(doc.width_at(6, 6), Some(1));
        assert_eq!(doc.width_at(4, 9), None);
        assert_eq!(doc.node_at(4, 8), Some(id));
        let (image, _) = doc.lookup(&KeyPath::parse("image").unwrap()).unwrap();
        assert_eq!(doc.node(image).indent, Some(2));
        let (list, _) = doc.lookup(&KeyPath::parse("image.list").unwrap()).unwrap();
        assert!(matches!(
            doc.node(list).kind,
            NodeKind::List {
                style: CollectionStyle::Flow,
                ..
            }
        ));
        assert_eq!(doc.slice(doc.node(list).span), "[a, b]");
        let lit = doc.value_span(&KeyPath::parse("lit").unwrap()).unwrap();
        assert_eq!(doc.slice(lit), "|\r\n  x");
        let n = doc.value_span(&KeyPath::parse("empty").unwrap()).unwrap();
        assert!(n.is_empty());
        assert_eq!(doc.line_col(n.start), (9, 7));
        assert_eq!(
            doc.lookup(&KeyPath::parse("image.nope").unwrap()),
            Err(LookupError::Missing {
                path: KeyPath::parse("image.nope").unwrap()
            })
        );
    }

    #[test]
    fn refuses_what_breaks_the_limits_without_recursing() {
        let limits = Limits {
            max_depth: 50,
            ..Limits::default()
        };
        let deep = format!("{}1", "- ".repeat(10_000));
        let err = Document::parse(deep.as_bytes(), &"v.yaml".into(), &limits).unwrap_err();
        assert!(
            matches!(err, YamlError::TooDeep { limit: 50, .. }),
            "{err:?}"
        );
        let flow = format!("a: {}", "[".repeat(100_000));
        assert!(Document::parse(flow.as_bytes(), &"v.yaml".into(), &limits).is_err());
        let nodes = Limits {
            max_nodes: 10,
            ..Limits::default()
        };
        let many = "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]";
        let err = Document::parse(many.as_bytes(), &"v.yaml".into(), &nodes).unwrap_err();
        assert!(
            matches!(err, YamlError::NodeBudget { limit: 10, .. }),
            "{err:?}"
        );
        let err = Document::parse(b"a: [1\n", &"v.yaml".into(), &limits).unwrap_err();
        assert!(matches!(err, YamlError::Syntax { .. }), "{err:?}");
    }
}
