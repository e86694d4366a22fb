//! Quotes: a configuration, its pricing context and metadata, and the priced bill of
//! materials, as canonical versioned JSON; CSV export; and verification of a quote against
//! the catalog (what a back office runs on quotes built in browsers it does not control).

use serde::Serialize;

mod read;
pub use read::quote as read_quote;

use crate::answer::Status;
use crate::catalog::Catalog;
use crate::choice::Choice;
use crate::engine::Engine;
use crate::pricing::{price, PricingContext, PricingError};

/// The format tag of quotes this version writes and reads.
pub const QUOTE_FORMAT: &str = "configurator-quote/1";

/// Which catalog a quote was made with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CatalogRef {
    /// Catalog id.
    pub id: String,
    /// The author's version label.
    pub version: String,
    /// Content hash ([`Catalog::hash`]).
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

/// One discount of a line's waterfall, as written in a quote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QuoteDiscount {
    /// What it is.
    pub name: String,
    /// `bundle`, `volume` or `partner`.
    pub source: String,
    /// Amount, a decimal string.
    pub amount: String,
}

/// One line of the bill of materials.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QuoteLine {
    /// "1", "1.1", ...
    pub line: String,
    /// The major line of a minor line.
    #[serde(skip_serializing_if = "Option::is_none")]
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
    pub unit_list: String,
    /// List price of the line.
    pub list: String,
    /// The waterfall.
    pub discounts: Vec<QuoteDiscount>,
    /// Net price of the line.
    pub net: String,
    /// `month` or `year` for a recurring line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recurring: Option<String>,
}

/// Totals, as decimal strings in the quote's currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QuoteTotals {
    /// Currency code.
    pub currency: String,
    /// One-time charges.
    pub one_time: String,
    /// Recurring per month.
    pub monthly: String,
    /// Recurring per year.
    pub yearly: String,
    /// Everything over the term.
    pub contract_value: String,
}

/// A quote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Quote {
    /// [`QUOTE_FORMAT`].
    pub format: String,
    /// The catalog it was made with.
    pub catalog: CatalogRef,
    /// The user's choices, in order.
    pub configuration: Vec<QuoteChoice>,
    /// The pricing context (with the term in effect).
    pub context: PricingContext,
    /// Metadata.
    pub meta: QuoteMeta,
    /// `complete`, `incomplete` or `conflict`.
    pub status: String,
    /// The bill of materials.
    pub lines: Vec<QuoteLine>,
    /// Totals.
    pub totals: QuoteTotals,
}

/// Why a quote cannot be made or read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum QuoteError {
    /// Pricing failed.
    #[error(transparent)]
    Pricing(#[from] PricingError),
    /// A choice names an item the catalog does not have.
    #[error("the configuration names `{0}`, which is not an item of this catalog")]
    UnknownItem(String),
    /// Not a quote.
    #[error("not a quote: {0}")]
    Syntax(String),
}

/// The user's choices by keys, resolved against `catalog`.
pub fn resolve(catalog: &Catalog, choices: &[QuoteChoice]) -> Result<Vec<Choice>, QuoteError> {
    choices
        .iter()
        .map(|c| {
            catalog
                .item_by_key(&c.group, &c.item)
                .map(|item| Choice {
                    item,
                    quantity: c.quantity,
                })
                .ok_or_else(|| QuoteError::UnknownItem(format!("{}.{}", c.group, c.item)))
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
    let money = |m: crate::Money| m.to_plain_string(cur);
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
                recurring: l.recurring.map(|p| p.name().to_owned()),
            }
        })
        .collect();
    let status = match &evaluation.status {
        Status::Complete => "complete",
        Status::Incomplete { .. } => "incomplete",
        Status::Conflict(_) => "conflict",
    };
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
        },
        meta,
        status: status.to_owned(),
        lines,
        totals: QuoteTotals {
            currency: cur.code().to_owned(),
            one_time: money(priced.totals.one_time),
            monthly: money(priced.totals.monthly),
            yearly: money(priced.totals.yearly),
            contract_value: money(priced.totals.contract_value),
        },
    })
}

impl Quote {
    /// Canonical JSON: fields in a fixed order, amounts as strings, two-space indentation.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a quote always serialises")
    }

    /// Reads a quote written by [`Quote::to_json`] (or by hand), checking its format tag.
    pub fn from_json(text: &str) -> Result<Quote, QuoteError> {
        let mut r = crate::json::Reader::new(text);
        let q = read::quote(&mut r)
            .and_then(|q| r.finish().map(|()| q))
            .map_err(|e| {
                let at = crate::catalog::locate::Position::of_offset(text, e.offset);
                QuoteError::Syntax(format!("{e} at line {} column {}", at.line, at.column))
            })?;
        if q.format != QUOTE_FORMAT {
            return Err(QuoteError::Syntax(format!(
                "format `{}`, expected `{QUOTE_FORMAT}`",
                q.format
            )));
        }
        Ok(q)
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
        for l in &self.lines {
            let discounts: Vec<String> = l
                .discounts
                .iter()
                .map(|d| format!("{}: {}", d.name, d.amount))
                .collect();
            row(&[
                l.line.clone(),
                l.parent.clone().unwrap_or_default(),
                text_cell(&l.sku),
                text_cell(&l.name),
                l.quantity.to_string(),
                l.unit_list.clone(),
                l.list.clone(),
                text_cell(&discounts.join("; ")),
                l.net.clone(),
                l.recurring.clone().unwrap_or_else(|| "one-time".to_owned()),
                self.totals.currency.clone(),
            ]);
        }
        out
    }
}

/// Neutralises a text cell a spreadsheet would take for a formula.
fn text_cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

/// Quotes a CSV field when it holds a comma, a quote or a line break (RFC 4180).
fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// One way a quote differs from what the catalog says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    /// Where: `catalog.hash`, `line 1.2 net`, `totals.one_time`, `status`...
    pub place: String,
    /// What the quote says.
    pub quoted: String,
    /// What the catalog gives.
    pub recomputed: String,
}

/// Recomputes `quote` from `engine`'s catalog (its configuration, context and metadata) and
/// lists every difference: catalog, status, each line's fields and the totals. Empty when
/// the quote is exactly what the catalog gives. A quote that is not complete is reported
/// too, and so is one past its `valid_until` date when `today` is given.
pub fn verify(engine: &Engine, quote: &Quote, today: Option<&str>) -> Vec<Difference> {
    let mut diffs = Vec::new();
    let mut differ = |place: String, quoted: &str, recomputed: &str| {
        if quoted != recomputed {
            diffs.push(Difference {
                place,
                quoted: quoted.to_owned(),
                recomputed: recomputed.to_owned(),
            });
        }
    };
    let catalog = engine.catalog();
    differ("catalog.id".into(), &quote.catalog.id, &catalog.id);
    differ(
        "catalog.version".into(),
        &quote.catalog.version,
        &catalog.version,
    );
    differ("catalog.hash".into(), &quote.catalog.hash, &catalog.hash);
    let fresh = resolve(catalog, &quote.configuration)
        .and_then(|choices| build(engine, &choices, &quote.context, quote.meta.clone()));
    let fresh = match fresh {
        Ok(q) => q,
        Err(e) => {
            differ("configuration".into(), "priced", &e.to_string());
            return diffs;
        }
    };
    differ("status".into(), &quote.status, &fresh.status);
    differ("status".into(), "complete", &fresh.status);
    if let (Some(until), Some(today)) = (&quote.meta.valid_until, today) {
        if until.as_str() < today {
            differ(
                "meta.valid_until".into(),
                until,
                &format!("expired (today is {today})"),
            );
        }
    }
    differ(
        "context".into(),
        &serde_json::to_string(&quote.context).unwrap_or_default(),
        &serde_json::to_string(&fresh.context).unwrap_or_default(),
    );
    let n = quote.lines.len().max(fresh.lines.len());
    for k in 0..n {
        match (quote.lines.get(k), fresh.lines.get(k)) {
            (Some(a), Some(b)) => {
                let at = |f: &str| format!("line {} ({}) {f}", b.line, b.item);
                differ(at("line"), &a.line, &b.line);
                differ(
                    at("parent"),
                    &a.parent.clone().unwrap_or_default(),
                    &b.parent.clone().unwrap_or_default(),
                );
                differ(at("item"), &a.item, &b.item);
                differ(at("sku"), &a.sku, &b.sku);
                differ(at("name"), &a.name, &b.name);
                differ(
                    at("quantity"),
                    &a.quantity.to_string(),
                    &b.quantity.to_string(),
                );
                differ(at("unit_list"), &a.unit_list, &b.unit_list);
                differ(at("list"), &a.list, &b.list);
                let ds = |l: &QuoteLine| -> String {
                    l.discounts
                        .iter()
                        .map(|d| format!("{} [{}] {}", d.name, d.source, d.amount))
                        .collect::<Vec<_>>()
                        .join("; ")
                };
                differ(at("discounts"), &ds(a), &ds(b));
                differ(at("net"), &a.net, &b.net);
                differ(
                    at("recurring"),
                    &a.recurring.clone().unwrap_or_default(),
                    &b.recurring.clone().unwrap_or_default(),
                );
            }
            (Some(a), None) => differ(format!("line {}", a.line), &a.item, "(no such line)"),
            (None, Some(b)) => differ(format!("line {}", b.line), "(missing)", &b.item),
            (None, None) => {}
        }
    }
    let (a, b) = (&quote.totals, &fresh.totals);
    differ("totals.currency".into(), &a.currency, &b.currency);
    differ("totals.one_time".into(), &a.one_time, &b.one_time);
    differ("totals.monthly".into(), &a.monthly, &b.monthly);
    differ("totals.yearly".into(), &a.yearly, &b.yearly);
    differ(
        "totals.contract_value".into(),
        &a.contract_value,
        &b.contract_value,
    );
    diffs
}
