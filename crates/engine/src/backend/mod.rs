//! The engine's backends: the ways it answers questions about a catalog. Each answers what
//! it can and says `None` for what it cannot express, and the engine asks them in order: the
//! decision diagram (`diagram.rs`) when the catalog has one, then the solver (`solver.rs`,
//! with the model counter `count.rs` beside it), which answers every question. A third
//! backend is one more file and one more entry in [`crate::Engine`]'s list.

mod count;
mod diagram;
mod quantities;
mod solver;

pub(crate) use diagram::DiagramBackend;
pub(crate) use solver::SolverBackend;

use crate::answer::ItemState;
use crate::catalog::Catalog;
use crate::choice::Choice;
use crate::constraint::Constraint;
use crate::ids::ItemId;
use crate::Natural;

/// Item states as a backend finds them: every item's state, the quantities achievable for
/// each item with a quantity (empty for others), and whether the choices are consistent.
pub(crate) struct States {
    /// Indexed by [`ItemId::index`].
    pub items: Vec<ItemState>,
    /// Indexed by [`ItemId::index`]: the achievable quantities, ascending.
    pub achievable: Vec<Vec<u32>>,
    /// Whether some valid configuration contains every choice.
    pub consistent: bool,
}

/// What an explanation explains beyond the choices themselves: an item is in, or left out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Target {
    /// The item.
    pub item: ItemId,
    /// In (the item is unavailable: why can it not be in?) or out (the item is implied).
    pub included: bool,
}

/// One way of answering the engine's questions. A method answers `None` when this backend
/// cannot express the question (the next backend is asked); the solver answers every
/// question it implements.
pub(crate) trait Backend {
    /// Every item's state under `choices` (see [`crate::Engine::evaluate`]).
    fn states(&self, catalog: &Catalog, choices: &[Choice]) -> Option<States>;

    /// One item's state under `choices`: `Unavailable`, `Implied`, else `Available` (an item
    /// that is chosen is not asked about). With conflicting choices nothing is implied.
    fn item_state(&self, catalog: &Catalog, choices: &[Choice], item: ItemId) -> Option<ItemState>;

    /// Whether some complete valid configuration contains every one of `choices`.
    fn consistent(&self, catalog: &Catalog, choices: &[Choice]) -> Option<bool>;

    /// A subset of `choices`, minimal against all constraints, that with `target` admits no
    /// valid configuration. Precondition: `choices` with `target` admit none.
    fn minimal_choices(
        &self,
        catalog: &Catalog,
        choices: &[Choice],
        target: Option<Target>,
    ) -> Option<Vec<Choice>>;

    /// A minimal set of constraints that with `keep` (and `target`) admits no valid
    /// configuration, in catalog order.
    fn minimal_constraints(
        &self,
        _catalog: &Catalog,
        _keep: &[Choice],
        _target: Option<Target>,
    ) -> Option<Vec<Constraint>> {
        None
    }

    /// A repair in one step (see [`crate::Engine::repair`]): `Some(None)` when no retraction
    /// helps. `None` when this backend has no direct way (the engine then searches).
    fn repair(
        &self,
        _catalog: &Catalog,
        _context: &[Choice],
        _item: ItemId,
    ) -> Option<Option<Vec<ItemId>>> {
        None
    }

    /// The cheapest completion (see [`crate::Engine::cheapest_completion`]); `Some(None)`
    /// when the choices admit no valid configuration, or no cheapest one could be proven.
    fn cheapest(&self, catalog: &Catalog, choices: &[Choice]) -> Option<Option<Vec<Choice>>>;

    /// The number of complete valid configurations extending `choices`; `Some(None)` when
    /// counting gave up after `budget` units of work.
    fn count(&self, catalog: &Catalog, choices: &[Choice], budget: u64) -> Option<Option<Natural>>;
}

/// What one unit of an item costs when looking for the cheapest completion: its list price;
/// for an item priced as a percentage of others (support), the smallest amount of the
/// currency, so it is added only where the rules require it (its real price depends on the
/// rest, and is never negative).
pub(crate) fn completion_cost(catalog: &Catalog, item: &crate::catalog::Item) -> crate::Money {
    if item.pricing.percent_of.is_some() {
        crate::Money::from_minor_units(1, catalog.currency.minor_units())
    } else {
        item.price
    }
}

/// A complete configuration as choices: the user's `choices` first, then every other item
/// `chosen` says is in, in catalog order; each with its `quantity`.
pub(crate) fn completion(
    catalog: &Catalog,
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
    for it in catalog.items() {
        if chosen(it.id) && !out.iter().any(|c| c.item == it.id) {
            out.push(Choice {
                item: it.id,
                quantity: quantity(it.id),
            });
        }
    }
    out
}

/// The choices against which the items of `group` are judged: in a single-choice group the
/// user's own choice there is left out, since choosing another item replaces it.
pub(crate) fn context<C: crate::AsChoice>(
    catalog: &Catalog,
    choices: &[C],
    group: crate::GroupId,
) -> Vec<C> {
    match catalog.group(group).kind {
        crate::ChoiceKind::Single => choices
            .iter()
            .copied()
            .filter(|&c| catalog.item(c.choice().item).group != group)
            .collect(),
        crate::ChoiceKind::Multiple => choices.to_vec(),
    }
}
