//! Both sides of a release as YAML for a unified diff, with secrets hidden in a way that
//! still shows whether they changed: an unchanged secret shows its size on both sides (a
//! context line), a changed one both sizes on the new side (a changed line). Ignored paths are left out of both. Every hiding decision is
//! [`crate::secrets`]'; this file lines the two trees up (lists by identity, as `tree_diff`
//! does) and counts, from the masks' tallies, how many hidden values each YAML line shows.

use std::collections::HashMap;

use crate::secrets::{
    mask_node, mask_secret_pair, mask_string_pair, shown_new_key, shown_old_key, MaskedSide, Tally,
};
use crate::values::{to_yaml, KeyPath, KeyPattern, Map, Node, Value, YamlStyle};

use super::list_identity::{identity_field, match_by};
use super::tree_diff::CompareRules;

/// One side of a release as YAML, secrets hidden.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MaskedYaml {
    /// The YAML (empty for a side that does not exist).
    pub text: String,
    /// The lines (0-based) that show hidden values, each with how many.
    marks: Vec<(usize, usize)>,
}

impl MaskedYaml {
    /// Returns how many hidden values line `index` (0-based) shows.
    pub fn marks_on(&self, index: usize) -> usize {
        self.marks
            .binary_search_by_key(&index, |&(line, _)| line)
            .map_or(0, |at| self.marks[at].1)
    }

    fn of(side: MaskedSide) -> MaskedYaml {
        let Some((node, tally)) = side else {
            return MaskedYaml {
                text: String::new(),
                marks: Vec::new(),
            };
        };
        let text = readable(&to_yaml(&node, YamlStyle::default()));
        let mut lines = Vec::new();
        yaml_line_marks(&node, &tally, &mut lines);
        debug_assert_eq!(lines.len(), text.lines().count(), "one count per YAML line");
        MaskedYaml {
            text,
            marks: lines
                .into_iter()
                .enumerate()
                .filter(|&(_, n)| n > 0)
                .collect(),
        }
    }
}

/// Returns true when `to_yaml` writes the value on the line of its key or dash.
fn is_inline(value: &Value) -> bool {
    match value {
        Value::Map(m) => m.is_empty(),
        Value::List(l) => l.is_empty(),
        _ => true,
    }
}

/// Pushes the marks of each line `values::to_yaml` writes for `node`, in order: a map entry
/// starts a line (its key, and its value when inline), a list item too (a map item's first
/// entry shares the dash's line); strings are always written on one line.
fn yaml_line_marks(node: &Node, tally: &Tally, out: &mut Vec<usize>) {
    match &node.value {
        // `{}` on a line; an empty list at the root writes nothing, as `to_yaml` does.
        Value::Map(map) if map.is_empty() => out.push(0),
        Value::Map(_) | Value::List(_) => block_line_marks(node, tally, out),
        _ => out.push(tally.total()),
    }
}

fn block_line_marks(node: &Node, tally: &Tally, out: &mut Vec<usize>) {
    match &node.value {
        Value::Map(map) => {
            for (i, child) in map.values().enumerate() {
                let (key_marks, child_tally) = tally.entry(i);
                entry_line_marks(key_marks, child, child_tally, out);
            }
        }
        Value::List(items) => {
            for (i, item) in items.iter().enumerate() {
                let item_tally = tally.item(i);
                match &item.value {
                    Value::Map(m) if !m.is_empty() => block_line_marks(item, item_tally, out),
                    _ => entry_line_marks(0, item, item_tally, out),
                }
            }
        }
        _ => out.push(tally.total()),
    }
}

fn entry_line_marks(head: usize, child: &Node, tally: &Tally, out: &mut Vec<usize>) {
    if is_inline(&child.value) {
        out.push(head + tally.total());
    } else {
        out.push(head);
        block_line_marks(child, tally, out);
    }
}

struct Pairing<'a> {
    prune: &'a [KeyPattern],
    rules: CompareRules<'a>,
    show: bool,
}

/// Returns both sides as YAML (empty for a side that does not exist).
pub(crate) fn masked_pair_yaml(
    old: Option<&Node>,
    new: Option<&Node>,
    prune: &[KeyPattern],
    rules: CompareRules,
    show: bool,
) -> (MaskedYaml, MaskedYaml) {
    let pairing = Pairing { prune, rules, show };
    let root = KeyPath::root();
    let (old, new) = pairing.pair(old, new, &root, rules.secrets.root_is_secret());
    (MaskedYaml::of(old), MaskedYaml::of(new))
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

/// Returns `like` (a present side) holding `value`.
fn with_value(like: Option<&Node>, value: Value) -> Node {
    let mut node = like.expect("called for a present side").clone();
    node.value = value;
    node
}

fn unmasked(node: Option<&Node>) -> MaskedSide {
    node.map(|n| (n.clone(), Tally::Leaf(0)))
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
    ) -> (MaskedSide, MaskedSide) {
        if self.show {
            return (unmasked(old), unmasked(new));
        }
        if secret {
            return mask_secret_pair(old, new);
        }
        match (old, new) {
            (Some(o), Some(n)) => match (&o.value, &n.value) {
                (Value::Map(a), Value::Map(b)) => {
                    let ((a, ta), (b, tb)) = self.map_pair(a, b, path);
                    (
                        Some((with_value(old, Value::Map(a)), ta)),
                        Some((with_value(new, Value::Map(b)), tb)),
                    )
                }
                (Value::List(a), Value::List(b)) => {
                    let ((a, ta), (b, tb)) = self.list_pair(a, b, path);
                    (
                        Some((with_value(old, Value::List(a.into())), ta)),
                        Some((with_value(new, Value::List(b.into())), tb)),
                    )
                }
                (Value::String(_), Value::String(_)) => mask_string_pair(o, n),
                _ => (self.masked(old, path), self.masked(new, path)),
            },
            _ => (self.masked(old, path), self.masked(new, path)),
        }
    }

    fn masked(&self, node: Option<&Node>, path: &KeyPath) -> MaskedSide {
        node.map(|n| {
            let masked = mask_node(n, path, false, self.rules.secrets);
            (masked.node, masked.tally)
        })
    }

    fn map_pair(&self, a: &Map, b: &Map, path: &KeyPath) -> ((Map, Tally), (Map, Tally)) {
        let secrets = self.rules.secrets;
        let mut old_out = Map::new();
        let mut old_tally = Vec::new();
        let mut pending: HashMap<&str, MaskedSide> = HashMap::new();
        for (key, child) in a {
            let child_path = path.child_key(key);
            if self.pruned(&child_path) {
                continue;
            }
            let secret = secrets.key_is_secret(false, a, key, &child_path)
                || secrets.key_is_secret(false, b, key, &child_path);
            let (o, n) = self.pair(Some(child), b.get(key), &child_path, secret);
            if let Some((o, t)) = o {
                let (shown, marks) = shown_old_key(key, &old_out);
                old_out.insert(shown.into(), o);
                old_tally.push((marks, t));
            }
            pending.insert(key, n);
        }
        let mut new_out = Map::new();
        let mut new_tally = Vec::new();
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
            if let Some((n, t)) = n {
                let (shown, marks) = shown_new_key(key, a, &new_out);
                new_out.insert(shown.into(), n);
                new_tally.push((marks, t));
            }
        }
        (
            (old_out, Tally::Map(old_tally)),
            (new_out, Tally::Map(new_tally)),
        )
    }

    fn list_pair(
        &self,
        a: &[Node],
        b: &[Node],
        path: &KeyPath,
    ) -> ((Vec<Node>, Tally), (Vec<Node>, Tally)) {
        let secrets = self.rules.secrets;
        let mut old_out: Vec<MaskedSide> = vec![None; a.len()];
        let mut new_out: Vec<MaskedSide> = vec![None; b.len()];
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
        let side = |out: Vec<MaskedSide>| {
            let (nodes, tally): (Vec<Node>, Vec<Tally>) = out.into_iter().flatten().unzip();
            (nodes, Tally::List(tally))
        };
        (side(old_out), side(new_out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::SecretRules;

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
        let marks = |side: &MaskedYaml| -> Vec<usize> {
            (0..side.text.lines().count())
                .map(|i| side.marks_on(i))
                .collect()
        };
        assert_eq!(marks(&a), [0, 1, 1, 1]);
        assert_eq!(marks(&b), [0, 1, 1, 1]);
        let (a, b) = (a.text, b.text);
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
        let (a, b) = (a.text, b.text);
        assert_eq!(
            a,
            "hosts:\n  \"https://<redacted>@h\": 1\n  \"https://<redacted>@same\": 1\n  \"<redacted>\": 1\n"
        );
        assert_eq!(
            b,
            "hosts:\n  \"https://<redacted>@h (credentials changed)\": 1\n  \"https://<redacted>@same\": 1\n  \"<redacted> (credentials changed)\": 1\n"
        );
    }

    #[test]
    fn counts_the_hidden_values_of_every_line_as_yaml_writes_them() {
        let old = tree(
            "a:\n  - name: x\n    password: p\n    deep: [1, [2, https://u:p@h]]\n  - [q]\n\
             https://u:p@h: {token: t, e: {}}\nl: [[], {}]\ntwo: a://u:p@h b://u:q@h\n\
             written: <redacted>\n",
        );
        let secrets = SecretRules::default();
        let rules = CompareRules {
            list_keys: &[],
            secrets: &secrets,
        };
        let (a, _) = masked_pair_yaml(Some(&old), None, &[], rules, false);
        let lines: Vec<(usize, &str)> = a
            .text
            .lines()
            .enumerate()
            .map(|(i, line)| (a.marks_on(i), line))
            .collect();
        assert_eq!(
            lines,
            [
                (0, "a:"),
                (0, "  - name: x"),
                (1, "    password: \"<redacted> (1 byte)\""),
                (0, "    deep:"),
                (0, "      - 1"),
                (0, "      -"),
                (0, "        - 2"),
                (1, "        - \"https://<redacted>@h\""),
                (0, "  -"),
                (0, "    - q"),
                (1, "\"https://<redacted>@h\":"),
                (1, "  token: \"<redacted> (1 byte)\""),
                (0, "  e: {}"),
                (0, "l:"),
                (0, "  - []"),
                (0, "  - {}"),
                (2, "two: \"a://<redacted>@h b://<redacted>@h\""),
                // Counted from the masking, not from the text: nothing was hidden here.
                (0, "written: \"<redacted>\""),
            ]
        );
    }
}
