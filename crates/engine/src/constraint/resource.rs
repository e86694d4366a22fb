//! `resource` rules: what the chosen items use of an attribute, times their quantity, is at
//! most what they provide (PoE watts, ports, slots).

use std::collections::BTreeMap;

use super::{sum_layers, Kind, Scope, Syntax};
use crate::catalog::diagnostic::Reporter;
use crate::catalog::locate::JsonPath;
use crate::catalog::raw::{Form, RawRule};
use crate::catalog::{Catalog, Resource, RuleBody, RuleKind};
use crate::clauses::{encode_sum, guarded, item_var, ClauseSink};
use crate::ids::{GroupId, ItemId};
use crate::mdd::{Builder, NodeId, Slot, TooLarge, Vars, FALSE, TRUE};
use crate::sat::Lit;

impl Kind for Resource {
    const SYNTAX: &'static [Syntax] = &[Syntax {
        kind: RuleKind::Resource,
        name: "resource",
        fields: &[
            ("uses", Form::Text),
            ("provides", Form::Text),
            ("label", Form::Text),
        ],
        check: validate,
    }];

    /// Independent checker: the net use, attribute times quantity, is at most 0.
    /// Exact in 128 bits whatever the quantities.
    fn holds(&self, catalog: &Catalog, quantity: &dyn Fn(ItemId) -> u32) -> bool {
        let net: i128 = self
            .sum_terms(catalog)
            .iter()
            .map(|&(i, w)| i128::from(w) * i128::from(quantity(i)))
            .sum();
        net <= 0
    }

    /// Clauses: the linear sum `Σ net use × quantity ≤ 0` over one layer per item (left out,
    /// or each of its quantities), as a reduced interval diagram (see [`encode_sum`]).
    fn encode(
        &self,
        catalog: &Catalog,
        first: &[Option<u32>],
        solver: &mut dyn ClauseSink,
        guard: &[Lit],
    ) {
        let terms = self.sum_terms(catalog);
        // Not written when too large: then checked on models (see `backend/quantities.rs`).
        let _written = encode_sum(solver, guard, &sum_layers(catalog, first, &terms));
        // Implied, for the solver's sake: an item that uses the resource needs some item that
        // provides it (every other item adds at least 0). A rule too large for its diagram is
        // otherwise only checked on models (see `backend/quantities.rs`): this clause saves the
        // search from proving it by trying each quantity in turn.
        let providers: Vec<Lit> = terms
            .iter()
            .filter(|&&(_, w)| w < 0)
            .map(|&(i, _)| Lit::pos(item_var(i)))
            .collect();
        for &(i, _) in terms.iter().filter(|&&(_, w)| w > 0) {
            let mut clause = vec![Lit::neg(item_var(i))];
            clause.extend(&providers);
            guarded(solver, guard, &clause);
        }
    }

    /// Diagram: the sum over the quantity levels (or the item's own level without a
    /// quantity).
    fn diagram(&self, catalog: &Catalog, b: &mut Builder, vars: &Vars) -> Result<NodeId, TooLarge> {
        let mut terms: Vec<(Slot, i64)> = Vec::new();
        for (i, w) in self.sum_terms(catalog) {
            match vars.quantity_levels[i.index()] {
                Some(level) => terms.extend(
                    (1..=*catalog.item(i).quantity.end())
                        .map(|q| (Slot { level, value: q }, w * i64::from(q))),
                ),
                None => terms.push((vars.slots[i.index()], w)),
            }
        }
        sum_at_most_zero(b, &terms)
    }

    /// The levels of the items it counts: their quantity levels, else their own.
    fn levels(&self, catalog: &Catalog, vars: &Vars) -> Vec<u32> {
        self.sum_terms(catalog)
            .iter()
            .map(|(i, _)| vars.quantity_levels[i.index()].unwrap_or(vars.slots[i.index()].level))
            .collect()
    }

    /// The items that provide the resource.
    fn needs(&self, catalog: &Catalog, _: &mut Vec<GroupId>, items: &mut Vec<ItemId>) {
        items.extend(
            self.sum_terms(catalog)
                .into_iter()
                .filter(|&(_, w)| w < 0)
                .map(|(i, _)| i),
        );
    }

    /// `uses within provides`.
    fn describe(&self, _: &Catalog) -> String {
        format!("{} within {}", self.uses, self.provides)
    }

    /// Each item's net use (`uses` minus `provides`), where not zero.
    fn sum_terms(&self, catalog: &Catalog) -> Vec<(ItemId, i64)> {
        catalog
            .items()
            .iter()
            .map(|it| {
                (
                    it.id,
                    it.attribute(&self.uses) - it.attribute(&self.provides),
                )
            })
            .filter(|&(_, w)| w != 0)
            .collect()
    }

    /// What the items use and provide under `quantity`: `(used, provided)`.
    fn meter(&self, catalog: &Catalog, quantity: &dyn Fn(ItemId) -> u32) -> Option<(i64, i64)> {
        let sum = |attr: &str| -> i64 {
            let exact: i128 = catalog
                .items()
                .iter()
                .map(|it| i128::from(it.attribute(attr)) * i128::from(quantity(it.id)))
                .sum();
            exact.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
        };
        Some((sum(&self.uses), sum(&self.provides)))
    }
}

/// `Σ weight ≤ 0` over the (level, value) terms that hold, layered by level. Each node stands
/// for the whole interval of partial sums that have the same future (Abío et al., "BDDs for
/// pseudo-Boolean constraints", 2012), so the work follows the nodes of the reduced diagram,
/// not the partial sums: a few items with quantities up to 999 each have millions of partial
/// sums but few distinct outcomes.
fn sum_at_most_zero(b: &mut Builder, terms: &[(Slot, i64)]) -> Result<NodeId, TooLarge> {
    let mut levels: Vec<u32> = terms.iter().map(|(s, _)| s.level).collect();
    levels.sort_unstable();
    levels.dedup();
    // delta[k][v]: what value v of the k-th level adds.
    let mut delta: Vec<Vec<i64>> = levels
        .iter()
        .map(|&l| vec![0; b.domains[l as usize] as usize])
        .collect();
    for (slot, w) in terms {
        if let Ok(k) = levels.binary_search(&slot.level) {
            let d = &mut delta[k][slot.value as usize];
            *d = d.saturating_add(*w);
        }
    }
    let n = levels.len();
    let (mut lo, mut hi) = (vec![0i64; n + 1], vec![0i64; n + 1]);
    for k in (0..n).rev() {
        lo[k] = lo[k + 1].saturating_add(delta[k].iter().copied().min().unwrap_or(0));
        hi[k] = hi[k + 1].saturating_add(delta[k].iter().copied().max().unwrap_or(0));
    }
    let mut sums = Sums {
        levels: &levels,
        delta: &delta,
        lo: &lo,
        hi: &hi,
        memo: vec![BTreeMap::new(); n + 1],
    };
    Ok(sums.node(b, 0, 0)?.0)
}

/// Below and above any partial sum (room for adding a weight without overflow).
const NEG: i64 = i64::MIN / 4;
const POS: i64 = i64::MAX / 4;

/// The layers of [`sum_at_most_zero`] and, per layer, the intervals of partial sums built so
/// far: interval start → (interval end, node).
struct Sums<'a> {
    levels: &'a [u32],
    delta: &'a [Vec<i64>],
    lo: &'a [i64],
    hi: &'a [i64],
    memo: Vec<BTreeMap<i64, (i64, NodeId)>>,
}

impl Sums<'_> {
    /// The node for layers `k..` given partial sum `sum`, and the interval of partial sums
    /// that share it.
    fn node(
        &mut self,
        b: &mut Builder,
        k: usize,
        sum: i64,
    ) -> Result<(NodeId, i64, i64), TooLarge> {
        if sum.saturating_add(self.lo[k]) > 0 {
            return Ok((FALSE, 1i64.saturating_sub(self.lo[k]), POS));
        }
        if sum.saturating_add(self.hi[k]) <= 0 {
            return Ok((TRUE, NEG, self.hi[k].saturating_neg()));
        }
        if let Some((&a, &(z, node))) = self.memo[k].range(..=sum).next_back() {
            if sum <= z {
                return Ok((node, a, z));
            }
        }
        b.spend(self.delta[k].len() as u64)?;
        let (mut a, mut z) = (NEG, POS);
        let base = b.stack.len();
        for v in 0..self.delta[k].len() {
            let d = self.delta[k][v];
            let (child, ca, cz) = self.node(b, k + 1, sum.saturating_add(d))?;
            a = a.max(ca.saturating_sub(d));
            z = z.min(cz.saturating_sub(d));
            b.stack.push(child);
        }
        debug_assert!(a <= sum && sum <= z);
        let node = b.make_top(self.levels[k], base)?;
        self.memo[k].insert(a, (z, node));
        Ok((node, a, z))
    }
}

/// Checks a `resource` rule: it names the attribute used and the one provided.
fn validate(rep: &mut Reporter<'_>, rpath: &JsonPath, rr: &RawRule<'_>, _: &Scope<'_>) -> RuleBody {
    let mut name = |field: &str, v: Option<&String>| -> String {
        match v {
            Some(a) if !a.trim().is_empty() => a.clone(),
            _ => {
                rep.error(
                    rpath,
                    format!(
                        "resource rule `{}` needs `{field}`: the name of an item attribute",
                        rr.id
                    ),
                );
                String::new()
            }
        }
    };
    let uses = name("uses", rr.text("uses"));
    let provides = name("provides", rr.text("provides"));
    RuleBody::Resource(Resource { uses, provides })
}
