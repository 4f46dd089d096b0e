//! [`VarsSettings`]: the `vars:` and `requiredVars:` sections of `strata.yaml`.
//!
//! ```yaml
//! vars:                          # workspace variables, `vars` in overlay templates
//!   registry: registry.example.com
//! requiredVars: [domain]         # every stage's stage.yaml must define these
//! ```

use crate::values::{Node, Origin, Value};

use super::error::SettingsError;

/// Workspace variables and the stage variables every stage must define.
#[derive(Clone, Debug, Default)]
pub struct VarsSettings {
    /// The `vars:` map, as written (with origins), when there is one.
    pub vars: Option<Node>,
    /// The names `requiredVars:` lists, each with where it is written.
    pub required: Vec<(String, Origin)>,
}

fn config_error(message: impl Into<String>, origin: &Origin) -> SettingsError {
    SettingsError::new(message, origin)
}

impl VarsSettings {
    /// Reads `vars:` (a mapping) and `requiredVars:` (a list of names).
    pub(crate) fn from_nodes(
        vars: Option<&Node>,
        required: Option<&Node>,
    ) -> Result<VarsSettings, SettingsError> {
        if let Some(node) = vars {
            if node.as_map().is_none() {
                return Err(config_error(
                    "vars must be a mapping of variable names to values",
                    &node.origin,
                ));
            }
        }
        let mut names = Vec::new();
        if let Some(node) = required {
            let Value::List(items) = &node.value else {
                return Err(config_error(
                    "requiredVars must be a list of variable names",
                    &node.origin,
                ));
            };
            for item in items {
                match &item.value {
                    Value::String(name) if !name.is_empty() => {
                        names.push((name.to_string(), item.origin.clone()))
                    }
                    _ => {
                        return Err(config_error(
                            "requiredVars must be a list of variable names",
                            &item.origin,
                        ))
                    }
                }
            }
        }
        Ok(VarsSettings {
            vars: vars.cloned(),
            required: names,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(text: &str) -> Node {
        crate::yaml::parse_values(
            text.as_bytes(),
            std::sync::Arc::from("strata.yaml"),
            &crate::yaml::Limits::default(),
        )
        .expect("valid YAML")
        .root
        .expect("a document")
    }

    #[test]
    fn vars_are_a_map_and_required_vars_a_list_of_names() {
        let root = node("vars: {registry: r.example}\nrequiredVars: [domain, cluster]\n");
        let map = root.as_map().expect("a map");
        let settings =
            VarsSettings::from_nodes(map.get("vars"), map.get("requiredVars")).expect("valid");
        let names: Vec<&str> = settings.required.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["domain", "cluster"]);
        assert!(settings.vars.is_some());
        let root = node("vars: [a]\nrequiredVars: [1]\n");
        let map = root.as_map().expect("a map");
        let err = VarsSettings::from_nodes(map.get("vars"), None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "vars must be a mapping of variable names to values"
        );
        let err = VarsSettings::from_nodes(None, map.get("requiredVars")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "requiredVars must be a list of variable names"
        );
        assert_eq!(err.origin().line, 2);
    }
}
