//! The pricing part of a catalog: price books, partner tiers, subscription terms, and each
//! item's prices, family, billing period, volume tiers, percentage price and bundle. Parsed
//! at the boundary into validated types; [`crate::pricing`] computes prices from them.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::diagnostic::Reporter;
use super::locate::JsonPath;
use crate::ids::ItemId;
use crate::json::{self, Reader};
use crate::money::{Currency, Money};

/// The id of the price book every catalog has: its `currency` and each item's `price`.
pub const LIST_BOOK: &str = "list";

pub(crate) struct RawPriceBook {
    id: String,
    name: String,
    currency: String,
}

pub(crate) struct RawTier {
    id: String,
    name: String,
    /// Discount percent per product family.
    discounts: BTreeMap<String, String>,
}

pub(crate) struct RawVolume {
    min: u32,
    percent: String,
}

pub(crate) struct RawPercentOf {
    percent: String,
    families: Vec<String>,
}

impl RawPriceBook {
    pub(super) fn read(r: &mut Reader<'_>) -> json::Result<RawPriceBook> {
        const F: &[&str] = &["id", "name", "currency"];
        let mut b = RawPriceBook {
            id: String::new(),
            name: String::new(),
            currency: String::new(),
        };
        r.object("a price book", F, &mut |r, k| {
            *[&mut b.id, &mut b.name, &mut b.currency][k] = r.owned()?;
            Ok(())
        })?
        .require(F, &[0, 1, 2])?;
        Ok(b)
    }
}

impl RawTier {
    pub(super) fn read(r: &mut Reader<'_>) -> json::Result<RawTier> {
        const F: &[&str] = &["id", "name", "discounts"];
        let mut t = RawTier {
            id: String::new(),
            name: String::new(),
            discounts: BTreeMap::new(),
        };
        r.object("a partner tier", F, &mut |r, k| {
            match k {
                0 => t.id = r.owned()?,
                1 => t.name = r.owned()?,
                _ => t.discounts = r.string_map()?,
            }
            Ok(())
        })?
        .require(F, &[0, 1, 2])?;
        Ok(t)
    }
}

impl RawVolume {
    pub(super) fn read(r: &mut Reader<'_>) -> json::Result<RawVolume> {
        const F: &[&str] = &["min", "percent"];
        let mut v = RawVolume {
            min: 0,
            percent: String::new(),
        };
        r.object("a volume tier", F, &mut |r, k| {
            match k {
                0 => v.min = r.u32()?,
                _ => v.percent = r.owned()?,
            }
            Ok(())
        })?
        .require(F, &[0, 1])?;
        Ok(v)
    }
}

impl RawPercentOf {
    pub(super) fn read(r: &mut Reader<'_>) -> json::Result<RawPercentOf> {
        const F: &[&str] = &["percent", "families"];
        let mut p = RawPercentOf {
            percent: String::new(),
            families: Vec::new(),
        };
        r.object("a percentage price", F, &mut |r, k| {
            match k {
                0 => p.percent = r.owned()?,
                _ => p.families = r.strings()?,
            }
            Ok(())
        })?
        .require(F, &[0, 1])?;
        Ok(p)
    }
}

impl Period {
    pub(crate) fn read(r: &mut Reader<'_>) -> json::Result<Period> {
        Ok([Period::Month, Period::Year][r.variant(&["month", "year"])?])
    }
}

/// The pricing fields of one item as written.
#[derive(Default)]
pub(crate) struct RawItemPricing {
    pub price: Option<String>,
    pub prices: BTreeMap<String, String>,
    pub family: Option<String>,
    pub recurring: Option<Period>,
    pub volume: Vec<RawVolume>,
    pub percent_of: Option<RawPercentOf>,
    pub includes: Vec<String>,
}

impl RawItemPricing {
    /// Whether any price field is written.
    pub(crate) fn priced(&self) -> bool {
        self.price.is_some()
            || !self.prices.is_empty()
            || self.family.is_some()
            || self.recurring.is_some()
            || !self.volume.is_empty()
            || self.percent_of.is_some()
            || !self.includes.is_empty()
    }
}

/// How often a recurring price is charged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// Every month.
    Month,
    /// Every year.
    Year,
}

impl Period {
    /// Months in one period.
    pub fn months(self) -> u32 {
        match self {
            Period::Month => 1,
            Period::Year => 12,
        }
    }

    /// `month` or `year`.
    pub fn name(self) -> &'static str {
        match self {
            Period::Month => "month",
            Period::Year => "year",
        }
    }
}

/// A price book: one currency, one price per item (where the item is sold in it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PriceBook {
    /// Its id (`list` for the catalog's own prices).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Its currency.
    pub currency: Currency,
}

/// A partner tier: a discount percent per product family.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartnerTier {
    /// Its id (`gold`).
    pub id: String,
    /// Display name (`Gold partner`).
    pub name: String,
    /// Discount percent per family.
    pub discounts: BTreeMap<String, Decimal>,
}

/// A volume tier: from `min` units on, `percent` off the list price.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VolumeTier {
    /// The smallest quantity the tier applies to.
    pub min: u32,
    /// Discount percent.
    pub percent: Decimal,
}

/// A price that is a percentage of other lines' list prices (support contracts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PercentOf {
    /// The percentage, per billing period of the item.
    pub percent: Decimal,
    /// The families whose one-time list prices it is taken of.
    pub families: Vec<String>,
}

/// An item's pricing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ItemPricing {
    /// Unit price per price book (by book index; `None`: not sold in that book).
    pub prices: Vec<Option<Money>>,
    /// Product family, for partner discounts and percentage prices.
    pub family: Option<String>,
    /// Billing period of a recurring price; `None` for a one-time price.
    pub recurring: Option<Period>,
    /// Volume tiers, ascending by `min`.
    pub volume: Vec<VolumeTier>,
    /// A price taken as a percentage of other lines instead of a fixed price.
    pub percent_of: Option<PercentOf>,
    /// Items included with this one at no charge (a bundle).
    pub includes: Vec<ItemId>,
}

/// The quote desk's approval levels, lowest first: the roles whose `deal_limits` form a ladder
/// (see `quote::entitlement`).
pub const APPROVAL_ROLES: [&str; 4] = ["rep", "manager", "director", "admin"];

/// The catalog-wide pricing data.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pricing {
    /// Price books; the first is [`LIST_BOOK`].
    pub books: Vec<PriceBook>,
    /// Partner tiers.
    pub tiers: Vec<PartnerTier>,
    /// Subscription terms offered, in months; the first is the default. Never empty.
    pub terms: Vec<u32>,
    /// The deepest deal discount (percent) each role may give without approval (`rep`,
    /// `manager`, ...: role names are the quote desk's); a role not listed may give none.
    pub deal_limits: BTreeMap<String, Decimal>,
    /// `quote_validity_days`: for how many days a new quote is valid (its "valid until" is
    /// that many days after the day it is made); `None` when the catalog says nothing
    /// ([`DEFAULT_VALIDITY_DAYS`] then).
    pub validity_days: Option<u32>,
}

/// For how many days a new quote is valid when its catalog does not say.
pub const DEFAULT_VALIDITY_DAYS: u32 = 30;

/// The longest validity a catalog may give a new quote (ten years).
pub const MAX_VALIDITY_DAYS: u32 = 3650;

impl Pricing {
    /// For how many days a new quote is valid: the catalog's `quote_validity_days`, else
    /// [`DEFAULT_VALIDITY_DAYS`].
    pub fn quote_validity_days(&self) -> u32 {
        self.validity_days.unwrap_or(DEFAULT_VALIDITY_DAYS)
    }

    /// The index of a price book by id.
    pub fn book(&self, id: &str) -> Option<usize> {
        self.books.iter().position(|b| b.id == id)
    }

    /// A partner tier by id.
    pub fn tier(&self, id: &str) -> Option<&PartnerTier> {
        self.tiers.iter().find(|t| t.id == id)
    }
}

/// The most integer digits a catalog price may have (below 10^15): with at most 999 units an
/// item and terms of at most 120 months, every total of a catalog stays exact.
pub const PRICE_DIGITS: u32 = 15;

/// Parses a percentage between 0 and 100, written as a plain decimal (`12.5`: no spaces,
/// exponent, sign or separators).
pub fn parse_percent(text: &str) -> Option<Decimal> {
    let (int, frac) = text.split_once('.').unwrap_or((text, "0"));
    let digits = |s: &str| !s.is_empty() && s.len() <= 10 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || !digits(frac) {
        return None;
    }
    let d = crate::money::plain_decimal(int, frac)?;
    (Decimal::ZERO..=Decimal::ONE_HUNDRED)
        .contains(&d)
        .then_some(d)
}

/// A catalog price: a plain decimal amount in whole minor units, below 10^[`PRICE_DIGITS`].
fn catalog_price(text: &str, currency: &Currency) -> Result<Money, String> {
    let m = Money::parse(text, currency).map_err(|e| e.to_string())?;
    if !m.fits(PRICE_DIGITS) {
        return Err(format!(
            "`{text}` is too large: prices have at most {PRICE_DIGITS} digits before the decimal point"
        ));
    }
    Ok(m)
}

impl Reporter<'_> {
    /// Validates the catalog-wide pricing fields.
    pub(super) fn pricing(
        &mut self,
        root: &JsonPath,
        currency: &Currency,
        books: Vec<RawPriceBook>,
        tiers: Vec<RawTier>,
        terms: Vec<u32>,
        deal_limits: BTreeMap<String, String>,
    ) -> Pricing {
        let mut out = Pricing {
            books: vec![PriceBook {
                id: LIST_BOOK.to_owned(),
                name: "List price".to_owned(),
                currency: currency.clone(),
            }],
            ..Pricing::default()
        };
        for (k, b) in books.into_iter().enumerate() {
            let path = root.key("price_books").index(k);
            self.check_id(&path.key("id"), "price book", &b.id);
            if out.book(&b.id).is_some() {
                self.error(
                    &path.key("id"),
                    format!(
                        "duplicate price book `{}` (`list` is the catalog's own)",
                        b.id
                    ),
                );
            }
            let currency = Currency::from_code(&b.currency).unwrap_or_else(|| {
                self.error(
                    &path.key("currency"),
                    format!("price book `{}`: unknown currency `{}`", b.id, b.currency),
                );
                currency.clone()
            });
            out.books.push(PriceBook {
                id: b.id,
                name: b.name,
                currency,
            });
        }
        for (k, t) in tiers.into_iter().enumerate() {
            let path = root.key("partner_tiers").index(k);
            self.check_id(&path.key("id"), "partner tier", &t.id);
            if out.tier(&t.id).is_some() {
                self.error(
                    &path.key("id"),
                    format!("duplicate partner tier `{}`", t.id),
                );
            }
            let mut discounts = BTreeMap::new();
            for (family, text) in t.discounts {
                match parse_percent(&text) {
                    Some(p) => {
                        discounts.insert(family, p);
                    }
                    None => self.error(
                        &path.key("discounts").key(&family),
                        format!(
                            "partner tier `{}`: discount `{text}` for `{family}` is not a percentage from 0 to 100",
                            t.id
                        ),
                    ),
                }
            }
            out.tiers.push(PartnerTier {
                id: t.id,
                name: t.name,
                discounts,
            });
        }
        for (k, &m) in terms.iter().enumerate() {
            if m == 0 || m > 120 {
                self.error(
                    &root.key("terms").index(k),
                    format!("term of {m} months: terms are 1 to 120 months"),
                );
            } else if terms[..k].contains(&m) {
                self.error(
                    &root.key("terms").index(k),
                    format!("term of {m} months is listed twice"),
                );
            }
        }
        out.terms = if terms.is_empty() { vec![12] } else { terms };
        for (role, text) in deal_limits {
            let path = root.key("deal_limits").key(&role);
            self.check_id(&path, "role", &role);
            match parse_percent(&text) {
                Some(p) => {
                    out.deal_limits.insert(role, p);
                }
                None => self.error(
                    &path,
                    format!(
                        "deal limit `{text}` of role `{role}` is not a percentage from 0 to 100"
                    ),
                ),
            }
        }
        self.ladder(root, &out.deal_limits);
        out
    }

    /// The approval levels' limits never fall going up the ladder (rep, manager, director,
    /// admin): a higher level approves what a lower one may give.
    fn ladder(&mut self, root: &JsonPath, limits: &BTreeMap<String, Decimal>) {
        let mut below: Option<(&str, Decimal)> = None;
        for role in APPROVAL_ROLES {
            let Some(&limit) = limits.get(role) else {
                continue;
            };
            if let Some((lower, l)) = below.filter(|&(_, l)| limit < l) {
                self.error(
                    &root.key("deal_limits").key(role),
                    format!(
                        "the {role} limit of {}% is below the {lower} limit of {}%: a higher \
                         level must be able to approve what a lower one gives",
                        limit.normalize(),
                        l.normalize()
                    ),
                );
            }
            below = Some((role, limit));
        }
    }

    /// Validates one item's pricing fields (item references in `includes` are resolved by
    /// `resolve`). Returns the pricing and the item's list price (zero for a percentage price).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn item_pricing(
        &mut self,
        path: &JsonPath,
        key: &str,
        own: ItemId,
        raw: RawItemPricing,
        pricing: &Pricing,
        resolve: &crate::fx::FxMap<(String, String), ItemId>,
    ) -> (ItemPricing, Money) {
        let mut out = ItemPricing {
            prices: vec![None; pricing.books.len()],
            family: raw.family,
            recurring: raw.recurring,
            ..ItemPricing::default()
        };
        if let Some(p) = raw.percent_of {
            match parse_percent(&p.percent) {
                Some(percent) => {
                    out.percent_of = Some(PercentOf {
                        percent,
                        families: p.families,
                    })
                }
                None => self.error(
                    &path.key("percent_of").key("percent"),
                    format!(
                        "item `{key}`: `{}` is not a percentage from 0 to 100",
                        p.percent
                    ),
                ),
            }
            if raw.price.is_some() || !raw.prices.is_empty() {
                self.error(
                    &path.key("percent_of"),
                    format!(
                        "item `{key}` is priced as a percentage: it takes no `price` or `prices`"
                    ),
                );
            }
        }
        let list = match (&raw.price, &out.percent_of) {
            (Some(text), _) => match catalog_price(text, &pricing.books[0].currency) {
                Ok(m) => m,
                Err(e) => {
                    self.error(&path.key("price"), format!("price of item `{key}`: {e}"));
                    Money::ZERO
                }
            },
            (None, Some(_)) => Money::ZERO,
            (None, None) => {
                self.error(
                    path,
                    format!("item `{key}` needs a `price` (or a `percent_of` price)"),
                );
                Money::ZERO
            }
        };
        if raw.price.is_some() {
            out.prices[0] = Some(list);
        }
        for (book, text) in &raw.prices {
            let Some(b) = pricing.book(book).filter(|&b| b > 0) else {
                self.error(
                    &path.key("prices").key(book),
                    format!("item `{key}`: no price book `{book}` (the catalog's `price_books` define them)"),
                );
                continue;
            };
            match catalog_price(text, &pricing.books[b].currency) {
                Ok(m) => out.prices[b] = Some(m),
                Err(e) => self.error(
                    &path.key("prices").key(book),
                    format!("price of item `{key}` in `{book}`: {e}"),
                ),
            }
        }
        let mut last = 0;
        for (k, v) in raw.volume.into_iter().enumerate() {
            let vpath = path.key("volume").index(k);
            if v.min < 2 || v.min <= last {
                self.error(
                    &vpath.key("min"),
                    format!("item `{key}`: volume tiers start at 2 units or more, ascending"),
                );
            }
            last = v.min;
            match parse_percent(&v.percent) {
                Some(percent) => out.volume.push(VolumeTier {
                    min: v.min,
                    percent,
                }),
                None => self.error(
                    &vpath.key("percent"),
                    format!(
                        "item `{key}`: `{}` is not a percentage from 0 to 100",
                        v.percent
                    ),
                ),
            }
        }
        for (k, r) in raw.includes.iter().enumerate() {
            let found = r
                .split_once('.')
                .and_then(|(g, i)| resolve.get(&(g.to_owned(), i.to_owned())));
            match found {
                Some(&id) if id == own => self.error(
                    &path.key("includes").index(k),
                    format!("item `{key}` includes itself"),
                ),
                Some(&id) => out.includes.push(id),
                None => self.error(
                    &path.key("includes").index(k),
                    format!(
                        "item `{key}` includes `{r}`, which is not an item (write `group.item`)"
                    ),
                ),
            }
        }
        (out, list)
    }
}
