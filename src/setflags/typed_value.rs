//! [`typed_value`]: the type Helm gives a `--set` value (`typedVal` in `strvals`), and Go's
//! `strconv.Atoi` for list indices.

use crate::values::Value;

use super::error::PairError;

/// Returns the value `--set` makes of `text`: `true`/`false` in any letter case a bool,
/// `null` in any case null, `0` and base-10 int64s that do not start with `0` an
/// [`Value::Int`], everything else (`007`, `1.5`, `1e3`, `0x10`, `~`, an overflowing
/// integer) the string itself.
pub(super) fn typed_value(text: &str) -> Value {
    if go_equal_fold(text, "true") {
        return Value::Bool(true);
    }
    if go_equal_fold(text, "false") {
        return Value::Bool(false);
    }
    if go_equal_fold(text, "null") {
        return Value::Null;
    }
    if text == "0" {
        return Value::Int(0);
    }
    if !text.is_empty() && !text.starts_with('0') {
        // Rust's i64 parsing accepts what Go's ParseInt(s, 10, 64) accepts: an optional
        // sign and ASCII digits, no underscores.
        if let Ok(i) = text.parse::<i64>() {
            return Value::Int(i);
        }
    }
    Value::String(text.into())
}

/// Reads a list index as Go's `strconv.Atoi` does, with Helm's error for each failure.
pub(super) fn parse_index(text: &str) -> Result<i64, PairError> {
    use std::num::IntErrorKind;
    text.parse::<i64>().map_err(|e| match e.kind() {
        IntErrorKind::PosOverflow | IntErrorKind::NegOverflow => PairError::IndexOutOfRange {
            index: text.to_string(),
        },
        _ => PairError::IndexSyntax {
            index: text.to_string(),
        },
    })
}

/// Compares `text` with the lower-case ASCII word `word` as Go's `strings.EqualFold` does:
/// rune by rune under Unicode simple case folding. Besides ASCII case, the only rune that
/// folds onto a letter of `true`, `false` or `null` is `ſ` (U+017F), which folds to `s`.
fn go_equal_fold(text: &str, word: &str) -> bool {
    let mut ours = text.chars();
    for w in word.chars() {
        let matches = match ours.next() {
            Some(c) => c.to_ascii_lowercase() == w || (c == '\u{17f}' && w == 's'),
            None => false,
        };
        if !matches {
            return false;
        }
    }
    ours.next().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_values_like_helm() {
        let s = |t: &str| Value::String(t.into());
        let cases: Vec<(&str, Value)> = vec![
            ("true", Value::Bool(true)),
            ("tRuE", Value::Bool(true)),
            ("FALSE", Value::Bool(false)),
            ("fal\u{17f}e", Value::Bool(false)),
            ("yes", s("yes")),
            ("t", s("t")),
            ("null", Value::Null),
            ("NuLL", Value::Null),
            ("~", s("~")),
            ("0", Value::Int(0)),
            ("1", Value::Int(1)),
            ("-5", Value::Int(-5)),
            ("+1", Value::Int(1)),
            ("-0", Value::Int(0)),
            ("-007", Value::Int(-7)),
            ("9223372036854775807", Value::Int(i64::MAX)),
            ("-9223372036854775808", Value::Int(i64::MIN)),
            ("9223372036854775808", s("9223372036854775808")),
            ("12345678901234567890", s("12345678901234567890")),
            ("007", s("007")),
            ("00", s("00")),
            ("0x10", s("0x10")),
            ("1.5", s("1.5")),
            ("1.0", s("1.0")),
            ("1e3", s("1e3")),
            ("1_000", s("1_000")),
            ("+", s("+")),
            ("-", s("-")),
            (" 1", s(" 1")),
            ("", s("")),
            ("truee", s("truee")),
            ("tru", s("tru")),
        ];
        for (text, want) in cases {
            assert_eq!(typed_value(text), want, "{text:?}");
        }
    }

    #[test]
    fn parses_indices_like_atoi() {
        let cases: &[(&str, Result<i64, &str>)] = &[
            ("0", Ok(0)),
            ("12", Ok(12)),
            ("+3", Ok(3)),
            ("-1", Ok(-1)),
            ("007", Ok(7)),
            (
                "x",
                Err(r#"error parsing index: strconv.Atoi: parsing "x": invalid syntax"#),
            ),
            (
                "",
                Err(r#"error parsing index: strconv.Atoi: parsing "": invalid syntax"#),
            ),
            (
                " 1",
                Err(r#"error parsing index: strconv.Atoi: parsing " 1": invalid syntax"#),
            ),
            (
                "1_0",
                Err(r#"error parsing index: strconv.Atoi: parsing "1_0": invalid syntax"#),
            ),
            (
                "99999999999999999999",
                Err(
                    r#"error parsing index: strconv.Atoi: parsing "99999999999999999999": value out of range"#,
                ),
            ),
        ];
        for (text, want) in cases {
            let got = parse_index(text).map_err(|e| e.to_string());
            assert_eq!(got, want.map_err(str::to_string), "{text:?}");
        }
    }
}
