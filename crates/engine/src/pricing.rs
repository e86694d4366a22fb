//! Prices a configuration: one line per item that is in it, each with a waterfall from list to
//! net, and totals split into one-time, recurring per period and total contract value.
//!
//! **Rounding rule** (written down, tested): amounts are exact decimals. A computed unit price
//! (a percentage price) and every discount amount are rounded to the price book currency's
//! minor unit, half away from zero, when computed; list = unit × quantity and net = list − the
//! discounts are then exact, and every total is the exact sum of its lines' nets. The only
//! other rounding is the contract value of yearly lines over a term that is not a whole
//! number of years (yearly × months / 12, rounded the same way).
//!
//! Discounts, in order, each taken of what is left after the ones before:
//! 1. bundle: an item included with another item in the configuration costs nothing;
//! 2. volume: the item's highest volume tier its quantity reaches;
//! 3. partner: the pricing context's partner tier discount for the item's family;
//! 4. deal: the pricing context's deal discount for the line (`deal_lines`), else for the
//!    whole quote (`deal`): what a rep negotiates, within limits a quote desk enforces.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::answer::Evaluation;
use crate::catalog::{Catalog, Period, LIST_BOOK};
use crate::ids::ItemId;
use crate::money::{Currency, Money};

/// Who is buying and how: which price book, which partner tier, which subscription term.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PricingContext {
    /// Price book id (`list` when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_book: Option<String>,
    /// Partner tier id, if the buyer is a partner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_tier: Option<String>,
    /// Subscription term in months (the catalog's first term when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term_months: Option<u32>,
    /// A deal discount for the whole quote: a percentage (decimal text) taken off every line
    /// after the partner discount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deal: Option<String>,
    /// Deal discounts per line (`group.item` → percentage), in place of `deal` on those lines.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub deal_lines: BTreeMap<String, String>,
}

impl PricingContext {
    /// Reads a pricing context (`{"price_book", "partner_tier", "term_months"}`, each
    /// optional, and with `deals` also `"deal"` and `"deal_lines"`; nothing else) from JSON:
    /// the one reader of quotes (with deals) and of the embed's messages (without: a partner
    /// page sets no deal discount).
    pub fn read(
        r: &mut crate::json::Reader<'_>,
        deals: bool,
    ) -> crate::json::Result<PricingContext> {
        const C: &[&str] = &[
            "price_book",
            "partner_tier",
            "term_months",
            "deal",
            "deal_lines",
        ];
        let fields = if deals { C } else { &C[..3] };
        let mut c = PricingContext::default();
        r.object("a pricing context", fields, &mut |r, k| {
            match k {
                0 => c.price_book = Some(r.owned()?),
                1 => c.partner_tier = Some(r.owned()?),
                2 => c.term_months = Some(r.u32()?),
                3 => c.deal = Some(r.owned()?),
                _ => c.deal_lines = r.string_map()?,
            }
            Ok(())
        })?;
        Ok(c)
    }

    /// The deepest deal discount this context gives any line (zero without one): what a quote
    /// desk compares with a role's limit ([`crate::catalog::Pricing::deal_limits`]). Only
    /// meaningful once [`PricingContext::check`] accepts the context.
    pub fn deepest_deal(&self) -> Decimal {
        self.deal
            .iter()
            .chain(self.deal_lines.values())
            .filter_map(|p| crate::catalog::parse_percent(p))
            .max()
            .unwrap_or_default()
    }

    /// Whether `catalog` defines the book, the tier and the term this context names (the
    /// check [`price`] makes first).
    pub fn check(&self, catalog: &Catalog) -> Result<(), PricingError> {
        Resolved::new(catalog, self).map(|_| ())
    }
}

/// Why a configuration cannot be priced.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PricingError {
    /// The context names a price book the catalog does not have (its id as errors show outside
    /// text, [`crate::json::shown`]).
    #[error("no price book `{0}` in this catalog (it has: {1})")]
    UnknownBook(String, String),
    /// The context names a partner tier the catalog does not have (its id as errors show
    /// outside text).
    #[error("no partner tier `{0}` in this catalog (it has: {1})")]
    UnknownTier(String, String),
    /// A deal discount that is not a percentage from 0 to 100 (where: `deal` or
    /// `deal_lines.group.item`, and the text, as errors show outside text).
    #[error("{0}: the deal discount `{1}` is not a percentage from 0 to 100")]
    BadDeal(String, String),
    /// A line deal discount for an item the catalog does not have.
    #[error("deal_lines: `{0}` is not an item of this catalog")]
    DealItem(String),
    /// The context asks for a term the catalog does not offer.
    #[error("a term of {0} months is not offered (terms: {1})")]
    UnknownTerm(u32, String),
    /// An item in the configuration has no price in the chosen book.
    #[error("item `{item}` has no price in price book `{book}`")]
    MissingPrice {
        /// `group.item`.
        item: String,
        /// The book's id.
        book: String,
    },
    /// A quantity the item does not allow (the configuration is in conflict).
    #[error("{quantity} units of `{item}` cannot be ordered")]
    Quantity {
        /// `group.item`.
        item: String,
        /// The quantity.
        quantity: u32,
    },
}

/// One discount of a line's waterfall.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Discount {
    /// What it is, for people: "Volume 10+ units (8%)".
    pub name: String,
    /// Where it comes from: `bundle`, `volume`, `partner` or `deal`.
    pub source: &'static str,
    /// The amount taken off (rounded per the rule above).
    pub amount: Money,
}

/// One priced line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// Line number: "1" for the major line, "1.1", "1.2" for its minor lines.
    pub number: String,
    /// The major line's number for a minor line.
    pub parent: Option<String>,
    /// The item.
    pub item: ItemId,
    /// Units.
    pub quantity: u32,
    /// Price of one unit in the book (per period for a recurring line).
    pub unit_list: Money,
    /// `unit_list × quantity`.
    pub list: Money,
    /// The waterfall from list to net.
    pub discounts: Vec<Discount>,
    /// `list − Σ discounts`.
    pub net: Money,
    /// Billing period for a recurring line; `None` for one-time.
    pub recurring: Option<Period>,
}

/// Totals of a priced configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Totals {
    /// Σ net of one-time lines.
    pub one_time: Money,
    /// Σ net of monthly lines (per month).
    pub monthly: Money,
    /// Σ net of yearly lines (per year).
    pub yearly: Money,
    /// One-time plus every recurring charge over the term.
    pub contract_value: Money,
}

/// A priced configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Priced {
    /// The price book's id.
    pub book: String,
    /// Its currency.
    pub currency: Currency,
    /// The partner tier applied, if any.
    pub partner_tier: Option<String>,
    /// The subscription term, in months.
    pub term_months: u32,
    /// Lines: the major line first, then its minor lines, in catalog order.
    pub lines: Vec<Line>,
    /// Totals.
    pub totals: Totals,
}

/// Prices the items that are in `evaluation` (with its quantities) under `context`.
pub fn price(
    catalog: &Catalog,
    evaluation: &Evaluation,
    context: &PricingContext,
) -> Result<Priced, PricingError> {
    let cx = Resolved::new(catalog, context)?;
    let items: Vec<ItemId> = catalog
        .items()
        .iter()
        .map(|it| it.id)
        .filter(|&i| evaluation.item(i).is_in() && !catalog.is_answer(i))
        .collect();
    let unit = unit_prices(catalog, evaluation, &items, &cx)?;
    // The major line: the first item of the first group that is ordered (asks no question),
    // when it is in.
    let major = catalog
        .groups()
        .iter()
        .find(|g| g.question.is_none())
        .and_then(|g| g.items.iter().copied().find(|i| items.contains(i)));
    let mut order: Vec<usize> = (0..items.len()).collect();
    if let Some(m) = major {
        crate::sort::by_key(&mut order, |&k| u64::from(items[k] != m));
    }
    // Only quantities the items allow are priced (catalog prices below 10^15 and at most 999
    // units keep every amount exact).
    for &i in &items {
        let (quantity, range) = (evaluation.quantity(i), &catalog.item(i).quantity);
        if !range.contains(&quantity) {
            return Err(PricingError::Quantity {
                item: catalog.item_key(i),
                quantity,
            });
        }
    }
    let mut lines = Vec::with_capacity(items.len());
    let mut minor = 0;
    for (pos, &k) in order.iter().enumerate() {
        let i = items[k];
        let quantity = evaluation.quantity(i);
        let unit_list = unit[k];
        let list = unit_list.times(quantity);
        let (discounts, net) = waterfall(catalog, &items, i, quantity, list, &cx);
        let (number, parent) = match major {
            Some(_) if pos > 0 => {
                minor += 1;
                (format!("1.{minor}"), Some("1".to_owned()))
            }
            Some(_) => ("1".to_owned(), None),
            None => ((pos + 1).to_string(), None),
        };
        lines.push(Line {
            number,
            parent,
            item: i,
            quantity,
            unit_list,
            list,
            discounts,
            net,
            recurring: catalog.item(i).pricing.recurring,
        });
    }
    let totals = totals(&lines, cx.term, &cx.currency);
    Ok(Priced {
        book: cx.book_id.to_owned(),
        currency: cx.currency,
        partner_tier: context.partner_tier.clone(),
        term_months: cx.term,
        lines,
        totals,
    })
}

/// A pricing context checked against the catalog: the book, the tier and the term it names.
struct Resolved<'c> {
    book_id: &'c str,
    book: usize,
    currency: Currency,
    tier: Option<&'c crate::catalog::PartnerTier>,
    term: u32,
    deal: Decimal,
    deal_lines: Vec<(ItemId, Decimal)>,
}

impl<'c> Resolved<'c> {
    fn new(
        catalog: &'c Catalog,
        context: &'c PricingContext,
    ) -> Result<Resolved<'c>, PricingError> {
        let pricing = &catalog.pricing;
        let book_id = context.price_book.as_deref().unwrap_or(LIST_BOOK);
        let book = pricing.book(book_id).ok_or_else(|| {
            let ids: Vec<&str> = pricing.books.iter().map(|b| b.id.as_str()).collect();
            PricingError::UnknownBook(crate::json::shown(book_id), ids.join(", "))
        })?;
        let currency = pricing.books[book].currency.clone();
        let tier = match &context.partner_tier {
            None => None,
            Some(t) => Some(pricing.tier(t).ok_or_else(|| {
                let ids: Vec<&str> = pricing.tiers.iter().map(|t| t.id.as_str()).collect();
                PricingError::UnknownTier(crate::json::shown(t), ids.join(", "))
            })?),
        };
        let term = context.term_months.unwrap_or(pricing.terms[0]);
        if !pricing.terms.contains(&term) {
            let offered: Vec<String> = pricing.terms.iter().map(u32::to_string).collect();
            return Err(PricingError::UnknownTerm(term, offered.join(", ")));
        }
        let percent = |place: &str, text: &str| {
            crate::catalog::parse_percent(text)
                .ok_or_else(|| PricingError::BadDeal(place.to_owned(), crate::json::shown(text)))
        };
        let deal = match &context.deal {
            Some(d) => percent("deal", d)?,
            None => Decimal::ZERO,
        };
        let mut deal_lines = Vec::with_capacity(context.deal_lines.len());
        for (key, text) in &context.deal_lines {
            let item = key
                .split_once('.')
                .and_then(|(g, i)| catalog.item_by_key(g, i))
                .ok_or_else(|| PricingError::DealItem(crate::json::shown(key)))?;
            deal_lines.push((item, percent(&format!("deal_lines.{key}"), text)?));
        }
        Ok(Resolved {
            book_id,
            book,
            currency,
            tier,
            term,
            deal,
            deal_lines,
        })
    }

    fn round(&self, m: Money) -> Money {
        m.rounded(&self.currency)
    }
}

/// Each item's unit list price in the book: fixed ones first, then percentages of those.
fn unit_prices(
    catalog: &Catalog,
    evaluation: &Evaluation,
    items: &[ItemId],
    cx: &Resolved<'_>,
) -> Result<Vec<Money>, PricingError> {
    let mut unit: Vec<Option<Money>> = vec![None; items.len()];
    for (k, &i) in items.iter().enumerate() {
        let it = catalog.item(i);
        if it.pricing.percent_of.is_none() {
            unit[k] =
                Some(
                    it.pricing.prices[cx.book].ok_or_else(|| PricingError::MissingPrice {
                        item: catalog.item_key(i),
                        book: cx.book_id.to_owned(),
                    })?,
                );
        }
    }
    // Percentages are of fixed prices only, so no percentage price depends on another (nor
    // on the order of the items).
    let fixed = unit.clone();
    for (k, &i) in items.iter().enumerate() {
        if let Some(p) = &catalog.item(i).pricing.percent_of {
            let base: Money = items
                .iter()
                .zip(&fixed)
                .filter(|(&j, u)| {
                    let pj = &catalog.item(j).pricing;
                    u.is_some()
                        && pj.recurring.is_none()
                        && pj.family.as_ref().is_some_and(|f| p.families.contains(f))
                })
                .map(|(&j, u)| u.unwrap_or_default().times(evaluation.quantity(j)))
                .sum();
            unit[k] = Some(cx.round(base.percent(p.percent)));
        }
    }
    Ok(unit.into_iter().map(Option::unwrap_or_default).collect())
}

/// A line's discounts and net: bundle, then volume, then partner, then deal, each rounded.
fn waterfall(
    catalog: &Catalog,
    items: &[ItemId],
    i: ItemId,
    quantity: u32,
    list: Money,
    cx: &Resolved<'_>,
) -> (Vec<Discount>, Money) {
    let it = catalog.item(i);
    let mut discounts = Vec::new();
    let mut left = list;
    let included_by = items
        .iter()
        .copied()
        .find(|&b| b != i && catalog.item(b).pricing.includes.contains(&i));
    if let Some(b) = included_by {
        discounts.push(Discount {
            name: format!("Included with {}", catalog.item(b).name),
            source: "bundle",
            amount: left,
        });
        left = Money::ZERO;
    }
    if left != Money::ZERO {
        if let Some(v) = it.pricing.volume.iter().rev().find(|v| quantity >= v.min) {
            let amount = cx.round(left.percent(v.percent));
            discounts.push(Discount {
                name: format!("Volume {}+ units ({}%)", v.min, v.percent.normalize()),
                source: "volume",
                amount,
            });
            left = left - amount;
        }
    }
    if let (Some(t), Some(f)) = (cx.tier, &it.pricing.family) {
        if let Some(&p) = t.discounts.get(f).filter(|p| !p.is_zero()) {
            if left != Money::ZERO {
                let amount = cx.round(left.percent(p));
                discounts.push(Discount {
                    name: format!("{} ({}, {}%)", t.name, f, p.normalize()),
                    source: "partner",
                    amount,
                });
                left = left - amount;
            }
        }
    }
    let deal = cx
        .deal_lines
        .iter()
        .find(|(item, _)| *item == i)
        .map_or(cx.deal, |&(_, p)| p);
    if !deal.is_zero() && left != Money::ZERO {
        let amount = cx.round(left.percent(deal));
        discounts.push(Discount {
            name: format!("Deal discount ({}%)", deal.normalize()),
            source: "deal",
            amount,
        });
        left = left - amount;
    }
    debug_assert_eq!(left, list - discounts.iter().map(|d| d.amount).sum());
    (discounts, left)
}

/// One-time, monthly and yearly sums of line nets, and the contract value over `term` months.
fn totals(lines: &[Line], term: u32, currency: &Currency) -> Totals {
    let sum = |period: Option<Period>| -> Money {
        lines
            .iter()
            .filter(|l| l.recurring == period)
            .map(|l| l.net)
            .sum()
    };
    let (one_time, monthly, yearly) =
        (sum(None), sum(Some(Period::Month)), sum(Some(Period::Year)));
    let contract_value = one_time + monthly.times(term) + yearly.times_ratio(term, 12, currency);
    Totals {
        one_time,
        monthly,
        yearly,
        contract_value,
    }
}
