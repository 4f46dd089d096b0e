//! [`Matrix`]: one table per chart, keys down and stages across, holding only the keys
//! whose effective values differ between stages.
//!
//! Every stage's tree is walked at once: maps key by key (keys in order of first
//! appearance), lists by identity where their elements have one (the same rule as `diff`),
//! by position otherwise. A row is a leaf (or a value whose type differs between stages, or
//! a collection some stages lack), and it is kept when its stages do not all hold the same
//! value. Secrets are hidden as in `diff`; ignored paths are left out.

use crate::secrets::{hide, Hide, SecretRules};
use crate::values::{Map, Node, Origin, Value};
use crate::workspace::{CommandLineValues, Workspace};

use super::change::Shown;
use super::compare::Version;
use super::describe::to_json_compact;
use super::diff_path::{DiffPath, Step};
use super::error::DiffError;
use super::list_identity::{element_id, identity_field};
use super::release_diff::DiffOptions;

/// One stage's value in a row.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    /// The value, secrets hidden.
    pub value: Shown,
    /// Where it was written.
    pub origin: Origin,
    /// How many values were hidden in it.
    pub hidden: usize,
}

/// One key whose values differ between stages.
#[derive(Clone, Debug, PartialEq)]
pub struct MatrixRow {
    /// The key.
    pub path: DiffPath,
    /// True when `strata.yaml` declares the key as meant to differ (`diff.stageSpecific`).
    pub stage_specific: bool,
    /// One cell per stage of the matrix, `None` where the stage has no value.
    pub cells: Vec<Option<Cell>>,
}

/// The rows of one release.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartMatrix {
    /// The release's name (its chart's without `releases:` in `strata.yaml`).
    pub release: String,
    /// The release's chart.
    pub chart: String,
    /// The release's namespace in each stage of the matrix, `None` where it does not run.
    pub namespaces: Vec<Option<String>>,
    /// The rows, in the order of the values.
    pub rows: Vec<MatrixRow>,
    /// Rows the ignore rules left out.
    pub ignored: usize,
}

/// Keys × stages, for every chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Matrix {
    /// The stages (the columns), in promotion order.
    pub stages: Vec<String>,
    /// One table per release.
    pub charts: Vec<ChartMatrix>,
    /// True when the workspace declares `releases:`: outputs then name each release's
    /// chart and namespaces too.
    pub named: bool,
}

impl Matrix {
    /// Returns how many values were hidden.
    pub fn redactions(&self) -> usize {
        self.charts
            .iter()
            .flat_map(|c| &c.rows)
            .flat_map(|r| &r.cells)
            .flatten()
            .filter(|cell| cell.hidden > 0)
            .count()
    }

    /// Returns how many rows were ignored.
    pub fn ignored(&self) -> usize {
        self.charts.iter().map(|c| c.ignored).sum()
    }
}

struct Walk<'a> {
    options: &'a DiffOptions,
    secrets: &'a SecretRules,
    rows: Vec<MatrixRow>,
    ignored: usize,
}

/// Returns true when every stage holds the same value (absent counts as a value).
fn all_equal(nodes: &[Option<&Node>]) -> bool {
    let texts: Vec<Option<String>> = nodes.iter().map(|n| n.map(to_json_compact)).collect();
    texts.windows(2).all(|w| w[0] == w[1])
}

impl Walk<'_> {
    fn row(&mut self, nodes: &[Option<&Node>], path: &DiffPath, secret: bool) {
        if all_equal(nodes) {
            return;
        }
        let key_path = path.key_path();
        if self
            .options
            .ignore
            .iter()
            .any(|p| p.matches_within(&key_path))
        {
            self.ignored += 1;
            return;
        }
        let stage_specific = self
            .options
            .stage_specific
            .iter()
            .any(|p| p.matches_within(&key_path));
        if self.options.drift_only && stage_specific {
            self.ignored += 1;
            return;
        }
        let cells = nodes
            .iter()
            .map(|n| {
                n.map(|node| {
                    let show = self.options.show_secrets;
                    let (value, hidden) = match hide(node, &key_path, secret, self.secrets, show) {
                        Hide::Whole { bytes, kind } => (Shown::Redacted { bytes, kind }, 1),
                        Hide::Value(node, hidden) => (Shown::Value(node), hidden),
                    };
                    Cell {
                        value,
                        origin: node.origin.clone(),
                        hidden,
                    }
                })
            })
            .collect();
        self.rows.push(MatrixRow {
            path: path.clone(),
            stage_specific,
            cells,
        });
    }

    fn walk(&mut self, nodes: &[Option<&Node>], path: &DiffPath, secret: bool) {
        let present: Vec<&Node> = nodes.iter().flatten().copied().collect();
        let some_missing = present.len() < nodes.len();
        let maps: Vec<&Map> = present.iter().filter_map(|n| n.as_map()).collect();
        let lists: Vec<&[Node]> = present
            .iter()
            .filter_map(|n| match &n.value {
                Value::List(l) => Some(l.as_slice()),
                _ => None,
            })
            .collect();
        let key_path = path.key_path();
        if !maps.is_empty() && maps.len() == present.len() {
            if some_missing && maps.iter().all(|m| m.is_empty()) {
                return self.row(nodes, path, secret);
            }
            let mut keys: Vec<&crate::values::Key> = Vec::new();
            for map in &maps {
                for key in map.keys() {
                    if !keys.contains(&key) {
                        keys.push(key);
                    }
                }
            }
            for key in keys {
                let child_path = key_path.child_key(key);
                let child_secret = maps
                    .iter()
                    .any(|m| self.secrets.key_is_secret(secret, m, key, &child_path));
                let children: Vec<Option<&Node>> = nodes
                    .iter()
                    .map(|n| n.and_then(|n| n.as_map()).and_then(|m| m.get(key.as_str())))
                    .collect();
                self.walk(
                    &children,
                    &path.child(Step::Key(key.to_string())),
                    child_secret,
                );
            }
        } else if !lists.is_empty() && lists.len() == present.len() {
            if some_missing && lists.iter().all(|l| l.is_empty()) {
                return self.row(nodes, path, secret);
            }
            fn list_of<'n>(n: &Option<&'n Node>) -> Option<&'n [Node]> {
                match n.map(|n| &n.value) {
                    Some(Value::List(l)) => Some(l.as_slice()),
                    _ => None,
                }
            }
            let field = identity_field(
                &key_path,
                &lists,
                &self.options.list_keys,
                (self.secrets, secret),
            );
            match field {
                Some(field) => {
                    let mut ids: Vec<(String, usize)> = Vec::new();
                    for list in &lists {
                        for (i, item) in list.iter().enumerate() {
                            let id = element_id(item, &field).unwrap_or_default();
                            if !ids.iter().any(|(seen, _)| *seen == id) {
                                ids.push((id, i));
                            }
                        }
                    }
                    for (id, index) in ids {
                        let children: Vec<Option<&Node>> = nodes
                            .iter()
                            .map(|n| {
                                list_of(n)?
                                    .iter()
                                    .find(|item| element_id(item, &field).as_deref() == Some(&id))
                            })
                            .collect();
                        let child_secret = self
                            .secrets
                            .element_is_secret(secret, &key_path.child_index(index));
                        let step = Step::Element {
                            field: field.clone(),
                            id,
                            index,
                        };
                        self.walk(&children, &path.child(step), child_secret);
                    }
                }
                None => {
                    let longest = lists.iter().map(|l| l.len()).max().unwrap_or(0);
                    for i in 0..longest {
                        let children: Vec<Option<&Node>> =
                            nodes.iter().map(|n| list_of(n)?.get(i)).collect();
                        let child_secret = self
                            .secrets
                            .element_is_secret(secret, &key_path.child_index(i));
                        self.walk(&children, &path.child(Step::Index(i)), child_secret);
                    }
                }
            }
        } else {
            self.row(nodes, path, secret);
        }
    }
}

/// Builds the matrix of the releases named `releases` and those of `charts` (all when both
/// are empty) over `stages` (all when empty). A release has no values in a stage it does not
/// run in.
pub fn build_matrix(
    ws: &Workspace,
    stages: &[String],
    releases: &[String],
    charts: &[String],
    options: &DiffOptions,
) -> Result<Matrix, DiffError> {
    let stages = ws.select_stages(stages)?;
    let charts = ws.select_releases(releases, charts)?;
    let version = Version {
        workspace: ws,
        is_revision: false,
    };
    let mut tables = Vec::new();
    for chart in &charts {
        let mut computed = Vec::new();
        let mut runs = Vec::new();
        let mut namespaces = Vec::new();
        for stage in &stages {
            runs.push(ws.runs_in(stage, chart));
            if ws.runs_in(stage, chart) {
                let release = ws.release(stage, chart)?;
                computed.push(release.compute(ws, &CommandLineValues::default())?);
                namespaces.push(Some(release.namespace));
            } else {
                namespaces.push(None);
            }
        }
        let chart_name = ws.release_spec(chart)?.chart.name().to_string();
        let mut patterns = ws.config().secrets.clone();
        patterns.extend(version.schema_secrets(&chart_name, &computed)?);
        let secrets = SecretRules::new(patterns);
        let mut walk = Walk {
            options,
            secrets: &secrets,
            rows: Vec::new(),
            ignored: 0,
        };
        let mut values = computed.iter().map(|v| &v.computed.values);
        let roots: Vec<Option<&Node>> = runs
            .iter()
            .map(|runs| if *runs { values.next() } else { None })
            .collect();
        walk.walk(&roots, &DiffPath::root(), secrets.root_is_secret());
        tables.push(ChartMatrix {
            release: chart.clone(),
            chart: chart_name,
            namespaces,
            rows: walk.rows,
            ignored: walk.ignored,
        });
    }
    Ok(Matrix {
        stages,
        charts: tables,
        named: ws.config().releases.is_some(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::test_tree as tree;

    #[test]
    fn keeps_only_keys_that_differ() {
        let a = tree(
            "a.yaml",
            "same: 1\nnum: 1\nc:\n- name: a\n  v: 1\n- name: b\n  v: 2\nonly: {}\n",
        );
        let b = tree(
            "b.yaml",
            "same: 1\nnum: 2\nc:\n- name: b\n  v: 3\n- name: a\n  v: 1\n",
        );
        let options = DiffOptions::default();
        let secrets = SecretRules::default();
        let mut walk = Walk {
            options: &options,
            secrets: &secrets,
            rows: Vec::new(),
            ignored: 0,
        };
        walk.walk(&[Some(&a), Some(&b)], &DiffPath::root(), false);
        let rows: Vec<String> = walk
            .rows
            .iter()
            .map(|r| {
                let cells: Vec<String> = r
                    .cells
                    .iter()
                    .map(|c| match c {
                        Some(Cell {
                            value: Shown::Value(n),
                            origin,
                            ..
                        }) => format!("{}@{origin}", to_json_compact(n)),
                        Some(_) => "secret".into(),
                        None => "-".into(),
                    })
                    .collect();
                format!("{} {}", r.path, cells.join(" "))
            })
            .collect();
        assert_eq!(
            rows,
            [
                "num 1@a.yaml:2:6 2@b.yaml:2:6",
                "c[name=b].v 2@a.yaml:7:6 3@b.yaml:5:6",
                "only {}@a.yaml:8:7 -",
            ]
        );
    }
}
