//! Availability on the solver path: for every value, a valid configuration with it (a
//! witness) or a proof that there is none. Three things keep a click to a few milliseconds:
//! - every model found is kept in a [`Pool`], and witnesses every value it holds for any later
//!   question whose choices it agrees with (a click usually adds one choice to the last);
//! - questions are asked near the last model (see [`SolverBackend::sat_near`]): the solver keeps
//!   the part of its last search that the question does not touch, and redoes only the rest;
//! - the question asked next is the one the last model answers latest in its search (so the
//!   least is redone), and the phases steer every search towards the values still unanswered;
//! - what was proved impossible stays impossible under more choices: the pool keeps recent
//!   proofs with the choices they were proved under, and a later question whose choices
//!   include those takes them as answered (a click usually adds a choice, and each
//!   single-choice group with a choice asks again about its other items).

use super::{lock, Enforced, SolverBackend};
use crate::catalog::Catalog;
use crate::choice::Choice;
use crate::clauses::{item_var, steer_quantities};
use crate::ids::ItemId;
use crate::sat::{Answer, Lit, Solver};

/// The most recent valid configurations the availability solver found, as the values of the
/// items and quantities (the primary variables): each is a witness of every value it holds,
/// for every later question whose choices it agrees with.
#[derive(Debug)]
pub(super) struct Pool {
    models: Vec<Vec<bool>>,
    /// Where the next model goes once the pool is full.
    next: usize,
    /// Variables kept of each model: the items and quantities, and `never` (assumed by
    /// impossible quantities).
    width: usize,
    /// Recent proofs: under the first assumptions, no model has any of the second literals.
    proofs: Vec<(Vec<Lit>, Vec<Lit>)>,
    /// Where the next proof goes once `proofs` is full.
    next_proof: usize,
}

/// Proofs a [`Pool`] keeps.
const PROOFS: usize = 64;

/// Models a [`Pool`] keeps.
const POOL_SIZE: usize = 256;

impl Pool {
    /// An empty pool of models of the variables below `never`, and `never` itself.
    pub(super) fn new(never: crate::sat::Var) -> Pool {
        Pool {
            models: Vec::new(),
            next: 0,
            width: never.0 as usize + 1,
            proofs: Vec::new(),
            next_proof: 0,
        }
    }

    /// Keeps a proof that no model with `base` has any of `none`.
    fn prove(&mut self, base: &[Lit], none: Vec<Lit>) {
        if none.is_empty() {
            return;
        }
        let proof = (base.to_vec(), none);
        if self.proofs.len() < PROOFS {
            self.proofs.push(proof);
        } else {
            self.proofs[self.next_proof] = proof;
        }
        self.next_proof = (self.next_proof + 1) % PROOFS;
    }

    /// Marks in `refuted` (two entries per item, as [`SolverBackend::witnesses`] indexes it)
    /// every literal a kept proof rules out under `base`: proved under assumptions that
    /// `base` includes. (Membership by marks, not by sorting: no sort of literals in the
    /// web build.)
    fn refute(&self, base: &[Lit], refuted: &mut [bool]) {
        if self.proofs.is_empty() {
            return;
        }
        let mut assumed = vec![false; 2 * self.width];
        base.iter().for_each(|&l| assumed[slot(l)] = true);
        let includes = |b: &[Lit]| b.iter().all(|&l| assumed[slot(l)]);
        for (_, none) in self.proofs.iter().filter(|(b, _)| includes(b)) {
            for l in none {
                refuted[slot(*l)] = true;
            }
        }
    }

    /// Keeps the start of a solver's model (see `width`).
    fn push(&mut self, model: &[bool]) {
        let model = model[..self.width].to_vec();
        if self.models.len() < POOL_SIZE {
            self.models.push(model);
        } else {
            self.models[self.next] = model;
        }
        self.next = (self.next + 1) % POOL_SIZE;
    }

    /// The kept models in which every one of `lits` holds.
    fn agreeing<'a>(&'a self, lits: &'a [Lit]) -> impl Iterator<Item = &'a Vec<bool>> + 'a {
        self.models
            .iter()
            .filter(|m| lits.iter().all(|l| l.holds(m[l.var().0 as usize])))
    }

    /// Records in `found` what every kept model that satisfies `base` holds; whether one does.
    fn witness(&self, base: &[Lit], found: &mut Found) -> bool {
        let mut any = false;
        for m in self.agreeing(base) {
            found.record(m);
            any = true;
        }
        any
    }
}

/// For each item, whether a witness puts it in, and whether one leaves it out.
pub(super) struct Found {
    pub can_in: Vec<bool>,
    pub can_out: Vec<bool>,
}

impl Found {
    fn new(n: usize) -> Found {
        Found {
            can_in: vec![false; n],
            can_out: vec![false; n],
        }
    }

    /// Records a model (indexed by variable; items first).
    fn record(&mut self, model: &[bool]) {
        for (k, &v) in model[..self.can_in.len()].iter().enumerate() {
            if v {
                self.can_in[k] = true;
            } else {
                self.can_out[k] = true;
            }
        }
    }

    /// Whether some witness makes the item literal `l` true.
    fn knows(&self, l: Lit) -> bool {
        let k = l.var().0 as usize;
        if l.is_neg() {
            self.can_out[k]
        } else {
            self.can_in[k]
        }
    }
}

/// Where a literal is in an array of two entries per variable (a `refuted` array's items).
fn slot(l: Lit) -> usize {
    2 * l.var().0 as usize + usize::from(!l.is_neg())
}

impl SolverBackend {
    /// For each target item, whether some valid configuration extending `context` contains it
    /// (`want_in`) and whether one leaves it out (`want_out`). `None` when no valid
    /// configuration extends `context` at all.
    pub(super) fn witnesses(
        &self,
        catalog: &Catalog,
        solver: &mut Solver,
        context: &[Choice],
        want_in: &[ItemId],
        want_out: &[ItemId],
    ) -> Option<Found> {
        let items = catalog.items().len();
        let mut found = Found::new(items);
        let base: Vec<Lit> = self.lits(catalog, context);
        let mut pool = lock(&self.pool);
        let consistent = pool.witness(&base, &mut found);
        let mut refuted = vec![false; 2 * items];
        pool.refute(&base, &mut refuted);
        let mut pending: Vec<Lit> = want_in
            .iter()
            .map(|&i| Lit::pos(item_var(i)))
            .chain(want_out.iter().map(|&i| Lit::neg(item_var(i))))
            .filter(|&l| !found.knows(l) && !refuted[slot(l)])
            .collect();
        if consistent && pending.is_empty() {
            return Some(found);
        }
        let mut proved = Vec::new();
        let mut record = |solver: &Solver, found: &mut Found| {
            found.record(solver.model());
            pool.push(solver.model());
        };
        // What propagation alone fixes needs no question: a literal it makes false holds in
        // no model. (Asked before searching: the search leaves its model on the solver's
        // trail for the questions after it.)
        for l in solver.propagated(&base)? {
            if (l.var().0 as usize) < items {
                // `l` holds in every model: `!l` in none.
                refuted[slot(!l)] = true;
            }
        }
        pending.retain(|&l| {
            let ok = !refuted[slot(l)];
            if !ok {
                proved.push(l);
            }
            ok
        });
        if !consistent {
            self.steer(catalog, solver, &pending);
            if !self.sat(catalog, solver, &base) {
                return None;
            }
            record(solver, &mut found);
        }
        loop {
            pending.retain(|&l| !found.knows(l));
            let Some(at) = (0..pending.len())
                .max_by_key(|&k| solver.path_to(pending[k]).map_or(0, <[Lit]>::len))
            else {
                break;
            };
            let lit = pending.swap_remove(at);
            self.steer(catalog, solver, &pending);
            if self.sat_near(catalog, solver, &base, lit) {
                record(solver, &mut found);
            } else {
                proved.push(lit);
            }
        }
        pool.prove(&base, proved);
        Some(found)
    }

    /// Whether a kept model satisfies `assumptions` (then the solver would find one too).
    pub(super) fn pooled(&self, assumptions: &[Lit]) -> bool {
        lock(&self.pool).agreeing(assumptions).next().is_some()
    }

    /// Keeps the solver's last model in the pool.
    pub(super) fn remember(&self, solver: &Solver) {
        lock(&self.pool).push(solver.model());
    }

    /// Phases towards the literals still unanswered (and the preferred quantities).
    fn steer(&self, catalog: &Catalog, solver: &mut Solver, pending: &[Lit]) {
        steer_quantities(solver, &self.plan(catalog).phases);
        for &l in pending {
            solver.set_phase(l.var(), !l.is_neg());
        }
    }

    /// Whether the availability solver finds a model under `base` and `lit`, looking first
    /// near its last model: with that model's decisions up to where `lit` was set as further
    /// assumptions (see [`Solver::path_to`]), so that only the end of the search is done again.
    /// When those extra assumptions are to blame for finding none, it asks again without.
    fn sat_near(&self, catalog: &Catalog, solver: &mut Solver, base: &[Lit], lit: Lit) -> bool {
        let near = solver
            .path_to(lit)
            .filter(|path| path.len() > base.len() && path.starts_with(base))
            .map(|path| {
                let mut assumptions = path.to_vec();
                assumptions.push(lit);
                assumptions
            });
        if let Some(assumptions) = near {
            match self.solve(catalog, solver, &assumptions, Enforced::All, None) {
                Some(Answer::Sat) => return true,
                Some(Answer::Unsat { core })
                    if core.iter().all(|l| *l == lit || base.contains(l)) =>
                {
                    return false
                }
                _ => {}
            }
        }
        let mut assumptions = base.to_vec();
        assumptions.push(lit);
        self.sat(catalog, solver, &assumptions)
    }
}
