//! The engine: a facade over its backends (see `crate::backend`) that answers, after every
//! change, the state of every item, why, and what to change.
//!
//! Invariants:
//! - **Complete**: an item is `Available` (or `Selected`/`Implied`) if and only if some full
//!   valid configuration extends the user's other choices with it. For a single-choice group the
//!   user's own choice in that group is left out, since choosing another item replaces it.
//! - **Explained**: every `Unavailable` or `Implied` item carries a minimal set of the user's
//!   choices and constraints that force it (dropping any one choice lifts the restriction).
//! - **Backends agree**: each question goes to the first backend that can express it (the
//!   diagram, then the solver); the oracle tests check both against brute force.

mod complete;
mod repair;
mod session;

use crate::answer::{
    quantity_in, Evaluation, Explanation, ItemState, Quantities, ResourceUse, Status,
};
use crate::backend::{context, Backend, DiagramBackend, SolverBackend, States, Target};
use crate::catalog::Catalog;
use crate::choice::{to_choices, AsChoice, Choice};
use crate::constraint::{all_constraints, Constraint};
use crate::ids::{GroupId, ItemId, RuleId};
use crate::mdd::{ArtifactError, LevelOrder};
use crate::Natural;

/// Work the model counter does before [`Engine::count`] gives up on a catalog without a
/// decision diagram (about 4 s natively).
pub const COUNT_BUDGET: u64 = 50_000_000;

/// Largest decision diagram (in nodes) the engine builds before it relies on the solver alone.
pub const DIAGRAM_BUDGET: usize = 400_000;

/// A catalog compiled for interactive configuration: the catalog, its decision diagram when
/// one fits [`DIAGRAM_BUDGET`], and its solver.
#[derive(Clone, Debug)]
pub struct Engine {
    catalog: Catalog,
    diagram: Option<DiagramBackend>,
    solver: SolverBackend,
}

impl Engine {
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
            DiagramBackend::compile(&catalog, budget).ok()
        };
        Self::with_diagram(catalog, diagram)
    }

    /// The engine of `catalog` on `diagram` (if any) and its solver.
    fn with_diagram(catalog: Catalog, diagram: Option<DiagramBackend>) -> Engine {
        let solver = SolverBackend::new(&catalog);
        Engine {
            catalog,
            diagram,
            solver,
        }
    }

    /// Compiles `catalog` as `configurator compile` does, off-line: the diagram kept within
    /// `budget` nodes, the compiler allowed to hold four times that on the way (garbage is
    /// collected between conjunctions). Without a diagram when it does not fit.
    pub fn compiled_offline(catalog: Catalog, budget: usize) -> Engine {
        let diagram = DiagramBackend::compile_roomy(&catalog, budget, LevelOrder::Force).ok();
        Self::with_diagram(catalog, diagram)
    }

    /// Like [`Engine::compiled_offline`] with the diagram's levels in catalog order instead of
    /// the order the compiler would choose: a larger diagram of the same configurations (Megane:
    /// 300k nodes instead of 28k), for benchmarks of clicks on big diagrams.
    #[doc(hidden)]
    pub fn compiled_in_catalog_order(catalog: Catalog, budget: usize) -> Engine {
        let diagram = DiagramBackend::compile_roomy(&catalog, budget, LevelOrder::Catalog).ok();
        Self::with_diagram(catalog, diagram)
    }

    /// The engine of `catalog` with the decision diagram compiled off-line in `artifact` (see
    /// [`Engine::diagram_artifact`]), without compiling: an error says why the artifact cannot
    /// be used (another format version, damaged, compiled from another version of the
    /// catalog), and the caller compiles instead.
    pub fn with_artifact(catalog: Catalog, artifact: &[u8]) -> Result<Engine, ArtifactError> {
        let diagram = DiagramBackend::from_artifact(&catalog, artifact)?;
        Ok(Self::with_diagram(catalog, Some(diagram)))
    }

    /// The engine of `catalog` on the diagram compiled off-line in `artifact` when it can be
    /// used, else compiled with `budget` (see [`Engine::with_diagram_budget`]); with why the
    /// artifact was not used, if it was not.
    pub fn with_artifact_or_budget(
        catalog: Catalog,
        artifact: &[u8],
        budget: usize,
    ) -> (Engine, Option<ArtifactError>) {
        match DiagramBackend::from_artifact(&catalog, artifact) {
            Ok(diagram) => (Self::with_diagram(catalog, Some(diagram)), None),
            Err(e) => (Self::with_diagram_budget(catalog, budget), Some(e)),
        }
    }

    /// The diagram artifact of catalog `from` named for catalog `to` instead, for a server that
    /// hands browsers `to`, the public form of `from` (the same groups, items and rules without
    /// the internal pricing, see [`crate::catalog::public`]): the same diagram, tied to `to`'s
    /// content hash. An error when the artifact is not `from`'s or `to` configures otherwise.
    pub fn rebind_artifact(
        from: &Catalog,
        to: &Catalog,
        artifact: &[u8],
    ) -> Result<Vec<u8>, ArtifactError> {
        let same = from.groups().len() == to.groups().len()
            && from.rules().len() == to.rules().len()
            && from.items().len() == to.items().len()
            && from
                .items()
                .iter()
                .zip(to.items())
                .all(|(a, b)| a.key == b.key);
        if !same {
            return Err(ArtifactError::Malformed(
                "the two catalogs do not configure the same items",
            ));
        }
        let diagram = DiagramBackend::from_artifact(from, artifact)?;
        let out = diagram.to_artifact(to);
        DiagramBackend::from_artifact(to, &out)?;
        Ok(out)
    }

    /// The decision diagram as a compact, versioned file tied to the catalog's content hash,
    /// for [`Engine::with_artifact`]; `None` without a diagram.
    pub fn diagram_artifact(&self) -> Option<Vec<u8>> {
        Some(self.diagram.as_ref()?.to_artifact(&self.catalog))
    }

    /// The backends in the order they are asked: the diagram (if any), then the solver.
    fn backends(&self) -> impl Iterator<Item = &dyn Backend> {
        let diagram = self.diagram.as_ref().map(|d| d as &dyn Backend);
        diagram
            .into_iter()
            .chain(std::iter::once(&self.solver as &dyn Backend))
    }

    /// The answer of the first backend that can express the question. The solver answers
    /// every question `ask` is used for, so there always is one.
    fn ask<T>(&self, question: impl Fn(&dyn Backend) -> Option<T>) -> T {
        match self.backends().find_map(question) {
            Some(answer) => answer,
            None => unreachable!("the solver backend answers every question"),
        }
    }

    /// Work done so far: (solver calls, conflicts) of the availability solver, then of the
    /// explanation solver. For benchmarks.
    pub fn stats(&self) -> [(u64, u64); 2] {
        self.solver.stats()
    }

    /// Builds what explanations need (the guarded solver) ahead of the first one, e.g. while
    /// the browser is idle after loading. Explanations build it on demand otherwise.
    pub fn prepare_explanations(&self) {
        self.solver.prepare_explanations(&self.catalog);
    }

    /// The catalog this engine was compiled from.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// Size of the compiled decision diagram in nodes, if the catalog has one.
    pub fn diagram_size(&self) -> Option<usize> {
        self.diagram.as_ref().map(DiagramBackend::size)
    }

    /// Most nodes the compiler held at once while building the diagram (its intermediate
    /// diagrams and garbage); `None` without a diagram or when it was read from an artifact.
    pub fn diagram_peak(&self) -> Option<usize> {
        self.diagram
            .as_ref()
            .map(DiagramBackend::peak)
            .filter(|&p| p > 0)
    }

    /// The rules that never bite: leaving one out allows no configuration the catalog does
    /// not already allow (the other constraints imply it). `None` when the catalog is too
    /// large for a decision diagram, or too large to compile once per rule (the rules times
    /// the diagram's size over 8 million nodes).
    pub fn idle_rules(&self) -> Option<Vec<RuleId>> {
        self.diagram
            .as_ref()?
            .idle_rules(&self.catalog, DIAGRAM_BUDGET)
    }

    /// For every resource rule, what the configuration's items use and provide now (attribute
    /// times [`Evaluation::quantity`] over the items that are in), for meters.
    pub fn resources(&self, evaluation: &Evaluation) -> Vec<ResourceUse> {
        self.catalog
            .rules()
            .iter()
            .filter_map(|r| {
                let (used, provided) = r.meter(&self.catalog, &|i| evaluation.quantity(i))?;
                Some(ResourceUse {
                    rule: r.id,
                    used,
                    provided,
                })
            })
            .collect()
    }

    /// The exact number of complete valid configurations that extend `choices`.
    /// Distinct quantities count as distinct configurations. From the decision diagram when
    /// the catalog has one; otherwise by model counting on the clauses, which gives up after
    /// [`COUNT_BUDGET`] units of work: `None` then.
    pub fn count<C: AsChoice>(&self, choices: &[C]) -> Option<Natural> {
        self.count_within(choices, COUNT_BUDGET)
    }

    /// [`Engine::count`] with another budget of work for the model counter (about 13 million
    /// units a second natively; unused when the catalog has a diagram).
    pub fn count_within<C: AsChoice>(&self, choices: &[C], budget: u64) -> Option<Natural> {
        let choices = to_choices(choices);
        self.ask(|b| b.count(&self.catalog, &choices, budget))
    }

    /// Evaluates the user's choices, given in the order they were made: plain items
    /// ([`ItemId`]) or [`Choice`]s with quantities.
    pub fn evaluate<C: AsChoice>(&self, choices: &[C]) -> Evaluation {
        let choices = &to_choices(choices);
        let states = self.ask(|b| b.states(&self.catalog, choices));
        self.finish(choices, states)
    }

    /// Quantities, status and total from the item states.
    fn finish(&self, choices: &[Choice], found: States) -> Evaluation {
        let catalog = &self.catalog;
        let States {
            items: states,
            achievable,
            consistent,
        } = found;
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
            let unmet = if missing.is_empty() {
                self.check(&quantity)
            } else {
                Vec::new()
            };
            if missing.is_empty() && unmet.is_empty() {
                Status::Complete
            } else if missing.is_empty() {
                Status::Incomplete {
                    missing: needed_groups(catalog, &unmet),
                }
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
        match self.ask(|b| b.item_state(&self.catalog, choices, item)) {
            ItemState::Unavailable => {
                let context = context(&self.catalog, choices, self.catalog.item(item).group);
                let target = Target {
                    item,
                    included: true,
                };
                Some(self.minimal_explanation(&context, Some(target)))
            }
            ItemState::Implied => {
                let target = Target {
                    item,
                    included: false,
                };
                Some(self.minimal_explanation(choices, Some(target)))
            }
            ItemState::Available | ItemState::Selected => None,
        }
    }

    /// A minimal explanation of why `choices` (plus `target`, if any) admit no valid
    /// configuration: first the choices, minimal against all constraints, then the
    /// constraints, minimal given those choices. Precondition: they admit none.
    fn minimal_explanation(&self, choices: &[Choice], target: Option<Target>) -> Explanation {
        let keep = self.minimal_choices(choices, target);
        let constraints = self.ask(|b| b.minimal_constraints(&self.catalog, &keep, target));
        Explanation {
            choices: keep.iter().map(|c| c.item).collect(),
            constraints,
        }
    }

    /// A subset of `choices`, minimal against all constraints, that with `target` admits no
    /// valid configuration. Precondition: they admit none.
    fn minimal_choices(&self, choices: &[Choice], target: Option<Target>) -> Vec<Choice> {
        self.ask(|b| b.minimal_choices(&self.catalog, choices, target))
    }

    /// Whether some complete valid configuration contains every one of `choices`.
    pub fn consistent<C: AsChoice>(&self, choices: &[C]) -> bool {
        let choices = &to_choices(choices);
        self.ask(|b| b.consistent(&self.catalog, choices))
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
        let mut next = context(&self.catalog, choices, self.catalog.item(item).group);
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

/// The groups where the customer can meet what `unmet` constraints still need, in catalog
/// order (each constraint says where: [`Constraint::needs`]; for a resource rule, the groups
/// of the items that provide the resource; for another rule, the groups of the items it names
/// in what it requires, or a table's groups; for a group's own limits, the group).
fn needed_groups(catalog: &Catalog, unmet: &[Constraint]) -> Vec<GroupId> {
    let mut items = Vec::new();
    let mut groups = Vec::new();
    for &c in unmet {
        c.needs(catalog, &mut groups, &mut items);
    }
    groups.extend(items.iter().map(|&i| catalog.item(i).group));
    let mut named = vec![false; catalog.groups().len()];
    for g in groups {
        named[g.index()] = true;
    }
    catalog
        .groups()
        .iter()
        .map(|g| g.id)
        .filter(|g| named[g.index()])
        .collect()
}
