//! Quantities and resource rules on the solver path: an item's units in a solver model, the
//! interval of units around them that every resource rule still allows (see
//! `SolverBackend::quantities_from_solver`), and the clauses that enforce a resource rule too
//! large to encode, one model at a time (see `SolverBackend::solve`).

use crate::catalog::Catalog;
use crate::clauses::item_var;
use crate::ids::ItemId;
use crate::sat::{Lit, Var};

/// Each item's units in a solver model: 0 when left out, 1 when in without a quantity, else
/// the quantity whose variable is true (`quantity_vars`: see `crate::clauses::quantity_layout`).
pub(super) fn model_units(
    catalog: &Catalog,
    quantity_vars: &[Option<u32>],
    model: &[bool],
) -> Vec<u32> {
    catalog
        .items()
        .iter()
        .map(|it| {
            if !model[it.id.index()] {
                return 0;
            }
            match quantity_vars[it.id.index()] {
                Some(f) => it
                    .quantity
                    .clone()
                    .find(|&q| model[(f + q - it.quantity.start()) as usize])
                    .unwrap_or(1),
                None => 1,
            }
        })
        .collect()
}

/// The widest interval of `item`'s units within `range`, around its units in a valid
/// assignment `units`, over which every resource rule (`terms`, net use per item) still holds
/// with the other items' units unchanged.
pub(super) fn valid_around(
    rules: &[Vec<(ItemId, i64)>],
    units: &[u32],
    item: ItemId,
    (a, b): (u32, u32),
) -> (u32, u32) {
    let v = units[item.index()];
    debug_assert!(a <= v && v <= b);
    let (mut lo, mut hi) = (i128::from(a), i128::from(b));
    for terms in rules {
        let Some(&(_, w)) = terms.iter().find(|(i, _)| *i == item) else {
            continue;
        };
        let net: i128 = terms
            .iter()
            .map(|&(i, w)| i128::from(w) * i128::from(units[i.index()]))
            .sum();
        let slack = -net;
        debug_assert!(slack >= 0, "the model satisfies the rule");
        let (w, v) = (i128::from(w), i128::from(v));
        if w > 0 {
            hi = hi.min(v + slack / w);
        } else {
            lo = lo.max(v - slack / -w);
        }
    }
    // Within `range` and around `v`, so within u32.
    (lo as u32, hi as u32)
}

/// A clause that every assignment obeying the resource rule `terms` satisfies and `units`
/// (which breaks it) does not, or `None` when `units` obeys it: "some item that uses the
/// resource has fewer units than now, or some item that provides it has more". Items that use
/// it are left out of the clause while the rest still break the rule (a stronger clause: it
/// excludes every assignment where the others use as much, whatever these use). Literals
/// are items' and quantities' (`quantity_vars`: see `crate::clauses::quantity_layout`).
pub(super) fn cut(
    catalog: &Catalog,
    quantity_vars: &[Option<u32>],
    terms: &[(ItemId, i64)],
    units: &[u32],
) -> Option<Vec<Lit>> {
    let used = |i: ItemId, w: i64| i128::from(w) * i128::from(units[i.index()]);
    let net: i128 = terms.iter().map(|&(i, w)| used(i, w)).sum();
    if net <= 0 {
        return None;
    }
    let mut users: Vec<(ItemId, i128)> = terms
        .iter()
        .filter(|&&(i, w)| w > 0 && units[i.index()] > 0)
        .map(|&(i, w)| (i, used(i, w)))
        .collect();
    // Smallest use first (positive and below 2^64: attributes ≤ 10^9, quantities ≤ 999).
    crate::sort::by_key(&mut users, |&(_, u)| u64::try_from(u).unwrap_or(u64::MAX));
    let mut excess = net;
    users.retain(|&(_, u)| {
        let drop = excess - u > 0;
        if drop {
            excess -= u;
        }
        !drop
    });
    let value = |i: ItemId, q: u32| -> Option<Lit> {
        let it = catalog.item(i);
        let f = quantity_vars[i.index()]?;
        it.quantity
            .contains(&q)
            .then(|| Lit::pos(Var(f + q - it.quantity.start())))
    };
    let mut clause = Vec::new();
    for &(i, _) in &users {
        // Fewer units: out, or a smaller quantity.
        clause.push(Lit::neg(item_var(i)));
        clause.extend((0..units[i.index()]).filter_map(|q| value(i, q)));
    }
    for &(i, w) in terms {
        if w < 0 {
            // More units: a larger quantity, or in (without a quantity) when out.
            let u = units[i.index()];
            match quantity_vars[i.index()] {
                Some(_) => clause
                    .extend((u + 1..=*catalog.item(i).quantity.end()).filter_map(|q| value(i, q))),
                None if u == 0 => clause.push(Lit::pos(item_var(i))),
                None => {}
            }
        }
    }
    Some(clause)
}
