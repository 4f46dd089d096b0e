//! [`Violation`]: one way the values break a schema, in Helm's words and located at the layer
//! that supplied the offending value; and [`helm_report`], Helm's own summary of them.

use std::cmp::Ordering;
use std::fmt;

use crate::values::{HelmVersion, KeyPath, Origin, Segment, SourceName};

/// What a violation's [`origin`](Violation::origin) points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Culprit {
    /// The offending value, where the layer that won wrote it.
    Value,
    /// The key of the offending entry (an additional property, a key with a dependency).
    Key,
    /// A required key is missing: the origin is the map it is missing from (where it would
    /// go); `key` is the missing key.
    MissingFrom { key: String },
    /// A required key was deleted by a `null` in a user layer: the origin is that `null`.
    DeletedByNull { key: String },
}

/// One violation of a schema by a release's values.
#[derive(Clone, Debug, PartialEq)]
pub struct Violation {
    /// The name Helm heads the chart's block with: the top chart's name, or a subchart's name
    /// or alias.
    pub chart: String,
    /// The keys from the top chart's values to the chart's section (empty for the top chart).
    pub chart_path: Vec<String>,
    /// Where the offending value is in the chart's values (what Helm prints before the
    /// message); for `required`, the map that lacks the key.
    pub path: KeyPath,
    /// The same place in the top chart's values; for `required`, the missing key itself.
    pub values_path: KeyPath,
    /// Helm 3.17's description (`Invalid type. Expected: integer, given: string`).
    pub message: String,
    /// The keyword that failed (`type`, `required`, `additionalProperties`, ...).
    pub keyword: String,
    /// The subschema holding the keyword, as `file#pointer`
    /// (`charts/web/values.schema.json#/properties/replicas`).
    pub schema_location: String,
    /// The schema file (the chart's, or the workspace schema).
    pub schema: SourceName,
    /// Where the layer that supplied the offending value wrote it (see [`culprit`](Self::culprit)).
    pub origin: Option<Origin>,
    /// What `origin` points at.
    pub culprit: Culprit,
    /// The position of the schema check in Helm's order: 0 for the top chart, then enabled
    /// subcharts as Helm visits them, the workspace schema last.
    pub check_order: usize,
    /// Whose words `message` is in (Helm 4 prints `at '/a/0': ...` before it).
    pub helm: HelmVersion,
}

impl Violation {
    /// Returns the path as Helm prints it: for Helm 3 keys and indices joined by `.`,
    /// `(root)` for the chart's whole values; for Helm 4 `at '<JSON pointer>'`.
    pub fn helm_field(&self) -> String {
        if self.helm.is_v4() {
            let pointer: String = self
                .path
                .segments()
                .iter()
                .map(|s| match s {
                    Segment::Key(k) => format!("/{}", k.replace('~', "~0").replace('/', "~1")),
                    Segment::Index(i) => format!("/{i}"),
                })
                .collect();
            return format!("at {}", super::message_v4::quote(&pointer));
        }
        if self.path.is_root() {
            return "(root)".to_string();
        }
        self.path
            .segments()
            .iter()
            .map(|s| match s {
                Segment::Key(k) => k.clone(),
                Segment::Index(i) => i.to_string(),
            })
            .collect::<Vec<_>>()
            .join(".")
    }

    /// Returns a sentence for a missing key: where it would go, or which `null` deleted it.
    pub fn note(&self) -> Option<String> {
        match &self.culprit {
            Culprit::MissingFrom { key } => Some(format!(
                "{key:?} is missing; it would go at {} in the values of {}",
                self.values_path,
                self.chart_label()
            )),
            Culprit::DeletedByNull { key } => Some(format!(
                "{key:?} was deleted by this null, so {} lacks it",
                self.chart_label()
            )),
            _ => None,
        }
    }

    fn chart_label(&self) -> String {
        if self.chart_path.is_empty() {
            format!("chart {}", self.chart)
        } else {
            format!("subchart {}", self.chart_path.join("."))
        }
    }

    /// Orders violations by where they were written (file, line, column), then by path;
    /// violations without a place come last.
    pub(crate) fn by_place(a: &Violation, b: &Violation) -> Ordering {
        let place = |v: &Violation| v.origin.as_ref().map(|o| (o.source.clone(), o.line, o.col));
        match (place(a), place(b)) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
        .then_with(|| a.values_path.cmp(&b.values_path))
        .then_with(|| a.check_order.cmp(&b.check_order))
        .then_with(|| a.message.cmp(&b.message))
    }
}

impl fmt::Display for Violation {
    /// Formats as Helm prints a violation: `replicas: Invalid type. Expected: integer, given: string`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.helm_field(), self.message)
    }
}

/// Returns Helm 3.17's report of the violations, without its `Error: ` prefix:
///
/// ```text
/// values don't meet the specifications of the schema(s) in the following chart(s):
/// parent:
/// - replicas: Invalid type. Expected: integer, given: string
/// sub:
/// - (root): image is required
/// ```
///
/// One block per schema check with violations, in Helm's order; lines within a block by place
/// (Helm's own order there is random).
pub fn helm_report(violations: &[Violation]) -> String {
    let mut sorted: Vec<&Violation> = violations.iter().collect();
    sorted.sort_by(|a, b| {
        a.check_order
            .cmp(&b.check_order)
            .then_with(|| Violation::by_place(a, b))
    });
    let mut out = String::from(
        "values don't meet the specifications of the schema(s) in the following chart(s):\n",
    );
    let mut current: Option<usize> = None;
    for v in sorted {
        if current != Some(v.check_order) {
            out.push_str(&format!("{}:\n", v.chart));
            current = Some(v.check_order);
        }
        out.push_str(&format!("- {v}\n"));
    }
    out
}
