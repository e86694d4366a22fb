//! Compiles a catalog into clauses and answers, after every change, the state of every item.
//!
//! Invariants:
//! - **Complete**: an item is `Available` (or `Selected`/`Implied`) if and only if some full
//!   valid configuration extends the user's other choices with it. For a single-choice group the
//!   user's own choice in that group is left out, since choosing another item replaces it.
//! - **Explained**: every `Unavailable` or `Implied` item carries a minimal set of the user's
//!   choices and constraints that force it (dropping any one choice lifts the restriction).
//!
//! Each constraint kind keeps its encoding ([`Engine::new`]) and its independent checker
//! ([`Constraint::holds`]) side by side; tests compare both against brute force.

use crate::catalog::{Catalog, ChoiceKind, Expr, RuleKind};
use crate::ids::{GroupId, ItemId, RuleId};
use crate::money::Money;
use std::sync::Mutex;

use crate::sat::{Answer, Lit, Solver, Var};

/// A constraint that can restrict items: a group's cardinality or an author's rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Constraint {
    /// How many items of the group may be chosen.
    Group(GroupId),
    /// An author-written rule.
    Rule(RuleId),
}

impl Constraint {
    /// Independent checker: whether a total assignment satisfies this constraint.
    pub fn holds(self, catalog: &Catalog, chosen: &dyn Fn(ItemId) -> bool) -> bool {
        match self {
            Constraint::Group(g) => {
                let g = catalog.group(g);
                let n = g.items.iter().filter(|&&i| chosen(i)).count() as u32;
                g.min <= n && n <= g.max
            }
            Constraint::Rule(r) => catalog.rule(r).holds(chosen),
        }
    }
}

/// Why an item is restricted: the user's choices and the constraints that together force it.
/// Data, not text: the app renders it from the rules' messages.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Explanation {
    /// A minimal set of the user's choices involved, in the order they were made.
    pub choices: Vec<ItemId>,
    /// The constraints involved (minimal given those choices).
    pub constraints: Vec<Constraint>,
}

/// What the engine says about one item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ItemState {
    /// Chosen by the user.
    Selected,
    /// Not chosen by the user, but every valid configuration with the user's choices contains it.
    Implied(Explanation),
    /// Can be chosen: some valid configuration extends the choices with it.
    Available,
    /// Cannot be chosen with the user's other choices, and why.
    Unavailable(Explanation),
}

impl ItemState {
    /// Whether the item is part of the configuration now (selected or implied).
    pub fn is_in(&self) -> bool {
        matches!(self, ItemState::Selected | ItemState::Implied(_))
    }
}

/// Overall state of a configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// Valid and every group has what it needs.
    Complete,
    /// Valid so far; these groups still need choices.
    Incomplete {
        /// Groups with fewer chosen items than their minimum, in catalog order.
        missing: Vec<GroupId>,
    },
    /// No valid configuration contains all the user's choices.
    Conflict(Explanation),
}

/// The engine's answer for one configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evaluation {
    /// State of every item, indexed by [`ItemId::index`].
    pub items: Vec<ItemState>,
    /// Overall status.
    pub status: Status,
    /// Sum of list prices of selected and implied items.
    pub total: Money,
}

impl Evaluation {
    /// The state of one item.
    pub fn item(&self, id: ItemId) -> &ItemState {
        &self.items[id.index()]
    }
}

/// A catalog compiled for interactive configuration.
#[derive(Debug)]
pub struct Engine {
    catalog: Catalog,
    /// The incremental solver; behind a mutex so `&Engine` can be shared (learned clauses are
    /// only ever consequences of the constraints, so sharing them between questions is sound).
    solver: Mutex<Solver>,
    /// One selector variable per constraint: a constraint is enforced when its selector is true.
    selectors: Vec<(Constraint, Var)>,
}

impl Clone for Engine {
    fn clone(&self) -> Self {
        Engine {
            catalog: self.catalog.clone(),
            solver: Mutex::new(
                self.solver
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .clone(),
            ),
            selectors: self.selectors.clone(),
        }
    }
}

impl Engine {
    /// Compiles a validated catalog.
    pub fn new(catalog: Catalog) -> Engine {
        let mut cnf = Solver::new();
        // Variables 0..items are the items themselves.
        for _ in catalog.items() {
            cnf.new_var();
        }
        let mut selectors = Vec::new();
        for g in catalog.groups() {
            let sel = cnf.new_var();
            selectors.push((Constraint::Group(g.id), sel));
            let lits: Vec<Lit> = g.items.iter().map(|&i| Lit::pos(item_var(i))).collect();
            at_most(&mut cnf, sel, &lits, g.max as usize);
            let negs: Vec<Lit> = lits.iter().map(|&l| !l).collect();
            at_most(
                &mut cnf,
                sel,
                &negs,
                lits.len().saturating_sub(g.min as usize),
            );
        }
        for r in catalog.rules() {
            let sel = cnf.new_var();
            selectors.push((Constraint::Rule(r.id), sel));
            let c = tseitin(&mut cnf, &r.condition);
            let t = tseitin(&mut cnf, &r.consequence);
            let t = match r.kind {
                RuleKind::Requires => t,
                RuleKind::Excludes => !t,
            };
            cnf.add_clause(&[Lit::neg(sel), !c, t]);
        }
        Engine {
            catalog,
            solver: Mutex::new(cnf),
            selectors,
        }
    }

    /// The catalog this engine was compiled from.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    fn satisfiable(
        &self,
        constraints: &[Var],
        choices: &[ItemId],
        extra: Option<Lit>,
    ) -> Option<Vec<bool>> {
        let mut assumptions: Vec<Lit> = constraints.iter().map(|&v| Lit::pos(v)).collect();
        assumptions.extend(choices.iter().map(|&i| Lit::pos(item_var(i))));
        assumptions.extend(extra);
        let mut solver = self
            .solver
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match solver.solve(&assumptions) {
            Answer::Sat => Some(solver.model().to_vec()),
            Answer::Unsat { .. } => None,
        }
    }

    /// A minimal explanation of why `choices` (plus `target`, if any) admit no valid configuration.
    /// Precondition: they admit none.
    fn explain(&self, choices: &[ItemId], target: Option<Lit>) -> Explanation {
        let all: Vec<Var> = self.selectors.iter().map(|&(_, v)| v).collect();
        debug_assert!(self.satisfiable(&all, choices, target).is_none());
        let mut keep = choices.to_vec();
        let mut i = 0;
        while i < keep.len() {
            let mut trial = keep.clone();
            trial.remove(i);
            if self.satisfiable(&all, &trial, target).is_none() {
                keep = trial;
            } else {
                i += 1;
            }
        }
        let mut cons: Vec<(Constraint, Var)> = self.selectors.clone();
        let mut j = 0;
        while j < cons.len() {
            let trial: Vec<Var> = cons
                .iter()
                .enumerate()
                .filter(|&(k, _)| k != j)
                .map(|(_, &(_, v))| v)
                .collect();
            if self.satisfiable(&trial, &keep, target).is_none() {
                cons.remove(j);
            } else {
                j += 1;
            }
        }
        Explanation {
            choices: keep,
            constraints: cons.into_iter().map(|(c, _)| c).collect(),
        }
    }

    /// Evaluates the user's choices, given in the order they were made.
    pub fn evaluate(&self, choices: &[ItemId]) -> Evaluation {
        let all: Vec<Var> = self.selectors.iter().map(|&(_, v)| v).collect();
        let full_model = self.satisfiable(&all, choices, None);
        let consistent = full_model.is_some();
        let mut models: Vec<Vec<bool>> = full_model.into_iter().collect();
        let mut states = Vec::with_capacity(self.catalog.items().len());
        for group in self.catalog.groups() {
            // The context in which this group's items are judged.
            let context: Vec<ItemId> = match group.kind {
                ChoiceKind::Single => choices
                    .iter()
                    .copied()
                    .filter(|&c| self.catalog.item(c).group != group.id)
                    .collect(),
                ChoiceKind::Multiple => choices.to_vec(),
            };
            let same_context = context.len() == choices.len();
            let mut group_models: Vec<Vec<bool>> = if same_context {
                models.clone()
            } else {
                Vec::new()
            };
            for &item in &group.items {
                let x = Lit::pos(item_var(item));
                let state = if choices.contains(&item) {
                    ItemState::Selected
                } else {
                    let possible = group_models.iter().any(|m| m[item.index()])
                        || match self.satisfiable(&all, &context, Some(x)) {
                            Some(m) => {
                                group_models.push(m);
                                true
                            }
                            None => false,
                        };
                    if !possible {
                        ItemState::Unavailable(self.explain(&context, Some(x)))
                    } else if !consistent {
                        ItemState::Available
                    } else {
                        let can_be_out = models.iter().any(|m| !m[item.index()])
                            || match self.satisfiable(&all, choices, Some(!x)) {
                                Some(m) => {
                                    models.push(m);
                                    true
                                }
                                None => false,
                            };
                        if can_be_out {
                            ItemState::Available
                        } else {
                            ItemState::Implied(self.explain(choices, Some(!x)))
                        }
                    }
                };
                states.push(state);
            }
        }
        let status = if !consistent {
            Status::Conflict(self.explain(choices, None))
        } else {
            let missing: Vec<GroupId> = self
                .catalog
                .groups()
                .iter()
                .filter(|g| {
                    let n = g
                        .items
                        .iter()
                        .filter(|&&i| states[i.index()].is_in())
                        .count();
                    (n as u32) < g.min
                })
                .map(|g| g.id)
                .collect();
            let closed_world_valid = self.check(&|i| states[i.index()].is_in()).is_empty();
            if missing.is_empty() && closed_world_valid {
                Status::Complete
            } else {
                Status::Incomplete { missing }
            }
        };
        let total = self
            .catalog
            .items()
            .iter()
            .filter(|it| states[it.id.index()].is_in())
            .map(|it| it.price)
            .sum();
        Evaluation {
            items: states,
            status,
            total,
        }
    }

    /// The choices after the user clicks `item`: a chosen item is unchosen; in a single-choice
    /// group a new choice replaces the group's previous one; otherwise the item is added last.
    pub fn toggle(&self, choices: &[ItemId], item: ItemId) -> Vec<ItemId> {
        if choices.contains(&item) {
            return choices.iter().copied().filter(|&c| c != item).collect();
        }
        let group = self.catalog.item(item).group;
        let mut next: Vec<ItemId> = match self.catalog.group(group).kind {
            ChoiceKind::Single => choices
                .iter()
                .copied()
                .filter(|&c| self.catalog.item(c).group != group)
                .collect(),
            ChoiceKind::Multiple => choices.to_vec(),
        };
        next.push(item);
        next
    }

    /// Independent checker: the constraints a total assignment violates.
    pub fn check(&self, chosen: &dyn Fn(ItemId) -> bool) -> Vec<Constraint> {
        self.selectors
            .iter()
            .map(|&(c, _)| c)
            .filter(|c| !c.holds(&self.catalog, chosen))
            .collect()
    }
}

fn item_var(i: ItemId) -> Var {
    Var(i.index() as u32)
}

/// Encodes `sel ⇒ at most k of lits` with a sequential counter (Sinz 2005).
fn at_most(cnf: &mut Solver, sel: Var, lits: &[Lit], k: usize) {
    let n = lits.len();
    let off = Lit::neg(sel);
    if k >= n {
        return;
    }
    if k == 0 {
        for &l in lits {
            cnf.add_clause(&[off, !l]);
        }
        return;
    }
    // s[i][j]: at least j+1 of lits[0..=i] are true.
    let s: Vec<Vec<Var>> = (0..n - 1)
        .map(|_| (0..k).map(|_| cnf.new_var()).collect())
        .collect();
    cnf.add_clause(&[off, !lits[0], Lit::pos(s[0][0])]);
    for &sj in &s[0][1..] {
        cnf.add_clause(&[off, Lit::neg(sj)]);
    }
    for i in 1..n - 1 {
        cnf.add_clause(&[off, !lits[i], Lit::pos(s[i][0])]);
        cnf.add_clause(&[off, Lit::neg(s[i - 1][0]), Lit::pos(s[i][0])]);
        for j in 1..k {
            cnf.add_clause(&[off, !lits[i], Lit::neg(s[i - 1][j - 1]), Lit::pos(s[i][j])]);
            cnf.add_clause(&[off, Lit::neg(s[i - 1][j]), Lit::pos(s[i][j])]);
        }
        cnf.add_clause(&[off, !lits[i], Lit::neg(s[i - 1][k - 1])]);
    }
    cnf.add_clause(&[off, !lits[n - 1], Lit::neg(s[n - 2][k - 1])]);
}

/// A literal equivalent to `e` (Tseitin encoding).
fn tseitin(cnf: &mut Solver, e: &Expr) -> Lit {
    match e {
        Expr::Item(i) => Lit::pos(item_var(*i)),
        Expr::Not(inner) => !tseitin(cnf, inner),
        Expr::Const(b) => {
            let v = cnf.new_var();
            cnf.add_clause(&[if *b { Lit::pos(v) } else { Lit::neg(v) }]);
            Lit::pos(v)
        }
        Expr::And(parts) | Expr::Or(parts) => {
            let is_and = matches!(e, Expr::And(_));
            let lits: Vec<Lit> = parts.iter().map(|p| tseitin(cnf, p)).collect();
            let t = Lit::pos(cnf.new_var());
            if is_and {
                // t ⇔ ∧ lits
                for &l in &lits {
                    cnf.add_clause(&[!t, l]);
                }
                let mut c: Vec<Lit> = lits.iter().map(|&l| !l).collect();
                c.push(t);
                cnf.add_clause(&c);
            } else {
                // t ⇔ ∨ lits
                for &l in &lits {
                    cnf.add_clause(&[t, !l]);
                }
                let mut c = lits.clone();
                c.push(!t);
                cnf.add_clause(&c);
            }
            t
        }
    }
}
