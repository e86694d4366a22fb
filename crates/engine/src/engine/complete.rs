//! Completions: the cheapest valid configuration that contains the choices, and the
//! authored defaults applied where they fit.

use crate::catalog::ChoiceKind;
use crate::choice::{to_choices, AsChoice, Choice};
use crate::ids::ItemId;

use super::Engine;

impl Engine {
    /// The cheapest complete valid configuration that contains `choices`, by list price times
    /// quantity: the choices plus the items it adds, in catalog order, each item with a
    /// quantity given its quantity. `None` when the choices admit no valid configuration.
    /// From the decision diagram when the catalog has one (a cheapest path), otherwise by the
    /// solver (a descent: any model, then "strictly cheaper" until none is left).
    pub fn cheapest_completion<C: AsChoice>(&self, choices: &[C]) -> Option<Vec<Choice>> {
        let choices = to_choices(choices);
        self.ask(|b| b.cheapest(&self.catalog, &choices))
    }

    /// Completes `choices` with the authored defaults, in catalog order, each only where it is
    /// consistent with everything so far and its single-choice group has no item yet. A
    /// required single-choice group whose default does not fit then gets the first of its
    /// items that does (the nearest valid choice), so the defaults do not leave it open.
    /// Returns the choices followed by what was added. Unchanged when the choices conflict.
    pub fn complete_with_defaults<C: AsChoice>(&self, choices: &[C]) -> Vec<C> {
        let mut out = choices.to_vec();
        if !self.consistent(&out) {
            return out;
        }
        let has = |out: &[C], i: ItemId| out.iter().any(|c| c.choice().item == i);
        let taken = |out: &[C], g: &crate::catalog::Group| {
            g.kind == ChoiceKind::Single && g.items.iter().any(|&i| has(out, i))
        };
        let mut unfit = Vec::new();
        for it in self.catalog.items().iter().filter(|it| it.default) {
            let group = self.catalog.group(it.group);
            if has(&out, it.id) || taken(&out, group) {
                continue;
            }
            out.push(C::from(it.id));
            if !self.consistent(&out) {
                out.pop();
                unfit.push(group);
            }
        }
        for group in unfit {
            if group.min == 0 || taken(&out, group) {
                continue;
            }
            for &i in &group.items {
                out.push(C::from(i));
                if self.consistent(&out) {
                    break;
                }
                out.pop();
            }
        }
        out
    }
}
