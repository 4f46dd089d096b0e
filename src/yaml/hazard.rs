//! [`Hazard`]: a plain scalar that Helm reads differently from how it looks (semantics page
//! §2), recorded while the file is read so that lint can point at it.
//!
//! The reader knows what was written (the raw text, its style and tag) and what Helm makes
//! of it; once the tree is built only the second is left. So the reader notes, for every
//! plain untagged scalar, keys and values alike, whether the two differ in a way a person is
//! likely to miss:
//!
//! - `yes`, `no`, `on`, `off`, `y`, `n` (and their capitalised forms) are booleans;
//! - an integer with a leading zero is octal (`010` is 8) or loses its zeros (`007` is 7);
//! - a decimal whose fraction ends in `0` loses it (`1.10` is 1.1, `1.0` is 1): what a
//!   version string becomes when it is not quoted;
//! - an integer past 2^53 is held as a float and may lose digits;
//! - `_` between digits is dropped (`1_000` is 1000);
//! - a key Helm turns into other text (`True:` is `"true"`, `+1:` is `"1"`);
//! - two keys of one map, written differently, that Helm reads as the same key (`on:` and
//!   `"true":`): the last one wins silently.
//!
//! Quoted and tagged scalars (`"yes"`, `!!str 010`) say what they mean and are never
//! hazards; neither are spellings that look like what they are (`true`, `0x1F`, `1e3`).

use saphyr_parser::ScalarStyle;

use crate::values::{format_go_float, KeyPath, Origin};

use super::resolve::{resolve_plain, Resolved};
use super::scalar::RawScalar;

/// How many hazards one file reports at most: a generated file can hold millions of `yes`.
pub const MAX_REPORTED_HAZARDS: usize = 1_000;

/// The largest integer a float64 holds exactly along with all smaller ones (2^53).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_992.0;

/// Whether a scalar was a map key or a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarRole {
    /// A map key.
    Key,
    /// A value (in a map or a list).
    Value,
}

/// Why a scalar reads differently from how it looks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HazardKind {
    /// `yes`, `no`, `on`, `off`, `y`, `n` and their capitalised forms: a boolean.
    Boolean,
    /// An integer with a leading zero: octal (`010` is 8), or decimal without its zeros
    /// (`08` is 8, `007` is 7).
    LeadingZero,
    /// A decimal whose fraction ends in `0` or is empty: the zeros are lost (`1.10` is 1.1,
    /// `1.0` is 1, `5.` is 5).
    TrailingZero,
    /// An integer beyond 2^53: held as a float64, it may lose digits.
    BigInteger,
    /// `_` between digits, which YAML 1.1 drops (`1_000` is 1000).
    Underscore,
    /// A key Helm turns into other text (`True` is `"true"`, `+1` is `"1"`, `0x1F` is
    /// `"31"`).
    KeyText,
    /// A key written differently from an earlier key of the same map that Helm reads as the
    /// same key (`on:` after `"true":`): this one silently replaces the earlier one.
    KeyCollision {
        /// Where the earlier key was written.
        first: Origin,
        /// The earlier key as written.
        first_text: String,
    },
}

/// A scalar Helm reads differently from how it looks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hazard {
    /// Where the scalar was written.
    pub origin: Origin,
    /// The key's path (for a key) or the value's path (for a value).
    pub path: KeyPath,
    /// Whether the scalar was a key or a value.
    pub role: ScalarRole,
    /// What the difference is.
    pub kind: HazardKind,
    /// The scalar as written.
    pub text: String,
    /// What Helm makes of it: for a value as Helm's `toJson` prints it (`true`, `8`, `1.1`),
    /// for a key the key's text (`true`, `8`).
    pub reading: String,
}

/// Returns the hazard of a scalar, if it has one: its kind and what Helm reads. `key` is the
/// key Helm made of it, for a key.
pub(crate) fn classify(raw: &RawScalar, key: Option<&str>) -> Option<(HazardKind, String)> {
    if raw.style != ScalarStyle::Plain || raw.tag.is_some() {
        return None;
    }
    let text = raw.text.as_str();
    // Most scalars are words that cannot be anything but strings: skip them without
    // resolving (and copying) them again.
    let could_differ = match text.as_bytes().first() {
        Some(b'0'..=b'9' | b'+' | b'-' | b'.') => true,
        Some(b'y' | b'Y' | b'n' | b'N' | b'o' | b'O' | b't' | b'T' | b'f' | b'F') => {
            text.len() <= 5
        }
        _ => false,
    };
    if !could_differ {
        return None;
    }
    let resolved = resolve_plain(text);
    let value_reading = match &resolved {
        Resolved::Bool(b) => b.to_string(),
        Resolved::Int(i) => format_go_float(*i as f64),
        Resolved::Uint(u) => format_go_float(*u as f64),
        Resolved::Float(f) if f.is_finite() => format_go_float(*f),
        // Null, strings, and infinities (an error for a value, a plain key for a key).
        _ => String::new(),
    };
    let kind = match &resolved {
        Resolved::Bool(_) if !matches!(text.to_ascii_lowercase().as_str(), "true" | "false") => {
            Some(HazardKind::Boolean)
        }
        Resolved::Int(i) => integer_kind(text, i.unsigned_abs()),
        Resolved::Uint(u) => integer_kind(text, *u),
        Resolved::Float(f) if f.is_finite() => float_kind(text, *f),
        _ => None,
    };
    let reading = match key {
        Some(key) => key.to_string(),
        None => value_reading,
    };
    match (kind, key) {
        (Some(kind), _) => Some((kind, reading)),
        (None, Some(key)) if key != text => Some((HazardKind::KeyText, reading)),
        (None, _) => None,
    }
}

/// The hazard of a plain scalar read as an integer of magnitude `magnitude`.
fn integer_kind(text: &str, magnitude: u64) -> Option<HazardKind> {
    let digits = text.trim_start_matches(['+', '-']);
    if text.contains('_') {
        return Some(HazardKind::Underscore);
    }
    let bytes = digits.as_bytes();
    if bytes.len() > 1 && bytes[0] == b'0' && bytes[1].is_ascii_digit() {
        return Some(HazardKind::LeadingZero);
    }
    if magnitude > MAX_SAFE_INTEGER as u64 {
        return Some(HazardKind::BigInteger);
    }
    None
}

/// The hazard of a plain scalar read as a (finite) float.
fn float_kind(text: &str, value: f64) -> Option<HazardKind> {
    if text.contains('_') {
        return Some(HazardKind::Underscore);
    }
    let mantissa = text.split(['e', 'E']).next().unwrap_or(text);
    // `08` and `0789` are not octal: go-yaml reads them as decimal floats.
    let int_part = mantissa.split('.').next().unwrap_or(mantissa);
    let int_digits = int_part.trim_start_matches(['+', '-']).as_bytes();
    if int_digits.len() > 1 && int_digits[0] == b'0' {
        return Some(HazardKind::LeadingZero);
    }
    match mantissa.split_once('.') {
        Some((int, fraction)) => {
            let int_digits = int.trim_start_matches(['+', '-']);
            ((fraction.is_empty() && !int_digits.is_empty()) || fraction.ends_with('0'))
                .then_some(HazardKind::TrailingZero)
        }
        // Digits only, past 64 bits: a float for Helm.
        None if value.abs() > MAX_SAFE_INTEGER && !text.contains(['e', 'E']) => {
            Some(HazardKind::BigInteger)
        }
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::tag::TagKind;

    fn plain(text: &str) -> RawScalar {
        RawScalar {
            text: text.to_string(),
            style: ScalarStyle::Plain,
            tag: None,
        }
    }

    /// One row per reading of §2: the scalar, as a value, its hazard and Helm's reading.
    #[test]
    fn classifies_values_like_the_semantics_page() {
        use HazardKind::*;
        let rows: &[(&str, Option<(HazardKind, &str)>)] = &[
            ("yes", Some((Boolean, "true"))),
            ("Yes", Some((Boolean, "true"))),
            ("NO", Some((Boolean, "false"))),
            ("on", Some((Boolean, "true"))),
            ("Off", Some((Boolean, "false"))),
            ("y", Some((Boolean, "true"))),
            ("n", Some((Boolean, "false"))),
            ("N", Some((Boolean, "false"))),
            ("true", None),
            ("False", None),
            ("tRuE", None),
            ("010", Some((LeadingZero, "8"))),
            ("0755", Some((LeadingZero, "493"))),
            ("08", Some((LeadingZero, "8"))),
            ("0789", Some((LeadingZero, "789"))),
            ("007", Some((LeadingZero, "7"))),
            ("-010", Some((LeadingZero, "-8"))),
            ("0", None),
            ("-0", None),
            ("0o10", None),
            ("0x1F", None),
            ("0b101", None),
            ("1.10", Some((TrailingZero, "1.1"))),
            ("1.0", Some((TrailingZero, "1"))),
            ("5.", Some((TrailingZero, "5"))),
            ("1.50e3", Some((TrailingZero, "1500"))),
            ("1.5", None),
            (".5", None),
            ("1e3", None),
            ("1.20.3", None),
            ("9007199254740992", None),
            ("9007199254740993", Some((BigInteger, "9007199254740992"))),
            ("-9007199254740993", Some((BigInteger, "-9007199254740992"))),
            (
                "9223372036854775807",
                Some((BigInteger, "9223372036854776000")),
            ),
            (
                "12345678901234567890",
                Some((BigInteger, "12345678901234567000")),
            ),
            (
                "123456789012345678901234",
                Some((BigInteger, "1.2345678901234569e+23")),
            ),
            ("1_000", Some((Underscore, "1000"))),
            ("1_000.5", Some((Underscore, "1000.5"))),
            ("42", None),
            ("+12", None),
            ("2024-01-02", None),
            ("nginx", None),
            ("null", None),
            ("~", None),
            ("", None),
        ];
        for (text, expected) in rows {
            let got = classify(&plain(text), None);
            let expected = expected
                .as_ref()
                .map(|(kind, reading)| (kind.clone(), reading.to_string()));
            assert_eq!(got, expected, "{text:?}");
        }
    }

    #[test]
    fn classifies_keys_by_the_text_helm_makes_of_them() {
        use HazardKind::*;
        let rows: &[(&str, Option<(HazardKind, &str)>)] = &[
            ("yes", Some((Boolean, "true"))),
            ("on", Some((Boolean, "true"))),
            ("n", Some((Boolean, "false"))),
            ("True", Some((KeyText, "true"))),
            ("true", None),
            ("010", Some((LeadingZero, "8"))),
            ("1.10", Some((TrailingZero, "1.1"))),
            ("1_000", Some((Underscore, "1000"))),
            ("0x1F", Some((KeyText, "31"))),
            ("+1", Some((KeyText, "1"))),
            ("1e3", Some((KeyText, "1000"))),
            ("3.14159265358979", Some((KeyText, "3.1415927"))),
            ("1", None),
            ("1.5", None),
            ("name", None),
        ];
        for (text, expected) in rows {
            let raw = plain(text);
            let key = raw.to_key().unwrap();
            let got = classify(&raw, Some(&key));
            let expected = expected
                .as_ref()
                .map(|(kind, reading)| (kind.clone(), reading.to_string()));
            assert_eq!(got, expected, "{text:?}");
        }
    }

    #[test]
    fn quoted_and_tagged_scalars_say_what_they_mean() {
        let quoted = RawScalar {
            style: ScalarStyle::DoubleQuoted,
            ..plain("yes")
        };
        assert_eq!(classify(&quoted, None), None);
        let tagged = RawScalar {
            tag: Some(TagKind::Int),
            ..plain("010")
        };
        assert_eq!(classify(&tagged, None), None);
    }
}
