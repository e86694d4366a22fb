//! Sorting through one monomorphic sort.
//!
//! Every call of the standard library's `sort_by_key` or `sort_by` with a closure of its own
//! instantiates a whole sort (pivot choice, partitions, small-sort networks, a merge for the
//! stable one): 2–5 KB of WebAssembly per call site. The engine's keyed sorts go through
//! [`by_key`] instead, which sorts `(key, position)` pairs with the one `[(u64, u32)]` sort and
//! then moves the elements, so the web build carries that sort once.

/// Sorts `v` by `key`, stably (equal keys keep their order).
///
/// # Panics
/// If `v` has more than `u32::MAX` elements (positions are stored in 32 bits).
pub fn by_key<T>(v: &mut Vec<T>, mut key: impl FnMut(&T) -> u64) {
    assert!(u32::try_from(v.len()).is_ok(), "too many elements to sort");
    let mut keyed: Vec<(u64, u32)> = v
        .iter()
        .enumerate()
        .map(|(i, x)| (key(x), i as u32))
        .collect();
    keyed.sort_unstable();
    let mut old: Vec<Option<T>> = std::mem::take(v).into_iter().map(Some).collect();
    // Each position occurs once in `keyed`, so every `take` finds its element.
    v.extend(keyed.iter().filter_map(|&(_, i)| old[i as usize].take()));
    debug_assert_eq!(v.len(), old.len());
}

/// A `u64` key with the order of [`f64::total_cmp`], for [`by_key`].
pub fn f64_key(x: f64) -> u64 {
    let bits = x.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

/// Sorts a short `v` by `less`, stably, by insertion: a few hundred bytes of code for lists
/// that stay small (saved quotes, a clause's literals); quadratic, so not for long lists.
pub fn short_by<T>(v: &mut [T], mut less: impl FnMut(&T, &T) -> bool) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && less(&v[j], &v[j - 1]) {
            v.swap(j, j - 1);
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator, so the test needs no dependency.
    fn numbers(seed: u64, n: usize) -> Vec<u64> {
        let mut s = seed;
        (0..n)
            .map(|_| {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                s % 10
            })
            .collect()
    }

    #[test]
    fn by_key_matches_the_standard_stable_sort() {
        for seed in 1..200 {
            let keys = numbers(seed, (seed % 40) as usize);
            let mut ours: Vec<(u64, usize)> = keys.iter().copied().zip(0..).collect();
            let mut std_sorted = ours.clone();
            by_key(&mut ours, |&(k, _)| k);
            std_sorted.sort_by_key(|&(k, _)| k);
            assert_eq!(ours, std_sorted);
            let mut ours2: Vec<(u64, usize)> = keys.iter().copied().zip(0..).collect();
            short_by(&mut ours2, |a, b| a.0 < b.0);
            assert_eq!(ours2, std_sorted);
        }
    }

    #[test]
    fn f64_key_orders_like_total_cmp() {
        let xs = [
            -f64::INFINITY,
            -2.5,
            -0.0,
            0.0,
            1e-300,
            0.5,
            3.0,
            f64::INFINITY,
        ];
        for a in xs {
            for b in xs {
                assert_eq!(f64_key(a).cmp(&f64_key(b)), a.total_cmp(&b), "{a} {b}");
            }
        }
    }
}
