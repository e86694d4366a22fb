//! `count` rules: between `min` and `max` of a set of items are chosen.

use super::{Kind, Scope, Syntax};
use crate::catalog::diagnostic::Reporter;
use crate::catalog::locate::JsonPath;
use crate::catalog::raw::{Form, RawRule};
use crate::catalog::{Catalog, Count, RuleBody, RuleKind};
use crate::clauses::{at_most, item_var, ClauseSink};
use crate::ids::{GroupId, ItemId};
use crate::mdd::{Builder, NodeId, Slot, TooLarge, Vars};
use crate::sat::Lit;

impl Kind for Count {
    const SYNTAX: &'static [Syntax] = &[Syntax {
        kind: RuleKind::Count,
        name: "count",
        fields: &[
            ("items", Form::Texts),
            ("min", Form::Number),
            ("max", Form::Number),
        ],
        check: validate,
    }];

    /// Independent checker.
    fn holds(&self, _: &Catalog, quantity: &dyn Fn(ItemId) -> u32) -> bool {
        let n = self.items.iter().filter(|&&i| quantity(i) > 0).count() as u32;
        self.min <= n && n <= self.max
    }

    /// Clauses: at most `max` chosen and at most `n - min` left out, two sequential counters.
    fn encode(&self, _: &Catalog, _: &[Option<u32>], solver: &mut dyn ClauseSink, guard: &[Lit]) {
        let lits: Vec<Lit> = self.items.iter().map(|&i| Lit::pos(item_var(i))).collect();
        at_most(solver, guard, &lits, self.max as usize);
        let negs: Vec<Lit> = lits.iter().map(|&l| !l).collect();
        at_most(
            solver,
            guard,
            &negs,
            lits.len().saturating_sub(self.min as usize),
        );
    }

    /// Diagram: a counting construction over the items' (level, value) slots.
    fn diagram(&self, _: &Catalog, b: &mut Builder, vars: &Vars) -> Result<NodeId, TooLarge> {
        let members: Vec<Slot> = self.items.iter().map(|i| vars.slots[i.index()]).collect();
        b.count_of(&members, self.min, self.max)
    }

    /// The levels of its items.
    fn levels(&self, _: &Catalog, vars: &Vars) -> Vec<u32> {
        self.items
            .iter()
            .map(|i| vars.slots[i.index()].level)
            .collect()
    }

    /// Its items.
    fn needs(&self, _: &Catalog, _: &mut Vec<GroupId>, items: &mut Vec<ItemId>) {
        items.extend(&self.items);
    }

    /// `min..=max of` its items' keys, sorted.
    fn describe(&self, c: &Catalog) -> String {
        let mut keys: Vec<String> = self.items.iter().map(|&i| c.item_key(i)).collect();
        keys.sort_unstable();
        format!("{}..={} of {}", self.min, self.max, keys.join(", "))
    }
}

/// Checks a `count` rule: a non-empty set of distinct `group.item` references, and `min`,
/// `max` or both, in order.
fn validate(
    rep: &mut Reporter<'_>,
    rpath: &JsonPath,
    rr: &RawRule<'_>,
    scope: &Scope<'_>,
) -> RuleBody {
    let refs = rr.texts("items").unwrap_or_default();
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
    let (lo, hi) = (rr.number("min"), rr.number("max"));
    let (min, max) = (lo.unwrap_or(0), hi.unwrap_or(n));
    if lo.is_none() && hi.is_none() {
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
    RuleBody::Count(Count {
        items: set,
        min,
        max: max.max(min),
    })
}
