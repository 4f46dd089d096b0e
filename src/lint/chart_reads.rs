//! [`ChartReads`]: what a chart's own files say about its keys beyond its defaults, for the
//! unknown-key rule: the keys its `values.yaml` documents as commented-out YAML
//! ([`commented_keys`]) and the value paths its templates read ([`scan_template`]), for the
//! chart and every subchart; and the field chains its helpers read on whatever they are
//! handed ([`HelperField`]).
//!
//! A subchart's files speak of the subchart's values: its `# a:` and `.Values.a` are the
//! parent's `<key>.a`, `<key>` being each dependency's alias or name (as the defaults nest).
//!
//! [`ChartReads::add_to`] adds the paths to the chart's keys where the rule checks keys:
//! into maps with keys, never into an empty map, a null or a scalar (a free-form default
//! stays free-form). A path read whole is free-form like a null default, even when it is
//! also read deeper (`hasKey .Values "sa"` and `.Values.sa.name`: the template may pass
//! `sa` on whole, and only keys the defaults lack are concerned).

use crate::chart::{ChartTexts, TextFile};
use crate::layer::Chart;
use crate::values::{Map, Node, Origin, Value};

use super::commented_keys::commented_keys;
use super::template_reads::scan_template;

/// Longest path (in keys) taken from a comment or a template: the YAML reader's default
/// depth limit, so no values file nests deeper; the paths are walked recursively.
const MAX_PATH_KEYS: usize = 200;

/// A field chain a helper (a `define`) reads on what it is handed: a value read through a
/// helper when the chain ends a key's path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HelperField {
    /// The fields, outermost first (`.http.appProtocol` gives `http`, `appProtocol`).
    pub fields: Vec<String>,
    /// Where the template reads it.
    pub origin: Origin,
}

/// The keys a chart's comments and templates name.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChartReads {
    /// Value paths documented in comments or read by templates, with where.
    pub paths: Vec<(Vec<String>, Origin)>,
    /// Field chains helpers read, each once (where it is first read).
    pub helper_fields: Vec<HelperField>,
}

impl ChartReads {
    /// Reads the texts of `chart` (as [`crate::chart::load_chart_texts`] gives them).
    pub fn from_texts(chart: &Chart, texts: &ChartTexts) -> ChartReads {
        let mut reads = ChartReads::default();
        reads.add_chart(chart, texts, &[]);
        // One entry per chain (the first place it is read), so matching stays cheap.
        let mut seen = std::collections::HashSet::new();
        reads
            .helper_fields
            .retain(|h| seen.insert(h.fields.clone()));
        reads
    }

    fn add_chart(&mut self, chart: &Chart, texts: &ChartTexts, prefix: &[String]) {
        let under = |path: Vec<String>| {
            let mut full = prefix.to_vec();
            full.extend(path);
            full
        };
        if let Some(TextFile { source, text }) = &texts.values {
            for key in commented_keys(text) {
                self.push_path(under(key.path), Origin::new(source.clone(), key.line, 1));
            }
        }
        for TextFile { source, text } in &texts.templates {
            let reads = scan_template(text);
            for read in reads.values {
                if !read.path.is_empty() {
                    self.push_path(under(read.path), Origin::new(source.clone(), read.line, 1));
                }
            }
            for read in reads.helper_fields {
                if read.path.len() > MAX_PATH_KEYS {
                    continue;
                }
                self.helper_fields.push(HelperField {
                    fields: read.path,
                    origin: Origin::new(source.clone(), read.line, 1),
                });
            }
        }
        let mut used = vec![false; texts.subcharts.len()];
        for sub in &chart.subcharts {
            let Some(index) = (0..texts.subcharts.len())
                .find(|&i| !used[i] && texts.subcharts[i].name == sub.name)
            else {
                continue;
            };
            used[index] = true;
            for key in chart.section_keys(sub) {
                let mut sub_prefix = prefix.to_vec();
                sub_prefix.push(key.to_string());
                self.add_chart(sub, &texts.subcharts[index], &sub_prefix);
            }
        }
    }

    fn push_path(&mut self, path: Vec<String>, origin: Origin) {
        if path.len() <= MAX_PATH_KEYS {
            self.paths.push((path, origin));
        }
    }

    /// Adds the paths to `keys` (the chart's keys as the unknown-key rule reads them), each
    /// leaf a null located where the path is named.
    pub fn add_to(&self, keys: &mut Node) {
        // Shorter paths first: a path read whole stays free-form under the deeper ones.
        let mut paths: Vec<&(Vec<String>, Origin)> = self.paths.iter().collect();
        paths.sort_by_key(|(path, _)| path.len());
        for (path, origin) in paths {
            add_path(keys, path, origin, true);
        }
    }
}

/// Adds `path` under `node` (the root: even when it is empty), creating maps on the way,
/// unless it meets something that is not a map with keys.
fn add_path(node: &mut Node, path: &[String], origin: &Origin, root: bool) {
    let Some((first, rest)) = path.split_first() else {
        return;
    };
    let Value::Map(map) = &mut node.value else {
        return;
    };
    if map.is_empty() && !root {
        return;
    }
    match map.get_mut(first.as_str()) {
        Some(child) => add_path(child, rest, origin, false),
        None => {
            map.insert(first.clone().into(), branch(rest, origin));
        }
    }
}

/// Returns maps nesting `path`, ending in a null.
fn branch(path: &[String], origin: &Origin) -> Node {
    match path.split_first() {
        None => Node::new(Value::Null, origin.clone()),
        Some((first, rest)) => {
            let mut map = Map::new();
            map.insert(first.clone().into(), branch(rest, origin));
            Node::new(Value::Map(map), origin.clone())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layer::Dependency;
    use crate::values::to_json_compact;
    use crate::yaml::{parse_values, Limits};
    use std::sync::Arc;

    fn text(source: &str, text: &str) -> TextFile {
        TextFile {
            source: Arc::from(source),
            text: text.to_string(),
        }
    }

    fn chart(name: &str, subcharts: Vec<Chart>, dependencies: Vec<Dependency>) -> Chart {
        Chart {
            name: name.into(),
            version: "1.0.0".into(),
            app_version: None,
            defaults: Node::empty_map(Origin::whole("x".into())),
            dependencies_declared: !dependencies.is_empty(),
            read_alike: true,
            dependencies,
            subcharts,
            schema: None,
        }
    }

    #[test]
    fn names_keys_of_the_chart_and_its_subcharts_under_their_keys() {
        let db = chart("postgresql", vec![], vec![]);
        let top = chart(
            "web",
            vec![db],
            vec![Dependency {
                name: "postgresql".into(),
                version: None,
                alias: Some("db".into()),
                condition: None,
                tags: Vec::new(),
                import_values: Vec::new(),
                origin: Origin::new("Chart.yaml".into(), 1, 1),
            }],
        );
        let texts = ChartTexts {
            name: "web".into(),
            values: Some(text("web/values.yaml", "pdb:\n  on: true\n  # max: 1\n")),
            templates: vec![text(
                "web/templates/a.yaml",
                "{{ .Values.image.tag }}\n{{ define \"x\" }}{{ .http.port }}{{ end }}",
            )],
            subcharts: vec![ChartTexts {
                name: "postgresql".into(),
                values: Some(text("db/values.yaml", "# auth:\n#   user: u\n")),
                templates: vec![text("db/templates/s.yaml", "{{ .Values.port }}")],
                subcharts: Vec::new(),
            }],
        };
        let reads = ChartReads::from_texts(&top, &texts);
        let paths: Vec<String> = reads
            .paths
            .iter()
            .map(|(p, o)| format!("{} {}:{}", p.join("."), o.source, o.line))
            .collect();
        assert_eq!(
            paths,
            [
                "pdb.max web/values.yaml:3",
                "image.tag web/templates/a.yaml:1",
                "db.auth db/values.yaml:1",
                "db.auth.user db/values.yaml:2",
                "db.port db/templates/s.yaml:1",
            ]
        );
        assert_eq!(reads.helper_fields[0].fields, ["http", "port"]);
        assert_eq!(
            &*reads.helper_fields[0].origin.source,
            "web/templates/a.yaml"
        );
        assert_eq!(reads.helper_fields[0].origin.line, 2);
    }

    #[test]
    fn adds_paths_only_where_keys_are_checked() {
        let mut keys = parse_values(
            b"a: {x: 1}\nfree: {}\nnothing: null\nscalar: 1\ndb: {port: 1}\n",
            "v.yaml".into(),
            &Limits::default(),
        )
        .unwrap()
        .root
        .unwrap();
        let origin = Origin::new("t".into(), 1, 1);
        let reads = ChartReads {
            paths: [
                "new.deep.key",
                "new.deep",
                "a.y",
                "free.z",
                "nothing.z",
                "scalar.z",
                "db.auth.user",
            ]
            .iter()
            .map(|p| (p.split('.').map(str::to_string).collect(), origin.clone()))
            .collect(),
            helper_fields: Vec::new(),
        };
        reads.add_to(&mut keys);
        assert_eq!(
            to_json_compact(&keys),
            r#"{"a":{"x":1,"y":null},"db":{"auth":{"user":null},"port":1},"free":{},"new":{"deep":null},"nothing":null,"scalar":1}"#
        );
    }

    #[test]
    fn leaves_out_paths_deeper_than_any_values_file() {
        let deep = format!("{{{{ .Values{} }}}}", ".a".repeat(MAX_PATH_KEYS + 1));
        let texts = ChartTexts {
            name: "web".into(),
            values: None,
            templates: vec![text("t.yaml", &format!("{deep}{{{{ .Values.b }}}}"))],
            subcharts: Vec::new(),
        };
        let reads = ChartReads::from_texts(&chart("web", vec![], vec![]), &texts);
        let paths: Vec<String> = reads.paths.iter().map(|(p, _)| p.join(".")).collect();
        assert_eq!(paths, ["b"]);
    }
}
