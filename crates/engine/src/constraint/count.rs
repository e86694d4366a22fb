//! `count` rules: between `min` and `max` of a set of items are chosen.

use crate::clauses::{at_most, item_var, ClauseSink};
use crate::ids::ItemId;
use crate::mdd::{Builder, NodeId, Slot, TooLarge, Vars};
use crate::sat::Lit;

/// Independent checker.
pub(super) fn holds(items: &[ItemId], min: u32, max: u32, chosen: &dyn Fn(ItemId) -> bool) -> bool {
    let n = items.iter().filter(|&&i| chosen(i)).count() as u32;
    min <= n && n <= max
}

/// Clauses: at most `max` chosen and at most `n - min` left out, two sequential counters.
pub(super) fn encode(
    items: &[ItemId],
    min: u32,
    max: u32,
    solver: &mut dyn ClauseSink,
    guard: &[Lit],
) {
    let lits: Vec<Lit> = items.iter().map(|&i| Lit::pos(item_var(i))).collect();
    at_most(solver, guard, &lits, max as usize);
    let negs: Vec<Lit> = lits.iter().map(|&l| !l).collect();
    at_most(
        solver,
        guard,
        &negs,
        lits.len().saturating_sub(min as usize),
    );
}

/// Diagram: a counting construction over the items' (level, value) slots.
pub(super) fn diagram(
    items: &[ItemId],
    min: u32,
    max: u32,
    b: &mut Builder,
    vars: &Vars,
) -> Result<NodeId, TooLarge> {
    let members: Vec<Slot> = items.iter().map(|i| vars.slots[i.index()]).collect();
    b.count_of(&members, min, max)
}

/// The levels of its items.
pub(super) fn levels(items: &[ItemId], vars: &Vars) -> Vec<u32> {
    items.iter().map(|i| vars.slots[i.index()].level).collect()
}
