//! The solver backend: an incremental CDCL solver (`crate::sat`) over the constraints'
//! clauses (see `crate::clauses` and `crate::constraint`). It answers every question, for any
//! catalog size: availability by witness search, explanations by cores and deletion in a
//! second solver whose constraints each have a selector, repairs through the engine's search,
//! the cheapest completion by descent, and counts by the model counter beside it
//! (`count.rs`).

use std::sync::{Mutex, OnceLock};

use super::count::Counter;

mod explain;
mod witness;
use super::quantities::{cut, model_units, valid_around};
use super::{completion, completion_cost, context, Backend, States, Target};
use crate::answer::ItemState;
use crate::catalog::{Catalog, ChoiceKind};
use crate::choice::Choice;
use crate::clauses::{
    encode_sum, encode_vars, item_layer, item_var, quantity_layout, quantity_phases,
    steer_quantities, sum_fits, ClauseSink, Layer,
};
use crate::constraint::{all_constraints, Constraint};
use crate::ids::{ItemId, RuleId};
use crate::money::Money;
use crate::sat::{Answer, Lit, Solver, Var};
use crate::Natural;
use witness::Pool;

/// Which constraints a solver enforces, for the resource rules checked on its models: all of
/// them (the availability solver), or those whose selector is true in the model (the guarded
/// solvers of explanations; a cut is guarded by the rule's selector).
#[derive(Clone, Copy)]
enum Enforced<'a> {
    All,
    Selected(&'a [(Constraint, Var)]),
}

/// Rounds of the cheapest-completion descent before it gives up.
const CHEAPEST_ROUNDS: usize = 1000;

/// Two incremental solvers: `hard` holds every constraint permanently and answers the many
/// availability questions of an update; `soft` guards each constraint with a selector variable
/// and is used only to explain, where constraints must be switched off one by one. Both sit
/// behind mutexes so `&Engine` can be shared; their learned clauses are consequences of the
/// constraints alone, so sharing them between questions is sound. Both are built on first use:
/// a catalog with a diagram may never need them.
#[derive(Debug)]
pub(crate) struct SolverBackend {
    hard: OnceLock<Mutex<Solver>>,
    /// With one selector variable per constraint (enforced when true).
    soft: OnceLock<Guarded>,
    /// The solvers' quantity variables (see [`quantity_layout`]).
    quantity_vars: Vec<Option<u32>>,
    /// Quantity phases and the resource rules checked on models, found on first use.
    quantities: OnceLock<QuantityPlan>,
    never: Var,
    /// Each constraint's clauses, encoded on first use (groups first, then rules).
    recorded: Vec<OnceLock<Recorded>>,
    /// Valid configurations found by earlier questions (see [`Pool`]).
    pool: Mutex<Pool>,
}

/// How the solvers treat quantities, found when a solver is first asked (not when the engine
/// is made: a catalog with a diagram may never ask).
#[derive(Clone, Debug)]
struct QuantityPlan {
    /// The quantity each item's search tries first (see [`quantity_phases`]).
    phases: Vec<Var>,
    /// Resource rules whose sum is too large to encode (see [`sum_fits`]), with their terms:
    /// checked on each model, and a clause added for each model that breaks one.
    lazy: Vec<(RuleId, Vec<(ItemId, i64)>)>,
}

/// A solver whose constraints can be switched off: each has a selector variable.
type Guarded = (Mutex<Solver>, Vec<(Constraint, Var)>);

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Clone for SolverBackend {
    /// A copy without its solvers (they are rebuilt on first use); recorded clauses are kept.
    fn clone(&self) -> Self {
        SolverBackend {
            hard: OnceLock::new(),
            soft: OnceLock::new(),
            quantity_vars: self.quantity_vars.clone(),
            quantities: self.quantities.clone(),
            never: self.never,
            recorded: self.recorded.clone(),
            pool: Mutex::new(Pool::new(self.never)),
        }
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
        c.encode(catalog, &first, solver, &guard);
        if let Some(sel) = sel {
            selectors.push((c, sel));
        }
    }
    selectors
}

impl SolverBackend {
    /// The backend of `catalog` (nothing is encoded until a question needs it).
    pub(crate) fn new(catalog: &Catalog) -> SolverBackend {
        let (quantity_vars, never) = quantity_layout(catalog);
        let constraints = catalog.groups().len() + catalog.rules().len();
        SolverBackend {
            hard: OnceLock::new(),
            soft: OnceLock::new(),
            quantities: OnceLock::new(),
            quantity_vars,
            never,
            recorded: (0..constraints).map(|_| OnceLock::new()).collect(),
            pool: Mutex::new(Pool::new(never)),
        }
    }

    /// The [`QuantityPlan`] (found on first use).
    fn plan(&self, catalog: &Catalog) -> &QuantityPlan {
        self.quantities.get_or_init(|| QuantityPlan {
            phases: quantity_phases(catalog, &self.quantity_vars),
            lazy: catalog
                .rules()
                .iter()
                .filter(|r| {
                    let layers = r.resource_layers(catalog, &self.quantity_vars);
                    !layers.is_empty() && !sum_fits(&layers)
                })
                .map(|r| (r.id, r.resource_terms(catalog)))
                .collect(),
        })
    }

    fn hard(&self, catalog: &Catalog) -> std::sync::MutexGuard<'_, Solver> {
        lock(self.hard.get_or_init(|| {
            let mut solver = Solver::new();
            solver.auxiliary_in_order();
            encode(catalog, &mut solver, all_constraints(catalog), false);
            Mutex::new(solver)
        }))
    }

    fn soft(&self, catalog: &Catalog) -> (std::sync::MutexGuard<'_, Solver>, &[(Constraint, Var)]) {
        let (m, selectors) = self.soft.get_or_init(|| {
            let mut solver = Solver::new();
            solver.auxiliary_in_order();
            encode_vars(catalog, &mut solver);
            let selectors = all_constraints(catalog)
                .map(|c| (c, self.recorded(catalog, c).add_to(&mut solver)))
                .collect();
            (Mutex::new(solver), selectors)
        });
        (lock(m), selectors)
    }

    /// The clauses of constraint `c` with a selector (encoded on first use).
    fn recorded(&self, catalog: &Catalog, c: Constraint) -> &Recorded {
        self.recorded[c.index(catalog)].get_or_init(|| Recorded::new(catalog, c, self.never))
    }

    /// Builds the guarded solver that explanations need ahead of the first one.
    pub(crate) fn prepare_explanations(&self, catalog: &Catalog) {
        drop(self.soft(catalog));
    }

    /// Work done so far: (solver calls, conflicts) of the availability solver, then of the
    /// explanation solver. For benchmarks.
    pub(crate) fn stats(&self) -> [(u64, u64); 2] {
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

    /// Solves, checking the [lazy](SolverBackend::lazy) resource rules on each model: one that
    /// breaks a rule the solver enforces gets a clause that excludes it (and every model like
    /// it, see [`cut`]), and the solver goes on. Each clause follows from the rule, so it can
    /// stay. `None` past `conflicts` (per solver call).
    fn solve(
        &self,
        catalog: &Catalog,
        solver: &mut Solver,
        assumptions: &[Lit],
        enforced: Enforced<'_>,
        conflicts: Option<u64>,
    ) -> Option<Answer> {
        loop {
            let answer = match conflicts {
                Some(n) => solver.solve_within(assumptions, n)?,
                None => solver.solve(assumptions),
            };
            let lazy = &self.plan(catalog).lazy;
            if answer != Answer::Sat || lazy.is_empty() {
                return Some(answer);
            }
            let units = model_units(catalog, &self.quantity_vars, solver.model());
            let mut cuts = Vec::new();
            for (rule, terms) in lazy {
                let guard = match enforced {
                    Enforced::All => None,
                    Enforced::Selected(selectors) => {
                        match selectors.iter().find(|(c, _)| c.rule() == Some(*rule)) {
                            Some(&(_, v)) if solver.model()[v.0 as usize] => Some(Lit::neg(v)),
                            _ => continue,
                        }
                    }
                };
                if let Some(mut clause) = cut(catalog, &self.quantity_vars, terms, &units) {
                    clause.extend(guard);
                    cuts.push(clause);
                }
            }
            if cuts.is_empty() {
                return Some(answer);
            }
            for clause in cuts {
                solver.add_clause(&clause);
            }
        }
    }

    /// Whether the availability solver finds a model under `assumptions`.
    fn sat(&self, catalog: &Catalog, solver: &mut Solver, assumptions: &[Lit]) -> bool {
        self.solve(catalog, solver, assumptions, Enforced::All, None) == Some(Answer::Sat)
    }

    /// The solver literal for "`item` has `q` units" (always false when `q` is out of range).
    fn quantity_lit(&self, catalog: &Catalog, item: ItemId, q: u32) -> Lit {
        let range = &catalog.item(item).quantity;
        match self.quantity_vars[item.index()] {
            Some(f) if range.contains(&q) => Lit::pos(Var(f + q - range.start())),
            None if q == 1 => Lit::pos(item_var(item)),
            _ => Lit::pos(self.never),
        }
    }

    /// The solver assumptions of the choices.
    fn lits(&self, catalog: &Catalog, choices: &[Choice]) -> Vec<Lit> {
        let mut out = Vec::with_capacity(choices.len());
        for c in choices {
            out.push(Lit::pos(item_var(c.item)));
            if let Some(q) = c.quantity {
                out.push(self.quantity_lit(catalog, c.item, q));
            }
        }
        out
    }

    /// For each item with a quantity that is in the configuration, the quantities some valid
    /// configuration allows with the other choices (its own quantity, if set, left out).
    ///
    /// Only resource rules care how many units an item has (every other constraint sees it
    /// in or out), and they are linear: a model with `v` units shows a whole interval of
    /// quantities valid with the same other values, as far as each rule's slack allows. So the
    /// search asks for a model in a range, marks the interval around its quantity, and asks
    /// again in what is left on either side: solver calls follow the gaps between valid
    /// intervals, not the quantities (an item of up to 999 units took 999 calls).
    fn quantities_from_solver(
        &self,
        catalog: &Catalog,
        choices: &[Choice],
        states: &[ItemState],
    ) -> Vec<Vec<u32>> {
        let mut solver = self.hard(catalog);
        let rules: Vec<Vec<(ItemId, i64)>> = catalog
            .rules()
            .iter()
            .map(|r| r.resource_terms(catalog))
            .filter(|t| !t.is_empty())
            .collect();
        catalog
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
                let base = self.lits(catalog, &context);
                let (first, last) = (*it.quantity.start(), *it.quantity.end());
                let mut found = vec![false; last as usize + 1];
                let mut ranges = vec![(first, last)];
                while let Some((a, b)) = ranges.pop() {
                    let mut assume = base.clone();
                    assume.extend(
                        (first..a)
                            .chain(b + 1..=last)
                            .map(|q| !self.quantity_lit(catalog, it.id, q)),
                    );
                    steer_quantities(&mut solver, &self.plan(catalog).phases);
                    solver.set_phase(self.quantity_lit(catalog, it.id, a).var(), true);
                    if !self.sat(catalog, &mut solver, &assume) {
                        continue;
                    }
                    let units = model_units(catalog, &self.quantity_vars, solver.model());
                    let (lo, hi) = valid_around(&rules, &units, it.id, (a, b));
                    found[lo as usize..=hi as usize].fill(true);
                    if a < lo {
                        ranges.push((a, lo - 1));
                    }
                    if hi < b {
                        ranges.push((hi + 1, b));
                    }
                }
                it.quantities().filter(|&q| found[q as usize]).collect()
            })
            .collect()
    }

    /// Item states from the solver (any catalog size).
    fn states_from_solver(&self, catalog: &Catalog, choices: &[Choice]) -> (Vec<ItemState>, bool) {
        let n = catalog.items().len();
        let mut solver = self.hard(catalog);
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
        let full = self.witnesses(catalog, &mut solver, choices, &full_in, &unchosen);
        let consistent = full.is_some();
        let (mut can_in, can_out) = full.map_or_else(
            || (vec![false; n], vec![false; n]),
            |f| (f.can_in, f.can_out),
        );
        for g in own_context {
            let context = context(catalog, choices, g);
            let targets: Vec<ItemId> = catalog
                .group(g)
                .items
                .iter()
                .copied()
                .filter(|i| !chosen[i.index()])
                .collect();
            let own = self.witnesses(catalog, &mut solver, &context, &targets, &[]);
            for i in targets {
                can_in[i.index()] = own.as_ref().is_some_and(|f| f.can_in[i.index()]);
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

    /// The cheapest completion without a diagram: find any valid configuration, then ask the
    /// solver for one strictly cheaper (a linear constraint over prices in the smallest unit
    /// any price uses, encoded like a resource rule), until there is none. `None` also when a
    /// price does not fit 64 bits in that unit or after [`CHEAPEST_ROUNDS`] rounds.
    fn cheapest_by_solver(&self, catalog: &Catalog, choices: &[Choice]) -> Option<Vec<Choice>> {
        let items = catalog.items();
        let scale = items
            .iter()
            .map(|it| completion_cost(catalog, it).amount().scale())
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
            let p = units(completion_cost(catalog, it))?;
            if p != 0 {
                layers.push(item_layer(catalog, &self.quantity_vars, it.id, |q| {
                    p.checked_mul(i64::from(q))
                })?);
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
        let assumptions = self.lits(catalog, choices);
        let mut solver = self.hard(catalog).clone();
        let mut best: Option<Vec<bool>> = None;
        let mut proven = false;
        for _ in 0..CHEAPEST_ROUNDS {
            match self.solve(catalog, &mut solver, &assumptions, Enforced::All, None)? {
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
                    if !encode_sum(&mut solver, &[], &bound) {
                        return None; // A price bound too large to write.
                    }
                }
            }
        }
        let model = best.filter(|_| proven)?;
        let quantity = |i: ItemId| -> Option<u32> {
            let f = self.quantity_vars[i.index()]?;
            let range = &catalog.item(i).quantity;
            range
                .clone()
                .find(|&q| model[(f + q - range.start()) as usize])
        };
        let chosen = |i: ItemId| model[item_var(i).0 as usize];
        Some(completion(catalog, choices, chosen, quantity))
    }
}

/// The solver literal of an explanation's target.
fn target_lit(t: Target) -> Lit {
    Lit::new(item_var(t.item), t.included)
}

impl Backend for SolverBackend {
    fn states(&self, catalog: &Catalog, choices: &[Choice]) -> Option<States> {
        let (items, consistent) = self.states_from_solver(catalog, choices);
        let achievable = self.quantities_from_solver(catalog, choices, &items);
        Some(States {
            items,
            achievable,
            consistent,
        })
    }

    fn item_state(&self, catalog: &Catalog, choices: &[Choice], item: ItemId) -> Option<ItemState> {
        let sat = |assumptions: &[Lit]| self.sat(catalog, &mut self.hard(catalog), assumptions);
        let x = Lit::pos(item_var(item));
        let mut a = self.lits(
            catalog,
            &context(catalog, choices, catalog.item(item).group),
        );
        a.push(x);
        if !sat(&a) {
            return Some(ItemState::Unavailable);
        }
        let mut a = self.lits(catalog, choices);
        if !sat(&a) {
            return Some(ItemState::Available); // in conflict: nothing is implied
        }
        a.push(!x);
        Some(if sat(&a) {
            ItemState::Available
        } else {
            ItemState::Implied
        })
    }

    fn consistent(&self, catalog: &Catalog, choices: &[Choice]) -> Option<bool> {
        let assumptions = self.lits(catalog, choices);
        if self.pooled(&assumptions) {
            return Some(true);
        }
        let mut solver = self.hard(catalog);
        let sat = self.sat(catalog, &mut solver, &assumptions);
        if sat {
            self.remember(&solver);
        }
        Some(sat)
    }

    fn minimal_choices(
        &self,
        catalog: &Catalog,
        choices: &[Choice],
        target: Option<Target>,
    ) -> Option<Vec<Choice>> {
        Some(self.minimal_choices_by_solver(catalog, choices, target.map(target_lit)))
    }

    fn minimal_constraints(
        &self,
        catalog: &Catalog,
        keep: &[Choice],
        target: Option<Target>,
    ) -> Option<Vec<Constraint>> {
        Some(self.minimal_constraints_of(catalog, keep, target.map(target_lit)))
    }

    fn cheapest(&self, catalog: &Catalog, choices: &[Choice]) -> Option<Option<Vec<Choice>>> {
        Some(self.cheapest_by_solver(catalog, choices))
    }

    /// Counting on the clauses (see `count.rs`) or with each constraint's own diagram (see
    /// `crate::mdd::factors`). The clause counter is the faster where the clauses are the
    /// catalog's own (feature models: few auxiliary variables); where encodings add many
    /// (tables), their auxiliary variables tie it in knots, and the factors go first. Each
    /// is the other's fallback.
    fn count(&self, catalog: &Catalog, choices: &[Choice], budget: u64) -> Option<Option<Natural>> {
        // Resource rules checked on models are not in the clauses: no count from them.
        let lazy = !self.plan(catalog).lazy.is_empty();
        let num_vars = self.hard(catalog).num_vars();
        let primary = self.never.0 as usize + 1;
        let factors_first = lazy || num_vars - primary > primary;
        #[cfg(not(target_arch = "wasm32"))]
        let by_factors = || crate::mdd::factors::count(catalog, choices, budget);
        #[cfg(target_arch = "wasm32")]
        let by_factors = || None;
        if factors_first {
            if let Some(n) = by_factors() {
                return Some(Some(n));
            }
        }
        // The availability solver holds exactly these clauses (plus facts it derived at the
        // root, which only help); no need to encode the catalog again for every count.
        let Some(clauses) = self.hard(catalog).formula() else {
            return Some(Some(Natural::ZERO));
        };
        if lazy {
            return Some(None);
        }
        let mut counter = Counter::new(&clauses, num_vars, self.never.0, budget);
        match counter.count_all(&self.lits(catalog, choices)) {
            Some(n) => Some(Some(n)),
            None if factors_first => Some(None),
            None => Some(by_factors()),
        }
    }
}
