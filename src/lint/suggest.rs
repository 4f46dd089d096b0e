//! [`suggest`]: the "did you mean" of an unknown key: the closest sibling key by edit
//! distance (Damerau-Levenshtein, optimal string alignment: a swap of two neighbours counts
//! one, so `imgae` is one edit from `image`).

/// Returns the candidate closest to `key`, if one is close enough to be a likely typo: at
/// most 2 edits, or 1 for keys of 4 characters or fewer (where 2 edits make most keys
/// alike). Letter case is ignored while measuring, so `replicacount` finds `replicaCount`.
/// Ties go to the earliest candidate, so the answer is stable.
pub fn suggest<'a>(key: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let key: Vec<char> = key.chars().flat_map(char::to_lowercase).collect();
    let limit = if key.len() <= 4 { 1 } else { 2 };
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let lowered: Vec<char> = candidate.chars().flat_map(char::to_lowercase).collect();
        if lowered.len().abs_diff(key.len()) > limit {
            continue;
        }
        let distance = edit_distance(&key, &lowered);
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// The optimal string alignment distance: insertions, deletions, substitutions and swaps of
/// adjacent characters, each counting one.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let width = b.len() + 1;
    // Three rows: two back (for swaps), one back, and the current one.
    let mut before: Vec<usize> = vec![0; width];
    let mut previous: Vec<usize> = (0..width).collect();
    let mut current: Vec<usize> = vec![0; width];
    for i in 1..=a.len() {
        current[0] = i;
        for j in 1..width {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            current[j] = d;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_edits_with_swaps_counting_one() {
        let rows: &[(&str, &str, usize)] = &[
            ("image", "image", 0),
            ("imgae", "image", 1),
            ("imag", "image", 1),
            ("imagee", "image", 1),
            ("imabe", "image", 1),
            ("replcias", "replicas", 1),
            ("ca", "abc", 3),
            ("", "abc", 3),
            ("service", "servcie", 1),
            ("kitten", "sitting", 3),
        ];
        for (a, b, expected) in rows {
            let a: Vec<char> = a.chars().collect();
            let b: Vec<char> = b.chars().collect();
            assert_eq!(edit_distance(&a, &b), *expected, "{a:?} {b:?}");
        }
    }

    #[test]
    fn suggests_the_closest_sibling_within_reach() {
        let siblings = ["replicaCount", "image", "service", "ingress", "env", "tag"];
        let rows: &[(&str, Option<&str>)] = &[
            ("imgae", Some("image")),
            ("replicacount", Some("replicaCount")),
            ("replicaCont", Some("replicaCount")),
            ("ingres", Some("ingress")),
            ("srevice", Some("service")),
            ("evn", Some("env")),
            ("tga", Some("tag")),
            // short keys: one edit at most
            ("tg", Some("tag")),
            ("ev", Some("env")),
            ("xy", None),
            ("imagePullPolicy", None),
            ("debug", None),
        ];
        for (key, expected) in rows {
            assert_eq!(suggest(key, siblings), *expected, "{key}");
        }
    }
}
