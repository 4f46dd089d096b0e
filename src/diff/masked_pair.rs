//! Both sides of a release as YAML for a unified diff, with secrets hidden in a way that
//! still shows whether they changed: an unchanged secret is `<redacted> (12 bytes)` on both
//! sides (a context line), a changed one `<redacted> (changed, 12 → 16 bytes)` on the new
//! side (a changed line). Ignored paths are left out of both.

use std::collections::{HashMap, HashSet};

use crate::secrets::{classify_text, url_credentials, SecretText};
use crate::values::{to_json_compact, to_yaml, KeyPath, KeyPattern, Map, Node, Value, YamlStyle};

use super::diff_path::{distinct_key, is_hidden_text, shown_text};
use super::list_identity::{identity_field, match_by};
use super::secret_rules::{bytes_text, is_empty_secret, mask_node, placeholder, secret_size};
use super::tree_diff::CompareRules;

struct Pairing<'a> {
    prune: &'a [KeyPattern],
    rules: CompareRules<'a>,
    show: bool,
}

/// Returns the YAML of both sides (empty for a side that does not exist).
pub(crate) fn masked_pair_yaml(
    old: Option<&Node>,
    new: Option<&Node>,
    prune: &[KeyPattern],
    rules: CompareRules,
    show: bool,
) -> (String, String) {
    let pairing = Pairing { prune, rules, show };
    let root = KeyPath::root();
    let (old, new) = pairing.pair(old, new, &root, rules.secrets.root_is_secret());
    let yaml = |node: Option<Node>| {
        node.map_or(String::new(), |n| {
            readable(&to_yaml(&n, YamlStyle::default()))
        })
    };
    (yaml(old), yaml(new))
}

/// Returns YAML with `<`, `>` and `&` written as themselves: the YAML writer escapes them
/// (`\u003c`) the way Go's JSON does, which is exact but hard to read in a diff. A backslash
/// that is itself escaped (`\\u003c`) is left alone.
fn readable(yaml: &str) -> String {
    let mut out = String::with_capacity(yaml.len());
    let mut rest = yaml;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let escape = &rest[at..];
        let (text, len) = match escape.get(..6) {
            Some("\\u003c") => ("<", 6),
            Some("\\u003e") => (">", 6),
            Some("\\u0026") => ("&", 6),
            _ => {
                let len = 1 + escape[1..].chars().next().map_or(0, char::len_utf8);
                (&escape[..len], len)
            }
        };
        out.push_str(text);
        rest = &escape[len..];
    }
    out.push_str(rest);
    out
}

fn string(text: String, like: &Node) -> Node {
    let mut node = like.clone();
    node.value = Value::String(text);
    node
}

impl Pairing<'_> {
    fn pruned(&self, path: &KeyPath) -> bool {
        self.prune.iter().any(|p| p.matches(path))
    }

    fn pair(
        &self,
        old: Option<&Node>,
        new: Option<&Node>,
        path: &KeyPath,
        secret: bool,
    ) -> (Option<Node>, Option<Node>) {
        if self.show {
            return (old.cloned(), new.cloned());
        }
        if secret {
            return self.secret_pair(old, new);
        }
        match (old.map(|n| &n.value), new.map(|n| &n.value)) {
            (Some(Value::Map(a)), Some(Value::Map(b))) => {
                let (a, b) = self.map_pair(a, b, path);
                (
                    Some(with_value(old, Value::Map(a))),
                    Some(with_value(new, Value::Map(b))),
                )
            }
            (Some(Value::List(a)), Some(Value::List(b))) => {
                let (a, b) = self.list_pair(a, b, path);
                (
                    Some(with_value(old, Value::List(a))),
                    Some(with_value(new, Value::List(b))),
                )
            }
            (Some(Value::String(a)), Some(Value::String(b))) => {
                let (old, new) = (old.expect("matched Some"), new.expect("matched Some"));
                match (classify_text(a), classify_text(b)) {
                    (SecretText::Secret, _) | (_, SecretText::Secret) => {
                        self.secret_pair(Some(old), Some(new))
                    }
                    (ca, cb) => {
                        let text = |c: SecretText, s: &str| match c {
                            SecretText::Masked(m) => m,
                            _ => s.to_string(),
                        };
                        let masked = matches!(ca, SecretText::Masked(_))
                            || matches!(cb, SecretText::Masked(_));
                        let (ta, mut tb) = (text(ca, a), text(cb, b));
                        if masked && ta == tb && url_credentials(a) != url_credentials(b) {
                            tb.push_str(" (credentials changed)");
                        }
                        (Some(string(ta, old)), Some(string(tb, new)))
                    }
                }
            }
            _ => (
                old.map(|n| mask_node(n, path, false, self.rules.secrets).0),
                new.map(|n| mask_node(n, path, false, self.rules.secrets).0),
            ),
        }
    }

    fn secret_pair(&self, old: Option<&Node>, new: Option<&Node>) -> (Option<Node>, Option<Node>) {
        let hide = |n: &Node, text: String| {
            if is_empty_secret(n) {
                n.clone()
            } else {
                string(text, n)
            }
        };
        let old_out = old.map(|n| hide(n, placeholder(secret_size(n))));
        let new_out = new.map(|n| {
            let size = secret_size(n);
            match old {
                Some(o) if !is_empty_secret(o) && to_json_compact(o) != to_json_compact(n) => hide(
                    n,
                    format!(
                        "<redacted> (changed, {} → {})",
                        secret_size(o),
                        bytes_text(size)
                    ),
                ),
                _ => hide(n, placeholder(size)),
            }
        });
        (old_out, new_out)
    }

    fn map_pair(&self, a: &Map, b: &Map, path: &KeyPath) -> (Map, Map) {
        let secrets = self.rules.secrets;
        let mut old_out = Map::new();
        let mut pending: HashMap<&str, Option<Node>> = HashMap::new();
        for (key, child) in a {
            let child_path = path.child_key(key);
            if self.pruned(&child_path) {
                continue;
            }
            let secret = secrets.key_is_secret(false, a, key, &child_path)
                || secrets.key_is_secret(false, b, key, &child_path);
            let (o, n) = self.pair(Some(child), b.get(key), &child_path, secret);
            if let Some(o) = o {
                old_out.insert(distinct_key(&old_out, shown_text(key).into_owned()), o);
            }
            pending.insert(key, n);
        }
        // A new key shown like an old one it is not differs only in its credentials: say so,
        // or the two sides' lines would read the same.
        let old_shown: HashSet<String> = a
            .keys()
            .filter(|k| is_hidden_text(k))
            .map(|k| shown_text(k).into_owned())
            .collect();
        let mut new_out = Map::new();
        for (key, child) in b {
            let child_path = path.child_key(key);
            if self.pruned(&child_path) {
                continue;
            }
            let n = match pending.remove(key.as_str()) {
                Some(n) => n,
                None => {
                    let secret = secrets.key_is_secret(false, b, key, &child_path);
                    self.pair(None, Some(child), &child_path, secret).1
                }
            };
            if let Some(n) = n {
                let mut shown = shown_text(key).into_owned();
                if !a.contains_key(key) && is_hidden_text(key) && old_shown.contains(&shown) {
                    shown.push_str(" (credentials changed)");
                }
                new_out.insert(distinct_key(&new_out, shown), n);
            }
        }
        (old_out, new_out)
    }

    fn list_pair(&self, a: &[Node], b: &[Node], path: &KeyPath) -> (Vec<Node>, Vec<Node>) {
        let secrets = self.rules.secrets;
        let mut old_out: Vec<Option<Node>> = vec![None; a.len()];
        let mut new_out: Vec<Option<Node>> = vec![None; b.len()];
        let pairs: Vec<(Option<usize>, Option<usize>)> =
            // Only lists outside secrets get here (`pair` hides a secret one whole).
            match identity_field(path, &[a, b], self.rules.list_keys, (secrets, false)) {
                Some(field) => {
                    let m = match_by(&field, a, b);
                    m.pairs
                        .iter()
                        .map(|&(i, j)| (Some(i), Some(j)))
                        .chain(m.removed.iter().map(|&i| (Some(i), None)))
                        .chain(m.added.iter().map(|&j| (None, Some(j))))
                        .collect()
                }
                None => (0..a.len().max(b.len()))
                    .map(|i| ((i < a.len()).then_some(i), (i < b.len()).then_some(i)))
                    .collect(),
            };
        for (i, j) in pairs {
            let child_path = path.child_index(j.or(i).unwrap_or_default());
            if self.pruned(&child_path) {
                continue;
            }
            let secret = secrets.element_is_secret(false, &child_path);
            let (o, n) = self.pair(i.map(|i| &a[i]), j.map(|j| &b[j]), &child_path, secret);
            if let (Some(i), Some(o)) = (i, o) {
                old_out[i] = Some(o);
            }
            if let (Some(j), Some(n)) = (j, n) {
                new_out[j] = Some(n);
            }
        }
        (
            old_out.into_iter().flatten().collect(),
            new_out.into_iter().flatten().collect(),
        )
    }
}

/// Returns `like` (a present side) holding `value`.
fn with_value(like: Option<&Node>, value: Value) -> Node {
    let mut node = like.expect("called for a present side").clone();
    node.value = value;
    node
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::secret_rules::SecretRules;

    fn tree(text: &str) -> Node {
        crate::yaml::test_tree("v.yaml", text)
    }

    #[test]
    fn writes_angle_brackets_as_themselves() {
        assert_eq!(
            readable(r#"a: "\u003cb\u003e \\u003c \u0026""#),
            r#"a: "<b> \\u003c &""#
        );
    }

    #[test]
    fn hides_secrets_and_says_whether_they_changed() {
        let old = tree("a: 1\npassword: abc\ntoken: same\nurl: https://u:p@h\nskip: 1\n");
        let new = tree("a: 2\npassword: abcd\ntoken: same\nurl: https://u:q@h\nskip: 2\n");
        let secrets = SecretRules::default();
        let rules = CompareRules {
            list_keys: &[],
            secrets: &secrets,
        };
        let prune = [KeyPattern::parse("skip").unwrap()];
        let (a, b) = masked_pair_yaml(Some(&old), Some(&new), &prune, rules, false);
        assert_eq!(
            a,
            "a: 1\npassword: \"<redacted> (3 bytes)\"\ntoken: \"<redacted> (4 bytes)\"\nurl: \"https://<redacted>@h\"\n"
        );
        assert_eq!(
            b,
            "a: 2\npassword: \"<redacted> (changed, 3 → 4 bytes)\"\ntoken: \"<redacted> (4 bytes)\"\nurl: \"https://<redacted>@h (credentials changed)\"\n"
        );
    }

    #[test]
    fn a_key_that_changed_only_in_its_credentials_is_marked() {
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl";
        let old = tree(&format!(
            "hosts:\n  https://u:p@h: 1\n  https://x@same: 1\n  {jwt}: 1\n"
        ));
        let new = tree(&format!(
            "hosts:\n  https://u:q@h: 1\n  https://x@same: 1\n  {jwt}x: 1\n"
        ));
        let secrets = SecretRules::default();
        let rules = CompareRules {
            list_keys: &[],
            secrets: &secrets,
        };
        let (a, b) = masked_pair_yaml(Some(&old), Some(&new), &[], rules, false);
        assert_eq!(
            a,
            "hosts:\n  \"https://<redacted>@h\": 1\n  \"https://<redacted>@same\": 1\n  \"<redacted>\": 1\n"
        );
        assert_eq!(
            b,
            "hosts:\n  \"https://<redacted>@h (credentials changed)\": 1\n  \"https://<redacted>@same\": 1\n  \"<redacted> (credentials changed)\": 1\n"
        );
    }
}
