//! [`read_limits`]: the `limits` section of `strata.yaml`: the input limits of every file read
//! and the budget of a template, each at most its tested ceiling (`yaml::ceiling_of`).
//!
//! ```yaml
//! limits:
//!   maxFileBytes: 4194304
//!   maxDepth: 64
//!   templateSeconds: 5
//! ```

use crate::sandbox::TemplateBudget;
use crate::values::{Node, Value};
use crate::yaml::InputLimits;

use super::error::SettingsError;

fn positive_number(node: &Node, key: &str) -> Result<u64, SettingsError> {
    match node.value {
        Value::Float(f) if f >= 1.0 && f.fract() == 0.0 && f < 9.0e15 => Ok(f as u64),
        _ => Err(SettingsError::new(
            format!("limits.{key} must be a positive whole number"),
            &node.origin,
        )),
    }
}

/// Reads the `limits` section: the input limits and the template budget, each limit not
/// named keeping its default.
pub(crate) fn read_limits(node: &Node) -> Result<(InputLimits, TemplateBudget), SettingsError> {
    let mut limits = InputLimits::default();
    let mut template_budget = TemplateBudget::default();
    let lmap = node
        .as_map()
        .ok_or_else(|| SettingsError::new("limits must be a mapping", &node.origin))?;
    for (key, value) in lmap {
        let n = positive_number(value, key)?;
        if let Some(ceiling) = crate::yaml::ceiling_of(key) {
            if n > ceiling.max {
                return Err(SettingsError::new(
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
            "templateSeconds" => template_budget.time = std::time::Duration::from_secs(n),
            _ => {
                return Err(SettingsError::new(
                    format!(
                        "unknown limit {key:?}; known: maxFileBytes, maxDepth, maxAliasNodes, maxNodes, templateMemoryBytes, templateSeconds"
                    ),
                    &value.key_or_value_origin(),
                ))
            }
        }
    }
    Ok((limits, template_budget))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::Origin;
    use crate::yaml::test_tree as tree;

    fn read(text: &str) -> Result<(InputLimits, TemplateBudget), SettingsError> {
        let root = tree("strata.yaml", text);
        read_limits(&root.as_map().unwrap()["limits"])
    }

    #[test]
    fn sets_the_limits_it_names_and_keeps_the_others() {
        let (limits, budget) =
            read("limits:\n  maxFileBytes: 1000\n  maxDepth: 10\n  templateSeconds: 3\n").unwrap();
        assert_eq!(limits.max_file_bytes, 1000);
        assert_eq!(limits.yaml.max_depth, 10);
        assert_eq!(limits.yaml.max_nodes, InputLimits::default().yaml.max_nodes);
        assert_eq!(budget.time, std::time::Duration::from_secs(3));
        assert_eq!(budget.memory_bytes, TemplateBudget::default().memory_bytes);
    }

    #[test]
    fn refuses_what_it_cannot_use_at_its_place() {
        let at = |line, col| Origin::new("strata.yaml".into(), line, col);
        let rows: &[(&str, &str, Origin)] = &[
            ("limits: [1]\n", "limits must be a mapping", at(1, 9)),
            (
                "limits:\n  maxDepth: 0\n",
                "limits.maxDepth must be a positive whole number",
                at(2, 13),
            ),
            (
                "limits:\n  maxDepth: 1.5\n",
                "limits.maxDepth must be a positive whole number",
                at(2, 13),
            ),
            (
                "limits:\n  maxDepth: 100000000\n",
                "limits.maxDepth is 100000000, over its ceiling of CEILING: strata is tested up to the ceiling, not beyond",
                at(2, 13),
            ),
            (
                "limits:\n  maxDeph: 3\n",
                "unknown limit \"maxDeph\"; known: maxFileBytes, maxDepth, maxAliasNodes, maxNodes, templateMemoryBytes, templateSeconds",
                at(2, 3),
            ),
        ];
        let ceiling = crate::yaml::ceiling_of("maxDepth").unwrap().max.to_string();
        for (text, message, origin) in rows {
            let err = read(text).unwrap_err();
            assert_eq!(
                (err.to_string().as_str(), err.origin()),
                (message.replace("CEILING", &ceiling).as_str(), origin),
                "{text}"
            );
        }
    }
}
