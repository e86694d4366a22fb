//! Compiles a catalog into its diagram: the levels (one per single-choice group, per item of a
//! multiple-choice group, per quantity), their order (FORCE over the constraint hypergraph),
//! and the conjunction of every constraint's own diagram (see `crate::constraint`).

use super::{Builder, Mdd, NodeId, Op, Slot, TooLarge, FALSE, TRUE};
use crate::catalog::{Catalog, ChoiceKind};
use crate::constraint::all_constraints;
use crate::fx::FxMap;
use crate::ids::RuleId;

/// The diagram's variables: each level's domain size, each item's level and value there, the
/// level of each single-choice group and of each item's quantity.
#[derive(Clone, Debug)]
pub(crate) struct Vars {
    /// Domain size of each level.
    pub domains: Vec<u32>,
    /// For each item, its level and value.
    pub slots: Vec<Slot>,
    /// For each single-choice group, its level (`u32::MAX` for multiple-choice groups).
    pub group_level: Vec<u32>,
    /// For each item with a quantity, the level of its quantity.
    pub quantity_levels: Vec<Option<u32>>,
}

impl Vars {
    /// The levels in catalog order: a group's variable, or one per item of a multiple group,
    /// then one per quantity.
    fn in_catalog_order(catalog: &Catalog) -> Vars {
        let mut domains = Vec::new();
        let mut slots = vec![Slot { level: 0, value: 0 }; catalog.items().len()];
        let mut group_level = vec![u32::MAX; catalog.groups().len()];
        for g in catalog.groups() {
            match g.kind {
                ChoiceKind::Single => {
                    let level = domains.len() as u32;
                    group_level[g.id.index()] = level;
                    for (v, &i) in g.items.iter().enumerate() {
                        slots[i.index()] = Slot {
                            level,
                            value: v as u32,
                        };
                    }
                    // "None" is a value when the group is optional or may not apply.
                    domains.push(g.items.len() as u32 + u32::from(g.min == 0 || g.when.is_some()));
                }
                ChoiceKind::Multiple => {
                    for &i in &g.items {
                        slots[i.index()] = Slot {
                            level: domains.len() as u32,
                            value: 1,
                        };
                        domains.push(2);
                    }
                }
            }
        }
        let mut quantity_levels = vec![None; catalog.items().len()];
        for it in catalog.items() {
            if it.has_quantity() {
                quantity_levels[it.id.index()] = Some(domains.len() as u32);
                domains.push(it.quantity.end() + 1);
            }
        }
        Vars {
            domains,
            slots,
            group_level,
            quantity_levels,
        }
    }

    /// The variables (levels) each constraint mentions, for the order: each quantity with its
    /// item, then each constraint's levels (groups, then rules) where it links two or more.
    fn edges(&self, catalog: &Catalog) -> Vec<Vec<u32>> {
        let mut edges = Vec::new();
        for (i, q) in self.quantity_levels.iter().enumerate() {
            if let Some(q) = q {
                edges.push(vec![self.slots[i].level, *q]);
            }
        }
        for c in all_constraints(catalog) {
            let mut levels = c.levels(catalog, self);
            levels.sort_unstable();
            levels.dedup();
            if levels.len() > 1 {
                edges.push(levels);
            }
        }
        edges
    }

    /// Renumbers the levels: level `l` becomes `rank[l]`.
    fn permute(&mut self, rank: &[u32]) {
        let mut permuted = vec![0; self.domains.len()];
        for (old, &new) in rank.iter().enumerate() {
            permuted[new as usize] = self.domains[old];
        }
        self.domains = permuted;
        for s in &mut self.slots {
            s.level = rank[s.level as usize];
        }
        for l in self.quantity_levels.iter_mut().flatten() {
            *l = rank[*l as usize];
        }
        for l in &mut self.group_level {
            if *l != u32::MAX {
                *l = rank[*l as usize];
            }
        }
    }
}

/// The FORCE heuristic (Aloul, Markov and Sakallah 2003): repeatedly move each variable to the
/// mean centre of the constraints it is in, keeping the order with the smallest total span.
/// Returns the new level of each variable.
fn force_order(n: usize, edges: &[Vec<u32>]) -> Vec<u32> {
    let span = |rank: &[u32]| -> u64 {
        edges
            .iter()
            .map(|e| {
                let (lo, hi) = e.iter().fold((u32::MAX, 0), |(lo, hi), &v| {
                    (lo.min(rank[v as usize]), hi.max(rank[v as usize]))
                });
                u64::from(hi - lo)
            })
            .sum()
    };
    let mut rank: Vec<u32> = (0..n as u32).collect();
    let mut best = (span(&rank), rank.clone());
    for _ in 0..50 {
        let mut sum = vec![0f64; n];
        let mut deg = vec![0u32; n];
        for e in edges {
            let cog = e.iter().map(|&v| f64::from(rank[v as usize])).sum::<f64>() / e.len() as f64;
            for &v in e {
                sum[v as usize] += cog;
                deg[v as usize] += 1;
            }
        }
        let target: Vec<f64> = (0..n)
            .map(|v| {
                if deg[v] == 0 {
                    f64::from(rank[v])
                } else {
                    sum[v] / f64::from(deg[v])
                }
            })
            .collect();
        // Ascending before a stable sort: ties are broken by the variable.
        let mut order: Vec<u32> = (0..n as u32).collect();
        crate::sort::by_key(&mut order, |&v| crate::sort::f64_key(target[v as usize]));
        for (pos, &v) in order.iter().enumerate() {
            rank[v as usize] = pos as u32;
        }
        let s = span(&rank);
        if s < best.0 {
            best = (s, rank.clone());
        } else if s == best.0 {
            break;
        }
    }
    best.1
}

impl Mdd {
    /// Compiles `catalog`, or gives up once the diagram has `budget` nodes.
    pub(crate) fn compile(catalog: &Catalog, budget: usize) -> Result<Mdd, TooLarge> {
        Self::compile_without(catalog, budget, None)
    }

    /// Like [`Mdd::compile`], leaving out one rule (to see whether it ever bites).
    pub(crate) fn compile_without(
        catalog: &Catalog,
        budget: usize,
        skip: Option<RuleId>,
    ) -> Result<Mdd, TooLarge> {
        let mut vars = Vars::in_catalog_order(catalog);
        // Reorder levels so that constrained variables sit close together.
        let rank = force_order(vars.domains.len(), &vars.edges(catalog));
        vars.permute(&rank);
        let mut b = Builder::new(vars.domains.clone(), budget);
        let mut parts = Vec::new();
        // An item's quantity is 0 exactly when it is left out, else within its range.
        for it in catalog.items() {
            if let Some(l) = vars.quantity_levels[it.id.index()] {
                let x = b.literal(vars.slots[it.id.index()])?;
                let not_x = b.not(x, &mut FxMap::default())?;
                let range: Vec<NodeId> = (0..=*it.quantity.end())
                    .map(|q| {
                        if it.quantity.contains(&q) {
                            TRUE
                        } else {
                            FALSE
                        }
                    })
                    .collect();
                let range = b.make(l, &range)?;
                let zero = b.literal(Slot { level: l, value: 0 })?;
                let on = b.apply(Op::And, x, range)?;
                let off = b.apply(Op::And, not_x, zero)?;
                parts.push(b.apply(Op::Or, on, off)?);
            }
        }
        for c in all_constraints(catalog).filter(|c| skip.is_none() || c.rule() != skip) {
            if let Some(node) = c.diagram(catalog, &mut b, &vars)? {
                parts.push(node);
            }
        }
        // Conjoin constraints in the order of their top level, neighbours first.
        crate::sort::by_key(&mut parts, |&p| u64::from(b.level_of(p)));
        let root = b.and_all(parts)?;
        Ok(b.finish(root, vars))
    }
}
