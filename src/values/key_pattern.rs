//! [`KeyPattern`]: a dotted key path with globs, as `strata.yaml` writes paths: `*` matches
//! one key (or list index), `**` any number of them, none included (DESIGN §1), so
//! `**.image.tag` matches `image.tag` and `sidecar.image.tag`.

use std::fmt;

use super::key_path::{KeyPath, Segment};

/// One step of a [`KeyPattern`].
#[derive(Clone, Debug, PartialEq, Eq)]
enum Step {
    /// A literal key; `[N]` in the text matches that list index.
    Literal(Segment),
    /// `*`: any one key or index.
    Any,
    /// `**`: any number of keys or indices, none included.
    AnyDepth,
    /// A key with `*` inside it (`checksum/*`): `*` matches any text, none included.
    Glob(String),
}

/// A dotted key path with `*` and `**` globs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyPattern {
    text: String,
    steps: Vec<Step>,
}

/// A pattern that cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("key pattern {text:?}: {reason}")]
pub struct KeyPatternError {
    /// The pattern as written.
    pub text: String,
    /// What is wrong with it.
    pub reason: String,
}

impl KeyPattern {
    /// Reads a pattern: keys separated by `.`, `*` and `**` as whole keys, `[N]` for an index,
    /// `\` escaping the next character.
    pub fn parse(text: &str) -> Result<KeyPattern, KeyPatternError> {
        let path = KeyPath::parse(text).map_err(|e| KeyPatternError {
            text: text.to_string(),
            reason: e.to_string(),
        })?;
        // `KeyPath::parse` keeps escapes' meaning; a key written `\*` is a literal star, so
        // globs are recognised on the unescaped text of each dotted part.
        let raw_parts = split_unescaped(text);
        let steps = path
            .segments()
            .iter()
            .map(|segment| match segment {
                Segment::Key(k) if k == "**" && raw_parts.contains(&"**".to_string()) => {
                    Step::AnyDepth
                }
                Segment::Key(k) if k == "*" && raw_parts.contains(&"*".to_string()) => Step::Any,
                // Written with an unescaped `*` inside (`\*` would not equal the key).
                Segment::Key(k) if k.contains('*') && raw_parts.contains(k) => {
                    Step::Glob(k.clone())
                }
                other => Step::Literal(other.clone()),
            })
            .collect();
        Ok(KeyPattern {
            text: text.to_string(),
            steps,
        })
    }

    /// Returns the pattern as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Returns true when `path` matches the whole pattern.
    pub fn matches(&self, path: &KeyPath) -> bool {
        matches_from(&self.steps, path.segments())
    }

    /// Returns true when `path` or one of its ancestors matches (a rule on `resources`
    /// covers `resources.requests.cpu`).
    pub fn matches_within(&self, path: &KeyPath) -> bool {
        let segments = path.segments();
        (0..=segments.len()).any(|n| matches_from(&self.steps, &segments[..n]))
    }
}

impl fmt::Display for KeyPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Splits at unescaped dots, keeping escapes, to see which parts were written as globs.
fn split_unescaped(text: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let last = parts.last_mut().expect("parts is never empty");
                last.push('\\');
                if let Some(next) = chars.next() {
                    last.push(next);
                }
            }
            '.' => parts.push(String::new()),
            c => parts.last_mut().expect("parts is never empty").push(c),
        }
    }
    parts
}

fn matches_from(steps: &[Step], segments: &[Segment]) -> bool {
    match steps.split_first() {
        None => segments.is_empty(),
        Some((Step::AnyDepth, rest)) => {
            (0..=segments.len()).any(|skip| matches_from(rest, &segments[skip..]))
        }
        Some((step, rest)) => match segments.split_first() {
            Some((segment, tail)) => {
                let here = match step {
                    Step::Any => true,
                    Step::Literal(literal) => literal == segment,
                    Step::Glob(glob) => {
                        matches!(segment, Segment::Key(key) if glob_matches(glob, key))
                    }
                    Step::AnyDepth => unreachable!("handled above"),
                };
                here && matches_from(rest, tail)
            }
            None => false,
        },
    }
}

/// Returns true when `text` matches `glob`, whose `*`s match any text (none included).
fn glob_matches(glob: &str, text: &str) -> bool {
    let mut parts = glob.split('*');
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    for (i, part) in parts.iter().enumerate() {
        if i + 1 == parts.len() {
            return rest.len() >= part.len() && rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_globs_as_design_describes() {
        let rows: &[(&str, &str, bool)] = &[
            ("**.image.tag", "image.tag", true),
            ("**.image.tag", "sidecar.image.tag", true),
            ("**.image.tag", "a.b.image.tag", true),
            ("**.image.tag", "image.tags", false),
            ("*.tag", "image.tag", true),
            ("*.tag", "a.image.tag", false),
            ("replicaCount", "replicaCount", true),
            ("replicaCount", "replicaCount.x", false),
            ("debug.**", "debug", true),
            ("debug.**", "debug.level", true),
            ("env[0].value", "env[0].value", true),
            ("env.*.value", "env[3].value", true),
            ("a\\*.b", "a*.b", true),
            ("a\\*.b", "ax.b", false),
            ("**.checksum/*", "annotations.checksum/config", true),
            ("**.checksum/*", "annotations.checksum/", true),
            ("**.checksum/*", "annotations.checksums/config", false),
            ("*-x-*", "a-x-b", true),
            ("*-x-*", "a-y-b", false),
            ("a\\*b", "axb", false),
        ];
        for (pattern, path, expected) in rows {
            let got = KeyPattern::parse(pattern)
                .unwrap()
                .matches(&KeyPath::parse(path).unwrap());
            assert_eq!(got, *expected, "{pattern} vs {path}");
        }
    }

    #[test]
    fn matches_within_covers_descendants() {
        let pattern = KeyPattern::parse("resources").unwrap();
        assert!(pattern.matches_within(&KeyPath::parse("resources.requests.cpu").unwrap()));
        assert!(!pattern.matches_within(&KeyPath::parse("replicas").unwrap()));
    }
}
