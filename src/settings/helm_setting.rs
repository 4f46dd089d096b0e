//! [`helm_version`]: the `helm:` section of `strata.yaml`, which names the Helm whose
//! semantics the workspace follows (`helm: {version: "4"}`; Helm 3 without it).

use crate::values::{HelmVersion, Node, Value};

use super::error::SettingsError;

/// Reads the `helm:` section: a map whose only key is `version`, `3` or `4` (a number or a
/// string; `"4.1"` and `v4` read as 4).
pub(super) fn helm_version(node: &Node) -> Result<HelmVersion, SettingsError> {
    let fail = |message: &str, node: &Node| SettingsError::Invalid {
        message: message.to_string(),
        origin: node.key_or_value_origin().clone(),
    };
    let map = node.as_map().ok_or_else(|| {
        fail(
            "helm must be a mapping, e.g. `helm: {version: \"4\"}`",
            node,
        )
    })?;
    let mut version = HelmVersion::default();
    for (key, value) in map {
        if key != "version" {
            return Err(fail(
                &format!("unknown key {key:?} under helm; known: version"),
                value,
            ));
        }
        let text = match &value.value {
            Value::String(s) => s.to_string(),
            Value::Float(f) => crate::values::format_go_float(*f),
            Value::Int(i) => i.to_string(),
            _ => String::new(),
        };
        version = HelmVersion::parse(&text).ok_or_else(|| SettingsError::Invalid {
            message: "helm.version must be 3 or 4".to_string(),
            origin: value.origin.clone(),
        })?;
    }
    Ok(version)
}
