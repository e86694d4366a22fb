//! Verification: a quote recomputed from the catalog, every difference listed.

use super::{build, resolve, Quote, QuoteLine, QuoteStatus, QUOTE_FORMAT_1};
use crate::catalog::{Date, Period};
use crate::engine::Engine;
use crate::money::{Currency, Money};

/// One way a quote differs from what the catalog says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    /// Where: `catalog.hash`, `line 1.2 net`, `totals.one_time`, `status`...
    pub place: String,
    /// What the quote says.
    pub quoted: String,
    /// What the catalog gives.
    pub recomputed: String,
    /// Whether the quote disagrees with the catalog or is right but not orderable.
    pub kind: DifferenceKind,
}

/// What kind of difference: the quote says something the catalog does not give, or it is
/// exactly what the catalog gives but cannot be ordered (yet, or any more). A quote desk keeps
/// drafts of the second kind; nothing keeps the first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DifferenceKind {
    /// A field differs from what the catalog gives.
    Mismatch,
    /// The quote states its status right, but the configuration is incomplete or in conflict.
    NotReady,
    /// The quote is past its `valid_until` date.
    Expired,
}

/// Collects differences; amounts compare as exact values and show with each side's currency.
struct Differences<'c> {
    list: Vec<Difference>,
    quoted: &'c Currency,
    fresh: &'c Currency,
}

impl Differences<'_> {
    fn text(&mut self, place: String, quoted: &str, recomputed: &str) {
        self.note(DifferenceKind::Mismatch, place, quoted, recomputed);
    }

    fn note(&mut self, kind: DifferenceKind, place: String, quoted: &str, recomputed: &str) {
        if quoted != recomputed {
            self.list.push(Difference {
                place,
                quoted: quoted.to_owned(),
                recomputed: recomputed.to_owned(),
                kind,
            });
        }
    }

    fn money(&mut self, place: String, quoted: Money, recomputed: Money) {
        if quoted != recomputed || self.quoted != self.fresh {
            let (a, b) = (
                quoted.to_plain_string(self.quoted),
                recomputed.to_plain_string(self.fresh),
            );
            self.text(place, &a, &b);
        }
    }
}

/// Recomputes `quote` from `engine`'s catalog (its configuration, context and metadata) and
/// lists every difference: catalog, status, each line's fields and the totals. Empty when
/// the quote is exactly what the catalog gives. A quote that is not complete is reported
/// too, and so is one past its `valid_until` date when `today` is given.
pub fn verify(engine: &Engine, quote: &Quote, today: Option<&str>) -> Vec<Difference> {
    let catalog = engine.catalog();
    let fresh = resolve(catalog, &quote.configuration)
        .and_then(|choices| build(engine, &choices, &quote.context, quote.meta.clone()));
    let mut d = Differences {
        list: Vec::new(),
        quoted: &quote.totals.currency,
        fresh: fresh
            .as_ref()
            .map_or(&quote.totals.currency, |q| &q.totals.currency),
    };
    d.text("catalog.id".into(), &quote.catalog.id, &catalog.id);
    d.text(
        "catalog.version".into(),
        &quote.catalog.version,
        &catalog.version,
    );
    let hash = if quote.format == QUOTE_FORMAT_1 {
        &catalog.legacy_hash
    } else {
        &catalog.hash
    };
    d.text("catalog.hash".into(), &quote.catalog.hash, hash);
    let fresh = match &fresh {
        Ok(q) => q,
        Err(e) => {
            d.text("configuration".into(), "priced", &e.to_string());
            return d.list;
        }
    };
    if quote.status != fresh.status {
        d.text("status".into(), quote.status.name(), fresh.status.name());
    } else if fresh.status != QuoteStatus::Complete {
        let why = format!("{}: not ready to order", fresh.status.name());
        d.note(
            DifferenceKind::NotReady,
            "status".into(),
            quote.status.name(),
            &why,
        );
    }
    if let Some(until) = &quote.meta.valid_until {
        match (Date::parse(until), today.and_then(Date::parse)) {
            (None, _) => d.text("meta.valid_until".into(), until, "a date like 2026-12-31"),
            (Some(u), Some(t)) if u < t => d.note(
                DifferenceKind::Expired,
                "meta.valid_until".into(),
                until,
                &format!("expired (today is {t})"),
            ),
            _ => {}
        }
    }
    d.text(
        "context".into(),
        &serde_json::to_string(&quote.context).unwrap_or_default(),
        &serde_json::to_string(&fresh.context).unwrap_or_default(),
    );
    let n = quote.lines.len().max(fresh.lines.len());
    for k in 0..n {
        match (quote.lines.get(k), fresh.lines.get(k)) {
            (Some(a), Some(b)) => line(&mut d, a, b),
            (Some(a), None) => d.text(format!("line {}", a.line), &a.item, "(no such line)"),
            (None, Some(b)) => d.text(format!("line {}", b.line), "(missing)", &b.item),
            (None, None) => {}
        }
    }
    let (a, b) = (&quote.totals, &fresh.totals);
    d.text(
        "totals.currency".into(),
        a.currency.code(),
        b.currency.code(),
    );
    d.money("totals.one_time".into(), a.one_time, b.one_time);
    d.money("totals.monthly".into(), a.monthly, b.monthly);
    d.money("totals.yearly".into(), a.yearly, b.yearly);
    d.money(
        "totals.contract_value".into(),
        a.contract_value,
        b.contract_value,
    );
    d.list
}

/// The differences between a quoted line and the recomputed one.
fn line(d: &mut Differences<'_>, a: &QuoteLine, b: &QuoteLine) {
    let at = |f: &str| format!("line {} ({}) {f}", b.line, b.item);
    d.text(at("line"), &a.line, &b.line);
    d.text(
        at("parent"),
        a.parent.as_deref().unwrap_or_default(),
        b.parent.as_deref().unwrap_or_default(),
    );
    d.text(at("item"), &a.item, &b.item);
    d.text(at("sku"), &a.sku, &b.sku);
    d.text(at("name"), &a.name, &b.name);
    d.text(
        at("quantity"),
        &a.quantity.to_string(),
        &b.quantity.to_string(),
    );
    d.money(at("unit_list"), a.unit_list, b.unit_list);
    d.money(at("list"), a.list, b.list);
    let ds = |l: &QuoteLine, cur: &Currency| -> String {
        l.discounts
            .iter()
            .map(|x| {
                let amount = x.amount.to_plain_string(cur);
                format!("{} [{}] {amount}", x.name, x.source)
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    let (da, db) = (ds(a, d.quoted), ds(b, d.fresh));
    d.text(at("discounts"), &da, &db);
    d.money(at("net"), a.net, b.net);
    d.text(
        at("recurring"),
        a.recurring.map_or("", Period::name),
        b.recurring.map_or("", Period::name),
    );
    d.text(
        at("lead_days"),
        &a.lead_days.to_string(),
        &b.lead_days.to_string(),
    );
}
