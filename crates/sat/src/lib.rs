//! An incremental CDCL satisfiability solver with assumptions and failed-assumption cores.
//!
//! MiniSat's design, kept small: two watched literals with blockers, first-UIP learning with
//! local minimisation, VSIDS on a binary heap, phase saving (initial phase `false`, so models
//! choose as few items as the rules allow), Luby restarts, and LBD-based clause deletion.
//! Learned clauses are kept between calls, so the many related questions the engine asks after
//! one click get cheaper as they go. Binary clauses propagate from their watchers alone. A
//! search leaves its decision levels on the trail, and the next keeps the levels opened by the
//! assumptions it shares (see [`Solver::path_to`]): a question asked near the last model redoes
//! only the end of the search. Auxiliary variables can be decided in index order
//! ([`Solver::auxiliary_in_order`]) where propagation fixes them anyway.
//!
//! Invariants (checked under `debug_assertions`): every model returned satisfies every original
//! clause and every assumption; every core is a subset of the assumptions.

mod learn;
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
    /// For a binary clause, its other literal (the clause need not be read to propagate).
    blocker: Lit,
    binary: bool,
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
    /// Decide auxiliary variables in index order (no heap): see [`Solver::auxiliary_in_order`].
    aux_in_order: bool,
    /// With `aux_in_order`: no auxiliary variable below this one is unassigned.
    next_aux: usize,
    seen: Vec<bool>,
    trail: Vec<Lit>,
    trail_lim: Vec<usize>,
    qhead: usize,
    var_inc: f64,
    ok: bool,
    model: Vec<bool>,
    /// The literal that opened each decision level (an assumption, or a decision), parallel
    /// to `trail_lim`. A search leaves its levels on the trail (all of them after a model,
    /// those of the assumptions otherwise), and the next one keeps the levels whose openers
    /// begin its own assumptions instead of propagating them again.
    openers: Vec<Lit>,
    /// Phases set by [`Solver::set_phase`] for the next search.
    steered: Vec<Lit>,
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
        if self.aux_in_order {
            self.next_aux = self.next_aux.min(v.idx());
        } else {
            self.heaps[1].insert(v.0, &self.activity);
        }
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

    /// Decides the auxiliary (non-primary) variables in index order, without activities:
    /// for formulas whose auxiliary variables are fixed by propagation once the primary ones
    /// are decided, where keeping them in a heap costs more than every decision it saves.
    /// Call before adding variables.
    pub fn auxiliary_in_order(&mut self) {
        debug_assert_eq!(self.num_vars(), 0);
        self.aux_in_order = true;
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
        self.steered.push(Lit::new(v, value));
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
        let binary = lits.len() == 2;
        self.watches[(!lits[0]).code()].push(Watcher {
            clause: cr,
            blocker: lits[1],
            binary,
        });
        self.watches[(!lits[1]).code()].push(Watcher {
            clause: cr,
            blocker: lits[0],
            binary,
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
            if self.aux_in_order && self.tier[v.idx()] == 1 {
                self.next_aux = self.next_aux.min(v.idx());
                continue;
            }
            let h = &mut self.heaps[self.tier[v.idx()] as usize];
            if !h.contains(v.0) {
                h.insert(v.0, &self.activity);
            }
        }
        self.trail.truncate(start);
        self.trail_lim.truncate(level);
        self.openers.truncate(level);
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
                let blocker = self.value(w.blocker);
                if blocker == 1 {
                    ws[j] = w;
                    j += 1;
                    continue;
                }
                // The watcher to keep, and the literal the clause now implies (or, if false, the
                // conflict it makes).
                let (kept, implied) = if w.binary {
                    // Binary clauses are never deleted, and a reason's implied literal is
                    // found by its variable: the clause itself is not read.
                    (w, w.blocker)
                } else {
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
                        binary: false,
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
                    (nw, first)
                };
                ws[j] = kept;
                j += 1;
                if self.value(implied) == 0 {
                    conflict = w.clause;
                    self.qhead = self.trail.len();
                    while i < ws.len() {
                        ws[j] = ws[i];
                        j += 1;
                        i += 1;
                    }
                } else {
                    self.enqueue(implied, w.clause);
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

    /// What unit propagation alone derives from the clauses (learned ones included) and
    /// `assumptions`: every literal it makes true, facts included, each of which holds in every
    /// model with the assumptions; `None` when it finds a conflict. No search: a cheap partial
    /// answer before asking [`Solver::solve`] about each literal.
    pub fn propagated(&mut self, assumptions: &[Lit]) -> Option<Vec<Lit>> {
        let shared = self.shared_levels(assumptions);
        self.cancel_until(shared);
        if !self.ok {
            return None;
        }
        if self.decision_level() == 0 && self.propagate() != NO_REASON {
            self.ok = false;
            return None;
        }
        for &a in &assumptions[shared..] {
            let value = self.value(a);
            if value == 0 {
                return None;
            }
            self.trail_lim.push(self.trail.len());
            self.openers.push(a);
            if value == UNDEF {
                self.enqueue(a, NO_REASON);
                if self.propagate() != NO_REASON {
                    self.cancel_until(self.decision_level() - 1);
                    return None;
                }
            }
        }
        Some(self.trail.clone())
    }

    /// How many decision levels on the trail were opened by the first of `assumptions`, in
    /// order (see `openers`): those a search with them can keep.
    fn shared_levels(&self, assumptions: &[Lit]) -> usize {
        self.openers
            .iter()
            .zip(assumptions)
            .take_while(|(a, b)| a == b)
            .count()
    }

    /// After a model: the literals that opened the decision levels below the one where `lit`'s
    /// variable was set (the assumptions of that search, then its decisions). Searching again
    /// with these, then `lit`, as assumptions keeps that part of the trail: a model that
    /// differs from the last one late in the search costs little. `None` when `lit`'s
    /// variable is unassigned (no model is on the trail).
    pub fn path_to(&self, lit: Lit) -> Option<&[Lit]> {
        let v = lit.var().idx();
        if self.assigns[v] == UNDEF {
            return None;
        }
        let level = self.level[v] as usize;
        Some(&self.openers[..level.saturating_sub(1)])
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
        self.cancel_until(self.shared_levels(assumptions));
        // Phases set since the last search win over those saved when leaving its levels.
        for l in std::mem::take(&mut self.steered) {
            self.polarity[l.var().idx()] = !l.is_neg();
        }
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
                // Keep the levels (see `openers`): all of them with a model.
                if answer != Answer::Sat {
                    self.cancel_until(self.decision_level().min(assumptions.len()));
                }
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
                    1 => {
                        self.trail_lim.push(self.trail.len());
                        self.openers.push(a);
                    }
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
                    if pick.is_none() && self.aux_in_order {
                        while self.next_aux < self.assigns.len() {
                            let v = self.next_aux;
                            if self.tier[v] == 1 && self.assigns[v] == UNDEF {
                                pick = Some(Var(v as u32));
                                break;
                            }
                            self.next_aux += 1;
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
            self.openers.push(next);
            self.enqueue(next, NO_REASON);
        }
    }
}

#[cfg(test)]
mod tests;
