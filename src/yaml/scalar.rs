//! [`RawScalar`]: a scalar as written (text, style, tag), and what Helm makes of it as a
//! value or as a map key.
//!
//! As a value, every number becomes a 64-bit float (Helm decodes JSON into `float64`), and
//! `.inf`/`.nan` are errors (Go's JSON encoder rejects them). As a key, sigs.k8s.io/yaml's
//! JSON conversion turns booleans into `"true"`/`"false"`, integers into their decimal text
//! and floats into Go's shortest 32-bit `%g` text (`1.5`, `1e+06`); a null key, an integer
//! above 2^63-1 and a big integer are errors there.

use saphyr_parser::ScalarStyle;

use crate::values::{Origin, Value};

use super::base64::{bytes_to_go_string, decode_base64};
use super::error::YamlError;
use super::resolve::{resolve_plain, Resolved};
use super::tag::{is_go_timestamp, TagKind};

/// A scalar as it was written.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct RawScalar {
    /// The scalar's content (escapes, folding and block indentation already applied).
    pub text: String,
    pub style: ScalarStyle,
    pub tag: Option<TagKind>,
}

/// Why a scalar cannot be read; becomes a [`YamlError`] once its origin is known.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum ScalarProblem {
    CustomTag(String),
    TagMismatch(String),
    InvalidBase64,
    NonFinite(&'static str),
    NullKey,
    UnsupportedKey,
}

impl ScalarProblem {
    /// Returns the error for this problem with the scalar `text` at `origin`.
    pub fn at(self, origin: Origin, text: &str) -> YamlError {
        let text = text.to_string();
        match self {
            ScalarProblem::CustomTag(tag) => YamlError::CustomTag { origin, tag },
            ScalarProblem::TagMismatch(tag) => YamlError::TagMismatch { origin, tag, text },
            ScalarProblem::InvalidBase64 => YamlError::InvalidBase64 { origin },
            ScalarProblem::NonFinite(go_value) => YamlError::NonFinite {
                origin,
                text,
                go_value,
            },
            ScalarProblem::NullKey => YamlError::NullKey { origin },
            ScalarProblem::UnsupportedKey => YamlError::UnsupportedKey { origin, text },
        }
    }
}

impl RawScalar {
    /// Returns true for a `<<` merge key: a plain untagged `<<`, or `!!merge "<<"`.
    pub fn is_merge_key(&self) -> bool {
        self.text == "<<"
            && match &self.tag {
                None => self.style == ScalarStyle::Plain,
                Some(tag) => *tag == TagKind::Merge,
            }
    }

    /// Returns what go-yaml v2 reads the scalar as, honouring its tag.
    fn resolve(&self) -> Result<Resolved, ScalarProblem> {
        let Some(tag) = &self.tag else {
            return Ok(match self.style {
                ScalarStyle::Plain => resolve_plain(&self.text),
                _ => Resolved::Str(self.text.clone()),
            });
        };
        let mismatch = || ScalarProblem::TagMismatch(tag.display());
        match tag {
            TagKind::NonSpecific | TagKind::Str => Ok(Resolved::Str(self.text.clone())),
            TagKind::Binary => decode_base64(&self.text)
                .map(|bytes| Resolved::Str(bytes_to_go_string(&bytes)))
                .ok_or(ScalarProblem::InvalidBase64),
            TagKind::Bool => match resolve_plain(&self.text) {
                found @ Resolved::Bool(_) => Ok(found),
                _ => Err(mismatch()),
            },
            TagKind::Int => match resolve_plain(&self.text) {
                found @ (Resolved::Int(_) | Resolved::Uint(_)) => Ok(found),
                _ => Err(mismatch()),
            },
            TagKind::Float => match resolve_plain(&self.text) {
                found @ Resolved::Float(_) => Ok(found),
                // go-yaml converts only Go `int`s to floats; a uint64 or big integer fails.
                Resolved::Int(i) => Ok(Resolved::Float(i as f64)),
                _ => Err(mismatch()),
            },
            TagKind::Null => match resolve_plain(&self.text) {
                Resolved::Null => Ok(Resolved::Null),
                _ => Err(mismatch()),
            },
            TagKind::Timestamp if is_go_timestamp(&self.text) => {
                Ok(Resolved::Str(self.text.clone()))
            }
            TagKind::Timestamp | TagKind::Map | TagKind::Seq => Err(mismatch()),
            TagKind::Merge => Err(ScalarProblem::CustomTag(tag.display())),
            TagKind::Other(name) => Err(ScalarProblem::CustomTag(name.clone())),
        }
    }

    /// Returns the value Helm holds for this scalar.
    pub fn to_value(&self) -> Result<Value, ScalarProblem> {
        Ok(match self.resolve()? {
            Resolved::Null => Value::Null,
            Resolved::Bool(b) => Value::Bool(b),
            Resolved::Int(i) => Value::Float(i as f64),
            Resolved::Uint(u) => Value::Float(u as f64),
            Resolved::Float(f) if f.is_nan() => return Err(ScalarProblem::NonFinite("NaN")),
            Resolved::Float(f) if f == f64::INFINITY => {
                return Err(ScalarProblem::NonFinite("+Inf"))
            }
            Resolved::Float(f) if f == f64::NEG_INFINITY => {
                return Err(ScalarProblem::NonFinite("-Inf"))
            }
            Resolved::Float(f) => Value::Float(f),
            Resolved::Str(s) => Value::String(s.into()),
        })
    }

    /// Returns the map key Helm uses for this scalar.
    pub fn to_key(&self) -> Result<String, ScalarProblem> {
        Ok(match self.resolve()? {
            Resolved::Null => return Err(ScalarProblem::NullKey),
            Resolved::Bool(b) => b.to_string(),
            Resolved::Int(i) => i.to_string(),
            Resolved::Uint(_) => return Err(ScalarProblem::UnsupportedKey),
            Resolved::Float(f) => format_go_float32_key(f),
            Resolved::Str(s) => s,
        })
    }
}

/// Formats a float key as sigs.k8s.io/yaml does: Go's `strconv.FormatFloat(f, 'g', -1, 32)`
/// (the shortest digits that identify the 32-bit float; exponent form below 1e-4 and from
/// 1e6 up), with infinities and NaN spelled `.inf`, `-.inf`, `.nan`.
pub(crate) fn format_go_float32_key(f: f64) -> String {
    let x = f as f32;
    if x.is_nan() {
        return ".nan".to_string();
    }
    if x.is_infinite() {
        return if x > 0.0 { ".inf" } else { "-.inf" }.to_string();
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if x == 0.0 {
        return format!("{sign}0");
    }
    // Rust's `{:e}` prints the shortest round-tripping digits of the f32: "1.234567e6".
    let sci = format!("{:e}", x.abs());
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let exp10: i32 = exponent.parse().unwrap_or(0);
    let nd = digits.len() as i32;
    let dp = exp10 + 1; // position of the decimal point relative to the digits
    let body = if !(-4..6).contains(&exp10) {
        let (first, rest) = digits.split_at(1);
        let frac = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let esign = if exp10 < 0 { '-' } else { '+' };
        format!("{first}{frac}e{esign}{:02}", exp10.abs())
    } else if dp <= 0 {
        format!("0.{}{digits}", "0".repeat((-dp) as usize))
    } else if dp >= nd {
        format!("{digits}{}", "0".repeat((dp - nd) as usize))
    } else {
        let (int, frac) = digits.split_at(dp as usize);
        format!("{int}.{frac}")
    };
    format!("{sign}{body}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> RawScalar {
        RawScalar {
            text: text.to_string(),
            style: ScalarStyle::Plain,
            tag: None,
        }
    }

    fn tagged(tag: TagKind, text: &str) -> RawScalar {
        RawScalar {
            tag: Some(tag),
            ..plain(text)
        }
    }

    fn quoted(text: &str) -> RawScalar {
        RawScalar {
            style: ScalarStyle::DoubleQuoted,
            ..plain(text)
        }
    }

    #[test]
    fn values_are_what_helm_holds() {
        let s = |t: &str| Value::String(t.into());
        let rows: Vec<(RawScalar, Result<Value, ScalarProblem>)> = vec![
            (plain("42"), Ok(Value::Float(42.0))),
            (plain("010"), Ok(Value::Float(8.0))),
            (
                plain("9007199254740993"),
                Ok(Value::Float(9007199254740992.0)),
            ),
            (
                plain("9223372036854775807"),
                Ok(Value::Float(9223372036854775808.0)),
            ),
            (
                plain("12345678901234567890"),
                Ok(Value::Float(12345678901234567890.0)),
            ),
            (plain("yes"), Ok(Value::Bool(true))),
            (plain("~"), Ok(Value::Null)),
            (plain("1.20.3"), Ok(s("1.20.3"))),
            (quoted("42"), Ok(s("42"))),
            (quoted("yes"), Ok(s("yes"))),
            (quoted("null"), Ok(s("null"))),
            (quoted(".inf"), Ok(s(".inf"))),
            (
                RawScalar {
                    style: ScalarStyle::Literal,
                    ..plain("1\n")
                },
                Ok(s("1\n")),
            ),
            (
                RawScalar {
                    style: ScalarStyle::SingleQuoted,
                    ..plain("01")
                },
                Ok(s("01")),
            ),
            (tagged(TagKind::Str, "123"), Ok(s("123"))),
            (tagged(TagKind::Str, "true"), Ok(s("true"))),
            (tagged(TagKind::NonSpecific, "12"), Ok(s("12"))),
            (tagged(TagKind::Int, "42"), Ok(Value::Float(42.0))),
            (tagged(TagKind::Int, "0x10"), Ok(Value::Float(16.0))),
            (tagged(TagKind::Float, "1"), Ok(Value::Float(1.0))),
            (tagged(TagKind::Float, "1.5"), Ok(Value::Float(1.5))),
            (tagged(TagKind::Bool, "true"), Ok(Value::Bool(true))),
            (tagged(TagKind::Bool, "off"), Ok(Value::Bool(false))),
            (tagged(TagKind::Null, ""), Ok(Value::Null)),
            (tagged(TagKind::Null, "~"), Ok(Value::Null)),
            (tagged(TagKind::Binary, "aGVsbG8="), Ok(s("hello"))),
            (
                tagged(TagKind::Timestamp, "2015-01-01"),
                Ok(s("2015-01-01")),
            ),
            (plain("2015-01-01"), Ok(s("2015-01-01"))),
            (plain(".inf"), Err(ScalarProblem::NonFinite("+Inf"))),
            (plain("-.inf"), Err(ScalarProblem::NonFinite("-Inf"))),
            (plain(".NaN"), Err(ScalarProblem::NonFinite("NaN"))),
            (
                tagged(TagKind::Float, ".inf"),
                Err(ScalarProblem::NonFinite("+Inf")),
            ),
            (plain("0x1FFFFFFFFFFFFFFFFF"), Ok(s("0x1FFFFFFFFFFFFFFFFF"))),
            (
                tagged(TagKind::Int, "abc"),
                Err(ScalarProblem::TagMismatch("!!int".into())),
            ),
            (
                tagged(TagKind::Int, "1.5"),
                Err(ScalarProblem::TagMismatch("!!int".into())),
            ),
            (
                tagged(TagKind::Float, "18446744073709551615"),
                Err(ScalarProblem::TagMismatch("!!float".into())),
            ),
            (
                tagged(TagKind::Bool, "1"),
                Err(ScalarProblem::TagMismatch("!!bool".into())),
            ),
            (
                tagged(TagKind::Null, "x"),
                Err(ScalarProblem::TagMismatch("!!null".into())),
            ),
            (
                tagged(TagKind::Timestamp, "soon"),
                Err(ScalarProblem::TagMismatch("!!timestamp".into())),
            ),
            (
                tagged(TagKind::Map, "x"),
                Err(ScalarProblem::TagMismatch("!!map".into())),
            ),
            (
                tagged(TagKind::Binary, "not base64!"),
                Err(ScalarProblem::InvalidBase64),
            ),
            (
                tagged(TagKind::Other("!vault".into()), "secret"),
                Err(ScalarProblem::CustomTag("!vault".into())),
            ),
            (
                tagged(TagKind::Merge, "x"),
                Err(ScalarProblem::CustomTag("!!merge".into())),
            ),
        ];
        for (scalar, expected) in rows {
            assert_eq!(scalar.to_value(), expected, "{scalar:?}");
        }
    }

    #[test]
    fn keys_are_strings_as_sigs_yaml_makes_them() {
        let rows: Vec<(RawScalar, Result<&str, ScalarProblem>)> = vec![
            (plain("name"), Ok("name")),
            (plain("yes"), Ok("true")),
            (plain("on"), Ok("true")),
            (plain("y"), Ok("true")),
            (plain("Y"), Ok("true")),
            (plain("no"), Ok("false")),
            (plain("off"), Ok("false")),
            (plain("n"), Ok("false")),
            (plain("N"), Ok("false")),
            (quoted("on"), Ok("on")),
            (quoted(""), Ok("")),
            (plain("1"), Ok("1")),
            (plain("010"), Ok("8")),
            (plain("0x1F"), Ok("31")),
            (plain("-0"), Ok("0")),
            (plain("1_000"), Ok("1000")),
            (plain("16777217"), Ok("16777217")),
            (plain("1.5"), Ok("1.5")),
            (plain("1.0"), Ok("1")),
            (plain("1.10"), Ok("1.1")),
            (plain("08"), Ok("8")),
            (plain("0.1"), Ok("0.1")),
            (plain("3.14159265358979"), Ok("3.1415927")),
            (plain("1e3"), Ok("1000")),
            (plain("123456.7"), Ok("123456.7")),
            (plain("1234567.0"), Ok("1.234567e+06")),
            (plain("1e21"), Ok("1e+21")),
            (plain("0.0001"), Ok("0.0001")),
            (plain("0.00001"), Ok("1e-05")),
            (plain("-1.5"), Ok("-1.5")),
            (plain("-0.0"), Ok("-0")),
            (plain("1e39"), Ok(".inf")),
            (plain(".inf"), Ok(".inf")),
            (plain("-.Inf"), Ok("-.inf")),
            (plain(".nan"), Ok(".nan")),
            (plain("1.20.3"), Ok("1.20.3")),
            (plain("2024-01-02"), Ok("2024-01-02")),
            (tagged(TagKind::Binary, "aGk="), Ok("hi")),
            (tagged(TagKind::Int, "12"), Ok("12")),
            (plain("~"), Err(ScalarProblem::NullKey)),
            (plain("null"), Err(ScalarProblem::NullKey)),
            (plain(""), Err(ScalarProblem::NullKey)),
            (
                plain("9223372036854775808"),
                Err(ScalarProblem::UnsupportedKey),
            ),
            (plain("0x1FFFFFFFFFFFFFFFFF"), Ok("0x1FFFFFFFFFFFFFFFFF")),
        ];
        for (scalar, expected) in rows {
            assert_eq!(scalar.to_key(), expected.map(str::to_string), "{scalar:?}");
        }
    }

    #[test]
    fn recognises_merge_keys() {
        assert!(plain("<<").is_merge_key());
        assert!(tagged(TagKind::Merge, "<<").is_merge_key());
        assert!(!quoted("<<").is_merge_key());
        assert!(!tagged(TagKind::Str, "<<").is_merge_key());
        assert!(!plain("<").is_merge_key());
    }
}
