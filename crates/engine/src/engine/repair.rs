//! Repairs: what to retract so that an unavailable item can be chosen anyway.

use crate::answer::Repair;
use crate::backend::context;
use crate::choice::{to_choices, AsChoice, Choice};
use crate::ids::ItemId;

use super::Engine;

impl Engine {
    /// A repair for choosing `item` anyway: the smallest set of earlier choices to retract so
    /// that `item` becomes available, ties broken by keeping the most recent choices (the
    /// retracted choices are as old as possible). In a single-choice group the group's own
    /// choice is replaced, not retracted. `Some(vec![])` when `item` is already available;
    /// `None` when no retraction helps (the item is never available).
    pub fn repair<C: AsChoice>(&self, choices: &[C], item: ItemId) -> Option<Vec<ItemId>> {
        let context = context(
            &self.catalog,
            &to_choices(choices),
            self.catalog.item(item).group,
        );
        let context: Vec<Choice> = context.into_iter().filter(|c| c.item != item).collect();
        let with = |kept: &[Choice]| {
            let mut all = kept.to_vec();
            all.push(Choice::from(item));
            self.consistent(&all)
        };
        if let Some(answer) = self
            .backends()
            .find_map(|b| b.repair(&self.catalog, &context, item))
        {
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
                let conflict = self.minimal_choices(&all, None);
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
