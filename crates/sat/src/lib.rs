//! An incremental CDCL satisfiability solver with assumptions and failed-assumption cores.
//!
//! MiniSat's design, kept small: two watched literals with blockers, first-UIP learning with
//! local minimisation, VSIDS on a binary heap, phase saving (initial phase `false`, so models
//! choose as few items as the rules allow), Luby restarts, and LBD-based clause deletion.
//! Learned clauses are kept between calls, so the many related questions the engine asks after
//! one click get cheaper as they go.
//!
//! Invariants (checked under `debug_assertions`): every model returned satisfies every original
//! clause and every assumption; every core is a subset of the assumptions.

mod order;

use order::{luby, Heap};

/// A boolean variable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Var(pub u32);

impl Var {
    fn idx(self) -> usize {
        self.0 as usize
    }
}

/// A literal: a variable or its negation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Lit(u32);

impl Lit {
    /// The positive literal of `v`.
    pub fn pos(v: Var) -> Lit {
        Lit(v.0 << 1)
    }

    /// The negative literal of `v`.
    pub fn neg(v: Var) -> Lit {
        Lit((v.0 << 1) | 1)
    }

    /// The literal of `v` that is true when `v` has `value`.
    pub fn new(v: Var, value: bool) -> Lit {
        if value {
            Lit::pos(v)
        } else {
            Lit::neg(v)
        }
    }

    /// Its variable.
    pub fn var(self) -> Var {
        Var(self.0 >> 1)
    }

    /// Whether it is a negation.
    pub fn is_neg(self) -> bool {
        self.0 & 1 == 1
    }

    fn code(self) -> usize {
        self.0 as usize
    }

    /// Value of the literal given its variable's value.
    pub fn holds(self, value: bool) -> bool {
        value != self.is_neg()
    }
}

impl std::ops::Not for Lit {
    type Output = Lit;
    fn not(self) -> Lit {
        Lit(self.0 ^ 1)
    }
}

const UNDEF: u8 = 2;
const NO_REASON: u32 = u32::MAX;

#[derive(Clone, Debug)]
struct Clause {
    lits: Vec<Lit>,
    learnt: bool,
    deleted: bool,
    lbd: u32,
}

#[derive(Clone, Copy, Debug)]
struct Watcher {
    clause: u32,
    blocker: Lit,
}

/// The answer to one `solve` call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// A model exists; read it with [`Solver::model`].
    Sat,
    /// No model extends the assumptions. `core` is a subset of the assumptions that already
    /// has none (empty when the clauses alone are unsatisfiable).
    Unsat {
        /// The failed assumptions.
        core: Vec<Lit>,
    },
}

/// An incremental CDCL solver.
#[derive(Clone, Debug, Default)]
pub struct Solver {
    clauses: Vec<Clause>,
    watches: Vec<Vec<Watcher>>,
    assigns: Vec<u8>,
    level: Vec<u32>,
    reason: Vec<u32>,
    polarity: Vec<bool>,
    activity: Vec<f64>,
    /// Decision order: variables of `heaps[0]` (primary) are decided before those of `heaps[1]`.
    heaps: [Heap; 2],
    tier: Vec<u8>,
    seen: Vec<bool>,
    trail: Vec<Lit>,
    trail_lim: Vec<usize>,
    qhead: usize,
    var_inc: f64,
    ok: bool,
    model: Vec<bool>,
    num_learnts: usize,
    max_learnts: usize,
    /// Conflicts seen over the solver's life (a work measure for benchmarks).
    pub conflicts: u64,
    /// `solve` calls over the solver's life.
    pub solves: u64,
    #[cfg(debug_assertions)]
    originals: Vec<Vec<Lit>>,
}

impl Solver {
    /// An empty solver.
    pub fn new() -> Self {
        Self {
            var_inc: 1.0,
            ok: true,
            max_learnts: 2000,
            ..Self::default()
        }
    }

    /// A fresh variable.
    pub fn new_var(&mut self) -> Var {
        let v = Var(u32::try_from(self.assigns.len()).expect("variable count fits in u32"));
        self.assigns.push(UNDEF);
        self.level.push(0);
        self.reason.push(NO_REASON);
        self.polarity.push(false);
        self.activity.push(0.0);
        self.seen.push(false);
        self.watches.push(Vec::new());
        self.watches.push(Vec::new());
        self.tier.push(1);
        self.heaps[1].insert(v.0, &self.activity);
        v
    }

    /// Marks `v` as primary: decided before any non-primary variable. Auxiliary variables of
    /// encodings are mostly fixed by propagation once the primary ones are decided, so
    /// deciding them first is wasted work.
    pub fn set_primary(&mut self, v: Var) {
        if self.tier[v.idx()] == 0 {
            return;
        }
        self.tier[v.idx()] = 0;
        self.heaps[1].remove(v.0, &self.activity);
        self.heaps[0].insert(v.0, &self.activity);
    }

    /// Number of clauses (original and learned, not deleted).
    pub fn num_clauses(&self) -> usize {
        self.clauses.iter().filter(|c| !c.deleted).count()
    }

    /// Number of variables.
    pub fn num_vars(&self) -> usize {
        self.assigns.len()
    }

    /// The clauses the solver was given, as it keeps them: the unit facts it derived at the
    /// root, then every original clause that is not yet satisfied there (learned clauses left
    /// out). Equivalent to everything added so far. `None` when those are unsatisfiable.
    pub fn formula(&mut self) -> Option<Vec<Vec<Lit>>> {
        self.cancel_until(0);
        if !self.ok {
            return None;
        }
        let mut out: Vec<Vec<Lit>> = self.trail.iter().map(|&l| vec![l]).collect();
        for c in self.clauses.iter().filter(|c| !c.learnt && !c.deleted) {
            if c.lits.iter().any(|&l| self.value(l) == 1) {
                continue;
            }
            out.push(
                c.lits
                    .iter()
                    .copied()
                    .filter(|&l| self.value(l) != 0)
                    .collect(),
            );
        }
        Some(out)
    }

    /// Sets the value tried first when the solver decides `v` (until it learns a better one).
    pub fn set_phase(&mut self, v: Var, value: bool) {
        self.polarity[v.idx()] = value;
    }

    /// The model found by the last `solve` that answered `Sat`, indexed by variable.
    pub fn model(&self) -> &[bool] {
        &self.model
    }

    fn value(&self, l: Lit) -> u8 {
        let a = self.assigns[l.var().idx()];
        if a == UNDEF {
            UNDEF
        } else {
            a ^ (l.is_neg() as u8)
        }
    }

    fn decision_level(&self) -> usize {
        self.trail_lim.len()
    }

    /// Adds a clause. Returns false if the clauses became unsatisfiable.
    pub fn add_clause(&mut self, lits: &[Lit]) -> bool {
        #[cfg(debug_assertions)]
        self.originals.push(lits.to_vec());
        self.cancel_until(0);
        if !self.ok {
            return false;
        }
        // Sorted by code (the `u32` sort the solver has anyway: one sort less in the web build).
        let mut codes: Vec<u32> = lits.iter().map(|l| l.0).collect();
        codes.sort_unstable();
        codes.dedup();
        let mut c: Vec<Lit> = codes.into_iter().map(Lit).collect();
        if c.windows(2).any(|w| w[0] == !w[1]) {
            return true;
        }
        // Simplify against level-0 assignments.
        if c.iter().any(|&l| self.value(l) == 1) {
            return true;
        }
        c.retain(|&l| self.value(l) != 0);
        match c.len() {
            0 => {
                self.ok = false;
                false
            }
            1 => {
                self.enqueue(c[0], NO_REASON);
                if self.propagate() != NO_REASON {
                    self.ok = false;
                }
                self.ok
            }
            _ => {
                self.attach(c, false, 0);
                true
            }
        }
    }

    fn attach(&mut self, lits: Vec<Lit>, learnt: bool, lbd: u32) -> u32 {
        let cr = u32::try_from(self.clauses.len()).expect("clause count fits in u32");
        self.watches[(!lits[0]).code()].push(Watcher {
            clause: cr,
            blocker: lits[1],
        });
        self.watches[(!lits[1]).code()].push(Watcher {
            clause: cr,
            blocker: lits[0],
        });
        if learnt {
            self.num_learnts += 1;
        }
        self.clauses.push(Clause {
            lits,
            learnt,
            deleted: false,
            lbd,
        });
        cr
    }

    fn enqueue(&mut self, l: Lit, reason: u32) {
        let v = l.var().idx();
        debug_assert_eq!(self.assigns[v], UNDEF);
        self.assigns[v] = (!l.is_neg()) as u8;
        self.level[v] = self.decision_level() as u32;
        self.reason[v] = reason;
        self.trail.push(l);
    }

    fn cancel_until(&mut self, level: usize) {
        if self.decision_level() <= level {
            return;
        }
        let start = self.trail_lim[level];
        for k in (start..self.trail.len()).rev() {
            let l = self.trail[k];
            let v = l.var();
            self.assigns[v.idx()] = UNDEF;
            self.reason[v.idx()] = NO_REASON;
            self.polarity[v.idx()] = !l.is_neg();
            let h = &mut self.heaps[self.tier[v.idx()] as usize];
            if !h.contains(v.0) {
                h.insert(v.0, &self.activity);
            }
        }
        self.trail.truncate(start);
        self.trail_lim.truncate(level);
        self.qhead = start;
    }

    /// Unit propagation. Returns the conflicting clause or `NO_REASON`.
    fn propagate(&mut self) -> u32 {
        let mut conflict = NO_REASON;
        while self.qhead < self.trail.len() {
            let p = self.trail[self.qhead];
            self.qhead += 1;
            let false_lit = !p;
            let mut ws = std::mem::take(&mut self.watches[p.code()]);
            let (mut i, mut j) = (0, 0);
            while i < ws.len() {
                let w = ws[i];
                i += 1;
                if self.value(w.blocker) == 1 {
                    ws[j] = w;
                    j += 1;
                    continue;
                }
                let cr = w.clause as usize;
                if self.clauses[cr].deleted {
                    continue;
                }
                {
                    let c = &mut self.clauses[cr].lits;
                    if c[0] == false_lit {
                        c.swap(0, 1);
                    }
                }
                let first = self.clauses[cr].lits[0];
                let nw = Watcher {
                    clause: w.clause,
                    blocker: first,
                };
                if first != w.blocker && self.value(first) == 1 {
                    ws[j] = nw;
                    j += 1;
                    continue;
                }
                let len = self.clauses[cr].lits.len();
                let mut moved = false;
                for k in 2..len {
                    let l = self.clauses[cr].lits[k];
                    if self.value(l) != 0 {
                        self.clauses[cr].lits.swap(1, k);
                        self.watches[(!l).code()].push(nw);
                        moved = true;
                        break;
                    }
                }
                if moved {
                    continue;
                }
                ws[j] = nw;
                j += 1;
                if self.value(first) == 0 {
                    conflict = w.clause;
                    self.qhead = self.trail.len();
                    while i < ws.len() {
                        ws[j] = ws[i];
                        j += 1;
                        i += 1;
                    }
                } else {
                    self.enqueue(first, w.clause);
                }
            }
            ws.truncate(j);
            self.watches[p.code()] = ws;
            if conflict != NO_REASON {
                break;
            }
        }
        conflict
    }

    fn bump(&mut self, v: Var) {
        self.activity[v.idx()] += self.var_inc;
        if self.activity[v.idx()] > 1e100 {
            for a in &mut self.activity {
                *a *= 1e-100;
            }
            self.var_inc *= 1e-100;
        }
        self.heaps[self.tier[v.idx()] as usize].increased(v.0, &self.activity);
    }

    /// First-UIP conflict analysis: the learnt clause (asserting literal first) and the level
    /// to go back to.
    fn analyze(&mut self, mut confl: u32) -> (Vec<Lit>, usize, u32) {
        let mut learnt: Vec<Lit> = vec![Lit(0)];
        let mut path = 0;
        let mut p: Option<Lit> = None;
        let mut index = self.trail.len();
        loop {
            let lits = self.clauses[confl as usize].lits.clone();
            for &q in lits.iter().skip(usize::from(p.is_some())) {
                let v = q.var();
                if !self.seen[v.idx()] && self.level[v.idx()] > 0 {
                    self.seen[v.idx()] = true;
                    self.bump(v);
                    if self.level[v.idx()] as usize >= self.decision_level() {
                        path += 1;
                    } else {
                        learnt.push(q);
                    }
                }
            }
            loop {
                index -= 1;
                if self.seen[self.trail[index].var().idx()] {
                    break;
                }
            }
            let lit = self.trail[index];
            p = Some(lit);
            confl = self.reason[lit.var().idx()];
            self.seen[lit.var().idx()] = false;
            path -= 1;
            if path == 0 {
                break;
            }
        }
        learnt[0] = !p.expect("conflict analysis visits at least one literal");
        // Local minimisation: drop literals implied by other literals of the clause.
        let keep: Vec<bool> = learnt
            .iter()
            .enumerate()
            .map(|(k, &q)| {
                if k == 0 {
                    return true;
                }
                let r = self.reason[q.var().idx()];
                if r == NO_REASON {
                    return true;
                }
                !self.clauses[r as usize].lits[1..]
                    .iter()
                    .all(|&x| self.seen[x.var().idx()] || self.level[x.var().idx()] == 0)
            })
            .collect();
        for &q in &learnt {
            self.seen[q.var().idx()] = false;
        }
        let mut learnt: Vec<Lit> = learnt
            .into_iter()
            .zip(keep)
            .filter_map(|(l, k)| k.then_some(l))
            .collect();
        let mut bt = 0;
        if learnt.len() > 1 {
            let mut max_k = 1;
            for k in 2..learnt.len() {
                if self.level[learnt[k].var().idx()] > self.level[learnt[max_k].var().idx()] {
                    max_k = k;
                }
            }
            learnt.swap(1, max_k);
            bt = self.level[learnt[1].var().idx()] as usize;
        }
        let mut levels: Vec<u32> = learnt.iter().map(|l| self.level[l.var().idx()]).collect();
        levels.sort_unstable();
        levels.dedup();
        (learnt, bt, levels.len() as u32)
    }

    /// The assumptions responsible for `p` being false (p is the negation of a failed
    /// assumption, which is included).
    fn analyze_final(&mut self, failed: Lit) -> Vec<Lit> {
        let mut core = vec![failed];
        if self.decision_level() == 0 {
            return core;
        }
        self.seen[failed.var().idx()] = true;
        for k in (self.trail_lim[0]..self.trail.len()).rev() {
            let l = self.trail[k];
            let v = l.var().idx();
            if !self.seen[v] {
                continue;
            }
            let r = self.reason[v];
            if r == NO_REASON {
                if self.level[v] > 0 {
                    core.push(l);
                }
            } else {
                for &q in &self.clauses[r as usize].lits[1..] {
                    if self.level[q.var().idx()] > 0 {
                        self.seen[q.var().idx()] = true;
                    }
                }
            }
            self.seen[v] = false;
        }
        self.seen[failed.var().idx()] = false;
        core
    }

    fn reduce_db(&mut self) {
        let learnts: Vec<usize> = (0..self.clauses.len())
            .filter(|&k| {
                let c = &self.clauses[k];
                c.learnt && !c.deleted && c.lits.len() > 2 && c.lbd > 2
            })
            .collect();
        // Highest LBD first, ties in clause order: a counting sort (LBDs are small), so the
        // solver carries no comparison sort of its own.
        let most = learnts
            .iter()
            .map(|&k| self.clauses[k].lbd)
            .max()
            .unwrap_or(0);
        let mut by_lbd: Vec<Vec<usize>> = vec![Vec::new(); most as usize + 1];
        for &k in &learnts {
            by_lbd[self.clauses[k].lbd as usize].push(k);
        }
        let learnts: Vec<usize> = by_lbd.into_iter().rev().flatten().collect();
        let locked = |s: &Self, k: usize| {
            let l0 = s.clauses[k].lits[0];
            s.value(l0) == 1 && s.reason[l0.var().idx()] == k as u32
        };
        for &k in learnts.iter().take(learnts.len() / 2) {
            if !locked(self, k) {
                self.clauses[k].deleted = true;
                self.clauses[k].lits = Vec::new();
                self.num_learnts -= 1;
            }
        }
        // Drop watchers of deleted clauses.
        for ws in &mut self.watches {
            ws.retain(|w| !self.clauses[w.clause as usize].deleted);
        }
    }

    /// What unit propagation alone derives from the clauses (learned ones included) and
    /// `assumptions`: every literal it makes true, facts included, each of which holds in every
    /// model with the assumptions; `None` when it finds a conflict. No search: a cheap partial
    /// answer before asking [`Solver::solve`] about each literal.
    pub fn propagated(&mut self, assumptions: &[Lit]) -> Option<Vec<Lit>> {
        self.cancel_until(0);
        if !self.ok {
            return None;
        }
        if self.propagate() != NO_REASON {
            self.ok = false;
            return None;
        }
        for &a in assumptions {
            match self.value(a) {
                1 => {}
                0 => {
                    self.cancel_until(0);
                    return None;
                }
                _ => {
                    self.trail_lim.push(self.trail.len());
                    self.enqueue(a, NO_REASON);
                    if self.propagate() != NO_REASON {
                        self.cancel_until(0);
                        return None;
                    }
                }
            }
        }
        let derived = self.trail.clone();
        self.cancel_until(0);
        Some(derived)
    }

    /// Searches for a model that makes every assumption true.
    pub fn solve(&mut self, assumptions: &[Lit]) -> Answer {
        match self.solve_within(assumptions, u64::MAX) {
            Some(answer) => answer,
            None => unreachable!("an unlimited search always answers"),
        }
    }

    /// [`Solver::solve`] that gives up (`None`) after about `max_conflicts` conflicts: for
    /// questions whose answer is worth a bounded effort only (minimising an explanation).
    pub fn solve_within(&mut self, assumptions: &[Lit], max_conflicts: u64) -> Option<Answer> {
        self.solves += 1;
        self.cancel_until(0);
        if !self.ok {
            return Some(Answer::Unsat { core: Vec::new() });
        }
        let mut restart = 0u32;
        let mut spent = 0u64;
        loop {
            if spent >= max_conflicts {
                self.cancel_until(0);
                return None;
            }
            let budget = (luby(restart) * 100).min(max_conflicts - spent);
            spent += budget;
            restart += 1;
            if let Some(answer) = self.search(assumptions, budget) {
                self.cancel_until(0);
                #[cfg(debug_assertions)]
                if let Answer::Unsat { core } = &answer {
                    debug_assert!(core.iter().all(|l| assumptions.contains(l)));
                }
                return Some(answer);
            }
        }
    }

    fn search(&mut self, assumptions: &[Lit], budget: u64) -> Option<Answer> {
        let mut conflicts = 0u64;
        loop {
            let confl = self.propagate();
            if confl != NO_REASON {
                self.conflicts += 1;
                conflicts += 1;
                if self.decision_level() == 0 {
                    self.ok = false;
                    return Some(Answer::Unsat { core: Vec::new() });
                }
                let (learnt, bt, lbd) = self.analyze(confl);
                self.cancel_until(bt);
                if learnt.len() == 1 {
                    self.enqueue(learnt[0], NO_REASON);
                } else {
                    let first = learnt[0];
                    let cr = self.attach(learnt, true, lbd);
                    self.enqueue(first, cr);
                }
                self.var_inc /= 0.95;
                continue;
            }
            if conflicts >= budget {
                self.cancel_until(0);
                return None;
            }
            if self.num_learnts >= self.max_learnts + self.trail.len() {
                self.reduce_db();
                self.max_learnts += self.max_learnts / 10;
            }
            let mut next = None;
            while self.decision_level() < assumptions.len() {
                let a = assumptions[self.decision_level()];
                match self.value(a) {
                    1 => self.trail_lim.push(self.trail.len()),
                    0 => {
                        return Some(Answer::Unsat {
                            core: self.analyze_final(a),
                        })
                    }
                    _ => {
                        next = Some(a);
                        break;
                    }
                }
            }
            let next = match next {
                Some(a) => a,
                None => {
                    let mut pick = None;
                    'tiers: for tier in 0..2 {
                        while let Some(v) = self.heaps[tier].pop(&self.activity) {
                            if self.assigns[v as usize] == UNDEF {
                                pick = Some(Var(v));
                                break 'tiers;
                            }
                        }
                    }
                    match pick {
                        Some(v) => Lit::new(v, self.polarity[v.idx()]),
                        None => {
                            self.model = self.assigns.iter().map(|&a| a == 1).collect();
                            #[cfg(debug_assertions)]
                            {
                                let m = &self.model;
                                debug_assert!(self
                                    .originals
                                    .iter()
                                    .all(|c| c.iter().any(|l| l.holds(m[l.var().idx()]))));
                                debug_assert!(assumptions
                                    .iter()
                                    .all(|l| l.holds(m[l.var().idx()])));
                            }
                            return Some(Answer::Sat);
                        }
                    }
                }
            };
            self.trail_lim.push(self.trail.len());
            self.enqueue(next, NO_REASON);
        }
    }
}

#[cfg(test)]
mod tests;
