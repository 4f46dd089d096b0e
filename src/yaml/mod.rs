//! Reading a values file into a [`Node`](crate::values::Node) tree exactly as Helm 3 reads
//! it, with an [`Origin`](crate::values::Origin) (file, line, column) on every value.
//!
//! Helm reads values with go-yaml v2 (YAML 1.1 rules), converts them to JSON with
//! sigs.k8s.io/yaml and decodes the JSON into generic maps. So `yes`/`on` are booleans, `010`
//! is 8, every number is a 64-bit float, keys are always strings (`on:` is `"true"`), `<<`
//! merges maps, duplicate keys are allowed (last wins), `.inf` is an error, and only the first
//! document counts. `shared/spec/helm-values-semantics.md` §2 lists the rules; the tests here
//! hold one row per rule.
//!
//! The pipeline of [`parse_values`]:
//! 1. `encoding`: refuse UTF-16, invalid UTF-8 and control characters with their position;
//!    drop a UTF-8 byte order mark;
//! 2. `layout`: if the text has a tab, find tabs used as indentation (an error for Helm);
//! 3. `builder`: pull saphyr-parser's events for the first document and build the tree with
//!    an explicit stack, enforcing [`Limits`] on depth, alias expansion and node count before
//!    memory is spent; scalars are read by `scalar` (tags, keys, values) and `resolve` (YAML
//!    1.1 plain scalars); maps follow the duplicate and merge rules of `frame`; scalars
//!    Helm reads differently from how they look are noted by `hazard`, for lint.
//!
//! [`parse_values_as`] reads a file as the selected Helm does: Helm 4 merges every document
//! (`documents.rs`).
//! Also here: [`Document`], the file as written (exact bytes, and spans, styles, comments
//! and indentation of every node) for placing carets and editing values in place
//! (`document`, `doc_builder`, `doc_text`, `doc_node`, `doc_edit`); and [`SyntaxKind`], the
//! one place saphyr's error messages are sorted into kinds.
//!
//! Not here: reading files from disk and capping their size (`source`), merging layers
//! (`layer`).

mod anchors;
mod base64;
mod builder;
pub mod ceiling;
mod doc_builder;
mod doc_edit;
mod doc_insert;
mod doc_node;
mod doc_text;
mod document;
mod documents;
mod encoding;
mod error;
mod frame;
mod hazard;
mod input_limits;
mod layout;
mod limits;
mod parsed_file;
mod position;
mod resolve;
mod scalar;
mod syntax_kind;
mod tag;
mod top_level;

pub use ceiling::{ceiling_of, Ceiling, CEILINGS};
pub use doc_edit::EditError;
pub use doc_insert::EditKind;
pub use doc_node::{
    ByteSpan, CollectionStyle, DocNode, Entry, Item, LineEnding, NodeId, NodeKind, ScalarStyle,
};
pub use document::{Document, LookupError};
pub use documents::{parse_values_as, read_alike_by_helm_versions, MergeDocument};
pub use error::YamlError;
pub use hazard::{Hazard, HazardKind, ScalarRole, MAX_REPORTED_HAZARDS};
pub use input_limits::{read_values_file, InputLimits, ReadError};
pub use limits::Limits;
pub use parsed_file::{DuplicateKey, ParsedFile, MAX_REPORTED_DUPLICATES};
pub use syntax_kind::SyntaxKind;
pub use top_level::through_top_level_entry;

use crate::values::{Origin, SourceName};

use layout::{
    continuation_pads, quote_escapes, replace_at, scan_layout_with_separators, ContinuationPads,
    LayoutIssue, STAND_INS,
};

/// Reads a values file as Helm 3 does: the first YAML document, which must be a mapping (or
/// empty), with every value's origin in `source`.
pub fn parse_values(
    bytes: &[u8],
    source: SourceName,
    limits: &Limits,
) -> Result<ParsedFile, YamlError> {
    let text = encoding::decode(bytes, &source)?;
    let mut separated = None;
    if text.contains('\t') {
        let (issue, separators) = scan_layout_with_separators(text, usize::MAX);
        if let Some(LayoutIssue::Tab { line, col }) = issue {
            return Err(YamlError::TabIndent {
                origin: Origin::new(source, line, col),
            });
        }
        if !separators.is_empty() {
            separated = Some(replace_at(text, &separators, ' '));
        }
    }
    let text = separated.as_deref().unwrap_or(text);
    check_directives(text, &source)?;
    if text.contains("\\/") {
        // YAML 1.2 has `\/`; libyaml (YAML 1.1) does not, and Helm fails on it.
        if let Some(&(line, col, _)) = quote_escapes(text).iter().find(|e| e.2 == '/') {
            return Err(YamlError::Syntax {
                origin: Origin::new(source, line, col),
                message: "found unknown escape character `\\/` (YAML 1.1 has none)".into(),
                kind: SyntaxKind::UnknownEscape,
            });
        }
    }
    match builder::build(text, &source, limits, &ContinuationPads::default()) {
        // libyaml reads `\'` in a double-quoted scalar as an apostrophe; saphyr refuses it.
        // Each one is read as an escape the text does not use otherwise (`\a`, same length,
        // so every column stays) and the control character it gives turned back into an
        // apostrophe.
        Err(YamlError::Syntax {
            kind: SyntaxKind::UnknownEscape,
            ..
        }) => {
            let escapes = quote_escapes(text);
            let apostrophes: Vec<(u32, u32)> = escapes
                .iter()
                .filter(|e| e.2 == '\'')
                .map(|&(line, col, _)| (line, col + 1))
                .collect();
            let stand_in = STAND_INS
                .iter()
                .find(|(letter, _)| !escapes.iter().any(|e| e.2 == *letter));
            let (Some(&(letter, control)), false) = (stand_in, apostrophes.is_empty()) else {
                return builder::build(text, &source, limits, &ContinuationPads::default());
            };
            let mut parsed = builder::build(
                &replace_at(text, &apostrophes, letter),
                &source,
                limits,
                &ContinuationPads::default(),
            )?;
            if let Some(root) = &mut parsed.root {
                restore_apostrophes(root, control);
            }
            Ok(parsed)
        }
        Err(YamlError::Syntax {
            kind: SyntaxKind::InvalidIndentation,
            ..
        }) => {
            let pads = continuation_pads(text);
            if pads.is_empty() {
                return builder::build(text, &source, limits, &pads);
            }
            builder::build(&pads.apply(text), &source, limits, &pads)
        }
        other => other,
    }
}

/// Turns every `control` (from an escape that stood in for `\'`) back into an apostrophe,
/// in strings and keys.
fn restore_apostrophes(node: &mut crate::values::Node, control: char) {
    use crate::values::Value;
    match &mut node.value {
        Value::String(s) if s.contains(control) => *s = s.replace(control, "'").into(),
        Value::List(items) => items
            .iter_mut()
            .for_each(|item| restore_apostrophes(item, control)),
        Value::Map(map) => {
            if map.keys().any(|k| k.contains(control)) {
                *map = std::mem::take(map)
                    .into_iter()
                    .map(|(k, v)| (k.replace(control, "'"), v))
                    .collect();
            }
            map.values_mut()
                .for_each(|value| restore_apostrophes(value, control));
        }
        _ => {}
    }
}

/// Checks the directives before the first document as libyaml (go-yaml v2) does: `%YAML`
/// must name version 1.1 (`%YAML 1.2` is "incompatible", though saphyr would read it), `%TAG`
/// is fine, any other directive is unknown.
fn check_directives(text: &str, source: &SourceName) -> Result<(), YamlError> {
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_end();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let Some(directive) = trimmed.strip_prefix('%') else {
            return Ok(());
        };
        let mut words = directive.split_whitespace();
        let message = match (words.next(), words.next()) {
            (Some("YAML"), Some("1.1")) | (Some("TAG"), _) => continue,
            (Some("YAML"), _) => "found incompatible YAML document (Helm reads YAML 1.1 only)",
            _ => "found unknown directive name",
        };
        let line = u32::try_from(index + 1).unwrap_or(u32::MAX);
        return Err(YamlError::Syntax {
            origin: Origin::new(source.clone(), line, 1),
            message: message.to_string(),
            kind: SyntaxKind::Directive,
        });
    }
    Ok(())
}

/// Parses YAML written in a test into its root node (an empty map for an empty document).
#[cfg(test)]
pub(crate) fn test_tree(name: &str, text: &str) -> crate::values::Node {
    parse_values(text.as_bytes(), name.into(), &Limits::default())
        .expect("test YAML parses")
        .root
        .unwrap_or_else(|| crate::values::Node::empty_map(Origin::whole(name.into())))
}

#[cfg(test)]
mod tests {

    #[test]
    fn directives_are_checked_as_libyaml_checks_them() {
        let parse = |text: &str| {
            super::parse_values(text.as_bytes(), "v.yaml".into(), &super::Limits::default())
                .map(|p| p.root.is_some())
                .map_err(|e| e.to_string())
        };
        assert_eq!(parse("%YAML 1.1\n---\na: 1\n"), Ok(true));
        assert_eq!(
            parse("# c\n%TAG ! tag:example.com,2000:\n---\na: 1\n"),
            Ok(true)
        );
        for text in [
            "%YAML 1.2\n---\na: yes\n",
            "%YAML 2.0\n---\na: 1\n",
            "%FOO bar\n---\na: 1\n",
        ] {
            assert!(parse(text).is_err(), "{text:?} should be refused");
        }
        assert_eq!(parse("a: \"%YAML 1.2\"\n"), Ok(true));
    }

    #[test]
    fn continuation_lines_left_of_their_collection_keep_their_columns() {
        let text = "a:\n  l: [\n\"x\",\n y]\n  s: \"p\nq\"\n";
        let root = super::test_tree("v.yaml", text);
        let at = |path: &str| {
            let node = root.get(&KeyPath::parse(path).unwrap()).unwrap();
            (node.value.clone(), node.origin.line, node.origin.col)
        };
        assert_eq!(at("a.l[0]"), (Value::String("x".into()), 3, 1));
        assert_eq!(at("a.l[1]"), (Value::Bool(true), 4, 2));
        assert_eq!(at("a.s"), (Value::String("p q".into()), 5, 6));
    }

    use super::*;
    use crate::values::{KeyPath, Value};

    fn at(source: &str, line: u32, col: u32) -> Origin {
        Origin::new(source.into(), line, col)
    }

    /// (file name, bytes, path, expected value, expected line and column)
    type Row = (&'static str, &'static [u8], &'static str, Value, (u32, u32));

    #[test]
    fn reads_real_chart_values() {
        let podinfo = include_bytes!("testdata/podinfo-values.yaml").as_slice();
        let ksm = include_bytes!("testdata/kube-state-metrics-ci-02.yaml").as_slice();
        let s = |t: &str| Value::String(t.into());
        let rows: Vec<Row> = vec![
            ("podinfo", podinfo, "replicaCount", Value::Float(1.0), (3, 15)),
            ("podinfo", podinfo, "host", Value::Null, (5, 5)),
            ("podinfo", podinfo, "image.tag", s("6.14.1"), (11, 8)),
            ("podinfo", podinfo, "ui.color", s("#34577c"), (18, 10)),
            ("podinfo", podinfo, "hpa.maxReplicas", Value::Float(10.0), (160, 16)),
            ("podinfo", podinfo, "ingress.hosts[0].host", s("podinfo.local"), (203, 13)),
            ("ksm", ksm, "collectors", Value::List(thin_vec::thin_vec![]), (1, 13)),
            ("ksm", ksm, "customResourceState.enabled", Value::Bool(true), (5, 12)),
            (
                "ksm",
                ksm,
                "customResourceState.config.spec.resources[0].metrics[0].each.info.labelsFromPath.name[1]",
                s("name"),
                (21, 38),
            ),
        ];
        for (name, bytes, path, expected, (line, col)) in rows {
            let file = parse_values(bytes, name.into(), &Limits::default()).unwrap();
            assert!(file.duplicates.is_empty() && file.extra_document.is_none());
            let root = file.root.unwrap();
            let node = root.get(&KeyPath::parse(path).unwrap()).unwrap();
            assert_eq!(node.value, expected, "{name} {path}");
            assert_eq!(node.origin, at(name, line, col), "{name} {path}");
        }
    }

    #[test]
    fn checks_encoding_and_tabs_before_parsing() {
        let limits = Limits::default();
        let err = parse_values(b"\xFF\xFEa\x00", "v.yaml".into(), &limits).unwrap_err();
        assert_eq!(
            err,
            YamlError::Utf16 {
                origin: at("v.yaml", 1, 1)
            }
        );
        let err = parse_values(b"a:\n  b: 1\n\t\n", "v.yaml".into(), &limits).unwrap_err();
        assert_eq!(
            err,
            YamlError::TabIndent {
                origin: at("v.yaml", 3, 1)
            }
        );
        let file = parse_values(b"\xEF\xBB\xBFa: \"x\ty\"\n", "v.yaml".into(), &limits).unwrap();
        let root = file.root.unwrap();
        let a = root.get(&KeyPath::parse("a").unwrap()).unwrap();
        assert_eq!(a.value, Value::String("x\ty".into()));
        assert_eq!(a.origin, at("v.yaml", 1, 4));
    }
}
