//! [`Origins`]: the origins a value replaced when layers were merged, held in one pointer.
//!
//! Nearly every node of a tree has replaced nothing, so the list is usually empty; an empty
//! `Vec` still takes three words in every node. This one takes one word and allocates only
//! when the first origin is added. It dereferences to a slice of [`Origin`]s.

use std::fmt;
use std::ops::Deref;

use super::origin::Origin;

/// A list of origins, oldest first; empty without an allocation.
#[derive(Clone, Default, PartialEq, Eq)]
// The box is the point: one word in every node instead of a `Vec`'s three.
#[allow(clippy::box_collection)]
pub struct Origins(Option<Box<Vec<Origin>>>);

impl Origins {
    /// Returns an empty list.
    pub fn new() -> Self {
        Origins(None)
    }

    /// Adds `origin` at the end.
    pub fn push(&mut self, origin: Origin) {
        self.0.get_or_insert_with(Box::default).push(origin);
    }

    /// Moves every origin of `other` to the end of this list, leaving `other` empty.
    pub fn append(&mut self, other: &mut Origins) {
        if let Some(mut theirs) = other.0.take() {
            match &mut self.0 {
                Some(ours) => ours.append(&mut theirs),
                None => self.0 = Some(theirs),
            }
        }
    }
}

impl Deref for Origins {
    type Target = [Origin];

    fn deref(&self) -> &[Origin] {
        self.0.as_deref().map_or(&[], Vec::as_slice)
    }
}

impl From<Vec<Origin>> for Origins {
    fn from(origins: Vec<Origin>) -> Self {
        Origins((!origins.is_empty()).then(|| Box::new(origins)))
    }
}

impl PartialEq<Vec<Origin>> for Origins {
    fn eq(&self, other: &Vec<Origin>) -> bool {
        **self == **other
    }
}

impl fmt::Debug for Origins {
    /// Formats as a list, like the `Vec` it stands for.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'a> IntoIterator for &'a Origins {
    type Item = &'a Origin;
    type IntoIter = std::slice::Iter<'a, Origin>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(source: &str) -> Origin {
        Origin::whole(source.into())
    }

    #[test]
    fn is_one_pointer_and_compares_as_a_list() {
        assert_eq!(std::mem::size_of::<Origins>(), std::mem::size_of::<usize>());
        let mut list = Origins::new();
        assert!(list.is_empty());
        assert_eq!(list, Origins::from(Vec::new()));
        list.push(at("a"));
        let mut more = Origins::from(vec![at("b"), at("c")]);
        list.append(&mut more);
        assert!(more.is_empty());
        assert_eq!(list, vec![at("a"), at("b"), at("c")]);
        assert_eq!(
            format!("{list:?}"),
            format!("{:?}", vec![at("a"), at("b"), at("c")])
        );
    }
}
