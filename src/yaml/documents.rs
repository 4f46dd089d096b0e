//! [`parse_values_as`]: a values file read as the selected Helm reads it. Helm 3 reads the
//! first YAML document ([`parse_values`]); Helm 4 (`loader.LoadValues`, 4.1.4) splits the
//! text into documents with Kubernetes' `YAMLReader` and deep-merges them in order, as
//! successive `-f` files merge.
//!
//! The split follows `YAMLReader`: a line starting with `---` ends a document when only
//! spaces or a comment follow (`--- {a: 1}` is Helm 4's error "invalid Yaml document
//! separator"); empty documents (a leading `---`, `---` twice) contribute nothing. Each
//! document is parsed alone (anchors do not cross documents) and its origins are moved to
//! its lines in the file.

use crate::values::{HelmVersion, Node, Origin, SourceName, Value};

use super::{parse_values, Limits, ParsedFile, YamlError};

/// How a later document merges into the ones before it: the `-f` rule, which lives with the
/// other merge rules in `layer` (`layer::merge_user_node`); the reader is handed it rather
/// than naming `layer`, which sits above it.
pub type MergeDocument = fn(&mut Node, Node);

/// Returns true when Helm 3 and Helm 4 read the values file `bytes` alike: it has no line
/// starting `---`, at which Helm 4 splits a file before reading YAML (even a file of one
/// document).
pub fn read_alike_by_helm_versions(bytes: &[u8]) -> bool {
    !(bytes.starts_with(b"---") || bytes.windows(4).any(|w| w == b"\n---"))
}

/// Reads a values file as `helm` does: for Helm 3 the first document, for Helm 4 every
/// document merged in order by `merge` (a later one that is not a map is an error). In both,
/// `extra_document` says where a second document starts.
pub fn parse_values_as(
    bytes: &[u8],
    source: SourceName,
    limits: &Limits,
    helm: HelmVersion,
    merge: MergeDocument,
) -> Result<ParsedFile, YamlError> {
    let first = parse_values(bytes, source.clone(), limits)?;
    if !helm.is_v4() || read_alike_by_helm_versions(bytes) {
        return Ok(first);
    }
    let mut merged: Option<Node> = None;
    let mut out = ParsedFile {
        root: None,
        duplicates: Vec::new(),
        hazards: Vec::new(),
        extra_document: first.extra_document.clone(),
        duplicates_omitted: 0,
        hazards_omitted: 0,
    };
    for (line_offset, chunk) in split_documents(bytes, &source)? {
        if is_blank(chunk) {
            continue;
        }
        if is_directives_only(chunk) {
            return Err(YamlError::Syntax {
                origin: Origin::new(source.clone(), line_offset + 1, 1),
                kind: super::SyntaxKind::Directive,
                message: "a directive with no document: Helm 4 splits the file at `---` first, so `%YAML` before `---` stands alone".into(),
            });
        }
        let mut parsed =
            parse_values(chunk, source.clone(), limits).map_err(|e| shift_error(e, line_offset))?;
        if let Some(root) = &mut parsed.root {
            shift_node(root, line_offset);
        }
        for dup in &mut parsed.duplicates {
            shift(&mut dup.first, line_offset);
            shift(&mut dup.second, line_offset);
        }
        for hazard in &mut parsed.hazards {
            shift(&mut hazard.origin, line_offset);
        }
        out.duplicates.append(&mut parsed.duplicates);
        out.hazards.append(&mut parsed.hazards);
        out.duplicates_omitted += parsed.duplicates_omitted;
        out.hazards_omitted += parsed.hazards_omitted;
        if let Some(root) = parsed.root {
            match &mut merged {
                None => merged = Some(root),
                Some(earlier) => merge(earlier, root),
            }
        }
    }
    out.root = merged;
    Ok(out)
}

/// Splits the text at `---` lines as Kubernetes' `YAMLReader` does; returns each document
/// with the number of lines before it.
fn split_documents<'a>(
    bytes: &'a [u8],
    source: &SourceName,
) -> Result<Vec<(u32, &'a [u8])>, YamlError> {
    let mut docs = Vec::new();
    let mut start = 0;
    let mut start_line = 0u32;
    let mut line_no = 0u32;
    let mut pos = 0;
    while pos < bytes.len() {
        let end = bytes[pos..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| pos + i + 1);
        let line = &bytes[pos..end];
        if let Some(rest) = line.strip_prefix(b"---") {
            let rest = String::from_utf8_lossy(rest);
            let trimmed = rest.trim();
            if !trimmed.is_empty() && !trimmed.starts_with('#') {
                return Err(YamlError::Syntax {
                    origin: Origin::new(source.clone(), line_no + 1, 4),
                    kind: super::SyntaxKind::Other,
                    message: format!(
                        "invalid document separator: Helm 4 allows only a comment after `---`, found {trimmed:?}"
                    ),
                });
            }
            docs.push((start_line, &bytes[start..pos]));
            start = end;
            start_line = line_no + 1;
        }
        line_no += 1;
        pos = end;
    }
    docs.push((start_line, &bytes[start..]));
    Ok(docs)
}

/// Returns true for a document of blank and comment lines only, which reads as nothing.
fn is_blank(chunk: &[u8]) -> bool {
    String::from_utf8_lossy(chunk)
        .lines()
        .map(|l| l.trim().trim_start_matches('\u{feff}'))
        .all(|l| l.is_empty() || l.starts_with('#'))
}

/// Returns true for a document of directives (`%YAML 1.1`), blank lines and comments only,
/// which go-yaml refuses ("did not find expected <document start>").
fn is_directives_only(chunk: &[u8]) -> bool {
    let text = String::from_utf8_lossy(chunk);
    let mut lines = text
        .lines()
        .map(|l| l.trim().trim_start_matches('\u{feff}'))
        .filter(|l| !l.is_empty() && !l.starts_with('#'));
    lines.clone().next().is_some() && lines.all(|l| l.starts_with('%'))
}

fn shift(origin: &mut Origin, lines: u32) {
    if origin.has_position() {
        origin.line += lines;
    }
}

fn shift_node(node: &mut Node, lines: u32) {
    shift(&mut node.origin, lines);
    if let Some(key) = &mut node.key_place {
        key.line = key.line.saturating_add(lines);
    }
    match &mut node.value {
        Value::List(items) => items.iter_mut().for_each(|n| shift_node(n, lines)),
        Value::Map(map) => map.values_mut().for_each(|n| shift_node(n, lines)),
        _ => {}
    }
}

fn shift_error(mut error: YamlError, lines: u32) -> YamlError {
    shift(error.origin_mut(), lines);
    error
}

/// Returns the source name of a file read as several documents (for tests).
#[cfg(test)]
fn source() -> SourceName {
    std::sync::Arc::from("m.yaml")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::to_json_compact;

    fn read(text: &str, helm: HelmVersion) -> Result<String, String> {
        parse_values_as(
            text.as_bytes(),
            source(),
            &Limits::default(),
            helm,
            crate::layer::merge_user_node,
        )
        .map(|p| p.root.map_or("null".into(), |r| to_json_compact(&r)))
        .map_err(|e| format!("{}: {e}", e.origin()))
    }

    #[test]
    fn documents_are_read_as_each_helm_reads_them() {
        use HelmVersion::{V3, V4};
        type Row<'a> = (
            &'a str,
            &'a str,
            Result<&'a str, &'a str>,
            Result<&'a str, &'a str>,
        );
        let rows: &[Row] = &[
            ("one document", "a: 1\n", Ok(r#"{"a":1}"#), Ok(r#"{"a":1}"#)),
            (
                "maps merge, later wins",
                "a: {x: 1}\nb: 1\n---\na: {z: 2}\nb: 2\n",
                Ok(r#"{"a":{"x":1},"b":1}"#),
                Ok(r#"{"a":{"x":1,"z":2},"b":2}"#),
            ),
            (
                "a comment after the separator",
                "a: 1\n---   # c\nb: 2\n",
                Ok(r#"{"a":1}"#),
                Ok(r#"{"a":1,"b":2}"#),
            ),
            (
                "empty documents",
                "---\n---\nc: 3\n",
                Ok("null"),
                Ok(r#"{"c":3}"#),
            ),
            (
                "a null document",
                "a: 1\n---\n~\n",
                Ok(r#"{"a":1}"#),
                Ok(r#"{"a":1}"#),
            ),
            (
                "a later list is Helm 4's error",
                "a: 1\n---\n- 1\n",
                Ok(r#"{"a":1}"#),
                Err("m.yaml:3:1"),
            ),
            (
                "content after the separator is Helm 4's error",
                "a: 1\n--- {b: 2}\n",
                Ok(r#"{"a":1}"#),
                Err("m.yaml:2:4"),
            ),
            (
                "a directive before the first separator stands alone in Helm 4",
                "%YAML 1.1\n---\na: 1\n",
                Ok(r#"{"a":1}"#),
                Err("m.yaml:1:1"),
            ),
            (
                "content after a lone separator is Helm 4's error",
                "--- {a: 1}\n",
                Ok(r#"{"a":1}"#),
                Err("m.yaml:1:4"),
            ),
            (
                "an error in a later document is at its line",
                "a: 1\n---\nb: 1\nc: [\n",
                Ok(r#"{"a":1}"#),
                Err("m.yaml:"),
            ),
        ];
        for (what, text, v3, v4) in rows {
            for (helm, want) in [(V3, v3), (V4, v4)] {
                let got = read(text, helm);
                match (want, &got) {
                    (Ok(w), Ok(g)) => assert_eq!(g, w, "{what} ({helm})"),
                    (Err(w), Err(g)) => assert!(g.starts_with(w), "{what} ({helm}): {g}"),
                    _ => panic!("{what} ({helm}): got {got:?}, want {want:?}"),
                }
            }
        }
    }

    #[test]
    fn origins_point_at_the_lines_of_later_documents() {
        let parsed = parse_values_as(
            b"a: 1\n---\nb: 2\n",
            source(),
            &Limits::default(),
            HelmVersion::V4,
            crate::layer::merge_user_node,
        )
        .unwrap();
        let root = parsed.root.unwrap();
        let b = root.as_map().unwrap().get("b").unwrap();
        assert_eq!(b.origin.to_string(), "m.yaml:3:4");
        assert_eq!(
            parsed.extra_document.map(|o| o.line),
            Some(2),
            "the second document is still noted"
        );
    }
}
