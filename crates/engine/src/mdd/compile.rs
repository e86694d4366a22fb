//! Compiles a catalog into its diagram: the levels (one per single-choice group, per item of a
//! multiple-choice group, per quantity), their order (FORCE over the constraint hypergraph),
//! and the conjunction of every constraint's own diagram (see `crate::constraint`).

use super::builder::BUILT_PER_KEPT;
use super::{Builder, Mdd, NodeId, Op, Slot, TooLarge, Vars, FALSE, TRUE};
use crate::catalog::Catalog;
use crate::constraint::all_constraints;
use crate::fx::FxMap;
use crate::ids::RuleId;

/// The variables (levels) each constraint mentions, for the order: each quantity with its
/// item, then each constraint's levels (groups, then rules) where it links two or more.
fn edges(vars: &Vars, catalog: &Catalog) -> Vec<Vec<u32>> {
    let mut edges = Vec::new();
    for (i, q) in vars.quantity_levels.iter().enumerate() {
        if let Some(q) = q {
            edges.push(vec![vars.slots[i].level, *q]);
        }
    }
    for c in all_constraints(catalog) {
        let mut levels = c.levels(catalog, vars);
        levels.sort_unstable();
        levels.dedup();
        if levels.len() > 1 {
            edges.push(levels);
        }
    }
    edges
}

/// Each constraint's own diagram in `b` (over the levels of `vars`), and for each item with a
/// quantity the link between the two (its quantity is 0 exactly when it is left out, else
/// within its range): the catalog's valid configurations are those all of them allow. `skip`
/// leaves one rule out.
pub(crate) fn parts(
    catalog: &Catalog,
    b: &mut Builder,
    vars: &Vars,
    skip: Option<RuleId>,
) -> Result<Vec<NodeId>, TooLarge> {
    let mut parts = Vec::new();
    for it in catalog.items() {
        if let Some(l) = vars.quantity_levels[it.id.index()] {
            let x = b.literal(vars.slots[it.id.index()])?;
            let not_x = b.not(x, &mut FxMap::default())?;
            let range: Vec<NodeId> = (0..=*it.quantity.end())
                .map(|q| if it.allows_quantity(q) { TRUE } else { FALSE })
                .collect();
            let range = b.make(l, &range)?;
            let zero = b.literal(Slot { level: l, value: 0 })?;
            let on = b.apply(Op::And, x, range)?;
            let off = b.apply(Op::And, not_x, zero)?;
            parts.push(b.apply(Op::Or, on, off)?);
        }
    }
    for c in all_constraints(catalog).filter(|c| skip.is_none() || c.rule() != skip) {
        if let Some(node) = c.diagram(catalog, b, vars)? {
            parts.push(node);
        }
    }
    Ok(parts)
}

/// Largest neighbourhood [`elimination_rank`] links together when it eliminates a level.
#[cfg(not(target_arch = "wasm32"))]
const FILL_LIMIT: usize = 64;

/// For each level, its place in an elimination order of the levels' interaction graph (two
/// levels interact when a constraint links them), found by the min-degree heuristic: each
/// step eliminates a level with the fewest neighbours and links those neighbours together.
/// The reverse is a tree decomposition's order from its root: a search that decides the
/// levels eliminated last first splits the rest into independent parts soonest (what a model
/// counter's component caching needs). Higher: eliminated later.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn elimination_rank(vars: &Vars, catalog: &Catalog) -> Vec<u32> {
    let n = vars.domains.len();
    let mut adjacent: Vec<crate::fx::FxSet<u32>> = vec![Default::default(); n];
    for e in edges(vars, catalog) {
        for &a in &e {
            for &b in &e {
                if a != b {
                    adjacent[a as usize].insert(b);
                }
            }
        }
    }
    let mut rank = vec![0u32; n];
    let mut gone = vec![false; n];
    for step in 0..n as u32 {
        let Some(v) = (0..n)
            .filter(|&v| !gone[v])
            .min_by_key(|&v| (adjacent[v].len(), v))
        else {
            break;
        };
        gone[v] = true;
        rank[v] = step;
        let neighbours: Vec<u32> = adjacent[v].drain().collect();
        // Past a large neighbourhood the fill is skipped (the order stays a heuristic; the
        // fill of a dense model would cost the square of its size at every step).
        let fill = neighbours.len() <= FILL_LIMIT;
        for &a in &neighbours {
            adjacent[a as usize].remove(&(v as u32));
            for &b in neighbours.iter().filter(|_| fill) {
                if a != b {
                    adjacent[a as usize].insert(b);
                }
            }
        }
    }
    rank
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

/// How the compiler orders the levels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LevelOrder {
    /// FORCE over the constraint hypergraph, from the catalog's order (the compiler's own).
    Force,
    /// The catalog's order as it is: a larger diagram of the same configurations, for
    /// benchmarks of clicks on big diagrams.
    Catalog,
}

impl Mdd {
    /// Compiles `catalog`, or gives up when the diagram would keep more than `budget` nodes,
    /// building it would hold more than that at once (garbage is collected on the way), or do
    /// more work than the budget allows.
    pub(crate) fn compile(catalog: &Catalog, budget: usize) -> Result<Mdd, TooLarge> {
        Self::compile_without(catalog, budget, None)
    }

    /// Compiles `catalog` off-line: the diagram kept within `budget` nodes, the compiler's store
    /// allowed [`BUILT_PER_KEPT`] times that at once (garbage collected on the way), its
    /// levels in `order`.
    pub(crate) fn compile_roomy(
        catalog: &Catalog,
        budget: usize,
        order: LevelOrder,
    ) -> Result<Mdd, TooLarge> {
        let cap = budget.saturating_mul(BUILT_PER_KEPT);
        Self::build(catalog, budget, cap, None, order)
    }

    /// Like [`Mdd::compile`], leaving out one rule (to see whether it ever bites).
    pub(crate) fn compile_without(
        catalog: &Catalog,
        budget: usize,
        skip: Option<RuleId>,
    ) -> Result<Mdd, TooLarge> {
        Self::build(catalog, budget, budget, skip, LevelOrder::Force)
    }

    fn build(
        catalog: &Catalog,
        budget: usize,
        cap: usize,
        skip: Option<RuleId>,
        order: LevelOrder,
    ) -> Result<Mdd, TooLarge> {
        let mut vars = Vars::in_catalog_order(catalog);
        // Reorder levels so that constrained variables sit close together.
        if order == LevelOrder::Force {
            let rank = force_order(vars.domains.len(), &edges(&vars, catalog));
            vars.permute(&rank);
        }
        let mut b = Builder::with_room(vars.domains.clone(), budget, cap);
        let mut parts = parts(catalog, &mut b, &vars, skip)?;
        // Conjoin constraints in the order of their top level, neighbours first.
        crate::sort::by_key(&mut parts, |&p| u64::from(b.level_of(p)));
        let root = b.and_all(parts)?;
        // The budget limits the diagram kept, not the nodes built on the way.
        if b.size_of(root) > budget {
            return Err(TooLarge);
        }
        let peak = b.peak;
        let mut mdd = b.finish(root, vars);
        mdd.peak = peak;
        Ok(mdd)
    }
}
