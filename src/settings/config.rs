//! [`Config`]: what `strata.yaml` says. Read with strata's own YAML reader, so a mistake in it
//! is reported at its line and column like any other input.

use crate::values::{Node, Origin, Value};
use crate::yaml::InputLimits;

use super::diff_settings::DiffSettings;
use super::error::SettingsError;
use super::lint_settings::LintSettings;
use super::manifest_settings::ManifestSettings;
use super::policies::Policies;
use super::promotion_settings::PromotionSettings;
use super::reader::{is_safe_name, key_pattern_list, name_list};

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
    "charts",
    "promotion",
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
    /// Charts of the workspace that come from a repository, each under the workspace's name
    /// for it: the `charts:` section's, then those releases write inline (named by the
    /// source's `name`), in the order written; `strata vendor` fetches them.
    pub charts: Vec<(String, super::ChartSource)>,
    /// Which paths `strata promote` carries from a stage to the next (`promotion:`).
    pub promotion: PromotionSettings,
}

fn config_error(message: impl Into<String>, origin: &Origin) -> SettingsError {
    SettingsError::new(message, origin)
}

impl Config {
    /// Reads the settings from the parsed `strata.yaml` (`None` for an empty file).
    pub fn from_node(root: Option<&Node>, file: &Origin) -> Result<Config, SettingsError> {
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
                    &node.key_or_value_origin(),
                ));
            }
        }
        let stages_node = map.get("stages").ok_or_else(|| {
            config_error("strata.yaml must name the stages in promotion order, e.g. `stages: [development, staging, production]`", &root.origin)
        })?;
        let stages = name_list(stages_node, "stages")?;
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
                let list = name_list(node, "overlays")?;
                // `name_list` has checked that the node is a list of as many strings.
                let items: &[Node] = match &node.value {
                    Value::List(items) => items,
                    _ => &[],
                };
                for (pattern, item) in list.iter().zip(items) {
                    if pattern.starts_with('/') || pattern.split('/').any(|c| c == "..") {
                        return Err(SettingsError::PatternOutside {
                            pattern: pattern.clone(),
                            origin: item.origin.clone(),
                        });
                    }
                }
                list
            }
            None => DEFAULT_OVERLAYS.iter().map(|s| s.to_string()).collect(),
        };
        let (limits, template_budget) = match map.get("limits") {
            Some(node) => super::limits::read_limits(node)?,
            None => (
                InputLimits::default(),
                crate::sandbox::TemplateBudget::default(),
            ),
        };
        // An overlay template gets a shorter time than the Markdown diff template unless
        // `limits.templateSeconds` sets both.
        let overlay_seconds_set = map
            .get("limits")
            .and_then(Node::as_map)
            .is_some_and(|l| l.contains_key("templateSeconds"));
        let lint = match map.get("lint") {
            Some(node) => LintSettings::from_node(node)?,
            None => LintSettings::default(),
        };
        let policies = match map.get("policies") {
            Some(node) => Policies::from_node(node, &stages)?,
            None => Policies::default(),
        };
        let diff = match map.get("diff") {
            Some(node) => DiffSettings::from_node(node)?,
            None => DiffSettings::default(),
        };
        let secrets = match map.get("secrets") {
            Some(node) => key_pattern_list(node, "secrets")?,
            None => Vec::new(),
        };
        let manifests =
            ManifestSettings::from_nodes(map.get("kubernetes"), map.get("manifests"), &stages)?;
        let helm = match map.get("helm") {
            Some(node) => super::helm_setting::helm_version(node)?,
            None => crate::values::HelmVersion::default(),
        };
        let mut charts = match map.get("charts") {
            Some(node) => super::chart_sources::chart_sources(node)?,
            None => Vec::new(),
        };
        let promotion = match map.get("promotion") {
            Some(node) => PromotionSettings::from_node(node)?,
            None => PromotionSettings::default(),
        };
        let overlay_budget = crate::sandbox::TemplateBudget {
            memory_bytes: template_budget.memory_bytes,
            time: if overlay_seconds_set {
                template_budget.time
            } else {
                std::time::Duration::from_secs(OVERLAY_SECONDS)
            },
        };
        let releases = match map.get("releases") {
            Some(node) => Some(super::release_settings::read_releases(node, &stages)?),
            None => None,
        };
        if let Some(releases) = &releases {
            let inline = super::inline_charts::inline_charts(releases, &charts)?;
            charts.extend(inline);
        }
        let vars = super::vars_settings::VarsSettings::from_nodes(
            map.get("vars"),
            map.get("requiredVars"),
        )?;
        Ok(Config {
            charts,
            promotion,
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
