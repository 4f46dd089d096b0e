//! The rules about one file as written: YAML 1.1 hazards and duplicate keys, from what the
//! reader noted while reading it ([`ParsedFile::hazards`], [`ParsedFile::duplicates`]).
//!
//! Keys written differently that Helm reads as the same key (`on:` and `"true":`) are a
//! hazard, reported once at the later key; a key written twice alike is a duplicate,
//! reported at the later key with the earlier one's place. Either way the later one wins,
//! silently, as in Helm.

use crate::values::{KeyPath, Origin};
use crate::yaml::{Hazard, HazardKind, ParsedFile, ScalarRole};

use super::finding::Rule;
use crate::secrets::names_secret_on;

/// A finding about a file, before it is given a release and a severity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileFinding {
    /// The rule: [`Rule::YamlHazard`] or [`Rule::DuplicateKey`].
    pub rule: Rule,
    /// Where.
    pub origin: Origin,
    /// The key path.
    pub path: KeyPath,
    /// What is wrong.
    pub message: String,
    /// The finding is a warning at most, whatever the rule's severity (a doubt, not a fact).
    pub warning_only: bool,
}

/// Returns the hazards and duplicate keys of a file, in document order.
pub fn file_findings(file: &ParsedFile) -> Vec<FileFinding> {
    let mut found: Vec<FileFinding> = file
        .hazards
        .iter()
        .map(|h| FileFinding {
            rule: Rule::YamlHazard,
            origin: h.origin.clone(),
            path: h.path.clone(),
            message: hazard_message(h),
            warning_only: false,
        })
        .collect();
    let collisions: Vec<&Origin> = file
        .hazards
        .iter()
        .filter(|h| matches!(h.kind, HazardKind::KeyCollision { .. }))
        .map(|h| &h.origin)
        .collect();
    found.extend(
        file.duplicates
            .iter()
            .filter(|d| !collisions.contains(&&d.second))
            .map(|d| FileFinding {
                rule: Rule::DuplicateKey,
                origin: d.second.clone(),
                path: d.path.clone(),
                message: format!(
                    "key `{}` is written twice in this map; this one wins and the one at {} is ignored",
                    last_key(&d.path),
                    d.first
                ),
                warning_only: false,
            }),
    );
    found.sort_by_key(|f| (f.origin.line, f.origin.col));
    found
}

/// Returns the last key of a path, as written in a path (`prometheus\.io/scrape`).
fn last_key(path: &KeyPath) -> String {
    match path.segments().last() {
        Some(segment) => KeyPath::from_segments(vec![segment.clone()]).to_string(),
        None => String::new(),
    }
}

/// Returns what a hazard means for the person who wrote it, without the text of a value
/// under a secret key.
pub fn hazard_message(h: &Hazard) -> String {
    let text = &h.text;
    let reading = &h.reading;
    if h.role == ScalarRole::Key {
        return match &h.kind {
            HazardKind::KeyCollision { first, first_text } => format!(
                "key `{text}` is read as \"{reading}\", the same key as `{first_text}` at {first}; this one silently replaces it"
            ),
            _ => format!(
                "key `{text}` is read as \"{reading}\"; quote it (\"{text}\") to keep the key as written"
            ),
        };
    }
    if names_secret_on(&h.path) {
        let what = match h.kind {
            HazardKind::Boolean => "a boolean",
            _ => "a number",
        };
        return format!(
            "the value of secret key `{}` is read as {what}, not as the text written; quote it",
            h.path
        );
    }
    match &h.kind {
        HazardKind::Boolean => format!(
            "`{text}` is read as the boolean {reading}; write {reading}, or quote it (\"{text}\") if text is meant"
        ),
        HazardKind::LeadingZero => {
            let decimal = text.trim_start_matches(['+', '-']).trim_start_matches('0');
            let octal = if reading.trim_start_matches('-') != decimal {
                " (a leading 0 means octal)"
            } else {
                ""
            };
            format!("`{text}` is read as the number {reading}{octal}; quote it (\"{text}\") if text is meant")
        }
        HazardKind::TrailingZero => format!(
            "`{text}` is read as the number {reading}; quote it (\"{text}\") if a version or other text is meant"
        ),
        HazardKind::BigInteger => format!(
            "`{text}` is beyond 2^53 and read as the float {reading}; quote it (\"{text}\") if the digits matter"
        ),
        HazardKind::Underscore => format!(
            "`{text}` is read as the number {reading} (YAML 1.1 drops `_`); quote it (\"{text}\") if text is meant"
        ),
        // Only keys have these.
        HazardKind::KeyText | HazardKind::KeyCollision { .. } => {
            format!("`{text}` is read as {reading}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{parse_values, Limits};

    /// Every hazard of the semantics page §2, once, at its place.
    #[test]
    fn reports_each_hazard_of_the_semantics_page_once_at_its_place() {
        let text = "\
enabled: yes
mode: off
short: y
answer: N
on: 1
perms: 0755
zip: 08
version: 1.10
appVersion: 1.0
id: 9007199254740993
count: 1_000
m:
  y: a
  \"true\": b
d: 1
d: 2
password: yes
ok: [true, \"yes\", 0x1F, 1.5, \"1.10\", 1.20.3, 2024-01-02]
";
        let file = parse_values(text.as_bytes(), "v.yaml".into(), &Limits::default()).unwrap();
        let found: Vec<String> = file_findings(&file)
            .into_iter()
            .map(|f| {
                format!(
                    "{}:{} {} {}: {}",
                    f.origin.line, f.origin.col, f.rule, f.path, f.message
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                "1:10 yaml-hazard enabled: `yes` is read as the boolean true; write true, or quote it (\"yes\") if text is meant",
                "2:7 yaml-hazard mode: `off` is read as the boolean false; write false, or quote it (\"off\") if text is meant",
                "3:8 yaml-hazard short: `y` is read as the boolean true; write true, or quote it (\"y\") if text is meant",
                "4:9 yaml-hazard answer: `N` is read as the boolean false; write false, or quote it (\"N\") if text is meant",
                "5:1 yaml-hazard true: key `on` is read as \"true\"; quote it (\"on\") to keep the key as written",
                "6:8 yaml-hazard perms: `0755` is read as the number 493 (a leading 0 means octal); quote it (\"0755\") if text is meant",
                "7:6 yaml-hazard zip: `08` is read as the number 8; quote it (\"08\") if text is meant",
                "8:10 yaml-hazard version: `1.10` is read as the number 1.1; quote it (\"1.10\") if a version or other text is meant",
                "9:13 yaml-hazard appVersion: `1.0` is read as the number 1; quote it (\"1.0\") if a version or other text is meant",
                "10:5 yaml-hazard id: `9007199254740993` is beyond 2^53 and read as the float 9007199254740992; quote it (\"9007199254740993\") if the digits matter",
                "11:8 yaml-hazard count: `1_000` is read as the number 1000 (YAML 1.1 drops `_`); quote it (\"1_000\") if text is meant",
                "13:3 yaml-hazard m.true: key `y` is read as \"true\"; quote it (\"y\") to keep the key as written",
                "14:3 yaml-hazard m.true: key `true` is read as \"true\", the same key as `y` at v.yaml:13:3; this one silently replaces it",
                "16:1 duplicate-key d: key `d` is written twice in this map; this one wins and the one at v.yaml:15:1 is ignored",
                "17:11 yaml-hazard password: the value of secret key `password` is read as a boolean, not as the text written; quote it",
            ]
        );
    }
}
