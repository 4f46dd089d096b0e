//! [`PolicyRule::check`](crate::settings::PolicyRule::check): a rule applied to a release's
//! effective values, each violation located where the offending value was written, or, for a
//! missing value, where the nearest enclosing key was.

use crate::secrets::shown_value;
use crate::settings::PolicyRule;
use crate::values::{format_go_float, KeyPath, Node, Origin, Segment, Value};

use super::release_scope::ReleaseScope;

/// A value that breaks a rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// The value's path.
    pub path: KeyPath,
    /// Where the value was written; for a missing value, where the nearest enclosing key
    /// was (or `fallback` of [`PolicyRule::check`]).
    pub origin: Origin,
    /// What is wrong, without secret values.
    pub message: String,
}

/// Whether a value counts as set for `required`.
enum Presence {
    Missing,
    Empty,
    Set,
}

fn presence(node: Option<&Node>) -> Presence {
    match node.map(|n| &n.value) {
        None | Some(Value::Null) => Presence::Missing,
        Some(Value::String(s)) if s.is_empty() => Presence::Empty,
        Some(Value::List(l)) if l.is_empty() => Presence::Empty,
        Some(Value::Map(m)) if m.is_empty() => Presence::Empty,
        Some(_) => Presence::Set,
    }
}

impl PolicyRule {
    /// Returns the violations of the rule in `values` (a release's effective values), by
    /// file, line and column. `scope` says which values Helm renders nothing from (they are
    /// not checked) and which chart's `appVersion` an empty value stands for. `fallback`
    /// locates a missing value that no enclosing key places (one at the top level).
    /// `secret` says which paths hold secrets, whose values a message never shows.
    pub fn check(
        &self,
        values: &Node,
        scope: &ReleaseScope,
        fallback: &Origin,
        secret: &dyn Fn(&KeyPath) -> bool,
    ) -> Vec<Violation> {
        if self.unless.iter().any(|unless| {
            values
                .get(&unless.path)
                .is_some_and(|n| n.value.helm_eq(&unless.equals))
        }) {
            return Vec::new();
        }
        let checked = |path: &KeyPath| {
            !self.exclude.iter().any(|p| p.matches_within(path))
                && !scope.is_switched_off(values, path)
        };
        let mut found = Vec::new();
        if self.required {
            match (&self.path.literal, &self.path.parent) {
                (Some(path), _) if checked(path) => {
                    self.require(values, scope, path, values.get(path), fallback, &mut found)
                }
                (Some(_), _) => {}
                (None, Some((parent, key))) => {
                    for (parent_path, node) in matching(values, parent) {
                        let path = parent_path.child_key(key);
                        let Value::Map(map) = &node.value else {
                            continue;
                        };
                        let with = self.required_with.is_empty()
                            || self
                                .required_with
                                .iter()
                                .any(|k| map.contains_key(k.as_str()));
                        if !with || !checked(&path) {
                            continue;
                        }
                        let here = node.key_or_value_origin();
                        let origin = if here.has_position() { &here } else { fallback };
                        self.require(
                            values,
                            scope,
                            &path,
                            map.get(key.as_str()),
                            origin,
                            &mut found,
                        );
                    }
                }
                // Refused when the rule is read.
                (None, None) => {}
            }
        }
        let matched: Vec<(KeyPath, &Node)> = match &self.path.literal {
            Some(path) => values
                .get(path)
                .map(|n| (path.clone(), n))
                .into_iter()
                .collect(),
            None => matching(values, &self.path.pattern),
        };
        for (path, node) in matched {
            if !checked(&path) {
                continue;
            }
            let problem = match self.stands_for_app_version(&node.value) {
                true => match &scope.chart_of(&path).app_version {
                    Some(version) => {
                        let chart = &scope.chart_of(&path).name;
                        let resolved = Value::String(version.clone().into());
                        let shown = format!(
                            "{} (the appVersion of chart {chart}: {})",
                            shown_value(&node.value, &path, secret(&path)),
                            shown_value(&resolved, &path, secret(&path))
                        );
                        self.value_problem(&path, &resolved, &shown)
                    }
                    // Reported by `required`, if the rule requires a value.
                    None => None,
                },
                false
                    if node.is_null()
                        || (self.required && !matches!(presence(Some(node)), Presence::Set)) =>
                {
                    None
                }
                false => {
                    let shown = shown_value(&node.value, &path, secret(&path));
                    self.value_problem(&path, &node.value, &shown)
                }
            };
            if let Some(message) = problem {
                found.push(self.violation(path, node.origin.clone(), message, fallback));
            }
        }
        found.sort_by(|a, b| {
            (&a.origin.source, a.origin.line, a.origin.col).cmp(&(
                &b.origin.source,
                b.origin.line,
                b.origin.col,
            ))
        });
        found
    }

    /// Returns true when `value` stands for the chart's appVersion under this rule: an
    /// empty text or a null, with `appVersionDefault`.
    fn stands_for_app_version(&self, value: &Value) -> bool {
        self.app_version_default
            && match value {
                Value::Null => true,
                Value::String(s) => s.is_empty(),
                _ => false,
            }
    }

    /// Returns true when the rule's path can match something in `values`: a value at its
    /// path, or for a required path with globs a map that must hold its key. A required
    /// path without globs always can (its absence is what it reports).
    pub fn can_match(&self, values: &Node) -> bool {
        match (&self.path.literal, &self.path.parent) {
            (Some(_), _) if self.required => true,
            (Some(path), _) => values.get(path).is_some(),
            (None, Some((parent, _))) if self.required => !matching(values, parent).is_empty(),
            (None, _) => !matching(values, &self.path.pattern).is_empty(),
        }
    }

    /// Reports a required value that is missing or empty.
    fn require(
        &self,
        values: &Node,
        scope: &ReleaseScope,
        path: &KeyPath,
        node: Option<&Node>,
        fallback: &Origin,
        found: &mut Vec<Violation>,
    ) {
        if let Some(node) = node.filter(|n| self.stands_for_app_version(&n.value)) {
            let chart = scope.chart_of(path);
            if chart.app_version.is_none() {
                let message = format!(
                    "`{path}` is empty, and chart {} has no appVersion for it to stand for",
                    chart.name
                );
                found.push(self.violation(path.clone(), node.origin.clone(), message, fallback));
            }
            return;
        }
        let (what, origin) = match (presence(node), node) {
            (Presence::Set, _) => return,
            (Presence::Empty, Some(node)) => ("is empty", node.origin.clone()),
            _ => ("is not set", nearest_origin(values, path, fallback)),
        };
        found.push(self.violation(path.clone(), origin, format!("`{path}` {what}"), fallback));
    }

    /// Returns what is wrong with a value the rule checks, if anything; `shown` is how a
    /// message shows the value.
    fn value_problem(&self, path: &KeyPath, value: &Value, shown: &str) -> Option<String> {
        if self.forbidden.iter().any(|f| f.helm_eq(value)) {
            return Some(format!("`{path}` is {shown}, which this policy forbids"));
        }
        if let Some(pattern) = &self.pattern {
            let Some(text) = text_of(value) else {
                return Some(format!(
                    "`{path}` is {}, not text that pattern `{}` can match",
                    kind_phrase(value),
                    pattern.text
                ));
            };
            if !pattern.regex.is_match(&text) {
                return Some(format!(
                    "`{path}` is {shown}, which does not match `{}`",
                    pattern.text
                ));
            }
        }
        if self.minimum.is_some() || self.maximum.is_some() {
            let number = match *value {
                Value::Float(f) => f,
                Value::Int(i) => i as f64,
                _ => {
                    return Some(format!(
                        "`{path}` is {}, not a number",
                        if matches!(value, Value::String(_)) {
                            shown
                        } else {
                            kind_phrase(value)
                        }
                    ))
                }
            };
            if let Some(min) = self.minimum.filter(|min| number < *min) {
                return Some(format!(
                    "`{path}` is {shown}, less than the minimum {}",
                    format_go_float(min)
                ));
            }
            if let Some(max) = self.maximum.filter(|max| number > *max) {
                return Some(format!(
                    "`{path}` is {shown}, more than the maximum {}",
                    format_go_float(max)
                ));
            }
        }
        None
    }

    fn violation(
        &self,
        path: KeyPath,
        origin: Origin,
        message: String,
        fallback: &Origin,
    ) -> Violation {
        let message = match &self.message {
            Some(reason) => format!("{message}; {reason}"),
            None => message,
        };
        let origin = if origin.has_position() {
            origin
        } else {
            fallback.clone()
        };
        Violation {
            path,
            origin,
            message,
        }
    }
}

/// Returns what kind of value a value is, for messages.
fn kind_phrase(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Int(_) | Value::Float(_) => "a number",
        Value::String(_) => "text",
        Value::List(_) => "a list",
        Value::Map(_) => "a map",
    }
}

/// Returns the text a pattern is matched against: a string as it is, a number or boolean
/// as Helm's templates print it; `None` for a list or map.
fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Float(f) => Some(format_go_float(*f)),
        Value::Int(i) => Some(i.to_string()),
        Value::Null => Some(String::new()),
        Value::List(_) | Value::Map(_) => None,
    }
}

/// Returns where the nearest key enclosing `path` that exists was written.
fn nearest_origin(values: &Node, path: &KeyPath, fallback: &Origin) -> Origin {
    let segments = path.segments();
    (1..segments.len())
        .rev()
        .filter_map(|n| values.get(&KeyPath::from_segments(segments[..n].to_vec())))
        .map(Node::key_or_value_origin)
        .find(|o| o.has_position())
        .unwrap_or_else(|| fallback.clone())
}

/// Returns every value below the root whose path matches `pattern`, in the tree's order.
fn matching<'a>(values: &'a Node, pattern: &crate::values::KeyPattern) -> Vec<(KeyPath, &'a Node)> {
    let mut found = Vec::new();
    let mut path = KeyPath::root();
    visit(values, &mut path, &mut |path, node| {
        if !path.is_root() && pattern.matches(path) {
            found.push((path.clone(), node));
        }
    });
    found
}

fn visit<'a>(node: &'a Node, path: &mut KeyPath, f: &mut dyn FnMut(&KeyPath, &'a Node)) {
    f(path, node);
    match &node.value {
        Value::Map(map) => {
            for (key, child) in map {
                path.push(Segment::Key(key.to_string()));
                visit(child, path, f);
                path.pop();
            }
        }
        Value::List(items) => {
            for (i, child) in items.iter().enumerate() {
                path.push(Segment::Index(i));
                visit(child, path, f);
                path.pop();
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::ReleaseScope;
    use crate::settings::Policies;
    use crate::values::Origin;
    use crate::yaml::test_tree as tree;

    /// Reads `policies:` followed by `rules`, and checks the one rule against `values`;
    /// returns each violation as `line:col path: message`.
    fn check(rules: &str, values: &str) -> Vec<String> {
        let config = tree("strata.yaml", &format!("policies:\n{rules}"));
        let policies =
            Policies::from_node(&config.as_map().unwrap()["policies"], &["prod".into()]).unwrap();
        let fallback = Origin::new("top.yaml".into(), 1, 1);
        let scope = ReleaseScope::single("web", Some("1.4.2"));
        policies.rules[0]
            .check(&tree("v.yaml", values), &scope, &fallback, &|_| false)
            .into_iter()
            .map(|v| {
                format!(
                    "{}:{} {}: {}",
                    v.origin.line, v.origin.col, v.path, v.message
                )
            })
            .collect()
    }

    /// One row per check: the rule, the values, the violations.
    #[test]
    fn checks_each_form_of_rule() {
        let rows: &[(&str, &str, &str, &[&str])] = &[
            (
                "built-in: pinned image tags",
                "  - use: pinned-image-tags\n",
                "image: {tag: latest}\nsidecar:\n  image: {repository: y, tag: \"\"}\nexporter:\n  image: {repository: x}\nother:\n  image: {tag: \"1.2\"}\nstring:\n  image: nginx\ninit:\n  image: {}\n",
                &[
                    "1:14 image.tag: `image.tag` is \"latest\", which this policy forbids",
                    "5:3 exporter.image.tag: `exporter.image.tag` is not set",
                ],
            ),
            (
                "an empty tag is the chart's appVersion, checked as that",
                "  - name: tags\n    path: \"**.image.tag\"\n    required: true\n    appVersionDefault: true\n    forbidden: [\"1.4.2\"]\n",
                "image: {tag: \"\"}\nb:\n  image: {tag: null}\n",
                &[
                    "1:14 image.tag: `image.tag` is \"\" (the appVersion of chart web: \"1.4.2\"), which this policy forbids",
                    "3:16 b.image.tag: `b.image.tag` is null (the appVersion of chart web: \"1.4.2\"), which this policy forbids",
                ],
            ),
            (
                "without appVersionDefault an empty tag is empty",
                "  - {name: tags, path: \"**.image.tag\", required: true}\n",
                "image: {tag: \"\"}\n",
                &["1:14 image.tag: `image.tag` is empty"],
            ),
            (
                "values below a map switched off, and excluded paths, are not checked",
                "  - {name: tags, path: \"**.image.tag\", required: true, forbidden: [latest], exclude: [\"init.**\"]}\n",
                "db:\n  enabled: false\n  image: {tag: latest}\ninit:\n  image: {tag: latest}\nweb:\n  enabled: true\n  image: {}\n",
                &["8:3 web.image.tag: `web.image.tag` is not set"],
            ),
            (
                "any condition of unless switches the rule off",
                "  - use: replicas-or-autoscaling\n",
                "replicaCount: 1\nautoscaling: {enabled: false}\nhpa: {enabled: true}\n",
                &[],
            ),
            (
                "built-in: resources requests",
                "  - use: resources-requests\n",
                "resources: {}\nmetrics:\n  resources: {requests: {cpu: 1m}}\nsidecar:\n  resources: {limits: {}}\n",
                &[
                    "1:1 resources.requests: `resources.requests` is not set",
                    "5:3 sidecar.resources.requests: `sidecar.resources.requests` is not set",
                ],
            ),
            (
                "built-in: replicas or autoscaling",
                "  - use: replicas-or-autoscaling\n",
                "replicaCount: 1\nautoscaling: {enabled: false}\n",
                &["1:15 replicaCount: `replicaCount` is 1, less than the minimum 2"],
            ),
            (
                "unless switches the rule off",
                "  - use: replicas-or-autoscaling\n",
                "replicaCount: 1\nautoscaling: {enabled: true}\n",
                &[],
            ),
            (
                "a missing value is not a number to compare",
                "  - use: replicas-or-autoscaling\n",
                "other: 1\n",
                &[],
            ),
            (
                "built-in: no debug",
                "  - use: no-debug\n",
                "debug: false\nwordpress: {debug: true}\n",
                &["2:20 wordpress.debug: `wordpress.debug` is true, which this policy forbids"],
            ),
            (
                "required literal path, missing: at the nearest enclosing key",
                "  - {name: tls, path: ingress.tls.secretName, required: true}\n",
                "ingress:\n  enabled: true\n",
                &["1:1 ingress.tls.secretName: `ingress.tls.secretName` is not set"],
            ),
            (
                "required at the top level: at the fallback",
                "  - {name: owner, path: owner, required: true}\n",
                "other: 1\n",
                &["1:1 owner: `owner` is not set"],
            ),
            (
                "pattern, with the reason",
                "  - {name: semver, path: \"**.image.tag\", pattern: '^\\d+\\.\\d+\\.\\d+$', message: tags are releases}\n",
                "image: {tag: \"1.2\"}\nb:\n  image: {tag: 1.2.3}\nc:\n  image: {tag: {x: 1}}\n",
                &[
                    "1:14 image.tag: `image.tag` is \"1.2\", which does not match `^\\d+\\.\\d+\\.\\d+$`; tags are releases",
                    "5:16 c.image.tag: `c.image.tag` is a map, not text that pattern `^\\d+\\.\\d+\\.\\d+$` can match; tags are releases",
                ],
            ),
            (
                "bounds, and values that are not numbers",
                "  - {name: bounds, path: \"*.replicas\", minimum: 1, maximum: 10}\n",
                "a: {replicas: 0}\nb: {replicas: 11}\nc: {replicas: \"3\"}\nd: {replicas: 5}\ne: {replicas: [1]}\n",
                &[
                    "1:15 a.replicas: `a.replicas` is 0, less than the minimum 1",
                    "2:15 b.replicas: `b.replicas` is 11, more than the maximum 10",
                    "3:15 c.replicas: `c.replicas` is \"3\", not a number",
                    "5:15 e.replicas: `e.replicas` is a list, not a number",
                ],
            ),
            (
                "forbidden values in lists, secrets never shown",
                "  - {name: no-default-password, path: \"**.password\", forbidden: [admin, \"\"]}\n",
                "db: {password: admin}\n",
                &["1:16 db.password: `db.password` is <redacted>, which this policy forbids"],
            ),
        ];
        for (rule, rules, values, expected) in rows {
            assert_eq!(check(rules, values), *expected, "{rule}");
        }
    }
}
