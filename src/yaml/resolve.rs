//! [`Resolved`]: what a plain scalar means under the YAML 1.1 rules of go-yaml v2, the
//! reader Helm uses (`resolve.go`), before Helm's JSON conversion turns numbers into floats.
//!
//! The order of attempts is go-yaml's, because it decides edge cases: a table of exact
//! spellings (booleans, nulls, infinities), then a 64-bit signed integer in Go's base-0
//! syntax (`0x`, `0o`, `0b`, a leading `0` for octal), then an unsigned one, then a decimal
//! float, then an integer too large for 64 bits. Underscores are dropped before the number
//! attempts; anything else is a string. Timestamps are strings for Helm, so they need no
//! case of their own.

/// The meaning of a scalar, as go-yaml v2 types it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Resolved {
    Null,
    Bool(bool),
    /// An integer that fits in `i64` (Go `int`).
    Int(i64),
    /// An integer above `i64::MAX` that fits in `u64` (Go `uint64`).
    Uint(u64),
    /// A float, possibly infinite or NaN.
    Float(f64),
    Str(String),
}

/// Returns what go-yaml reads a plain (unquoted, untagged) scalar as.
pub(crate) fn resolve_plain(text: &str) -> Resolved {
    let Some(&first) = text.as_bytes().first() else {
        return Resolved::Null;
    };
    let hint = match first {
        b'+' | b'-' => Hint::Sign,
        b'0'..=b'9' => Hint::Digit,
        b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~' => Hint::Word,
        b'.' => Hint::Dot,
        _ => return Resolved::Str(text.to_string()),
    };
    if let Some(known) = exact_spelling(text) {
        return known;
    }
    match hint {
        Hint::Word => {}
        Hint::Dot => {
            if let Some(f) = go_parse_float(text) {
                return Resolved::Float(f);
            }
        }
        Hint::Sign | Hint::Digit => {
            if let Some(number) = resolve_number(text) {
                return number;
            }
        }
    }
    Resolved::Str(text.to_string())
}

/// The first character's class, which decides which attempts are made (go-yaml's
/// `resolveTable`).
enum Hint {
    Sign,
    Digit,
    Word,
    Dot,
}

/// The spellings go-yaml v2 looks up in a table (`resolveMap`).
fn exact_spelling(text: &str) -> Option<Resolved> {
    let resolved = match text {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            Resolved::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            Resolved::Bool(false)
        }
        "~" | "null" | "Null" | "NULL" => Resolved::Null,
        ".nan" | ".NaN" | ".NAN" => Resolved::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => Resolved::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => Resolved::Float(f64::NEG_INFINITY),
        _ => return None,
    };
    Some(resolved)
}

/// The number attempts for a scalar starting with a digit or a sign.
fn resolve_number(text: &str) -> Option<Resolved> {
    let plain: String = text.chars().filter(|&c| c != '_').collect();
    if let Ok(i) = go_parse_int(&plain) {
        return Some(Resolved::Int(i));
    }
    let uint_error = match go_parse_uint(&plain) {
        Ok(u) => return Some(Resolved::Uint(u)),
        Err(e) => e,
    };
    if is_yaml_style_float(&plain) {
        if let Some(f) = go_parse_float(&plain) {
            return Some(Resolved::Float(f));
        }
    }
    // Past 64 bits an integer in any other spelling (`0x...`, `0o...`, `0b...`) stays a
    // string: go-yaml v2 has no big integers (checked on Helm 3.17.3:
    // `0x1FFFFFFFFFFFFFFFFF` → "0x1FFFFFFFFFFFFFFFFF", `1` and 400 zeros → a string too).
    let _ = uint_error;
    None
}

/// Why Go's `strconv.ParseInt`/`ParseUint` failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum IntError {
    Syntax,
    Range,
}

/// Splits Go's base-0 prefix: `0b`, `0o`, `0x` (either case, only with at least one more
/// character), or a leading `0` for octal.
fn split_base_prefix(s: &str) -> (u32, &str) {
    let bytes = s.as_bytes();
    if bytes.first() != Some(&b'0') {
        return (10, s);
    }
    if bytes.len() >= 3 {
        match bytes[1].to_ascii_lowercase() {
            b'b' => return (2, &s[2..]),
            b'o' => return (8, &s[2..]),
            b'x' => return (16, &s[2..]),
            _ => {}
        }
    }
    (8, &s[1..])
}

/// Go's `strconv.ParseUint(s, 0, 64)` for a string without underscores.
pub(crate) fn go_parse_uint(s: &str) -> Result<u64, IntError> {
    if s.is_empty() {
        return Err(IntError::Syntax);
    }
    let (radix, digits) = split_base_prefix(s);
    let mut n: u64 = 0;
    for c in digits.chars() {
        let d = c
            .to_digit(36)
            .filter(|&d| d < radix)
            .ok_or(IntError::Syntax)?;
        // Go reports overflow as soon as it happens, before looking at later characters.
        n = n
            .checked_mul(u64::from(radix))
            .and_then(|n| n.checked_add(u64::from(d)))
            .ok_or(IntError::Range)?;
    }
    Ok(n)
}

/// Go's `strconv.ParseInt(s, 0, 64)` for a string without underscores.
pub(crate) fn go_parse_int(s: &str) -> Result<i64, IntError> {
    let (negative, magnitude) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    let un = go_parse_uint(magnitude)?;
    const CUTOFF: u64 = 1 << 63;
    match (negative, un) {
        (false, un) if un >= CUTOFF => Err(IntError::Range),
        (true, un) if un > CUTOFF => Err(IntError::Range),
        // `un` fits: below 2^63, or exactly 2^63 when negative (i64::MIN).
        (true, un) => Ok((un as i64).wrapping_neg()),
        (false, un) => Ok(un as i64),
    }
}

/// Go's `strconv.ParseFloat(s, 64)` for decimal text: `None` when the text is not a decimal
/// float or overflows (Go reports a range error there and go-yaml falls through).
pub(crate) fn go_parse_float(s: &str) -> Option<f64> {
    if !is_decimal_float_syntax(s) {
        return None;
    }
    s.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// `[-+]? (digits [. digits?] | . digits) ([eE] [-+]? digits)?`: the decimal forms Go's
/// `ParseFloat` accepts without underscores (its hexadecimal and `inf`/`nan` forms never
/// reach here: go-yaml only calls it for text starting with `.`, a digit or a sign, and
/// gates the latter with [`is_yaml_style_float`], which is this same pattern).
fn is_decimal_float_syntax(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let int_digits = i - int_start;
    let mut frac_digits = 0;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let frac_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        frac_digits = i - frac_start;
    }
    if int_digits == 0 && frac_digits == 0 {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let exp_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == exp_start {
            return false;
        }
    }
    i == b.len()
}

/// go-yaml's `yamlStyleFloat`: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_style_float(s: &str) -> bool {
    is_decimal_float_syntax(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Resolved::*;

    #[test]
    fn resolves_plain_scalars_like_go_yaml_v2() {
        // (plain scalar, what go-yaml v2 reads it as)
        let rows: Vec<(&str, Resolved)> = vec![
            // booleans: exactly these spellings
            ("y", Bool(true)),
            ("Y", Bool(true)),
            ("yes", Bool(true)),
            ("Yes", Bool(true)),
            ("YES", Bool(true)),
            ("on", Bool(true)),
            ("On", Bool(true)),
            ("ON", Bool(true)),
            ("true", Bool(true)),
            ("True", Bool(true)),
            ("TRUE", Bool(true)),
            ("n", Bool(false)),
            ("N", Bool(false)),
            ("no", Bool(false)),
            ("No", Bool(false)),
            ("NO", Bool(false)),
            ("off", Bool(false)),
            ("Off", Bool(false)),
            ("OFF", Bool(false)),
            ("false", Bool(false)),
            ("False", Bool(false)),
            ("FALSE", Bool(false)),
            ("tRuE", Str("tRuE".into())),
            ("yEs", Str("yEs".into())),
            ("t", Str("t".into())),
            // null
            ("", Null),
            ("~", Null),
            ("null", Null),
            ("Null", Null),
            ("NULL", Null),
            ("nULL", Str("nULL".into())),
            // integers
            ("0", Int(0)),
            ("42", Int(42)),
            ("+12", Int(12)),
            ("-0", Int(0)),
            ("-17", Int(-17)),
            ("010", Int(8)),
            ("007", Int(7)),
            ("0755", Int(493)),
            ("0o10", Int(8)),
            ("0O10", Int(8)),
            ("0x1F", Int(31)),
            ("0X1F", Int(31)),
            ("-0x10", Int(-16)),
            ("0b101", Int(5)),
            ("-0b101010", Int(-42)),
            ("1_000", Int(1000)),
            ("0x_0A_74_AE", Int(685230)),
            ("+685_230", Int(685230)),
            ("02472256", Int(685230)),
            ("9007199254740993", Int(9007199254740993)),
            ("9223372036854775807", Int(i64::MAX)),
            ("-9223372036854775808", Int(i64::MIN)),
            ("9223372036854775808", Uint(9223372036854775808)),
            ("18446744073709551615", Uint(u64::MAX)),
            ("0xFFFFFFFFFFFFFFFF", Uint(u64::MAX)),
            // not octal, so read as decimal floats
            ("08", Float(8.0)),
            ("0789", Float(789.0)),
            // floats
            ("1.0", Float(1.0)),
            ("5.", Float(5.0)),
            (".5", Float(0.5)),
            ("-.1", Float(-0.1)),
            ("+.5", Float(0.5)),
            ("1e3", Float(1000.0)),
            ("123456E1", Float(1234560.0)),
            ("6.8523e+5", Float(685230.0)),
            ("685.230_15e+03", Float(685230.15)),
            ("1_000.5", Float(1000.5)),
            ("1.10", Float(1.1)),
            ("-0.0", Float(-0.0)),
            ("1e-400", Float(0.0)),
            // beyond 64 bits
            ("18446744073709551616", Float(18446744073709551616.0)),
            ("12345678901234567890123", Float(1.2345678901234568e22)),
            ("0x1FFFFFFFFFFFFFFFFF", Str("0x1FFFFFFFFFFFFFFFFF".into())),
            (
                "0b11111111111111111111111111111111111111111111111111111111111111111",
                Str("0b11111111111111111111111111111111111111111111111111111111111111111".into()),
            ),
            // non-finite: resolved, rejected later
            (".inf", Float(f64::INFINITY)),
            (".Inf", Float(f64::INFINITY)),
            (".INF", Float(f64::INFINITY)),
            ("+.inf", Float(f64::INFINITY)),
            ("-.Inf", Float(f64::NEG_INFINITY)),
            // strings
            (".iNf", Str(".iNf".into())),
            (".", Str(".".into())),
            ("1e400", Str("1e400".into())),
            ("1.20.3", Str("1.20.3".into())),
            ("2024-01-02", Str("2024-01-02".into())),
            (
                "2001-12-14t21:59:43.10-05:00",
                Str("2001-12-14t21:59:43.10-05:00".into()),
            ),
            (
                "2001-12-14 21:59:43.10 -5",
                Str("2001-12-14 21:59:43.10 -5".into()),
            ),
            ("1:1", Str("1:1".into())),
            ("50cent_of_dollar", Str("50cent_of_dollar".into())),
            ("-b_c", Str("-b_c".into())),
            ("-", Str("-".into())),
            ("0x", Str("0x".into())),
            ("-0x1FFFFFFFFFFFFFFFFF", Str("-0x1FFFFFFFFFFFFFFFFF".into())),
            ("<<", Str("<<".into())),
            ("hello", Str("hello".into())),
            ("1.2.3.4", Str("1.2.3.4".into())),
        ];
        for (text, expected) in rows {
            let got = resolve_plain(text);
            match (&got, &expected) {
                (Float(a), Float(b)) => {
                    assert!(
                        a == b && a.is_sign_negative() == b.is_sign_negative(),
                        "{text:?}: {got:?} != {expected:?}"
                    )
                }
                _ => assert_eq!(got, expected, "{text:?}"),
            }
        }
        assert!(matches!(resolve_plain(".nan"), Float(f) if f.is_nan()));
        assert!(matches!(resolve_plain(".NaN"), Float(f) if f.is_nan()));
    }

    #[test]
    fn integers_past_64_bits_stay_strings_unless_they_read_as_floats() {
        let huge = format!("1{}", "0".repeat(400));
        assert_eq!(resolve_plain(&huge), Str(huge.clone()));
        let huge_hex = format!("0x{}", "F".repeat(300));
        assert_eq!(resolve_plain(&huge_hex), Str(huge_hex.clone()));
        assert_eq!(
            resolve_plain("123456789012345678901234"),
            Float(1.2345678901234569e23)
        );
        assert_eq!(
            resolve_plain("01777777777777777777777777"),
            Float(1.7777777777777777e24)
        );
        // A megabyte of digits is handled without quadratic work.
        let enormous = "9".repeat(1 << 20);
        assert_eq!(resolve_plain(&enormous), Str(enormous.clone()));
    }

    #[test]
    fn parses_go_integers() {
        assert_eq!(go_parse_int("0"), Ok(0));
        assert_eq!(go_parse_int("00"), Ok(0));
        assert_eq!(go_parse_int("+0b11"), Ok(3));
        assert_eq!(go_parse_int(""), Err(IntError::Syntax));
        assert_eq!(go_parse_int("+"), Err(IntError::Syntax));
        assert_eq!(go_parse_int("9223372036854775808"), Err(IntError::Range));
        assert_eq!(go_parse_uint("-1"), Err(IntError::Syntax));
        assert_eq!(go_parse_uint("99999999999999999999x"), Err(IntError::Range));
    }
}
