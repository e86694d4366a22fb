//! Reads quotes with [`crate::json::Reader`]: the fields each object may have, which are
//! required, and their types (the same checks a derived reader makes, in a fraction of the
//! web build's size).

//! Amounts are read before the currency (the totals come last): each is checked as a
//! decimal when read, and against the currency's minor unit once the quote is read, so an
//! amount with more decimals than its currency has is refused at its place.

use super::{
    CatalogRef, Quote, QuoteChoice, QuoteDiscount, QuoteError, QuoteLine, QuoteMeta, QuoteStatus,
    QuoteTotals, QUOTE_FORMAT, QUOTE_FORMAT_1,
};
use crate::catalog::Period;
use crate::json::{self, Reader, Result};
use crate::money::{Currency, Money};
use crate::pricing::PricingContext;

impl Quote {
    /// Reads a quote written by [`Quote::to_json`] (or by hand), checking its format tag.
    pub fn from_json(text: &str) -> std::result::Result<Quote, QuoteError> {
        let mut r = Reader::new(text);
        let q = quote(&mut r)
            .and_then(|q| r.finish().map(|()| q))
            .map_err(|e| {
                let at = crate::catalog::locate::Position::of_offset(text, e.offset);
                QuoteError::Syntax(format!("{e} at line {} column {}", at.line, at.column))
            })?;
        if q.format != QUOTE_FORMAT && q.format != QUOTE_FORMAT_1 {
            return Err(QuoteError::Syntax(format!(
                "format `{}`, expected `{QUOTE_FORMAT}` (or `{QUOTE_FORMAT_1}`)",
                json::shown(&q.format)
            )));
        }
        Ok(q)
    }
}

/// The widest minor unit of any currency: amounts are read with it, then checked against the
/// quote's own currency.
fn any_currency() -> Currency {
    Currency::from_code("BHD").expect("BHD is a known currency")
}

/// Reads an amount (a decimal string), remembering where it was for the currency check.
fn amount(r: &mut Reader<'_>, seen: &mut Vec<(usize, Money)>) -> Result<Money> {
    let (text, at) = r.string_at()?;
    match Money::parse(&text, &any_currency()) {
        Ok(m) => {
            seen.push((at, m));
            Ok(m)
        }
        Err(e) => r.error(at, e.to_string()),
    }
}

/// A quote object's fields, in the order they are written.
const F: &[&str] = &[
    "format",
    "catalog",
    "configuration",
    "context",
    "meta",
    "status",
    "lines",
    "totals",
];

/// Reads a quote object.
pub fn quote(r: &mut Reader<'_>) -> Result<Quote> {
    let mut q = Quote {
        format: String::new(),
        catalog: CatalogRef::default(),
        configuration: Vec::new(),
        context: PricingContext::default(),
        meta: QuoteMeta::default(),
        status: QuoteStatus::Conflict,
        lines: Vec::new(),
        totals: QuoteTotals {
            currency: any_currency(),
            one_time: Money::ZERO,
            monthly: Money::ZERO,
            yearly: Money::ZERO,
            contract_value: Money::ZERO,
        },
    };
    let mut amounts: Vec<(usize, Money)> = Vec::new();
    r.object("a quote (an object)", F, &mut |r, k| {
        match k {
            0 => q.format = r.owned()?,
            1 => q.catalog = catalog_ref(r)?,
            2 => r.array("a list of choices", &mut |r| {
                q.configuration.push(choice(r)?);
                Ok(())
            })?,
            3 => q.context = PricingContext::read(r, true)?,
            4 => q.meta = meta(r)?,
            5 => {
                const S: &[&str] = &["complete", "incomplete", "conflict"];
                let k = r.variant(S)?;
                q.status = QuoteStatus::from_name(S[k]).unwrap_or(QuoteStatus::Conflict);
            }
            6 => r.array("a list of lines", &mut |r| {
                q.lines.push(line(r, &mut amounts)?);
                Ok(())
            })?,
            _ => totals(r, &mut q.totals, &mut amounts)?,
        }
        Ok(())
    })?
    .require(F, &[0, 1, 2, 3, 4, 5, 6, 7])?;
    let cur = &q.totals.currency;
    for (at, m) in amounts {
        if m.amount().scale() > cur.minor_units() {
            return r.error(
                at,
                format!(
                    "`{}` has more than {} decimal(s), the minor unit of {}",
                    m.amount(),
                    cur.minor_units(),
                    cur.code()
                ),
            );
        }
    }
    Ok(q)
}

/// What a configurator needs to reopen a quote: its catalog, configuration, pricing context
/// and details (the priced lines and totals are recomputed, not read).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reopened {
    /// The catalog it was made with.
    pub catalog: CatalogRef,
    /// The user's choices.
    pub configuration: Vec<QuoteChoice>,
    /// The pricing context.
    pub context: PricingContext,
    /// The details.
    pub meta: QuoteMeta,
}

/// Reads a quote object's catalog, configuration, context and details, skipping its priced
/// part (a smaller reader than [`quote`] for a web build that only reopens quotes).
pub fn reopen(r: &mut Reader<'_>) -> Result<Reopened> {
    let mut q = Reopened {
        catalog: CatalogRef::default(),
        configuration: Vec::new(),
        context: PricingContext::default(),
        meta: QuoteMeta::default(),
    };
    r.object("a quote (an object)", F, &mut |r, k| {
        match k {
            1 => q.catalog = catalog_ref(r)?,
            2 => r.array("a list of choices", &mut |r| {
                q.configuration.push(choice(r)?);
                Ok(())
            })?,
            3 => q.context = PricingContext::read(r, true)?,
            4 => q.meta = meta(r)?,
            _ => r.skip()?,
        }
        Ok(())
    })?
    .require(F, &[1, 2, 3, 4])?;
    Ok(q)
}

fn catalog_ref(r: &mut Reader<'_>) -> Result<CatalogRef> {
    const C: &[&str] = &["id", "version", "hash"];
    let mut c = CatalogRef::default();
    r.object("a catalog reference", C, &mut |r, k| {
        *[&mut c.id, &mut c.version, &mut c.hash][k] = r.owned()?;
        Ok(())
    })?
    .require(C, &[0, 1, 2])?;
    Ok(c)
}

fn meta(r: &mut Reader<'_>) -> Result<QuoteMeta> {
    const M: &[&str] = &[
        "quote_number",
        "customer",
        "prepared_by",
        "valid_until",
        "notes",
    ];
    let mut m = QuoteMeta::default();
    r.object("quote metadata", M, &mut |r, k| {
        match k {
            0 => m.quote_number = r.owned()?,
            1 => m.customer = r.owned()?,
            2 => m.prepared_by = r.owned()?,
            3 => m.valid_until = Some(r.owned()?),
            _ => m.notes = r.owned()?,
        }
        Ok(())
    })?;
    Ok(m)
}

fn totals(r: &mut Reader<'_>, t: &mut QuoteTotals, seen: &mut Vec<(usize, Money)>) -> Result<()> {
    const T: &[&str] = &[
        "currency",
        "one_time",
        "monthly",
        "yearly",
        "contract_value",
    ];
    r.object("totals", T, &mut |r, k| {
        match k {
            0 => {
                let (code, at) = r.string_at()?;
                t.currency = match Currency::from_code(&code) {
                    Some(c) => c,
                    None => return r.error(at, format!("unknown currency `{code}`")),
                };
            }
            1 => t.one_time = amount(r, seen)?,
            2 => t.monthly = amount(r, seen)?,
            3 => t.yearly = amount(r, seen)?,
            _ => t.contract_value = amount(r, seen)?,
        }
        Ok(())
    })?
    .require(T, &[0, 1, 2, 3, 4])?;
    Ok(())
}

fn choice(r: &mut Reader<'_>) -> Result<QuoteChoice> {
    const F: &[&str] = &["group", "item", "quantity"];
    let mut c = QuoteChoice {
        group: String::new(),
        item: String::new(),
        quantity: None,
    };
    r.object("a choice", F, &mut |r, k| {
        match k {
            0 => c.group = r.owned()?,
            1 => c.item = r.owned()?,
            _ => c.quantity = Some(r.u32()?),
        }
        Ok(())
    })?
    .require(F, &[0, 1])?;
    Ok(c)
}

fn line(r: &mut Reader<'_>, amounts: &mut Vec<(usize, Money)>) -> Result<QuoteLine> {
    const F: &[&str] = &[
        "line",
        "parent",
        "item",
        "sku",
        "name",
        "quantity",
        "unit_list",
        "list",
        "discounts",
        "net",
        "recurring",
        "lead_days",
    ];
    let mut l = QuoteLine {
        line: String::new(),
        parent: None,
        item: String::new(),
        sku: String::new(),
        name: String::new(),
        quantity: 0,
        unit_list: Money::ZERO,
        list: Money::ZERO,
        discounts: Vec::new(),
        net: Money::ZERO,
        recurring: None,
        lead_days: 0,
    };
    r.object("a line", F, &mut |r, k| {
        match k {
            1 => l.parent = Some(r.owned()?),
            5 => l.quantity = r.u32()?,
            6 => l.unit_list = amount(r, amounts)?,
            7 => l.list = amount(r, amounts)?,
            8 => r.array("a list of discounts", &mut |r| {
                l.discounts.push(discount(r, amounts)?);
                Ok(())
            })?,
            9 => l.net = amount(r, amounts)?,
            10 => l.recurring = Some(Period::read(r)?),
            11 => l.lead_days = r.u32()?,
            _ => {
                let slot = match k {
                    0 => &mut l.line,
                    2 => &mut l.item,
                    3 => &mut l.sku,
                    _ => &mut l.name,
                };
                *slot = r.owned()?;
            }
        }
        Ok(())
    })?
    .require(F, &[0, 2, 3, 4, 5, 6, 7, 8, 9])?;
    Ok(l)
}

fn discount(r: &mut Reader<'_>, amounts: &mut Vec<(usize, Money)>) -> Result<QuoteDiscount> {
    const F: &[&str] = &["name", "source", "amount"];
    let mut d = QuoteDiscount {
        name: String::new(),
        source: String::new(),
        amount: Money::ZERO,
    };
    r.object("a discount", F, &mut |r, k| {
        match k {
            0 => d.name = r.owned()?,
            1 => d.source = r.owned()?,
            _ => d.amount = amount(r, amounts)?,
        }
        Ok(())
    })?
    .require(F, &[0, 1, 2])?;
    Ok(d)
}
