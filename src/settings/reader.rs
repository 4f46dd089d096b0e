//! The settings reader underneath every section of `strata.yaml`: what each section's reader
//! (`lint_settings.rs`, `policies.rs`, `diff_settings.rs`, ...) reads its keys with, each
//! failing with a [`SettingsError`] at the node's place.

use crate::values::{KeyPattern, Node, Origin, Value};

use super::error::SettingsError;

/// Fails on a key of `map` that is not in `known`, naming the section.
pub(crate) fn check_keys(
    map: &crate::values::Map,
    known: &[&str],
    section: &str,
) -> Result<(), SettingsError> {
    for (key, node) in map {
        if !known.contains(&key.as_str()) {
            return Err(SettingsError::new(
                format!(
                    "unknown key {key:?} in {section}; known keys: {}",
                    known.join(", ")
                ),
                &node.key_or_value_origin(),
            ));
        }
    }
    Ok(())
}

/// Reads a list of strings.
pub(crate) fn string_list(node: &Node, what: &str) -> Result<Vec<String>, SettingsError> {
    let not_list =
        |origin: &Origin| SettingsError::new(format!("{what} must be a list of strings"), origin);
    let Value::List(items) = &node.value else {
        return Err(not_list(&node.origin));
    };
    items
        .iter()
        .map(|item| match &item.value {
            Value::String(s) => Ok(s.to_string()),
            _ => Err(not_list(&item.origin)),
        })
        .collect()
}

/// Reads a list of key patterns (`**.image.tag`).
pub(crate) fn pattern_list(node: &Node, what: &str) -> Result<Vec<KeyPattern>, SettingsError> {
    let texts = string_list(node, what)?;
    let Value::List(items) = &node.value else {
        unreachable!("string_list accepted a list");
    };
    texts
        .iter()
        .zip(items)
        .map(|(text, item)| {
            KeyPattern::parse(text)
                .map_err(|e| SettingsError::new(format!("{what}: {e}"), &item.origin))
        })
        .collect()
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

/// Reads a list of names (`stages`, `overlays`).
pub(crate) fn name_list(node: &Node, what: &str) -> Result<Vec<String>, SettingsError> {
    let Value::List(items) = &node.value else {
        return Err(SettingsError::new(
            format!("{what} must be a list of names"),
            &node.origin,
        ));
    };
    items
        .iter()
        .map(|item| match &item.value {
            Value::String(s) => Ok(s.to_string()),
            _ => Err(SettingsError::new(
                format!("{what} must be a list of names"),
                &item.origin,
            )),
        })
        .collect()
}

/// Reads one key pattern of a [`key_pattern_list`].
fn key_pattern(node: &Node, what: &str) -> Result<KeyPattern, SettingsError> {
    let Value::String(text) = &node.value else {
        return Err(SettingsError::new(
            format!("{what} must be a list of key paths"),
            &node.origin,
        ));
    };
    KeyPattern::parse(text).map_err(|e| SettingsError::new(format!("{what}: {e}"), &node.origin))
}

/// Reads a list of key patterns (`secrets`, `diff.ignore`, ...).
pub(crate) fn key_pattern_list(node: &Node, what: &str) -> Result<Vec<KeyPattern>, SettingsError> {
    let Value::List(items) = &node.value else {
        return Err(SettingsError::new(
            format!("{what} must be a list of key paths"),
            &node.origin,
        ));
    };
    items.iter().map(|item| key_pattern(item, what)).collect()
}
