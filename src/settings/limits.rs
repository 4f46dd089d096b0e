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
                    value.key_or_value_origin(),
                ))
            }
        }
    }
    Ok((limits, template_budget))
}
