//! The node store of the diagram compiler: hash-consed nodes, `apply` with a lossy cache, and
//! the generic constructions (literals, negation, conjunction, expressions, cardinalities)
//! the constraints build their diagrams from (see `crate::constraint`).

use super::vars::Vars;
use super::{Mdd, NodeId, Slot, TooLarge, FALSE, TRUE};
use crate::catalog::Expr;
use crate::fx::FxMap;

/// Work allowed per node of the budget (children stored and `apply` steps): 16 million in all.
/// Renault's compile does 638k, the wireless demo (quantities under a resource rule) 2.6
/// million. Four items of up to 999 units under one resource rule would do about 120 million
/// (55k nodes of a thousand children: 3 s natively); the compile gives up at a seventh of that,
/// in about half a second, and the solver answers instead (clicks in a few milliseconds,
/// since its quantities come by interval: see `backend/quantities.rs`).
pub(crate) const WORK_PER_NODE: u64 = 40;

/// Work any compile may do, whatever its budget: what the default budget allows (a small
/// budget limits the diagram kept, and the constraints' own diagrams built on the way may be
/// larger than that).
const MIN_WORK: u64 = 16_000_000;

/// Nodes the store may hold at once per node of the budget when compiling off-line: the budget
/// limits the finished (reduced) diagram, and the intermediate diagrams, with their garbage,
/// may take this many times more before the compiler gives up. (On load, the store holds at
/// most the budget: a catalog without a diagram must give up fast.)
pub(crate) const BUILT_PER_KEPT: usize = 4;

/// An empty slot of the unique table (no node has this id: budgets are far below it).
const EMPTY: NodeId = u32::MAX;

/// Puts node `n` of hash `h` in the first free slot from its own (the unique table's open
/// addressing; the table is never full).
fn place(unique: &mut [(NodeId, u32)], n: NodeId, h: u32) {
    let mask = unique.len() - 1;
    let mut at = h as usize & mask;
    while unique[at].0 != EMPTY {
        at = (at + 1) & mask;
    }
    unique[at] = (n, h);
}

/// A binary operation of [`Builder::apply`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Op {
    And,
    Or,
}

/// The diagram under construction: every node built so far (children before parents).
pub(crate) struct Builder {
    /// Domain size of each level.
    pub domains: Vec<u32>,
    level: Vec<u32>,
    first: Vec<u32>,
    children: Vec<NodeId>,
    /// The unique table: open addressing over `(node, hash)` pairs, a node compared by its
    /// level and children where they are stored (no key is copied or allocated).
    unique: Vec<(NodeId, u32)>,
    /// Nodes in `unique`.
    entries: usize,
    /// Children under construction: a call pushes its `d` results and [`Builder::make_top`]
    /// pops them (recursive calls push and pop above).
    pub stack: Vec<NodeId>,
    /// Results of `apply`, valid for the whole compile (nodes are never removed).
    cache: ApplyCache,
    /// Most nodes the finished diagram may keep.
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    budget: usize,
    /// Most nodes the store may hold at once (live and garbage): [`BUILT_PER_KEPT`] times the
    /// budget. Garbage is collected between the conjunctions of [`Builder::and_all`].
    cap: usize,
    /// The store's size when garbage is next collected.
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    collect_at: usize,
    /// Most nodes the store held at once (for reports).
    pub peak: usize,
    /// Work done so far (children stored, `apply` steps, sum nodes) and the most allowed: a
    /// diagram of a few nodes with a thousand children each (quantities) costs as much as
    /// millions of yes/no nodes.
    pub work: u64,
    max_work: u64,
}

/// A lossy cache of `apply` results, as BDD packages keep: one entry per slot, a newer result
/// overwrites an older one, so it needs no clearing and no probing. It grows (moving its
/// entries over) when the diagram outgrows it.
struct ApplyCache {
    /// `[op + 2·a, b, result]`, or `u32::MAX` in the first field when empty.
    entries: Vec<[u32; 3]>,
}

impl ApplyCache {
    const EMPTY: [u32; 3] = [u32::MAX, 0, 0];

    fn new() -> ApplyCache {
        ApplyCache {
            entries: vec![Self::EMPTY; 1 << 12],
        }
    }

    fn tag(op: Op, a: NodeId) -> u32 {
        a.wrapping_mul(2) | u32::from(op == Op::Or)
    }

    fn slot(&self, op: Op, a: NodeId, b: NodeId) -> usize {
        Self::slot_of(Self::tag(op, a), b, self.entries.len())
    }

    fn slot_of(tag: u32, b: NodeId, size: usize) -> usize {
        let h = (u64::from(tag) << 32 | u64::from(b)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (h >> 32) as usize & (size - 1)
    }

    fn get(&self, op: Op, a: NodeId, b: NodeId) -> Option<NodeId> {
        let e = self.entries[self.slot(op, a, b)];
        (e[0] == Self::tag(op, a) && e[1] == b).then_some(e[2])
    }

    fn put(&mut self, op: Op, a: NodeId, b: NodeId, r: NodeId) {
        let slot = self.slot(op, a, b);
        self.entries[slot] = [Self::tag(op, a), b, r];
    }

    /// Grows to about twice `nodes` entries (a no-op while it is large enough), keeping the
    /// entries it has (Renault: 7% faster than starting empty).
    fn fit(&mut self, nodes: usize) {
        if self.entries.len() < 2 * nodes && self.entries.len() < 1 << 22 {
            let size = (2 * nodes).next_power_of_two().min(1 << 22);
            let old = std::mem::replace(&mut self.entries, vec![Self::EMPTY; size]);
            for e in old.into_iter().filter(|e| e[0] != u32::MAX) {
                let slot = Self::slot_of(e[0], e[1], size);
                self.entries[slot] = e;
            }
        }
    }
}

impl Builder {
    /// An empty diagram over levels of the given domain sizes whose store may hold `cap` nodes
    /// at once (live and garbage), and whose finished diagram keeps at most `budget`.
    pub(crate) fn with_room(domains: Vec<u32>, budget: usize, cap: usize) -> Builder {
        let terminal = domains.len() as u32;
        Builder {
            domains,
            level: vec![terminal, terminal],
            first: vec![0, 0],
            children: Vec::new(),
            unique: vec![(EMPTY, 0); 1 << 10],
            entries: 0,
            stack: Vec::new(),
            cache: ApplyCache::new(),
            budget,
            cap: cap.max(budget),
            collect_at: budget,
            peak: 2,
            work: 0,
            max_work: (budget as u64).saturating_mul(WORK_PER_NODE).max(MIN_WORK),
        }
    }

    /// The hash of a node (its level and children) in the unique table.
    fn hash(level: u32, kids: &[NodeId]) -> u32 {
        let mut x = u64::from(level).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        for &k in kids {
            x = (x.rotate_left(5) ^ u64::from(k)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
        (x >> 32) as u32
    }

    /// Keeps only the nodes reachable from `roots`, renumbered in the same (children first)
    /// order, and rewrites `roots` to their new ids: the unique table is rebuilt and the apply
    /// cache emptied (its entries name old ids).
    // Native only: in the browser the store never holds more than the budget (the diagram is
    // compiled off-line with room to spare: `configurator compile`), so there is nothing to
    // collect, and the app's page stays within its size budget.
    #[cfg(not(target_arch = "wasm32"))]
    fn collect(&mut self, roots: &mut [NodeId]) {
        let (level, first, children, new_id) = self.compacted(roots);
        self.level = level;
        self.first = first;
        self.children = children;
        self.unique = vec![(EMPTY, 0); (2 * self.level.len()).next_power_of_two().max(1 << 10)];
        self.entries = 0;
        for u in 2..self.level.len() as NodeId {
            let h = Self::hash(self.level[u as usize], self.kids(u));
            place(&mut self.unique, u, h);
            self.entries += 1;
        }
        self.cache = ApplyCache::new();
        self.cache.fit(self.level.len());
        for r in roots.iter_mut() {
            *r = new_id[*r as usize];
        }
    }

    /// Counts `units` of work; `TooLarge` past the budget.
    pub(crate) fn spend(&mut self, units: u64) -> Result<(), TooLarge> {
        self.work += units;
        if self.work > self.max_work {
            return Err(TooLarge);
        }
        Ok(())
    }

    /// The level of node `u` (terminals: the number of levels).
    pub(crate) fn level_of(&self, u: NodeId) -> u32 {
        self.level[u as usize]
    }

    /// The finished diagram of `root`: only the nodes reachable from it are kept.
    pub(crate) fn finish(self, root: NodeId, vars: Vars) -> Mdd {
        let (level, first, children, root) = self.reachable_from(root);
        Mdd::new(vars, level, first, children, root)
    }

    fn terminal_level(&self) -> u32 {
        self.domains.len() as u32
    }

    pub(crate) fn kids(&self, u: NodeId) -> &[NodeId] {
        let f = self.first[u as usize] as usize;
        let d = if self.level[u as usize] == self.terminal_level() {
            0
        } else {
            self.domains[self.level[u as usize] as usize] as usize
        };
        &self.children[f..f + d]
    }

    /// The node at `level` with these children (one per value), or the child when all are
    /// equal; `TooLarge` past the budget.
    pub(crate) fn make(&mut self, level: u32, kids: &[NodeId]) -> Result<NodeId, TooLarge> {
        if kids.iter().all(|&k| k == kids[0]) {
            return Ok(kids[0]);
        }
        let hash = Self::hash(level, kids);
        let mask = self.unique.len() - 1;
        let mut at = hash as usize & mask;
        loop {
            let (n, h) = self.unique[at];
            if n == EMPTY {
                break;
            }
            if h == hash && self.level[n as usize] == level && self.kids(n) == kids {
                return Ok(n);
            }
            at = (at + 1) & mask;
        }
        self.spend(kids.len() as u64)?;
        if self.level.len() >= self.cap {
            return Err(TooLarge);
        }
        let id = self.level.len() as NodeId;
        self.level.push(level);
        self.first.push(self.children.len() as u32);
        self.children.extend_from_slice(kids);
        self.unique[at] = (id, hash);
        self.entries += 1;
        self.peak = self.peak.max(self.level.len());
        if 2 * self.entries > self.unique.len() {
            let old = std::mem::replace(&mut self.unique, vec![(EMPTY, 0); 2 * (mask + 1)]);
            for (n, h) in old.into_iter().filter(|&(n, _)| n != EMPTY) {
                place(&mut self.unique, n, h);
            }
        }
        self.cache.fit(self.level.len());
        Ok(id)
    }

    /// [`Builder::make`] over the children pushed on the stack since `base`, popping them.
    pub(crate) fn make_top(&mut self, level: u32, base: usize) -> Result<NodeId, TooLarge> {
        let kids = std::mem::take(&mut self.stack);
        let r = self.make(level, &kids[base..]);
        self.stack = kids;
        self.stack.truncate(base);
        r
    }

    /// The nodes reachable from `root`, renumbered in the same (children first) order: the
    /// intermediate diagrams of a compile are garbage afterwards (about 60% of Renault's nodes),
    /// and every linear pass over the diagram would visit them. Returns the node levels, first
    /// children, children and the new root.
    fn reachable_from(&self, root: NodeId) -> (Vec<u32>, Vec<u32>, Vec<NodeId>, NodeId) {
        let (level, first, children, new_id) = self.compacted(&[root]);
        (level, first, children, new_id[root as usize])
    }

    /// Which nodes are reachable from `roots` (the terminals always are). Parents have larger
    /// ids than their children: one downward sweep marks everything.
    fn reachable(&self, roots: &[NodeId]) -> Vec<bool> {
        let mut keep = vec![false; self.level.len()];
        keep[FALSE as usize] = true;
        keep[TRUE as usize] = true;
        for &r in roots {
            keep[r as usize] = true;
        }
        for u in (2..self.level.len()).rev() {
            if keep[u] {
                for &k in self.kids(u as NodeId) {
                    keep[k as usize] = true;
                }
            }
        }
        keep
    }

    /// The nodes reachable from `roots`, renumbered in the same (children first) order: their
    /// levels, first children and children, and each old node's new id.
    fn compacted(&self, roots: &[NodeId]) -> (Vec<u32>, Vec<u32>, Vec<NodeId>, Vec<NodeId>) {
        let keep = self.reachable(roots);
        let mut new_id = vec![FALSE; keep.len()];
        new_id[TRUE as usize] = TRUE;
        let terminal = self.terminal_level();
        let (mut level, mut first, mut children) = (vec![terminal; 2], vec![0; 2], Vec::new());
        for u in 2..keep.len() {
            if keep[u] {
                new_id[u] = level.len() as NodeId;
                level.push(self.level[u]);
                first.push(children.len() as u32);
                children.extend(self.kids(u as NodeId).iter().map(|&k| new_id[k as usize]));
            }
        }
        (level, first, children, new_id)
    }

    /// The node testing `level == value` (true) or `!=` (false).
    pub(crate) fn literal(&mut self, slot: Slot) -> Result<NodeId, TooLarge> {
        let d = self.domains[slot.level as usize];
        let base = self.stack.len();
        self.stack
            .extend((0..d).map(|v| if v == slot.value { TRUE } else { FALSE }));
        self.make_top(slot.level, base)
    }

    /// `a op b`.
    pub(crate) fn apply(&mut self, op: Op, a: NodeId, b: NodeId) -> Result<NodeId, TooLarge> {
        match op {
            Op::And => {
                if a == FALSE || b == FALSE {
                    return Ok(FALSE);
                }
                if a == TRUE {
                    return Ok(b);
                }
                if b == TRUE || a == b {
                    return Ok(a);
                }
            }
            Op::Or => {
                if a == TRUE || b == TRUE {
                    return Ok(TRUE);
                }
                if a == FALSE {
                    return Ok(b);
                }
                if b == FALSE || a == b {
                    return Ok(a);
                }
            }
        }
        let (a, b) = if a < b { (a, b) } else { (b, a) };
        if let Some(r) = self.cache.get(op, a, b) {
            return Ok(r);
        }
        self.spend(1)?;
        let (la, lb) = (self.level[a as usize], self.level[b as usize]);
        let l = la.min(lb);
        let d = self.domains[l as usize] as usize;
        let base = self.stack.len();
        for v in 0..d {
            let ca = if la == l { self.kids(a)[v] } else { a };
            let cb = if lb == l { self.kids(b)[v] } else { b };
            let r = self.apply(op, ca, cb)?;
            self.stack.push(r);
        }
        let r = self.make_top(l, base)?;
        self.cache.put(op, a, b, r);
        Ok(r)
    }

    /// `¬a` (`memo` caches negated nodes within one call).
    pub(crate) fn not(
        &mut self,
        a: NodeId,
        memo: &mut FxMap<NodeId, NodeId>,
    ) -> Result<NodeId, TooLarge> {
        match a {
            FALSE => return Ok(TRUE),
            TRUE => return Ok(FALSE),
            _ => {}
        }
        if let Some(&r) = memo.get(&a) {
            return Ok(r);
        }
        let l = self.level[a as usize];
        let base = self.stack.len();
        for v in 0..self.kids(a).len() {
            let r = self.not(self.kids(a)[v], memo)?;
            self.stack.push(r);
        }
        let r = self.make_top(l, base)?;
        memo.insert(a, r);
        Ok(r)
    }

    /// The conjunction of `parts`.
    pub(crate) fn and_all(&mut self, mut parts: Vec<NodeId>) -> Result<NodeId, TooLarge> {
        // Pairwise (balanced) conjunction keeps intermediate diagrams small. Between two
        // conjunctions every live node is in `parts`: when the store has grown enough, the
        // rest is collected.
        while parts.len() > 1 {
            let mut at = 0;
            let mut done = 0;
            while at + 1 < parts.len() {
                let r = self.apply(Op::And, parts[at], parts[at + 1])?;
                parts[done] = r;
                done += 1;
                at += 2;
                #[cfg(not(target_arch = "wasm32"))]
                if self.level.len() > self.collect_at {
                    // Live: the results so far and the parts not yet conjoined.
                    parts.copy_within(at.., done);
                    parts.truncate(done + parts.len() - at);
                    at = done;
                    self.collect(&mut parts);
                    self.collect_at = (2 * self.level.len()).max(self.budget);
                }
            }
            if at < parts.len() {
                parts[done] = parts[at];
                done += 1;
            }
            parts.truncate(done);
        }
        Ok(parts.first().copied().unwrap_or(TRUE))
    }

    /// The size of the diagram of `root` alone (what [`Builder::finish`] keeps).
    pub(crate) fn size_of(&self, root: NodeId) -> usize {
        self.reachable(&[root]).iter().filter(|&&k| k).count()
    }

    /// The diagram of an expression, items placed by `slots`.
    pub(crate) fn expr(&mut self, e: &Expr, slots: &[Slot]) -> Result<NodeId, TooLarge> {
        match e {
            Expr::Const(true) => Ok(TRUE),
            Expr::Const(false) => Ok(FALSE),
            Expr::Item(i) => self.literal(slots[i.index()]),
            Expr::Not(inner) => {
                let x = self.expr(inner, slots)?;
                self.not(x, &mut FxMap::default())
            }
            Expr::And(parts) | Expr::Or(parts) => {
                let op = if matches!(e, Expr::And(_)) {
                    Op::And
                } else {
                    Op::Or
                };
                let mut acc = if op == Op::And { TRUE } else { FALSE };
                for p in parts {
                    let x = self.expr(p, slots)?;
                    acc = self.apply(op, acc, x)?;
                }
                Ok(acc)
            }
        }
    }

    /// At most `max` and at least `min` of the given yes/no levels are yes.
    pub(crate) fn cardinality(
        &mut self,
        levels: &[u32],
        min: u32,
        max: u32,
    ) -> Result<NodeId, TooLarge> {
        // Build bottom-up: node[k][c] = diagram for levels[k..] given c chosen so far.
        let n = levels.len();
        let mut below: Vec<NodeId> = (0..=n as u32)
            .map(|c| if c >= min && c <= max { TRUE } else { FALSE })
            .collect();
        for k in (0..n).rev() {
            let mut here = Vec::with_capacity(k + 1);
            for c in 0..=k {
                let no = below[c];
                let yes = below[c + 1];
                here.push(self.make(levels[k], &[no, yes])?);
            }
            below = here;
        }
        Ok(below[0])
    }

    /// Between `min` and `max` of the given (level, value) members hold; several members may
    /// share a level (items of one single-choice group).
    pub(crate) fn count_of(
        &mut self,
        members: &[Slot],
        min: u32,
        max: u32,
    ) -> Result<NodeId, TooLarge> {
        let mut levels: Vec<u32> = members.iter().map(|m| m.level).collect();
        levels.sort_unstable();
        levels.dedup();
        let n = members.len();
        let mut below: Vec<NodeId> = (0..=n as u32)
            .map(|c| if c >= min && c <= max { TRUE } else { FALSE })
            .collect();
        for (k, &l) in levels.iter().enumerate().rev() {
            let d = self.domains[l as usize];
            let hits: Vec<bool> = (0..d)
                .map(|v| members.iter().any(|m| m.level == l && m.value == v))
                .collect();
            let mut here = Vec::with_capacity(k + 1);
            for c in 0..=k.min(n) {
                let kids: Vec<NodeId> = hits
                    .iter()
                    .map(|&h| below[(c + usize::from(h)).min(n)])
                    .collect();
                here.push(self.make(l, &kids)?);
            }
            below = here;
        }
        Ok(below[0])
    }
}
