//! [`DiffSettings`] and secret paths: the `diff:` and `secrets:` sections of `strata.yaml`.
//!
//! ```yaml
//! diff:
//!   stageSpecific: [replicaCount, ingress.hostname, resources]  # meant to differ between stages
//!   ignore: ["**.podAnnotations.checksum/*"]                    # never reported
//!   listKeys: {"**.containers": name}                           # how list elements are matched
//! secrets: [externalDatabase.dsn]                               # values never printed
//! ```
//!
//! Every path is a [`KeyPattern`] (`*` one key, `**` any number). A rule on a path covers
//! everything below it (`resources` covers `resources.limits.cpu`).

use crate::values::{KeyPattern, Node, Value};

use super::error::SettingsError;
use super::reader::key_pattern_list;

/// How to compare value trees: what `strata.yaml`'s `diff:` section says.
#[derive(Clone, Debug, Default)]
pub struct DiffSettings {
    /// Paths meant to differ between stages; a stage-to-stage diff shows their differences
    /// apart from unexpected drift.
    pub stage_specific: Vec<KeyPattern>,
    /// Paths never reported as changed (and not counted by `--exit-code`).
    pub ignore: Vec<KeyPattern>,
    /// The field that identifies the elements of the lists at a path, before the built-in
    /// choice (`name`, then `key`, then `id`).
    pub list_keys: Vec<ListKey>,
}

/// One `diff.listKeys` entry: elements of the lists at `path` are matched by `field`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListKey {
    /// The lists this applies to.
    pub path: KeyPattern,
    /// The field of each element that identifies it.
    pub field: String,
}

impl DiffSettings {
    /// Reads the `diff:` section.
    pub(crate) fn from_node(node: &Node) -> Result<DiffSettings, SettingsError> {
        let map = node
            .as_map()
            .ok_or_else(|| SettingsError::new("diff must be a mapping", &node.origin))?;
        let mut settings = DiffSettings::default();
        for (key, value) in map {
            match key.as_str() {
                "stageSpecific" => {
                    settings.stage_specific = key_pattern_list(value, "diff.stageSpecific")?
                }
                "ignore" => settings.ignore = key_pattern_list(value, "diff.ignore")?,
                "listKeys" => {
                    let entries = value.as_map().ok_or_else(|| {
                        SettingsError::new(
                            "diff.listKeys must map key paths to field names, e.g. {\"**.containers\": name}",
                            &value.origin,
                        )
                    })?;
                    for (path, field) in entries {
                        let path = KeyPattern::parse(path).map_err(|e| {
                            SettingsError::new(
                                format!("diff.listKeys: {e}"),
                                &field.key_or_value_origin(),
                            )
                        })?;
                        let Value::String(field) = &field.value else {
                            return Err(SettingsError::new(
                                "diff.listKeys: the field name must be a string",
                                &field.origin,
                            ));
                        };
                        settings.list_keys.push(ListKey {
                            path,
                            field: field.to_string(),
                        });
                    }
                }
                _ => {
                    return Err(SettingsError::new(
                        format!(
                            "unknown key {key:?} in diff; known: stageSpecific, ignore, listKeys"
                        ),
                        &value.key_or_value_origin(),
                    ))
                }
            }
        }
        Ok(settings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{parse_values, Limits};

    fn read(text: &str) -> Result<DiffSettings, SettingsError> {
        let parsed = parse_values(text.as_bytes(), "strata.yaml".into(), &Limits::default())
            .expect("test YAML parses");
        let root = parsed.root.expect("test YAML is not empty");
        DiffSettings::from_node(&root.as_map().expect("a map")["diff"])
    }

    #[test]
    fn reads_every_setting() {
        let settings = read(
            "diff:\n  stageSpecific: [replicaCount, \"**.resources\"]\n  ignore: [a.b]\n  listKeys: {\"**.containers\": name, env: key}\n",
        )
        .unwrap();
        let texts: Vec<&str> = settings.stage_specific.iter().map(|p| p.as_str()).collect();
        assert_eq!(texts, ["replicaCount", "**.resources"]);
        assert_eq!(settings.ignore[0].as_str(), "a.b");
        assert_eq!(settings.list_keys.len(), 2);
        assert_eq!(settings.list_keys[1].field, "key");
    }

    #[test]
    fn reports_mistakes_at_their_place() {
        let err = read("diff:\n  ignored: [a]\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown key \"ignored\" in diff; known: stageSpecific, ignore, listKeys"
        );
        let err = read("diff:\n  ignore: a\n").unwrap_err();
        assert_eq!(err.to_string(), "diff.ignore must be a list of key paths");
        let err = read("diff:\n  listKeys: {containers: 3}\n").unwrap_err();
        match err {
            SettingsError::Invalid { message, origin } => {
                assert_eq!(message, "diff.listKeys: the field name must be a string");
                assert_eq!((origin.line, origin.col), (2, 26));
            }
            other => panic!("unexpected {other}"),
        }
    }
}
