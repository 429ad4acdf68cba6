//! The order of hits, and picking the first of thousands in it: a one-letter term over
//! 10,000 entries has up to 10,000 hits, of which the 検索 tab keeps 300.

use super::EntryKind;
use super::rank::Hit;
use std::cmp::Ordering;

/// (score, kind, idx) is a total order: with `limit` hits already, an entry whose best
/// possible score is below the limit-th cannot make the list.
pub(super) fn order(a: &Hit, b: &Hit) -> Ordering {
    b.score
        .cmp(&a.score)
        .then(a.kind.cmp(&b.kind))
        .then(a.idx.cmp(&b.idx))
}

/// Puts the hit that is `nth` in [`order`] at `nth`, those before it in the order before
/// it and the others after it, as `select_nth_unstable_by(nth, order)` does, and returns
/// its score (None when there are not that many hits). The hits are selected as single
/// numbers that sort in [`order`] (a fifth of the work of comparing hits), when every
/// hit fits in one.
pub(super) fn select_nth(hits: &mut [Hit], nth: usize) -> Option<i64> {
    if nth >= hits.len() {
        return None;
    }
    let mut keys = Vec::with_capacity(hits.len());
    for h in hits.iter() {
        match key(h) {
            Some(k) => keys.push(k),
            None => return hits.select_nth_unstable_by(nth, order).1.score.into(),
        }
    }
    keys.select_nth_unstable(nth);
    for (h, &k) in hits.iter_mut().zip(&keys) {
        *h = hit(k);
    }
    hits.get(nth).map(|h| h.score)
}

const IDX_BITS: u32 = 30;

/// A number that sorts as the hit does in [`order`]: the score (higher first) in the high
/// half, then the kind, then the index. None for a score beyond 32 bits or an index
/// beyond 30.
fn key(h: &Hit) -> Option<u64> {
    let score = i32::try_from(h.score).ok()?;
    let idx = u32::try_from(h.idx).ok().filter(|&i| i < 1 << IDX_BITS)?;
    // The score as an unsigned number in the same order, then flipped: higher first.
    let high = !(score.cast_unsigned() ^ 0x8000_0000);
    Some(u64::from(high) << 32 | u64::from(h.kind as u8) << IDX_BITS | u64::from(idx))
}

/// The hit of a [`key`].
fn hit(k: u64) -> Hit {
    let high = (k >> 32) as u32;
    let kind = match (k >> IDX_BITS) & 3 {
        0 => EntryKind::Program,
        1 => EntryKind::Site,
        2 => EntryKind::Section,
        _ => EntryKind::Meeting,
    };
    Hit {
        kind,
        idx: (k & ((1 << IDX_BITS) - 1)) as usize,
        score: i64::from((!high ^ 0x8000_0000).cast_signed()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::Rng;

    /// Keys sort as hits do, and give the hits back, for every kind, scores at and
    /// around the ends of 32 bits and indexes up to 30 bits.
    #[test]
    fn keys_sort_as_hits_do() {
        let scores = [
            i64::from(i32::MIN),
            -1000,
            -1,
            0,
            1,
            30,
            999,
            1000,
            i64::from(i32::MAX),
        ];
        let idxs = [0, 1, 2, 299, 10_000, (1 << IDX_BITS) - 1];
        let mut hits = Vec::new();
        for &score in &scores {
            for &idx in &idxs {
                for kind in EntryKind::ALL {
                    hits.push(Hit { kind, idx, score });
                }
            }
        }
        for a in &hits {
            let ka = key(a).expect("fits");
            assert_eq!(hit(ka), *a);
            for b in &hits {
                let kb = key(b).expect("fits");
                assert_eq!(ka.cmp(&kb), order(a, b), "{a:?} {b:?}");
            }
        }
        let beyond = [i64::from(i32::MAX) + 1, i64::from(i32::MIN) - 1];
        for score in beyond {
            assert_eq!(
                key(&Hit {
                    kind: EntryKind::Site,
                    idx: 0,
                    score
                }),
                None
            );
        }
        assert_eq!(
            key(&Hit {
                kind: EntryKind::Site,
                idx: 1 << IDX_BITS,
                score: 0
            }),
            None
        );
    }

    /// Selecting by keys leaves the same first hits, and the same nth, as selecting by
    /// comparing hits: many equal scores, every kind; and a hit beyond the keys' range.
    #[test]
    fn select_nth_picks_as_comparing_does() {
        let mut rng = Rng::new(7);
        for round in 0..200 {
            let n = 1 + rng.below(700);
            let mut hits: Vec<Hit> = (0..n)
                .map(|_| Hit {
                    kind: *rng.pick(&EntryKind::ALL),
                    idx: rng.below(400),
                    score: rng.below(40) as i64 * 10 - 50,
                })
                .collect();
            if round % 5 == 0 {
                hits[0].score = i64::MAX;
            }
            let nth = rng.below(n + 2);
            let mut sorted = hits.clone();
            sorted.sort_by(order);
            let got = select_nth(&mut hits, nth);
            assert_eq!(got, sorted.get(nth).map(|h| h.score));
            if nth < n {
                let mut first = hits[..=nth].to_vec();
                first.sort_by(order);
                assert_eq!(first, sorted[..=nth]);
                assert_eq!(hits[nth], sorted[nth]);
            }
        }
    }
}
