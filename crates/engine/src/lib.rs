//! The configurator engine: catalog model, rule compilation, complete propagation with
//! explanations, and pricing.
//!
//! Pure Rust: no I/O, no clock, no web. Builds for native targets and `wasm32-unknown-unknown`.
//! Callers hand it text and get validated data back; an infeasible configuration is a result
//! ([`Status::Conflict`]), never an error.

#![deny(missing_docs)]

mod answer;
mod backend;
pub mod bom;
pub mod catalog;
mod choice;
mod clauses;
pub mod compare;
mod constraint;
pub mod diff;
mod engine;
mod fx;
pub mod ids;
pub mod import;
pub mod json;
pub mod lint;
pub mod locale;
mod mdd;
pub mod money;
pub mod natural;
pub mod pricing;
pub mod quote;
pub use configurator_sat as sat;
pub mod search;
pub mod share;
pub mod sort;
pub mod wire;

pub use answer::{Evaluation, Explanation, ItemState, Quantities, Repair, ResourceUse, Status};
pub use catalog::{
    Catalog, CatalogError, ChoiceKind, Date, Diagnostic, Expr, Group, Item, Rule, RuleKind,
};
pub use choice::{AsChoice, Choice};
#[doc(hidden)]
pub use clauses::with_sum_diagram_edges;
pub use constraint::Constraint;
pub use engine::{Engine, COUNT_BUDGET, DIAGRAM_BUDGET};
pub use ids::{GroupId, ItemId, RuleId};
pub use mdd::ArtifactError;

/// The factor counter alone (see `mdd/factors.rs`), for the oracle tests: the number of valid
/// configurations with `choices`, or `None` when it gives up within `budget`.
#[doc(hidden)]
#[cfg(not(target_arch = "wasm32"))]
pub fn count_by_factors<C: AsChoice>(
    catalog: &Catalog,
    choices: &[C],
    budget: u64,
) -> Option<Natural> {
    mdd::factors::count(catalog, &choice::to_choices(choices), budget)
}
pub use money::{Currency, Money};
pub use natural::Natural;

/// The built-in demo catalog (a campus network switch), as JSON text.
pub const DEMO_CATALOG: &str = include_str!("../../../catalogs/nx-3400-switch.json");

/// The file name of the built-in demo catalog, for error messages.
pub const DEMO_CATALOG_FILE: &str = "catalogs/nx-3400-switch.json";

/// The JSON Schema (draft 2020-12) of catalog files, for editor completion and validation.
pub const CATALOG_SCHEMA: &str = include_str!("../catalog.schema.json");
