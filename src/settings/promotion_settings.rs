//! [`PromotionSettings`]: the `promotion:` section of `strata.yaml`, which paths flow from a
//! stage to the next (`strata promote`) and which never do.
//!
//! ```yaml
//! promotion:
//!   paths: ["**.image.tag", "**.image.digest", appVersion]   # what flows to the next stage
//!   exclude: ["debug.**"]                                    # never flows
//!   releases:
//!     mysql:                      # per release: its own paths (replacing the list above)
//!       paths: [image.tag]        # and exclusions (added to the list above)
//!       exclude: [metrics.**]
//! ```
//!
//! Without the section, `**.image.tag` and `**.image.digest` flow (DESIGN §1).

use indexmap::IndexMap;

use crate::values::{KeyPath, KeyPattern, Node, Origin};

use super::error::SettingsError;
use super::reader::key_pattern_list;

/// The paths that flow when `strata.yaml` names none.
pub const DEFAULT_PROMOTION_PATHS: &[&str] = &["**.image.tag", "**.image.digest"];

/// Which paths a promotion carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PromotionRule {
    /// Paths that flow (each matches a whole path: `**.image.tag`).
    pub paths: Vec<KeyPattern>,
    /// Paths that never flow, and everything below them.
    pub exclude: Vec<KeyPattern>,
}

impl PromotionRule {
    /// Returns true when the value at `path` flows from a stage to the next.
    pub fn promotes(&self, path: &KeyPath) -> bool {
        self.paths.iter().any(|p| p.matches(path))
            && !self.exclude.iter().any(|p| p.matches_within(path))
    }
}

/// The `promotion:` section: the workspace's rule and each release's own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PromotionSettings {
    /// The rule of every release without its own.
    pub default: PromotionRule,
    /// Rules of single releases, by name.
    pub releases: IndexMap<String, PromotionRule>,
}

impl Default for PromotionSettings {
    fn default() -> Self {
        PromotionSettings {
            default: PromotionRule {
                paths: DEFAULT_PROMOTION_PATHS
                    .iter()
                    .map(|p| KeyPattern::parse(p).expect("the default patterns parse"))
                    .collect(),
                exclude: Vec::new(),
            },
            releases: IndexMap::new(),
        }
    }
}

fn config_error(message: impl Into<String>, origin: &Origin) -> SettingsError {
    SettingsError::new(message, origin)
}

impl PromotionSettings {
    /// Returns the rule of `release`.
    pub fn rule(&self, release: &str) -> &PromotionRule {
        self.releases.get(release).unwrap_or(&self.default)
    }

    /// Reads the `promotion:` section.
    pub(crate) fn from_node(node: &Node) -> Result<PromotionSettings, SettingsError> {
        let mut settings = PromotionSettings::default();
        let (paths, exclude, releases) = rule_parts(node, "promotion", true)?;
        if let Some(paths) = paths {
            settings.default.paths = paths;
        }
        settings.default.exclude = exclude.unwrap_or_default();
        if let Some(releases) = releases {
            let map = releases.as_map().ok_or_else(|| {
                config_error(
                    "promotion.releases must map release names to rules",
                    &releases.origin,
                )
            })?;
            for (name, rule) in map {
                let what = format!("promotion.releases.{name}");
                let (paths, exclude, _) = rule_parts(rule, &what, false)?;
                let mut own = settings.default.clone();
                if let Some(paths) = paths {
                    own.paths = paths;
                }
                own.exclude.extend(exclude.unwrap_or_default());
                settings.releases.insert(name.to_string(), own);
            }
        }
        Ok(settings)
    }
}

type RuleParts<'a> = (
    Option<Vec<KeyPattern>>,
    Option<Vec<KeyPattern>>,
    Option<&'a Node>,
);

/// Reads `paths`, `exclude` and (at the top) `releases` of a rule.
fn rule_parts<'a>(node: &'a Node, what: &str, top: bool) -> Result<RuleParts<'a>, SettingsError> {
    let map = node
        .as_map()
        .ok_or_else(|| config_error(format!("{what} must be a mapping"), &node.origin))?;
    let (mut paths, mut exclude, mut releases) = (None, None, None);
    for (key, value) in map {
        match key.as_str() {
            "paths" => paths = Some(key_pattern_list(value, &format!("{what}.paths"))?),
            "exclude" => exclude = Some(key_pattern_list(value, &format!("{what}.exclude"))?),
            "releases" if top => releases = Some(value),
            _ => {
                let known = if top {
                    "paths, exclude, releases"
                } else {
                    "paths, exclude"
                };
                return Err(config_error(
                    format!("unknown key {key:?} in {what}; known keys: {known}"),
                    &value.key_or_value_origin(),
                ));
            }
        }
    }
    Ok((paths, exclude, releases))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{parse_values, Limits};

    fn read(text: &str) -> Result<PromotionSettings, SettingsError> {
        let parsed = parse_values(text.as_bytes(), "strata.yaml".into(), &Limits::default())
            .expect("parses");
        PromotionSettings::from_node(parsed.root.as_ref().expect("a root"))
    }

    #[test]
    fn reads_paths_exclusions_and_release_rules() {
        let at = |p: &str| KeyPath::parse(p).unwrap();
        let default = PromotionSettings::default();
        // (rule, path, flows)
        let rows: &[(&PromotionRule, &str, bool)] = &[
            (&default.default, "image.tag", true),
            (&default.default, "sidecar.image.tag", true),
            (&default.default, "image.digest", true),
            (&default.default, "image.repository", false),
            (&default.default, "image", false),
        ];
        for (rule, path, flows) in rows {
            assert_eq!(rule.promotes(&at(path)), *flows, "{path}");
        }
        let settings = read(
            "paths: ['**.image.tag', appVersion]\nexclude: ['debug.**']\nreleases:\n  db:\n    paths: [version]\n    exclude: [x]\n",
        )
        .unwrap();
        let web = settings.rule("web");
        assert!(web.promotes(&at("appVersion")));
        assert!(web.promotes(&at("image.tag")));
        assert!(!web.promotes(&at("debug.image.tag")));
        assert!(!web.promotes(&at("image.digest")));
        let db = settings.rule("db");
        assert!(db.promotes(&at("version")));
        assert!(!db.promotes(&at("image.tag")));
        assert_eq!(db.exclude.len(), 2);
    }

    #[test]
    fn refuses_unknown_keys_and_bad_lists() {
        let err = read("path: [a]\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown key \"path\" in promotion; known keys: paths, exclude, releases"
        );
        let err = read("releases: {db: {releases: {}}}\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown key \"releases\" in promotion.releases.db; known keys: paths, exclude"
        );
        let err = read("paths: image.tag\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "promotion.paths must be a list of key paths"
        );
    }
}
