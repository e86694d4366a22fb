//! A group's limits: between `min` and `max` of its items are chosen; with a condition
//! (`when`), the limits apply when it holds and nothing may be chosen when it does not.

use crate::catalog::raw::RawGroup;
use crate::catalog::{ChoiceKind, Group};
use crate::clauses::{at_most, guarded, item_var, tseitin, ClauseSink};
use crate::fx::FxMap;
use crate::ids::ItemId;
use crate::mdd::{Builder, NodeId, Op, Slot, TooLarge, Vars};
use crate::sat::Lit;

impl Group {
    /// Independent checker: whether a total assignment satisfies the group's limits.
    pub fn holds(&self, chosen: &dyn Fn(ItemId) -> bool) -> bool {
        let n = self.items.iter().filter(|&&i| chosen(i)).count() as u32;
        match &self.when {
            Some((w, _)) if !w.eval(chosen) => n == 0,
            _ => self.min <= n && n <= self.max,
        }
    }
}

/// Clauses: two sequential counters (at most `max` chosen, at most `n - min` left out); with a
/// condition w: w ⇒ limits, ¬w ⇒ nothing chosen.
pub(super) fn encode(g: &Group, solver: &mut dyn ClauseSink, guard: &[Lit]) {
    let lits: Vec<Lit> = g.items.iter().map(|&i| Lit::pos(item_var(i))).collect();
    let mut limits_guard = guard.to_vec();
    if let Some((w, _)) = &g.when {
        let w = tseitin(solver, w);
        limits_guard.push(!w);
        for &l in &lits {
            guarded(solver, guard, &[w, !l]);
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

/// Diagram: a single-choice group is its level (nothing to add) unless it has a condition; a
/// multiple-choice group is a cardinality over its yes/no levels.
pub(super) fn diagram(g: &Group, b: &mut Builder, vars: &Vars) -> Result<Option<NodeId>, TooLarge> {
    let slots = &vars.slots;
    if let Some((w, _)) = &g.when {
        // (w ∧ limits) ∨ (¬w ∧ nothing chosen)
        let members: Vec<Slot> = g.items.iter().map(|i| slots[i.index()]).collect();
        let limits = b.count_of(&members, g.min, g.max)?;
        let nothing = b.count_of(&members, 0, 0)?;
        let wn = b.expr(w, slots)?;
        let not_w = b.not(wn, &mut FxMap::default())?;
        let on = b.apply(Op::And, wn, limits)?;
        let off = b.apply(Op::And, not_w, nothing)?;
        return Ok(Some(b.apply(Op::Or, on, off)?));
    }
    if g.kind == ChoiceKind::Multiple {
        // Symmetric in its items, so built in level order.
        let mut levels: Vec<u32> = g.items.iter().map(|i| slots[i.index()].level).collect();
        levels.sort_unstable();
        return Ok(Some(b.cardinality(&levels, g.min, g.max)?));
    }
    Ok(None)
}

/// The levels it links: a multiple-choice group's items unless any number goes, and with a
/// condition the group's items and the condition's.
pub(super) fn levels(g: &Group, vars: &Vars) -> Vec<u32> {
    let slots = &vars.slots;
    let trivial = g.min == 0 && g.max as usize >= g.items.len();
    let mut levels: Vec<u32> = Vec::new();
    if g.kind == ChoiceKind::Multiple && !trivial || g.when.is_some() {
        levels.extend(g.items.iter().map(|i| slots[i.index()].level));
    }
    if let Some((w, _)) = &g.when {
        let mut items = Vec::new();
        w.items(&mut items);
        levels.extend(items.iter().map(|i| slots[i.index()].level));
    }
    levels
}

/// The group's cardinality bounds, or the field at fault and why.
pub(crate) fn bounds(rg: &RawGroup) -> Result<(u32, u32), (&'static str, String)> {
    let n = u32::try_from(rg.items.len()).unwrap_or(u32::MAX);
    match rg.choice {
        ChoiceKind::Single => {
            if rg.min.is_some() || rg.max.is_some() {
                return Err((
                    if rg.min.is_some() { "min" } else { "max" },
                    format!(
                        "group `{}` is single choice: use `required` instead of `min`/`max`",
                        rg.id
                    ),
                ));
            }
            Ok((u32::from(rg.required), 1))
        }
        ChoiceKind::Multiple => {
            let min = rg.min.unwrap_or(u32::from(rg.required));
            let max = rg.max.unwrap_or(n);
            if rg.required && min == 0 {
                return Err((
                    "min",
                    format!("group `{}` is required, so `min` must be at least 1", rg.id),
                ));
            }
            if min > max {
                return Err((
                    "min",
                    format!(
                        "group `{}`: `min` ({min}) is greater than `max` ({max})",
                        rg.id
                    ),
                ));
            }
            Ok((min, max))
        }
    }
}
