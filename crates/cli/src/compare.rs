//! `compare`: configurations of one catalog side by side, as the web app's comparison shows
//! them (status, answers, lines, resources, totals), the rows that differ marked.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use configurator_engine::compare::{compare, Cell, Evaluated, Row, RowKind, Side, Verdict};
use configurator_engine::Engine;
use serde_json::json;

use crate::out::{out, out_json};
use crate::quoting::{read_config, ContextArgs};

/// A row's header.
fn label(row: &Row) -> String {
    match &row.kind {
        RowKind::Status => "Status".to_owned(),
        RowKind::Line { sku } => format!("{} ({sku})", row.label),
        RowKind::OneTime => "One-time (net)".to_owned(),
        RowKind::Monthly => "Per month (net)".to_owned(),
        RowKind::Yearly => "Per year (net)".to_owned(),
        RowKind::Answer | RowKind::Resource => row.label.clone(),
    }
}

/// A row's kind for machines.
fn kind(row: &Row) -> &'static str {
    match row.kind {
        RowKind::Status => "status",
        RowKind::Answer => "answer",
        RowKind::Line { .. } => "line",
        RowKind::Resource => "resource",
        RowKind::OneTime => "one_time",
        RowKind::Monthly => "monthly",
        RowKind::Yearly => "yearly",
    }
}

/// A cell as text (`-` for nothing).
fn text(cell: &Cell) -> String {
    match cell {
        Cell::Empty => "-".to_owned(),
        Cell::Status(Verdict::Complete) => "complete".to_owned(),
        Cell::Status(Verdict::Incomplete(n)) => format!("incomplete ({n} open)"),
        Cell::Status(Verdict::Conflict) => "conflict".to_owned(),
        Cell::Answer(a) => a.clone(),
        Cell::Quantity(q) => q.to_string(),
        Cell::Meter { used, provided } => format!("{used} of {provided}"),
        Cell::Money(m, c) => format!("{} {}", m.to_grouped_string(c, ',', '.'), c.code()),
    }
}

/// `configurator compare`: exit code 0 when the configurations are the same in every row, 1
/// when some row differs.
pub fn compare_cmd(
    path: &Path,
    configs: &[PathBuf],
    ctx: &ContextArgs,
    only_differences: bool,
    json: bool,
) -> anyhow::Result<ExitCode> {
    if configs.len() < 2 {
        anyhow::bail!("compare needs at least two configuration files");
    }
    let Some(catalog) = crate::load(path)? else {
        return Ok(ExitCode::from(1));
    };
    let context = ctx.read()?;
    let mut choices = Vec::new();
    for c in configs {
        choices.push(read_config(&catalog, c)?);
    }
    let engine = Engine::new(catalog);
    let evaluated: Vec<Evaluated> = choices
        .iter()
        .map(|ch| Evaluated::new(&engine, ch, &context))
        .collect();
    let sides: Vec<Side<'_>> = evaluated.iter().map(|e| e.side(engine.catalog())).collect();
    let all = compare(&sides);
    let (total, differing) = (all.len(), all.iter().filter(|r| r.differs).count());
    let rows: Vec<Row> = all
        .into_iter()
        .filter(|r| r.differs || !only_differences)
        .collect();
    let names: Vec<String> = configs.iter().map(|p| p.display().to_string()).collect();
    if json {
        let rows: Vec<_> = rows
            .iter()
            .map(|r| {
                json!({
                    "kind": kind(r),
                    "label": label(r),
                    "cells": r.cells.iter().map(text).collect::<Vec<_>>(),
                    "differs": r.differs,
                })
            })
            .collect();
        let doc = json!({"configurations": names, "rows": rows});
        out_json!("{}\n", serde_json::to_string_pretty(&doc)?);
    } else {
        let first = rows
            .iter()
            .map(|r| label(r).chars().count())
            .max()
            .unwrap_or(0);
        let first = first.clamp(8, 48);
        let width = |k: usize| {
            rows.iter()
                .map(|r| text(&r.cells[k]).chars().count())
                .chain([names[k].chars().count()])
                .max()
                .unwrap_or(1)
        };
        let widths: Vec<usize> = (0..names.len()).map(width).collect();
        let line = |head: String, cells: Vec<String>, mark: &str| {
            let cells: Vec<String> = cells
                .iter()
                .zip(&widths)
                .map(|(c, w)| format!("{c:<w$}"))
                .collect();
            let head: String = head.chars().take(first).collect();
            out!("{mark} {head:<first$}  {}", cells.join("  ").trim_end());
        };
        line(String::new(), names.clone(), " ");
        for r in &rows {
            let mark = if r.differs { "*" } else { " " };
            line(label(r), r.cells.iter().map(text).collect(), mark);
        }
        out!("{differing} of {total} rows differ (marked *)");
    }
    Ok(if differing > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
