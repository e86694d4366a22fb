//! A catalog compiled into one reduced, ordered multi-valued decision diagram (MDD) of all its
//! valid configurations, when that fits in a node budget.
//!
//! Levels are variables: a single-choice group is one variable whose values are its items (plus
//! "none" when the group is optional); each item of a multiple-choice group is a yes/no
//! variable. An item with a quantity `min..=max` adds a level whose values are its quantity
//! `0..=max` (0: left out; values below `min` never allowed). A node whose children are all
//! equal is never created, so an edge may skip levels: skipped variables are free along it.
//!
//! With the diagram, an update is two linear passes (see [`Mdd::supports`]), a count is one,
//! and a consistency check for an explanation is one. The compiler is in `compile.rs` (levels
//! and their order) over the node store of `builder.rs`; each constraint builds its own diagram
//! in `crate::constraint`.

mod artifact;
mod builder;
mod compile;
mod layout;
// Native only: the browser's engine counts with the diagram or the clause counter (the
// factor counter is for `configurator count`; the app's page stays within its size budget).
#[cfg(not(target_arch = "wasm32"))]
pub(crate) mod factors;
mod vars;

pub use artifact::ArtifactError;

pub(crate) use builder::{Builder, Op};
pub(crate) use compile::LevelOrder;
pub(crate) use vars::Vars;

use crate::choice::Choice;
use crate::Natural;

/// A node id. `FALSE` and `TRUE` are the terminals.
pub(crate) type NodeId = u32;
pub(crate) const FALSE: NodeId = 0;
pub(crate) const TRUE: NodeId = 1;

/// Where an item lives: its level and its value there.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Slot {
    pub level: u32,
    pub value: u32,
}

/// The diagram was larger than its budget.
#[derive(Debug)]
pub(crate) struct TooLarge;

/// A compiled catalog.
#[derive(Clone, Debug)]
pub(crate) struct Mdd {
    /// Domain size of each level.
    pub domains: Vec<u32>,
    /// For each item, its level and value.
    pub slots: Vec<Slot>,
    /// For each item with a quantity, the level of its quantity.
    pub quantity_levels: Vec<Option<u32>>,
    /// For each level in catalog order, its level here (see [`Vars::order`]).
    order: Vec<u32>,
    /// Node levels (terminals: `domains.len()`).
    level: Vec<u32>,
    /// Node children, `domains[level]` of them, stored flat from `first[node]`.
    first: Vec<u32>,
    children: Vec<NodeId>,
    /// The root of all valid configurations.
    pub root: NodeId,
    /// Most nodes the compiler's store held at once (0 when read from an artifact).
    pub peak: usize,
    /// Each level's node ids and the edges that skip levels (see `layout.rs`).
    layout: layout::Layout,
}

/// The value each level (of these domains, items' slots and quantity levels) is fixed to by
/// `choices`, or `None` when no configuration has them all: two choices fix one level to
/// different values (two items of a single-choice group), or a quantity is out of its item's
/// range.
pub(crate) fn restriction(
    domains: &[u32],
    slots: &[Slot],
    quantity_levels: &[Option<u32>],
    choices: &[Choice],
) -> Option<Vec<Option<u32>>> {
    let mut fixed = vec![None; domains.len()];
    let mut pin = |level: u32, value: u32| match fixed[level as usize] {
        Some(v) if v != value => None,
        _ => {
            fixed[level as usize] = Some(value);
            Some(())
        }
    };
    for c in choices {
        let s = slots[c.item.index()];
        pin(s.level, s.value)?;
        match (c.quantity, quantity_levels[c.item.index()]) {
            (None, _) | (Some(1), None) => {}
            (Some(q), Some(l)) if q >= 1 && q < domains[l as usize] => pin(l, q)?,
            _ => return None,
        }
    }
    Some(fixed)
}

impl Mdd {
    /// The diagram of the nodes `level`, `first`, `children` (children before parents, only
    /// nodes reachable from `root`) over `vars`, renumbered level by level (see `layout.rs`).
    fn new(
        vars: Vars,
        level: Vec<u32>,
        first: Vec<u32>,
        children: Vec<NodeId>,
        root: NodeId,
    ) -> Mdd {
        let nodes = layout::Nodes {
            level,
            first,
            children,
            root,
        };
        let (nodes, layout) = layout::by_level(&vars.domains, nodes);
        Mdd {
            domains: vars.domains,
            slots: vars.slots,
            quantity_levels: vars.quantity_levels,
            order: vars.order,
            level: nodes.level,
            first: nodes.first,
            children: nodes.children,
            root: nodes.root,
            peak: 0,
            layout,
        }
    }
}

impl Mdd {
    pub(crate) fn size(&self) -> usize {
        self.level.len()
    }

    fn kids(&self, u: NodeId) -> &[NodeId] {
        let f = self.first[u as usize] as usize;
        let l = self.level[u as usize] as usize;
        let d = self.domains.get(l).copied().unwrap_or(0) as usize;
        &self.children[f..f + d]
    }

    /// The value each level is fixed to by the user's choices, or `None` when the diagram
    /// cannot express them: two choices fix one level to different values (two items of a
    /// single-choice group), or a quantity is out of its item's range.
    pub(crate) fn restriction(&self, choices: &[Choice]) -> Option<Vec<Option<u32>>> {
        restriction(&self.domains, &self.slots, &self.quantity_levels, choices)
    }

    /// The cheapest set of owners to release so that some configuration has the value `pin.1`
    /// at level `pin.0` and agrees with every level whose owner is kept. `owner[l]` is the value
    /// level `l` is fixed to and the position (below `n`) of its owner; each owner fixes one
    /// level. Cheapest: fewest owners, then the latest released position as early as possible,
    /// then the next latest, and so on (colex order). `None` when no configuration has the pin.
    ///
    /// One bottom-up pass: a path pays for each owned level where it takes another value, and
    /// levels skipped along an edge are free; the sets paid along a path are disjoint, so the
    /// order (count, then the set as a binary number) is kept under adding an edge's cost.
    pub(crate) fn cheapest_release(
        &self,
        owner: &[Option<(u32, usize)>],
        pin: (u32, u32),
        n: usize,
    ) -> Option<Vec<usize>> {
        // A cost: [count, bit words...]; count u64::MAX is unreachable.
        let w = n.div_ceil(64) + 1;
        let less = |a: &[u64], b: &[u64]| {
            a[0].cmp(&b[0])
                .then_with(|| a[1..].iter().rev().cmp(b[1..].iter().rev()))
                .is_lt()
        };
        let mut cost = vec![0u64; self.size() * w];
        cost[FALSE as usize * w] = u64::MAX;
        let (mut best, mut cand) = (vec![0u64; w], vec![0u64; w]);
        for u in 2..self.size() {
            let l = self.level[u];
            best[0] = u64::MAX;
            for (v, &k) in self.kids(u as NodeId).iter().enumerate() {
                let v = v as u32;
                let kc = &cost[k as usize * w..(k as usize + 1) * w];
                if kc[0] == u64::MAX || (l == pin.0 && v != pin.1) {
                    continue;
                }
                cand.copy_from_slice(kc);
                if let Some((fixed, p)) = owner[l as usize] {
                    if fixed != v {
                        cand[0] += 1;
                        cand[1 + p / 64] |= 1 << (p % 64);
                    }
                }
                if less(&cand, &best) {
                    best.copy_from_slice(&cand);
                }
            }
            cost[u * w..(u + 1) * w].copy_from_slice(&best);
        }
        let root = &cost[self.root as usize * w..(self.root as usize + 1) * w];
        if root[0] == u64::MAX {
            return None;
        }
        Some(
            (0..n)
                .filter(|&p| root[1 + p / 64] & (1 << (p % 64)) != 0)
                .collect(),
        )
    }

    /// Whether some configuration satisfies the restriction: a depth-first search from the
    /// root along allowed values only, which stops at the first complete path. With many
    /// levels fixed it visits a small part of the diagram.
    pub(crate) fn consistent(&self, fixed: &[Option<u32>]) -> bool {
        let mut dead = vec![false; self.size()];
        self.path_from(self.root, fixed, &mut dead)
    }

    fn path_from(&self, u: NodeId, fixed: &[Option<u32>], dead: &mut [bool]) -> bool {
        if u == TRUE {
            return true;
        }
        if u == FALSE || dead[u as usize] {
            return false;
        }
        let l = self.level[u as usize] as usize;
        let found = match fixed[l] {
            Some(v) => self.path_from(self.kids(u)[v as usize], fixed, dead),
            None => self.kids(u).iter().any(|&k| self.path_from(k, fixed, dead)),
        };
        if !found {
            dead[u as usize] = true;
        }
        found
    }

    /// The children of the nodes of level `l`, `domains[l]` per node, in id order.
    fn level_kids(&self, l: usize) -> &[NodeId] {
        let r = &self.layout.nodes[l];
        if r.is_empty() {
            return &[];
        }
        let base = self.first[r.start as usize] as usize;
        &self.children[base..base + r.len() * self.domains[l] as usize]
    }

    /// Bottom-up, level by level: whether each node reaches TRUE under the restriction (a fixed
    /// level follows its one child). Below the deepest fixed level every node does (the diagram
    /// is reduced: a node other than FALSE has a path to TRUE).
    /// `deepest`: the deepest fixed level, if any.
    fn alive(&self, fixed: &[Option<u32>], deepest: Option<usize>) -> Vec<bool> {
        let mut alive = vec![false; self.size()];
        alive[TRUE as usize] = true;
        let Some(deepest) = deepest else {
            alive[2..].fill(true);
            return alive;
        };
        alive[2..self.layout.nodes[deepest].start as usize].fill(true);
        for l in (0..=deepest).rev() {
            let r = self.layout.nodes[l].clone();
            let d = self.domains[l] as usize;
            // Children lie at deeper levels: below this level's first id.
            let (below, here) = alive.split_at_mut(r.start as usize);
            let here = &mut here[..r.len()];
            let kids = self.level_kids(l).chunks_exact(d);
            match fixed[l] {
                Some(v) => {
                    for (a, ks) in here.iter_mut().zip(kids) {
                        *a = below[ks[v as usize] as usize];
                    }
                }
                None => {
                    for (a, ks) in here.iter_mut().zip(kids) {
                        *a = ks.iter().any(|&k| below[k as usize]);
                    }
                }
            }
        }
        alive
    }

    /// For every level, which values some configuration allows given the restriction on all
    /// *other* levels: two linear passes, bottom-up (alive under the restrictions below) and
    /// top-down (reached under the restrictions above).
    pub(crate) fn supports(&self, fixed: &[Option<u32>]) -> Vec<Vec<bool>> {
        self.supports_and_consistency(fixed).0
    }

    /// [`Mdd::supports`], and whether some configuration satisfies the restriction (the root
    /// is alive: no search of its own).
    pub(crate) fn supports_and_consistency(&self, fixed: &[Option<u32>]) -> (Vec<Vec<bool>>, bool) {
        let deepest = fixed.iter().rposition(Option::is_some);
        let alive = self.alive(fixed, deepest);
        let levels = self.domains.len();
        let mut out: Vec<Vec<bool>> = self
            .domains
            .iter()
            .map(|&d| vec![false; d as usize])
            .collect();
        let consistent = alive[self.root as usize];
        // free[l] > 0: level l is skipped by some live, reachable edge.
        let mut free = vec![0i64; levels + 1];
        if consistent {
            free[0] += 1;
            free[(self.level[self.root as usize] as usize).min(levels)] -= 1;
        }
        // Top-down, level by level: which nodes are reached under the restrictions above, and
        // which of their values lead to a live child.
        let mut reach = vec![false; self.size()];
        reach[self.root as usize] = true;
        for (l, row) in out.iter_mut().enumerate() {
            let r = self.layout.nodes[l].clone();
            let d = self.domains[l] as usize;
            let (below, here) = reach.split_at_mut(r.start as usize);
            let kids = self.level_kids(l).chunks_exact(d);
            // Below the deepest fixed level, every node but FALSE is alive.
            let all_alive = deepest.is_none_or(|deepest| l > deepest);
            for (_, ks) in here[..r.len()].iter().zip(kids).filter(|(&on, _)| on) {
                if all_alive {
                    for (ok, &k) in row.iter_mut().zip(ks) {
                        *ok |= k != FALSE;
                    }
                } else {
                    for (ok, &k) in row.iter_mut().zip(ks) {
                        *ok |= alive[k as usize];
                    }
                }
                match fixed[l] {
                    Some(v) => below[ks[v as usize] as usize] = true,
                    None => ks.iter().for_each(|&k| below[k as usize] = true),
                }
            }
        }
        for s in &self.layout.skips {
            let k = self.children[self.first[s.node as usize] as usize + s.value as usize];
            if reach[s.node as usize]
                && fixed[s.from as usize].is_none_or(|f| f == s.value)
                && alive[k as usize]
            {
                free[s.from as usize + 1] += 1;
                free[(s.to as usize).min(levels)] -= 1;
            }
        }
        let mut running = 0;
        for (l, row) in out.iter_mut().enumerate() {
            running += free[l];
            if running > 0 {
                row.fill(true);
            }
        }
        (out, consistent)
    }

    /// A cheapest configuration under the restriction: `cost[level][value]` is the cost of each
    /// value. Returns the value of every level, or `None` when nothing satisfies the
    /// restriction. One bottom-up pass of minimum costs, then a walk down from the root; a
    /// skipped level takes its cheapest allowed value. Ties go to the lowest value.
    pub(crate) fn cheapest<C: Copy + Ord + std::ops::Add<Output = C>>(
        &self,
        fixed: &[Option<u32>],
        cost: &[Vec<C>],
        zero: C,
    ) -> Option<Vec<u32>> {
        let levels = self.domains.len();
        let allowed = |l: usize, v: usize| fixed[l].is_none_or(|f| f == v as u32);
        // Cheapest allowed value of a level taken freely (for skipped levels).
        let free_best: Vec<(C, u32)> = (0..levels)
            .map(|l| {
                (0..self.domains[l] as usize)
                    .filter(|&v| allowed(l, v))
                    .map(|v| (cost[l][v], v as u32))
                    .min()
                    .unwrap_or((zero, 0))
            })
            .collect();
        let skip =
            |from: usize, to: usize| -> C { (from..to).fold(zero, |acc, l| acc + free_best[l].0) };
        let mut best: Vec<Option<C>> = vec![None; self.size()];
        best[TRUE as usize] = Some(zero);
        for u in 2..self.size() {
            let l = self.level[u] as usize;
            best[u] = self
                .kids(u as NodeId)
                .iter()
                .enumerate()
                .filter(|&(v, _)| allowed(l, v))
                .filter_map(|(v, &k)| {
                    let kl = (self.level[k as usize] as usize).min(levels);
                    best[k as usize].map(|b| cost[l][v] + skip(l + 1, kl) + b)
                })
                .min();
        }
        best[self.root as usize]?;
        let mut values: Vec<u32> = free_best.iter().map(|&(_, v)| v).collect();
        let mut u = self.root;
        while u != TRUE {
            let l = self.level[u as usize] as usize;
            let target = best[u as usize].expect("on a cheapest path");
            let (v, k) = self
                .kids(u)
                .iter()
                .enumerate()
                .filter(|&(v, _)| allowed(l, v))
                .find(|&(v, &k)| {
                    let kl = (self.level[k as usize] as usize).min(levels);
                    best[k as usize].is_some_and(|b| cost[l][v] + skip(l + 1, kl) + b == target)
                })
                .expect("some child attains the minimum");
            values[l] = v as u32;
            u = *k;
        }
        Some(values)
    }

    /// The exact number of configurations satisfying the restriction.
    pub(crate) fn count(&self, fixed: &[Option<u32>]) -> Natural {
        let levels = self.domains.len();
        // free_product[a][..]: product of free domain sizes of levels a..b, computed on the fly.
        let width = |l: usize| -> u64 {
            if fixed[l].is_some() {
                1
            } else {
                u64::from(self.domains[l])
            }
        };
        let span = |from: usize, to: usize| -> Natural {
            (from..to).fold(Natural::from(1u32), |acc, l| acc * width(l))
        };
        let mut count: Vec<Natural> = vec![Natural::default(); self.size()];
        count[TRUE as usize] = Natural::from(1u32);
        for u in 2..self.size() {
            let l = self.level[u] as usize;
            let mut total = Natural::default();
            for (v, &k) in self.kids(u as NodeId).iter().enumerate() {
                if fixed[l].is_some_and(|f| f != v as u32)
                    || count[k as usize] == Natural::default()
                {
                    continue;
                }
                let kl = (self.level[k as usize] as usize).min(levels);
                total += &count[k as usize] * span(l + 1, kl);
            }
            count[u] = total;
        }
        let rl = (self.level[self.root as usize] as usize).min(levels);
        &count[self.root as usize] * span(0, rl)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Catalog;

    /// Off-line, the budget limits the diagram kept, not the nodes built: a budget of exactly
    /// the reduced size compiles (collecting garbage on the way, the same diagram), one node
    /// less does not.
    #[test]
    fn the_budget_is_the_reduced_size() {
        let megane = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/benchmarks/renault-megane.xml"
        ))
        .expect("the shared benchmarks");
        let megane = crate::import::xcsp::to_catalog("renault-megane.xml", &megane)
            .expect("imports")
            .to_string();
        for text in [crate::DEMO_CATALOG, &megane] {
            let catalog = Catalog::from_json("catalog.json", text).expect("valid catalog");
            let roomy = Mdd::compile(&catalog, crate::DIAGRAM_BUDGET).expect("fits");
            let exact = Mdd::compile_roomy(&catalog, roomy.size(), LevelOrder::Force)
                .expect("fits its own size");
            assert!(
                exact.peak > exact.size(),
                "{} built, {} kept",
                exact.peak,
                exact.size()
            );
            assert_eq!(exact.size(), roomy.size());
            let all = vec![None; roomy.domains.len()];
            assert_eq!(exact.count(&all), roomy.count(&all));
            assert_eq!(exact.supports(&all), roomy.supports(&all));
            // The same function under a restriction (node ids may differ: garbage collection
            // renumbers them).
            let mut some = all.clone();
            some[0] = Some(0);
            assert_eq!(exact.count(&some), roomy.count(&some));
            assert_eq!(exact.supports(&some), roomy.supports(&some));
            assert!(Mdd::compile_roomy(&catalog, roomy.size() - 1, LevelOrder::Force).is_err());
        }
    }

    /// After a compile, every node is reachable from the root and children come before their
    /// parents (the linear passes rely on both).
    #[test]
    fn compiled_diagram_has_only_reachable_nodes_children_first() {
        for text in [
            crate::DEMO_CATALOG,
            include_str!("../../../../catalogs/nx-ap-wireless.json"),
        ] {
            let catalog = Catalog::from_json("catalog.json", text).expect("valid catalog");
            let d = Mdd::compile(&catalog, crate::DIAGRAM_BUDGET).expect("fits");
            let mut seen = vec![false; d.size()];
            let mut stack = vec![d.root];
            while let Some(u) = stack.pop() {
                if !std::mem::replace(&mut seen[u as usize], true) && u > TRUE {
                    for &k in d.kids(u) {
                        assert!(k < u, "child {k} of {u} comes after it");
                        stack.push(k);
                    }
                }
            }
            let unreachable = (2..d.size()).filter(|&u| !seen[u]).count();
            assert_eq!(
                unreachable,
                0,
                "{} of {} nodes unreachable",
                unreachable,
                d.size()
            );
            assert!(d.size() > 10);
        }
    }
}
