//! Quotes: a configuration, its pricing context and metadata, and the priced bill of
//! materials. Amounts are [`Money`] in the quote's [`Currency`], the status and billing
//! periods are enums; they become text only when written: canonical versioned JSON and CSV
//! (`write.rs`), read back by `read.rs`. `verify.rs` checks a quote against the catalog (what
//! a back office runs on quotes built in browsers it does not control); `config.rs` reads the
//! configuration files of the command line; `entitlement.rs` measures a quote against what a
//! customer account is entitled to and says which approval level it needs.

use serde::Serialize;

mod config;
pub mod entitlement;
mod read;
mod verify;
mod write;

pub use config::{choices_from_json, ConfigError};
pub use read::quote as read_quote;
pub use read::{reopen, Reopened};
pub use verify::{verify, Difference, DifferenceKind};
pub use write::csv_row;

use crate::answer::Status;
use crate::catalog::Catalog;
use crate::catalog::Period;
use crate::choice::Choice;
use crate::engine::Engine;
use crate::money::{Currency, Money};
use crate::pricing::{price, PricingContext, PricingError};

/// The format tag of quotes this version writes: format 2 names the catalog by its SHA-256
/// content hash.
pub const QUOTE_FORMAT: &str = "configurator-quote/2";

/// The format tag of earlier quotes, still read: the same fields, the catalog named by its
/// [legacy hash](crate::catalog::legacy_hash).
pub const QUOTE_FORMAT_1: &str = "configurator-quote/1";

/// Which catalog a quote was made with.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CatalogRef {
    /// Catalog id.
    pub id: String,
    /// The author's version label.
    pub version: String,
    /// Content hash ([`Catalog::hash`]; [`Catalog::legacy_hash`] in quotes of
    /// [`QUOTE_FORMAT_1`]).
    pub hash: String,
}

/// One of the user's choices, by keys.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QuoteChoice {
    /// Group id.
    pub group: String,
    /// Item id within the group.
    pub item: String,
    /// The quantity the user set, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quantity: Option<u32>,
}

/// Who the quote is for and by whom.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct QuoteMeta {
    /// Quote number.
    pub quote_number: String,
    /// Customer.
    pub customer: String,
    /// Prepared by.
    pub prepared_by: String,
    /// Last day the quote is valid (YYYY-MM-DD), if set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<String>,
    /// Notes.
    pub notes: String,
}

/// One discount of a line's waterfall.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuoteDiscount {
    /// What it is.
    pub name: String,
    /// `bundle`, `volume`, `partner` or `deal`.
    pub source: String,
    /// Amount, in the quote's currency.
    pub amount: Money,
}

/// One line of the bill of materials.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuoteLine {
    /// "1", "1.1", ...
    pub line: String,
    /// The major line of a minor line.
    pub parent: Option<String>,
    /// `group.item`.
    pub item: String,
    /// SKU.
    pub sku: String,
    /// Name.
    pub name: String,
    /// Units.
    pub quantity: u32,
    /// Unit list price.
    pub unit_list: Money,
    /// List price of the line.
    pub list: Money,
    /// The waterfall.
    pub discounts: Vec<QuoteDiscount>,
    /// Net price of the line.
    pub net: Money,
    /// The billing period of a recurring line.
    pub recurring: Option<Period>,
    /// The item's lead time in days when priced (the catalog's `lead_days`; 0: from stock,
    /// and not written).
    pub lead_days: u32,
}

/// Totals, in the quote's currency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuoteTotals {
    /// The currency of every amount in the quote.
    pub currency: Currency,
    /// One-time charges.
    pub one_time: Money,
    /// Recurring per month.
    pub monthly: Money,
    /// Recurring per year.
    pub yearly: Money,
    /// Everything over the term.
    pub contract_value: Money,
}

/// A quote's status: whether its configuration was complete and valid when it was priced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuoteStatus {
    /// Valid, and every group has what it needs.
    Complete,
    /// Valid so far; some groups still need choices.
    Incomplete,
    /// The choices conflict.
    Conflict,
}

impl QuoteStatus {
    /// The status of an evaluation.
    pub fn of(status: &Status) -> QuoteStatus {
        match status {
            Status::Complete => QuoteStatus::Complete,
            Status::Incomplete { .. } => QuoteStatus::Incomplete,
            Status::Conflict(_) => QuoteStatus::Conflict,
        }
    }

    /// As written in quotes: `complete`, `incomplete`, `conflict`.
    pub fn name(self) -> &'static str {
        match self {
            QuoteStatus::Complete => "complete",
            QuoteStatus::Incomplete => "incomplete",
            QuoteStatus::Conflict => "conflict",
        }
    }

    /// The status written as `name` ([`QuoteStatus::name`]).
    pub fn from_name(name: &str) -> Option<QuoteStatus> {
        [
            QuoteStatus::Complete,
            QuoteStatus::Incomplete,
            QuoteStatus::Conflict,
        ]
        .into_iter()
        .find(|s| s.name() == name)
    }
}

/// A quote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quote {
    /// [`QUOTE_FORMAT`] or [`QUOTE_FORMAT_1`].
    pub format: String,
    /// The catalog it was made with.
    pub catalog: CatalogRef,
    /// The user's choices, in order.
    pub configuration: Vec<QuoteChoice>,
    /// The pricing context (with the term in effect).
    pub context: PricingContext,
    /// Metadata.
    pub meta: QuoteMeta,
    /// Whether the configuration was complete when priced.
    pub status: QuoteStatus,
    /// The bill of materials.
    pub lines: Vec<QuoteLine>,
    /// Totals.
    pub totals: QuoteTotals,
}

impl Quote {
    /// The longest lead time of its lines, in days: the quote ships that many calendar days
    /// after it is ordered (0 when every line is from stock).
    pub fn lead_days(&self) -> u32 {
        self.lines.iter().map(|l| l.lead_days).max().unwrap_or(0)
    }

    /// The day an order of it placed on `ordered` ships by: `ordered` plus
    /// [`Quote::lead_days`] calendar days (`None` past the year 9999).
    pub fn ship_date(&self, ordered: crate::catalog::Date) -> Option<crate::catalog::Date> {
        ordered.plus_days(self.lead_days())
    }
}

/// Why a quote cannot be made or read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum QuoteError {
    /// Pricing failed.
    #[error(transparent)]
    Pricing(#[from] PricingError),
    /// A choice sets a quantity the item does not allow.
    #[error("the configuration orders {quantity} of `{item}`, which comes in {sold} units")]
    Quantity {
        /// `group.item`.
        item: String,
        /// The quantity asked for.
        quantity: u32,
        /// The quantities it is sold in, as text ("1 to 4", "1, 2, 4 or 8").
        sold: String,
    },
    /// A choice names an item the catalog does not have.
    #[error("the configuration names `{0}`, which is not an item of this catalog")]
    UnknownItem(String),
    /// Not a quote.
    #[error("not a quote: {0}")]
    Syntax(String),
}

/// The user's choices by keys, resolved against `catalog`.
/// A quantity outside what the item allows is an error here, before anything is multiplied.
pub fn resolve(catalog: &Catalog, choices: &[QuoteChoice]) -> Result<Vec<Choice>, QuoteError> {
    choices
        .iter()
        .map(|c| {
            let key = || format!("{}.{}", c.group, c.item);
            let item = catalog
                .item_by_key(&c.group, &c.item)
                .ok_or_else(|| QuoteError::UnknownItem(key()))?;
            let it = catalog.item(item);
            if let Some(q) = c.quantity.filter(|&q| !it.allows_quantity(q)) {
                return Err(QuoteError::Quantity {
                    item: key(),
                    quantity: q,
                    sold: it.quantities_text(),
                });
            }
            Ok(Choice {
                item,
                quantity: c.quantity,
            })
        })
        .collect()
}

/// Builds the quote for `choices` under `context`.
pub fn build(
    engine: &Engine,
    choices: &[Choice],
    context: &PricingContext,
    meta: QuoteMeta,
) -> Result<Quote, QuoteError> {
    build_from(
        engine.catalog(),
        choices,
        &engine.evaluate(choices),
        context,
        meta,
    )
}

/// [`build`] from an evaluation of `choices` made already (by an engine elsewhere, e.g. in a
/// worker).
pub fn build_from(
    catalog: &Catalog,
    choices: &[Choice],
    evaluation: &crate::Evaluation,
    context: &PricingContext,
    meta: QuoteMeta,
) -> Result<Quote, QuoteError> {
    let priced = price(catalog, evaluation, context)?;
    let cur = &priced.currency;
    let money = |m: Money| m.rounded(cur);
    let key = |i: crate::ItemId| catalog.item_key(i);
    let lines = priced
        .lines
        .iter()
        .map(|l| {
            let it = catalog.item(l.item);
            QuoteLine {
                line: l.number.clone(),
                parent: l.parent.clone(),
                item: key(l.item),
                sku: it.sku.clone(),
                name: it.name.clone(),
                quantity: l.quantity,
                unit_list: money(l.unit_list),
                list: money(l.list),
                discounts: l
                    .discounts
                    .iter()
                    .map(|d| QuoteDiscount {
                        name: d.name.clone(),
                        source: d.source.to_owned(),
                        amount: money(d.amount),
                    })
                    .collect(),
                net: money(l.net),
                recurring: l.recurring,
                lead_days: it.lead_days,
            }
        })
        .collect();
    Ok(Quote {
        format: QUOTE_FORMAT.to_owned(),
        catalog: CatalogRef {
            id: catalog.id.clone(),
            version: catalog.version.clone(),
            hash: catalog.hash.clone(),
        },
        configuration: choices
            .iter()
            .map(|c| {
                let it = catalog.item(c.item);
                QuoteChoice {
                    group: catalog.group(it.group).key.clone(),
                    item: it.key.clone(),
                    quantity: c.quantity,
                }
            })
            .collect(),
        context: PricingContext {
            price_book: Some(priced.book.clone()),
            partner_tier: priced.partner_tier.clone(),
            term_months: Some(priced.term_months),
            deal: context.deal.clone(),
            deal_lines: context.deal_lines.clone(),
        },
        meta,
        status: QuoteStatus::of(&evaluation.status),
        lines,
        totals: QuoteTotals {
            currency: cur.clone(),
            one_time: money(priced.totals.one_time),
            monthly: money(priced.totals.monthly),
            yearly: money(priced.totals.yearly),
            contract_value: money(priced.totals.contract_value),
        },
    })
}
