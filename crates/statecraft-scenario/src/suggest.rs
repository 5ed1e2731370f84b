//! "Did you mean": the known name nearest to one that is not known, for every hint of the
//! project (scenario fields and ids, `--set` paths, shipped scenario names, game fields).

/// Names longer than this get no suggestion: no name of the model comes near it, and the edit
/// distance costs the product of the two lengths.
pub const MAX_SUGGESTIBLE: usize = 64;

/// The candidate nearest to `found`: one it abbreviates (`loosen` for `loosen_ceiling`), else
/// the nearest by edit distance if near enough to be a likely typo.
pub fn closest<'a>(found: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let length = found.chars().count();
    if length > MAX_SUGGESTIBLE {
        return None;
    }
    let lower = found.to_lowercase();
    let abbreviated =
        candidates.iter().filter(|c| length >= 3 && c.to_lowercase().starts_with(&lower)).min_by_key(|c| c.len());
    if let Some(c) = abbreviated {
        return Some(c);
    }
    candidates
        .iter()
        .filter(|c| c.chars().count() <= 2 * MAX_SUGGESTIBLE)
        .map(|c| (edit_distance(&lower, &c.to_lowercase()), *c))
        .filter(|(d, c)| *d <= (c.len().max(found.len()) / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Optimal-string-alignment distance: insertions, deletions and substitutions of characters,
/// with a swap of neighbours counting as one edit. Costs `a.len() × b.len()`: callers bound
/// the lengths (see [`MAX_SUGGESTIBLE`]).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    // Three rows of the table: two rows back (for swaps), the last one, the current one.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut last: Vec<usize> = (0..=b.len()).collect();
    let mut row: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        row[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            row[j] = (last[j] + 1).min(row[j - 1] + 1).min(last[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(before[j - 2] + 1);
            }
        }
        std::mem::swap(&mut before, &mut last);
        std::mem::swap(&mut last, &mut row);
    }
    last[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_are_the_known_answers() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("flaw", "lawn"), 2);
        // A swap of neighbours is one edit (Levenshtein would say two).
        assert_eq!(edit_distance("Logti", "Logit"), 1);
        assert_eq!(edit_distance("ca", "abc"), 3, "optimal string alignment does not edit a swapped pair again");
        assert_eq!(edit_distance("é", "e"), 1, "characters, not bytes");
    }

    #[test]
    fn distance_is_symmetric() {
        let words = ["share", "shares", "hsare", "ceiling", "", "us_admin", "usadmin"];
        for a in words {
            for b in words {
                assert_eq!(edit_distance(a, b), edit_distance(b, a), "{a} / {b}");
            }
        }
    }

    #[test]
    fn closest_only_suggests_near_names() {
        assert_eq!(closest("shar", &["share", "ceiling"]), Some("share"));
        assert_eq!(closest("xyz", &["share", "ceiling"]), None);
        assert_eq!(closest("loosen", &["hold", "loosen_ceiling"]), Some("loosen_ceiling"));
        assert_eq!(closest("Logti", &["Logit", "Fixed"]), Some("Logit"));
    }

    #[test]
    fn names_too_long_to_be_typos_get_no_suggestion() {
        let long = "s".repeat(3_000_000);
        assert_eq!(closest(&long, &["share", "ssssss"]), None);
        let (near, known) = (format!("{}x", "a".repeat(MAX_SUGGESTIBLE - 1)), "a".repeat(MAX_SUGGESTIBLE));
        assert_eq!(closest(&near, &[known.as_str()]), Some(known.as_str()), "the longest suggestible name");
    }
}
