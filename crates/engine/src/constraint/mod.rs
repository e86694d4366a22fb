//! The constraints, one file per kind (after Pumpkin): each keeps side by side its
//! independent checker (`holds`, the judge of the oracle tests), its clauses for the solver
//! (`encode`), its decision diagram (`diagram`), the levels it links (for the diagram's
//! variable order) and the checks of what authors write (`validate`, called by the catalog's
//! validator). Adding a rule kind is one file here plus its reader.
//!
//! This module dispatches on the kind; it holds no encoding of its own.

mod count;
mod group;
mod logic;
mod resource;
mod table;

pub(crate) use group::bounds as group_bounds;
pub(crate) use resource::usage as resource_usage;

use crate::catalog::diagnostic::Reporter;
use crate::catalog::locate::JsonPath;
use crate::catalog::raw::RawRule;
use crate::catalog::{Catalog, Group, Item, Rule, RuleBody, RuleKind};
use crate::clauses::ClauseSink;
use crate::fx::FxMap;
use crate::ids::{GroupId, ItemId, RuleId};
use crate::mdd::{Builder, NodeId, TooLarge, Vars};
use crate::sat::Lit;

/// A constraint that can restrict items: a group's cardinality or an author's rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Constraint {
    /// How many items of the group may be chosen.
    Group(GroupId),
    /// An author-written rule.
    Rule(RuleId),
}

/// Every constraint of a catalog: group limits, then rules.
pub(crate) fn all_constraints(catalog: &Catalog) -> impl Iterator<Item = Constraint> + '_ {
    catalog
        .groups()
        .iter()
        .map(|g| Constraint::Group(g.id))
        .chain(catalog.rules().iter().map(|r| Constraint::Rule(r.id)))
}

impl Constraint {
    /// Independent checker: whether a total assignment (each item's quantity, 0 when it is not
    /// chosen) satisfies this constraint.
    pub fn holds(self, catalog: &Catalog, quantity: &dyn Fn(ItemId) -> u32) -> bool {
        match self {
            Constraint::Group(g) => catalog.group(g).holds(&|i| quantity(i) > 0),
            Constraint::Rule(r) => catalog.rule(r).holds(catalog, quantity),
        }
    }

    /// The rule, for a rule's constraint.
    pub(crate) fn rule(self) -> Option<RuleId> {
        match self {
            Constraint::Group(_) => None,
            Constraint::Rule(r) => Some(r),
        }
    }

    /// Its position among [`all_constraints`].
    pub(crate) fn index(self, catalog: &Catalog) -> usize {
        match self {
            Constraint::Group(g) => g.index(),
            Constraint::Rule(r) => catalog.groups().len() + r.index(),
        }
    }

    /// Adds its clauses, each with the literals of `guard` (a selector's negation, or nothing),
    /// to a solver whose items and quantities are laid out as `first` says (see
    /// [`crate::clauses::quantity_layout`]).
    pub(crate) fn encode(
        self,
        catalog: &Catalog,
        first: &[Option<u32>],
        sink: &mut dyn ClauseSink,
        guard: &[Lit],
    ) {
        match self {
            Constraint::Group(g) => group::encode(catalog.group(g), sink, guard),
            Constraint::Rule(r) => {
                let r = catalog.rule(r);
                match &r.body {
                    RuleBody::Logic {
                        condition,
                        consequence,
                    } => logic::encode(r.kind, condition, consequence, sink, guard),
                    RuleBody::Table(t) => table::encode(catalog, t, sink, guard),
                    RuleBody::Count { items, min, max } => {
                        count::encode(items, *min, *max, sink, guard)
                    }
                    RuleBody::Resource { .. } => resource::encode(catalog, r, first, sink, guard),
                }
            }
        }
    }

    /// Its decision diagram over `vars`; `None` when the levels alone express it (a
    /// single-choice group without a condition).
    pub(crate) fn diagram(
        self,
        catalog: &Catalog,
        b: &mut Builder,
        vars: &Vars,
    ) -> Result<Option<NodeId>, TooLarge> {
        let r = match self {
            Constraint::Group(g) => return group::diagram(catalog.group(g), b, vars),
            Constraint::Rule(r) => catalog.rule(r),
        };
        let node = match &r.body {
            RuleBody::Logic {
                condition,
                consequence,
            } => logic::diagram(r.kind, condition, consequence, b, vars)?,
            RuleBody::Table(t) => table::diagram(catalog, t, b, vars)?,
            RuleBody::Count { items, min, max } => count::diagram(items, *min, *max, b, vars)?,
            RuleBody::Resource { .. } => resource::diagram(catalog, r, b, vars)?,
        };
        Ok(Some(node))
    }

    /// The levels of `vars` it links (in any order, possibly repeated), for the variable
    /// order of the diagram.
    pub(crate) fn levels(self, catalog: &Catalog, vars: &Vars) -> Vec<u32> {
        let r = match self {
            Constraint::Group(g) => return group::levels(catalog.group(g), vars),
            Constraint::Rule(r) => catalog.rule(r),
        };
        match &r.body {
            RuleBody::Logic {
                condition,
                consequence,
            } => logic::levels(condition, consequence, vars),
            RuleBody::Table(t) => table::levels(t, vars),
            RuleBody::Count { items, .. } => count::levels(items, vars),
            RuleBody::Resource { .. } => resource::levels(catalog, r, vars),
        }
    }
}

impl Rule {
    /// Independent checker: whether a total assignment (each item's quantity, 0 when it is not
    /// chosen) satisfies this rule.
    pub fn holds(&self, catalog: &Catalog, quantity: &dyn Fn(ItemId) -> u32) -> bool {
        let chosen = &|i: ItemId| quantity(i) > 0;
        match &self.body {
            RuleBody::Logic {
                condition,
                consequence,
            } => logic::holds(self.kind, condition, consequence, chosen),
            RuleBody::Table(t) => t.holds(catalog, chosen),
            RuleBody::Count { items, min, max } => count::holds(items, *min, *max, chosen),
            RuleBody::Resource { .. } => resource::holds(catalog, self, quantity),
        }
    }
}

/// What a rule's check can refer to: the catalog's groups and items, by key.
pub(crate) struct Scope<'a> {
    /// Every group, validated.
    pub groups: &'a [Group],
    /// Every item, validated (prices not yet).
    pub items: &'a [Item],
    /// Group keys to ids.
    pub group_keys: &'a FxMap<String, GroupId>,
    /// (group key, item key) to ids.
    pub item_keys: &'a FxMap<(String, String), ItemId>,
}

impl Scope<'_> {
    /// The item `g.i`, or why there is none.
    pub(crate) fn resolve(&self, g: &str, i: &str) -> Result<ItemId, String> {
        if let Some(&id) = self.item_keys.get(&(g.to_owned(), i.to_owned())) {
            return Ok(id);
        }
        if self.group_keys.contains_key(g) {
            Err(format!("group `{g}` has no item `{i}`"))
        } else {
            Err(format!("unknown group `{g}` in `{g}.{i}`"))
        }
    }
}

/// Checks what a rule at `path` says for its kind, reporting every problem to `rep`; the
/// rule's content (a placeholder where it is wrong: the catalog is rejected then).
pub(crate) fn validate_rule(
    rep: &mut Reporter<'_>,
    path: &JsonPath,
    rr: &RawRule<'_>,
    scope: &Scope<'_>,
) -> RuleBody {
    match rr.kind {
        RuleKind::Requires | RuleKind::Excludes => logic::validate(rep, path, rr, scope),
        RuleKind::Table => RuleBody::Table(table::validate(rep, path, rr, scope)),
        RuleKind::Resource => resource::validate(rep, path, rr),
        RuleKind::Count => count::validate(rep, path, rr, scope),
    }
}
