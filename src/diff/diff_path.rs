//! [`DiffPath`]: where a change is, with list elements named by their identity
//! (`containers[name=web].image`) where they have one.

use std::fmt;

use crate::secrets::shown_key;
use crate::values::{KeyPath, Segment};

/// One step of a [`DiffPath`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// A map key.
    Key(String),
    /// A list element matched by position.
    Index(usize),
    /// A list element matched by an identifying field (`name`, `key`, `id`, or
    /// `diff.listKeys`): `[name=web]`. `index` is its position on the side the change is
    /// read from (the new side, or the old one for a removal).
    Element {
        /// The identifying field.
        field: String,
        /// The field's value, as text.
        id: String,
        /// The element's position.
        index: usize,
    },
}

/// Where a change is: map keys, list positions and list elements named by identity.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DiffPath {
    steps: Vec<Step>,
}

impl DiffPath {
    /// Returns the path of the whole tree.
    pub fn root() -> DiffPath {
        DiffPath::default()
    }

    /// Returns the steps, root first.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// Returns true for the whole tree.
    pub fn is_root(&self) -> bool {
        self.steps.is_empty()
    }

    /// Returns this path extended by `step`.
    pub fn child(&self, step: Step) -> DiffPath {
        let mut steps = self.steps.clone();
        steps.push(step);
        DiffPath { steps }
    }

    /// Returns the plain key path (elements by position), which `strata.yaml`'s patterns
    /// are matched against.
    pub fn key_path(&self) -> KeyPath {
        KeyPath::from_segments(
            self.steps
                .iter()
                .map(|step| match step {
                    Step::Key(k) => Segment::Key(k.clone()),
                    Step::Index(i) | Step::Element { index: i, .. } => Segment::Index(*i),
                })
                .collect(),
        )
    }
}

/// Writes `text` with `special` characters backslash-escaped and control characters shown
/// as `\u001b`, so a path printed to a terminal is one visible line.
fn write_escaped(f: &mut fmt::Formatter<'_>, text: &str, special: &[char]) -> fmt::Result {
    for c in shown_key(text).chars() {
        if c.is_control() || super::describe::is_invisible_format(c) {
            write!(f, "\\u{:04x}", c as u32)?;
        } else {
            if special.contains(&c) {
                f.write_str("\\")?;
            }
            write!(f, "{c}")?;
        }
    }
    Ok(())
}

impl fmt::Display for DiffPath {
    /// Writes `a.b[0].c[name=web]`; keys holding `.`, `[`, `]` or `\` are escaped as
    /// [`KeyPath`] escapes them. The root is written `(root)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.steps.is_empty() {
            return f.write_str("(root)");
        }
        for (i, step) in self.steps.iter().enumerate() {
            match step {
                Step::Key(k) => {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    write_escaped(f, k, &['.', '[', ']', '\\'])?;
                }
                Step::Index(n) => write!(f, "[{n}]")?,
                Step::Element { field, id, .. } => {
                    f.write_str("[")?;
                    write_escaped(f, field, &['=', ']', '\\'])?;
                    f.write_str("=")?;
                    write_escaped(f, id, &[']', '\\'])?;
                    f.write_str("]")?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_elements_by_identity_and_maps_them_to_positions() {
        let path = DiffPath::root()
            .child(Step::Key("spec".into()))
            .child(Step::Element {
                field: "name".into(),
                id: "web]1".into(),
                index: 2,
            })
            .child(Step::Key("a.b".into()))
            .child(Step::Index(0));
        assert_eq!(path.to_string(), "spec[name=web\\]1].a\\.b[0]");
        assert_eq!(path.key_path().to_string(), "spec[2].a\\.b[0]");
        assert_eq!(DiffPath::root().to_string(), "(root)");
        let evil = DiffPath::root().child(Step::Key("a\u{1b}[31m".into()));
        assert_eq!(evil.to_string(), "a\\u001b\\[31m");
        let url = DiffPath::root().child(Step::Key("https://u:p@h".into()));
        assert_eq!(url.to_string(), "https://<redacted>@h");
    }

    #[test]
    fn keys_and_identities_never_show_a_secret() {
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl";
        let pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----";
        let path = DiffPath::root()
            .child(Step::Key(jwt.into()))
            .child(Step::Element {
                field: "name".into(),
                id: pem.into(),
                index: 0,
            })
            .child(Step::Key("postgres://u:p/w@db/app".into()));
        assert_eq!(
            path.to_string(),
            "<redacted>[name=<redacted>].postgres://<redacted>@db/app"
        );
    }
}
