//! The `overrode` history of a value: which earlier values it replaced, oldest first.
//!
//! Helm runs its merge several times over the same values (to evaluate conditions, to
//! pre-merge subchart defaults into the parent, and for the final values), so the same
//! replacement can be seen more than once; the history keeps each origin once.

use crate::values::{Origin, Origins};

/// Returns the history of a value (written at `winner`, having already replaced
/// `winner_history`) after it also replaced a value written at `loser` with history
/// `loser_history`.
///
/// The loser's history comes first, then the loser itself, then what the winner had
/// replaced before; an origin already listed, or equal to the winner's own, is not
/// repeated.
pub(crate) fn merge_history(
    winner: &Origin,
    winner_history: &[Origin],
    loser: &Origin,
    loser_history: &[Origin],
) -> Origins {
    let mut merged: Vec<Origin> =
        Vec::with_capacity(loser_history.len() + 1 + winner_history.len());
    for origin in loser_history
        .iter()
        .chain(std::iter::once(loser))
        .chain(winner_history)
    {
        if origin != winner && !merged.contains(origin) {
            merged.push(origin.clone());
        }
    }
    merged.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(source: &str) -> Origin {
        Origin::whole(source.into())
    }

    #[test]
    fn puts_older_history_first_and_keeps_each_origin_once() {
        /// (winner, winner history, loser, loser history, expected history)
        type Row<'a> = (
            &'a str,
            &'a [&'a str],
            &'a str,
            &'a [&'a str],
            &'a [&'a str],
        );
        let rows: &[Row] = &[
            ("user", &[], "default", &[], &["default"]),
            (
                "b.yaml",
                &["a.yaml"],
                "default",
                &["sub"],
                &["sub", "default", "a.yaml"],
            ),
            ("user", &["default"], "default", &[], &["default"]),
            ("same", &[], "same", &["older"], &["older"]),
        ];
        for (winner, winner_history, loser, loser_history, expected) in rows {
            let got = merge_history(
                &at(winner),
                &winner_history.iter().map(|s| at(s)).collect::<Vec<_>>(),
                &at(loser),
                &loser_history.iter().map(|s| at(s)).collect::<Vec<_>>(),
            );
            let got: Vec<String> = got.iter().map(|o| o.to_string()).collect();
            assert_eq!(got, *expected, "winner {winner}, loser {loser}");
        }
    }
}
