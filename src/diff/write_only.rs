//! The paths a JSON Schema marks `writeOnly: true`: values a chart takes but never shows,
//! which strata treats as secrets (`shared/spec/reliability.md` §4).
//!
//! Read here with `serde_json` rather than through the schema module, because only the
//! shape matters: `properties` (a key), `additionalProperties`, `patternProperties`, `items`
//! and `prefixItems` (any key or index), `allOf`/`anyOf`/`oneOf`/`if`/`then`/`else` (the same
//! place), and local `$ref`s (`#/definitions/x`), followed to a bounded depth so a cycle
//! ends.

use serde_json::Value as Json;

use crate::values::KeyPattern;

/// How many schema objects deep the walk goes (`$ref`s included); real schemas nest a
/// dozen levels, and a `$ref` cycle stops here.
const MAX_DEPTH: usize = 64;

/// How many schema objects one walk visits at most (a `$ref` fan-out cannot explode).
const MAX_VISITS: usize = 100_000;

/// One step of a path in the schema: a literal key, or any key or index.
#[derive(Clone)]
enum Part {
    Key(String),
    Any,
}

struct Walk<'a> {
    root: &'a Json,
    found: Vec<String>,
    visits: usize,
}

/// Returns a pattern for each place `schema` marks `writeOnly: true`, below `prefix` (the
/// key the chart's values live under, for a subchart; empty for the top chart).
pub fn write_only_patterns(schema: &Json, prefix: &[String]) -> Vec<KeyPattern> {
    let mut walk = Walk {
        root: schema,
        found: Vec::new(),
        visits: 0,
    };
    let start: Vec<Part> = prefix.iter().cloned().map(Part::Key).collect();
    walk.visit(schema, &start, 0);
    walk.found.sort();
    walk.found.dedup();
    walk.found
        .iter()
        .filter_map(|text| KeyPattern::parse(text).ok())
        .collect()
}

/// Writes a path as pattern text: keys escaped so none reads as a glob or a separator.
fn pattern_text(path: &[Part]) -> Option<String> {
    let mut parts = Vec::new();
    for part in path {
        match part {
            Part::Any => parts.push("*".to_string()),
            Part::Key(k) if k.is_empty() => return None,
            Part::Key(k) => {
                let mut text = String::new();
                if k == "*" || k == "**" {
                    text.push('\\');
                }
                for c in k.chars() {
                    if matches!(c, '.' | '[' | ']' | '\\') {
                        text.push('\\');
                    }
                    text.push(c);
                }
                parts.push(text);
            }
        }
    }
    (!parts.is_empty()).then(|| parts.join("."))
}

/// Resolves a local JSON pointer (`#/definitions/a~1b`).
fn resolve<'a>(root: &'a Json, reference: &str) -> Option<&'a Json> {
    let pointer = reference.strip_prefix('#')?;
    root.pointer(pointer)
}

impl Walk<'_> {
    fn visit(&mut self, schema: &Json, path: &[Part], depth: usize) {
        self.visits += 1;
        if depth > MAX_DEPTH || self.visits > MAX_VISITS {
            return;
        }
        let Json::Object(map) = schema else {
            return;
        };
        if map.get("writeOnly") == Some(&Json::Bool(true)) {
            if let Some(text) = pattern_text(path) {
                self.found.push(text);
            }
        }
        if let Some(Json::String(reference)) = map.get("$ref") {
            if let Some(target) = resolve(self.root, reference) {
                self.visit(target, path, depth + 1);
            }
        }
        if let Some(Json::Object(properties)) = map.get("properties") {
            for (key, sub) in properties {
                let mut child = path.to_vec();
                child.push(Part::Key(key.clone()));
                self.visit(sub, &child, depth + 1);
            }
        }
        let mut any = path.to_vec();
        any.push(Part::Any);
        if let Some(sub @ Json::Object(_)) = map.get("additionalProperties") {
            self.visit(sub, &any, depth + 1);
        }
        if let Some(Json::Object(patterns)) = map.get("patternProperties") {
            for sub in patterns.values() {
                self.visit(sub, &any, depth + 1);
            }
        }
        match map.get("items") {
            Some(sub @ Json::Object(_)) => self.visit(sub, &any, depth + 1),
            Some(Json::Array(subs)) => {
                for sub in subs {
                    self.visit(sub, &any, depth + 1);
                }
            }
            _ => {}
        }
        if let Some(Json::Array(subs)) = map.get("prefixItems") {
            for sub in subs {
                self.visit(sub, &any, depth + 1);
            }
        }
        for combinator in ["allOf", "anyOf", "oneOf"] {
            if let Some(Json::Array(subs)) = map.get(combinator) {
                for sub in subs {
                    self.visit(sub, path, depth + 1);
                }
            }
        }
        for conditional in ["if", "then", "else"] {
            if let Some(sub) = map.get(conditional) {
                self.visit(sub, path, depth + 1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(schema: &str, prefix: &[&str]) -> Vec<String> {
        let schema: Json = serde_json::from_str(schema).unwrap();
        let prefix: Vec<String> = prefix.iter().map(|s| s.to_string()).collect();
        write_only_patterns(&schema, &prefix)
            .iter()
            .map(|p| p.as_str().to_string())
            .collect()
    }

    #[test]
    fn finds_write_only_properties_everywhere_a_schema_can_put_them() {
        let schema = r##"{
          "properties": {
            "db": {"properties": {"dsn": {"type": "string", "writeOnly": true}}},
            "users": {"items": {"properties": {"pin": {"writeOnly": true}}}},
            "extra": {"additionalProperties": {"writeOnly": true}},
            "a.b": {"writeOnly": true},
            "ref": {"$ref": "#/definitions/creds"},
            "combo": {"allOf": [{"properties": {"key": {"writeOnly": true}}}]},
            "plain": {"writeOnly": false}
          },
          "definitions": {"creds": {"properties": {"token": {"writeOnly": true}}}}
        }"##;
        assert_eq!(
            texts(schema, &[]),
            [
                "a\\.b",
                "combo.key",
                "db.dsn",
                "extra.*",
                "ref.token",
                "users.*.pin"
            ]
        );
        assert_eq!(
            texts(r#"{"properties": {"pw": {"writeOnly": true}}}"#, &["mysql"]),
            ["mysql.pw"]
        );
    }

    #[test]
    fn a_reference_cycle_ends() {
        let schema =
            r##"{"$ref": "#", "properties": {"a": {"$ref": "#"}, "s": {"writeOnly": true}}}"##;
        let found = texts(schema, &[]);
        assert!(found.contains(&"s".to_string()));
        assert!(found.contains(&"a.s".to_string()));
    }
}
