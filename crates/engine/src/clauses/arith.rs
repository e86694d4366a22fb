//! Linear sums `Σ ≤ 0` in binary arithmetic, for sums whose interval diagram is too large
//! (see [`super::encode_sum`]).
//!
//! Each layer (exactly one of its labels holds) becomes a binary number: its weight minus the
//! layer's least weight, so that it is never negative; each bit is defined by the labels
//! (a label whose offset weight has the bit set implies it, the others deny it). The numbers
//! are added by ripple-carry adders (Tseitin full adders, both directions, so every bit is a
//! function of the labels) and the total is compared with the constant bound, `-Σ least`.
//! The definitions hold whatever the guard; only the comparison is guarded, so relaxing the
//! rule for explanations relaxes exactly it. Size: per layer, labels × bits; per addition,
//! 14 clauses a bit; the comparison, one clause per zero bit of the bound.

use super::{guarded, ClauseSink, Layer};
use crate::sat::Lit;

/// Bits needed to write `v` (0 for 0).
fn width(v: u128) -> usize {
    (u128::BITS - v.leading_zeros()) as usize
}

/// A fresh variable defined as `a ⊕ b ⊕ c`.
fn xor3(s: &mut dyn ClauseSink, a: Lit, b: Lit, c: Lit) -> Lit {
    let x = Lit::pos(s.new_var());
    for signs in 0..8u8 {
        let (la, lb, lc) = (
            if signs & 1 == 0 { a } else { !a },
            if signs & 2 == 0 { b } else { !b },
            if signs & 4 == 0 { c } else { !c },
        );
        // With these literals all false, x is the parity of the original values.
        let odd = (signs.count_ones() % 2) == 1;
        s.add_clause(&[la, lb, lc, if odd { x } else { !x }]);
    }
    x
}

/// A fresh variable defined as "at least two of `a`, `b`, `c`".
fn majority(s: &mut dyn ClauseSink, a: Lit, b: Lit, c: Lit) -> Lit {
    let m = Lit::pos(s.new_var());
    for (p, q) in [(a, b), (a, c), (b, c)] {
        s.add_clause(&[!p, !q, m]);
        s.add_clause(&[p, q, !m]);
    }
    m
}

/// The bits (least significant first) of `x + y`, with `zero` a literal that is false.
fn add(s: &mut dyn ClauseSink, x: &[Lit], y: &[Lit], zero: Lit) -> Vec<Lit> {
    let n = x.len().max(y.len());
    let mut out = Vec::with_capacity(n + 1);
    let mut carry = zero;
    for k in 0..n {
        let a = x.get(k).copied().unwrap_or(zero);
        let b = y.get(k).copied().unwrap_or(zero);
        out.push(xor3(s, a, b, carry));
        carry = majority(s, a, b, carry);
    }
    out.push(carry);
    out
}

/// Encodes `guard ∨ Σ ≤ 0` over `layers` in binary arithmetic (see the module doc).
pub(crate) fn encode_sum_binary(s: &mut dyn ClauseSink, guard: &[Lit], layers: &[Layer]) {
    let zero = Lit::pos(s.new_var());
    s.add_clause(&[!zero]);
    // Σ (w - least) ≤ -Σ least, in 128 bits (weights are below 2^62, layers below 2^32).
    let mut bound: i128 = 0;
    let mut total: Vec<Lit> = Vec::new();
    for layer in layers {
        let least = layer.iter().map(|&(_, w)| w).min().unwrap_or(0);
        let most = layer.iter().map(|&(_, w)| w).max().unwrap_or(0);
        bound -= i128::from(least);
        let bits: Vec<Lit> = (0..width((i128::from(most) - i128::from(least)) as u128))
            .map(|j| {
                let bit = Lit::pos(s.new_var());
                for &(label, w) in layer {
                    let set = ((i128::from(w) - i128::from(least)) >> j) & 1 == 1;
                    s.add_clause(&[!label, if set { bit } else { !bit }]);
                }
                bit
            })
            .collect();
        if !bits.is_empty() {
            total = add(s, &total, &bits, zero);
        }
    }
    if bound < 0 {
        // Even the least sum is too much.
        guarded(s, guard, &[]);
        return;
    }
    let bound = bound as u128;
    if width(bound) > total.len() {
        return; // Every sum the bits can write is within the bound.
    }
    // total > bound iff at some bit j the bound has 0, the total 1, and above j the total has
    // every 1 of the bound: one clause per zero bit of the bound forbids each such j.
    for j in 0..total.len() {
        if (bound >> j) & 1 == 0 {
            let mut c = vec![!total[j]];
            c.extend(
                (j + 1..total.len())
                    .filter(|&i| (bound >> i) & 1 == 1)
                    .map(|i| !total[i]),
            );
            guarded(s, guard, &c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sat::{Answer, Solver};

    /// Every assignment of small layers: the encoding is satisfiable with exactly the
    /// assignments whose sum is at most 0, and is so whatever the guard when it is relaxed.
    #[test]
    fn binary_sums_agree_with_arithmetic() {
        let shapes: [&[&[i64]]; 6] = [
            &[&[0, 3], &[0, -2], &[0, 1, 2, 3]],
            &[&[0, 5, 10, 15], &[0, -7, -14], &[0, 1]],
            &[&[2, 4], &[-6, -5]],
            &[&[1], &[0, 0]],
            &[&[0, 1000, 2000], &[0, -999, -1998, -2997], &[0, 1]],
            &[&[-1, 7], &[-8, 0, 9]],
        ];
        for layers_w in shapes {
            let mut solver = Solver::new();
            let guard = Lit::pos(solver.new_var());
            let mut layers: Vec<Layer> = Vec::new();
            for ws in layers_w {
                let lits: Vec<Lit> = ws.iter().map(|_| Lit::pos(solver.new_var())).collect();
                solver.add_clause(&lits);
                for (a, &x) in lits.iter().enumerate() {
                    for &y in &lits[a + 1..] {
                        solver.add_clause(&[!x, !y]);
                    }
                }
                layers.push(lits.iter().copied().zip(ws.iter().copied()).collect());
            }
            encode_sum_binary(&mut solver, &[guard], &layers);
            // Every combination of labels, one per layer.
            let mut pick = vec![0usize; layers.len()];
            loop {
                let sum: i64 = pick.iter().zip(&layers).map(|(&p, l)| l[p].1).sum();
                let mut a: Vec<Lit> = pick.iter().zip(&layers).map(|(&p, l)| l[p].0).collect();
                a.push(!guard);
                let sat = solver.solve(&a) == Answer::Sat;
                assert_eq!(sat, sum <= 0, "{layers_w:?} {pick:?}");
                a.pop();
                a.push(guard);
                assert_eq!(solver.solve(&a), Answer::Sat, "relaxed");
                let mut k = 0;
                while k < pick.len() {
                    pick[k] += 1;
                    if pick[k] < layers[k].len() {
                        break;
                    }
                    pick[k] = 0;
                    k += 1;
                }
                if k == pick.len() {
                    break;
                }
            }
        }
    }
}
