//! `count` rules: between `min` and `max` of a set of items are chosen.

use super::Scope;
use crate::catalog::diagnostic::Reporter;
use crate::catalog::locate::JsonPath;
use crate::catalog::raw::RawRule;
use crate::catalog::RuleBody;
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

/// Checks a `count` rule: a non-empty set of distinct `group.item` references, and `min`,
/// `max` or both, in order.
pub(super) fn validate(
    rep: &mut Reporter<'_>,
    rpath: &JsonPath,
    rr: &RawRule<'_>,
    scope: &Scope<'_>,
) -> RuleBody {
    let refs = rr.items.clone().unwrap_or_default();
    if refs.is_empty() {
        rep.error(
            &rpath.key("items"),
            format!(
                "count rule `{}` needs a non-empty `items` list of `group.item`",
                rr.id
            ),
        );
    }
    let mut set = Vec::new();
    for (k, r) in refs.iter().enumerate() {
        let found = match r.split_once('.') {
            Some((g, i)) => scope.resolve(g, i),
            None => Err(format!("`{r}` is not `group.item`")),
        };
        match found {
            Ok(id) if set.contains(&id) => {
                rep.error(&rpath.key("items").index(k), format!("`{r}` appears twice"))
            }
            Ok(id) => set.push(id),
            Err(m) => rep.error(&rpath.key("items").index(k), m),
        }
    }
    let n = set.len() as u32;
    let (min, max) = (rr.min.unwrap_or(0), rr.max.unwrap_or(n));
    if rr.min.is_none() && rr.max.is_none() {
        rep.error(
            rpath,
            format!("count rule `{}` needs `min`, `max` or both", rr.id),
        );
    } else if min > max {
        rep.error(
            &rpath.key("min"),
            format!(
                "count rule `{}`: `min` ({min}) is greater than `max` ({max})",
                rr.id
            ),
        );
    }
    RuleBody::Count {
        items: set,
        min,
        max: max.max(min),
    }
}
