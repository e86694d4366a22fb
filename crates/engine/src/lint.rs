//! What an author should look at in a catalog that loads, as data: `configurator check`
//! renders it.

use crate::answer::{Explanation, ItemState, Status};
use crate::catalog::Date;
use crate::engine::Engine;
use crate::ids::{ItemId, RuleId};

/// One finding about a catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Warning {
    /// No valid configuration exists (nothing else is checked then).
    NoConfiguration,
    /// An item that can never be chosen, and why.
    Dead {
        /// The item.
        item: ItemId,
        /// Why, when the engine can say.
        explanation: Option<Explanation>,
    },
    /// An item that is in every configuration.
    Forced {
        /// The item.
        item: ItemId,
    },
    /// An item past its end of sale.
    EndOfSale {
        /// The item.
        item: ItemId,
        /// Its last day of sale.
        date: Date,
    },
    /// An item with no price in a price book (configurations with it cannot be quoted there).
    MissingPrice {
        /// The item.
        item: ItemId,
        /// The book's index in the catalog's pricing.
        book: usize,
    },
    /// A rule that never bites: the other rules and groups already imply it.
    IdleRule {
        /// The rule.
        rule: RuleId,
    },
    /// The check for rules that never bite was not made: the catalog is too large for it.
    IdleRulesNotChecked,
}

impl Warning {
    /// A short machine name of the finding (`dead`, `forced`, ...).
    pub fn kind(&self) -> &'static str {
        match self {
            Warning::NoConfiguration => "no-configuration",
            Warning::Dead { .. } => "dead",
            Warning::Forced { .. } => "forced",
            Warning::EndOfSale { .. } => "end-of-sale",
            Warning::MissingPrice { .. } => "missing-price",
            Warning::IdleRule { .. } => "idle-rule",
            Warning::IdleRulesNotChecked => "not-checked",
        }
    }
}

/// Every finding about the engine's catalog, items in catalog order (each item's findings
/// together), then idle rules. `today` enables the end-of-sale check.
pub fn lint(engine: &Engine, today: Option<Date>) -> Vec<Warning> {
    let c = engine.catalog();
    let mut out = Vec::new();
    let eval = engine.evaluate::<ItemId>(&[]);
    if let Status::Conflict(_) = eval.status {
        out.push(Warning::NoConfiguration);
        return out;
    }
    for it in c.items() {
        match eval.item(it.id) {
            ItemState::Unavailable => out.push(Warning::Dead {
                item: it.id,
                explanation: engine.explain::<ItemId>(&[], it.id),
            }),
            ItemState::Implied => out.push(Warning::Forced { item: it.id }),
            _ => {}
        }
        if let (Some(date), Some(today)) = (it.end_of_sale, today) {
            if date < today {
                out.push(Warning::EndOfSale { item: it.id, date });
            }
        }
        if it.pricing.percent_of.is_none() && !c.is_answer(it.id) {
            for b in 0..c.pricing.books.len() {
                if it.pricing.prices[b].is_none() {
                    out.push(Warning::MissingPrice {
                        item: it.id,
                        book: b,
                    });
                }
            }
        }
    }
    match engine.idle_rules() {
        Some(rules) => out.extend(rules.into_iter().map(|rule| Warning::IdleRule { rule })),
        None if !c.rules().is_empty() => out.push(Warning::IdleRulesNotChecked),
        None => {}
    }
    out
}
