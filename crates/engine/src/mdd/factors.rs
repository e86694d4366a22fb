//! Exact counting without the whole diagram, for catalogs whose diagram does not fit: a search
//! over the diagram's levels (one per single-choice group, per item of a multiple-choice group,
//! per quantity) in which every constraint keeps its own small diagram (a factor), after
//! sharpSAT's component caching and toulbar2's tree-decomposition-guided search:
//!
//! - after each decision, every factor over a changed level makes its levels' domains arc
//!   consistent (two passes over its diagram: what can still reach the end, then what is
//!   reached), until nothing changes;
//! - a factor with at most one level left undecided is satisfied by every value left, and drops
//!   out; the undecided levels then split into components linked by the factors left, and a
//!   set of components counts the product of their counts; a level no factor links counts its
//!   domain's size;
//! - within a component the level decided first is the one a tree decomposition of the
//!   levels' interaction graph puts nearest its root ([`elimination_rank`]), so components split
//!   soon;
//! - a component's count depends only on its levels' domains and on the values the factors
//!   linking it have on their decided levels: that is its cache key.
//!
//! Unlike the clause counter (`crate::backend`), no auxiliary variable of an encoding ties the
//! levels of a table together after its other levels are decided. Work is bounded: each
//! factor pass costs its edges; past the budget the counter gives up (`None`).

use super::compile::{elimination_rank, parts};
use super::{restriction, Builder, NodeId, TooLarge, Vars, FALSE, TRUE};
use crate::catalog::Catalog;
use crate::choice::Choice;
use crate::fx::FxMap;
use crate::Natural;

/// Nodes all factors together may have (each is one constraint's diagram).
const FACTOR_NODES: usize = 1_000_000;

/// Cache entries kept before the cache is emptied (counts stay exact; only speed suffers).
const CACHE_LIMIT: usize = 1 << 20;

/// One constraint's diagram, renumbered locally: 0 false, 1 true, then its nodes with children
/// before parents.
struct Factor {
    /// Per local node: its level.
    level: Vec<u32>,
    /// Per local node: where its children start in `kids` (one per value of its level).
    first: Vec<u32>,
    kids: Vec<u32>,
    root: u32,
    /// The levels its nodes are at, ascending.
    scope: Vec<u32>,
}

/// The counter: factors, domains as bit sets, and the search's trail and cache.
pub(crate) struct FactorCounter {
    domains: Vec<u32>,
    factors: Vec<Factor>,
    /// Per level: the factors with a node there.
    on_level: Vec<Vec<u32>>,
    /// Per level: its place in the decision order (higher first).
    priority: Vec<u32>,
    /// Per level: where its domain's words start in `bits` (`words[l]` of them).
    offset: Vec<usize>,
    words: Vec<usize>,
    bits: Vec<u64>,
    /// Saved words before a change: (index into `bits`, old word).
    trail: Vec<(usize, u64)>,
    cache: FxMap<Box<[u32]>, Natural>,
    work: u64,
    budget: u64,
    /// Some constraint allows nothing at all.
    impossible: bool,
}

impl Factor {
    /// The factor of `root` in `b`, or `None` when it is the constant true.
    fn new(b: &Builder, root: NodeId) -> Option<Factor> {
        if root == TRUE {
            return None;
        }
        let mut local: FxMap<NodeId, u32> = FxMap::default();
        local.insert(FALSE, 0);
        local.insert(TRUE, 1);
        let mut f = Factor {
            level: vec![u32::MAX; 2],
            first: vec![0; 2],
            kids: Vec::new(),
            root: 0,
            scope: Vec::new(),
        };
        // Post-order: children get their local ids before their parents.
        let mut stack = vec![(root, false)];
        while let Some((u, expanded)) = stack.pop() {
            if local.contains_key(&u) {
                continue;
            }
            if !expanded {
                stack.push((u, true));
                stack.extend(b.kids(u).iter().map(|&k| (k, false)));
                continue;
            }
            let id = f.level.len() as u32;
            f.level.push(b.level_of(u));
            f.first.push(f.kids.len() as u32);
            f.kids.extend(b.kids(u).iter().map(|k| local[k]));
            local.insert(u, id);
        }
        f.root = local[&root];
        f.scope = f.level[2..].to_vec();
        f.scope.sort_unstable();
        f.scope.dedup();
        Some(f)
    }
}

impl FactorCounter {
    /// The counter of `catalog`, or `None` when its constraints' diagrams together exceed
    /// [`FACTOR_NODES`]. `budget`: units of work (factor edges visited) before giving up.
    pub(crate) fn new(catalog: &Catalog, vars: Vars, budget: u64) -> Option<FactorCounter> {
        let mut b = Builder::with_room(vars.domains.clone(), FACTOR_NODES, FACTOR_NODES);
        let roots = parts(catalog, &mut b, &vars, None).ok()?;
        let n = vars.domains.len();
        // A constraint nothing satisfies (diagram: the constant false) allows no configuration.
        let impossible = roots.contains(&FALSE);
        let factors: Vec<Factor> = roots.iter().filter_map(|&r| Factor::new(&b, r)).collect();
        let mut on_level = vec![Vec::new(); n];
        for (k, f) in factors.iter().enumerate() {
            for &l in &f.scope {
                on_level[l as usize].push(k as u32);
            }
        }
        let words: Vec<usize> = vars
            .domains
            .iter()
            .map(|&d| (d as usize).div_ceil(64))
            .collect();
        let mut offset = Vec::with_capacity(n);
        let mut bits = Vec::new();
        for (l, &d) in vars.domains.iter().enumerate() {
            offset.push(bits.len());
            for w in 0..words[l] {
                let left = (d as usize).saturating_sub(64 * w).min(64);
                bits.push(if left == 64 {
                    u64::MAX
                } else {
                    (1u64 << left) - 1
                });
            }
        }
        let priority = elimination_rank(&vars, catalog);
        Some(FactorCounter {
            domains: vars.domains,
            factors,
            on_level,
            priority,
            offset,
            words,
            bits,
            trail: Vec::new(),
            cache: FxMap::default(),
            work: 0,
            budget,
            impossible,
        })
    }

    fn has(&self, l: usize, v: usize) -> bool {
        self.bits[self.offset[l] + v / 64] >> (v % 64) & 1 == 1
    }

    fn size(&self, l: usize) -> u32 {
        let o = self.offset[l];
        self.bits[o..o + self.words[l]]
            .iter()
            .map(|w| w.count_ones())
            .sum()
    }

    fn values(&self, l: usize) -> Vec<u32> {
        (0..self.domains[l])
            .filter(|&v| self.has(l, v as usize))
            .collect()
    }

    /// Keeps only the values of level `l` marked in `keep` (same layout); whether it changed.
    fn restrict(&mut self, l: usize, keep: &[u64]) -> bool {
        let o = self.offset[l];
        let mut changed = false;
        for (w, &k) in keep.iter().enumerate() {
            let old = self.bits[o + w];
            if old & !k != 0 {
                self.trail.push((o + w, old));
                self.bits[o + w] = old & k;
                changed = true;
            }
        }
        changed
    }

    /// Keeps only value `v` (within the domain) of level `l`.
    fn fix(&mut self, l: usize, v: u32) {
        debug_assert!(v < self.domains[l]);
        let mut only = vec![0u64; self.words[l]];
        only[v as usize / 64] |= 1 << (v % 64);
        self.restrict(l, &only);
    }

    fn undo(&mut self, mark: usize) {
        while self.trail.len() > mark {
            if let Some((at, old)) = self.trail.pop() {
                self.bits[at] = old;
            }
        }
    }

    /// Makes the factor's levels arc consistent: the levels it changed, or `None` when a
    /// domain became empty (the factor allows nothing left). `Err` past the budget.
    fn revise(&mut self, k: usize) -> Result<Option<Vec<u32>>, TooLarge> {
        let f = &self.factors[k];
        let n = f.level.len();
        self.work += f.kids.len() as u64;
        if self.work > self.budget {
            return Err(TooLarge);
        }
        let mut alive = vec![false; n];
        alive[1] = true;
        for u in 2..n {
            let l = f.level[u] as usize;
            let kids = &f.kids[f.first[u] as usize..][..self.domains[l] as usize];
            alive[u] = kids
                .iter()
                .enumerate()
                .any(|(v, &c)| alive[c as usize] && self.has(l, v));
        }
        if !alive[f.root as usize] {
            return Ok(None);
        }
        // Supported values per scope level; a level skipped by a live edge keeps all.
        let pos = |l: u32| f.scope.binary_search(&l).unwrap_or(0);
        let mut support: Vec<Vec<u64>> = f
            .scope
            .iter()
            .map(|&l| vec![0u64; self.words[l as usize]])
            .collect();
        let mut free = vec![false; f.scope.len()];
        let mut reach = vec![false; n];
        reach[f.root as usize] = true;
        let top = if f.root > 1 {
            pos(f.level[f.root as usize])
        } else {
            f.scope.len()
        };
        free[..top].iter_mut().for_each(|x| *x = true);
        for u in (2..n).rev() {
            if !reach[u] {
                continue;
            }
            let l = f.level[u] as usize;
            let at = pos(l as u32);
            for (v, &c) in f.kids[f.first[u] as usize..][..self.domains[l] as usize]
                .iter()
                .enumerate()
            {
                if !alive[c as usize] || !self.has(l, v) {
                    continue;
                }
                support[at][v / 64] |= 1 << (v % 64);
                reach[c as usize] = true;
                let below = if c > 1 {
                    pos(f.level[c as usize])
                } else {
                    f.scope.len()
                };
                free[at + 1..below].iter_mut().for_each(|x| *x = true);
            }
        }
        let mut changed = Vec::new();
        let scope = f.scope.clone();
        for (i, &l) in scope.iter().enumerate() {
            if free[i] {
                continue;
            }
            if self.restrict(l as usize, &support[i]) {
                if self.size(l as usize) == 0 {
                    return Ok(None);
                }
                changed.push(l);
            }
        }
        Ok(Some(changed))
    }

    /// Arc consistency from the factors on `levels` until nothing changes: `Ok(false)` on a
    /// conflict.
    fn propagate(&mut self, levels: Vec<u32>) -> Result<bool, TooLarge> {
        let mut queue: Vec<u32> = Vec::new();
        let mut queued = vec![false; self.factors.len()];
        let push = |on: &[u32], queue: &mut Vec<u32>, queued: &mut [bool]| {
            for &k in on {
                if !std::mem::replace(&mut queued[k as usize], true) {
                    queue.push(k);
                }
            }
        };
        for l in levels {
            push(&self.on_level[l as usize], &mut queue, &mut queued);
        }
        while let Some(k) = queue.pop() {
            queued[k as usize] = false;
            let Some(changed) = self.revise(k as usize)? else {
                return Ok(false);
            };
            for l in changed {
                push(&self.on_level[l as usize], &mut queue, &mut queued);
            }
        }
        Ok(true)
    }

    /// The factors that still link two or more undecided levels.
    fn active(&self, k: usize) -> bool {
        self.factors[k]
            .scope
            .iter()
            .filter(|&&l| self.size(l as usize) > 1)
            .nth(1)
            .is_some()
    }

    /// The count over the undecided levels among `levels`: the product over their components.
    fn count_rest(&mut self, levels: &[u32]) -> Result<Natural, TooLarge> {
        let open: Vec<u32> = levels
            .iter()
            .copied()
            .filter(|&l| self.size(l as usize) > 1)
            .collect();
        let mut seen = vec![false; self.domains.len()];
        let mut total = Natural::from(1u32);
        for &start in &open {
            if std::mem::replace(&mut seen[start as usize], true) {
                continue;
            }
            let (mut component, mut stack) = (vec![start], vec![start]);
            while let Some(l) = stack.pop() {
                for i in 0..self.on_level[l as usize].len() {
                    let k = self.on_level[l as usize][i] as usize;
                    if !self.active(k) {
                        continue;
                    }
                    for &m in &self.factors[k].scope {
                        if self.size(m as usize) > 1 && !seen[m as usize] {
                            seen[m as usize] = true;
                            component.push(m);
                            stack.push(m);
                        }
                    }
                }
            }
            let n = if component.len() == 1 {
                Natural::from(self.size(start as usize))
            } else {
                component.sort_unstable();
                self.count_component(&component)?
            };
            if n == Natural::ZERO {
                return Ok(n);
            }
            total *= n;
        }
        Ok(total)
    }

    /// The cache key of a component: its levels and their domains, then each factor linking
    /// it with the values of its decided levels.
    fn key(&self, component: &[u32]) -> Box<[u32]> {
        let mut key = Vec::new();
        let mut factors = Vec::new();
        for &l in component {
            key.push(l);
            let o = self.offset[l as usize];
            for &w in &self.bits[o..o + self.words[l as usize]] {
                key.extend([w as u32, (w >> 32) as u32]);
            }
            factors.extend(self.on_level[l as usize].iter().copied());
        }
        factors.sort_unstable();
        factors.dedup();
        for k in factors {
            if !self.active(k as usize) {
                continue;
            }
            key.push(u32::MAX);
            key.push(k);
            for &l in &self.factors[k as usize].scope {
                let l = l as usize;
                key.push(if self.size(l) == 1 {
                    self.values(l)[0]
                } else {
                    u32::MAX
                });
            }
        }
        key.into_boxed_slice()
    }

    fn count_component(&mut self, component: &[u32]) -> Result<Natural, TooLarge> {
        let key = self.key(component);
        if let Some(n) = self.cache.get(&key) {
            return Ok(n.clone());
        }
        let pick = component
            .iter()
            .copied()
            .max_by_key(|&l| (self.priority[l as usize], u32::MAX - self.size(l as usize)))
            .unwrap_or(component[0]);
        let mut total = Natural::ZERO;
        for v in self.values(pick as usize) {
            let mark = self.trail.len();
            self.fix(pick as usize, v);
            if self.propagate(vec![pick])? {
                total += self.count_rest(component)?;
            }
            self.undo(mark);
        }
        if self.cache.len() >= CACHE_LIMIT {
            self.cache.clear();
        }
        self.cache.insert(key, total.clone());
        Ok(total)
    }

    /// The number of valid configurations with every level in `fixed` at its value (each
    /// within its level's domain: see [`restriction`]); `None` when the budget ran out.
    pub(crate) fn count(&mut self, fixed: &[Option<u32>]) -> Option<Natural> {
        if self.impossible {
            return Some(Natural::ZERO);
        }
        let mark = self.trail.len();
        for (l, v) in fixed.iter().enumerate() {
            if let Some(v) = *v {
                self.fix(l, v);
            }
        }
        let all: Vec<u32> = (0..self.domains.len() as u32).collect();
        let result = match self.propagate(all.clone()) {
            Ok(true) => self.count_rest(&all),
            Ok(false) => Ok(Natural::ZERO),
            Err(e) => Err(e),
        };
        self.undo(mark);
        result.ok()
    }
}

/// The count of configurations with `choices` by the factor counter: `None` when the catalog's
/// constraint diagrams are too large, or the budget ran out.
pub(crate) fn count(catalog: &Catalog, choices: &[Choice], budget: u64) -> Option<Natural> {
    let vars = Vars::in_catalog_order(catalog);
    // Choices no configuration has together count none.
    let Some(fixed) = restriction(&vars.domains, &vars.slots, &vars.quantity_levels, choices)
    else {
        return Some(Natural::ZERO);
    };
    FactorCounter::new(catalog, vars, budget)?.count(&fixed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mdd::Mdd;
    use crate::{Engine, ItemId};

    /// Work per count in these tests (about a tenth of a second).
    const BUDGET: u64 = 2_000_000;

    /// On every shipped catalog, from the empty configuration and along random sessions (with
    /// quantities, and with two items of one single-choice group), the factor counter counts
    /// what the whole diagram counts, or gives up within its budget (resource rules over wide
    /// quantities are hard for it: nx-ap-wireless counts only once a few choices are made).
    #[test]
    fn counts_what_the_whole_diagram_counts() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../catalogs");
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .expect("catalogs/")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .filter(|p| !p.ends_with(crate::catalog::manifest::MANIFEST_FILE))
            .collect();
        files.sort();
        assert!(files.len() >= 2);
        for path in files {
            let text = std::fs::read_to_string(&path).expect("readable");
            let catalog = Catalog::from_json("c.json", &text).expect("valid");
            let mdd = Mdd::compile(&catalog, crate::DIAGRAM_BUDGET).expect("fits");
            let engine = Engine::new(catalog.clone());
            let (mut answered, mut asked) = (0, 0);
            for s in 0..6 {
                let session: Vec<ItemId> = engine.random_session(s, 12);
                for k in 0..=session.len() {
                    let mut choices: Vec<Choice> =
                        session[..k].iter().map(|&i| Choice::from(i)).collect();
                    if let Some(c) = choices.last_mut() {
                        let it = catalog.item(c.item);
                        if it.has_quantity() && s % 2 == 1 {
                            c.quantity = Some(*it.quantity.end());
                        }
                    }
                    let fixed = mdd.restriction(&choices).expect("expressible");
                    let expected = mdd.count(&fixed);
                    asked += 1;
                    if let Some(n) = count(&catalog, &choices, BUDGET) {
                        assert_eq!(n, expected, "{} after {k} choices", path.display());
                        answered += 1;
                    }
                }
            }
            // Resource rules over wide quantities (nx-ap-wireless's 50 access points, the
            // rack servers' 32 DIMMs and 24 drives) are hard for this counter (each
            // combination of quantities is its own cache entry); their diagrams count them. So
            // are sums of attributes in the hundreds (the cooking lines' widths in millimetres):
            // each partial sum is its own entry too.
            let wide = catalog.rules().iter().any(|r| {
                r.resource_terms(&catalog)
                    .iter()
                    .any(|&(i, w)| *catalog.item(i).quantity.end() > 8 || w.unsigned_abs() >= 100)
            });
            if !wide {
                assert_eq!(answered, asked, "{}", path.display());
            }
            // Two items of one single-choice group: no configuration has both (found before any
            // search).
            let g = catalog
                .groups()
                .iter()
                .find(|g| g.kind == crate::ChoiceKind::Single && g.items.len() > 1)
                .expect("a single-choice group");
            let both = [Choice::from(g.items[0]), Choice::from(g.items[1])];
            assert_eq!(count(&catalog, &both, BUDGET), Some(Natural::ZERO));
            // A budget too small to finish: no answer rather than a wrong one.
            assert_eq!(count(&catalog, &[], 1), None);
        }
    }
}
