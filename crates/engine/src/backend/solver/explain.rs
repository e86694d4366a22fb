//! Explanations on the solver path: the choices and the constraints that admit no valid
//! configuration together, each minimised by deletion in a solver whose constraints have
//! selectors (see [`SolverBackend`]).

use super::{Enforced, SolverBackend};
use crate::catalog::Catalog;
use crate::choice::Choice;
use crate::clauses::encode_vars;
use crate::constraint::Constraint;
use crate::sat::{Answer, Lit, Solver, Var};

/// Conflicts each solver question of an explanation may take. Past it the question counts as
/// "cannot drop this": the explanation stays true (the choices and constraints it names do
/// admit no configuration together) but may not be minimal. Pigeonhole-shaped catalogs, hard
/// for any resolution-based solver, took minutes without it.
const EXPLAIN_CONFLICTS: u64 = 20_000;

/// One bounded question of an explanation: unsatisfiable (with its core), satisfiable, or not
/// answered within [`EXPLAIN_CONFLICTS`].
enum Outcome {
    Unsat(Vec<Lit>),
    Sat,
    Unknown,
}

impl From<Option<Answer>> for Outcome {
    fn from(a: Option<Answer>) -> Outcome {
        match a {
            Some(Answer::Unsat { core }) => Outcome::Unsat(core),
            Some(Answer::Sat) => Outcome::Sat,
            None => Outcome::Unknown,
        }
    }
}

impl SolverBackend {
    /// Deletion-based minimisation of the choices with the availability solver (every
    /// constraint holds there), each step keeping only the choices in the core of the last
    /// unsatisfiable question. A question that a kept model answers (see `witness.rs`) needs no
    /// search.
    pub(super) fn minimal_choices_by_solver(
        &self,
        catalog: &Catalog,
        choices: &[Choice],
        target: Option<Lit>,
    ) -> Vec<Choice> {
        let mut solver = self.hard(catalog);
        let mut core = |choices: &[Choice]| -> Outcome {
            let mut assumptions: Vec<Lit> = target.into_iter().collect();
            assumptions.extend(self.lits(catalog, choices));
            if self.pooled(&assumptions) {
                return Outcome::Sat;
            }
            let answer = self.solve(
                catalog,
                &mut solver,
                &assumptions,
                Enforced::All,
                Some(EXPLAIN_CONFLICTS),
            );
            if answer == Some(Answer::Sat) {
                self.remember(&solver);
            }
            Outcome::from(answer)
        };
        let in_core =
            |core: &[Lit], c: Choice| self.lits(catalog, &[c]).iter().any(|l| core.contains(l));
        let first = match core(choices) {
            Outcome::Unsat(first) => first,
            Outcome::Unknown => return choices.to_vec(),
            Outcome::Sat => {
                debug_assert!(false, "minimal_explanation called on a satisfiable query");
                return choices.to_vec();
            }
        };
        let mut keep: Vec<Choice> = choices
            .iter()
            .copied()
            .filter(|&c| in_core(&first, c))
            .collect();
        let mut k = 0;
        while k < keep.len() {
            let mut trial = keep.clone();
            trial.remove(k);
            match core(&trial) {
                Outcome::Unsat(c) => keep = trial.into_iter().filter(|&x| in_core(&c, x)).collect(),
                Outcome::Sat | Outcome::Unknown => k += 1,
            }
        }
        keep
    }

    /// A minimal set of constraints that, with `keep` (and `target`), admits no valid
    /// configuration: the core of one query to the guarded solver, then core trimming and
    /// deletion in a small solver of that core's constraints only, where a satisfiable answer
    /// (one per constraint that stays) assigns the variables of a few constraints, not the
    /// whole catalog's. Precondition: `keep` (with `target`) admits no valid configuration.
    pub(super) fn minimal_constraints_of(
        &self,
        catalog: &Catalog,
        keep: &[Choice],
        target: Option<Lit>,
    ) -> Vec<Constraint> {
        let assumed: Vec<Lit> = target.into_iter().chain(self.lits(catalog, keep)).collect();
        let solve = |solver: &mut Solver, selectors: &[(Constraint, Var)], sels: &[Var]| {
            let mut assumptions = assumed.clone();
            assumptions.extend(sels.iter().map(|&v| Lit::pos(v)));
            let enforced = Enforced::Selected(selectors);
            Outcome::from(self.solve(
                catalog,
                solver,
                &assumptions,
                enforced,
                Some(EXPLAIN_CONFLICTS),
            ))
        };
        let in_core: Vec<Constraint> = {
            let (mut soft, selectors) = self.soft(catalog);
            let all: Vec<Var> = selectors.iter().map(|&(_, v)| v).collect();
            let core = match solve(&mut soft, selectors, &all) {
                Outcome::Unsat(core) => core,
                // Not answered in time: every constraint (true, not minimal).
                Outcome::Unknown => return selectors.iter().map(|&(c, _)| c).collect(),
                Outcome::Sat => {
                    debug_assert!(false, "minimal_constraints called on a satisfiable query");
                    return Vec::new();
                }
            };
            selectors
                .iter()
                .filter(|&&(_, v)| core.contains(&Lit::pos(v)))
                .map(|&(c, _)| c)
                .collect()
        };
        let mut small = Solver::new();
        small.auxiliary_in_order();
        encode_vars(catalog, &mut small);
        let selectors: Vec<(Constraint, Var)> = in_core
            .into_iter()
            .map(|c| (c, self.recorded(catalog, c).add_to(&mut small)))
            .collect();
        let mut cons: Vec<Var> = selectors.iter().map(|&(_, v)| v).collect();
        // Core trimming: solving again with only the core's constraints often yields a smaller
        // core, at the cost of one call instead of one per dropped constraint.
        for _ in 0..4 {
            let Outcome::Unsat(c) = solve(&mut small, &selectors, &cons) else {
                break;
            };
            let trimmed: Vec<Var> = cons
                .iter()
                .copied()
                .filter(|&v| c.contains(&Lit::pos(v)))
                .collect();
            if trimmed.len() == cons.len() {
                break;
            }
            cons = trimmed;
        }
        let mut j = 0;
        while j < cons.len() {
            let mut trial = cons.clone();
            trial.remove(j);
            match solve(&mut small, &selectors, &trial) {
                Outcome::Unsat(c) => {
                    cons = trial
                        .into_iter()
                        .filter(|&v| c.contains(&Lit::pos(v)))
                        .collect()
                }
                Outcome::Sat | Outcome::Unknown => j += 1,
            }
        }
        // In catalog order.
        let mut out: Vec<Constraint> = selectors
            .iter()
            .filter(|(_, v)| cons.contains(v))
            .map(|&(c, _)| c)
            .collect();
        crate::sort::by_key(&mut out, |c| c.index(catalog) as u64);
        out
    }
}
