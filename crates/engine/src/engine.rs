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

use crate::catalog::{Catalog, ChoiceKind, Expr, Rows, RuleBody, RuleKind, Table};
use crate::ids::{GroupId, ItemId, RuleId};
use crate::money::Money;
use std::sync::{Mutex, OnceLock};

use crate::mdd::{FxMap, Mdd};
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
    /// Independent checker: whether a total assignment (each item's quantity, 0 when it is not
    /// chosen) satisfies this constraint.
    pub fn holds(self, catalog: &Catalog, quantity: &dyn Fn(ItemId) -> u32) -> bool {
        match self {
            Constraint::Group(g) => catalog.group(g).holds(&|i| quantity(i) > 0),
            Constraint::Rule(r) => catalog.rule(r).holds(catalog, quantity),
        }
    }
}

/// One of the user's choices: an item, and the quantity they set for it (`None`: any quantity
/// the rules allow; the evaluation says which are achievable).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Choice {
    /// The chosen item.
    pub item: ItemId,
    /// The quantity the user set, if any.
    pub quantity: Option<u32>,
}

impl From<ItemId> for Choice {
    fn from(item: ItemId) -> Self {
        Choice {
            item,
            quantity: None,
        }
    }
}

/// What the engine takes as a choice: a plain item (any quantity) or a [`Choice`].
pub trait AsChoice: Copy + From<ItemId> {
    /// This choice as a [`Choice`].
    fn choice(self) -> Choice;
}

impl AsChoice for ItemId {
    fn choice(self) -> Choice {
        Choice::from(self)
    }
}

impl AsChoice for Choice {
    fn choice(self) -> Choice {
        self
    }
}

fn to_choices<C: AsChoice>(choices: &[C]) -> Vec<Choice> {
    choices.iter().map(|c| c.choice()).collect()
}

/// The quantities achievable for an item that is in the configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quantities {
    /// Every achievable quantity, ascending (complete: each extends to a valid configuration
    /// with the user's other choices).
    pub values: Vec<u32>,
    /// The quantity the configuration has now: the user's, else the smallest achievable.
    pub current: u32,
}

impl Quantities {
    /// The smallest achievable quantity.
    pub fn min(&self) -> Option<u32> {
        self.values.first().copied()
    }

    /// The largest achievable quantity.
    pub fn max(&self) -> Option<u32> {
        self.values.last().copied()
    }

    /// Whether every quantity between the smallest and the largest is achievable.
    pub fn is_contiguous(&self) -> bool {
        match (self.min(), self.max()) {
            (Some(lo), Some(hi)) => (hi - lo + 1) as usize == self.values.len(),
            _ => true,
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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemState {
    /// Chosen by the user.
    Selected,
    /// Not chosen by the user, but every valid configuration with the user's choices contains
    /// it. [`Engine::explain`] says why.
    Implied,
    /// Can be chosen: some valid configuration extends the choices with it.
    Available,
    /// Cannot be chosen with the user's other choices. [`Engine::explain`] says why.
    Unavailable,
}

impl ItemState {
    /// Whether the item is part of the configuration now (selected or implied).
    pub fn is_in(self) -> bool {
        matches!(self, ItemState::Selected | ItemState::Implied)
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
    /// For every item that is in the configuration and has a quantity, the achievable
    /// quantities; indexed by [`ItemId::index`].
    pub quantities: Vec<Option<Quantities>>,
    /// Overall status.
    pub status: Status,
    /// Sum of list price times quantity of selected and implied items.
    pub total: Money,
}

impl Evaluation {
    /// The state of one item.
    pub fn item(&self, id: ItemId) -> ItemState {
        self.items[id.index()]
    }

    /// The quantity of an item in the configuration now: 0 when it is not in, 1 for an item
    /// without a quantity, else [`Quantities::current`].
    pub fn quantity(&self, id: ItemId) -> u32 {
        quantity_in(&self.items, &self.quantities, id)
    }
}

/// An item's quantity given the item states and achievable quantities: 0 when it is not in, 1
/// without a quantity, else the current one. One definition for [`Evaluation::quantity`] and
/// the status check that runs before the evaluation exists.
fn quantity_in(states: &[ItemState], quantities: &[Option<Quantities>], id: ItemId) -> u32 {
    if !states[id.index()].is_in() {
        0
    } else {
        quantities[id.index()].as_ref().map_or(1, |q| q.current)
    }
}

/// A catalog compiled for interactive configuration.
///
/// Two incremental solvers: `hard` holds every constraint permanently and answers the many
/// availability questions of an update; `soft` guards each constraint with a selector variable
/// and is used only to explain, where constraints must be switched off one by one. Both sit
/// behind mutexes so `&Engine` can be shared; their learned clauses are consequences of the
/// constraints alone, so sharing them between questions is sound.
#[derive(Debug)]
pub struct Engine {
    catalog: Catalog,
    /// All valid configurations as one decision diagram, when it fits [`DIAGRAM_BUDGET`].
    diagram: Option<Mdd>,
    /// Built on first use: a catalog with a diagram may never need it.
    hard: OnceLock<Mutex<Solver>>,
    /// Built on first use, with one selector variable per constraint (enforced when true).
    soft: OnceLock<Guarded>,
    /// The solvers' quantity variables (see [`quantity_layout`]).
    quantity_vars: Vec<Option<u32>>,
    never: Var,
    /// Each constraint's clauses, encoded on first use (groups first, then rules).
    recorded: Vec<OnceLock<Recorded>>,
}

/// A solver whose constraints can be switched off: each has a selector variable.
type Guarded = (Mutex<Solver>, Vec<(Constraint, Var)>);

fn lock(m: &Mutex<Solver>) -> std::sync::MutexGuard<'_, Solver> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Clone for Engine {
    fn clone(&self) -> Self {
        Engine {
            catalog: self.catalog.clone(),
            diagram: self.diagram.clone(),
            hard: OnceLock::new(),
            soft: OnceLock::new(),
            quantity_vars: self.quantity_vars.clone(),
            never: self.never,
            recorded: self.recorded.clone(),
        }
    }
}

/// Every constraint of a catalog: group limits, then rules.
fn all_constraints(catalog: &Catalog) -> impl Iterator<Item = Constraint> + '_ {
    catalog
        .groups()
        .iter()
        .map(|g| Constraint::Group(g.id))
        .chain(catalog.rules().iter().map(|r| Constraint::Rule(r.id)))
}

/// Adds the item and quantity variables of `catalog` to `solver`, then the clauses of the given
/// constraints (see [`encode_constraints`]).
fn encode(
    catalog: &Catalog,
    solver: &mut Solver,
    constraints: impl Iterator<Item = Constraint>,
    with_selectors: bool,
) -> Vec<(Constraint, Var)> {
    encode_vars(catalog, solver);
    encode_constraints(catalog, solver, constraints, with_selectors)
}

/// Adds the variables of every item and quantity (see [`quantity_layout`]) to an empty solver.
fn encode_vars(catalog: &Catalog, solver: &mut Solver) {
    // Variables 0..items are the items themselves, then the quantity variables (see
    // [`quantity_layout`]), all decided before any auxiliary variable; then `never`.
    let (first, never) = quantity_layout(catalog);
    for _ in 0..never.0 {
        let v = solver.new_var();
        solver.set_primary(v);
    }
    let v = solver.new_var();
    debug_assert_eq!(v, never);
    solver.add_clause(&[Lit::neg(never)]);
    // A chosen item has exactly one quantity; an item left out has none.
    for it in catalog.items() {
        if let Some(f) = first[it.id.index()] {
            let n = it.quantity.end() - it.quantity.start() + 1;
            let qs: Vec<Lit> = (f..f + n).map(|v| Lit::pos(Var(v))).collect();
            let x = Lit::pos(item_var(it.id));
            let mut some = vec![!x];
            some.extend(&qs);
            solver.add_clause(&some);
            for &q in &qs {
                solver.add_clause(&[!q, x]);
            }
            at_most(solver, &[], &qs, 1);
        }
    }
}

/// Where the encoders write: a solver, or a [`Recorded`] clause list.
trait ClauseSink {
    fn new_var(&mut self) -> Var;
    fn add_clause(&mut self, lits: &[Lit]);
}

impl ClauseSink for Solver {
    fn new_var(&mut self) -> Var {
        Solver::new_var(self)
    }
    fn add_clause(&mut self, lits: &[Lit]) {
        Solver::add_clause(self, lits);
    }
}

/// One constraint's clauses with its selector, encoded once and added to any solver built by
/// [`encode_vars`] for the same catalog: variables below `base` are the items' and quantities'
/// (the same in every such solver); the selector (the first) and auxiliary variables are
/// numbered from `base` and shifted to fresh variables when added. Explanations build many
/// small solvers from a few constraints each; tables are costly to encode.
#[derive(Clone)]
struct Recorded {
    base: u32,
    next: u32,
    lits: Vec<Lit>,
    /// Where each clause ends in `lits`.
    ends: Vec<u32>,
}

impl std::fmt::Debug for Recorded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Recorded({} variables, {} clauses)",
            self.next - self.base,
            self.ends.len()
        )
    }
}

impl ClauseSink for Recorded {
    fn new_var(&mut self) -> Var {
        self.next += 1;
        Var(self.next - 1)
    }
    fn add_clause(&mut self, lits: &[Lit]) {
        self.lits.extend_from_slice(lits);
        self.ends.push(self.lits.len() as u32);
    }
}

impl Recorded {
    /// Encodes constraint `c` with a selector, after the variables up to `never`.
    fn new(catalog: &Catalog, c: Constraint, never: Var) -> Recorded {
        let base = never.0 + 1;
        let mut r = Recorded {
            base,
            next: base,
            lits: Vec::new(),
            ends: Vec::new(),
        };
        let sel = encode_constraints(catalog, &mut r, std::iter::once(c), true);
        debug_assert_eq!(sel.first().map(|&(_, v)| v), Some(Var(base)));
        r
    }

    /// Adds the clauses to `solver` (whose first `base` variables are the items' and
    /// quantities') with fresh auxiliary variables; returns the selector.
    fn add_to(&self, solver: &mut Solver) -> Var {
        let shift = solver.num_vars() as u32 - self.base;
        for _ in self.base..self.next {
            solver.new_var();
        }
        let map = |l: Lit| {
            let v = l.var().0;
            if v < self.base {
                l
            } else {
                Lit::new(Var(v + shift), !l.is_neg())
            }
        };
        let mut clause = Vec::new();
        let mut start = 0;
        for &end in &self.ends {
            clause.clear();
            clause.extend(self.lits[start..end as usize].iter().map(|&l| map(l)));
            solver.add_clause(&clause);
            start = end as usize;
        }
        Var(self.base + shift)
    }
}

/// Adds the clauses of the given constraints to a solver with [`encode_vars`]. With
/// `with_selectors`, each constraint gets a selector variable and its clauses hold only when it
/// is true.
fn encode_constraints(
    catalog: &Catalog,
    solver: &mut dyn ClauseSink,
    constraints: impl Iterator<Item = Constraint>,
    with_selectors: bool,
) -> Vec<(Constraint, Var)> {
    let (first, _) = quantity_layout(catalog);
    let mut selectors = Vec::new();
    for c in constraints {
        let sel = with_selectors.then(|| solver.new_var());
        let guard: Vec<Lit> = sel.map(Lit::neg).into_iter().collect();
        match c {
            Constraint::Group(g) => {
                let g = catalog.group(g);
                let lits: Vec<Lit> = g.items.iter().map(|&i| Lit::pos(item_var(i))).collect();
                // With a condition w: w ⇒ limits, ¬w ⇒ nothing chosen.
                let mut limits_guard = guard.clone();
                if let Some((w, _)) = &g.when {
                    let w = tseitin(solver, w);
                    limits_guard.push(!w);
                    for &l in &lits {
                        guarded(solver, &guard, &[w, !l]);
                    }
                }
                at_most(solver, &limits_guard, &lits, g.max as usize);
                let negs: Vec<Lit> = lits.iter().map(|&l| !l).collect();
                at_most(
                    solver,
                    &limits_guard,
                    &negs,
                    lits.len().saturating_sub(g.min as usize),
                );
            }
            Constraint::Rule(r) => {
                let r = catalog.rule(r);
                match &r.body {
                    RuleBody::Logic {
                        condition,
                        consequence,
                    } => {
                        let cond = tseitin(solver, condition);
                        let then = tseitin(solver, consequence);
                        let then = match r.kind {
                            RuleKind::Excludes => !then,
                            _ => then,
                        };
                        guarded(solver, &guard, &[!cond, then]);
                    }
                    RuleBody::Table(t) => encode_table(catalog, solver, &guard, t),
                    RuleBody::Resource { .. } => {
                        let layers: Vec<Layer> = r
                            .resource_terms(catalog)
                            .into_iter()
                            .filter_map(|(i, w)| {
                                item_layer(catalog, &first, i, |q| Some(w * i64::from(q)))
                            })
                            .collect();
                        encode_resource(solver, &guard, &layers);
                    }
                    RuleBody::Count { items, min, max } => {
                        let lits: Vec<Lit> = items.iter().map(|&i| Lit::pos(item_var(i))).collect();
                        at_most(solver, &guard, &lits, *max as usize);
                        let negs: Vec<Lit> = lits.iter().map(|&l| !l).collect();
                        at_most(
                            solver,
                            &guard,
                            &negs,
                            lits.len().saturating_sub(*min as usize),
                        );
                    }
                }
            }
        }
        if let Some(sel) = sel {
            selectors.push((c, sel));
        }
    }
    selectors
}

/// An item's layer in a linear sum (see [`encode_resource`]): left out (0), or each of its
/// quantities (weight `weight(q)`; `weight(1)` for an item without a quantity). `None` when a
/// weight is `None` (does not fit).
fn item_layer(
    catalog: &Catalog,
    first: &[Option<u32>],
    item: ItemId,
    weight: impl Fn(u32) -> Option<i64>,
) -> Option<Layer> {
    let it = catalog.item(item);
    let x = Lit::pos(item_var(item));
    let mut layer = vec![(!x, 0)];
    match first[item.index()] {
        Some(f) => {
            for q in it.quantity.clone() {
                let v = Var(f + q - it.quantity.start());
                layer.push((Lit::pos(v), weight(q)?));
            }
        }
        None => layer.push((x, weight(1)?)),
    }
    Some(layer)
}

/// Where the solvers keep quantities: for each item with a quantity `min..=max`, the first of
/// its `max - min + 1` variables (variable `first + q - min` true: exactly `q` units), right
/// after the items' variables; and `never`, a variable that is always false (a quantity out of
/// range asks for it).
fn quantity_layout(catalog: &Catalog) -> (Vec<Option<u32>>, Var) {
    let mut next = catalog.items().len() as u32;
    let first = catalog
        .items()
        .iter()
        .map(|it| {
            it.has_quantity().then(|| {
                let f = next;
                next += it.quantity.end() - it.quantity.start() + 1;
                f
            })
        })
        .collect();
    (first, Var(next))
}

/// Work the model counter does before [`Engine::count`] gives up on a catalog without a
/// decision diagram (about 4 s natively; see [`crate::count`]).
pub const COUNT_BUDGET: u64 = 50_000_000;

/// Largest decision diagram (in nodes) the engine builds before it relies on the solver alone.
pub const DIAGRAM_BUDGET: usize = 400_000;

impl Engine {
    fn hard(&self) -> std::sync::MutexGuard<'_, Solver> {
        lock(self.hard.get_or_init(|| {
            let mut solver = Solver::new();
            encode(
                &self.catalog,
                &mut solver,
                all_constraints(&self.catalog),
                false,
            );
            Mutex::new(solver)
        }))
    }

    fn soft(&self) -> (std::sync::MutexGuard<'_, Solver>, &[(Constraint, Var)]) {
        let (m, selectors) = self.soft.get_or_init(|| {
            let mut solver = Solver::new();
            encode_vars(&self.catalog, &mut solver);
            let selectors = all_constraints(&self.catalog)
                .map(|c| (c, self.recorded(c).add_to(&mut solver)))
                .collect();
            (Mutex::new(solver), selectors)
        });
        (lock(m), selectors)
    }

    /// The clauses of constraint `c` with a selector (encoded on first use).
    fn recorded(&self, c: Constraint) -> &Recorded {
        let i = match c {
            Constraint::Group(g) => g.index(),
            Constraint::Rule(r) => self.catalog.groups().len() + r.index(),
        };
        self.recorded[i].get_or_init(|| Recorded::new(&self.catalog, c, self.never))
    }

    /// Compiles a validated catalog: clauses for the solvers, and a decision diagram of all
    /// valid configurations when one fits [`DIAGRAM_BUDGET`].
    pub fn new(catalog: Catalog) -> Engine {
        Self::with_diagram_budget(catalog, DIAGRAM_BUDGET)
    }

    /// Like [`Engine::new`] with another diagram budget; 0 means no diagram (solver only).
    pub fn with_diagram_budget(catalog: Catalog, budget: usize) -> Engine {
        let diagram = if budget == 0 {
            None
        } else {
            Mdd::compile(&catalog, budget).ok()
        };
        let (quantity_vars, never) = quantity_layout(&catalog);
        let constraints = catalog.groups().len() + catalog.rules().len();
        Engine {
            catalog,
            diagram,
            hard: OnceLock::new(),
            soft: OnceLock::new(),
            quantity_vars,
            never,
            recorded: (0..constraints).map(|_| OnceLock::new()).collect(),
        }
    }

    /// Work done so far: (solver calls, conflicts) of the availability solver, then of the
    /// explanation solver. For benchmarks.
    pub fn stats(&self) -> [(u64, u64); 2] {
        let h = self.hard.get().map_or((0, 0), |m| {
            let s = lock(m);
            (s.solves, s.conflicts)
        });
        let s = self.soft.get().map_or((0, 0), |(m, _)| {
            let s = lock(m);
            (s.solves, s.conflicts)
        });
        [h, s]
    }

    /// Builds what explanations need (the guarded solver) ahead of the first one, e.g. while
    /// the browser is idle after loading. Explanations build it on demand otherwise.
    pub fn prepare_explanations(&self) {
        drop(self.soft());
    }

    /// The catalog this engine was compiled from.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The choices against which the items of `group` are judged: in a single-choice group the
    /// user's own choice there is left out, since choosing another item replaces it.
    fn context<C: AsChoice>(&self, choices: &[C], group: GroupId) -> Vec<C> {
        match self.catalog.group(group).kind {
            ChoiceKind::Single => choices
                .iter()
                .copied()
                .filter(|&c| self.catalog.item(c.choice().item).group != group)
                .collect(),
            ChoiceKind::Multiple => choices.to_vec(),
        }
    }

    /// The solver literal for "`item` has `q` units" (always false when `q` is out of range).
    fn quantity_lit(&self, item: ItemId, q: u32) -> Lit {
        let range = &self.catalog.item(item).quantity;
        match self.quantity_vars[item.index()] {
            Some(f) if range.contains(&q) => Lit::pos(Var(f + q - range.start())),
            None if q == 1 => Lit::pos(item_var(item)),
            _ => Lit::pos(self.never),
        }
    }

    /// The solver assumptions of the choices.
    fn lits(&self, choices: &[Choice]) -> Vec<Lit> {
        let mut out = Vec::with_capacity(choices.len());
        for c in choices {
            out.push(Lit::pos(item_var(c.item)));
            if let Some(q) = c.quantity {
                out.push(self.quantity_lit(c.item, q));
            }
        }
        out
    }

    /// For each target item, whether some valid configuration extending `context` contains it
    /// (`want_in`) and whether one leaves it out (`want_out`). Models found along the way
    /// answer many questions at once; phases steer each search towards unanswered ones.
    /// `None` when no valid configuration extends `context` at all.
    fn witnesses(
        &self,
        solver: &mut Solver,
        context: &[Choice],
        want_in: &[ItemId],
        want_out: &[ItemId],
    ) -> Option<(Vec<bool>, Vec<bool>)> {
        let n = self.catalog.items().len();
        let (mut can_in, mut can_out) = (vec![false; n], vec![false; n]);
        let base: Vec<Lit> = self.lits(context);
        let record = |solver: &Solver, can_in: &mut Vec<bool>, can_out: &mut Vec<bool>| {
            for (k, &v) in solver.model()[..n].iter().enumerate() {
                if v {
                    can_in[k] = true;
                } else {
                    can_out[k] = true;
                }
            }
        };
        let steer = |solver: &mut Solver, can_in: &[bool], can_out: &[bool]| {
            for &i in want_out {
                if !can_out[i.index()] {
                    solver.set_phase(item_var(i), false);
                }
            }
            for &i in want_in {
                if !can_in[i.index()] {
                    solver.set_phase(item_var(i), true);
                }
            }
        };
        steer(solver, &can_in, &can_out);
        if solver.solve(&base) != Answer::Sat {
            return None;
        }
        record(solver, &mut can_in, &mut can_out);
        // What propagation alone fixes needs no question: an item it puts in (or leaves out)
        // cannot be left out (or put in) by any model.
        let mut fixed: Vec<Option<bool>> = vec![None; n];
        for l in solver.propagated(&base).unwrap_or_default() {
            if let Some(f) = fixed.get_mut(l.var().0 as usize) {
                *f = Some(!l.is_neg());
            }
        }
        for (targets, value) in [(want_in, true), (want_out, false)] {
            for &i in targets {
                let known = if value {
                    can_in[i.index()]
                } else {
                    can_out[i.index()]
                };
                if known || fixed[i.index()] == Some(!value) {
                    continue;
                }
                steer(solver, &can_in, &can_out);
                let mut assumptions = base.clone();
                assumptions.push(Lit::new(item_var(i), value));
                if solver.solve(&assumptions) == Answer::Sat {
                    record(solver, &mut can_in, &mut can_out);
                }
            }
        }
        Some((can_in, can_out))
    }

    /// The diagram and the restriction `choices` make on it, when there is a diagram and it can
    /// express them (not two items of one single-choice group).
    fn diagram_with(&self, choices: &[Choice]) -> Option<(&Mdd, Vec<Option<u32>>)> {
        let d = self.diagram.as_ref()?;
        Some((d, d.restriction(choices)?))
    }

    /// For every resource rule, what the configuration's items use and provide now (attribute
    /// times [`Evaluation::quantity`] over the items that are in), for meters.
    pub fn resources(&self, evaluation: &Evaluation) -> Vec<ResourceUse> {
        self.catalog
            .rules()
            .iter()
            .filter_map(|r| match &r.body {
                RuleBody::Resource { uses, provides } => {
                    let sum = |attr: &str| -> i64 {
                        self.catalog
                            .items()
                            .iter()
                            .map(|it| it.attribute(attr) * i64::from(evaluation.quantity(it.id)))
                            .sum()
                    };
                    Some(ResourceUse {
                        rule: r.id,
                        used: sum(uses),
                        provided: sum(provides),
                    })
                }
                _ => None,
            })
            .collect()
    }

    /// The rules that never bite: leaving one out allows no configuration the catalog does
    /// not already allow (the other constraints imply it). `None` when the catalog is too
    /// large for a decision diagram; each rule costs one compilation.
    pub fn idle_rules(&self) -> Option<Vec<crate::ids::RuleId>> {
        let d = self.diagram.as_ref()?;
        let all = d.count(&vec![None; d.domains.len()]);
        let mut idle = Vec::new();
        for r in self.catalog.rules() {
            let without = Mdd::compile_without(&self.catalog, DIAGRAM_BUDGET, Some(r.id)).ok()?;
            if without.count(&vec![None; without.domains.len()]) == all {
                idle.push(r.id);
            }
        }
        Some(idle)
    }

    /// Size of the compiled decision diagram in nodes, if the catalog has one.
    pub fn diagram_size(&self) -> Option<usize> {
        self.diagram.as_ref().map(Mdd::size)
    }

    /// The exact number of complete valid configurations that extend `choices`.
    /// Distinct quantities count as distinct configurations. From the decision diagram when
    /// the catalog has one; otherwise by model counting on the clauses (see [`crate::count`]),
    /// which gives up after [`COUNT_BUDGET`] units of work: `None` then.
    pub fn count<C: AsChoice>(&self, choices: &[C]) -> Option<crate::Natural> {
        self.count_within(choices, COUNT_BUDGET)
    }

    /// [`Engine::count`] with another budget of work for the model counter (about 13 million
    /// units a second natively; unused when the catalog has a diagram).
    pub fn count_within<C: AsChoice>(&self, choices: &[C], budget: u64) -> Option<crate::Natural> {
        let choices = to_choices(choices);
        if let Some(d) = &self.diagram {
            return Some(match d.restriction(&choices) {
                Some(fixed) => d.count(&fixed),
                None => crate::Natural::ZERO,
            });
        }
        // The availability solver holds exactly these clauses (plus facts it derived at the
        // root, which only help); no need to encode the catalog again for every count.
        let (clauses, num_vars) = {
            let mut hard = self.hard();
            (hard.formula(), hard.num_vars())
        };
        let Some(clauses) = clauses else {
            return Some(crate::Natural::ZERO);
        };
        let mut counter = crate::count::Counter::new(&clauses, num_vars, self.never.0, budget);
        counter.count_all(&self.lits(&choices))
    }

    /// Item states from the decision diagram: for each item, whether it can be in and whether
    /// it can be out, each judged against the other choices as `evaluate` defines.
    fn states_from_diagram(
        &self,
        d: &Mdd,
        fixed: &[Option<u32>],
        choices: &[Choice],
    ) -> (Vec<ItemState>, Vec<Vec<u32>>, bool) {
        let consistent = d.consistent(fixed);
        let valid = d.supports(fixed);
        let catalog = &self.catalog;
        let mut states = vec![ItemState::Available; catalog.items().len()];
        // The values of a quantity level other than 0 ("left out") that some configuration
        // allows given the other levels.
        let achievable = catalog
            .items()
            .iter()
            .map(|it| match d.quantity_levels[it.id.index()] {
                Some(l) => it
                    .quantity
                    .clone()
                    .filter(|&q| valid[l as usize][q as usize])
                    .collect(),
                None => Vec::new(),
            })
            .collect();
        for g in catalog.groups() {
            // In a single-choice group, a quantity set on the group's own choice is left out
            // with it (see `context`): one more pair of passes without that pin.
            let own_pin = (g.kind == ChoiceKind::Single)
                .then(|| {
                    choices
                        .iter()
                        .find(|c| catalog.item(c.item).group == g.id && c.quantity.is_some())
                        .and_then(|c| d.quantity_levels[c.item.index()])
                })
                .flatten();
            let own_valid = own_pin.map(|l| {
                let mut f = fixed.to_vec();
                f[l as usize] = None;
                d.supports(&f)
            });
            let valid = own_valid.as_ref().unwrap_or(&valid);
            for &i in &g.items {
                let slot = d.slots[i.index()];
                let vals = &valid[slot.level as usize];
                states[i.index()] = if choices.iter().any(|c| c.item == i) {
                    ItemState::Selected
                } else if !vals[slot.value as usize] {
                    ItemState::Unavailable
                } else if !consistent {
                    ItemState::Available
                } else {
                    let only = match g.kind {
                        // Implied: no other value of the group's level is possible.
                        ChoiceKind::Single => vals
                            .iter()
                            .enumerate()
                            .all(|(v, &ok)| !ok || v == slot.value as usize),
                        ChoiceKind::Multiple => !vals[0],
                    };
                    if only && fixed[slot.level as usize].is_none() {
                        ItemState::Implied
                    } else {
                        ItemState::Available
                    }
                };
            }
        }
        (states, achievable, consistent)
    }

    /// Evaluates the user's choices, given in the order they were made: plain items
    /// ([`ItemId`]) or [`Choice`]s with quantities.
    pub fn evaluate<C: AsChoice>(&self, choices: &[C]) -> Evaluation {
        let choices = &to_choices(choices);
        let diagram = self.diagram_with(choices);
        let (states, achievable, consistent) = match diagram {
            Some((d, fixed)) => self.states_from_diagram(d, &fixed, choices),
            // No diagram, or choices it cannot express (two items of one single-choice group).
            None => {
                let (states, consistent) = self.states_from_solver(choices);
                let achievable = self.quantities_from_solver(choices, &states);
                (states, achievable, consistent)
            }
        };
        self.finish(choices, states, achievable, consistent)
    }

    /// For each item with a quantity that is in the configuration, the quantities some valid
    /// configuration allows with the other choices (its own quantity, if set, left out).
    fn quantities_from_solver(&self, choices: &[Choice], states: &[ItemState]) -> Vec<Vec<u32>> {
        let mut solver = self.hard();
        self.catalog
            .items()
            .iter()
            .map(|it| {
                if !it.has_quantity() || !states[it.id.index()].is_in() {
                    return Vec::new();
                }
                let mut context: Vec<Choice> = choices
                    .iter()
                    .map(|&c| {
                        if c.item == it.id {
                            Choice::from(c.item)
                        } else {
                            c
                        }
                    })
                    .collect();
                if !context.iter().any(|c| c.item == it.id) {
                    context.push(Choice::from(it.id));
                }
                let base = self.lits(&context);
                let mut found = vec![false; *it.quantity.end() as usize + 1];
                for q in it.quantity.clone() {
                    if found[q as usize] {
                        continue;
                    }
                    let mut a = base.clone();
                    a.push(self.quantity_lit(it.id, q));
                    if solver.solve(&a) == Answer::Sat {
                        // The model may show other quantities too.
                        for r in it.quantity.clone() {
                            let l = self.quantity_lit(it.id, r);
                            if solver.model()[l.var().0 as usize] {
                                found[r as usize] = true;
                            }
                        }
                    }
                }
                it.quantity.clone().filter(|&q| found[q as usize]).collect()
            })
            .collect()
    }

    /// Item states from the solver (any catalog size).
    fn states_from_solver(&self, choices: &[Choice]) -> (Vec<ItemState>, bool) {
        let catalog = &self.catalog;
        let n = catalog.items().len();
        let mut solver = self.hard();
        let chosen: Vec<bool> = {
            let mut v = vec![false; n];
            choices.iter().for_each(|c| v[c.item.index()] = true);
            v
        };
        // Items judged against the full choices, and the single-choice groups with a choice of
        // their own (judged against the choices without it).
        let mut full_in = Vec::new();
        let mut own_context = Vec::new();
        for g in catalog.groups() {
            let has_choice = g.items.iter().any(|i| chosen[i.index()]);
            if g.kind == ChoiceKind::Single && has_choice {
                own_context.push(g.id);
            } else {
                full_in.extend(g.items.iter().copied().filter(|i| !chosen[i.index()]));
            }
        }
        let unchosen: Vec<ItemId> = catalog
            .items()
            .iter()
            .map(|it| it.id)
            .filter(|i| !chosen[i.index()])
            .collect();
        let full = self.witnesses(&mut solver, choices, &full_in, &unchosen);
        let consistent = full.is_some();
        let (mut can_in, can_out) = full.unwrap_or_else(|| (vec![false; n], vec![false; n]));
        for g in own_context {
            let context = self.context(choices, g);
            let targets: Vec<ItemId> = catalog
                .group(g)
                .items
                .iter()
                .copied()
                .filter(|i| !chosen[i.index()])
                .collect();
            let own = self.witnesses(&mut solver, &context, &targets, &[]);
            for i in targets {
                can_in[i.index()] = own.as_ref().is_some_and(|(ci, _)| ci[i.index()]);
            }
        }
        drop(solver);
        let states: Vec<ItemState> = (0..n)
            .map(|k| {
                if chosen[k] {
                    ItemState::Selected
                } else if !can_in[k] {
                    ItemState::Unavailable
                } else if consistent && !can_out[k] {
                    ItemState::Implied
                } else {
                    ItemState::Available
                }
            })
            .collect();
        (states, consistent)
    }

    /// Quantities, status and total from the item states.
    fn finish(
        &self,
        choices: &[Choice],
        states: Vec<ItemState>,
        achievable: Vec<Vec<u32>>,
        consistent: bool,
    ) -> Evaluation {
        let catalog = &self.catalog;
        let quantities: Vec<Option<Quantities>> = catalog
            .items()
            .iter()
            .zip(achievable)
            .map(|(it, values)| {
                if !it.has_quantity() || !states[it.id.index()].is_in() {
                    return None;
                }
                let pinned = choices
                    .iter()
                    .find(|c| c.item == it.id)
                    .and_then(|c| c.quantity);
                let current = pinned
                    .or(values.first().copied())
                    .unwrap_or(*it.quantity.start());
                Some(Quantities { values, current })
            })
            .collect();
        let quantity = |i: ItemId| quantity_in(&states, &quantities, i);
        let status = if !consistent {
            Status::Conflict(self.minimal_explanation(choices, None))
        } else {
            let missing: Vec<GroupId> = catalog
                .groups()
                .iter()
                .filter(|g| {
                    let is_in = |i: ItemId| states[i.index()].is_in();
                    let applies = g.when.as_ref().is_none_or(|(w, _)| w.eval(&is_in));
                    applies && (g.items.iter().filter(|&&i| is_in(i)).count() as u32) < g.min
                })
                .map(|g| g.id)
                .collect();
            // Checked only when no group is missing anything (with tables of many rows the
            // independent checkers are not free).
            if missing.is_empty() && self.check(&quantity).is_empty() {
                Status::Complete
            } else {
                Status::Incomplete { missing }
            }
        };
        let total = catalog
            .items()
            .iter()
            .map(|it| it.price.times(quantity(it.id)))
            .sum();
        Evaluation {
            items: states,
            quantities,
            status,
            total,
        }
    }

    /// Why `item` is unavailable or implied under `choices`: a minimal set of the user's
    /// choices and the constraints that together force it. `None` when it is neither.
    pub fn explain<C: AsChoice>(&self, choices: &[C], item: ItemId) -> Option<Explanation> {
        let choices = &to_choices(choices);
        if choices.iter().any(|c| c.item == item) {
            return None;
        }
        let x = Lit::pos(item_var(item));
        let context = self.context(choices, self.catalog.item(item).group);
        let diagram = self.diagram_with(choices);
        if let Some((d, fixed)) = diagram {
            // The diagram answers which case this is without the solver (item states only: a
            // full evaluation would also explain a conflict and total the prices).
            let (states, ..) = self.states_from_diagram(d, &fixed, choices);
            return match states[item.index()] {
                ItemState::Unavailable => Some(self.minimal_explanation(&context, Some(x))),
                ItemState::Implied => Some(self.minimal_explanation(choices, Some(!x))),
                _ => None,
            };
        }
        let sat = |assumptions: &[Lit]| self.hard().solve(assumptions) == Answer::Sat;
        let mut a: Vec<Lit> = self.lits(&context);
        a.push(x);
        if !sat(&a) {
            return Some(self.minimal_explanation(&context, Some(x)));
        }
        let mut a: Vec<Lit> = self.lits(choices);
        if !sat(&a) {
            return None; // in conflict: nothing is implied
        }
        a.push(!x);
        if !sat(&a) {
            return Some(self.minimal_explanation(choices, Some(!x)));
        }
        None
    }

    /// Deletion-based minimisation of the choices with the decision diagram (one linear pass
    /// per test), when there is one and it can express the target. Choices are minimal against
    /// all constraints: dropping any one makes the query satisfiable.
    fn minimal_choices_by_diagram(
        &self,
        choices: &[Choice],
        target: Option<Lit>,
    ) -> Option<Vec<Choice>> {
        let d = self.diagram.as_ref()?;
        // The target as one (level, value) the diagram can pin.
        let pin = match target {
            None => None,
            Some(t) => {
                let item = ItemId::from_index(t.var().0 as usize);
                let slot = d.slots[item.index()];
                let in_multiple =
                    self.catalog.group(self.catalog.item(item).group).kind == ChoiceKind::Multiple;
                match (t.is_neg(), in_multiple) {
                    (false, _) => Some((slot.level as usize, slot.value)),
                    // "Left out" of a yes/no level is its value 0.
                    (true, true) => Some((slot.level as usize, 0)),
                    // "Not this item" in a single-choice group is not one value: use the solver.
                    (true, false) => return None,
                }
            }
        };
        let unsat = |keep: &[Choice]| -> bool {
            let Some(mut fixed) = d.restriction(keep) else {
                return true;
            };
            if let Some((level, value)) = pin {
                if fixed[level].is_some_and(|v| v != value) {
                    return true;
                }
                fixed[level] = Some(value);
            }
            !d.consistent(&fixed)
        };
        debug_assert!(unsat(choices));
        // Insertion with binary search, most recent choices first: the shortest run of recent
        // choices that (with those kept) is unsatisfiable ends with a needed one; keep it, and
        // search again among the older ones, until the kept ones alone are unsatisfiable.
        // About log2(n) tests per kept choice instead of one per choice; minimal, since each
        // kept choice was needed against a superset of what is finally kept.
        let mut rest: Vec<Choice> = choices.iter().rev().copied().collect();
        let mut keep: Vec<Choice> = Vec::new();
        while !unsat(&keep) {
            let with = |p: usize| -> Vec<Choice> {
                let mut all = keep.clone();
                all.extend_from_slice(&rest[..=p]);
                all
            };
            let (mut lo, mut hi) = (0, rest.len() - 1);
            while lo < hi {
                let mid = (lo + hi) / 2;
                if unsat(&with(mid)) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            keep.push(rest[lo]);
            rest.truncate(lo);
        }
        // In the order the choices were made.
        crate::sort::by_key(&mut keep, |k| {
            choices
                .iter()
                .position(|c| c == k)
                .map_or(u64::MAX, |p| p as u64)
        });
        Some(keep)
    }

    /// A minimal explanation of why `choices` (plus `target`, if any) admit no valid
    /// configuration: first the choices, minimal against all constraints (by the diagram when
    /// there is one, else by cores and deletion in the guarded solver), then the constraints,
    /// minimal given those choices (see [`Engine::minimal_constraints`]).
    /// Precondition: they admit none.
    fn minimal_explanation(&self, choices: &[Choice], target: Option<Lit>) -> Explanation {
        let keep = match self.minimal_choices_by_diagram(choices, target) {
            Some(keep) => keep,
            None => self.minimal_choices_by_solver(choices, target),
        };
        let constraints = self.minimal_constraints(&keep, target);
        Explanation {
            choices: keep.iter().map(|c| c.item).collect(),
            constraints,
        }
    }

    /// Deletion-based minimisation of the choices with the guarded solver, each step keeping
    /// only the choices in the core of the last unsatisfiable query.
    fn minimal_choices_by_solver(&self, choices: &[Choice], target: Option<Lit>) -> Vec<Choice> {
        let (mut solver, selectors) = self.soft();
        let all: Vec<Lit> = selectors.iter().map(|&(_, v)| Lit::pos(v)).collect();
        let mut core = |choices: &[Choice]| -> Option<Vec<Lit>> {
            let mut assumptions: Vec<Lit> = target.into_iter().collect();
            assumptions.extend(self.lits(choices));
            assumptions.extend(&all);
            match solver.solve(&assumptions) {
                Answer::Sat => None,
                Answer::Unsat { core } => Some(core),
            }
        };
        let in_core = |core: &[Lit], c: Choice| self.lits(&[c]).iter().any(|l| core.contains(l));
        let Some(first) = core(choices) else {
            debug_assert!(false, "minimal_explanation called on a satisfiable query");
            return choices.to_vec();
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
                Some(c) => keep = trial.into_iter().filter(|&x| in_core(&c, x)).collect(),
                None => k += 1,
            }
        }
        keep
    }

    /// A minimal set of constraints that, with `keep` (and `target`), admits no valid
    /// configuration: the core of one query to the guarded solver, then core trimming and
    /// deletion in a small solver of that core's constraints only, where a satisfiable answer
    /// (one per constraint that stays) assigns the variables of a few constraints, not the
    /// whole catalog's. Precondition: `keep` (with `target`) admits no valid configuration.
    fn minimal_constraints(&self, keep: &[Choice], target: Option<Lit>) -> Vec<Constraint> {
        let catalog = &self.catalog;
        let assumed: Vec<Lit> = target.into_iter().chain(self.lits(keep)).collect();
        let solve = |solver: &mut Solver, sels: &[Var]| -> Option<Vec<Lit>> {
            let mut assumptions = assumed.clone();
            assumptions.extend(sels.iter().map(|&v| Lit::pos(v)));
            match solver.solve(&assumptions) {
                Answer::Sat => None,
                Answer::Unsat { core } => Some(core),
            }
        };
        let in_core: Vec<Constraint> = {
            let (mut soft, selectors) = self.soft();
            let all: Vec<Var> = selectors.iter().map(|&(_, v)| v).collect();
            let Some(core) = solve(&mut soft, &all) else {
                debug_assert!(false, "minimal_constraints called on a satisfiable query");
                return Vec::new();
            };
            selectors
                .iter()
                .filter(|&&(_, v)| core.contains(&Lit::pos(v)))
                .map(|&(c, _)| c)
                .collect()
        };
        let mut small = Solver::new();
        encode_vars(catalog, &mut small);
        let selectors: Vec<(Constraint, Var)> = in_core
            .into_iter()
            .map(|c| (c, self.recorded(c).add_to(&mut small)))
            .collect();
        let mut cons: Vec<Var> = selectors.iter().map(|&(_, v)| v).collect();
        // Core trimming: solving again with only the core's constraints often yields a smaller
        // core, at the cost of one call instead of one per dropped constraint.
        for _ in 0..4 {
            let Some(c) = solve(&mut small, &cons) else {
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
            match solve(&mut small, &trial) {
                Some(c) => {
                    cons = trial
                        .into_iter()
                        .filter(|&v| c.contains(&Lit::pos(v)))
                        .collect()
                }
                None => j += 1,
            }
        }
        // In catalog order.
        let mut out: Vec<Constraint> = selectors
            .iter()
            .filter(|(_, v)| cons.contains(v))
            .map(|&(c, _)| c)
            .collect();
        crate::sort::by_key(&mut out, |c| match *c {
            Constraint::Group(g) => g.index() as u64,
            Constraint::Rule(r) => 1 << 32 | r.index() as u64,
        });
        out
    }

    /// The choices after the user clicks `item`: a chosen item is unchosen; in a single-choice
    /// group a new choice replaces the group's previous one; otherwise the item is added last.
    pub fn toggle<C: AsChoice>(&self, choices: &[C], item: ItemId) -> Vec<C> {
        if choices.iter().any(|c| c.choice().item == item) {
            return choices
                .iter()
                .copied()
                .filter(|c| c.choice().item != item)
                .collect();
        }
        let mut next = self.context(choices, self.catalog.item(item).group);
        next.push(C::from(item));
        next
    }

    /// Independent checker: the constraints a total assignment (each item's quantity, 0 when
    /// it is not chosen) violates.
    pub fn check(&self, quantity: &dyn Fn(ItemId) -> u32) -> Vec<Constraint> {
        all_constraints(&self.catalog)
            .filter(|c| !c.holds(&self.catalog, quantity))
            .collect()
    }
}

fn item_var(i: ItemId) -> Var {
    Var(i.index() as u32)
}

/// Encodes a compatibility table (see [`Table`] for its semantics).
///
/// Forbidden: one clause per combination. Allowed: the table is compiled into a reduced
/// decision diagram (shared prefixes and suffixes), and the encoding asks for a path of chosen
/// items from its root to its end: one variable per node and per edge, with clauses that let
/// unit propagation rule out every item no remaining path supports. Its size follows the
/// diagram, not the number of combinations.
fn encode_table(catalog: &Catalog, solver: &mut dyn ClauseSink, guard: &[Lit], t: &Table) {
    if !t.allowed {
        for tuple in &t.tuples {
            let clause: Vec<Lit> = tuple.iter().map(|&i| Lit::neg(item_var(i))).collect();
            guarded(solver, guard, &clause);
        }
        return;
    }
    // The table constrains only when every scope group has a choice.
    let has: Vec<Expr> = t
        .groups
        .iter()
        .map(|&g| {
            Expr::Or(
                catalog
                    .group(g)
                    .items
                    .iter()
                    .map(|&i| Expr::Item(i))
                    .collect(),
            )
        })
        .collect();
    let active = tseitin(solver, &Expr::And(has));
    let mdd = TableDiagram::build(&t.tuples);
    let node_var: Vec<Lit> = (0..mdd.nodes.len())
        .map(|_| Lit::pos(solver.new_var()))
        .collect();
    let mut into: Vec<Vec<Lit>> = vec![Vec::new(); mdd.nodes.len()];
    let mut by_label: FxMap<ItemId, Vec<Lit>> = FxMap::default();
    for (u, edges) in mdd.nodes.iter().enumerate() {
        let mut out = vec![!node_var[u]];
        for &(label, child) in edges {
            let e = Lit::pos(solver.new_var());
            out.push(e);
            solver.add_clause(&[!e, node_var[u]]);
            solver.add_clause(&[!e, Lit::pos(item_var(label))]);
            if let Some(w) = child {
                solver.add_clause(&[!e, node_var[w]]);
                into[w].push(e);
            }
            by_label.entry(label).or_default().push(e);
        }
        guarded(solver, guard, &out);
    }
    guarded(solver, guard, &[!active, node_var[mdd.root]]);
    for (w, edges) in into.iter().enumerate() {
        if w != mdd.root {
            let mut clause = vec![!node_var[w]];
            clause.extend(edges);
            solver.add_clause(&clause);
        }
    }
    for &g in &t.groups {
        for &item in &catalog.group(g).items {
            let mut clause = vec![!active, Lit::neg(item_var(item))];
            clause.extend(by_label.get(&item).into_iter().flatten());
            guarded(solver, guard, &clause);
        }
    }
}

/// One layer of a resource sum: exactly one of its labels holds (an item left out and each of
/// its quantities, or an item's "in" and "out"), each adding its weight.
type Layer = Vec<(Lit, i64)>;

/// Where an edge of a partial-sum diagram leads.
#[derive(Clone, Copy, PartialEq, Debug)]
enum End {
    Node(usize),
    Ok,
    Fail,
}

/// The reduced diagram of `Σ ≤ 0` over layers, built with intervals (Abío et al., "BDDs for
/// pseudo-Boolean constraints", 2012): each node stands for the whole interval of partial
/// sums with the same future, so partial sums that cannot be told apart share one node and
/// the size follows the distinct outcomes, not the distinct sums.
struct SumDiagram<'t> {
    layers: &'t [Layer],
    /// Least and greatest sum the layers from k on can add.
    lo: Vec<i64>,
    hi: Vec<i64>,
    /// Per layer: interval start → (interval end, result).
    memo: Vec<std::collections::BTreeMap<i64, (i64, End)>>,
    /// Nodes: (layer, [(label, child)]).
    nodes: Vec<(usize, Vec<(Lit, End)>)>,
}

const NEG: i64 = i64::MIN / 4;
const POS: i64 = i64::MAX / 4;

impl SumDiagram<'_> {
    /// The diagram for layers k.. given partial sum `sum`, and the interval of partial sums
    /// with that same diagram.
    fn visit(&mut self, k: usize, sum: i64) -> (End, i64, i64) {
        if sum + self.lo[k] > 0 {
            return (End::Fail, 1 - self.lo[k], POS);
        }
        if sum + self.hi[k] <= 0 {
            return (End::Ok, NEG, -self.hi[k]);
        }
        if let Some((&a, &(b, end))) = self.memo[k].range(..=sum).next_back() {
            if sum <= b {
                return (end, a, b);
            }
        }
        let (mut a, mut b) = (NEG, POS);
        let mut kids = Vec::with_capacity(self.layers[k].len());
        for &(label, w) in &self.layers[k] {
            let (end, ca, cb) = self.visit(k + 1, sum + w);
            a = a.max(ca.saturating_sub(w));
            b = b.min(cb.saturating_sub(w));
            kids.push((label, end));
        }
        debug_assert!(a <= sum && sum <= b);
        let end = if kids.iter().all(|&(_, e)| e == kids[0].1) {
            kids[0].1
        } else {
            self.nodes.push((k, kids));
            End::Node(self.nodes.len() - 1)
        };
        self.memo[k].insert(a, (b, end));
        (end, a, b)
    }
}

/// Encodes `Σ ≤ 0` over layers (in each, exactly one label holds and adds its weight): the
/// reduced interval diagram of the sum, whose single path, forced by the labels, must reach
/// the end; one variable per node and per edge. Exact, and unit propagation follows the path.
fn encode_resource(solver: &mut dyn ClauseSink, guard: &[Lit], layers: &[Layer]) {
    let n = layers.len();
    let mut lo = vec![0i64; n + 1];
    let mut hi = vec![0i64; n + 1];
    for k in (0..n).rev() {
        let ws = layers[k].iter().map(|&(_, w)| w);
        lo[k] = lo[k + 1] + ws.clone().min().unwrap_or(0);
        hi[k] = hi[k + 1] + ws.max().unwrap_or(0);
    }
    let mut d = SumDiagram {
        layers,
        lo,
        hi,
        memo: vec![std::collections::BTreeMap::new(); n + 1],
        nodes: Vec::new(),
    };
    let (root, ..) = d.visit(0, 0);
    let node_var: Vec<Lit> = d.nodes.iter().map(|_| Lit::pos(solver.new_var())).collect();
    match root {
        End::Ok => return,
        End::Fail => {
            solver.add_clause(guard);
            return;
        }
        End::Node(r) => guarded(solver, guard, &[node_var[r]]),
    }
    let mut into: Vec<Vec<Lit>> = vec![Vec::new(); d.nodes.len()];
    for (k, (_, kids)) in d.nodes.iter().enumerate() {
        let u = node_var[k];
        let mut out = vec![!u];
        for &(label, to) in kids {
            match to {
                End::Fail => {
                    solver.add_clause(&[!u, !label]);
                }
                End::Ok | End::Node(_) => {
                    let e = Lit::pos(solver.new_var());
                    solver.add_clause(&[!e, label]);
                    solver.add_clause(&[!e, u]);
                    solver.add_clause(&[!u, !label, e]);
                    out.push(e);
                    if let End::Node(w) = to {
                        solver.add_clause(&[!e, node_var[w]]);
                        into[w].push(e);
                    }
                }
            }
        }
        solver.add_clause(&out);
    }
    for (k, edges) in into.iter().enumerate() {
        if End::Node(k) != root {
            let mut c = vec![!node_var[k]];
            c.extend(edges);
            solver.add_clause(&c);
        }
    }
}

/// A reduced, ordered decision diagram of a table's combinations: each node's edges are
/// labelled by an item of the next column and lead to a child node (`None`: the end).
struct TableDiagram {
    nodes: Vec<Vec<(ItemId, Option<usize>)>>,
    root: usize,
}

impl TableDiagram {
    fn build(tuples: &Rows) -> TableDiagram {
        let mut mdd = TableDiagram {
            nodes: Vec::new(),
            root: 0,
        };
        let mut unique = FxMap::default();
        mdd.root = mdd.node(tuples.cells(), tuples.width(), 0, &mut unique);
        mdd
    }

    /// The node for the rows in `cells` (`width` entries each, sorted, sharing their first
    /// `depth` entries).
    fn node(
        &mut self,
        cells: &[ItemId],
        width: usize,
        depth: usize,
        unique: &mut FxMap<Vec<(ItemId, Option<usize>)>, usize>,
    ) -> usize {
        let mut edges = Vec::new();
        let mut lo = 0;
        while lo < cells.len() {
            let label = cells[lo + depth];
            let mut hi = lo + width;
            while hi < cells.len() && cells[hi + depth] == label {
                hi += width;
            }
            let child =
                (depth + 1 < width).then(|| self.node(&cells[lo..hi], width, depth + 1, unique));
            edges.push((label, child));
            lo = hi;
        }
        *unique.entry(edges).or_insert_with_key(|edges| {
            self.nodes.push(edges.clone());
            self.nodes.len() - 1
        })
    }
}

/// Adds `guard ∨ clause`.
fn guarded(cnf: &mut dyn ClauseSink, guard: &[Lit], clause: &[Lit]) {
    let mut c = guard.to_vec();
    c.extend_from_slice(clause);
    cnf.add_clause(&c);
}

/// Encodes `guard ∨ at most k of lits` with a sequential counter (Sinz 2005).
fn at_most(cnf: &mut dyn ClauseSink, guard: &[Lit], lits: &[Lit], k: usize) {
    let n = lits.len();
    if k >= n {
        return;
    }
    if k == 0 {
        for &l in lits {
            guarded(cnf, guard, &[!l]);
        }
        return;
    }
    // s[i][j]: at least j+1 of lits[0..=i] are true.
    let s: Vec<Vec<Var>> = (0..n - 1)
        .map(|_| (0..k).map(|_| cnf.new_var()).collect())
        .collect();
    guarded(cnf, guard, &[!lits[0], Lit::pos(s[0][0])]);
    for &sj in &s[0][1..] {
        guarded(cnf, guard, &[Lit::neg(sj)]);
    }
    for i in 1..n - 1 {
        guarded(cnf, guard, &[!lits[i], Lit::pos(s[i][0])]);
        guarded(cnf, guard, &[Lit::neg(s[i - 1][0]), Lit::pos(s[i][0])]);
        for j in 1..k {
            guarded(
                cnf,
                guard,
                &[!lits[i], Lit::neg(s[i - 1][j - 1]), Lit::pos(s[i][j])],
            );
            guarded(cnf, guard, &[Lit::neg(s[i - 1][j]), Lit::pos(s[i][j])]);
        }
        guarded(cnf, guard, &[!lits[i], Lit::neg(s[i - 1][k - 1])]);
    }
    guarded(cnf, guard, &[!lits[n - 1], Lit::neg(s[n - 2][k - 1])]);
}

/// A literal equivalent to `e` (Tseitin encoding).
fn tseitin(cnf: &mut dyn ClauseSink, e: &Expr) -> Lit {
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

impl Engine {
    /// A reproducible click session drawn from the model itself (for benchmarks and replay
    /// tests): repeatedly pick, with a seeded generator, an open group (a single-choice group
    /// with nothing chosen or implied) or an open item of a multiple-choice group, then an
    /// available item there (for a yes/no item: choose it or leave it, at random), until
    /// nothing is open or `max_clicks` clicks were made. Returns the clicks in order.
    pub fn random_session(&self, seed: u64, max_clicks: usize) -> Vec<ItemId> {
        let mut state = seed ^ 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize
        };
        let mut choices = Vec::new();
        let mut left_out: Vec<ItemId> = Vec::new();
        while choices.len() < max_clicks {
            let ev = self.evaluate(&choices);
            let mut open: Vec<Vec<ItemId>> = Vec::new();
            for g in self.catalog.groups() {
                let free: Vec<ItemId> = g
                    .items
                    .iter()
                    .copied()
                    .filter(|&i| ev.item(i) == ItemState::Available && !left_out.contains(&i))
                    .collect();
                match g.kind {
                    ChoiceKind::Single => {
                        if !free.is_empty() && !g.items.iter().any(|&i| ev.item(i).is_in()) {
                            open.push(free);
                        }
                    }
                    ChoiceKind::Multiple => open.extend(free.into_iter().map(|i| vec![i])),
                }
            }
            if open.is_empty() {
                break;
            }
            let pick = &open[next() % open.len()];
            let item = pick[next() % pick.len()];
            if pick.len() == 1
                && self.catalog.group(self.catalog.item(item).group).kind == ChoiceKind::Multiple
                && next() % 2 == 0
            {
                left_out.push(item);
                continue;
            }
            choices.push(item);
        }
        choices
    }
}

impl Engine {
    /// Whether some complete valid configuration contains every one of `choices`.
    pub fn consistent<C: AsChoice>(&self, choices: &[C]) -> bool {
        let choices = &to_choices(choices);
        if let Some(d) = &self.diagram {
            if let Some(f) = d.restriction(choices) {
                return d.consistent(&f);
            }
        }
        let assumptions: Vec<Lit> = self.lits(choices);
        self.hard().solve(&assumptions) == Answer::Sat
    }

    /// A repair for choosing `item` anyway: the smallest set of earlier choices to retract so
    /// that `item` becomes available, ties broken by keeping the most recent choices (the
    /// retracted choices are as old as possible). In a single-choice group the group's own
    /// choice is replaced, not retracted. `Some(vec![])` when `item` is already available;
    /// `None` when no retraction helps (the item is never available).
    pub fn repair<C: AsChoice>(&self, choices: &[C], item: ItemId) -> Option<Vec<ItemId>> {
        let context = self.context(&to_choices(choices), self.catalog.item(item).group);
        let context: Vec<Choice> = context.into_iter().filter(|c| c.item != item).collect();
        let with = |kept: &[Choice]| {
            let mut all = kept.to_vec();
            all.push(Choice::from(item));
            self.consistent(&all)
        };
        if let Some(answer) = self.repair_by_diagram(&context, item) {
            return answer;
        }
        if !with(&[]) {
            return None;
        }
        // Without a diagram that can express the choices, an implicit hitting-set search: every conflict found (a minimal set of kept choices
        // that, with the item, admits no configuration) must lose one of its choices, so only
        // retractions that hit every conflict found so far are tested, smallest first and in
        // colex order (the most recent retracted choice as old as possible, then the next most
        // recent, and so on); a failed test adds its conflict. The first one that
        // passes is the answer the plain enumeration would give, with far fewer tests.
        let n = context.len();
        let mut search = RepairSearch {
            conflicts: Vec::new(),
            test: &mut |retract: &[usize]| -> Result<(), Vec<usize>> {
                let kept: Vec<Choice> = (0..n)
                    .filter(|p| !retract.contains(p))
                    .map(|p| context[p])
                    .collect();
                if with(&kept) {
                    return Ok(());
                }
                let mut all = kept;
                all.push(Choice::from(item));
                let conflict = match self.minimal_choices_by_diagram(&all, None) {
                    Some(c) => c,
                    None => self.minimal_choices_by_solver(&all, None),
                };
                let mut at: Vec<usize> = conflict
                    .iter()
                    .filter_map(|c| context.iter().position(|x| x == c))
                    .collect();
                crate::sort::by_key(&mut at, |&p| p as u64);
                Err(at)
            },
        };
        let mut retract = Vec::new();
        for k in 0..=n {
            if search.disjoint_conflicts() > k {
                continue;
            }
            if search.first(k, n, &mut retract) {
                // Chosen largest index first; report oldest first.
                retract.reverse();
                return Some(retract.iter().map(|&p| context[p].item).collect());
            }
        }
        None
    }
}

impl Engine {
    /// [`Engine::repair`] in one pass over the diagram (see [`Mdd::cheapest_release`]), when
    /// there is one and each choice fixes one level of it (no quantities, no two choices in
    /// one single-choice group); `None` otherwise.
    fn repair_by_diagram(&self, context: &[Choice], item: ItemId) -> Option<Option<Vec<ItemId>>> {
        let d = self.diagram.as_ref()?;
        let mut owner: Vec<Option<(u32, usize)>> = vec![None; d.domains.len()];
        for (p, c) in context.iter().enumerate() {
            let quantity_level = d.quantity_levels[c.item.index()];
            match (c.quantity, quantity_level) {
                (None, _) | (Some(1), None) => {}
                _ => return None,
            }
            let s = d.slots[c.item.index()];
            if owner[s.level as usize].is_some() {
                return None;
            }
            owner[s.level as usize] = Some((s.value, p));
        }
        let s = d.slots[item.index()];
        let released = d.cheapest_release(&owner, (s.level, s.value), context.len());
        Some(released.map(|ps| ps.iter().map(|&p| context[p].item).collect()))
    }
}

/// Whether retracting the given positions works; else a conflict among the rest.
type RetractionTest<'a> = dyn FnMut(&[usize]) -> Result<(), Vec<usize>> + 'a;

/// The search behind [`Engine::repair`]: retractions (sets of positions in the user's choices)
/// in order of size, then colex order, that hit every known conflict.
struct RepairSearch<'a> {
    /// Known conflicts: sorted positions, one of which must be retracted.
    conflicts: Vec<Vec<usize>>,
    /// Whether retracting these positions works; else a conflict among the rest.
    test: &'a mut RetractionTest<'a>,
}

impl RepairSearch<'_> {
    /// A lower bound on the retractions needed: conflicts that share no choice, picked greedily.
    fn disjoint_conflicts(&self) -> usize {
        let mut used: Vec<usize> = Vec::new();
        let mut count = 0;
        let mut by_size: Vec<&Vec<usize>> = self.conflicts.iter().collect();
        crate::sort::by_key(&mut by_size, |c| c.len() as u64);
        for c in by_size {
            if c.iter().all(|p| !used.contains(p)) {
                used.extend_from_slice(c);
                count += 1;
            }
        }
        count
    }

    /// Extends `chosen` (positions picked so far, largest first) with `k` more positions below
    /// `limit`, in colex order, to the first retraction that works; false if none does.
    fn first(&mut self, k: usize, limit: usize, chosen: &mut Vec<usize>) -> bool {
        let hit = |c: &[usize], chosen: &[usize]| c.iter().any(|p| chosen.contains(p));
        // Positions below `open` may still be picked: a conflict not hit yet whose positions
        // all lie at or above it never will be.
        let open = if k == 0 { 0 } else { limit };
        if self
            .conflicts
            .iter()
            .any(|c| c[0] >= open && !hit(c, chosen))
        {
            return false;
        }
        if k == 0 {
            match (self.test)(chosen) {
                Ok(()) => return true,
                Err(conflict) => {
                    debug_assert!(!conflict.is_empty() && !hit(&conflict, chosen));
                    // An empty conflict (the choices alone are contradictory without any
                    // retraction helping) cannot happen: the item alone is consistent.
                    if !conflict.is_empty() {
                        self.conflicts.push(conflict);
                    }
                    return false;
                }
            }
        }
        for m in k - 1..limit {
            chosen.push(m);
            if self.first(k - 1, m, chosen) {
                return true;
            }
            chosen.pop();
        }
        false
    }
}

impl Engine {
    /// The cheapest complete valid configuration that contains `choices`, by list price times
    /// quantity: the choices plus the items it adds, in catalog order, each item with a
    /// quantity given its quantity. `None` when the choices admit no valid configuration.
    /// From the decision diagram when the catalog has one, otherwise by the solver (see
    /// [`Engine::cheapest_by_solver`]).
    pub fn cheapest_completion<C: AsChoice>(&self, choices: &[C]) -> Option<Vec<Choice>> {
        let choices = to_choices(choices);
        if self.diagram.is_none() {
            return self.cheapest_by_solver(&choices);
        }
        let (d, fixed) = self.diagram_with(&choices)?;
        let mut cost: Vec<Vec<Money>> = d
            .domains
            .iter()
            .map(|&n| vec![Money::ZERO; n as usize])
            .collect();
        for it in self.catalog.items() {
            match d.quantity_levels[it.id.index()] {
                Some(l) => {
                    for q in it.quantity.clone() {
                        cost[l as usize][q as usize] = it.price.times(q);
                    }
                }
                None => {
                    let s = d.slots[it.id.index()];
                    cost[s.level as usize][s.value as usize] = it.price;
                }
            }
        }
        let values = d.cheapest(&fixed, &cost, Money::ZERO)?;
        let quantity = |i: ItemId| d.quantity_levels[i.index()].map(|l| values[l as usize]);
        let chosen = |i: ItemId| {
            let s = d.slots[i.index()];
            values[s.level as usize] == s.value
        };
        Some(self.completion(&choices, chosen, quantity))
    }

    /// A complete configuration as choices: the user's `choices` first, then every other item
    /// `chosen` says is in, in catalog order; each with its `quantity`.
    fn completion(
        &self,
        choices: &[Choice],
        chosen: impl Fn(ItemId) -> bool,
        quantity: impl Fn(ItemId) -> Option<u32>,
    ) -> Vec<Choice> {
        let mut out: Vec<Choice> = choices
            .iter()
            .map(|c| Choice {
                item: c.item,
                quantity: quantity(c.item),
            })
            .collect();
        for it in self.catalog.items() {
            if chosen(it.id) && !out.iter().any(|c| c.item == it.id) {
                out.push(Choice {
                    item: it.id,
                    quantity: quantity(it.id),
                });
            }
        }
        out
    }
}

/// Rounds of [`Engine::cheapest_by_solver`] before it gives up.
const CHEAPEST_ROUNDS: usize = 1000;

impl Engine {
    /// The cheapest completion without a diagram: find any valid configuration, then ask the
    /// solver for one strictly cheaper (a linear constraint over prices in the smallest unit
    /// any price uses, encoded like a resource rule), until there is none. `None` also when a
    /// price does not fit 64 bits in that unit or after [`CHEAPEST_ROUNDS`] rounds.
    fn cheapest_by_solver(&self, choices: &[Choice]) -> Option<Vec<Choice>> {
        let items = self.catalog.items();
        let scale = items
            .iter()
            .map(|it| it.price.amount().scale())
            .max()
            .unwrap_or(0);
        let units = |m: Money| {
            let mut d = m.amount();
            d.rescale(scale);
            i64::try_from(d.mantissa()).ok()
        };
        // One layer per priced item: left out, or each of its quantities.
        let mut layers: Vec<Layer> = Vec::new();
        for it in items {
            let p = units(it.price)?;
            if p != 0 {
                layers.push(item_layer(
                    &self.catalog,
                    &self.quantity_vars,
                    it.id,
                    |q| p.checked_mul(i64::from(q)),
                )?);
            }
        }
        let cost = |model: &[bool]| -> i64 {
            layers
                .iter()
                .flat_map(|l| l.iter())
                .filter(|(lit, _)| lit.holds(model[lit.var().0 as usize]))
                .map(|&(_, w)| w)
                .sum()
        };
        let assumptions = self.lits(choices);
        let mut solver = self.hard().clone();
        let mut best: Option<Vec<bool>> = None;
        let mut proven = false;
        for _ in 0..CHEAPEST_ROUNDS {
            match solver.solve(&assumptions) {
                Answer::Unsat { .. } => {
                    proven = true;
                    break;
                }
                Answer::Sat => {
                    let model = solver.model().to_vec();
                    let c = cost(&model);
                    best = Some(model);
                    if layers.is_empty() {
                        proven = true;
                        break;
                    }
                    // Strictly cheaper from now on: Σ - (c - 1) ≤ 0.
                    let mut bound = layers.clone();
                    bound.push(vec![(Lit::neg(self.never), 1i64.checked_sub(c)?)]);
                    encode_resource(&mut solver, &[], &bound);
                }
            }
        }
        let model = best.filter(|_| proven)?;
        let quantity = |i: ItemId| -> Option<u32> {
            let f = self.quantity_vars[i.index()]?;
            let range = &self.catalog.item(i).quantity;
            range
                .clone()
                .find(|&q| model[(f + q - range.start()) as usize])
        };
        let chosen = |i: ItemId| model[item_var(i).0 as usize];
        Some(self.completion(choices, chosen, quantity))
    }

    /// Completes `choices` with the authored defaults, in catalog order, each only where it is
    /// consistent with everything so far and its single-choice group has no item yet. Returns
    /// the choices followed by the defaults applied. Unchanged when the choices conflict.
    pub fn complete_with_defaults<C: AsChoice>(&self, choices: &[C]) -> Vec<C> {
        let mut out = choices.to_vec();
        if !self.consistent(&out) {
            return out;
        }
        let has = |out: &[C], i: ItemId| out.iter().any(|c| c.choice().item == i);
        for it in self.catalog.items().iter().filter(|it| it.default) {
            let group = self.catalog.group(it.group);
            let taken =
                group.kind == ChoiceKind::Single && group.items.iter().any(|&i| has(&out, i));
            if has(&out, it.id) || taken {
                continue;
            }
            out.push(C::from(it.id));
            if !self.consistent(&out) {
                out.pop();
            }
        }
        out
    }
}

/// How much of a resource the configuration uses and provides now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ResourceUse {
    /// The resource rule.
    pub rule: RuleId,
    /// Σ `uses` attribute × quantity.
    pub used: i64,
    /// Σ `provides` attribute × quantity.
    pub provided: i64,
}

/// What "choose anyway" does: the choices to retract and the choices after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Repair<C = ItemId> {
    /// Earlier choices that are retracted (see [`Engine::repair`]).
    pub retract: Vec<ItemId>,
    /// The choices afterwards, with the item chosen.
    pub choices: Vec<C>,
}

impl Engine {
    /// Plans choosing `item` anyway: retract the smallest set of earlier choices, then choose
    /// it. `None` when no retraction makes it available.
    pub fn choose_anyway<C: AsChoice>(&self, choices: &[C], item: ItemId) -> Option<Repair<C>> {
        let retract = self.repair(choices, item)?;
        let kept: Vec<C> = choices
            .iter()
            .copied()
            .filter(|c| !retract.contains(&c.choice().item))
            .collect();
        let choices = if kept.iter().any(|c| c.choice().item == item) {
            kept
        } else {
            self.toggle(&kept, item)
        };
        debug_assert!(self.consistent(&choices));
        Some(Repair { retract, choices })
    }
}
