//! Helm 4.1's words for validation errors: santhosh-tekuri/jsonschema v6's output, as Helm
//! 4.1.4 prints it (`at '/replicas': got string, want integer`, `at '': missing property
//! 'image'`), nested as v6 nests it.
//!
//! v6 validates one subschema against one value at a time: `type`, `const`, `enum` stop the
//! subschema at their first failure; otherwise every failing keyword and every failing
//! child subschema (a property's, an item's, a `$ref`'s, `then`'s) adds one error, and a
//! subschema with several errors reports them as one `validation failed` with the errors
//! below it (`allOf`, `anyOf`, `oneOf` likewise, under their own words). The `jsonschema`
//! crate reports errors flat, each with its evaluation path (`/properties/s/maxLength`);
//! [`describe_v4`] rebuilds v6's tree from those paths.
//!
//! Unlike Helm 3's, some of these messages contain the offending value (`pattern`,
//! `propertyNames`); the caller redacts secrets.

use jsonschema::error::ValidationErrorKind;
use jsonschema::ValidationError;
use serde_json::Value;

use crate::values::format_go_float_v;

use super::compiled::{CompiledSchema, RawError};
use super::keywords::PATTERN_KEYWORD;
use super::message::{Described, Target};
use super::normalize::{doc_index, json_equal};
use super::pointer;

/// One error as v6 reports it: where, its words, and the errors below it.
#[derive(Clone, Debug, PartialEq)]
struct Item {
    instance: String,
    message: String,
    keyword: String,
    target: Target,
    doc: usize,
    schema_pointer: String,
    causes: Vec<Item>,
    /// v6's `Group` (`validation failed` over a subschema's errors), which the top level
    /// unwraps; a `$ref`'s errors under the same words are a `Reference`, which it keeps.
    group: bool,
}

impl Item {
    /// Writes the item's causes as v6 does: each on its own line, indented two spaces per
    /// level, `- at '<pointer>': <message>`.
    fn write_causes(&self, depth: usize, out: &mut String) {
        for cause in &self.causes {
            out.push('\n');
            out.push_str(&"  ".repeat(depth));
            out.push_str(&format!(
                "- at {}: {}",
                quote(&cause.instance),
                cause.message
            ));
            cause.write_causes(depth + 1, out);
        }
    }
}

/// One error of the crate, seen through its evaluation path.
struct Leaf<'a> {
    kind: &'a ValidationErrorKind,
    instance: String,
    /// The evaluation path's tokens still to walk.
    eval: Vec<String>,
    /// How many tokens the whole evaluation path has.
    full_len: usize,
    doc: usize,
    keyword_pointer: String,
}

impl<'a> Leaf<'a> {
    fn of_raw(raw: &'a RawError) -> Leaf<'a> {
        let eval = pointer::tokens(&raw.eval_pointer).unwrap_or_default();
        Leaf {
            kind: &raw.kind,
            instance: raw.instance_pointer.clone(),
            full_len: eval.len(),
            eval,
            doc: raw.doc,
            keyword_pointer: raw.keyword_pointer.clone(),
        }
    }

    fn of_error(e: &'a ValidationError<'static>, skip: usize) -> Leaf<'a> {
        let mut eval = pointer::tokens(e.evaluation_path().as_str()).unwrap_or_default();
        let full_len = eval.len();
        eval.drain(..skip.min(eval.len()));
        Leaf {
            kind: e.kind(),
            full_len,
            instance: e.instance_path().as_str().to_string(),
            eval,
            doc: e
                .absolute_keyword_location()
                .and_then(|uri| doc_index(uri.as_str()))
                .unwrap_or(0),
            keyword_pointer: e.schema_path().as_str().to_string(),
        }
    }
}

/// Keywords in the order v6 checks them, for ordering the errors of one subschema.
const ORDER: &[&str] = &[
    "type",
    "const",
    "enum",
    "$ref",
    "minProperties",
    "maxProperties",
    "required",
    "dependencies",
    "properties",
    "patternProperties",
    "additionalProperties",
    "propertyNames",
    "dependentSchemas",
    "dependentRequired",
    "minItems",
    "maxItems",
    "uniqueItems",
    "contains",
    "items",
    "prefixItems",
    "additionalItems",
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "if",
    "then",
    "else",
    "unevaluatedProperties",
    "unevaluatedItems",
];

fn rank(keyword: &str) -> usize {
    ORDER
        .iter()
        .position(|k| *k == keyword)
        .unwrap_or(ORDER.len())
}

/// Returns the violations of one schema check in Helm 4's words: one per error v6 reports
/// at the top, each message holding its nested causes on the following lines.
pub(crate) fn describe_v4(
    errors: &[RawError],
    schema: &CompiledSchema,
    instance: &Value,
) -> Vec<Described> {
    let mut leaves: Vec<Leaf> = errors.iter().map(Leaf::of_raw).collect();
    repair_custom_paths(&mut leaves);
    let mut items = evaluate(leaves, "", schema, instance);
    // v6 reports the root subschema's errors one by one: a single group (a property's
    // several errors) is unwrapped into them, a `$ref`'s is not.
    if items.len() == 1 && items[0].group {
        items = items.remove(0).causes;
    }
    items
        .into_iter()
        .map(|item| {
            let mut message = item.message.clone();
            item.write_causes(1, &mut message);
            Described {
                keyword: item.keyword,
                message,
                instance_pointer: item.instance,
                target: item.target,
                doc: item.doc,
                schema_pointer: item.schema_pointer,
            }
        })
        .collect()
}

/// How an applicator keyword leads into a child subschema: evaluation tokens it takes and
/// whether the child looks at a member of the value (a property or an item).
fn step(eval: &[String], instance_rest: &[String]) -> Option<(usize, bool)> {
    let keyword = eval.first()?.as_str();
    let (tokens, member) = match keyword {
        "properties" | "patternProperties" | "prefixItems" => (2, true),
        "dependentSchemas" | "dependencies" | "allOf" => (2, false),
        "additionalProperties"
        | "unevaluatedProperties"
        | "additionalItems"
        | "unevaluatedItems"
        | "contains" => (1, true),
        "items" => {
            let array_form = eval.get(1).is_some_and(|t| t.parse::<usize>().is_ok())
                && instance_rest.first() == eval.get(1);
            (if array_form { 2 } else { 1 }, true)
        }
        "$ref" | "$dynamicRef" | "$recursiveRef" | "if" | "then" | "else" => (1, false),
        _ => return None,
    };
    // The keyword itself failed (e.g. `additionalProperties: false`, a `dependencies` list).
    if eval.len() <= tokens {
        return None;
    }
    Some((tokens, member))
}

/// Returns the errors of one subschema evaluated at `at`, from the leaves below it.
fn evaluate(leaves: Vec<Leaf>, at: &str, schema: &CompiledSchema, instance: &Value) -> Vec<Item> {
    let at_tokens = pointer::tokens(at).unwrap_or_default();
    // Children in first-seen order: (applicator key, child instance, leaves).
    let mut children: Vec<(Vec<String>, String, Vec<Leaf>)> = Vec::new();
    let mut direct: Vec<Item> = Vec::new();
    for leaf in leaves {
        let instance_tokens = pointer::tokens(&leaf.instance).unwrap_or_default();
        let rest: Vec<String> = instance_tokens
            .get(at_tokens.len()..)
            .map(<[String]>::to_vec)
            .unwrap_or_default();
        match step(&leaf.eval, &rest) {
            Some((tokens, member)) => {
                let key: Vec<String> = leaf.eval[..tokens].to_vec();
                let child_at = match (member, rest.first()) {
                    (true, Some(token)) => pointer::push(at, token),
                    _ => at.to_string(),
                };
                let mut leaf = leaf;
                leaf.eval.drain(..tokens);
                match children
                    .iter_mut()
                    .find(|(k, i, _)| *k == key && *i == child_at)
                {
                    Some((_, _, list)) => list.push(leaf),
                    None => children.push((key, child_at, vec![leaf])),
                }
            }
            None => direct.extend(describe_leaf(&leaf, schema, instance)),
        }
    }
    merge_required(&mut direct);
    // `type`, `const` and `enum` end a subschema's checks at their failure.
    for stopper in ["type", "const", "enum"] {
        if let Some(item) = direct.iter().find(|i| i.keyword == stopper) {
            return vec![item.clone()];
        }
    }
    let mut items = direct;
    let mut all_of: Vec<Item> = Vec::new();
    for (key, child_at, leaves) in children {
        let Some(result) = fold(evaluate(leaves, &child_at, schema, instance), &child_at) else {
            continue;
        };
        if key[0] == "allOf" {
            all_of.push(result);
        } else {
            let mut result = result;
            if result.keyword == "validation" {
                result.keyword = key[0].clone();
                // A `$ref`'s several errors are v6's `Reference`, not a `Group`.
                if key[0].starts_with('$') {
                    result.group = false;
                }
            }
            items.push(result);
        }
    }
    if let Some(first) = all_of.first() {
        items.push(Item {
            instance: at.to_string(),
            message: "'allOf' failed".into(),
            keyword: "allOf".into(),
            target: Target::Value,
            doc: first.doc,
            schema_pointer: first.schema_pointer.clone(),
            causes: all_of,
            group: false,
        });
    }
    items.sort_by_key(|i| rank(&i.keyword));
    items
}

/// Returns a subschema's errors as the one error its parent sees: itself when there is one,
/// `validation failed` over them when there are several.
fn fold(mut items: Vec<Item>, at: &str) -> Option<Item> {
    match items.len() {
        0 => None,
        1 => items.pop(),
        _ => Some(Item {
            instance: at.to_string(),
            message: "validation failed".into(),
            keyword: "validation".into(),
            target: Target::Value,
            doc: items[0].doc,
            schema_pointer: items[0].schema_pointer.clone(),
            causes: items,
            group: true,
        }),
    }
}

/// Gives strata's own keywords (`pattern`) their evaluation path: the crate reports their
/// absolute location there, which differs from the path through a `$ref`. A keyword error of
/// the same subschema and value knows the right one.
fn repair_custom_paths(leaves: &mut [Leaf]) {
    let parent = |leaf: &Leaf| {
        let tokens = pointer::tokens(&leaf.keyword_pointer).unwrap_or_default();
        (
            leaf.doc,
            tokens[..tokens.len().saturating_sub(1)].to_vec(),
            leaf.instance.clone(),
        )
    };
    let known: Vec<_> = leaves
        .iter()
        .filter(|l| !matches!(l.kind, ValidationErrorKind::Custom { .. }))
        .map(|l| (parent(l), l.eval[..l.eval.len().saturating_sub(1)].to_vec()))
        .collect();
    for leaf in leaves.iter_mut() {
        if !matches!(leaf.kind, ValidationErrorKind::Custom { .. }) {
            continue;
        }
        let key = parent(leaf);
        if let Some((_, prefix)) = known.iter().find(|(k, _)| *k == key) {
            let mut eval = prefix.clone();
            eval.extend(leaf.eval.last().cloned());
            leaf.full_len = leaf.full_len - leaf.eval.len() + eval.len();
            leaf.eval = eval;
        }
    }
}

/// Joins the `required` errors of one subschema into one (v6 lists every missing property
/// in one error), and the missing properties of one `dependencies` or `dependentRequired`
/// entry likewise.
fn merge_required(items: &mut Vec<Item>) {
    // (index in `merged`, names) of the errors that list missing properties.
    let mut merged: Vec<Item> = Vec::new();
    let mut names: Vec<Vec<String>> = Vec::new();
    for item in items.drain(..) {
        let lists = matches!(item.keyword.as_str(), "required" | "dependentRequired");
        let same = |m: &Item| {
            lists
                && m.keyword == item.keyword
                && m.schema_pointer == item.schema_pointer
                && m.instance == item.instance
                && (m.keyword == "required"
                    || m.message.rsplit(", if ").next() == item.message.rsplit(", if ").next())
        };
        match merged.iter().position(same) {
            Some(at) => names[at].push(missing_name(&item.target)),
            None => {
                names.push(vec![missing_name(&item.target)]);
                merged.push(item);
            }
        }
    }
    for (item, names) in merged.iter_mut().zip(names) {
        if names.len() < 2 {
            continue;
        }
        item.message = match item.keyword.as_str() {
            "required" => format!("missing properties {}", join_quoted(&names)),
            _ => {
                let trigger = item
                    .message
                    .rsplit(", if ")
                    .next()
                    .unwrap_or("")
                    .to_string();
                format!("properties {} required, if {trigger}", join_quoted(&names))
            }
        };
    }
    *items = merged;
}

fn missing_name(target: &Target) -> String {
    match target {
        Target::Missing(key) | Target::Key(key) => key.clone(),
        Target::Value => String::new(),
    }
}

/// Returns v6's error for one crate error that is a keyword's own (not a child's).
fn describe_leaf(leaf: &Leaf, schema: &CompiledSchema, instance: &Value) -> Vec<Item> {
    let tokens = pointer::tokens(&leaf.keyword_pointer).unwrap_or_default();
    let schema_pointer = match tokens.split_last() {
        Some((_, parent)) => parent
            .iter()
            .fold(String::new(), |p, t| pointer::push(&p, t)),
        None => String::new(),
    };
    let keyword_value = schema.schema_value(leaf.doc, &leaf.keyword_pointer);
    let value = pointer::resolve(instance, &leaf.instance);
    let item = |keyword: &str, message: String, target: Target| Item {
        instance: leaf.instance.clone(),
        message,
        keyword: keyword.to_string(),
        target,
        doc: leaf.doc,
        schema_pointer: schema_pointer.clone(),
        causes: Vec::new(),
        group: false,
    };
    let got_len = |v: Option<&Value>| match v {
        Some(Value::String(s)) => s.chars().count(),
        Some(Value::Array(a)) => a.len(),
        Some(Value::Object(o)) => o.len(),
        _ => 0,
    };
    let number = |v: Option<&Value>| v.and_then(Value::as_f64).map_or(String::new(), group_float);
    let eval_keyword = leaf.eval.first().map(String::as_str).unwrap_or("");
    let one = |keyword: &str, message: String| vec![item(keyword, message, Target::Value)];
    match leaf.kind {
        ValidationErrorKind::Type { .. } => one(
            "type",
            format!(
                "got {}, want {}",
                value.map_or("null", type_name),
                want_types(keyword_value)
            ),
        ),
        ValidationErrorKind::Required { property } => {
            let property = property.as_str().unwrap_or_default().to_string();
            if matches!(eval_keyword, "dependencies" | "dependentRequired") {
                let trigger = leaf
                    .eval
                    .get(1)
                    .cloned()
                    .or_else(|| dependency_trigger(keyword_value, value, &property))
                    .unwrap_or_default();
                return vec![item(
                    "dependentRequired",
                    format!(
                        "properties {} required, if {} exists",
                        quote(&property),
                        quote(&trigger)
                    ),
                    Target::Missing(property),
                )];
            }
            vec![item(
                "required",
                format!("missing property {}", quote(&property)),
                Target::Missing(property),
            )]
        }
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            additional(&item, unexpected.to_vec())
        }
        ValidationErrorKind::FalseSchema if eval_keyword == "additionalProperties" => {
            let parent = schema.schema_value(leaf.doc, &schema_pointer);
            let declared = |key: &str| {
                parent.is_some_and(|p| {
                    p.get("properties").and_then(|ps| ps.get(key)).is_some()
                        || p.get("patternProperties")
                            .and_then(Value::as_object)
                            .is_some_and(|pats| {
                                pats.keys().any(|re| {
                                    regex::Regex::new(re).is_ok_and(|re| re.is_match(key))
                                })
                            })
                })
            };
            let keys: Vec<String> = value
                .and_then(Value::as_object)
                .map(|o| o.keys().filter(|k| !declared(k)).cloned().collect())
                .unwrap_or_default();
            if keys.is_empty() {
                return one("false", "false schema".into());
            }
            additional(&item, keys)
        }
        ValidationErrorKind::FalseSchema => one("false", "false schema".into()),
        ValidationErrorKind::Enum { options } => {
            let list = options.as_array().cloned().unwrap_or_default();
            let message = if list.iter().any(|v| v.is_array() || v.is_object()) {
                "'enum' failed".to_string()
            } else if list.len() == 1 {
                format!("value must be {}", display(&list[0]))
            } else {
                let shown: Vec<String> = list.iter().map(display).collect();
                format!("value must be one of {}", shown.join(", "))
            };
            one("enum", message)
        }
        ValidationErrorKind::Constant { expected_value } => {
            let message = if expected_value.is_array() || expected_value.is_object() {
                "'const' failed".to_string()
            } else {
                format!("value must be {}", display(expected_value))
            };
            one("const", message)
        }
        ValidationErrorKind::Custom { keyword, .. } if keyword == PATTERN_KEYWORD => one(
            "pattern",
            format!(
                "{} does not match pattern {}",
                quote(value.and_then(Value::as_str).unwrap_or_default()),
                quote(keyword_value.and_then(Value::as_str).unwrap_or_default())
            ),
        ),
        ValidationErrorKind::Pattern { pattern } => one(
            "pattern",
            format!(
                "{} does not match pattern {}",
                quote(value.and_then(Value::as_str).unwrap_or_default()),
                quote(pattern)
            ),
        ),
        ValidationErrorKind::MinLength { limit } => one(
            "minLength",
            format!(
                "minLength: got {}, want {}",
                group(got_len(value) as u64),
                group(*limit)
            ),
        ),
        ValidationErrorKind::MaxLength { limit } => one(
            "maxLength",
            format!(
                "maxLength: got {}, want {}",
                group(got_len(value) as u64),
                group(*limit)
            ),
        ),
        ValidationErrorKind::MinItems { limit } => one(
            "minItems",
            format!(
                "minItems: got {}, want {}",
                group(got_len(value) as u64),
                group(*limit)
            ),
        ),
        ValidationErrorKind::MaxItems { limit } => one(
            "maxItems",
            format!(
                "maxItems: got {}, want {}",
                group(got_len(value) as u64),
                group(*limit)
            ),
        ),
        ValidationErrorKind::MinProperties { limit } => one(
            "minProperties",
            format!(
                "minProperties: got {}, want {}",
                group(got_len(value) as u64),
                group(*limit)
            ),
        ),
        ValidationErrorKind::MaxProperties { limit } => one(
            "maxProperties",
            format!(
                "maxProperties: got {}, want {}",
                group(got_len(value) as u64),
                group(*limit)
            ),
        ),
        ValidationErrorKind::Minimum { limit } => one(
            "minimum",
            format!(
                "minimum: got {}, want {}",
                number(value),
                number(Some(limit))
            ),
        ),
        ValidationErrorKind::Maximum { limit } => one(
            "maximum",
            format!(
                "maximum: got {}, want {}",
                number(value),
                number(Some(limit))
            ),
        ),
        ValidationErrorKind::ExclusiveMinimum { limit } => one(
            "exclusiveMinimum",
            format!(
                "exclusiveMinimum: got {}, want {}",
                number(value),
                number(Some(limit))
            ),
        ),
        ValidationErrorKind::ExclusiveMaximum { limit } => one(
            "exclusiveMaximum",
            format!(
                "exclusiveMaximum: got {}, want {}",
                number(value),
                number(Some(limit))
            ),
        ),
        ValidationErrorKind::MultipleOf { multiple_of } => one(
            "multipleOf",
            format!(
                "multipleOf: got {}, want {}",
                number(value),
                group_float(*multiple_of)
            ),
        ),
        ValidationErrorKind::UniqueItems => {
            let (i, j) = value.and_then(first_duplicate).unwrap_or((0, 0));
            one("uniqueItems", format!("items at {i} and {j} are equal"))
        }
        ValidationErrorKind::Contains => {
            // v6 lists each item's errors against the `contains` subschema below.
            let items = value.and_then(Value::as_array).cloned().unwrap_or_default();
            let causes = items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| {
                    let at = pointer::push(&leaf.instance, &i.to_string());
                    let raws = schema.subschema_errors(leaf.doc, &leaf.keyword_pointer, item);
                    let mut leaves: Vec<Leaf> = raws
                        .iter()
                        .map(|raw| {
                            let mut leaf = Leaf::of_raw(raw);
                            leaf.instance = format!("{at}{}", raw.instance_pointer);
                            leaf
                        })
                        .collect();
                    repair_custom_paths(&mut leaves);
                    fold(evaluate(leaves, &at, schema, instance), &at)
                })
                .collect();
            vec![Item {
                causes,
                ..item(
                    "contains",
                    "no items match contains schema".into(),
                    Target::Value,
                )
            }]
        }
        ValidationErrorKind::AdditionalItems { limit } => {
            let extra = got_len(value).saturating_sub(*limit);
            one(
                "additionalItems",
                format!("last {extra} additionalItem(s) not allowed"),
            )
        }
        ValidationErrorKind::Not { .. } => one("not", "'not' failed".into()),
        ValidationErrorKind::AnyOf { context } => {
            vec![branches(
                leaf,
                "anyOf",
                "'anyOf' failed".into(),
                context,
                schema,
                instance,
                &item,
            )]
        }
        ValidationErrorKind::OneOfNotValid { context } => vec![branches(
            leaf,
            "oneOf",
            "'oneOf' failed, none matched".into(),
            context,
            schema,
            instance,
            &item,
        )],
        ValidationErrorKind::OneOfMultipleValid { context } => {
            let valid: Vec<usize> = context
                .iter()
                .enumerate()
                .filter(|(_, errors)| errors.is_empty())
                .map(|(i, _)| i)
                .take(2)
                .collect();
            let (a, b) = (
                valid.first().copied().unwrap_or(0),
                valid.get(1).copied().unwrap_or(1),
            );
            one(
                "oneOf",
                format!("'oneOf' failed, subschemas {a}, {b} matched"),
            )
        }
        ValidationErrorKind::PropertyNames { error } => {
            let name = error.instance().as_str().unwrap_or_default().to_string();
            let inner = Leaf::of_error(error, usize::MAX);
            let name_value = Value::String(name.clone());
            let mut cause = describe_leaf(&inner, schema, &name_value);
            for c in &mut cause {
                c.instance = leaf.instance.clone();
            }
            vec![Item {
                causes: cause,
                ..item(
                    "propertyNames",
                    format!("invalid propertyName {}", quote(&name)),
                    Target::Key(name),
                )
            }]
        }
        ValidationErrorKind::Format { format } => {
            one("format", format!("value is not valid {format}"))
        }
        other => one(other.keyword(), format!("'{}' failed", other.keyword())),
    }
}

/// The key of `object` whose `dependentRequired` (or `dependencies`) entry requires
/// `missing`.
fn dependency_trigger(
    deps: Option<&Value>,
    object: Option<&Value>,
    missing: &str,
) -> Option<String> {
    let (Some(Value::Object(deps)), Some(Value::Object(object))) = (deps, object) else {
        return None;
    };
    deps.iter()
        .filter(|(key, names)| {
            object.contains_key(*key)
                && names
                    .as_array()
                    .is_some_and(|names| names.iter().any(|n| n.as_str() == Some(missing)))
        })
        .map(|(key, _)| key.clone())
        .min()
}

/// An `anyOf`/`oneOf` error with each branch's errors below it.
fn branches(
    leaf: &Leaf,
    keyword: &str,
    message: String,
    context: &[Vec<ValidationError<'static>>],
    schema: &CompiledSchema,
    instance: &Value,
    item: &dyn Fn(&str, String, Target) -> Item,
) -> Item {
    // The context's evaluation paths run from the root; a branch starts after
    // `.../anyOf/<i>`, one token past the keyword's own path.
    let skip = leaf.full_len + 1;
    let causes = context
        .iter()
        .filter_map(|errors| {
            let mut leaves: Vec<Leaf> = errors.iter().map(|e| Leaf::of_error(e, skip)).collect();
            repair_custom_paths(&mut leaves);
            fold(
                evaluate(leaves, &leaf.instance, schema, instance),
                &leaf.instance,
            )
        })
        .collect();
    Item {
        causes,
        ..item(keyword, message, Target::Value)
    }
}

fn additional(item: &dyn Fn(&str, String, Target) -> Item, keys: Vec<String>) -> Vec<Item> {
    let first = keys.first().cloned().unwrap_or_default();
    let quoted: Vec<String> = keys.iter().map(|k| quote(k)).collect();
    vec![item(
        "additionalProperties",
        format!("additional properties {} not allowed", quoted.join(", ")),
        Target::Key(first),
    )]
}

/// The JSON type v6 names a value by: every number is a `number`.
fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// `type`'s value as v6 prints it: the types in v6's fixed order, joined by ` or `.
fn want_types(value: Option<&Value>) -> String {
    const TYPES: [&str; 7] = [
        "null", "boolean", "number", "integer", "string", "array", "object",
    ];
    let named: Vec<&str> = match value {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    TYPES
        .iter()
        .filter(|t| named.contains(t))
        .copied()
        .collect::<Vec<_>>()
        .join(" or ")
}

/// A value as v6's `display` shows it: strings quoted, numbers as the schema wrote them,
/// `<nil>` for null.
fn display(value: &Value) -> String {
    match value {
        Value::String(s) => quote(s),
        Value::Null => "<nil>".into(),
        Value::Array(_) | Value::Object(_) => "value".into(),
        other => other.to_string(),
    }
}

/// v6's `quote`: Go's `%q`, then `\"` unescaped and `'` escaped, in single quotes.
pub(crate) fn quote(text: &str) -> String {
    let go = crate::values::go_quote(text);
    let inner = &go[1..go.len() - 1];
    format!("'{}'", inner.replace("\\\"", "\"").replace('\'', "\\'"))
}

fn join_quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| quote(n))
        .collect::<Vec<_>>()
        .join(", ")
}

/// An integer as `golang.org/x/text/message` prints it in English: `1,000`.
fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A float as `golang.org/x/text/message` prints `%v` in English: Go's `%v` with the
/// integer part grouped (`123,456.5`); exponent forms are left as they are.
fn group_float(f: f64) -> String {
    let text = format_go_float_v(f);
    if text.contains(['e', 'E']) || !f.is_finite() {
        return text;
    }
    let (sign, rest) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (int, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    let grouped = int.parse::<u64>().map_or(int.to_string(), group);
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// The first pair of equal items, as v6 finds it.
fn first_duplicate(value: &Value) -> Option<(usize, usize)> {
    let items = value.as_array()?;
    (1..items.len()).find_map(|j| {
        (0..j)
            .find(|&i| json_equal(&items[i], &items[j]))
            .map(|i| (i, j))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Every line Helm 4.1.4 printed for these values (its order is random; sorted here).
    #[test]
    fn errors_nest_as_helm4_prints_them() {
        let schema = r##"{"properties": {
            "replicas": {"type": "integer", "minimum": 1},
            "image": {"type": "object", "required": ["tag"], "properties": {"tag": {"type": "string", "pattern": "^v"}}},
            "pair": {"prefixItems": [{"type": "string"}]},
            "mode": {"enum": ["fast", "slow"]},
            "any": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
            "ref": {"$ref": "#/$defs/s"},
            "all": {"allOf": [{"type": "string"}, {"minLength": 3}]},
            "mail": {"format": "email"},
            "big": {"maximum": 1000},
            "str": {"minLength": 2000},
            "s": {"maxLength": 1, "pattern": "^a$"}
          },
          "$defs": {"s": {"type": "string"}},
          "additionalProperties": false,
          "required": ["zzz", "yyy"],
          "dependentRequired": {"a": ["b"]}
        }"##;
        let values = json!({
            "replicas": 0, "image": {"tag": 5}, "pair": [1], "mode": "x", "any": 1.5,
            "ref": 1, "all": 1, "mail": "notmail", "big": 123456.5, "str": "ab", "a": 1,
            "s": "it's"
        });
        let source = crate::schema::SchemaSource::chart(
            std::sync::Arc::from("values.schema.json"),
            None,
            schema.as_bytes().to_vec(),
        );
        let dir = tempfile::tempdir().unwrap();
        let compiled = CompiledSchema::compile_as(
            &source,
            &crate::source::DirTree::new(dir.path()),
            1 << 20,
            crate::values::HelmVersion::V4,
        )
        .unwrap();
        let raws = compiled.errors(&values);
        let mut lines: Vec<String> = describe_v4(&raws, &compiled, &values)
            .iter()
            .map(|d| format!("- at {}: {}", quote(&d.instance_pointer), d.message))
            .collect();
        lines.sort();
        let want = [
            "- at '': additional properties 'a' not allowed",
            "- at '': missing properties 'zzz', 'yyy'",
            "- at '': properties 'b' required, if 'a' exists",
            "- at '/all': 'allOf' failed\n  - at '/all': got number, want string",
            "- at '/any': 'anyOf' failed\n  - at '/any': got number, want string\n  - at '/any': got number, want integer",
            "- at '/big': maximum: got 123,456.5, want 1,000",
            "- at '/image/tag': got number, want string",
            "- at '/mode': value must be one of 'fast', 'slow'",
            "- at '/pair/0': got number, want string",
            "- at '/ref': got number, want string",
            "- at '/replicas': minimum: got 0, want 1",
            "- at '/s': validation failed\n  - at '/s': maxLength: got 4, want 1\n  - at '/s': 'it\\'s' does not match pattern '^a$'",
            "- at '/str': minLength: got 2, want 2,000",
        ];
        assert_eq!(lines, want);
    }

    #[test]
    fn words_read_as_v6_prints_them() {
        assert_eq!(quote("it's"), r"'it\'s'");
        assert_eq!(quote(r#"a"b"#), r#"'a"b'"#);
        assert_eq!(group(2000), "2,000");
        assert_eq!(group(12), "12");
        assert_eq!(group_float(123456.5), "123,456.5");
        assert_eq!(group_float(-1000.0), "-1,000");
        assert_eq!(
            want_types(Some(&json!(["string", "null", "integer"]))),
            "null or integer or string"
        );
        assert_eq!(display(&json!(null)), "<nil>");
        assert_eq!(display(&json!(1.5)), "1.5");
        assert_eq!(first_duplicate(&json!([1, 2, 1])), Some((0, 2)));
    }
}
