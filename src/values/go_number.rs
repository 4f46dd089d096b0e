//! Go's formatting of float64, which is what users see from Helm: `encoding/json` (used by
//! `toJson` and by Helm's YAML-to-JSON step) and `%v` (used in Helm's warnings).
//!
//! Both print the shortest decimal that reads back to the same float, as Rust does; they
//! differ from Rust only in when they switch to exponent form and how they write it.

/// Splits a finite, non-zero float into its shortest decimal digits and the decimal exponent
/// of the first digit (`1234.5` → `("12345", 3)`).
fn shortest_digits(f: f64) -> (String, i32) {
    // `{:e}` prints the shortest round-tripping mantissa, e.g. `1.2345e3`.
    let text = format!("{:e}", f.abs());
    let (mantissa, exp) = text
        .split_once('e')
        .expect("Rust's {:e} output always contains 'e'");
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let exp: i32 = exp.parse().expect("Rust's {:e} exponent is an integer");
    (digits, exp)
}

/// Writes `digits` with exponent `exp` in plain decimal notation.
fn plain(digits: &str, exp: i32) -> String {
    let n = digits.len() as i32;
    if exp < 0 {
        format!("0.{}{}", "0".repeat((-exp - 1) as usize), digits)
    } else if exp + 1 >= n {
        format!("{}{}", digits, "0".repeat((exp + 1 - n) as usize))
    } else {
        let (int, frac) = digits.split_at((exp + 1) as usize);
        format!("{int}.{frac}")
    }
}

/// Writes `digits` in exponent form, with Go's sign and at least `min_exp_digits` exponent
/// digits (`1e+21`, `1e-07` for `%v`, `1e-7` for JSON).
fn exponent(digits: &str, exp: i32, min_exp_digits: usize) -> String {
    let (first, rest) = digits.split_at(1);
    let mantissa = if rest.is_empty() {
        first.to_string()
    } else {
        format!("{first}.{rest}")
    };
    let sign = if exp < 0 { '-' } else { '+' };
    format!(
        "{mantissa}e{sign}{:0width$}",
        exp.abs(),
        width = min_exp_digits
    )
}

/// Formats a float as Go's `encoding/json` does: plain digits, except exponent form below
/// 1e-6 and from 1e21 up (`1e-7`, `1e+21`). Integral values print without a fraction.
///
/// Non-finite values never reach here: the YAML reader rejects `.inf` and `.nan` as Helm does.
pub fn format_go_float(f: f64) -> String {
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    let (digits, exp) = shortest_digits(f);
    let sign = if f < 0.0 { "-" } else { "" };
    let abs = f.abs();
    let body = if !(1e-6..1e21).contains(&abs) {
        exponent(&digits, exp, 1)
    } else {
        plain(&digits, exp)
    };
    format!("{sign}{body}")
}

/// Formats a float as Go's `%v` does: exponent form when the exponent is below -4 or at
/// least 6 (`1e+06`, `1.5e-05`), two exponent digits at least.
pub(crate) fn format_go_float_v(f: f64) -> String {
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    let (digits, exp) = shortest_digits(f);
    let sign = if f < 0.0 { "-" } else { "" };
    let body = if !(-4..6).contains(&exp) {
        exponent(&digits, exp, 2)
    } else {
        plain(&digits, exp)
    };
    format!("{sign}{body}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_formatting_matches_go() {
        let cases: &[(f64, &str)] = &[
            (0.0, "0"),
            (1.0, "1"),
            (-12.0, "-12"),
            (1000.5, "1000.5"),
            (0.5, "0.5"),
            (0.000001, "0.000001"),
            (1e-7, "1e-7"),
            (1e21, "1e+21"),
            (1e20, "100000000000000000000"),
            (9007199254740993.0, "9007199254740992"),
            (9223372036854775807.0, "9223372036854776000"),
            (12345678901234567890.0, "12345678901234567000"),
            (1.5e300, "1.5e+300"),
            (-2.5e-8, "-2.5e-8"),
        ];
        for (f, want) in cases {
            assert_eq!(format_go_float(*f), *want, "formatting {f:e}");
        }
    }

    #[test]
    fn percent_v_formatting_matches_go() {
        let cases: &[(f64, &str)] = &[
            (1.0, "1"),
            (100000.0, "100000"),
            (1e6, "1e+06"),
            (1234567.0, "1.234567e+06"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (-1.5, "-1.5"),
        ];
        for (f, want) in cases {
            assert_eq!(format_go_float_v(*f), *want, "formatting {f:e}");
        }
    }
}
