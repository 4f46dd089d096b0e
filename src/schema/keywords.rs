//! strata's own `format` and `pattern` keywords for the `jsonschema` crate, so both behave as
//! in Helm 3.17 rather than as the JSON Schema test suite wants:
//!
//! * `format` asserts gojsonschema's 17 formats with Go's rules, fails numbers for them, and
//!   ignores every other name ([`GoFormat`]);
//! * `pattern` reads Go's RE2 syntax in linear time ([`super::go_regex`]). The normaliser
//!   renames it to [`PATTERN_KEYWORD`] so the crate's meta-schema check, which reads patterns
//!   as ECMA-262, does not reject what Helm accepts (`^+$`, `(?i)`).
//!
//! Each error's message is already Helm's description (`Does not match pattern '^+$'`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use jsonschema::paths::Location;
use jsonschema::{Keyword, ValidationError};
use serde_json::{Map, Value};

use super::go_format::GoFormat;
use super::go_regex;

/// The name `pattern` is validated under (see the module documentation).
pub(crate) const PATTERN_KEYWORD: &str = "x-strata-pattern";

/// A `format` gojsonschema checks.
struct FormatKeyword {
    name: String,
    format: GoFormat,
}

impl FormatKeyword {
    fn message(&self) -> String {
        format!("Does not match format '{}'", self.name)
    }
}

impl<'i> Keyword<'i> for FormatKeyword {
    fn validate(&self, instance: &'i Value) -> Result<(), ValidationError<'i>> {
        if self.is_valid(instance) {
            Ok(())
        } else {
            Err(ValidationError::custom(self.message()))
        }
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        match instance {
            Value::String(text) => self.format.check(text),
            Value::Number(_) => false,
            _ => true,
        }
    }
}

/// A `format` gojsonschema does not know: never checked.
struct UnknownFormat;

impl<'i> Keyword<'i> for UnknownFormat {
    fn validate(&self, _instance: &'i Value) -> Result<(), ValidationError<'i>> {
        Ok(())
    }

    fn is_valid(&self, _instance: &'i Value) -> bool {
        true
    }
}

/// Builds the `format` keyword of a schema.
pub(crate) fn format_keyword<'a>(
    _parent: &'a Map<String, Value>,
    value: &'a Value,
    _path: Location,
) -> Result<Box<dyn for<'i> Keyword<'i>>, ValidationError<'a>> {
    let name = value
        .as_str()
        .ok_or_else(|| ValidationError::schema("format must be of type string"))?;
    Ok(match GoFormat::from_name(name) {
        Some(format) => Box::new(FormatKeyword {
            name: name.to_string(),
            format,
        }),
        None => Box::new(UnknownFormat),
    })
}

/// A `pattern`: matched anywhere in a string (not anchored), as Go's `MatchString` does.
struct PatternKeyword {
    regex: regex::Regex,
    /// The pattern as written (the regex holds its translation).
    pattern: String,
}

impl<'i> Keyword<'i> for PatternKeyword {
    fn validate(&self, instance: &'i Value) -> Result<(), ValidationError<'i>> {
        if self.is_valid(instance) {
            Ok(())
        } else {
            Err(ValidationError::custom(format!(
                "Does not match pattern '{}'",
                self.pattern
            )))
        }
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        match instance {
            Value::String(text) => self.regex.is_match(text),
            _ => true,
        }
    }
}

/// Compiled patterns of one schema by their text: generated schemas repeat the same pattern
/// hundreds of times, and a compiled regex is shared cheaply.
#[derive(Clone, Default)]
pub(crate) struct PatternCache(Arc<Mutex<HashMap<String, regex::Regex>>>);

impl PatternCache {
    fn get(&self, pattern: &str) -> Result<regex::Regex, String> {
        let mut cache = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(regex) = cache.get(pattern) {
            return Ok(regex.clone());
        }
        let regex = go_regex::compile(pattern)?;
        cache.insert(pattern.to_string(), regex.clone());
        Ok(regex)
    }
}

/// Builds the `pattern` keyword of a schema (the normaliser has already checked that it
/// compiles, and reports it with its place if not).
pub(crate) fn pattern_keyword<'a>(
    cache: &PatternCache,
    value: &'a Value,
) -> Result<Box<dyn for<'i> Keyword<'i>>, ValidationError<'a>> {
    let pattern = value
        .as_str()
        .ok_or_else(|| ValidationError::schema("pattern must be of a string"))?;
    let regex = cache.get(pattern).map_err(|reason| {
        ValidationError::schema(format!("pattern must be a valid regex: {reason}"))
    })?;
    Ok(Box::new(PatternKeyword {
        regex,
        pattern: pattern.to_string(),
    }))
}
