//! [`Dialect`]: which JSON Schema draft a schema is read as, chosen the way Helm 3.17
//! (gojsonschema v1.2.0) chooses it.
//!
//! gojsonschema knows draft-04, -06 and -07, each by exactly one `$schema` URL
//! (`http://json-schema.org/draft-07/schema`, with or without an empty `#`). Any other
//! `$schema` — `https://` spellings, 2019-09, 2020-12 — and a schema without one are read in its
//! *hybrid* mode: the keywords of all three drafts, a boolean or a numeric `exclusiveMinimum`
//! alike. 2019-09/2020-12 keywords (`prefixItems`, `dependentRequired`, `$defs` as a keyword)
//! are unknown to it and ignored, even under a 2020-12 `$schema`. strata reads schemas the same
//! way so that what passes here passes in `helm install`.

use jsonschema::Draft;
use serde_json::Value;

/// How a schema is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// `$schema: http://json-schema.org/draft-04/schema#`.
    Draft4,
    /// `$schema: http://json-schema.org/draft-06/schema#`.
    Draft6,
    /// `$schema: http://json-schema.org/draft-07/schema#`.
    Draft7,
    /// Anything else: draft-07 keywords, plus draft-04's boolean `exclusiveMinimum` and
    /// `exclusiveMaximum`.
    Hybrid,
    /// Helm 4 only: `$schema: https://json-schema.org/draft/2019-09/schema`.
    Draft2019,
    /// Helm 4 only: `$schema: https://json-schema.org/draft/2020-12/schema`, and every schema
    /// without a `$schema` (santhosh-tekuri/jsonschema v6's default).
    Draft2020,
}

impl Dialect {
    /// Returns the dialect of a schema document from its root `$schema`.
    pub fn of(root: &Value) -> Dialect {
        let Some(url) = root.get("$schema").and_then(Value::as_str) else {
            return Dialect::Hybrid;
        };
        // gojsonreference drops an empty fragment: `...schema#` is `...schema`.
        match url.strip_suffix('#').unwrap_or(url) {
            "http://json-schema.org/draft-04/schema" => Dialect::Draft4,
            "http://json-schema.org/draft-06/schema" => Dialect::Draft6,
            "http://json-schema.org/draft-07/schema" => Dialect::Draft7,
            _ => Dialect::Hybrid,
        }
    }

    /// Returns the dialect Helm 4 (santhosh-tekuri/jsonschema v6) reads a schema document
    /// with: the draft its `$schema` names (`http` or `https`, `#` optional), 2020-12 without
    /// one; `None` for a `$schema` it does not know.
    pub fn of_helm4(root: &Value) -> Option<Dialect> {
        let Some(url) = root.get("$schema").and_then(Value::as_str) else {
            return Some(Dialect::Draft2020);
        };
        let url = url.strip_suffix('#').unwrap_or(url);
        let url = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))?;
        match url {
            "json-schema.org/draft-04/schema" => Some(Dialect::Draft4),
            "json-schema.org/draft-06/schema" => Some(Dialect::Draft6),
            "json-schema.org/draft-07/schema" => Some(Dialect::Draft7),
            "json-schema.org/draft/2019-09/schema" => Some(Dialect::Draft2019),
            "json-schema.org/draft/2020-12/schema" => Some(Dialect::Draft2020),
            _ => None,
        }
    }

    /// Returns true for the drafts only Helm 4 reads (2019-09, 2020-12), where a `$ref`'s
    /// siblings apply and `format` is an annotation.
    pub fn is_modern(self) -> bool {
        matches!(self, Dialect::Draft2019 | Dialect::Draft2020)
    }

    /// Returns the draft the `jsonschema` crate validates this dialect with (hybrid schemas
    /// are rewritten into draft-07 first).
    pub fn draft(self) -> Draft {
        match self {
            Dialect::Draft4 => Draft::Draft4,
            Dialect::Draft6 => Draft::Draft6,
            Dialect::Draft7 | Dialect::Hybrid => Draft::Draft7,
            Dialect::Draft2019 => Draft::Draft201909,
            Dialect::Draft2020 => Draft::Draft202012,
        }
    }

    /// Returns true when draft-06 keywords (`const`, `contains`, `propertyNames`, boolean
    /// schemas) apply.
    pub fn has_draft6_keywords(self) -> bool {
        !matches!(self, Dialect::Draft4)
    }

    /// Returns true when `if`/`then`/`else` apply.
    pub fn has_conditionals(self) -> bool {
        !matches!(self, Dialect::Draft4 | Dialect::Draft6)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn dialect_follows_gojsonschema() {
        let rows = [
            (json!({}), Dialect::Hybrid),
            (
                json!({"$schema": "http://json-schema.org/draft-04/schema#"}),
                Dialect::Draft4,
            ),
            (
                json!({"$schema": "http://json-schema.org/draft-06/schema"}),
                Dialect::Draft6,
            ),
            (
                json!({"$schema": "http://json-schema.org/draft-07/schema#"}),
                Dialect::Draft7,
            ),
            (
                json!({"$schema": "https://json-schema.org/draft-07/schema#"}),
                Dialect::Hybrid,
            ),
            (
                json!({"$schema": "https://json-schema.org/draft/2020-12/schema"}),
                Dialect::Hybrid,
            ),
            (
                json!({"$schema": "https://json-schema.org/draft/2019-09/schema"}),
                Dialect::Hybrid,
            ),
            (json!({"$schema": 7}), Dialect::Hybrid),
        ];
        for (schema, want) in rows {
            assert_eq!(Dialect::of(&schema), want, "{schema}");
        }
    }
}
