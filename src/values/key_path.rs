//! [`KeyPath`]: the address of a value in a tree, as map keys and list indices.

use super::path_query::QueryStep;
use std::fmt;

/// One step of a [`KeyPath`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Segment {
    /// A map key.
    Key(String),
    /// A list index.
    Index(usize),
}

/// The address of a value: `image.tag`, `containers[0].name`.
///
/// Written with `.` between keys and `[N]` for indices; a key that contains `.`, `[`, `]` or
/// `\` is written with backslash escapes (`annotations.prometheus\.io/scrape`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyPath {
    segments: Vec<Segment>,
}

/// A dotted path that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyPathError {
    /// The path is empty or has an empty key (`a..b`, `.a`).
    #[error("key path {path:?} has an empty key at character {at}")]
    EmptyKey { path: String, at: usize },
    /// An index is not a non-negative integer or is not closed.
    #[error("key path {path:?} has a bad index at character {at}")]
    BadIndex { path: String, at: usize },
    /// A list element named by identity (`env[name=MODE]`) is not in the list.
    #[error("no element of {list} has {field} = {id:?}")]
    NoElement {
        list: String,
        field: String,
        id: String,
    },
}

impl KeyPath {
    /// Returns the empty path (the root).
    pub fn root() -> Self {
        KeyPath::default()
    }

    /// Returns a path made of `segments`.
    pub fn from_segments(segments: Vec<Segment>) -> Self {
        KeyPath { segments }
    }

    /// Returns a path of map keys.
    pub fn from_keys<S: Into<String>>(keys: impl IntoIterator<Item = S>) -> Self {
        KeyPath {
            segments: keys.into_iter().map(|k| Segment::Key(k.into())).collect(),
        }
    }

    /// Returns the segments, root first.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// Returns true for the root path.
    pub fn is_root(&self) -> bool {
        self.segments.is_empty()
    }

    /// Returns this path extended by a map key.
    pub fn child_key(&self, key: &str) -> KeyPath {
        let mut segments = self.segments.clone();
        segments.push(Segment::Key(key.to_string()));
        KeyPath { segments }
    }

    /// Returns this path extended by a list index.
    pub fn child_index(&self, index: usize) -> KeyPath {
        let mut segments = self.segments.clone();
        segments.push(Segment::Index(index));
        KeyPath { segments }
    }

    /// Appends a segment in place.
    pub fn push(&mut self, segment: Segment) {
        self.segments.push(segment);
    }

    /// Removes the last segment.
    pub fn pop(&mut self) -> Option<Segment> {
        self.segments.pop()
    }

    /// Reads a dotted path (`a.b[0].c`, `a\.b`): a [`PathQuery`](super::PathQuery) without
    /// elements named by identity (`[name=x]` is a bad index here).
    pub fn parse(text: &str) -> Result<KeyPath, KeyPathError> {
        let segments = super::path_query::parse_steps(text)?
            .into_iter()
            .map(|(at, step)| match step {
                QueryStep::Key(key) => Ok(Segment::Key(key)),
                QueryStep::Index(index) => Ok(Segment::Index(index)),
                QueryStep::Element { .. } => Err(KeyPathError::BadIndex {
                    path: text.to_string(),
                    at,
                }),
            })
            .collect::<Result<_, _>>()?;
        Ok(KeyPath { segments })
    }
}

impl fmt::Display for KeyPath {
    /// Writes the dotted form that [`KeyPath::parse`] reads back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.segments.iter().enumerate() {
            match seg {
                Segment::Key(k) => {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    for c in k.chars() {
                        if matches!(c, '.' | '[' | ']' | '\\') {
                            f.write_str("\\")?;
                        }
                        write!(f, "{c}")?;
                    }
                }
                Segment::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_round_trip() {
        for text in ["a", "a.b", "a[0].b", "a[0][1]", "a\\.b.c", "image.tag"] {
            let path = KeyPath::parse(text).unwrap();
            assert_eq!(path.to_string(), text);
        }
        assert_eq!(
            KeyPath::parse("a[2].b").unwrap().segments(),
            &[
                Segment::Key("a".into()),
                Segment::Index(2),
                Segment::Key("b".into())
            ]
        );
    }

    #[test]
    fn rejects_empty_keys_and_bad_indices() {
        for text in ["", ".a", "a..b", "a.", "a[x]", "a[1"] {
            assert!(KeyPath::parse(text).is_err(), "{text:?} should not parse");
        }
    }
}
