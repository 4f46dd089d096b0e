//! Hiding secrets in values: [`mask_node`] hides every secret of a tree by [`SecretRules`],
//! [`hide`] decides how one value at a path is shown, [`mask_pair`] hides both sides of a
//! value the way a patch shows them (an unchanged secret reads the same on both sides, a
//! changed one says so), [`shown_value`] is a value as a message shows it. Keys are read by
//! content like values ([`shown_key`]): a key is printed too.
//!
//! Every hidden value is a [`Redacted`]; how many were hidden is counted here, as data,
//! never by searching printed text: the count of hidden values ([`Masked::hidden`]) and,
//! for each key and scalar, the number of [`Redacted`] marks written in it ([`Tally`]).

use std::borrow::Cow;

use crate::values::{to_json_compact, KeyPath, Map, Node, Origin, Value};

use super::{classify_text, is_secret_key, names_secret_on, url_credentials, Redacted};
use super::{SecretRules, SecretText};

/// The longest value a message shows; longer ones are cut with `…`.
const MAX_SHOWN_CHARS: usize = 60;

/// Where the [`Redacted`] marks of a masked tree are: its shape follows the tree's (a map's
/// entries in order, each with the marks in its key; a list's items), a leaf counts the
/// marks in a scalar. A tree with nothing hidden may be a bare `Leaf(0)` at any depth.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tally {
    /// The marks in a scalar (or in a collection with nothing hidden: none).
    Leaf(usize),
    /// Each entry of a map: the marks in its key, and its value's.
    Map(Vec<(usize, Tally)>),
    /// Each item of a list.
    List(Vec<Tally>),
}

const NONE: Tally = Tally::Leaf(0);

impl Tally {
    /// Returns every mark in the tree.
    pub fn total(&self) -> usize {
        match self {
            Tally::Leaf(n) => *n,
            Tally::Map(entries) => entries.iter().map(|(k, t)| k + t.total()).sum(),
            Tally::List(items) => items.iter().map(Tally::total).sum(),
        }
    }

    /// Returns the marks in the key of map entry `i`, and its value's tally.
    pub fn entry(&self, i: usize) -> (usize, &Tally) {
        match self {
            Tally::Map(entries) => entries.get(i).map_or((0, &NONE), |(k, t)| (*k, t)),
            _ => (0, &NONE),
        }
    }

    /// Returns the tally of list item `i`.
    pub fn item(&self, i: usize) -> &Tally {
        match self {
            Tally::List(items) => items.get(i).unwrap_or(&NONE),
            _ => &NONE,
        }
    }
}

/// A tree with its secrets hidden.
#[derive(Clone, Debug, PartialEq)]
pub struct Masked {
    /// The tree as it may be printed.
    pub node: Node,
    /// How many values (and keys) were hidden.
    pub hidden: usize,
    /// Where the marks are.
    pub tally: Tally,
}

/// How one value is shown.
#[derive(Clone, Debug, PartialEq)]
pub enum Hide {
    /// A secret as a whole: only its size and its kind of value (`string`, `object`) are told.
    Whole {
        /// [`secret_size`].
        bytes: usize,
        /// The kind of value hidden.
        kind: &'static str,
    },
    /// The value, with any secret inside it hidden (`hidden` of them).
    Value(Node, usize),
}

/// Returns the size of a secret as shown: the bytes of a string, or of a collection's
/// compact JSON.
pub fn secret_size(node: &Node) -> usize {
    match &node.value {
        Value::String(s) => s.len(),
        _ => to_json_compact(node).len(),
    }
}

/// Returns true when `node`, under a secret path, has nothing to hide: null, a boolean (one
/// bit: `automountServiceAccountToken: false`), an empty string or collection. Showing it
/// tells a reviewer the secret is unset.
pub fn is_empty_secret(node: &Node) -> bool {
    match &node.value {
        Value::Null | Value::Bool(_) => true,
        Value::String(s) => s.is_empty(),
        Value::Map(m) => m.is_empty(),
        Value::List(l) => l.is_empty(),
        _ => false,
    }
}

/// Returns a key or list identity as it may be printed: read for secrets by content like any
/// string ([`classify_text`]), so credentials in a URL-like key are cut out and a key that
/// is a private key or a token is [`Redacted::Whole`].
pub fn shown_key(text: &str) -> Cow<'_, str> {
    match classify_text(text) {
        SecretText::Plain => text.into(),
        SecretText::Masked(masked) => masked.into(),
        SecretText::Secret => Redacted::Whole.to_string().into(),
    }
}

/// Returns true when a key or identity is printed otherwise than it is ([`shown_key`]).
pub fn is_hidden_text(text: &str) -> bool {
    classify_text(text) != SecretText::Plain
}

/// Returns how many [`Redacted`] marks [`shown_key`] (or a string's masking) writes in `text`.
fn marks(text: &str) -> usize {
    match classify_text(text) {
        SecretText::Plain => 0,
        SecretText::Secret => 1,
        SecretText::Masked(_) => url_credentials(text).len(),
    }
}

/// Returns `shown` (a key as [`shown_key`] shows it), made different from every key of
/// `map` by a ` (2)`, ` (3)`... suffix: two keys that differ only in a secret are shown
/// alike, and one would replace the other in a map.
pub fn distinct_key(map: &Map, shown: String) -> String {
    if !map.contains_key(shown.as_str()) {
        return shown;
    }
    (2..)
        .map(|n| format!("{shown} ({n})"))
        .find(|candidate| !map.contains_key(candidate.as_str()))
        .expect("some suffix is free")
}

fn string(text: String, like: &Node) -> Node {
    let mut node = like.clone();
    node.value = Value::String(text.into());
    node
}

/// Returns `node` with every secret in it hidden. `secret` says whether `node` itself is
/// secret; `path` is where it is.
pub fn mask_node(node: &Node, path: &KeyPath, secret: bool, rules: &SecretRules) -> Masked {
    let mut hidden = 0;
    let (node, tally) = mask_into(node, path, secret, rules, &mut hidden);
    Masked {
        node,
        hidden,
        tally,
    }
}

fn mask_into(
    node: &Node,
    path: &KeyPath,
    secret: bool,
    rules: &SecretRules,
    hidden: &mut usize,
) -> (Node, Tally) {
    if secret {
        if is_empty_secret(node) {
            return (node.clone(), NONE);
        }
        *hidden += 1;
        let text = Redacted::Sized(secret_size(node)).to_string();
        return (string(text, node), Tally::Leaf(1));
    }
    let (value, tally) = match &node.value {
        Value::Map(map) => {
            let mut out = Map::new();
            let mut tally = Vec::with_capacity(map.len());
            for (key, child) in map {
                let child_path = path.child_key(key);
                let child_secret = rules.key_is_secret(false, map, key, &child_path);
                // A key is printed too: read for secrets like any string.
                let key_marks = marks(key);
                if key_marks > 0 {
                    *hidden += 1;
                }
                let (masked, t) = mask_into(child, &child_path, child_secret, rules, hidden);
                out.insert(
                    distinct_key(&out, shown_key(key).into_owned()).into(),
                    masked,
                );
                tally.push((key_marks, t));
            }
            (Value::Map(out), Tally::Map(tally))
        }
        Value::List(items) => {
            let (items, tally) = items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let child_path = path.child_index(i);
                    let child_secret = rules.element_is_secret(false, &child_path);
                    mask_into(item, &child_path, child_secret, rules, hidden)
                })
                .unzip();
            (Value::List(items), Tally::List(tally))
        }
        Value::String(s) => match classify_text(s) {
            SecretText::Plain => return (node.clone(), NONE),
            SecretText::Secret => {
                *hidden += 1;
                let text = Redacted::Sized(s.len()).to_string();
                (Value::String(text.into()), Tally::Leaf(1))
            }
            SecretText::Masked(text) => {
                *hidden += 1;
                (
                    Value::String(text.into()),
                    Tally::Leaf(url_credentials(s).len()),
                )
            }
        },
        _ => return (node.clone(), NONE),
    };
    let mut out = node.clone();
    out.value = value;
    (out, tally)
}

/// Returns how the value `node` at `path` is shown: whole as its size when it is `secret`
/// (and has something to hide), else with the secrets inside it hidden; as it is when
/// `show` (`--show-secrets`).
pub fn hide(node: &Node, path: &KeyPath, secret: bool, rules: &SecretRules, show: bool) -> Hide {
    if show {
        return Hide::Value(node.clone(), 0);
    }
    if secret && !is_empty_secret(node) {
        return Hide::Whole {
            bytes: secret_size(node),
            kind: node.value.kind_name(),
        };
    }
    let masked = mask_node(node, path, secret, rules);
    Hide::Value(masked.node, masked.hidden)
}

/// Returns the user info of URLs in a string value that holds any.
fn credentials(node: Option<&Node>) -> Option<Vec<&str>> {
    match &node?.value {
        Value::String(s) if matches!(classify_text(s), SecretText::Masked(_)) => {
            Some(url_credentials(s))
        }
        _ => None,
    }
}

/// Returns whether the credentials cut out of two strings differ, when both hold some (their
/// shown texts cannot tell); `None` otherwise.
pub fn credentials_changed(old: Option<&Node>, new: Option<&Node>) -> Option<bool> {
    match (credentials(old), credentials(new)) {
        (Some(a), Some(b)) => Some(a != b),
        _ => None,
    }
}

/// One side of a masked pair: the value shown, and its marks.
pub type MaskedSide = Option<(Node, Tally)>;

/// Returns both sides of a secret value as a patch shows them: [`Redacted::Sized`] on both
/// sides when it did not change, [`Redacted::Changed`] on the new side when it did; an empty
/// secret as it is.
pub fn mask_secret_pair(old: Option<&Node>, new: Option<&Node>) -> (MaskedSide, MaskedSide) {
    let hide = |n: &Node, redacted: Redacted| {
        if is_empty_secret(n) {
            (n.clone(), NONE)
        } else {
            (string(redacted.to_string(), n), Tally::Leaf(1))
        }
    };
    let old_out = old.map(|n| hide(n, Redacted::Sized(secret_size(n))));
    let new_out = new.map(|n| {
        let size = secret_size(n);
        match old {
            Some(o) if !is_empty_secret(o) && to_json_compact(o) != to_json_compact(n) => hide(
                n,
                Redacted::Changed {
                    old: secret_size(o),
                    new: size,
                },
            ),
            _ => hide(n, Redacted::Sized(size)),
        }
    });
    (old_out, new_out)
}

/// Returns both sides of a string value as a patch shows them, read by content: a token or
/// private key on either side hides both whole ([`mask_secret_pair`]); credentials cut out
/// of URLs, with ` (credentials changed)` on the new side when they changed and the texts
/// would read the same.
pub fn mask_string_pair(old: &Node, new: &Node) -> (MaskedSide, MaskedSide) {
    let (Value::String(a), Value::String(b)) = (&old.value, &new.value) else {
        return (Some((old.clone(), NONE)), Some((new.clone(), NONE)));
    };
    match (classify_text(a), classify_text(b)) {
        (SecretText::Secret, _) | (_, SecretText::Secret) => mask_secret_pair(Some(old), Some(new)),
        (ca, cb) => {
            let text = |c: SecretText, s: &str| match c {
                SecretText::Masked(m) => m,
                _ => s.to_string(),
            };
            let masked = matches!(ca, SecretText::Masked(_)) || matches!(cb, SecretText::Masked(_));
            let (ta, mut tb) = (text(ca, a), text(cb, b));
            if masked && ta == tb && url_credentials(a) != url_credentials(b) {
                tb.push_str(" (credentials changed)");
            }
            (
                Some((string(ta, old), Tally::Leaf(marks(a)))),
                Some((string(tb, new), Tally::Leaf(marks(b)))),
            )
        }
    }
}

/// Returns the keys of a map pair as a patch shows them: each read by content, made distinct
/// within its map; a new key shown like an old one it is not (they differ only in their
/// credentials) gets ` (credentials changed)`, or the two sides' lines would read the same.
/// Also returns the marks in each shown key.
pub fn shown_new_key(key: &str, old: &Map, shown_new: &Map) -> (String, usize) {
    let mut shown = shown_key(key).into_owned();
    if !old.contains_key(key)
        && is_hidden_text(key)
        && old
            .keys()
            .any(|k| is_hidden_text(k) && shown_key(k) == shown.as_str())
    {
        shown.push_str(" (credentials changed)");
    }
    (distinct_key(shown_new, shown), marks(key))
}

/// Returns an old key of a map pair as a patch shows it, and its marks ([`shown_new_key`]).
pub fn shown_old_key(key: &str, shown_old: &Map) -> (String, usize) {
    (
        distinct_key(shown_old, shown_key(key).into_owned()),
        marks(key),
    )
}

/// Returns true when the value, or a string in it, holds a credential.
fn holds_secret(value: &Value) -> bool {
    match value {
        Value::String(s) => is_hidden_text(s),
        Value::List(items) => items.iter().any(|n| holds_secret(&n.value)),
        Value::Map(map) => map
            .iter()
            .any(|(k, n)| is_secret_key(k) || holds_secret(&n.value)),
        _ => false,
    }
}

/// Returns a value at `path` as a message shows it: JSON (`"latest"`, `1`, `[80,443]`),
/// cut to a readable length, or [`Redacted::Whole`] for a secret: `secret` when the
/// release's rules say the path is one (`secrets:` paths, `writeOnly`), a secret key on the
/// path, or a credential in the value.
pub fn shown_value(value: &Value, path: &KeyPath, secret: bool) -> String {
    if secret || names_secret_on(path) || holds_secret(value) {
        return Redacted::Whole.to_string();
    }
    let json = to_json_compact(&Node::new(value.clone(), Origin::whole("".into())));
    if json.chars().count() > MAX_SHOWN_CHARS {
        let cut: String = json.chars().take(MAX_SHOWN_CHARS - 1).collect();
        format!("{cut}…")
    } else {
        json
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::KeyPattern;

    fn tree(text: &str) -> Node {
        crate::yaml::test_tree("v.yaml", text)
    }

    #[test]
    fn hides_every_kind_of_secret_and_counts_them() {
        let rules = SecretRules::new(vec![
            KeyPattern::parse("db.dsn").unwrap(),
            KeyPattern::parse("opaque.*").unwrap(),
        ]);
        let values = tree(
            "auth:\n  password: hunter2\n  rootPassword: \"\"\n  user: app\n\
             db:\n  dsn: mysql://a\n  url: https://u:p@h/x\n\
             env:\n  - name: DB_PASSWORD\n    value: pw\n  - name: MODE\n    value: prod\n\
             conf:\n  - key: MYSQL_PWD\n    value: pw2\n\
             opaque: {k: v}\n\
             hosts: {\"https://u:p@h\": 1, \"https://u:q@h\": 2}\n\
             jwts: {eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl: 1}\n\
             two: \"a://u:p@h b://v:q@h\"\n\
             tls: \"-----BEGIN EC PRIVATE KEY-----\\nabc\\n-----END EC PRIVATE KEY-----\"\n",
        );
        let masked = mask_node(&values, &KeyPath::root(), false, &rules);
        // Go's JSON: keys sorted, `<` and `>` escaped (read back here).
        let json = to_json_compact(&masked.node)
            .replace("\\u003c", "<")
            .replace("\\u003e", ">");
        assert_eq!(
            json,
            r#"{"auth":{"password":"<redacted> (7 bytes)","rootPassword":"","user":"app"},"conf":[{"key":"MYSQL_PWD","value":"<redacted> (3 bytes)"}],"db":{"dsn":"<redacted> (9 bytes)","url":"https://<redacted>@h/x"},"env":[{"name":"DB_PASSWORD","value":"<redacted> (2 bytes)"},{"name":"MODE","value":"prod"}],"hosts":{"https://<redacted>@h":1,"https://<redacted>@h (2)":2},"jwts":{"<redacted>":1},"opaque":{"k":"<redacted> (1 byte)"},"tls":"<redacted> (63 bytes)","two":"a://<redacted>@h b://<redacted>@h"}"#
        );
        assert_eq!(masked.hidden, 11);
        // Marks: one per hidden value, two in the string holding two URLs.
        assert_eq!(masked.tally.total(), 12);
        assert_eq!(masked.tally.entry(7), (0, &Tally::Leaf(2)));
        assert_eq!(masked.tally.entry(5).1.entry(0), (1, &Tally::Leaf(0)));
    }

    #[test]
    fn decides_how_a_value_is_shown() {
        let rules = SecretRules::default();
        let values = tree("password: abc\nempty: \"\"\nurl: https://u:p@h\n");
        let map = values.as_map().unwrap();
        let at = |k: &str| KeyPath::parse(k).unwrap();
        assert_eq!(
            hide(&map["password"], &at("password"), true, &rules, false),
            Hide::Whole {
                bytes: 3,
                kind: "string"
            }
        );
        assert_eq!(
            hide(&map["empty"], &at("empty"), true, &rules, false),
            Hide::Value(map["empty"].clone(), 0)
        );
        let Hide::Value(url, 1) = hide(&map["url"], &at("url"), false, &rules, false) else {
            panic!("one hidden")
        };
        assert_eq!(url.value, Value::String("https://<redacted>@h".into()));
        assert_eq!(
            hide(&map["password"], &at("password"), true, &rules, true),
            Hide::Value(map["password"].clone(), 0)
        );
    }

    #[test]
    fn a_pair_says_whether_a_secret_changed() {
        let old = tree("a: abc\nb: https://u:p@h\n");
        let new = tree("a: abcd\nb: https://u:q@h\n");
        let (o, n) = (old.as_map().unwrap(), new.as_map().unwrap());
        let text = |side: MaskedSide| match side.map(|(n, _)| n.value) {
            Some(Value::String(s)) => s,
            other => panic!("{other:?}"),
        };
        let (a, b) = mask_secret_pair(Some(&o["a"]), Some(&n["a"]));
        assert_eq!(text(a), "<redacted> (3 bytes)");
        assert_eq!(text(b), "<redacted> (changed, 3 → 4 bytes)");
        let (a, b) = mask_secret_pair(Some(&o["a"]), Some(&o["a"]));
        assert_eq!(text(a.clone()), text(b));
        let (a, b) = mask_string_pair(&o["b"], &n["b"]);
        assert_eq!(text(a), "https://<redacted>@h");
        assert_eq!(text(b), "https://<redacted>@h (credentials changed)");
        assert_eq!(
            credentials_changed(Some(&o["b"]), Some(&n["b"])),
            Some(true)
        );
        assert_eq!(credentials_changed(Some(&o["a"]), Some(&n["b"])), None);
    }

    #[test]
    fn shows_values_in_messages_but_never_secrets() {
        let s = |text: &str| Value::String(text.into());
        let path = |p: &str| KeyPath::parse(p).unwrap();
        let long = format!("\"{}…", "x".repeat(58));
        let rows: Vec<(Value, &str, &str)> = vec![
            (s("latest"), "image.tag", r#""latest""#),
            (Value::Float(1.0), "replicaCount", "1"),
            (s("hunter2"), "auth.password", "<redacted>"),
            (s("x"), "apiToken", "<redacted>"),
            (s("https://user:tok@example.com/x"), "url", "<redacted>"),
            (
                s("https://example.com/a@b"),
                "url",
                r#""https://example.com/a@b""#,
            ),
            (
                s("-----BEGIN RSA PRIVATE KEY-----\nabc"),
                "key",
                "<redacted>",
            ),
            (
                s("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc-_"),
                "header",
                "<redacted>",
            ),
            (s(&"x".repeat(100)), "long", &long),
        ];
        for (value, p, expected) in rows {
            assert_eq!(shown_value(&value, &path(p), false), expected, "{p}");
        }
        assert_eq!(shown_value(&s("x"), &path("pin"), true), "<redacted>");
    }

    #[test]
    fn keys_never_show_a_secret_and_stay_distinct() {
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl";
        assert_eq!(shown_key(jwt), "<redacted>");
        assert_eq!(shown_key("https://u:p@h"), "https://<redacted>@h");
        assert_eq!(shown_key("plain"), "plain");
        let mut map = Map::new();
        for key in ["<redacted>", "<redacted> (2)"] {
            map.insert(
                key.into(),
                Node::new(Value::Null, Origin::whole("t".into())),
            );
        }
        assert_eq!(distinct_key(&map, "<redacted>".into()), "<redacted> (3)");
        assert_eq!(distinct_key(&map, "a".into()), "a");
    }
}
