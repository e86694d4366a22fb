//! `configurator import-bom`: a bill of materials (CSV or plain lines of SKUs and quantities)
//! matched to a product line and rebuilt into a configuration, with a line for everything that
//! did not go in as written.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use configurator_engine::bom::{self, Finding, Rebuilt};
use configurator_engine::{Catalog, Constraint, Explanation, ItemId, Status};
use serde_json::{json, Value};

use crate::diagram::{engine_on, EnginePath};
use crate::out::{out, out_json};
use crate::{load, read};

/// The catalogs to choose from: CATALOG itself, or a folder's product lines (its manifest's,
/// or every `*.json` catalog of a folder without one).
fn catalogs(path: &Path) -> anyhow::Result<Vec<(PathBuf, Catalog)>> {
    let files = if path.is_dir() {
        crate::lines::catalog_files(path)?
    } else {
        vec![path.to_owned()]
    };
    let mut out = Vec::new();
    for f in files {
        match load(&f)? {
            Some(c) => out.push((f, c)),
            None => bail!("{} has errors (run configurator check)", f.display()),
        }
    }
    Ok(out)
}

/// Runs `import-bom`: exit code 0 when the bill of materials went in whole into a complete
/// configuration, 1 when something did not (each finding printed), 2 when it cannot be read.
pub fn import_bom(
    catalog: &Path,
    file: &Path,
    output: Option<&Path>,
    json_out: bool,
) -> anyhow::Result<ExitCode> {
    let text = read(file, "bill of materials")?;
    let lines = bom::parse(&text)
        .map_err(|e| anyhow::anyhow!("{}:{}: {}", file.display(), e.line, e.problem))?;
    let mut found = catalogs(catalog)?;
    let refs: Vec<&Catalog> = found.iter().map(|(_, c)| c).collect();
    let Some(k) = bom::product_line(&refs, &lines) else {
        bail!(
            "{}: none of its {} SKUs is in {}",
            file.display(),
            lines.len(),
            catalog.display()
        );
    };
    let (path, c) = found.swap_remove(k);
    let engine = engine_on(c, &path, EnginePath::Auto)?;
    let rebuilt = bom::rebuild(&engine, &lines);
    let c = engine.catalog();
    let config: Vec<Value> = rebuilt
        .choices
        .iter()
        .map(|ch| {
            let it = c.item(ch.item);
            let g = &c.group(it.group).key;
            match ch.quantity {
                Some(q) => json!([g, it.key, q]),
                None => json!([g, it.key]),
            }
        })
        .collect();
    if let Some(o) = output {
        std::fs::write(o, serde_json::to_string(&config)? + "\n")
            .with_context(|| format!("cannot write {}", o.display()))?;
    }
    if json_out {
        let findings: Vec<Value> = rebuilt
            .findings
            .iter()
            .map(|f| finding_json(c, f))
            .collect();
        out_json!(
            "{}\n",
            json!({
                "catalog": c.id, "file": path.display().to_string(),
                "status": status_name(&rebuilt.status), "config": config, "findings": findings,
            })
        );
    } else {
        report(c, &path, &lines, &rebuilt);
    }
    Ok(if rebuilt.clean() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn status_name(s: &Status) -> &'static str {
    match s {
        Status::Complete => "complete",
        Status::Incomplete { .. } => "incomplete",
        Status::Conflict(_) => "conflict",
    }
}

/// `SKU (group.item)`.
fn named(c: &Catalog, i: ItemId) -> String {
    format!("{} ({})", c.item(i).sku, c.item_key(i))
}

/// Why, in the catalog's words: the rules' messages and the groups' limits.
fn because(c: &Catalog, e: Option<&Explanation>) -> String {
    let Some(e) = e else {
        return String::new();
    };
    let mut parts: Vec<String> = e
        .choices
        .iter()
        .map(|&i| format!("with {}", named(c, i)))
        .collect();
    parts.extend(e.constraints.iter().map(|&k| match k {
        Constraint::Rule(r) => format!("{} (rule `{}`)", c.rule(r).message, c.rule(r).key),
        Constraint::Group(g) => format!(
            "group `{}` takes at most {}",
            c.group(g).key,
            c.group(g).max
        ),
    }));
    format!(": {}", parts.join("; "))
}

fn report(c: &Catalog, path: &Path, lines: &[bom::BomLine], r: &Rebuilt) {
    out!(
        "{} lines for {} {} ({})",
        lines.len(),
        c.name,
        c.version,
        path.display()
    );
    for f in &r.findings {
        let text = match f {
            Finding::Unknown { line, sku } => {
                format!("line {line}: unknown SKU {sku}: not in this product line; left out")
            }
            Finding::Quantity {
                line,
                item,
                asked,
                used,
                sold,
            } => {
                let why = if *sold {
                    "not possible with the lines before".to_owned()
                } else {
                    format!("not sold (it comes in {})", c.item(*item).quantities_text())
                };
                format!(
                    "line {line}: {}: {asked} units are {why}; the configuration has {used}",
                    named(c, *item)
                )
            }
            Finding::Conflict {
                line,
                item,
                explanation,
                retract,
            } => {
                let fix = match retract {
                    Some(r) if !r.is_empty() => {
                        let r: Vec<String> = r.iter().map(|&i| named(c, i)).collect();
                        format!("; to keep it, remove {}", r.join(", "))
                    }
                    Some(_) => String::new(),
                    None => "; it can never be chosen".to_owned(),
                };
                format!(
                    "line {line}: {} conflicts with the lines before{}; left out{fix}",
                    named(c, *item),
                    because(c, explanation.as_ref())
                )
            }
            Finding::Added {
                item,
                quantity,
                explanation,
            } => format!(
                "added: {} x {}{}",
                quantity,
                named(c, *item),
                because(c, explanation.as_ref())
            ),
            Finding::Missing { group, suggestion } => {
                let g = c.group(*group);
                let hint = suggestion
                    .map(|i| format!("; the cheapest completion takes {}", named(c, i)))
                    .unwrap_or_default();
                format!("missing: {} (`{}`) needs a choice{hint}", g.name, g.key)
            }
        };
        out!("{text}");
    }
    out!(
        "configuration: {} choices, {}",
        r.choices.len(),
        status_name(&r.status)
    );
}

fn finding_json(c: &Catalog, f: &Finding) -> Value {
    let key = |i: &ItemId| c.item_key(*i);
    match f {
        Finding::Unknown { line, sku } => json!({"kind": "unknown", "line": line, "sku": sku}),
        Finding::Quantity {
            line,
            item,
            asked,
            used,
            sold,
        } => {
            json!({"kind": "quantity", "line": line, "item": key(item), "asked": asked, "used": used, "sold": sold})
        }
        Finding::Conflict {
            line,
            item,
            explanation,
            retract,
        } => json!({
            "kind": "conflict", "line": line, "item": key(item),
            "because": because(c, explanation.as_ref()).trim_start_matches(": "),
            "retract": retract.as_ref().map(|r| r.iter().map(key).collect::<Vec<_>>()),
        }),
        Finding::Added {
            item,
            quantity,
            explanation,
        } => json!({
            "kind": "added", "item": key(item), "quantity": quantity,
            "because": because(c, explanation.as_ref()).trim_start_matches(": "),
        }),
        Finding::Missing { group, suggestion } => json!({
            "kind": "missing", "group": c.group(*group).key, "suggestion": suggestion.as_ref().map(key),
        }),
    }
}
