//! The catalog model: what authors write (a JSON file) and the validated form the engine uses.
//!
//! Parsing happens once, at the boundary: [`Catalog::from_json`] turns text into a [`Catalog`]
//! whose ids are typed, whose references are resolved and whose prices are exact, or into a
//! [`CatalogError`] listing every problem with its file, line and column.
//!
//! The model (`model.rs`), what authors write (`raw.rs`, read by `read.rs`), the checks that
//! turn one into the other (`validate.rs`, with each rule kind's own checks in
//! `crate::constraint`), where problems are reported (`diagnostic.rs`), prices (`pricing.rs`),
//! the expression language (`expr.rs`), places in the text (`locate.rs`), the content hash
//! (`hash.rs`), the public form a browser may read (`public.rs`) and the product-line manifest
//! of a catalogs folder (`manifest.rs`).

pub(crate) mod diagnostic;
pub mod expr;
mod hash;
pub mod locate;
pub mod manifest;
mod model;
mod pricing;
pub mod public;
pub(crate) mod raw;
mod read;
mod validate;

pub use diagnostic::{CatalogError, Diagnostic};
pub use expr::Expr;
pub(crate) use hash::hex;
pub use hash::{content_hash, legacy_hash};
pub use model::{
    is_origin, Catalog, ChoiceKind, Count, Date, Group, Item, Logic, Resource, Rows, Rule,
    RuleBody, RuleKind, Table, MAX_QUANTITY,
};
pub use pricing::{
    parse_percent, ItemPricing, PartnerTier, PercentOf, Period, PriceBook, Pricing, VolumeTier,
    APPROVAL_ROLES, DEFAULT_VALIDITY_DAYS, LIST_BOOK, MAX_VALIDITY_DAYS,
};

#[cfg(test)]
mod tests;
