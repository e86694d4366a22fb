//! The decision-diagram backend: every question is one or two linear passes over the
//! compiled diagram of all valid configurations (see `crate::mdd`). It cannot express two
//! choices in one single-choice group, nor "not this item" of a single-choice group as one
//! value: those go to the solver.

use super::{completion, completion_cost, Backend, States, Target};
use crate::answer::ItemState;
use crate::catalog::{Catalog, ChoiceKind};
use crate::choice::Choice;
use crate::ids::{ItemId, RuleId};
use crate::mdd::{LevelOrder, Mdd, TooLarge};
use crate::money::Money;
use crate::Natural;

/// The most nodes the idle-rule check may compile in all (one diagram per rule, each about
/// the catalog's own size): Renault's 111 tables make 3.2 million, under 4 s natively.
pub(crate) const IDLE_RULES_BUDGET: usize = 8_000_000;

/// A catalog's decision diagram, when it fits its budget.
#[derive(Clone, Debug)]
pub(crate) struct DiagramBackend {
    mdd: Mdd,
}

impl DiagramBackend {
    /// Compiles `catalog`, or gives up once the diagram has `budget` nodes.
    pub(crate) fn compile(catalog: &Catalog, budget: usize) -> Result<DiagramBackend, TooLarge> {
        Ok(DiagramBackend {
            mdd: Mdd::compile(catalog, budget)?,
        })
    }

    /// Compiles `catalog` off-line with its levels in `order` (see [`Mdd::compile_roomy`]).
    pub(crate) fn compile_roomy(
        catalog: &Catalog,
        budget: usize,
        order: LevelOrder,
    ) -> Result<DiagramBackend, TooLarge> {
        Ok(DiagramBackend {
            mdd: Mdd::compile_roomy(catalog, budget, order)?,
        })
    }

    /// The diagram read from an artifact (see `crate::mdd::artifact`).
    pub(crate) fn from_artifact(
        catalog: &Catalog,
        bytes: &[u8],
    ) -> Result<DiagramBackend, crate::ArtifactError> {
        Ok(DiagramBackend {
            mdd: Mdd::from_artifact(catalog, bytes)?,
        })
    }

    /// The artifact of this diagram.
    pub(crate) fn to_artifact(&self, catalog: &Catalog) -> Vec<u8> {
        self.mdd.to_artifact(catalog)
    }

    /// Most nodes the compiler held at once (0 when read from an artifact).
    pub(crate) fn peak(&self) -> usize {
        self.mdd.peak
    }

    /// Size in nodes.
    pub(crate) fn size(&self) -> usize {
        self.mdd.size()
    }

    /// The rules that never bite (see [`crate::Engine::idle_rules`]); `None` when a diagram
    /// without one of them does not fit `budget`, or the diagrams of all of them together
    /// would exceed [`IDLE_RULES_BUDGET`] nodes (one compile per rule).
    pub(crate) fn idle_rules(&self, catalog: &Catalog, budget: usize) -> Option<Vec<RuleId>> {
        let d = &self.mdd;
        let rules = catalog.rules().len();
        if rules.saturating_mul(d.size()) > IDLE_RULES_BUDGET {
            return None;
        }
        let all = d.count(&vec![None; d.domains.len()]);
        let mut idle = Vec::new();
        for r in catalog.rules() {
            let without = Mdd::compile_without(catalog, budget, Some(r.id)).ok()?;
            if without.count(&vec![None; without.domains.len()]) == all {
                idle.push(r.id);
            }
        }
        Some(idle)
    }

    /// Item states from the diagram: for each item, whether it can be in and whether it can be
    /// out, each judged against the other choices as `evaluate` defines.
    fn states_under(&self, catalog: &Catalog, fixed: &[Option<u32>], choices: &[Choice]) -> States {
        let d = &self.mdd;
        let (valid, consistent) = d.supports_and_consistency(fixed);
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
        States {
            items: states,
            achievable,
            consistent,
        }
    }
}

impl Backend for DiagramBackend {
    fn states(&self, catalog: &Catalog, choices: &[Choice]) -> Option<States> {
        let fixed = self.mdd.restriction(choices)?;
        Some(self.states_under(catalog, &fixed, choices))
    }

    fn item_state(&self, catalog: &Catalog, choices: &[Choice], item: ItemId) -> Option<ItemState> {
        // Item states only: a full evaluation would also explain a conflict and total prices.
        Some(self.states(catalog, choices)?.items[item.index()])
    }

    fn consistent(&self, _catalog: &Catalog, choices: &[Choice]) -> Option<bool> {
        let fixed = self.mdd.restriction(choices)?;
        Some(self.mdd.consistent(&fixed))
    }

    /// Insertion with binary search (one linear pass per test), when the diagram can express
    /// the target.
    fn minimal_choices(
        &self,
        catalog: &Catalog,
        choices: &[Choice],
        target: Option<Target>,
    ) -> Option<Vec<Choice>> {
        let d = &self.mdd;
        // The target as one (level, value) the diagram can pin.
        let pin = match target {
            None => None,
            Some(Target { item, included }) => {
                let slot = d.slots[item.index()];
                let in_multiple =
                    catalog.group(catalog.item(item).group).kind == ChoiceKind::Multiple;
                match (included, in_multiple) {
                    (true, _) => Some((slot.level as usize, slot.value)),
                    // "Left out" of a yes/no level is its value 0.
                    (false, true) => Some((slot.level as usize, 0)),
                    // "Not this item" in a single-choice group is not one value: use the solver.
                    (false, false) => return None,
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

    /// In one pass over the diagram (see [`Mdd::cheapest_release`]), when each choice fixes
    /// one level of it (no quantities, no two choices in one single-choice group).
    fn repair(
        &self,
        _catalog: &Catalog,
        context: &[Choice],
        item: ItemId,
    ) -> Option<Option<Vec<ItemId>>> {
        let d = &self.mdd;
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

    /// A cheapest path, each item's value costing its list price times quantity.
    fn cheapest(&self, catalog: &Catalog, choices: &[Choice]) -> Option<Option<Vec<Choice>>> {
        let d = &self.mdd;
        // Choices the diagram cannot express admit no valid configuration at all.
        let Some(fixed) = d.restriction(choices) else {
            return Some(None);
        };
        let mut cost: Vec<Vec<Money>> = d
            .domains
            .iter()
            .map(|&n| vec![Money::ZERO; n as usize])
            .collect();
        for it in catalog.items() {
            let unit = completion_cost(catalog, it);
            match d.quantity_levels[it.id.index()] {
                Some(l) => {
                    for q in it.quantity.clone() {
                        cost[l as usize][q as usize] = unit.times(q);
                    }
                }
                None => {
                    let s = d.slots[it.id.index()];
                    cost[s.level as usize][s.value as usize] = unit;
                }
            }
        }
        let Some(values) = d.cheapest(&fixed, &cost, Money::ZERO) else {
            return Some(None);
        };
        let quantity = |i: ItemId| d.quantity_levels[i.index()].map(|l| values[l as usize]);
        let chosen = |i: ItemId| {
            let s = d.slots[i.index()];
            values[s.level as usize] == s.value
        };
        Some(Some(completion(catalog, choices, chosen, quantity)))
    }

    /// One bottom-up pass in arbitrary precision.
    fn count(
        &self,
        _catalog: &Catalog,
        choices: &[Choice],
        _budget: u64,
    ) -> Option<Option<Natural>> {
        let d = &self.mdd;
        Some(Some(match d.restriction(choices) {
            Some(fixed) => d.count(&fixed),
            None => Natural::ZERO,
        }))
    }
}
