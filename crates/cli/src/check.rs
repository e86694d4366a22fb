//! `configurator check`: a catalog's errors and lint warnings, its cases.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use configurator_engine::lint::{lint, Warning};
use configurator_engine::{Catalog, Constraint, Date, Explanation};
use serde_json::{json, Value};

use crate::diagram::{engine_on, EnginePath};
use crate::out::{err, out, out_json};
use crate::read;

pub fn check(
    path: &Path,
    today: Option<&str>,
    json: bool,
    on: EnginePath,
    cases: &[PathBuf],
) -> anyhow::Result<ExitCode> {
    if json && !cases.is_empty() {
        bail!("--cases reports in text: use it without --json");
    }
    if crate::lines::is_manifest(path) {
        if json || !cases.is_empty() {
            bail!("a product-line manifest is checked in text, without --json or --cases");
        }
        return crate::lines::check(path);
    }
    let today = match today {
        Some(t) => Some(
            Date::parse(t)
                .with_context(|| format!("--today `{t}` is not a date like 2026-12-31"))?,
        ),
        None => None,
    };
    let name = path.display().to_string();
    let text = read(path, "catalog file")?;
    let catalog = match Catalog::from_json(&name, &text) {
        Ok(c) => c,
        Err(err) => {
            if json {
                let errors: Vec<Value> = err
                    .diagnostics
                    .iter()
                    .map(|d| {
                        json!({"file": d.file, "line": d.line, "column": d.column,
                               "path": d.path, "message": d.message})
                    })
                    .collect();
                out_json!(
                    "{}\n",
                    json!({"file": name, "ok": false, "errors": errors, "warnings": []})
                );
            } else {
                err!("{err}");
                let n = err.diagnostics.len();
                err!("{name}: {n} error{}", if n == 1 { "" } else { "s" });
            }
            return Ok(ExitCode::from(1));
        }
    };
    let summary = format!(
        "{} {} ({} groups, {} items, {} rules)",
        catalog.name,
        catalog.version,
        catalog.groups().len(),
        catalog.items().len(),
        catalog.rules().len()
    );
    let engine = engine_on(catalog, path, on)?;
    let warnings: Vec<(&str, String, String)> = lint(&engine, today)
        .iter()
        .map(|w| {
            let (subject, message) = render(engine.catalog(), w);
            (w.kind(), subject, message)
        })
        .collect();
    if json {
        let ws: Vec<Value> = warnings
            .iter()
            .map(|(kind, subject, message)| {
                json!({"kind": kind, "subject": subject, "message": message})
            })
            .collect();
        out_json!(
            "{}\n",
            json!({"file": name, "ok": true, "catalog": summary, "errors": [], "warnings": ws})
        );
    } else {
        out!("ok: {name}: {summary}");
        for (_, _, message) in &warnings {
            out!("warning: {name}: {message}");
        }
    }
    let mut failed = 0;
    for file in cases {
        failed += crate::cases::run(&engine, file)?;
    }
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// A lint finding's subject (an item, a rule or the catalog) and message, as `check` prints.
pub fn render(c: &Catalog, w: &Warning) -> (String, String) {
    match w {
        Warning::NoConfiguration => (c.id.clone(), "no valid configuration exists".into()),
        Warning::Dead { item, explanation } => {
            let key = c.item_key(*item);
            let why = explanation
                .as_ref()
                .map(|e| reasons(c, e))
                .unwrap_or_default();
            let message = format!("item `{key}` can never be chosen (dead){why}");
            (key, message)
        }
        Warning::Forced { item } => {
            let key = c.item_key(*item);
            let message = format!("item `{key}` is in every configuration");
            (key, message)
        }
        Warning::EndOfSale { item, date } => {
            let key = c.item_key(*item);
            let by = c
                .item(*item)
                .replaced_by
                .map(|r| format!("; replaced by `{}`", c.item_key(r)))
                .unwrap_or_default();
            let message = format!("item `{key}` is past its end of sale ({date}){by}");
            (key, message)
        }
        Warning::MissingPrice { item, book } => {
            let key = c.item_key(*item);
            let message = format!(
                "item `{key}` has no price in price book `{}`: configurations with it cannot be quoted there",
                c.pricing.books[*book].id
            );
            (key, message)
        }
        Warning::IdleRulesNotChecked => (
            c.id.clone(),
            format!(
                "rules that never bite were not looked for: the catalog is too large ({} rules) to compile once per rule",
                c.rules().len()
            ),
        ),
        Warning::IdleRule { rule } => {
            let key = c.rule(*rule).key.clone();
            let message =
                format!("rule `{key}` never bites: the other rules and groups already imply it");
            (key, message)
        }
    }
}

/// The rule ids and messages of an explanation, for warnings.
pub fn reasons(c: &Catalog, e: &Explanation) -> String {
    let parts: Vec<String> = e
        .constraints
        .iter()
        .map(|&k| match k {
            Constraint::Rule(r) => format!("rule `{}`", c.rule(r).key),
            Constraint::Group(g) => format!("group `{}`", c.group(g).key),
        })
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!(": {}", parts.join(", "))
    }
}
