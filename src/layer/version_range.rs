//! Version ranges of Chart.yaml dependencies, as Helm checks them (`IsCompatibleRange`, with
//! Masterminds/semver v3 constraints).
//!
//! Helm links a dependency entry to a chart in `charts/` only when the names agree *and* the
//! chart's version satisfies the entry's `version` range. An entry without a range, or with
//! one that does not parse, matches no chart: the chart is then treated as unlisted (always
//! enabled, under its own name, alias and condition ignored), as Helm 3.17.3 does.

use std::cmp::Ordering;

/// Returns true when the chart version `version` satisfies the range `range`.
pub(crate) fn is_compatible_range(range: &str, version: &str) -> bool {
    let Some(version) = Version::parse(version) else {
        return false;
    };
    let Some(alternatives) = parse_range(range) else {
        return false;
    };
    alternatives
        .iter()
        .any(|all| all.iter().all(|c| c.check(&version)))
}

/// A version as Masterminds' `NewVersion` reads it: `v` prefix, minor and patch optional.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Version {
    major: u64,
    minor: u64,
    patch: u64,
    pre: String,
}

impl Version {
    fn parse(text: &str) -> Option<Version> {
        let text = text.strip_prefix('v').unwrap_or(text);
        let (core, _metadata) = match text.split_once('+') {
            Some((core, metadata)) if valid_identifiers(metadata) => (core, metadata),
            Some(_) => return None,
            None => (text, ""),
        };
        let (numbers, pre) = match core.split_once('-') {
            Some((numbers, pre)) if valid_identifiers(pre) => (numbers, pre),
            Some(_) => return None,
            None => (core, ""),
        };
        let parts: Vec<&str> = numbers.split('.').collect();
        if parts.is_empty() || parts.len() > 3 {
            return None;
        }
        let mut values = [0u64; 3];
        for (value, part) in values.iter_mut().zip(&parts) {
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            *value = part.parse().ok()?;
        }
        Some(Version {
            major: values[0],
            minor: values[1],
            patch: values[2],
            pre: pre.to_string(),
        })
    }

    fn compare(&self, other: &Version) -> Ordering {
        (self.major, self.minor, self.patch)
            .cmp(&(other.major, other.minor, other.patch))
            .then_with(|| match (self.pre.is_empty(), other.pre.is_empty()) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                (false, false) => compare_prerelease(&self.pre, &other.pre),
            })
    }
}

/// Dot-separated identifiers of `[0-9A-Za-z-]`, none empty.
fn valid_identifiers(text: &str) -> bool {
    text.split('.')
        .all(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
}

fn compare_prerelease(a: &str, b: &str) -> Ordering {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.split('.').collect(), b.split('.').collect());
    for i in 0..a.len().max(b.len()) {
        let ordering = compare_prerelease_part(a.get(i).copied(), b.get(i).copied());
        if ordering != Ordering::Equal {
            return ordering;
        }
    }
    Ordering::Equal
}

fn compare_prerelease_part(a: Option<&str>, b: Option<&str>) -> Ordering {
    match (a, b) {
        (a, b) if a == b => Ordering::Equal,
        (None, _) => Ordering::Less,
        (_, None) => Ordering::Greater,
        (Some(a), Some(b)) => match (a.parse::<u64>(), b.parse::<u64>()) {
            (Ok(x), Ok(y)) => x.cmp(&y),
            (Ok(_), Err(_)) => Ordering::Less,
            (Err(_), Ok(_)) => Ordering::Greater,
            (Err(_), Err(_)) => a.cmp(b),
        },
    }
}

/// The comparison of one constraint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    TildeOrEqual,
    NotEqual,
    Greater,
    Less,
    GreaterEqual,
    LessEqual,
    Tilde,
    Caret,
}

/// One constraint: an operator and a version whose missing or `x` parts make it "dirty".
#[derive(Clone, Debug)]
struct Constraint {
    op: Op,
    con: Version,
    dirty: bool,
    minor_dirty: bool,
    patch_dirty: bool,
}

/// Reads a range: `||`-separated alternatives of constraints separated by spaces or commas;
/// `A - B` is `>= A, <= B`. `None` when any part does not read, or the range is empty.
fn parse_range(range: &str) -> Option<Vec<Vec<Constraint>>> {
    range.split("||").map(parse_all_of).collect()
}

fn parse_all_of(text: &str) -> Option<Vec<Constraint>> {
    let tokens = tokenize(text)?;
    let mut constraints = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let (op, version) = &tokens[i];
        // `A - B`: two bare versions around a lone `-`.
        if op.is_empty()
            && tokens
                .get(i + 1)
                .is_some_and(|(o, v)| o == "-" && v.is_empty())
        {
            let (op2, upper) = tokens.get(i + 2)?;
            if !op2.is_empty() {
                return None;
            }
            constraints.push(parse_constraint(">=", version)?);
            constraints.push(parse_constraint("<=", upper)?);
            i += 3;
            continue;
        }
        constraints.push(parse_constraint(op, version)?);
        i += 1;
    }
    (!constraints.is_empty()).then_some(constraints)
}

/// Splits into (operator, version) pairs; a lone `-` is returned as `("-", "")`.
/// Constraints are separated by whitespace or by one comma; a comma may not lead or trail.
fn tokenize(text: &str) -> Option<Vec<(String, String)>> {
    const OPS: [&str; 11] = [">=", "=>", "<=", "=<", "!=", "~>", ">", "<", "=", "~", "^"];
    let mut tokens = Vec::new();
    let mut rest = text;
    loop {
        let separator_end = rest
            .find(|c: char| !(c.is_whitespace() || c == ','))
            .unwrap_or(rest.len());
        let (separator, after) = rest.split_at(separator_end);
        let commas = separator.matches(',').count();
        rest = after;
        if rest.is_empty() {
            return (commas == 0).then_some(tokens);
        }
        let separated = if tokens.is_empty() {
            commas == 0
        } else {
            commas <= 1 && !separator.is_empty()
        };
        if !separated {
            return None;
        }
        if let Some(after) = rest.strip_prefix('-') {
            if after.starts_with(char::is_whitespace) {
                tokens.push(("-".to_string(), String::new()));
                rest = after;
                continue;
            }
        }
        let op = OPS
            .iter()
            .find(|op| rest.starts_with(*op))
            .copied()
            .unwrap_or("");
        rest = rest[op.len()..].trim_start();
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+' | '*')))
            .unwrap_or(rest.len());
        if end == 0 {
            return None;
        }
        tokens.push((op.to_string(), rest[..end].to_string()));
        rest = &rest[end..];
    }
}

fn is_x(part: &str) -> bool {
    matches!(part, "x" | "X" | "*")
}

fn parse_constraint(op: &str, version: &str) -> Option<Constraint> {
    let op = match op {
        "" | "=" => Op::TildeOrEqual,
        "!=" => Op::NotEqual,
        ">" => Op::Greater,
        "<" => Op::Less,
        ">=" | "=>" => Op::GreaterEqual,
        "<=" | "=<" => Op::LessEqual,
        "~" | "~>" => Op::Tilde,
        "^" => Op::Caret,
        _ => return None,
    };
    let body = version.strip_prefix('v').unwrap_or(version);
    let (body, _metadata) = body.split_once('+').unwrap_or((body, ""));
    let (numbers, pre) = match body.split_once('-') {
        Some((numbers, pre)) => (numbers, format!("-{pre}")),
        None => (body, String::new()),
    };
    let parts: Vec<&str> = numbers.split('.').collect();
    if parts.len() > 3 {
        return None;
    }
    let part = |i: usize| parts.get(i).copied().unwrap_or("");
    let (text, dirty, minor_dirty, patch_dirty) = if is_x(part(0)) || part(0).is_empty() {
        (format!("0.0.0{pre}"), true, false, false)
    } else if is_x(part(1)) || part(1).is_empty() {
        (format!("{}.0.0{pre}", part(0)), true, true, false)
    } else if is_x(part(2)) || part(2).is_empty() {
        (format!("{}.{}.0{pre}", part(0), part(1)), true, false, true)
    } else {
        (format!("{numbers}{pre}"), false, false, false)
    };
    Some(Constraint {
        op,
        con: Version::parse(&text)?,
        dirty,
        minor_dirty,
        patch_dirty,
    })
}

impl Constraint {
    /// Checks a version; a prerelease version never satisfies a constraint without one.
    fn check(&self, v: &Version) -> bool {
        if !v.pre.is_empty() && self.con.pre.is_empty() {
            return false;
        }
        let c = &self.con;
        match self.op {
            Op::TildeOrEqual if self.dirty => self.tilde(v),
            Op::TildeOrEqual => v.compare(c) == Ordering::Equal,
            Op::NotEqual => self.not_equal(v),
            Op::Greater if !self.dirty => v.compare(c) == Ordering::Greater,
            Op::Greater => {
                if v.major != c.major {
                    v.major > c.major
                } else if self.minor_dirty {
                    false
                } else if self.patch_dirty {
                    v.minor > c.minor
                } else {
                    v.compare(c) == Ordering::Greater
                }
            }
            Op::Less => v.compare(c) == Ordering::Less,
            Op::GreaterEqual => v.compare(c) != Ordering::Less,
            Op::LessEqual if !self.dirty => v.compare(c) != Ordering::Greater,
            Op::LessEqual => {
                !(v.major > c.major
                    || (v.major == c.major && v.minor > c.minor && !self.minor_dirty))
            }
            Op::Tilde => self.tilde(v),
            Op::Caret => self.caret(v),
        }
    }

    fn not_equal(&self, v: &Version) -> bool {
        let c = &self.con;
        if self.dirty {
            if c.major != v.major {
                return true;
            }
            if self.minor_dirty {
                return false;
            }
            if c.minor != v.minor {
                return true;
            }
            if self.patch_dirty {
                return (!v.pre.is_empty() || !c.pre.is_empty())
                    && compare_prerelease(&v.pre, &c.pre) != Ordering::Equal;
            }
        }
        v.compare(c) != Ordering::Equal
    }

    fn tilde(&self, v: &Version) -> bool {
        let c = &self.con;
        if v.compare(c) == Ordering::Less {
            return false;
        }
        if c.major == 0 && c.minor == 0 && c.patch == 0 && !self.minor_dirty && !self.patch_dirty {
            return true;
        }
        v.major == c.major && (v.minor == c.minor || self.minor_dirty)
    }

    fn caret(&self, v: &Version) -> bool {
        let c = &self.con;
        if v.compare(c) == Ordering::Less {
            return false;
        }
        if c.major > 0 || self.minor_dirty {
            return v.major == c.major;
        }
        if v.major > 0 {
            return false;
        }
        if c.minor > 0 || self.patch_dirty {
            return v.minor == c.minor;
        }
        if v.minor > 0 {
            return false;
        }
        v.patch == c.patch
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_ranges_like_helm() {
        // (range, chart version, compatible), each checked with Helm 3.17.3.
        let rows = [
            ("", "0.1.0", false),
            ("0.1.0", "0.1.0", true),
            ("=0.1.0", "0.1.1", false),
            ("v0.1.0", "0.1.0", true),
            (">=1.0.0", "0.1.0", false),
            (">0.1.0", "0.1.0", false),
            ("<1", "0.9.9", true),
            ("<=0.1", "0.1.5", true),
            ("<=0.1", "0.2.0", false),
            ("~0.1", "0.1.9", true),
            ("~0.1", "0.2.0", false),
            ("~1.2.3", "1.2.9", true),
            ("~1.2.3", "1.2.2", false),
            ("^1.2.3", "1.9.0", true),
            ("^1.2.3", "2.0.0", false),
            ("^0.2.3", "0.2.9", true),
            ("^0.2.3", "0.3.0", false),
            ("^0.0.3", "0.0.4", false),
            ("0.1.x", "0.1.7", true),
            ("0.x", "0.9.0", true),
            ("*", "3.0.0", true),
            ("x", "3.0.0", true),
            ("1.2 - 1.4", "1.3.0", true),
            ("1.2 - 1.4", "1.5.0", false),
            (">=1.0.0, <2.0.0", "1.5.0", true),
            (">=1.0.0 <2.0.0", "2.0.0", false),
            ("<1.0.0 || >=2.0.0", "2.1.0", true),
            ("<1.0.0 || >=2.0.0", "1.1.0", false),
            ("!=0.1.0", "0.1.0", false),
            ("!=0.1.x", "0.2.0", true),
            (">=0.1.0", "0.2.0-beta.1", false),
            (">=0.1.0-0", "0.2.0-beta.1", true),
            ("0.1.0", "0.1", true),
            (">=1.0.0<2.0.0", "1.5.0", false),
            (",>=1.0.0", "1.5.0", false),
            (">=1.0.0,,<2", "1.5.0", false),
            (">=1.0.0,", "1.5.0", false),
            ("~>1.2", "1.2.5", true),
            ("1.2.3.4", "1.2.3", false),
            (">= 1.0.0", "1.5.0", true),
            ("^1.2.x", "1.9.0", true),
            ("<1.2.x", "1.2.5", false),
            (">1.x", "1.5.0", false),
            (">1.x", "2.0.0", true),
            ("!=1.x", "1.5.0", false),
            ("<=1.x", "1.9.0", true),
            ("1.2.3-beta - 1.4", "1.3.0", true),
            ("~0", "0.5.0", true),
            ("^0", "0.5.0", true),
            ("^0.0", "0.0.5", true),
            ("^0.0", "0.1.0", false),
        ];
        for (range, version, expected) in rows {
            assert_eq!(
                is_compatible_range(range, version),
                expected,
                "{range:?} against {version}"
            );
        }
    }

    #[test]
    fn orders_prereleases_like_semver() {
        let v = |s| Version::parse(s).expect("test versions parse");
        assert_eq!(v("1.0.0-alpha").compare(&v("1.0.0")), Ordering::Less);
        assert_eq!(v("1.0.0-2").compare(&v("1.0.0-10")), Ordering::Less);
        assert_eq!(v("1.0.0-a").compare(&v("1.0.0-1")), Ordering::Greater);
        assert_eq!(v("1.0.0-a").compare(&v("1.0.0-a.1")), Ordering::Less);
    }
}
