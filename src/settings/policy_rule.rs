//! [`PolicyRule`]: one entry of `strata.yaml`'s `policies`, read into checks (applied to a
//! release's values by `lint/policy_check.rs`).
//!
//! ```yaml
//! policies:
//!   - use: pinned-image-tags          # a built-in rule, switched on
//!     stages: [staging, production]
//!   - name: production-replicas       # a rule of the workspace's own
//!     stages: [production]
//!     path: replicaCount
//!     minimum: 2
//!     unless: {path: autoscaling.enabled, equals: true}
//!     severity: error
//! ```
//!
//! A rule names a `path` (dotted, with `*` and `**` globs: a glob checks every value it
//! matches) and one or more checks: `required`, `forbidden` values, a `pattern`, a `minimum`
//! and a `maximum`. `unless` skips the rule for a release where a value equals something.
//! `requiredWith` limits a glob's `required` to maps that set a sibling key;
//! `appVersionDefault` reads an empty value as the chart's `appVersion`. `stages` and
//! `charts` limit where it applies (everywhere by default), `exclude` exempts paths;
//! `severity` is `error` (the default) or `warning`; `message` adds the reason to every
//! finding.

use regex::{Regex, RegexBuilder};

use crate::values::{KeyPath, KeyPattern, Node, Origin, Value};

use super::error::SettingsError;
use super::reader::{check_keys, pattern_list, string_list};
use super::severity::Severity;

/// The most memory a policy's compiled `pattern` may take: a pattern is written by the
/// workspace, which may come from an untrusted pull request.
const MAX_PATTERN_BYTES: usize = 1 << 20;

/// The keys a rule of the workspace's own may have.
const RULE_KEYS: &[&str] = &[
    "name",
    "stages",
    "charts",
    "path",
    "required",
    "requiredWith",
    "appVersionDefault",
    "forbidden",
    "pattern",
    "minimum",
    "maximum",
    "unless",
    "exclude",
    "severity",
    "message",
];

/// The keys an entry switching on a built-in rule may have.
const USE_KEYS: &[&str] = &["use", "stages", "charts", "exclude", "severity"];

/// A policy's path: a pattern, and what the `required` check needs to know about it.
#[derive(Clone, Debug)]
pub struct PolicyPath {
    /// The pattern every checked value's path matches.
    pub pattern: KeyPattern,
    /// The path itself, when the pattern has no glob.
    pub literal: Option<KeyPath>,
    /// For a pattern with globs: the pattern without its last key, and that key (which must
    /// be a name): `required` checks the key in every map the shorter pattern matches.
    pub parent: Option<(KeyPattern, String)>,
}

/// A regular expression a value must match, in linear time (the `regex` crate has no
/// backtracking).
#[derive(Clone, Debug)]
pub struct Pattern {
    /// As written.
    pub text: String,
    /// Compiled.
    pub regex: Regex,
}

/// When a rule does not apply: the value at `path` equals `equals`.
#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    /// The value's path (no globs).
    pub path: KeyPath,
    /// The value that switches the rule off.
    pub equals: Value,
}

/// A stage policy.
#[derive(Clone, Debug)]
pub struct PolicyRule {
    /// The rule's name (findings name their rule `policy/<name>`).
    pub name: String,
    /// The stages it applies to; all when `None`.
    pub stages: Option<Vec<String>>,
    /// The charts it applies to; all when `None`.
    pub charts: Option<Vec<String>>,
    /// Where `charts` is written, to point at a chart name the workspace does not have.
    pub charts_origin: Option<Origin>,
    /// Where the rule is written in `strata.yaml`: its `path`, or the `use` naming a
    /// built-in rule (to point at a path that matches nothing).
    pub origin: Origin,
    /// What it checks.
    pub path: PolicyPath,
    /// Paths (and everything below them) the rule does not check.
    pub exclude: Vec<KeyPattern>,
    /// The value must be set: present, and not null, `""`, `[]` or `{}`.
    pub required: bool,
    /// With a glob path, `required` applies only in maps that set one of these keys (an
    /// `image: {}` that names no repository falls back to another image).
    pub required_with: Vec<String>,
    /// An empty value (`""` or null) stands for the chart's `appVersion`, as templates
    /// write `{{ .Values.image.tag | default .Chart.AppVersion }}`: it is set when the chart
    /// has one, and checked as that version.
    pub app_version_default: bool,
    /// Values it must not be.
    pub forbidden: Vec<Value>,
    /// A pattern its text must match (unanchored: write `^...$` for the whole text).
    pub pattern: Option<Pattern>,
    /// The smallest number allowed.
    pub minimum: Option<f64>,
    /// The largest number allowed.
    pub maximum: Option<f64>,
    /// When the rule does not apply: any of these holds.
    pub unless: Vec<Condition>,
    /// How serious a violation is.
    pub severity: Severity,
    /// The reason, added to every finding.
    pub message: Option<String>,
}

impl PolicyRule {
    /// Returns true when the rule applies to `chart` in `stage`.
    pub fn applies_to(&self, stage: &str, chart: &str) -> bool {
        let listed = |names: &Option<Vec<String>>, name: &str| {
            names.as_ref().is_none_or(|n| n.iter().any(|x| x == name))
        };
        listed(&self.stages, stage) && listed(&self.charts, chart)
    }

    /// Reads a rule of the workspace's own (or of the built-in table).
    pub fn from_node(node: &Node, stages: &[String]) -> Result<PolicyRule, SettingsError> {
        let map = node
            .as_map()
            .ok_or_else(|| SettingsError::new("a policy must be a mapping", &node.origin))?;
        check_keys(map, RULE_KEYS, "a policy")?;
        let name = name_at(map.get("name"), "name", &node.origin)?;
        let what = |key: &str| format!("policy {name:?}: {key}");
        let path_node = map.get("path").ok_or_else(|| {
            SettingsError::new(format!("policy {name:?} needs a `path`"), &node.origin)
        })?;
        let path = policy_path(path_node, &what("path"))?;
        let required = flag(map.get("required"), &what("required"))?;
        if required && path.literal.is_none() && path.parent.is_none() {
            return Err(SettingsError::new(
                format!(
                    "{} must end in a key name to be required (`**.image.tag`, not `image.*`)",
                    what("path")
                ),
                &path_node.origin,
            ));
        }
        let required_with = match map.get("requiredWith") {
            None => Vec::new(),
            Some(node) => string_list(node, &what("requiredWith"))?,
        };
        if !required_with.is_empty() && (!required || path.parent.is_none()) {
            return Err(SettingsError::new(
                format!(
                    "{} applies to a required path with globs (`required: true`, `**.image.tag`)",
                    what("requiredWith")
                ),
                &map["requiredWith"].origin,
            ));
        }
        let app_version_default = flag(map.get("appVersionDefault"), &what("appVersionDefault"))?;
        let forbidden = match map.get("forbidden") {
            None => Vec::new(),
            Some(node) => scalar_list(node, &what("forbidden"))?,
        };
        let pattern = map
            .get("pattern")
            .map(|node| pattern(node, &what("pattern")))
            .transpose()?;
        let minimum = map
            .get("minimum")
            .map(|node| number(node, &what("minimum")))
            .transpose()?;
        let maximum = map
            .get("maximum")
            .map(|node| number(node, &what("maximum")))
            .transpose()?;
        if !required
            && forbidden.is_empty()
            && pattern.is_none()
            && minimum.is_none()
            && maximum.is_none()
        {
            return Err(SettingsError::new(
                format!("policy {name:?} checks nothing; give it `required`, `forbidden`, `pattern`, `minimum` or `maximum`"),
                &node.origin,
            ));
        }
        let unless = match map.get("unless") {
            None => Vec::new(),
            Some(Node {
                value: Value::List(items),
                ..
            }) => items
                .iter()
                .map(|item| condition(item, &what("unless")))
                .collect::<Result<_, _>>()?,
            Some(node) => vec![condition(node, &what("unless"))?],
        };
        let message = match map.get("message") {
            None => None,
            Some(Node {
                value: Value::String(s),
                ..
            }) => Some(s.to_string()),
            Some(other) => {
                return Err(SettingsError::new(
                    format!("{} must be text", what("message")),
                    &other.origin,
                ))
            }
        };
        let mut rule = PolicyRule {
            name,
            stages: None,
            charts: None,
            charts_origin: None,
            origin: path_node.origin.clone(),
            path,
            exclude: Vec::new(),
            required,
            required_with,
            app_version_default,
            forbidden,
            pattern,
            minimum,
            maximum,
            unless,
            severity: Severity::Error,
            message,
        };
        rule.apply_scope(map, stages)?;
        Ok(rule)
    }

    /// Applies the `stages`, `charts` and `severity` of an entry (its own, or those of a
    /// `use` entry switching a built-in rule on).
    pub(crate) fn apply_scope(
        &mut self,
        map: &crate::values::Map,
        stages: &[String],
    ) -> Result<(), SettingsError> {
        let name = &self.name;
        if let Some(node) = map.get("stages") {
            let list = string_list(node, &format!("policy {name:?}: stages"))?;
            if let Some(unknown) = list.iter().find(|s| !stages.contains(s)) {
                return Err(SettingsError::new(
                    format!(
                        "policy {name:?}: unknown stage {unknown:?}; the stages are: {}",
                        stages.join(", ")
                    ),
                    &node.origin,
                ));
            }
            self.stages = Some(list);
        }
        if let Some(node) = map.get("charts") {
            self.charts = Some(string_list(node, &format!("policy {name:?}: charts"))?);
            self.charts_origin = Some(node.origin.clone());
        }
        if let Some(node) = map.get("exclude") {
            self.exclude = pattern_list(node, &format!("policy {name:?}: exclude"))?;
        }
        if let Some(node) = map.get("severity") {
            self.severity = match &node.value {
                Value::String(s) => Severity::parse(s),
                _ => None,
            }
            .ok_or_else(|| {
                SettingsError::new(
                    format!("policy {name:?}: severity must be error or warning"),
                    &node.origin,
                )
            })?;
        }
        Ok(())
    }

    /// Returns true when an entry switches a built-in rule on (`use: NAME`).
    pub(crate) fn is_use_entry(map: &crate::values::Map) -> bool {
        map.contains_key("use")
    }

    /// Checks the keys of a `use` entry and returns the built-in's name.
    pub(crate) fn use_name(node: &Node) -> Result<String, SettingsError> {
        let map = node
            .as_map()
            .ok_or_else(|| SettingsError::new("a policy must be a mapping", &node.origin))?;
        let name = name_at(map.get("use"), "use", &node.origin)?;
        for (key, value) in map {
            if !USE_KEYS.contains(&key.as_str()) {
                return Err(SettingsError::new(
                    format!(
                        "policy {name:?} is built in: an entry that uses it may set only stages, charts, exclude and severity, not {key:?}"
                    ),
                    &value.key_or_value_origin(),
                ));
            }
        }
        Ok(name)
    }
}

/// Reads a rule's name: letters, digits, `-`, `_` and `.`.
fn name_at(node: Option<&Node>, key: &str, entry: &Origin) -> Result<String, SettingsError> {
    match node {
        Some(Node {
            value: Value::String(s),
            ..
        }) if is_rule_name(s) => Ok(s.to_string()),
        Some(other) => Err(SettingsError::new(
            format!("a policy's {key} must be letters, digits, '.', '_' or '-'"),
            &other.origin,
        )),
        None => Err(SettingsError::new(
            "a policy needs a `name` (or `use: <built-in rule>`)",
            entry,
        )),
    }
}

/// Returns true for a rule name: letters, digits, `.`, `_`, `-`, starting with a letter or
/// digit (it becomes part of `policy/<name>` in findings).
fn is_rule_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// Reads a policy's path.
fn policy_path(node: &Node, what: &str) -> Result<PolicyPath, SettingsError> {
    let Value::String(text) = &node.value else {
        return Err(SettingsError::new(
            format!("{what} must be a dotted key path"),
            &node.origin,
        ));
    };
    let bad = |e: &dyn std::fmt::Display| SettingsError::new(format!("{what}: {e}"), &node.origin);
    let pattern = KeyPattern::parse(text).map_err(|e| bad(&e))?;
    let parts = split_unescaped_dots(text);
    let is_glob = |part: &str| part == "*" || part == "**";
    if !parts.iter().any(|p| is_glob(p)) {
        let literal = KeyPath::parse(text).map_err(|e| bad(&e))?;
        return Ok(PolicyPath {
            pattern,
            literal: Some(literal),
            parent: None,
        });
    }
    let parent = match parts.split_last() {
        Some((last, rest)) if !is_glob(last) && !rest.is_empty() => {
            let last_path = KeyPath::parse(last).map_err(|e| bad(&e))?;
            match last_path.segments() {
                [crate::values::Segment::Key(key)] => {
                    let parent = KeyPattern::parse(&rest.join(".")).map_err(|e| bad(&e))?;
                    Some((parent, key.clone()))
                }
                _ => None,
            }
        }
        _ => None,
    };
    Ok(PolicyPath {
        pattern,
        literal: None,
        parent,
    })
}

/// Splits a dotted path at its unescaped dots, keeping the escapes (`a\.b.c` → `a\.b`, `c`).
fn split_unescaped_dots(text: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        let last = parts.last_mut().expect("parts is never empty");
        match c {
            '\\' => {
                last.push('\\');
                if let Some(next) = chars.next() {
                    last.push(next);
                }
            }
            '.' => parts.push(String::new()),
            c => last.push(c),
        }
    }
    parts
}

/// Reads a list of scalars.
fn scalar_list(node: &Node, what: &str) -> Result<Vec<Value>, SettingsError> {
    let not_list =
        |origin: &Origin| SettingsError::new(format!("{what} must be a list of values"), origin);
    let Value::List(items) = &node.value else {
        return Err(not_list(&node.origin));
    };
    items
        .iter()
        .map(|item| match &item.value {
            Value::List(_) | Value::Map(_) => Err(not_list(&item.origin)),
            scalar => Ok(scalar.clone()),
        })
        .collect()
}

/// Reads and compiles a pattern.
fn pattern(node: &Node, what: &str) -> Result<Pattern, SettingsError> {
    let Value::String(text) = &node.value else {
        return Err(SettingsError::new(
            format!("{what} must be a regular expression"),
            &node.origin,
        ));
    };
    let regex = RegexBuilder::new(text)
        .size_limit(MAX_PATTERN_BYTES)
        .build()
        .map_err(|e| {
            // The regex crate explains over several lines; the last one says what is wrong.
            let text = e.to_string();
            let reason = text.lines().last().unwrap_or(&text).trim().to_string();
            SettingsError::new(format!("{what}: {reason}"), &node.origin)
        })?;
    Ok(Pattern {
        text: text.to_string(),
        regex,
    })
}

/// Reads a number.
fn number(node: &Node, what: &str) -> Result<f64, SettingsError> {
    match node.value {
        Value::Float(f) => Ok(f),
        Value::Int(i) => Ok(i as f64),
        _ => Err(SettingsError::new(
            format!("{what} must be a number"),
            &node.origin,
        )),
    }
}

/// Reads an `unless` condition.
fn condition(node: &Node, what: &str) -> Result<Condition, SettingsError> {
    let shape = || {
        SettingsError::new(
            format!("{what} must be {{path: KEY.PATH, equals: VALUE}} or a list of them"),
            &node.origin,
        )
    };
    let map = node.as_map().ok_or_else(shape)?;
    check_keys(map, &["path", "equals"], what)?;
    let path = match map.get("path").map(|n| (&n.value, n)) {
        Some((Value::String(text), n)) => KeyPath::parse(text)
            .map_err(|e| SettingsError::new(format!("{what}: {e}"), &n.origin))?,
        _ => return Err(shape()),
    };
    let equals = match map.get("equals") {
        Some(n) if !matches!(n.value, Value::List(_) | Value::Map(_)) => n.value.clone(),
        _ => return Err(shape()),
    };
    Ok(Condition { path, equals })
}

/// Reads an optional `true`/`false` setting (absent is false); `what` names it in the error.
fn flag(node: Option<&Node>, what: &str) -> Result<bool, SettingsError> {
    match node {
        None => Ok(false),
        Some(Node {
            value: Value::Bool(b),
            ..
        }) => Ok(*b),
        Some(other) => Err(SettingsError::new(
            format!("{what} must be true or false"),
            &other.origin,
        )),
    }
}
