//! [`Config`]: what `strata.yaml` says. Read with strata's own YAML reader, so a mistake in it
//! is reported at its line and column like any other input.

use crate::lint::{LintSettings, SettingsError};
use crate::policy::Policies;
use crate::values::{Node, Origin, Value};
use crate::yaml::InputLimits;

use super::diff_settings::{pattern_list, DiffSettings};
use super::error::WorkspaceError;
use super::manifest_settings::ManifestSettings;

/// The name of the workspace file.
pub const CONFIG_FILE: &str = "strata.yaml";

/// The overlay layers of a release when `strata.yaml` names none, lowest precedence first
/// (DESIGN §1, layer 2).
const DEFAULT_OVERLAYS: &[&str] = &[
    "environments/{stage}/{release}.yaml",
    "environments/{stage}/{release}/*.yaml",
];

/// The time budget of one overlay template, in seconds, unless `limits.templateSeconds` says.
const OVERLAY_SECONDS: u64 = 2;

/// The keys `strata.yaml` may hold.
const KNOWN_KEYS: &[&str] = &[
    "stages",
    "overlays",
    "limits",
    "lint",
    "policies",
    "diff",
    "secrets",
    "helm",
    "kubernetes",
    "manifests",
    "releases",
    "vars",
    "requiredVars",
];

/// The settings of a workspace.
#[derive(Clone, Debug)]
pub struct Config {
    /// Stage names in promotion order.
    pub stages: Vec<String>,
    /// Overlay path patterns, lowest precedence first; `{stage}`, `{release}` and `{chart}`
    /// are replaced, and a final `*.yaml` component matches every `.yaml` file of that folder
    /// in name order. A pattern naming `x.yaml` also finds the template `x.yaml.tera`.
    pub overlays: Vec<String>,
    /// The `releases:` section, when there is one (else each chart is one release).
    pub releases: Option<Vec<super::release_settings::ReleaseSpec>>,
    /// Workspace variables and the stage variables every stage must define (`vars:`,
    /// `requiredVars:`).
    pub vars: super::vars_settings::VarsSettings,
    /// Input limits.
    pub limits: InputLimits,
    /// The memory and time a template may use (`limits.templateMemoryBytes`,
    /// `limits.templateSeconds`).
    pub template_budget: crate::sandbox::TemplateBudget,
    /// The memory and time one overlay template may use: `template_budget`, but 2 seconds
    /// when `limits.templateSeconds` is not written (an overlay renders in milliseconds; a
    /// loop is stopped fast).
    pub overlay_budget: crate::sandbox::TemplateBudget,
    /// The `lint` section: each rule's severity and the allow-lists.
    pub lint: LintSettings,
    /// The `policies` section: the stage policies switched on or written.
    pub policies: Policies,
    /// How `strata diff` and `strata matrix` compare values (`diff:`).
    pub diff: DiffSettings,
    /// Paths whose values are secrets, never printed (`secrets:`), besides the keys whose
    /// names say so.
    pub secrets: Vec<crate::values::KeyPattern>,
    /// Whose semantics the workspace follows (`helm: {version: "4"}`), Helm 3 by default.
    pub helm: crate::values::HelmVersion,
    /// How releases are rendered and manifests compared (`helm:`, `kubernetes:`,
    /// `manifests:`).
    pub manifests: ManifestSettings,
}

fn config_error(message: impl Into<String>, origin: &Origin) -> WorkspaceError {
    WorkspaceError::Config {
        message: message.into(),
        origin: origin.clone(),
    }
}

/// Returns true for a name that is safe as one path component: letters, digits, `.`, `_`,
/// `-`, not starting with `.`.
pub(crate) fn is_safe_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

fn string_list(node: &Node, what: &str) -> Result<Vec<String>, WorkspaceError> {
    let Value::List(items) = &node.value else {
        return Err(config_error(
            format!("{what} must be a list of names"),
            &node.origin,
        ));
    };
    items
        .iter()
        .map(|item| match &item.value {
            Value::String(s) => Ok(s.clone()),
            _ => Err(config_error(
                format!("{what} must be a list of names"),
                &item.origin,
            )),
        })
        .collect()
}

fn positive_number(node: &Node, key: &str) -> Result<u64, WorkspaceError> {
    match node.value {
        Value::Float(f) if f >= 1.0 && f.fract() == 0.0 && f < 9.0e15 => Ok(f as u64),
        _ => Err(config_error(
            format!("limits.{key} must be a positive whole number"),
            &node.origin,
        )),
    }
}

impl Config {
    /// Reads the settings from the parsed `strata.yaml` (`None` for an empty file).
    pub fn from_node(root: Option<&Node>, file: &Origin) -> Result<Config, WorkspaceError> {
        let Some(root) = root else {
            return Err(config_error("strata.yaml is empty; it must name the stages, e.g. `stages: [development, staging, production]`", file));
        };
        let map = root
            .as_map()
            .ok_or_else(|| config_error("strata.yaml must be a mapping", &root.origin))?;
        for (key, node) in map {
            if !KNOWN_KEYS.contains(&key.as_str()) {
                return Err(config_error(
                    format!(
                        "unknown key {key:?} in strata.yaml; known keys: {}",
                        KNOWN_KEYS.join(", ")
                    ),
                    node.key_or_value_origin(),
                ));
            }
        }
        let stages_node = map.get("stages").ok_or_else(|| {
            config_error("strata.yaml must name the stages in promotion order, e.g. `stages: [development, staging, production]`", &root.origin)
        })?;
        let stages = string_list(stages_node, "stages")?;
        if stages.is_empty() {
            return Err(config_error(
                "stages must name at least one stage",
                &stages_node.origin,
            ));
        }
        let item_origin = |i: usize| match &stages_node.value {
            Value::List(items) => items[i].origin.clone(),
            _ => stages_node.origin.clone(),
        };
        for (i, stage) in stages.iter().enumerate() {
            if !is_safe_name(stage) {
                return Err(config_error(
                    format!("stage name {stage:?} must be letters, digits, '.', '_' or '-'"),
                    &item_origin(i),
                ));
            }
            if stages[..i].contains(stage) {
                return Err(config_error(
                    format!("stage {stage:?} is listed twice"),
                    &item_origin(i),
                ));
            }
        }
        let overlays = match map.get("overlays") {
            Some(node) => {
                let list = string_list(node, "overlays")?;
                // `string_list` has checked that the node is a list of as many strings.
                let items: &[Node] = match &node.value {
                    Value::List(items) => items,
                    _ => &[],
                };
                for (pattern, item) in list.iter().zip(items) {
                    if pattern.starts_with('/') || pattern.split('/').any(|c| c == "..") {
                        return Err(WorkspaceError::PatternOutside {
                            pattern: pattern.clone(),
                            origin: item.origin.clone(),
                        });
                    }
                }
                list
            }
            None => DEFAULT_OVERLAYS.iter().map(|s| s.to_string()).collect(),
        };
        let mut limits = InputLimits::default();
        let mut template_budget = crate::sandbox::TemplateBudget::default();
        let mut overlay_seconds = None;
        if let Some(node) = map.get("limits") {
            let lmap = node
                .as_map()
                .ok_or_else(|| config_error("limits must be a mapping", &node.origin))?;
            for (key, value) in lmap {
                let n = positive_number(value, key)?;
                if let Some(ceiling) = crate::yaml::ceiling_of(key) {
                    if n > ceiling.max {
                        return Err(config_error(
                            format!(
                                "limits.{key} is {n}, over its ceiling of {}: strata is tested up to the ceiling, not beyond",
                                ceiling.max
                            ),
                            &value.origin,
                        ));
                    }
                }
                match key.as_str() {
                    "maxFileBytes" => limits.max_file_bytes = n,
                    "maxDepth" => limits.yaml.max_depth = n as usize,
                    "maxAliasNodes" => limits.yaml.max_alias_nodes = n as usize,
                    "maxNodes" => limits.yaml.max_nodes = n as usize,
                    "templateMemoryBytes" => template_budget.memory_bytes = n,
                    "templateSeconds" => {
                        template_budget.time = std::time::Duration::from_secs(n);
                        overlay_seconds = Some(n);
                    }
                    _ => {
                        return Err(config_error(
                            format!(
                            "unknown limit {key:?}; known: maxFileBytes, maxDepth, maxAliasNodes, maxNodes, templateMemoryBytes, templateSeconds"
                        ),
                            value.key_or_value_origin(),
                        ))
                    }
                }
            }
        }
        let setting = |e: SettingsError| config_error(e.message, &e.origin);
        let lint = match map.get("lint") {
            Some(node) => LintSettings::from_node(node).map_err(setting)?,
            None => LintSettings::default(),
        };
        let policies = match map.get("policies") {
            Some(node) => Policies::from_node(node, &stages).map_err(setting)?,
            None => Policies::default(),
        };
        let diff = match map.get("diff") {
            Some(node) => DiffSettings::from_node(node)?,
            None => DiffSettings::default(),
        };
        let secrets = match map.get("secrets") {
            Some(node) => pattern_list(node, "secrets")?,
            None => Vec::new(),
        };
        let manifests =
            ManifestSettings::from_nodes(map.get("kubernetes"), map.get("manifests"), &stages)?;
        let helm = match map.get("helm") {
            Some(node) => super::helm_setting::helm_version(node)?,
            None => crate::values::HelmVersion::default(),
        };
        let overlay_budget = crate::sandbox::TemplateBudget {
            memory_bytes: template_budget.memory_bytes,
            time: std::time::Duration::from_secs(overlay_seconds.unwrap_or(OVERLAY_SECONDS)),
        };
        let releases = match map.get("releases") {
            Some(node) => Some(super::release_settings::read_releases(node, &stages)?),
            None => None,
        };
        let vars = super::vars_settings::VarsSettings::from_nodes(
            map.get("vars"),
            map.get("requiredVars"),
        )?;
        Ok(Config {
            overlay_budget,
            releases,
            vars,
            manifests,
            template_budget,
            helm,
            stages,
            overlays,
            limits,
            lint,
            policies,
            diff,
            secrets,
        })
    }
}
