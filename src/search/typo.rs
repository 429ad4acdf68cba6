//! Bounded edit distance for typo repair: one slip (a letter missing, doubled, swapped or
//! wrong) for words of 4 to 7 letters, two from 8, never for 1 to 3. Measured against a
//! word or any of its beginnings, so a slip in a half-typed word is repaired too.

/// Edits allowed for a typed word of `letters` letters (None: too short to repair).
pub(super) fn allowed(letters: usize) -> Option<usize> {
    match letters {
        0..=3 => None,
        4..=7 => Some(1),
        _ => Some(2),
    }
}

/// The least number of edits (insert, delete, substitute, swap of neighbours) that turns
/// `typed` into `word` or into a beginning of it, when at most `max`; None beyond.
pub(super) fn prefix_distance<T: PartialEq + Copy>(typed: &[T], word: &[T], max: usize) -> Option<usize> {
    let m = typed.len();
    // A beginning of the word longer than m + max cannot be within reach.
    let n = word.len().min(m + max);
    if word.len() + max < m {
        return None;
    }
    let word = word.get(..n).unwrap_or(word);
    // Rows over the typed letters, columns over the word's letters (0..=n).
    let mut prev2: Vec<usize> = vec![usize::MAX / 2; n + 1];
    let mut prev: Vec<usize> = (0..=n).collect();
    let mut cur: Vec<usize> = vec![0; n + 1];
    // The letter typed before this one (row i - 1), for a swap of neighbours.
    let mut before: Option<T> = None;
    for (i, &t) in (1..).zip(typed) {
        let (first, rest) = cur.split_first_mut()?;
        *first = i;
        let mut row_min = i;
        // Column j from 1 to n: cur[j - 1] is `left`, prev[j - 1] and prev[j] are the
        // window, prev2[j - 2] (none for j = 1) and word[j - 2] are what came before.
        let mut left = i;
        let mut w_before: Option<T> = None;
        let diag2 = std::iter::once(None).chain(prev2.iter().map(Some));
        for (((slot, &w), pair), d2) in rest.iter_mut().zip(word).zip(prev.windows(2)).zip(diag2) {
            let &[diag, up] = pair else { break };
            let mut d = (diag + usize::from(t != w)).min(up + 1).min(left + 1);
            if let (Some(tb), Some(wb), Some(&d2)) = (before, w_before, d2)
                && t == wb
                && tb == w
            {
                d = d.min(d2 + 1);
            }
            *slot = d;
            left = d;
            row_min = row_min.min(d);
            w_before = Some(w);
        }
        before = Some(t);
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    // `prev` is the last row: the typed word against every beginning of the word. A
    // beginning must keep at least m - max letters.
    let best = prev
        .iter()
        .enumerate()
        .filter(|(j, _)| *j + max >= m)
        .map(|(_, d)| *d)
        .min()?;
    (best <= max).then_some(best)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(a: &str, b: &str, max: usize) -> Option<usize> {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        prefix_distance(&a, &b, max)
    }

    #[test]
    fn one_slip_is_one_edit() {
        assert_eq!(d("hikikomri", "hikikomori", 2), Some(1));
        assert_eq!(d("hikikomoori", "hikikomori", 2), Some(1));
        assert_eq!(d("hikikmoori", "hikikomori", 2), Some(1));
        assert_eq!(d("kaigoo", "kaigo", 1), Some(1));
        assert_eq!(d("ひきこもろ", "ひきこもり", 1), Some(1));
        // a slip in a half-typed word
        assert_eq!(d("hikikomr", "hikikomorisoudan", 1), Some(1));
        assert_eq!(d("kaigo", "kaigo", 1), Some(0));
        assert_eq!(d("zzzz", "kaigo", 1), None);
    }

    /// The table filled by index, as written before the rows became iterators.
    fn indexed(typed: &[char], word: &[char], max: usize) -> Option<usize> {
        let m = typed.len();
        let n = word.len().min(m + max);
        if word.len() + max < m {
            return None;
        }
        let mut prev2: Vec<usize> = vec![usize::MAX / 2; n + 1];
        let mut prev: Vec<usize> = (0..=n).collect();
        let mut cur: Vec<usize> = vec![0; n + 1];
        for i in 1..=m {
            cur[0] = i;
            let mut row_min = cur[0];
            for j in 1..=n {
                let same = typed[i - 1] == word[j - 1];
                let mut d = (prev[j - 1] + usize::from(!same))
                    .min(prev[j] + 1)
                    .min(cur[j - 1] + 1);
                if i > 1 && j > 1 && typed[i - 1] == word[j - 2] && typed[i - 2] == word[j - 1] {
                    d = d.min(prev2[j - 2] + 1);
                }
                cur[j] = d;
                row_min = row_min.min(d);
            }
            if row_min > max {
                return None;
            }
            std::mem::swap(&mut prev2, &mut prev);
            std::mem::swap(&mut prev, &mut cur);
        }
        let best = prev
            .iter()
            .enumerate()
            .filter(|(j, _)| *j + max >= m)
            .map(|(_, d)| *d)
            .min()?;
        (best <= max).then_some(best)
    }

    #[test]
    fn same_distances_as_the_indexed_table() {
        // Every word of 0 to 6 letters over a 3-letter alphabet against a set of typed
        // words (swaps, doubles, drops and long words included), at every max from 0 to 3.
        let alphabet = ['a', 'b', 'c'];
        let mut words: Vec<Vec<char>> = vec![Vec::new()];
        for len in 1..=6 {
            let start = words.len() - alphabet.len().pow(len - 1);
            let longer: Vec<Vec<char>> = words[start..]
                .iter()
                .flat_map(|w| alphabet.iter().map(move |&c| [w.as_slice(), &[c]].concat()))
                .collect();
            words.extend(longer);
        }
        let typed: Vec<Vec<char>> = [
            "", "a", "ab", "ba", "abc", "acb", "aabc", "cabba", "abcabc", "bbbbbbbb",
        ]
        .iter()
        .map(|t| t.chars().collect())
        .collect();
        let mut compared = 0;
        for t in &typed {
            for w in &words {
                for max in 0..=3 {
                    assert_eq!(
                        prefix_distance(t, w, max),
                        indexed(t, w, max),
                        "{t:?} {w:?} {max}"
                    );
                    compared += 1;
                }
            }
        }
        assert_eq!(compared, typed.len() * words.len() * 4);
    }

    #[test]
    fn short_words_are_never_repaired() {
        assert_eq!(allowed(3), None);
        assert_eq!(allowed(4), Some(1));
        assert_eq!(allowed(7), Some(1));
        assert_eq!(allowed(8), Some(2));
    }
}
