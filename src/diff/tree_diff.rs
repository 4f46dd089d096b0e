//! [`diff_trees`]: the semantic comparison of two value trees.
//!
//! Maps are compared key by key; lists element by element, matched by identity where their
//! elements have one (`list_identity`), by position otherwise; scalars by value, numbers by
//! numeric value (a `--set` integer equals the same float from a file). A value that exists
//! on one side only is added or removed as a whole; a removal caused by a `null` in the new
//! side's user values is a deletion by null, located at the `null`.
//!
//! The result still holds the real values ([`RawChange`]); `release_diff` hides secrets
//! before anything leaves the module.

use std::sync::Arc;

use crate::settings::ListKey;
use crate::values::{KeyPath, Node, Origin, Value};

use super::change::ChangeKind;
use super::diff_path::{DiffPath, Step};
use super::list_identity::{element_id, identity_field, match_by};
use crate::secrets::SecretRules;

/// What a comparison needs besides the trees.
#[derive(Clone, Copy, Debug)]
pub struct CompareRules<'a> {
    /// `diff.listKeys`.
    pub list_keys: &'a [ListKey],
    /// Which paths are secret.
    pub secrets: &'a SecretRules,
}

/// One side of a release: its effective values and the user values they came from (for
/// telling a deletion by `null` from a removal).
#[derive(Clone, Copy, Debug, Default)]
pub struct TreeSide<'a> {
    /// The effective values; `None` when the release does not exist on this side.
    pub values: Option<&'a Node>,
    /// The user values (overlays merged, nulls kept).
    pub user: Option<&'a Node>,
}

/// A difference with the real values, before secrets are hidden.
#[derive(Clone, Debug)]
pub(crate) struct RawChange {
    pub path: DiffPath,
    /// The key path on the side the change is read from (new, or old for a removal).
    pub key_path: KeyPath,
    pub kind: ChangeKind,
    pub old: Option<Node>,
    pub new: Option<Node>,
    pub old_origin: Option<Origin>,
    pub new_origin: Option<Origin>,
    /// True when the value's path makes it secret as a whole.
    pub secret: bool,
}

/// The kind of a value for comparison: numbers of either representation are one kind.
#[derive(PartialEq, Eq)]
enum Class {
    Null,
    Bool,
    Number,
    String,
    List,
    Map,
}

fn class(value: &Value) -> Class {
    match value {
        Value::Null => Class::Null,
        Value::Bool(_) => Class::Bool,
        Value::Int(_) | Value::Float(_) => Class::Number,
        Value::String(_) => Class::String,
        Value::List(_) => Class::List,
        Value::Map(_) => Class::Map,
    }
}

/// Returns where a `null` at `path` in `user` deleted a value, if one did.
fn null_at(user: Option<&Node>, path: &KeyPath) -> Option<Origin> {
    user?
        .get(path)
        .filter(|n| n.is_null())
        .map(|n| n.origin.clone())
}

struct Walker<'a> {
    rules: CompareRules<'a>,
    old_user: Option<&'a Node>,
    new_user: Option<&'a Node>,
    out: Vec<RawChange>,
}

/// Returns the differences between two sides, in the order of the trees (old keys in their
/// order, then added keys).
pub(crate) fn diff_trees(old: TreeSide, new: TreeSide, rules: CompareRules) -> Vec<RawChange> {
    let empty = Node::empty_map(Origin::whole(Arc::from("(none)")));
    let mut walker = Walker {
        rules,
        old_user: old.user,
        new_user: new.user,
        out: Vec::new(),
    };
    let root = KeyPath::root();
    walker.walk(
        old.values.unwrap_or(&empty),
        new.values.unwrap_or(&empty),
        &DiffPath::root(),
        (&root, &root),
        rules.secrets.root_is_secret(),
    );
    walker.out
}

impl Walker<'_> {
    fn push(
        &mut self,
        path: DiffPath,
        key_path: KeyPath,
        kind: ChangeKind,
        old: Option<&Node>,
        new: Option<&Node>,
        secret: bool,
    ) {
        self.out.push(RawChange {
            path,
            key_path,
            kind,
            old_origin: old.map(|n| n.origin.clone()),
            new_origin: new.map(|n| n.origin.clone()),
            old: old.cloned(),
            new: new.cloned(),
            secret,
        });
    }

    /// A value only the old side has: removed, or deleted by a `null` of the new side.
    fn removed(
        &mut self,
        path: DiffPath,
        old_kp: KeyPath,
        new_kp: &KeyPath,
        old: &Node,
        secret: bool,
    ) {
        match null_at(self.new_user, new_kp) {
            Some(null) => {
                self.push(
                    path,
                    old_kp,
                    ChangeKind::DeletedByNull,
                    Some(old),
                    None,
                    secret,
                );
                if let Some(last) = self.out.last_mut() {
                    last.new_origin = Some(null);
                }
            }
            None => self.push(path, old_kp, ChangeKind::Removed, Some(old), None, secret),
        }
    }

    /// A value only the new side has; if a `null` of the old side had deleted it, that is
    /// the old origin.
    fn added(
        &mut self,
        path: DiffPath,
        old_kp: &KeyPath,
        new_kp: KeyPath,
        new: &Node,
        secret: bool,
    ) {
        let deleted_at = null_at(self.old_user, old_kp);
        self.push(path, new_kp, ChangeKind::Added, None, Some(new), secret);
        if let Some(last) = self.out.last_mut() {
            last.old_origin = deleted_at;
        }
    }

    fn walk(
        &mut self,
        old: &Node,
        new: &Node,
        path: &DiffPath,
        kps: (&KeyPath, &KeyPath),
        secret: bool,
    ) {
        let (old_kp, new_kp) = kps;
        match (&old.value, &new.value) {
            (Value::Map(old_map), Value::Map(new_map)) => {
                for (key, old_child) in old_map {
                    let (child_old_kp, child_new_kp) =
                        (old_kp.child_key(key), new_kp.child_key(key));
                    let child_secret =
                        self.rules
                            .secrets
                            .key_is_secret(secret, old_map, key, &child_new_kp)
                            || self.rules.secrets.key_is_secret(
                                secret,
                                new_map,
                                key,
                                &child_new_kp,
                            );
                    let child_path = path.child(Step::Key(key.to_string()));
                    match new_map.get(key) {
                        Some(new_child) => self.walk(
                            old_child,
                            new_child,
                            &child_path,
                            (&child_old_kp, &child_new_kp),
                            child_secret,
                        ),
                        None => self.removed(
                            child_path,
                            child_old_kp,
                            &child_new_kp,
                            old_child,
                            child_secret,
                        ),
                    }
                }
                for (key, new_child) in new_map {
                    if old_map.contains_key(key) {
                        continue;
                    }
                    let child_new_kp = new_kp.child_key(key);
                    let child_secret =
                        self.rules
                            .secrets
                            .key_is_secret(secret, new_map, key, &child_new_kp);
                    self.added(
                        path.child(Step::Key(key.to_string())),
                        &old_kp.child_key(key),
                        child_new_kp,
                        new_child,
                        child_secret,
                    );
                }
            }
            (Value::List(old_items), Value::List(new_items)) => {
                self.walk_list(old, new, old_items, new_items, path, kps, secret)
            }
            (a, b) if class(a) == class(b) => {
                if !a.helm_eq(b) {
                    self.push(
                        path.clone(),
                        new_kp.clone(),
                        ChangeKind::Changed,
                        Some(old),
                        Some(new),
                        secret,
                    );
                }
            }
            _ => self.push(
                path.clone(),
                new_kp.clone(),
                ChangeKind::TypeChanged,
                Some(old),
                Some(new),
                secret,
            ),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn walk_list(
        &mut self,
        old: &Node,
        new: &Node,
        old_items: &[Node],
        new_items: &[Node],
        path: &DiffPath,
        (old_kp, new_kp): (&KeyPath, &KeyPath),
        secret: bool,
    ) {
        let secrets = self.rules.secrets;
        let Some(field) = identity_field(
            new_kp,
            &[old_items, new_items],
            self.rules.list_keys,
            (secrets, secret),
        ) else {
            for i in 0..old_items.len().max(new_items.len()) {
                let (child_old_kp, child_new_kp) = (old_kp.child_index(i), new_kp.child_index(i));
                let child_secret = secrets.element_is_secret(secret, &child_new_kp);
                let child_path = path.child(Step::Index(i));
                match (old_items.get(i), new_items.get(i)) {
                    (Some(o), Some(n)) => self.walk(
                        o,
                        n,
                        &child_path,
                        (&child_old_kp, &child_new_kp),
                        child_secret,
                    ),
                    (Some(o), None) => {
                        self.removed(child_path, child_old_kp, &child_new_kp, o, child_secret)
                    }
                    (None, Some(n)) => {
                        self.added(child_path, &child_old_kp, child_new_kp, n, child_secret)
                    }
                    (None, None) => {}
                }
            }
            return;
        };
        let matching = match_by(&field, old_items, new_items);
        let step = |item: &Node, index: usize| Step::Element {
            field: field.clone(),
            id: element_id(item, &field).unwrap_or_default(),
            index,
        };
        if matching.reordered {
            let ids = |items: &[Node], indices: &mut dyn Iterator<Item = usize>| {
                let list = indices
                    .map(|i| {
                        let id = element_id(&items[i], &field).unwrap_or_default();
                        Node::new(Value::String(id.into()), items[i].origin.clone())
                    })
                    .collect();
                Value::List(list)
            };
            let mut old_order: Vec<usize> = matching.pairs.iter().map(|&(i, _)| i).collect();
            old_order.sort_unstable();
            let old_ids = Node::new(
                ids(old_items, &mut old_order.into_iter()),
                old.origin.clone(),
            );
            let new_ids = Node::new(
                ids(new_items, &mut matching.pairs.iter().map(|&(_, j)| j)),
                new.origin.clone(),
            );
            // Identities are only chosen outside secrets, so the list's own mark is `false`
            // here; passing it on keeps a future caller from printing a secret list's ids.
            self.push(
                path.clone(),
                new_kp.clone(),
                ChangeKind::Reordered,
                Some(&old_ids),
                Some(&new_ids),
                secret,
            );
        }
        for &(i, j) in &matching.pairs {
            let (child_old_kp, child_new_kp) = (old_kp.child_index(i), new_kp.child_index(j));
            let child_secret = secrets.element_is_secret(secret, &child_new_kp);
            self.walk(
                &old_items[i],
                &new_items[j],
                &path.child(step(&new_items[j], j)),
                (&child_old_kp, &child_new_kp),
                child_secret,
            );
        }
        for &i in &matching.removed {
            let child_old_kp = old_kp.child_index(i);
            let child_secret = secrets.element_is_secret(secret, &child_old_kp);
            // An element has no key a `null` could delete it by: never a deletion by null.
            self.push(
                path.child(step(&old_items[i], i)),
                child_old_kp,
                ChangeKind::Removed,
                Some(&old_items[i]),
                None,
                child_secret,
            );
        }
        for &j in &matching.added {
            let child_new_kp = new_kp.child_index(j);
            let child_secret = secrets.element_is_secret(secret, &child_new_kp);
            self.push(
                path.child(step(&new_items[j], j)),
                child_new_kp,
                ChangeKind::Added,
                None,
                Some(&new_items[j]),
                child_secret,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::{to_json_compact, KeyPattern};
    use crate::yaml::test_tree as tree;

    fn show(node: &Option<Node>) -> String {
        node.as_ref().map_or("-".to_string(), to_json_compact)
    }

    fn origin(o: &Option<Origin>) -> String {
        o.as_ref().map_or("-".to_string(), |o| o.to_string())
    }

    /// Compares `old` and `new` (the new side's user values are `new_user`) and writes one
    /// line per change: `kind path old new old-origin new-origin`.
    fn run(old: &str, new: &str, new_user: &str, list_keys: &[ListKey]) -> Vec<String> {
        let (old, new, new_user) = (
            tree("a.yaml", old),
            tree("b.yaml", new),
            tree("u.yaml", new_user),
        );
        let secrets = SecretRules::default();
        let rules = CompareRules {
            list_keys,
            secrets: &secrets,
        };
        diff_trees(
            TreeSide {
                values: Some(&old),
                user: None,
            },
            TreeSide {
                values: Some(&new),
                user: Some(&new_user),
            },
            rules,
        )
        .iter()
        .map(|c| {
            format!(
                "{} {} {} {} {} {}",
                c.kind.as_str(),
                c.path,
                show(&c.old),
                show(&c.new),
                origin(&c.old_origin),
                origin(&c.new_origin)
            )
        })
        .collect()
    }

    #[test]
    fn compares_as_the_table_says() {
        // (description, old, new, new user values, expected changes)
        let rows: &[(&str, &str, &str, &str, &[&str])] = &[
            ("equal trees", "a: 1\nb: [x]\n", "a: 1\nb: [x]\n", "", &[]),
            (
                "a changed scalar",
                "a: 1\n",
                "a: 2\n",
                "",
                &["changed a 1 2 a.yaml:1:4 b.yaml:1:4"],
            ),
            (
                "added and removed keys",
                "a: 1\n",
                "b: 2\n",
                "",
                &["removed a 1 - a.yaml:1:4 -", "added b - 2 - b.yaml:1:4"],
            ),
            (
                "a null deletes",
                "a: 1\nb: 2\n",
                "b: 2\n",
                "a: null\n",
                &["deleted-by-null a 1 - a.yaml:1:4 u.yaml:1:4"],
            ),
            (
                "a type change",
                "a: \"1\"\n",
                "a: 1\n",
                "",
                &["type-changed a \"1\" 1 a.yaml:1:4 b.yaml:1:4"],
            ),
            (
                "a map became a list",
                "a: {x: 1}\n",
                "a: [1]\n",
                "",
                &["type-changed a {\"x\":1} [1] a.yaml:1:4 b.yaml:1:4"],
            ),
            (
                "nested keys",
                "a:\n  b:\n    c: 1\n",
                "a:\n  b:\n    c: 2\n",
                "",
                &["changed a.b.c 1 2 a.yaml:3:8 b.yaml:3:8"],
            ),
            (
                "scalar lists by position",
                "p: [80, 443]\n",
                "p: [443]\n",
                "",
                &[
                    "changed p[0] 80 443 a.yaml:1:5 b.yaml:1:5",
                    "removed p[1] 443 - a.yaml:1:9 -",
                ],
            ),
            (
                "a reordered list of named elements",
                "c:\n- name: a\n  image: x\n- name: b\n  image: q\n",
                "c:\n- name: b\n  image: q\n- name: a\n  image: x\n",
                "",
                &["reordered c [\"a\",\"b\"] [\"b\",\"a\"] a.yaml:2:3 b.yaml:2:3"],
            ),
            (
                "a changed element is named",
                "c:\n- name: a\n  image: x\n- name: b\n  image: q\n",
                "c:\n- name: b\n  image: z\n- name: a\n  image: x\n",
                "",
                &[
                    "reordered c [\"a\",\"b\"] [\"b\",\"a\"] a.yaml:2:3 b.yaml:2:3",
                    "changed c[name=b].image \"q\" \"z\" a.yaml:5:10 b.yaml:3:10",
                ],
            ),
            (
                "elements added and removed by name",
                "c:\n- name: a\n- name: b\n",
                "c:\n- name: a\n- name: c\n",
                "",
                &[
                    "removed c[name=b] {\"name\":\"b\"} - a.yaml:3:3 -",
                    "added c[name=c] - {\"name\":\"c\"} - b.yaml:3:3",
                ],
            ),
            (
                "a list under a secret key is compared by position, its ids never shown",
                "apiTokens:\n- id: tok_live_A\n  v: 1\n- id: tok_live_B\n  v: 2\n",
                "apiTokens:\n- id: tok_live_B\n  v: 2\n- id: tok_live_A\n  v: 3\n",
                "",
                &[
                    "changed apiTokens[0].id \"tok_live_A\" \"tok_live_B\" a.yaml:2:7 b.yaml:2:7",
                    "changed apiTokens[0].v 1 2 a.yaml:3:6 b.yaml:3:6",
                    "changed apiTokens[1].id \"tok_live_B\" \"tok_live_A\" a.yaml:4:7 b.yaml:4:7",
                    "changed apiTokens[1].v 2 3 a.yaml:5:6 b.yaml:5:6",
                ],
            ),
            (
                "int and float are one number",
                "a: 1\n",
                "a: 1.0\n",
                "",
                &[],
            ),
            (
                "null to a value",
                "a: null\n",
                "a: 1\n",
                "",
                &["type-changed a null 1 a.yaml:1:4 b.yaml:1:4"],
            ),
        ];
        for (description, old, new, user, expected) in rows {
            assert_eq!(&run(old, new, user, &[]), expected, "{description}");
        }
    }

    #[test]
    fn list_keys_name_the_identifying_field() {
        let rule = ListKey {
            path: KeyPattern::parse("ports").unwrap(),
            field: "port".into(),
        };
        let got = run(
            "ports:\n- port: 80\n  proto: TCP\n- port: 53\n  proto: UDP\n",
            "ports:\n- port: 53\n  proto: TCP\n- port: 80\n  proto: TCP\n",
            "",
            &[rule],
        );
        assert_eq!(
            got,
            [
                "reordered ports [\"80\",\"53\"] [\"53\",\"80\"] a.yaml:2:3 b.yaml:2:3",
                "changed ports[port=53].proto \"UDP\" \"TCP\" a.yaml:5:10 b.yaml:3:10"
            ]
        );
    }

    #[test]
    fn marks_secret_paths() {
        let (old, new) = (
            tree("a.yaml", "db:\n  password: a\n  host: h\n"),
            tree("b.yaml", "db:\n  password: b\n  host: i\n"),
        );
        let secrets = SecretRules::default();
        let changes = diff_trees(
            TreeSide {
                values: Some(&old),
                user: None,
            },
            TreeSide {
                values: Some(&new),
                user: None,
            },
            CompareRules {
                list_keys: &[],
                secrets: &secrets,
            },
        );
        let marks: Vec<(String, bool)> = changes
            .iter()
            .map(|c| (c.path.to_string(), c.secret))
            .collect();
        assert_eq!(
            marks,
            [
                ("db.password".to_string(), true),
                ("db.host".to_string(), false)
            ]
        );
    }
}
