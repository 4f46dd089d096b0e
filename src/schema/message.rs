//! Helm 3.17's words for a validation error: gojsonschema v1.2.0's descriptions
//! (`Invalid type. Expected: integer, given: string`, `image is required`,
//! `Additional property b is not allowed`, ...), built from the `jsonschema` crate's error kind
//! and the schema at the error's location. No description holds the offending value, so none
//! can leak a secret; `enum` and `const` list only what the schema allows.

use jsonschema::error::ValidationErrorKind;
use serde_json::Value;

use crate::values::{format_go_float, format_go_float_v};

use super::compiled::{CompiledSchema, RawError};
use super::keywords::PATTERN_KEYWORD;
use super::pointer;

/// One violation in Helm's words, before it is located.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Described {
    /// The keyword that failed (`type`, `required`, `dependencies`, ...).
    pub keyword: String,
    /// gojsonschema's description.
    pub message: String,
    /// JSON pointer of the value the error is about (the object, for `required`).
    pub instance_pointer: String,
    /// What in the value to point at.
    pub target: Target,
    /// The schema file.
    pub doc: usize,
    /// JSON pointer of the subschema holding the keyword.
    pub schema_pointer: String,
}

/// What part of the value a violation is about.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Target {
    /// The value at the instance pointer.
    Value,
    /// The key `.0` of the object at the instance pointer (an additional property, the key
    /// that has a dependency).
    Key(String),
    /// The key `.0`, missing from the object at the instance pointer.
    Missing(String),
}

/// Returns the violations one raw error stands for (an `additionalProperties` error lists
/// several keys; Helm reports each).
pub(crate) fn describe(
    error: &RawError,
    schema: &CompiledSchema,
    instance: &Value,
) -> Vec<Described> {
    let tokens = pointer::tokens(&error.keyword_pointer).unwrap_or_default();
    let (schema_pointer, keyword) = match tokens.split_last() {
        Some((last, parent)) => (join(parent), last.clone()),
        None => (String::new(), String::new()),
    };
    let keyword_value = schema.schema_value(error.doc, &error.keyword_pointer);
    let value = pointer::resolve(instance, &error.instance_pointer);
    let field = helm_field(&error.instance_pointer);
    let one = |keyword: &str, message: String, target: Target| Described {
        keyword: keyword.to_string(),
        message,
        instance_pointer: error.instance_pointer.clone(),
        target,
        doc: error.doc,
        schema_pointer: schema_pointer.clone(),
    };
    // gojsonschema reports each key `additionalProperties` refuses, on the object.
    let not_allowed = |keys: &mut dyn Iterator<Item = &String>| -> Vec<Described> {
        keys.map(|key| {
            one(
                "additionalProperties",
                format!("Additional property {key} is not allowed"),
                Target::Key(key.clone()),
            )
        })
        .collect()
    };
    let limit = |v: &Value| {
        v.as_f64()
            .map(format_go_float_v)
            .unwrap_or_else(|| v.to_string())
    };
    let (name, message) = match &error.kind {
        ValidationErrorKind::Type { .. } => (
            "type",
            format!(
                "Invalid type. Expected: {}, given: {}",
                expected_types(keyword_value),
                value.map_or("null", type_name)
            ),
        ),
        ValidationErrorKind::Required { property } => {
            let property = property.as_str().unwrap_or_default().to_string();
            if keyword == "dependencies" {
                let trigger = dependency_trigger(keyword_value, value, &property);
                return vec![one(
                    "dependencies",
                    format!("Has a dependency on {property}"),
                    trigger.map_or(Target::Value, Target::Key),
                )];
            }
            return vec![one(
                "required",
                format!("{property} is required"),
                Target::Missing(property),
            )];
        }
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            return not_allowed(&mut unexpected.iter());
        }
        ValidationErrorKind::Enum { options } => (
            "enum",
            format!(
                "{field} must be one of the following: {}",
                list_values(options)
            ),
        ),
        ValidationErrorKind::Constant { expected_value } => (
            "const",
            format!("{field} does not match: {}", go_json(expected_value)),
        ),
        ValidationErrorKind::Custom { keyword, message } => {
            let name = if keyword == PATTERN_KEYWORD {
                "pattern"
            } else {
                keyword.as_str()
            };
            return vec![one(name, message.clone(), Target::Value)];
        }
        ValidationErrorKind::Pattern { pattern } => {
            ("pattern", format!("Does not match pattern '{pattern}'"))
        }
        ValidationErrorKind::BacktrackLimitExceeded { .. }
        | ValidationErrorKind::RegexEngineFailure { .. } => (
            "pattern",
            "Does not match pattern (the regular expression could not be run)".to_string(),
        ),
        ValidationErrorKind::Format { format } => {
            ("format", format!("Does not match format '{format}'"))
        }
        ValidationErrorKind::MinLength { limit } => (
            "minLength",
            format!("String length must be greater than or equal to {limit}"),
        ),
        ValidationErrorKind::MaxLength { limit } => (
            "maxLength",
            format!("String length must be less than or equal to {limit}"),
        ),
        ValidationErrorKind::Minimum { limit: l } => (
            "minimum",
            format!("Must be greater than or equal to {}", limit(l)),
        ),
        ValidationErrorKind::Maximum { limit: l } => (
            "maximum",
            format!("Must be less than or equal to {}", limit(l)),
        ),
        ValidationErrorKind::ExclusiveMinimum { limit: l } => (
            "exclusiveMinimum",
            format!("Must be greater than {}", limit(l)),
        ),
        ValidationErrorKind::ExclusiveMaximum { limit: l } => (
            "exclusiveMaximum",
            format!("Must be less than {}", limit(l)),
        ),
        ValidationErrorKind::MultipleOf { multiple_of } => (
            "multipleOf",
            format!("Must be a multiple of {}", format_go_float_v(*multiple_of)),
        ),
        ValidationErrorKind::MinItems { limit } => (
            "minItems",
            format!("Array must have at least {limit} items"),
        ),
        ValidationErrorKind::MaxItems { limit } => {
            ("maxItems", format!("Array must have at most {limit} items"))
        }
        ValidationErrorKind::UniqueItems => {
            let (i, j) = value.and_then(first_duplicate).unwrap_or((0, 0));
            (
                "uniqueItems",
                format!("array items[{i},{j}] must be unique"),
            )
        }
        ValidationErrorKind::MinProperties { limit } => (
            "minProperties",
            format!("Must have at least {limit} properties"),
        ),
        ValidationErrorKind::MaxProperties { limit } => (
            "maxProperties",
            format!("Must have at most {limit} properties"),
        ),
        ValidationErrorKind::AnyOf { .. } => (
            "anyOf",
            "Must validate at least one schema (anyOf)".to_string(),
        ),
        ValidationErrorKind::OneOfNotValid { .. }
        | ValidationErrorKind::OneOfMultipleValid { .. } => (
            "oneOf",
            "Must validate one and only one schema (oneOf)".to_string(),
        ),
        ValidationErrorKind::Not { .. } => {
            ("not", "Must not validate the schema (not)".to_string())
        }
        // `additionalProperties: false` with no `properties` is checked per key as a `false`
        // schema by the crate; gojsonschema reports it on the object, per key.
        // `additionalProperties: false` with no `properties` or `patternProperties` comes
        // from the crate as one `false` schema error on the object; gojsonschema reports
        // each key that is not allowed.
        ValidationErrorKind::FalseSchema if keyword == "additionalProperties" => {
            let parent = schema.schema_value(error.doc, &schema_pointer);
            let declared = |key: &str| {
                parent.is_some_and(|p| {
                    p.get("properties")
                        .and_then(|props| props.get(key))
                        .is_some()
                        || p.get("patternProperties")
                            .and_then(Value::as_object)
                            .is_some_and(|patterns| {
                                patterns.keys().any(|re| {
                                    regex::Regex::new(re).is_ok_and(|re| re.is_match(key))
                                })
                            })
                })
            };
            let keys: Vec<&String> = value
                .and_then(Value::as_object)
                .map(|object| object.keys().filter(|k| !declared(k)).collect())
                .unwrap_or_default();
            if keys.is_empty() {
                return vec![one(
                    "false",
                    "False always fails validation".into(),
                    Target::Value,
                )];
            }
            return not_allowed(&mut keys.into_iter());
        }
        ValidationErrorKind::FalseSchema => ("false", "False always fails validation".to_string()),
        ValidationErrorKind::Contains => (
            "contains",
            "At least one of the items must match".to_string(),
        ),
        ValidationErrorKind::AdditionalItems { .. } => (
            "additionalItems",
            "No additional items allowed on array".to_string(),
        ),
        ValidationErrorKind::PropertyNames { error } => {
            let name = error.instance().as_str().unwrap_or_default().to_string();
            return vec![one(
                "propertyNames",
                format!("Property name of \"{name}\" does not match"),
                Target::Key(name),
            )];
        }
        other => (
            other.keyword(),
            format!("Does not validate ({})", other.keyword()),
        ),
    };
    vec![one(name, message, Target::Value)]
}

/// Returns the path as gojsonschema prints it: keys and indices joined by `.`, `(root)` for
/// the whole document.
pub(crate) fn helm_field(instance_pointer: &str) -> String {
    match pointer::tokens(instance_pointer) {
        Some(tokens) if !tokens.is_empty() => tokens.join("."),
        _ => "(root)".to_string(),
    }
}

fn join(tokens: &[String]) -> String {
    tokens
        .iter()
        .fold(String::new(), |p, t| pointer::push(&p, t))
}

/// `type`'s value as gojsonschema prints it: `integer`, or `[string,null]` for several.
fn expected_types(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(t)) => t.clone(),
        Some(Value::Array(types)) if types.len() == 1 => types[0].as_str().unwrap_or("").into(),
        Some(Value::Array(types)) => format!(
            "[{}]",
            types
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(",")
        ),
        _ => String::new(),
    }
}

/// The JSON type gojsonschema names a value by: a whole number is an `integer`.
fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(n) if n.as_f64().is_some_and(|f| f.fract() == 0.0) => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The key of `object` whose `dependencies` entry requires `missing`.
fn dependency_trigger(
    dependencies: Option<&Value>,
    object: Option<&Value>,
    missing: &str,
) -> Option<String> {
    let (Some(Value::Object(deps)), Some(Value::Object(object))) = (dependencies, object) else {
        return None;
    };
    let mut keys: Vec<&String> = deps
        .iter()
        .filter(|(key, names)| {
            object.contains_key(*key)
                && names
                    .as_array()
                    .is_some_and(|names| names.iter().any(|n| n.as_str() == Some(missing)))
        })
        .map(|(key, _)| key)
        .collect();
    keys.sort();
    keys.first().map(|k| k.to_string())
}

/// The first pair of equal items, as gojsonschema reports it (`items[0,2]`).
fn first_duplicate(value: &Value) -> Option<(usize, usize)> {
    let items = value.as_array()?;
    (0..items.len()).find_map(|j| {
        (0..j)
            .find(|&i| super::normalize::json_equal(&items[i], &items[j]))
            .map(|i| (i, j))
    })
}

fn list_values(options: &Value) -> String {
    match options {
        Value::Array(items) => items.iter().map(go_json).collect::<Vec<_>>().join(", "),
        other => go_json(other),
    }
}

/// A value as Go's `encoding/json` prints it after gojsonschema reads numbers as float64:
/// keys sorted, `<`, `>`, `&` escaped, numbers in Go's float format.
fn go_json(value: &Value) -> String {
    match value {
        Value::Number(n) => n
            .as_f64()
            .map(format_go_float)
            .unwrap_or_else(|| n.to_string()),
        Value::String(s) => {
            let text = Value::String(s.clone()).to_string();
            text.replace('<', "\\u003c")
                .replace('>', "\\u003e")
                .replace('&', "\\u0026")
                .replace('\u{2028}', "\\u2028")
                .replace('\u{2029}', "\\u2029")
        }
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(go_json).collect::<Vec<_>>().join(",")
        ),
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let fields: Vec<String> = keys
                .iter()
                .map(|k| {
                    format!(
                        "{}:{}",
                        go_json(&Value::String((*k).clone())),
                        go_json(&map[*k])
                    )
                })
                .collect();
            format!("{{{}}}", fields.join(","))
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fields_and_values_read_as_in_helm() {
        assert_eq!(helm_field(""), "(root)");
        assert_eq!(helm_field("/ports/1/name"), "ports.1.name");
        assert_eq!(helm_field("/a~1b"), "a/b");
        assert_eq!(
            go_json(&json!(["fast", 1, 1.5, "<b>", {"b": 1, "a": null}])),
            r#"["fast",1,1.5,"\u003cb\u003e",{"a":null,"b":1}]"#
        );
        assert_eq!(list_values(&json!(["fast", "slow"])), r#""fast", "slow""#);
        assert_eq!(
            expected_types(Some(&json!(["string", "null"]))),
            "[string,null]"
        );
        assert_eq!(type_name(&json!(2)), "integer");
        assert_eq!(type_name(&json!(2.5)), "number");
        assert_eq!(first_duplicate(&json!([1, 2, 1.0])), Some((0, 2)));
    }
}
