//! An independent price computation, written from the documented rule (`README.md` "Pricing",
//! the doc comment at the top of `src/pricing.rs`, the catalog schema), never from the
//! engine's code: exact decimals, each step rounded to the currency's minor unit half away
//! from zero.
//!
//! Readings: a line per chosen item that is not an answer, in catalog order; the unit price is
//! the book's (`price` for `list`, else `prices[book]`), or for `percent_of` the percentage of
//! the sum of the one-time lines' list (unit × quantity, before any discount) of the other
//! chosen items in those families, rounded; then bundle (the whole list, when an item that
//! `includes` it is chosen), volume (the highest tier whose `min` the quantity reaches),
//! partner (the tier's percent for the item's `family`), deal (`deal_lines[group.item]`, else
//! `deal`), each a percentage of what is left, rounded; a step with nothing left to take from
//! or a zero percent is no step of the waterfall (the demo test: "a free line gets no deal
//! discount line"), while one that applies but rounds to less than a cent is a step of 0.00. Totals: exact sums of nets; contract
//! value = one-time + monthly × term + yearly × term / 12 rounded.

use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::Value;
use std::collections::BTreeMap;

pub struct Context {
    pub book: Option<String>,
    pub tier: Option<String>,
    pub term: u32,
    pub deal: Option<Decimal>,
    pub deal_lines: BTreeMap<String, Decimal>,
}

#[derive(Debug, PartialEq)]
pub struct Line {
    pub key: String,
    pub quantity: u32,
    pub unit_list: Decimal,
    pub list: Decimal,
    /// (source, amount), amounts of zero left out.
    pub discounts: Vec<(&'static str, Decimal)>,
    pub net: Decimal,
    pub period: Option<String>,
}

#[derive(Debug, PartialEq)]
pub struct Totals {
    pub one_time: Decimal,
    pub monthly: Decimal,
    pub yearly: Decimal,
    pub contract_value: Decimal,
}

fn digits(code: &str) -> u32 {
    match code {
        "JPY" | "KRW" | "ISK" | "CLP" => 0,
        "BHD" | "KWD" | "OMR" | "JOD" | "TND" => 3,
        _ => 2,
    }
}

fn dec(v: &Value) -> Decimal {
    v.as_str()
        .expect("decimal text")
        .parse()
        .expect("a decimal")
}

/// Prices `quantities` (each item's units in catalog order, 0 when out) of `catalog`.
pub fn price(catalog: &Value, quantities: &[u32], cx: &Context) -> (Vec<Line>, Totals) {
    let code = match &cx.book {
        None => catalog["currency"].as_str().unwrap().to_owned(),
        Some(b) => {
            let books = catalog["price_books"].as_array().unwrap();
            let book = books
                .iter()
                .find(|x| x["id"] == b.as_str())
                .expect("a book");
            book["currency"].as_str().unwrap().to_owned()
        }
    };
    let dp = digits(&code);
    let round = |d: Decimal| d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    let hundred = Decimal::from(100);
    // The chosen items that are not answers: (key, item JSON, quantity).
    let mut chosen: Vec<(String, &Value, u32)> = Vec::new();
    let mut k = 0;
    for g in catalog["groups"].as_array().unwrap() {
        for it in g["items"].as_array().unwrap() {
            if quantities[k] > 0 && g.get("question").is_none() {
                chosen.push((
                    format!(
                        "{}.{}",
                        g["id"].as_str().unwrap(),
                        it["id"].as_str().unwrap()
                    ),
                    it,
                    quantities[k],
                ));
            }
            k += 1;
        }
    }
    let book_price = |it: &Value| match &cx.book {
        None => dec(&it["price"]),
        Some(b) => dec(&it["prices"][b.as_str()]),
    };
    let mut lines = Vec::new();
    for (key, it, q) in &chosen {
        let unit = match it.get("percent_of") {
            Some(p) => {
                let fams: Vec<&Value> = p["families"].as_array().unwrap().iter().collect();
                let base: Decimal = chosen
                    .iter()
                    .filter(|(_, o, _)| {
                        o.get("percent_of").is_none() && o.get("recurring").is_none()
                    })
                    .filter(|(_, o, _)| fams.contains(&&o["family"]))
                    .map(|(_, o, oq)| book_price(o) * Decimal::from(*oq))
                    .sum();
                round(base * dec(&p["percent"]) / hundred)
            }
            None => book_price(it),
        };
        let list = unit * Decimal::from(*q);
        let mut left = list;
        let mut discounts = Vec::new();
        // A discount that applies (a non-zero percent, something left to take it from) is a
        // step of the waterfall even when it rounds to less than a cent (then 0.00).
        let mut take =
            |source: &'static str, applies: bool, amount: Decimal, left: &mut Decimal| {
                if applies && !left.is_zero() {
                    discounts.push((source, amount));
                }
                *left -= amount;
            };
        let bundled = chosen.iter().any(|(other, o, _)| {
            other != key
                && o["includes"]
                    .as_array()
                    .is_some_and(|inc| inc.iter().any(|x| x == key.as_str()))
        });
        if bundled {
            take("bundle", true, left, &mut left);
        }
        let tier = it["volume"].as_array().and_then(|tiers| {
            tiers
                .iter()
                .filter(|t| t["min"].as_u64().unwrap() <= u64::from(*q))
                .max_by_key(|t| t["min"].as_u64())
        });
        if let Some(t) = tier {
            let amount = round(left * dec(&t["percent"]) / hundred);
            take("volume", true, amount, &mut left);
        }
        if let Some(tier) = &cx.tier {
            let tiers = catalog["partner_tiers"].as_array().unwrap();
            let t = tiers
                .iter()
                .find(|x| x["id"] == tier.as_str())
                .expect("a tier");
            if let Some(p) = it["family"].as_str().and_then(|f| t["discounts"].get(f)) {
                let amount = round(left * dec(p) / hundred);
                take("partner", !dec(p).is_zero(), amount, &mut left);
            }
        }
        if let Some(p) = cx.deal_lines.get(key).or(cx.deal.as_ref()) {
            let amount = round(left * p / hundred);
            take("deal", !p.is_zero(), amount, &mut left);
        }
        lines.push(Line {
            key: key.clone(),
            quantity: *q,
            unit_list: unit,
            list,
            discounts,
            net: left,
            period: it["recurring"].as_str().map(str::to_owned),
        });
    }
    let sum = |p: Option<&str>| {
        lines
            .iter()
            .filter(|l| l.period.as_deref() == p)
            .map(|l| l.net)
            .sum::<Decimal>()
    };
    let (one_time, monthly, yearly) = (sum(None), sum(Some("month")), sum(Some("year")));
    let term = Decimal::from(cx.term);
    let contract_value = one_time + monthly * term + round(yearly * term / Decimal::from(12));
    (
        lines,
        Totals {
            one_time,
            monthly,
            yearly,
            contract_value,
        },
    )
}
