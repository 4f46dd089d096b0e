//! [`Memo`]: answers a thread has already worked out for a text, for the checks run on every
//! key and string of every tree compared or masked, where the same names and short values
//! come back in every release.

use std::cell::RefCell;
use std::collections::HashMap;

/// How many answers a memo holds before it starts again (bounded memory).
const REMEMBERED: usize = 65_536;

/// The answers of one check, by the text checked.
pub(super) struct Memo<T> {
    answers: RefCell<HashMap<Box<str>, T, ahash::RandomState>>,
}

impl<T: Clone> Memo<T> {
    /// Returns an empty memo.
    pub(super) fn new() -> Memo<T> {
        Memo {
            answers: RefCell::new(HashMap::default()),
        }
    }

    /// Returns the answer for `text`, worked out by `work` the first time.
    pub(super) fn answer(&self, text: &str, work: impl FnOnce(&str) -> T) -> T {
        if let Some(known) = self.answers.borrow().get(text) {
            return known.clone();
        }
        let answer = work(text);
        let mut answers = self.answers.borrow_mut();
        if answers.len() >= REMEMBERED {
            answers.clear();
        }
        answers.insert(text.into(), answer.clone());
        answer
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn works_an_answer_out_once_and_forgets_past_its_bound() {
        let memo = Memo::new();
        let calls = std::cell::Cell::new(0);
        let work = |t: &str| {
            calls.set(calls.get() + 1);
            t.len()
        };
        assert_eq!(memo.answer("abc", work), 3);
        assert_eq!(memo.answer("abc", work), 3);
        assert_eq!(calls.get(), 1);
        for i in 0..REMEMBERED {
            memo.answer(&i.to_string(), work);
        }
        assert!(memo.answers.borrow().len() <= REMEMBERED);
    }
}
