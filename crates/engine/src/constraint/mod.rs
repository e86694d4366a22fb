//! The constraints, one file per kind (after Pumpkin). A rule kind's file holds everything
//! the kind does: what authors write (its [`Syntax`]: its name, the fields it takes and their
//! forms, and the checks of what they wrote) and, as the [`Kind`] of its content in the
//! catalog's model, its independent checker (`holds`, the judge of the oracle tests), its
//! clauses for the solver (`encode`), its decision diagram (`diagram`), the levels it links
//! (for the diagram's variable order), the groups where the customer can meet it (`needs`), its
//! text for catalog diffs (`describe`) and, for a sum over quantities, its terms (the solver's
//! interval search and checks on models, the counters) and its meter.
//!
//! This module is the dispatch: the one list `kinds!` below, one line per kind, makes every
//! function the rest of the engine asks a rule through (a `match` over [`RuleBody`] calling
//! the kind's file: static calls, no virtual call on the engine's paths). It holds no kind's
//! logic of its own. Adding a rule kind: its file here and its line in `kinds!`; its data
//! (a `RuleKind` and a `RuleBody` variant) is declared in `catalog/model.rs`, which the
//! constraints read (the model sits below them). `tests/layout.rs` checks that no other file
//! matches on rule kinds.

mod count;
mod group;
mod logic;
mod resource;
mod table;

pub(crate) use group::bounds as group_bounds;

use std::sync::OnceLock;

use crate::catalog::diagnostic::Reporter;
use crate::catalog::locate::JsonPath;
use crate::catalog::raw::{Form, RawRule};
use crate::catalog::{
    Catalog, Count, Group, Item, Logic, Resource, Rule, RuleBody, RuleKind, Table,
};
use crate::clauses::{item_layer, ClauseSink, Layer};
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
            Constraint::Rule(r) => catalog.rule(r).encode(catalog, first, sink, guard),
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
        match self {
            Constraint::Group(g) => group::diagram(catalog.group(g), b, vars),
            Constraint::Rule(r) => Ok(Some(catalog.rule(r).diagram(catalog, b, vars)?)),
        }
    }

    /// The levels of `vars` it links (in any order, possibly repeated), for the variable
    /// order of the diagram.
    pub(crate) fn levels(self, catalog: &Catalog, vars: &Vars) -> Vec<u32> {
        match self {
            Constraint::Group(g) => group::levels(catalog.group(g), vars),
            Constraint::Rule(r) => catalog.rule(r).levels(catalog, vars),
        }
    }

    /// Where the customer can meet it: a group's limits, its group; a rule, the groups and
    /// items of its kind's [`Kind::needs`] (added to `groups` and `items`).
    pub(crate) fn needs(
        self,
        catalog: &Catalog,
        groups: &mut Vec<GroupId>,
        items: &mut Vec<ItemId>,
    ) {
        match self {
            Constraint::Group(g) => groups.push(g),
            Constraint::Rule(r) => catalog.rule(r).needs(catalog, groups, items),
        }
    }
}

/// What each kind of rule content does (implemented once per kind, in its file).
pub(crate) trait Kind {
    /// The kinds authors write that have this content (`requires` and `excludes` share one).
    const SYNTAX: &'static [Syntax];

    /// Independent checker: whether a total assignment (each item's quantity, 0 when it is
    /// not chosen) satisfies the rule.
    fn holds(&self, catalog: &Catalog, quantity: &dyn Fn(ItemId) -> u32) -> bool;

    /// Adds its clauses (see [`Constraint::encode`]).
    fn encode(
        &self,
        catalog: &Catalog,
        first: &[Option<u32>],
        sink: &mut dyn ClauseSink,
        guard: &[Lit],
    );

    /// Its decision diagram over `vars`.
    fn diagram(&self, catalog: &Catalog, b: &mut Builder, vars: &Vars) -> Result<NodeId, TooLarge>;

    /// The levels of `vars` it links.
    fn levels(&self, catalog: &Catalog, vars: &Vars) -> Vec<u32>;

    /// The groups, or the items (whose groups count), where the customer can meet it.
    fn needs(&self, catalog: &Catalog, groups: &mut Vec<GroupId>, items: &mut Vec<ItemId>);

    /// What it says as text, for comparing catalog versions: two versions render alike exactly
    /// when they say the same (sets compare as sets).
    fn describe(&self, catalog: &Catalog) -> String;

    /// For a sum over quantities (`Σ weight × quantity ≤ 0`), each item's weight where not
    /// zero; nothing for another rule. The solver checks such a sum on its models when it is
    /// too large to encode, and searches quantities by interval under it.
    fn sum_terms(&self, _catalog: &Catalog) -> Vec<(ItemId, i64)> {
        Vec::new()
    }

    /// For a rule shown as a meter: what the items use and provide under `quantity`.
    fn meter(&self, _catalog: &Catalog, _quantity: &dyn Fn(ItemId) -> u32) -> Option<(i64, i64)> {
        None
    }
}

/// A kind of rule as authors write it.
pub(crate) struct Syntax {
    /// The kind.
    pub kind: RuleKind,
    /// Its name in the catalog format (`"kind": "requires"`).
    pub name: &'static str,
    /// The fields it takes besides `id`, `kind` and `message`, with the form of their values.
    pub fields: &'static [(&'static str, Form)],
    /// Checks what a rule of this kind says, reporting every problem; the rule's content (a
    /// placeholder where it is wrong: the catalog is rejected then).
    pub check: fn(&mut Reporter<'_>, &JsonPath, &RawRule<'_>, &Scope<'_>) -> RuleBody,
}

/// The dispatch: one line per kind of rule content, the [`RuleBody`] variant and the type its
/// file implements [`Kind`] for (named alike). It makes [`KINDS`] and every method shared code
/// asks a rule through.
macro_rules! kinds {
    ($($kind:ident),+ $(,)?) => {
        /// Every kind authors can write, in the catalog format's order.
        pub(crate) const KINDS: &[&[Syntax]] = &[$(<$kind as Kind>::SYNTAX),+];

        impl Rule {
            /// Independent checker: whether a total assignment (each item's quantity, 0 when it
            /// is not chosen) satisfies this rule.
            pub fn holds(&self, catalog: &Catalog, quantity: &dyn Fn(ItemId) -> u32) -> bool {
                match &self.body {
                    $(RuleBody::$kind(k) => Kind::holds(k, catalog, quantity),)+
                }
            }

            /// For a rule that is a sum over quantities (a `resource` rule), each item's net
            /// use (`uses` minus `provides`), where not zero; empty for another rule.
            pub fn resource_terms(&self, catalog: &Catalog) -> Vec<(ItemId, i64)> {
                match &self.body {
                    $(RuleBody::$kind(k) => k.sum_terms(catalog),)+
                }
            }

            /// Adds its clauses (see [`Constraint::encode`]).
            fn encode(
                &self,
                catalog: &Catalog,
                first: &[Option<u32>],
                sink: &mut dyn ClauseSink,
                guard: &[Lit],
            ) {
                match &self.body {
                    $(RuleBody::$kind(k) => k.encode(catalog, first, sink, guard),)+
                }
            }

            /// Its decision diagram over `vars`.
            fn diagram(
                &self,
                catalog: &Catalog,
                b: &mut Builder,
                vars: &Vars,
            ) -> Result<NodeId, TooLarge> {
                match &self.body {
                    $(RuleBody::$kind(k) => k.diagram(catalog, b, vars),)+
                }
            }

            /// The levels of `vars` it links.
            fn levels(&self, catalog: &Catalog, vars: &Vars) -> Vec<u32> {
                match &self.body {
                    $(RuleBody::$kind(k) => k.levels(catalog, vars),)+
                }
            }

            /// Where the customer can meet it (see [`Kind::needs`]).
            fn needs(
                &self,
                catalog: &Catalog,
                groups: &mut Vec<GroupId>,
                items: &mut Vec<ItemId>,
            ) {
                match &self.body {
                    $(RuleBody::$kind(k) => k.needs(catalog, groups, items),)+
                }
            }

            /// What it says as text, its kind first (see [`Kind::describe`]).
            pub(crate) fn describe(&self, catalog: &Catalog) -> String {
                let body = match &self.body {
                    $(RuleBody::$kind(k) => k.describe(catalog),)+
                };
                format!("{:?} {body}", self.kind)
            }

            /// What the items use and provide under `quantity`, for a rule shown as a meter.
            pub(crate) fn meter(
                &self,
                catalog: &Catalog,
                quantity: &dyn Fn(ItemId) -> u32,
            ) -> Option<(i64, i64)> {
                match &self.body {
                    $(RuleBody::$kind(k) => k.meter(catalog, quantity),)+
                }
            }
        }
    };
}

kinds! {
    Logic,
    Table,
    Count,
    Resource,
}

impl Rule {
    /// A sum rule's layers for the solver's linear sum (see [`sum_layers`]).
    pub(crate) fn resource_layers(&self, catalog: &Catalog, first: &[Option<u32>]) -> Vec<Layer> {
        sum_layers(catalog, first, &self.resource_terms(catalog))
    }
}

/// The layers of the linear sum of `terms` for the solver: one per item with a weight (see
/// [`item_layer`]).
fn sum_layers(catalog: &Catalog, first: &[Option<u32>], terms: &[(ItemId, i64)]) -> Vec<Layer> {
    terms
        .iter()
        .filter_map(|&(i, w)| item_layer(catalog, first, i, |q| Some(w * i64::from(q))))
        .collect()
}

/// Every kind authors can write, in the catalog format's order.
fn syntaxes() -> impl Iterator<Item = &'static Syntax> {
    KINDS.iter().flat_map(|k| k.iter())
}

/// The syntax of `kind` (every kind has one: `KINDS` lists them all).
fn syntax(kind: RuleKind) -> &'static Syntax {
    syntaxes().find(|s| s.kind == kind).unwrap_or(&KINDS[0][0])
}

/// The names of the kinds, in the catalog format's order (what the reader accepts).
pub(crate) fn kind_names() -> &'static [&'static str] {
    static NAMES: OnceLock<Vec<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| syntaxes().map(|s| s.name).collect())
}

/// The kind at `k` of [`kind_names`].
pub(crate) fn kind_at(k: usize) -> RuleKind {
    syntaxes().nth(k).map_or(KINDS[0][0].kind, |s| s.kind)
}

/// Every field a kind takes (besides `id`, `kind` and `message`), each once, in the order of
/// the kinds and of their fields: the fields the reader reads, each in its form.
pub(crate) fn rule_fields() -> &'static [(&'static str, Form)] {
    static FIELDS: OnceLock<Vec<(&'static str, Form)>> = OnceLock::new();
    FIELDS.get_or_init(|| {
        let mut out: Vec<(&'static str, Form)> = Vec::new();
        for &(name, form) in syntaxes().flat_map(|s| s.fields) {
            match out.iter().find(|(n, _)| *n == name) {
                Some(&(_, seen)) => debug_assert_eq!(seen, form, "field `{name}` in two forms"),
                None => out.push((name, form)),
            }
        }
        out
    })
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

/// Checks what a rule at `path` says for its kind, reporting every problem to `rep` (first
/// each field its kind does not take); the rule's content (a placeholder where it is wrong:
/// the catalog is rejected then).
pub(crate) fn validate_rule(
    rep: &mut Reporter<'_>,
    path: &JsonPath,
    rr: &RawRule<'_>,
    scope: &Scope<'_>,
) -> RuleBody {
    let syntax = syntax(rr.kind);
    foreign_fields(rep, path, rr, syntax);
    (syntax.check)(rep, path, rr, scope)
}

/// Reports every field a rule has that its kind does not take.
fn foreign_fields(rep: &mut Reporter<'_>, rpath: &JsonPath, rr: &RawRule<'_>, syntax: &Syntax) {
    let takes = |field: &str| syntax.fields.iter().any(|&(f, _)| f == field);
    for &(field, _) in rule_fields() {
        if rr.has(field) && !takes(field) {
            let wanted: Vec<String> = syntax
                .fields
                .iter()
                .map(|(t, _)| format!("`{t}`"))
                .collect();
            rep.error(
                &rpath.key(field),
                format!(
                    "rule `{}`: a `{}` rule does not take `{field}`; it has {}",
                    rr.id,
                    syntax.name,
                    wanted.join(", ")
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_has_one_name_and_each_field_one_form() {
        let names = kind_names();
        for (k, name) in names.iter().enumerate() {
            assert_eq!(names.iter().filter(|n| *n == name).count(), 1, "{name}");
            assert_eq!(syntax(kind_at(k)).name, *name);
        }
        for s in syntaxes() {
            for &(field, form) in s.fields {
                assert!(
                    rule_fields().contains(&(field, form)),
                    "{}: {field}",
                    s.name
                );
            }
        }
    }

    /// The published JSON Schema of catalogs offers exactly the kinds and rule fields the
    /// kinds' files declare, in the forms they read (a new kind is documented there too).
    #[test]
    fn the_schema_offers_the_kinds_and_fields_the_kinds_declare() {
        let schema: serde_json::Value = serde_json::from_str(crate::CATALOG_SCHEMA).unwrap();
        let rule = &schema["$defs"]["rule"]["properties"];
        let kinds: Vec<&str> = rule["kind"]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k.as_str().unwrap())
            .collect();
        assert_eq!(kinds, kind_names(), "the kinds, in the format's order");
        let mut offered: Vec<&str> = rule
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut read: Vec<&str> = ["id", "kind", "message"]
            .into_iter()
            .chain(rule_fields().iter().map(|&(name, _)| name))
            .collect();
        offered.sort_unstable();
        read.sort_unstable();
        assert_eq!(offered, read);
        for &(name, form) in rule_fields() {
            let p = &rule[name];
            let inner = p["items"]["type"]
                .as_str()
                .or(p["items"]["$ref"].as_str().map(|_| "string"));
            let shape = (p["type"].as_str().unwrap_or(""), inner.unwrap_or(""));
            let expected = match form {
                Form::Text => ("string", ""),
                Form::Texts => ("array", "string"),
                Form::Rows => ("array", "array"),
                Form::Number => ("integer", ""),
            };
            assert_eq!(shape, expected, "`{name}`: {p}");
        }
    }
}
