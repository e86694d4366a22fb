//! `configurator check CATALOG --cases FILE`: a catalog's known configurations, checked. Each
//! case is a configuration with what the engine must say about it: complete, incomplete (and
//! which groups are missing) or in conflict (and which rules explain it); which items are
//! unavailable and why, which implied, which quantities achievable; and its totals under
//! pricing contexts. Authors keep one file per
//! catalog beside it (`catalogs/cases/`), so a change to a rule or a price that changes a known
//! answer fails the check. The format: docs/catalog-guide.md.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context;
use configurator_engine::pricing::{price, PricingContext};
use configurator_engine::quote;
use configurator_engine::{Catalog, Constraint, Engine, Explanation, ItemState, Money, Status};
use serde::Deserialize;

use crate::out::out;
use crate::read;

/// A file of cases for one catalog.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    /// The catalog's id (a file of another catalog's cases is refused).
    catalog: String,
    cases: Vec<Case>,
}

/// One configuration and what the engine must say about it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    /// As `configurator price` reads it: `[["group", "item"], ["group", "item", quantity]]`.
    config: serde_json::Value,
    /// `complete`, `incomplete` or `conflict`.
    status: String,
    /// Incomplete: the groups still missing a choice, by id, in catalog order.
    #[serde(default)]
    missing: Vec<String>,
    /// Conflict: what the explanation names (rule ids, `group:ID` for a group's own limits).
    #[serde(default)]
    because: Vec<String>,
    /// Items (`group.item`) that must be unavailable, each with what its explanation names.
    #[serde(default)]
    unavailable: BTreeMap<String, Vec<String>>,
    /// Items (`group.item`) every valid completion must contain.
    #[serde(default)]
    implied: Vec<String>,
    /// Items (`group.item`) in the configuration, each with every quantity it can have given
    /// the other choices.
    #[serde(default)]
    quantities: BTreeMap<String, Vec<u32>>,
    /// Totals under pricing contexts.
    #[serde(default)]
    prices: Vec<Prices>,
}

/// The totals of a configuration under one pricing context (exact decimal text in the book's
/// currency; a total left out is not checked).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Prices {
    #[serde(default)]
    context: PricingContext,
    one_time: Option<String>,
    yearly: Option<String>,
    monthly: Option<String>,
    contract_value: Option<String>,
}

/// Runs every case of `path` against `engine`; prints one line per case and returns how many
/// failed.
pub fn run(engine: &Engine, path: &Path) -> anyhow::Result<usize> {
    let text = read(path, "cases file")?;
    let file: CaseFile = serde_json::from_str(&text)
        .with_context(|| format!("{} is not a cases file", path.display()))?;
    let catalog = engine.catalog();
    if file.catalog != catalog.id {
        anyhow::bail!(
            "{}: the cases are for catalog `{}`, not `{}`",
            path.display(),
            file.catalog,
            catalog.id
        );
    }
    let mut failed = 0;
    for case in &file.cases {
        let problems = check(engine, case)
            .with_context(|| format!("{}: case `{}`", path.display(), case.name))?;
        if problems.is_empty() {
            out!("ok: case {}", case.name);
        } else {
            failed += 1;
            for p in problems {
                out!("FAILED: case {}: {p}", case.name);
            }
        }
    }
    out!(
        "{}: {} case{} passed, {failed} failed",
        path.display(),
        file.cases.len() - failed,
        if file.cases.len() - failed == 1 {
            ""
        } else {
            "s"
        }
    );
    Ok(failed)
}

/// What the engine says about one case that differs from what the case expects (empty: the
/// case passes). An error: the case itself is wrong (an unknown item, a bad price).
fn check(engine: &Engine, case: &Case) -> anyhow::Result<Vec<String>> {
    let catalog = engine.catalog();
    let choices = quote::choices_from_json(&case.config.to_string())?;
    let choices = quote::resolve(catalog, &choices)?;
    let ev = engine.evaluate(&choices);
    let mut problems = Vec::new();
    let (status, missing, because) = match &ev.status {
        Status::Complete => ("complete", Vec::new(), Vec::new()),
        Status::Incomplete { missing } => (
            "incomplete",
            missing
                .iter()
                .map(|&g| catalog.group(g).key.clone())
                .collect(),
            Vec::new(),
        ),
        Status::Conflict(e) => ("conflict", Vec::new(), named(catalog, e)),
    };
    if status != case.status {
        problems.push(format!(
            "expected {}, the engine says {status}",
            case.status
        ));
    }
    if missing != case.missing {
        problems.push(format!(
            "expected missing groups {:?}, the engine says {missing:?}",
            case.missing
        ));
    }
    if !same_set(&because, &case.because) {
        problems.push(format!(
            "expected the conflict explained by {:?}, the engine says {because:?}",
            case.because
        ));
    }
    for (key, expected) in &case.unavailable {
        let item = item(catalog, key)?;
        match ev.items[item.index()] {
            ItemState::Unavailable => {
                let why = engine
                    .explain(&choices, item)
                    .map(|e| named(catalog, &e))
                    .unwrap_or_default();
                if !same_set(&why, expected) {
                    problems.push(format!(
                        "expected {key} unavailable because of {expected:?}, the engine says {why:?}"
                    ));
                }
            }
            state => problems.push(format!("expected {key} unavailable, it is {state:?}")),
        }
    }
    for key in &case.implied {
        let state = ev.items[item(catalog, key)?.index()];
        if state != ItemState::Implied {
            problems.push(format!("expected {key} implied, it is {state:?}"));
        }
    }
    for (key, expected) in &case.quantities {
        let got = ev.quantities[item(catalog, key)?.index()]
            .as_ref()
            .map(|q| q.values.clone())
            .unwrap_or_default();
        if &got != expected {
            problems.push(format!(
                "expected {key} in quantities {expected:?}, the engine says {got:?}"
            ));
        }
    }
    for p in &case.prices {
        let priced = price(catalog, &ev, &p.context)?;
        let t = &priced.totals;
        for (what, expected, got) in [
            ("one-time", &p.one_time, t.one_time),
            ("yearly", &p.yearly, t.yearly),
            ("monthly", &p.monthly, t.monthly),
            ("contract value", &p.contract_value, t.contract_value),
        ] {
            let Some(expected) = expected else { continue };
            let want = Money::parse(expected, &priced.currency)
                .with_context(|| format!("{what} `{expected}`"))?;
            if want != got {
                problems.push(format!(
                    "{what} under {}: expected {}, the engine says {}",
                    context_text(&p.context),
                    want.to_plain_string(&priced.currency),
                    got.to_plain_string(&priced.currency)
                ));
            }
        }
    }
    Ok(problems)
}

/// What an explanation names: rule ids, and `group:ID` for a group's own limits.
fn named(catalog: &Catalog, e: &Explanation) -> Vec<String> {
    e.constraints
        .iter()
        .map(|&k| match k {
            Constraint::Rule(r) => catalog.rule(r).key.clone(),
            Constraint::Group(g) => format!("group:{}", catalog.group(g).key),
        })
        .collect()
}

fn same_set(a: &[String], b: &[String]) -> bool {
    let (mut a, mut b) = (a.to_vec(), b.to_vec());
    a.sort();
    b.sort();
    a == b
}

fn item(catalog: &Catalog, key: &str) -> anyhow::Result<configurator_engine::ItemId> {
    let (group, item) = key
        .split_once('.')
        .with_context(|| format!("`{key}` is not group.item"))?;
    crate::count::resolve(catalog, group, item)
}

fn context_text(c: &PricingContext) -> String {
    let mut parts = vec![format!(
        "book {}",
        c.price_book.as_deref().unwrap_or("list")
    )];
    if let Some(t) = &c.partner_tier {
        parts.push(format!("tier {t}"));
    }
    if let Some(m) = c.term_months {
        parts.push(format!("{m} months"));
    }
    if let Some(d) = &c.deal {
        parts.push(format!("deal {d}%"));
    }
    parts.join(", ")
}
