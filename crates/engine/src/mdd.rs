//! A catalog compiled into one reduced, ordered multi-valued decision diagram (MDD) of all its
//! valid configurations, when that fits in a node budget.
//!
//! Levels are variables: a single-choice group is one variable whose values are its items (plus
//! "none" when the group is optional); each item of a multiple-choice group is a yes/no
//! variable. An item with a quantity `min..=max` adds a level whose values are its quantity
//! `0..=max` (0: left out; values below `min` never allowed). A node whose children are all equal is never created, so an edge may skip levels:
//! skipped variables are free along it.
//!
//! With the diagram, an update is two linear passes (see [`Mdd::supports`]), a count is one,
//! and a consistency check for an explanation is one.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::Natural;

use crate::catalog::{Catalog, ChoiceKind, Expr, RuleBody, RuleKind, Table};
use crate::engine::Choice;

/// A fast, deterministic hasher (FxHash) for the compile's memo tables and the catalog's
/// table columns (item keys). Byte slices (strings) are mixed four bytes at a time; `finish`
/// rotates the well-mixed high bits down, since hashbrown picks buckets by the low bits (as
/// rustc-hash 2 does).
#[derive(Default)]
pub(crate) struct Fx(u64);

impl Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(4);
        for w in &mut words {
            self.write_u64(u64::from(u32::from_le_bytes([w[0], w[1], w[2], w[3]])));
        }
        for &b in words.remainder() {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// A node id. `FALSE` and `TRUE` are the terminals.
pub(crate) type NodeId = u32;
pub(crate) const FALSE: NodeId = 0;
pub(crate) const TRUE: NodeId = 1;

/// An empty slot of the unique table (no node has this id: budgets are far below it).
const EMPTY: NodeId = u32::MAX;

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
    /// Node levels (terminals: `domains.len()`).
    level: Vec<u32>,
    /// Node children, `domains[level]` of them, stored flat from `first[node]`.
    first: Vec<u32>,
    children: Vec<NodeId>,
    /// The root of all valid configurations.
    pub root: NodeId,
}

struct Builder {
    domains: Vec<u32>,
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
    stack: Vec<NodeId>,
    /// Results of `apply`, valid for the whole compile (nodes are never removed).
    cache: ApplyCache,
    budget: usize,
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
    fn terminal_level(&self) -> u32 {
        self.domains.len() as u32
    }

    fn kids(&self, u: NodeId) -> &[NodeId] {
        let f = self.first[u as usize] as usize;
        let d = if self.level[u as usize] == self.terminal_level() {
            0
        } else {
            self.domains[self.level[u as usize] as usize] as usize
        };
        &self.children[f..f + d]
    }

    fn make(&mut self, level: u32, kids: &[NodeId]) -> Result<NodeId, TooLarge> {
        if kids.iter().all(|&k| k == kids[0]) {
            return Ok(kids[0]);
        }
        let mut x = u64::from(level).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        for &k in kids {
            x = (x.rotate_left(5) ^ u64::from(k)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
        let hash = (x >> 32) as u32;
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
        if self.level.len() >= self.budget {
            return Err(TooLarge);
        }
        let id = self.level.len() as NodeId;
        self.level.push(level);
        self.first.push(self.children.len() as u32);
        self.children.extend_from_slice(kids);
        self.unique[at] = (id, hash);
        self.entries += 1;
        if 2 * self.entries > self.unique.len() {
            let old = std::mem::replace(&mut self.unique, vec![(EMPTY, 0); 2 * (mask + 1)]);
            let mask = self.unique.len() - 1;
            for (n, h) in old.into_iter().filter(|&(n, _)| n != EMPTY) {
                let mut at = h as usize & mask;
                while self.unique[at].0 != EMPTY {
                    at = (at + 1) & mask;
                }
                self.unique[at] = (n, h);
            }
        }
        self.cache.fit(self.level.len());
        Ok(id)
    }

    /// [`Builder::make`] over the children pushed on the stack since `base`, popping them.
    fn make_top(&mut self, level: u32, base: usize) -> Result<NodeId, TooLarge> {
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
        let n = self.level.len();
        let mut keep = vec![false; n];
        keep[FALSE as usize] = true;
        keep[TRUE as usize] = true;
        keep[root as usize] = true;
        // Parents have larger ids than their children: one downward sweep marks everything.
        for u in (2..n).rev() {
            if keep[u] {
                for &k in self.kids(u as NodeId) {
                    keep[k as usize] = true;
                }
            }
        }
        let mut new_id = vec![FALSE; n];
        let terminal = self.terminal_level();
        let (mut level, mut first, mut children) = (vec![terminal; 2], vec![0; 2], Vec::new());
        new_id[TRUE as usize] = TRUE;
        for u in 2..n {
            if keep[u] {
                new_id[u] = level.len() as NodeId;
                level.push(self.level[u]);
                first.push(children.len() as u32);
                children.extend(self.kids(u as NodeId).iter().map(|&k| new_id[k as usize]));
            }
        }
        (level, first, children, new_id[root as usize])
    }

    /// The node testing `level == value` (true) or `!=` (false).
    fn literal(&mut self, slot: Slot) -> Result<NodeId, TooLarge> {
        let d = self.domains[slot.level as usize];
        let base = self.stack.len();
        self.stack
            .extend((0..d).map(|v| if v == slot.value { TRUE } else { FALSE }));
        self.make_top(slot.level, base)
    }

    fn apply(&mut self, op: Op, a: NodeId, b: NodeId) -> Result<NodeId, TooLarge> {
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

    fn not(&mut self, a: NodeId, memo: &mut FxMap<NodeId, NodeId>) -> Result<NodeId, TooLarge> {
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

    fn and_all(&mut self, mut parts: Vec<NodeId>) -> Result<NodeId, TooLarge> {
        // Pairwise (balanced) conjunction keeps intermediate diagrams small.
        while parts.len() > 1 {
            let mut next = Vec::with_capacity(parts.len().div_ceil(2));
            for pair in parts.chunks(2) {
                next.push(match pair {
                    [a, b] => self.apply(Op::And, *a, *b)?,
                    [a] => *a,
                    _ => unreachable!("chunks of two"),
                });
            }
            parts = next;
        }
        Ok(parts.first().copied().unwrap_or(TRUE))
    }

    fn expr(&mut self, e: &Expr, slots: &[Slot]) -> Result<NodeId, TooLarge> {
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
    fn cardinality(&mut self, levels: &[u32], min: u32, max: u32) -> Result<NodeId, TooLarge> {
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
    fn count_of(&mut self, members: &[Slot], min: u32, max: u32) -> Result<NodeId, TooLarge> {
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

    /// `Σ weight ≤ 0` over the (level, value) terms that hold, layered by level with partial
    /// sums (pruned where the remaining terms cannot change the outcome).
    fn sum_at_most_zero(&mut self, terms: &[(Slot, i64)]) -> Result<NodeId, TooLarge> {
        let mut levels: Vec<u32> = terms.iter().map(|(s, _)| s.level).collect();
        levels.sort_unstable();
        levels.dedup();
        // delta[k][v]: what value v of the k-th level adds.
        let delta: Vec<Vec<i64>> = levels
            .iter()
            .map(|&l| {
                (0..self.domains[l as usize])
                    .map(|v| {
                        terms
                            .iter()
                            .filter(|(s, _)| s.level == l && s.value == v)
                            .map(|(_, w)| w)
                            .sum()
                    })
                    .collect()
            })
            .collect();
        let n = levels.len();
        let (mut lo, mut hi) = (vec![0i64; n + 1], vec![0i64; n + 1]);
        for k in (0..n).rev() {
            lo[k] = lo[k + 1] + delta[k].iter().copied().min().unwrap_or(0);
            hi[k] = hi[k + 1] + delta[k].iter().copied().max().unwrap_or(0);
        }
        let mut memo: FxMap<(usize, i64), NodeId> = FxMap::default();
        self.sum_node(0, 0, &levels, &delta, &lo, &hi, &mut memo)
    }

    #[allow(clippy::too_many_arguments)]
    fn sum_node(
        &mut self,
        k: usize,
        sum: i64,
        levels: &[u32],
        delta: &[Vec<i64>],
        lo: &[i64],
        hi: &[i64],
        memo: &mut FxMap<(usize, i64), NodeId>,
    ) -> Result<NodeId, TooLarge> {
        if sum + lo[k] > 0 {
            return Ok(FALSE);
        }
        if sum + hi[k] <= 0 {
            return Ok(TRUE);
        }
        if let Some(&n) = memo.get(&(k, sum)) {
            return Ok(n);
        }
        let base = self.stack.len();
        for &d in &delta[k] {
            let r = self.sum_node(k + 1, sum + d, levels, delta, lo, hi, memo)?;
            self.stack.push(r);
        }
        let n = self.make_top(levels[k], base)?;
        memo.insert((k, sum), n);
        Ok(n)
    }

    /// A table over single-choice groups (`allowed`) as a diagram in level order; a group at
    /// "none" (optional groups) makes the table hold.
    // Not inlined: a browser optimises a function only for its later calls, so the per-row
    // loops must not sit inside a function that runs once per catalog.
    #[inline(never)]
    fn table(
        &mut self,
        catalog: &Catalog,
        t: &Table,
        slots: &[Slot],
        group_level: &[u32],
    ) -> Result<NodeId, TooLarge> {
        if !t.allowed {
            let mut any = FALSE;
            for tuple in &t.tuples {
                let mut cube = TRUE;
                for &i in tuple {
                    let lit = self.literal(slots[i.index()])?;
                    cube = self.apply(Op::And, cube, lit)?;
                }
                any = self.apply(Op::Or, any, cube)?;
            }
            return self.not(any, &mut FxMap::default());
        }
        // Columns in level order.
        let mut cols: Vec<usize> = (0..t.groups.len()).collect();
        crate::sort::by_key(&mut cols, |&c| u64::from(group_level[t.groups[c].index()]));
        let levels: Vec<u32> = cols
            .iter()
            .map(|&c| group_level[t.groups[c].index()])
            .collect();
        let none_value: Vec<Option<u32>> = cols
            .iter()
            .map(|&c| {
                let g = catalog.group(t.groups[c]);
                (g.min == 0 || g.when.is_some()).then_some(g.items.len() as u32)
            })
            .collect();
        // Rows as values in level order in one flat array (tables can have many thousands of
        // rows), sorted by a least-significant-column-first radix sort (domains are small).
        let width = cols.len();
        let n = t.tuples.len();
        let mut cells: Vec<u32> = Vec::with_capacity(n * width);
        for tuple in &t.tuples {
            cells.extend(cols.iter().map(|&c| slots[tuple[c].index()].value));
        }
        let mut order: Vec<u32> = (0..n as u32).collect();
        let mut spare = vec![0u32; n];
        for k in (0..width).rev() {
            let d = self.domains[levels[k] as usize] as usize;
            let mut start = vec![0u32; d + 1];
            for &r in &order {
                start[cells[r as usize * width + k] as usize + 1] += 1;
            }
            for v in 0..d {
                start[v + 1] += start[v];
            }
            for &r in &order {
                let v = cells[r as usize * width + k] as usize;
                spare[start[v] as usize] = r;
                start[v] += 1;
            }
            std::mem::swap(&mut order, &mut spare);
        }
        let rows: Vec<u32> = order
            .iter()
            .flat_map(|&r| &cells[r as usize * width..(r as usize + 1) * width])
            .copied()
            .collect();
        // Below depth k with no row left, only a later group at "none" makes the table hold.
        let mut empty = vec![FALSE; width + 1];
        for k in (0..width).rev() {
            empty[k] = match none_value[k] {
                Some(none) => {
                    let d = self.domains[levels[k] as usize];
                    let base = self.stack.len();
                    self.stack
                        .extend((0..d).map(|v| if v == none { TRUE } else { empty[k + 1] }));
                    self.make_top(levels[k], base)?
                }
                None => empty[k + 1],
            };
        }
        let shape = TableShape {
            width,
            levels: &levels,
            none_value: &none_value,
            empty: &empty,
        };
        if n == 0 {
            return Ok(empty[0]);
        }
        self.table_node(&rows, 0, &shape)
    }

    /// The diagram of the sorted rows (flat, `shape.width` values each; at least one) from
    /// column `depth` on, all of which agree on the columns before.
    fn table_node(
        &mut self,
        rows: &[u32],
        depth: usize,
        shape: &TableShape<'_>,
    ) -> Result<NodeId, TooLarge> {
        let w = shape.width;
        if depth == w {
            return Ok(TRUE);
        }
        let d = self.domains[shape.levels[depth] as usize] as usize;
        let base = self.stack.len();
        self.stack.resize(base + d, shape.empty[depth + 1]);
        let mut lo = 0;
        while lo < rows.len() {
            let v = rows[lo + depth];
            let mut hi = lo + w;
            while hi < rows.len() && rows[hi + depth] == v {
                hi += w;
            }
            let r = self.table_node(&rows[lo..hi], depth + 1, shape)?;
            self.stack[base + v as usize] = r;
            lo = hi;
        }
        if let Some(none) = shape.none_value[depth] {
            self.stack[base + none as usize] = TRUE;
        }
        self.make_top(shape.levels[depth], base)
    }
}

/// A table's columns in level order, for [`Builder::table_node`].
struct TableShape<'a> {
    width: usize,
    levels: &'a [u32],
    none_value: &'a [Option<u32>],
    /// What holds from each depth on when no row is left.
    empty: &'a [NodeId],
}

/// The variables (levels, in catalog order) each constraint mentions.
fn constraint_edges(
    catalog: &Catalog,
    slots: &[Slot],
    group_level: &[u32],
    quantity_levels: &[Option<u32>],
) -> Vec<Vec<u32>> {
    let mut edges = Vec::new();
    for (i, q) in quantity_levels.iter().enumerate() {
        if let Some(q) = q {
            edges.push(vec![slots[i].level, *q]);
        }
    }
    for g in catalog.groups() {
        let trivial = g.min == 0 && g.max as usize >= g.items.len();
        let mut levels: Vec<u32> = Vec::new();
        if g.kind == ChoiceKind::Multiple && !trivial || g.when.is_some() {
            levels.extend(g.items.iter().map(|i| slots[i.index()].level));
        }
        if let Some((w, _)) = &g.when {
            let mut items = Vec::new();
            w.items(&mut items);
            levels.extend(items.iter().map(|i| slots[i.index()].level));
        }
        levels.sort_unstable();
        levels.dedup();
        if levels.len() > 1 {
            edges.push(levels);
        }
    }
    for r in catalog.rules() {
        let mut levels: Vec<u32> = match &r.body {
            RuleBody::Logic {
                condition,
                consequence,
            } => {
                let mut items = Vec::new();
                condition.items(&mut items);
                consequence.items(&mut items);
                items.iter().map(|i| slots[i.index()].level).collect()
            }
            RuleBody::Table(t) if t.allowed => {
                t.groups.iter().map(|g| group_level[g.index()]).collect()
            }
            RuleBody::Count { items, .. } => items.iter().map(|i| slots[i.index()].level).collect(),
            RuleBody::Resource { .. } => r
                .resource_terms(catalog)
                .iter()
                .map(|(i, _)| quantity_levels[i.index()].unwrap_or(slots[i.index()].level))
                .collect(),
            RuleBody::Table(t) => t
                .tuples
                .iter()
                .flatten()
                .map(|i| slots[i.index()].level)
                .collect(),
        };
        levels.sort_unstable();
        levels.dedup();
        if levels.len() > 1 {
            edges.push(levels);
        }
    }
    edges
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

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Op {
    And,
    Or,
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
        skip: Option<crate::ids::RuleId>,
    ) -> Result<Mdd, TooLarge> {
        // Levels in catalog order: a group's variable, or one per item of a multiple group.
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
        // Reorder levels so that constrained variables sit close together.
        let edges = constraint_edges(catalog, &slots, &group_level, &quantity_levels);
        let rank = force_order(domains.len(), &edges);
        let mut permuted = vec![0; domains.len()];
        for (old, &new) in rank.iter().enumerate() {
            permuted[new as usize] = domains[old];
        }
        let domains = permuted;
        for s in &mut slots {
            s.level = rank[s.level as usize];
        }
        for l in quantity_levels.iter_mut().flatten() {
            *l = rank[*l as usize];
        }
        for l in &mut group_level {
            if *l != u32::MAX {
                *l = rank[*l as usize];
            }
        }
        let terminal = domains.len() as u32;
        let mut b = Builder {
            domains,
            level: vec![terminal, terminal],
            first: vec![0, 0],
            children: Vec::new(),
            unique: vec![(EMPTY, 0); 1 << 10],
            entries: 0,
            stack: Vec::new(),
            cache: ApplyCache::new(),
            budget,
        };
        let mut parts = Vec::new();
        // An item's quantity is 0 exactly when it is left out, else within its range.
        for it in catalog.items() {
            if let Some(l) = quantity_levels[it.id.index()] {
                let x = b.literal(slots[it.id.index()])?;
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
        for g in catalog.groups() {
            if let Some((w, _)) = &g.when {
                // (w ∧ limits) ∨ (¬w ∧ nothing chosen)
                let members: Vec<Slot> = g.items.iter().map(|i| slots[i.index()]).collect();
                let limits = b.count_of(&members, g.min, g.max)?;
                let nothing = b.count_of(&members, 0, 0)?;
                let wn = b.expr(w, &slots)?;
                let not_w = b.not(wn, &mut FxMap::default())?;
                let on = b.apply(Op::And, wn, limits)?;
                let off = b.apply(Op::And, not_w, nothing)?;
                parts.push(b.apply(Op::Or, on, off)?);
                continue;
            }
            if g.kind == ChoiceKind::Multiple {
                // Symmetric in its items, so built in level order.
                let mut levels: Vec<u32> = g.items.iter().map(|i| slots[i.index()].level).collect();
                levels.sort_unstable();
                parts.push(b.cardinality(&levels, g.min, g.max)?);
            }
        }
        for r in catalog.rules().iter().filter(|r| Some(r.id) != skip) {
            let node = match &r.body {
                RuleBody::Logic {
                    condition,
                    consequence,
                } => {
                    let c = b.expr(condition, &slots)?;
                    let t = b.expr(consequence, &slots)?;
                    match r.kind {
                        RuleKind::Excludes => {
                            let both = b.apply(Op::And, c, t)?;
                            b.not(both, &mut FxMap::default())?
                        }
                        _ => {
                            let nc = b.not(c, &mut FxMap::default())?;
                            b.apply(Op::Or, nc, t)?
                        }
                    }
                }
                RuleBody::Table(t) => b.table(catalog, t, &slots, &group_level)?,
                RuleBody::Count { items, min, max } => {
                    let members: Vec<Slot> = items.iter().map(|i| slots[i.index()]).collect();
                    b.count_of(&members, *min, *max)?
                }
                RuleBody::Resource { .. } => {
                    let mut terms: Vec<(Slot, i64)> = Vec::new();
                    for (i, w) in r.resource_terms(catalog) {
                        match quantity_levels[i.index()] {
                            Some(level) => terms.extend(
                                (1..=*catalog.item(i).quantity.end())
                                    .map(|q| (Slot { level, value: q }, w * i64::from(q))),
                            ),
                            None => terms.push((slots[i.index()], w)),
                        }
                    }
                    b.sum_at_most_zero(&terms)?
                }
            };
            parts.push(node);
        }
        // Conjoin constraints in the order of their top level, neighbours first.
        crate::sort::by_key(&mut parts, |&p| u64::from(b.level[p as usize]));
        let root = b.and_all(parts)?;
        let (level, first, children, root) = b.reachable_from(root);
        Ok(Mdd {
            domains: b.domains,
            slots,
            quantity_levels,
            level,
            first,
            children,
            root,
        })
    }

    /// Number of nodes, terminals included.
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
        let mut fixed = vec![None; self.domains.len()];
        let mut pin = |level: u32, value: u32| match fixed[level as usize] {
            Some(v) if v != value => None,
            _ => {
                fixed[level as usize] = Some(value);
                Some(())
            }
        };
        for c in choices {
            let s = self.slots[c.item.index()];
            pin(s.level, s.value)?;
            match (c.quantity, self.quantity_levels[c.item.index()]) {
                (None, _) | (Some(1), None) => {}
                (Some(q), Some(l)) if q >= 1 && q < self.domains[l as usize] => pin(l, q)?,
                _ => return None,
            }
        }
        Some(fixed)
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

    /// Bottom-up: whether each node reaches TRUE under the restriction.
    fn alive(&self, fixed: &[Option<u32>]) -> Vec<bool> {
        let mut alive = vec![false; self.size()];
        alive[TRUE as usize] = true;
        // Children always have smaller ids than their parents.
        for u in 2..self.size() {
            let l = self.level[u] as usize;
            let kids = self.kids(u as NodeId);
            alive[u] = match fixed[l] {
                Some(v) => alive[kids[v as usize] as usize],
                None => kids.iter().any(|&k| alive[k as usize]),
            };
        }
        alive
    }

    /// For every level, which values some configuration allows given the restriction on all
    /// *other* levels: two linear passes, bottom-up (alive under the restrictions below) and
    /// top-down (reached under the restrictions above).
    pub(crate) fn supports(&self, fixed: &[Option<u32>]) -> Vec<Vec<bool>> {
        let alive = self.alive(fixed);
        let levels = self.domains.len();
        let mut valid: Vec<Vec<bool>> = self
            .domains
            .iter()
            .map(|&d| vec![false; d as usize])
            .collect();
        // free[l] > 0: level l is skipped by some live, reachable edge.
        let mut free = vec![0i64; levels + 1];
        let mut reach = vec![false; self.size()];
        reach[self.root as usize] = true;
        let mark_free = |from: u32, to: u32, free: &mut Vec<i64>| {
            if from < to {
                free[from as usize] += 1;
                free[to as usize] -= 1;
            }
        };
        if alive[self.root as usize] {
            mark_free(0, self.level[self.root as usize], &mut free);
        }
        // Top-down: ids in decreasing order visit parents before children.
        for u in (2..self.size()).rev() {
            if !reach[u] {
                continue;
            }
            let l = self.level[u] as usize;
            for (v, &k) in self.kids(u as NodeId).iter().enumerate() {
                if alive[k as usize] {
                    // Given the other levels, value v of level l is supported here.
                    valid[l][v] = true;
                }
                if fixed[l].is_none_or(|f| f == v as u32) {
                    reach[k as usize] = true;
                    if alive[k as usize] {
                        mark_free(l as u32 + 1, self.level[k as usize], &mut free);
                    }
                }
            }
        }
        let mut running = 0;
        for (l, vals) in valid.iter_mut().enumerate() {
            running += free[l];
            if running > 0 {
                vals.iter_mut().for_each(|x| *x = true);
            }
        }
        valid
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

    /// After a compile, every node is reachable from the root and children come before their
    /// parents (the linear passes rely on both).
    #[test]
    fn compiled_diagram_has_only_reachable_nodes_children_first() {
        for text in [
            crate::DEMO_CATALOG,
            include_str!("../../../catalogs/nx-ap-wireless.json"),
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
