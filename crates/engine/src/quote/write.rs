//! Quotes as text: canonical JSON (amounts as strings with the currency's decimals) and CSV.

use serde::Serialize;

use super::{CatalogRef, Quote, QuoteChoice, QuoteMeta};
use crate::catalog::Period;
use crate::money::Money;
use crate::pricing::PricingContext;

impl Quote {
    /// Canonical JSON: fields in a fixed order, amounts as strings with the currency's
    /// decimals, two-space indentation.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a quote always serialises")
    }

    /// The bill of materials as CSV (RFC 4180: CRLF line ends, fields quoted where needed).
    /// Text cells that a spreadsheet would read as a formula (starting with `=`, `+`, `-`,
    /// `@`, tab or carriage return) are prefixed with `'`.
    pub fn to_csv(&self) -> String {
        let mut out = String::new();
        let mut row = |cells: &[String]| {
            let line: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
            out.push_str(&line.join(","));
            out.push_str("\r\n");
        };
        row(&[
            "Line",
            "Parent",
            "SKU",
            "Name",
            "Quantity",
            "Unit list",
            "List",
            "Discounts",
            "Net",
            "Billing",
            "Currency",
        ]
        .map(str::to_owned));
        let cur = &self.totals.currency;
        let money = |m: Money| m.to_plain_string(cur);
        for l in &self.lines {
            let discounts: Vec<String> = l
                .discounts
                .iter()
                .map(|d| format!("{}: {}", d.name, money(d.amount)))
                .collect();
            row(&[
                l.line.clone(),
                l.parent.clone().unwrap_or_default(),
                text_cell(&l.sku),
                text_cell(&l.name),
                l.quantity.to_string(),
                money(l.unit_list),
                money(l.list),
                text_cell(&discounts.join("; ")),
                money(l.net),
                l.recurring.map_or("one-time", Period::name).to_owned(),
                cur.code().to_owned(),
            ]);
        }
        out
    }
}

/// Neutralises a text cell a spreadsheet would take for a formula: a cell that starts with a
/// formula sign (ASCII or fullwidth), a space or a line break after any leading whitespace,
/// gets a leading `'`; the characters a viewer acts on ([`crate::json::acts`]: controls,
/// bidirectional overrides, which can hide what a cell says) become U+FFFD.
fn text_cell(s: &str) -> String {
    let visible: String = s
        .chars()
        .map(|c| if crate::json::acts(c) { '\u{fffd}' } else { c })
        .collect();
    let formula = |c: char| {
        matches!(
            c,
            '=' | '+' | '-' | '@' | '\u{ff1d}' | '\u{ff0b}' | '\u{ff0d}' | '\u{ff20}'
        )
    };
    let first = visible.chars().next();
    let first_visible = visible.trim_start().chars().next();
    let risky = first.is_some_and(|c| c.is_whitespace()) || first_visible.is_some_and(formula);
    if risky {
        format!("'{visible}")
    } else {
        visible
    }
}

/// One CSV row (RFC 4180, CRLF-terminated) of text cells, each neutralised as the bill of
/// materials' text cells are ([`text_cell`]): what other exports of quotes (a quote desk's
/// lists) write with.
pub fn csv_row(cells: &[&str]) -> String {
    let line: Vec<String> = cells.iter().map(|c| csv_cell(&text_cell(c))).collect();
    line.join(",") + "\r\n"
}

/// Quotes a CSV field when it holds a comma, a quote or a line break (RFC 4180).
fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// A quote serialises as it is written: amounts with the currency's decimals, names as text.
impl Serialize for Quote {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Written::of(self).serialize(serializer)
    }
}

/// A quote as written: the same fields in the same order, amounts and names as text.
#[derive(Serialize)]
struct Written<'q> {
    format: &'q str,
    catalog: &'q CatalogRef,
    configuration: &'q [QuoteChoice],
    context: &'q PricingContext,
    meta: &'q QuoteMeta,
    status: &'static str,
    lines: Vec<WrittenLine<'q>>,
    totals: WrittenTotals<'q>,
}

#[derive(Serialize)]
struct WrittenLine<'q> {
    line: &'q str,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent: Option<&'q str>,
    item: &'q str,
    sku: &'q str,
    name: &'q str,
    quantity: u32,
    unit_list: String,
    list: String,
    discounts: Vec<WrittenDiscount<'q>>,
    net: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    recurring: Option<&'static str>,
    #[serde(skip_serializing_if = "is_zero")]
    lead_days: u32,
}

/// Whether a line's lead time is 0 (from stock: not written, so quotes of catalogs without
/// lead times read and write as before).
fn is_zero(days: &u32) -> bool {
    *days == 0
}

#[derive(Serialize)]
struct WrittenDiscount<'q> {
    name: &'q str,
    source: &'q str,
    amount: String,
}

#[derive(Serialize)]
struct WrittenTotals<'q> {
    currency: &'q str,
    one_time: String,
    monthly: String,
    yearly: String,
    contract_value: String,
}

impl<'q> Written<'q> {
    fn of(q: &'q Quote) -> Written<'q> {
        let cur = &q.totals.currency;
        let money = |m: Money| m.to_plain_string(cur);
        let lines = q
            .lines
            .iter()
            .map(|l| WrittenLine {
                line: &l.line,
                parent: l.parent.as_deref(),
                item: &l.item,
                sku: &l.sku,
                name: &l.name,
                quantity: l.quantity,
                unit_list: money(l.unit_list),
                list: money(l.list),
                discounts: l
                    .discounts
                    .iter()
                    .map(|d| WrittenDiscount {
                        name: &d.name,
                        source: &d.source,
                        amount: money(d.amount),
                    })
                    .collect(),
                net: money(l.net),
                recurring: l.recurring.map(Period::name),
                lead_days: l.lead_days,
            })
            .collect();
        let t = &q.totals;
        Written {
            format: &q.format,
            catalog: &q.catalog,
            configuration: &q.configuration,
            context: &q.context,
            meta: &q.meta,
            status: q.status.name(),
            lines,
            totals: WrittenTotals {
                currency: t.currency.code(),
                one_time: money(t.one_time),
                monthly: money(t.monthly),
                yearly: money(t.yearly),
                contract_value: money(t.contract_value),
            },
        }
    }
}
