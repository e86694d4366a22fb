//! Reads quotes with [`crate::json::Reader`]: the fields each object may have, which are
//! required, and their types (the same checks a derived reader makes, in a fraction of the
//! web build's size).

use super::{CatalogRef, Quote, QuoteChoice, QuoteDiscount, QuoteLine, QuoteMeta, QuoteTotals};
use crate::json::{Reader, Result};
use crate::pricing::PricingContext;

/// Reads a quote object.
pub fn quote(r: &mut Reader<'_>) -> Result<Quote> {
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
    let mut q = Quote {
        format: String::new(),
        catalog: CatalogRef {
            id: String::new(),
            version: String::new(),
            hash: String::new(),
        },
        configuration: Vec::new(),
        context: PricingContext::default(),
        meta: QuoteMeta::default(),
        status: String::new(),
        lines: Vec::new(),
        totals: QuoteTotals {
            currency: String::new(),
            one_time: String::new(),
            monthly: String::new(),
            yearly: String::new(),
            contract_value: String::new(),
        },
    };
    r.object("a quote (an object)", F, &mut |r, k| {
        match k {
            0 => q.format = r.owned()?,
            1 => {
                const C: &[&str] = &["id", "version", "hash"];
                let c = &mut q.catalog;
                r.object("a catalog reference", C, &mut |r, k| {
                    *[&mut c.id, &mut c.version, &mut c.hash][k] = r.owned()?;
                    Ok(())
                })?
                .require(C, &[0, 1, 2])?;
            }
            2 => r.array("a list of choices", &mut |r| {
                q.configuration.push(choice(r)?);
                Ok(())
            })?,
            3 => {
                const C: &[&str] = &["price_book", "partner_tier", "term_months"];
                let c = &mut q.context;
                r.object("a pricing context", C, &mut |r, k| {
                    match k {
                        0 => c.price_book = Some(r.owned()?),
                        1 => c.partner_tier = Some(r.owned()?),
                        _ => c.term_months = Some(r.u32()?),
                    }
                    Ok(())
                })?;
            }
            4 => {
                const M: &[&str] = &[
                    "quote_number",
                    "customer",
                    "prepared_by",
                    "valid_until",
                    "notes",
                ];
                let m = &mut q.meta;
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
            }
            5 => q.status = r.owned()?,
            6 => r.array("a list of lines", &mut |r| {
                q.lines.push(line(r)?);
                Ok(())
            })?,
            _ => {
                const T: &[&str] = &[
                    "currency",
                    "one_time",
                    "monthly",
                    "yearly",
                    "contract_value",
                ];
                let t = &mut q.totals;
                r.object("totals", T, &mut |r, k| {
                    *[
                        &mut t.currency,
                        &mut t.one_time,
                        &mut t.monthly,
                        &mut t.yearly,
                        &mut t.contract_value,
                    ][k] = r.owned()?;
                    Ok(())
                })?
                .require(T, &[0, 1, 2, 3, 4])?;
            }
        }
        Ok(())
    })?
    .require(F, &[0, 1, 2, 3, 4, 5, 6, 7])?;
    Ok(q)
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

fn line(r: &mut Reader<'_>) -> Result<QuoteLine> {
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
    ];
    let mut l = QuoteLine {
        line: String::new(),
        parent: None,
        item: String::new(),
        sku: String::new(),
        name: String::new(),
        quantity: 0,
        unit_list: String::new(),
        list: String::new(),
        discounts: Vec::new(),
        net: String::new(),
        recurring: None,
    };
    r.object("a line", F, &mut |r, k| {
        match k {
            1 => l.parent = Some(r.owned()?),
            5 => l.quantity = r.u32()?,
            8 => r.array("a list of discounts", &mut |r| {
                l.discounts.push(discount(r)?);
                Ok(())
            })?,
            10 => l.recurring = Some(r.owned()?),
            _ => {
                let slot = match k {
                    0 => &mut l.line,
                    2 => &mut l.item,
                    3 => &mut l.sku,
                    4 => &mut l.name,
                    6 => &mut l.unit_list,
                    7 => &mut l.list,
                    _ => &mut l.net,
                };
                *slot = r.owned()?;
            }
        }
        Ok(())
    })?
    .require(F, &[0, 2, 3, 4, 5, 6, 7, 8, 9])?;
    Ok(l)
}

fn discount(r: &mut Reader<'_>) -> Result<QuoteDiscount> {
    const F: &[&str] = &["name", "source", "amount"];
    let mut d = QuoteDiscount {
        name: String::new(),
        source: String::new(),
        amount: String::new(),
    };
    r.object("a discount", F, &mut |r, k| {
        *[&mut d.name, &mut d.source, &mut d.amount][k] = r.owned()?;
        Ok(())
    })?
    .require(F, &[0, 1, 2])?;
    Ok(d)
}
