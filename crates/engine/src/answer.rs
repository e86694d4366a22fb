//! The engine's answers, as data: the state of every item ([`Evaluation`]), why an item is
//! restricted ([`Explanation`]), what "choose anyway" does ([`Repair`]), resource meters
//! ([`ResourceUse`]). The app and the CLI render them.

use crate::constraint::Constraint;
use crate::ids::{GroupId, ItemId, RuleId};
use crate::money::Money;

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
    /// it. [`crate::Engine::explain`] says why.
    Implied,
    /// Can be chosen: some valid configuration extends the choices with it.
    Available,
    /// Cannot be chosen with the user's other choices. [`crate::Engine::explain`] says why.
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
        /// Groups with fewer chosen items than their minimum, in catalog order; when there are
        /// none, the groups where a rule still needs something (the providers of a resource
        /// short of what is used, the items a requirement names).
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
pub(crate) fn quantity_in(
    states: &[ItemState],
    quantities: &[Option<Quantities>],
    id: ItemId,
) -> u32 {
    if !states[id.index()].is_in() {
        0
    } else {
        quantities[id.index()].as_ref().map_or(1, |q| q.current)
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
    /// Earlier choices that are retracted (see [`crate::Engine::repair`]).
    pub retract: Vec<ItemId>,
    /// The choices afterwards, with the item chosen.
    pub choices: Vec<C>,
}
