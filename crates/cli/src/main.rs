//! `configurator`: the command-line tool for catalog authors and the back office.
//!
//! A thin binary over `configurator-engine`: it reads files, calls the library and prints.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context};
use clap::{Parser, Subcommand, ValueEnum};
use configurator_engine::{
    import, Catalog, Constraint, Date, Engine, Explanation, ItemId, ItemState, Status,
};
use serde_json::{json, Value};

#[derive(Parser)]
#[command(
    name = "configurator",
    version,
    about = "Check, import, count and replay product catalogs"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// XCSP 2.1 with extensional constraints (tables).
    Xcsp,
    /// DIMACS CNF, with `c <id> <name>` comments naming the variables.
    Dimacs,
}

#[derive(Subcommand)]
enum Command {
    /// Load a catalog file and report every problem with its file, line and column.
    ///
    /// Exit code 0 when the catalog loads, 1 when it has errors, 2 when it cannot be read.
    Check {
        /// The catalog file (JSON).
        catalog: PathBuf,
        /// Warn about items whose end of sale is before this date (YYYY-MM-DD).
        #[arg(long)]
        today: Option<String>,
    },
    /// Convert a model from another format into a catalog (JSON).
    Import {
        /// The model's format.
        format: Format,
        /// The model file.
        file: PathBuf,
        /// Where to write the catalog (standard output when absent).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Print the exact number of complete valid configurations (alone on the last line).
    Count {
        /// The catalog file (JSON).
        catalog: PathBuf,
        /// A choice to start from, as GROUP=ITEM (repeatable).
        #[arg(long = "select", value_name = "GROUP=ITEM")]
        select: Vec<String>,
    },
    /// Replay click sessions and print the engine's time and answer for every click.
    ///
    /// Each line of SESSIONS is a JSON array of [group, item] choices, applied in order. For
    /// every click a JSON line {"session", "click", "micros", "available"}; a choice that is
    /// unavailable when its turn comes is reported with its explanation and skipped. Last, a
    /// summary line with p50_micros, p99_micros and max_micros.
    Replay {
        /// The catalog file (JSON).
        catalog: PathBuf,
        /// Sessions, one JSON array per line.
        sessions: PathBuf,
    },
    /// Print the JSON Schema of catalog files (for completion and validation in editors).
    Schema,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Check { catalog, today } => check(&catalog, today.as_deref()),
        Command::Import {
            format,
            file,
            output,
        } => import_model(format, &file, output.as_deref()),
        Command::Count { catalog, select } => count(&catalog, &select),
        Command::Replay { catalog, sessions } => replay(&catalog, &sessions),
        Command::Schema => {
            print!("{}", configurator_engine::CATALOG_SCHEMA);
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn read(path: &Path, what: &str) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {what} {}", path.display()))
}

/// Loads a catalog, printing its errors; `None` when it has any.
fn load(path: &Path) -> anyhow::Result<Option<Catalog>> {
    let text = read(path, "catalog file")?;
    let name = path.display().to_string();
    match Catalog::from_json(&name, &text) {
        Ok(c) => Ok(Some(c)),
        Err(err) => {
            eprintln!("{err}");
            let n = err.diagnostics.len();
            eprintln!("{name}: {n} error{}", if n == 1 { "" } else { "s" });
            Ok(None)
        }
    }
}

fn check(path: &Path, today: Option<&str>) -> anyhow::Result<ExitCode> {
    let today = match today {
        Some(t) => Some(
            Date::parse(t)
                .with_context(|| format!("--today `{t}` is not a date like 2026-12-31"))?,
        ),
        None => None,
    };
    let Some(catalog) = load(path)? else {
        return Ok(ExitCode::from(1));
    };
    let name = path.display();
    let (groups, items, rules) = (
        catalog.groups().len(),
        catalog.items().len(),
        catalog.rules().len(),
    );
    let engine = Engine::new(catalog);
    let eval = engine.evaluate::<ItemId>(&[]);
    let c = engine.catalog();
    println!(
        "ok: {name}: {} {} ({groups} groups, {items} items, {rules} rules)",
        c.name, c.version
    );
    if let Status::Conflict(_) = eval.status {
        println!("warning: {name}: no valid configuration exists");
        return Ok(ExitCode::SUCCESS);
    }
    let key = |i: ItemId| format!("{}.{}", c.group(c.item(i).group).key, c.item(i).key);
    for it in c.items() {
        match eval.item(it.id) {
            ItemState::Unavailable => {
                let why = engine
                    .explain::<ItemId>(&[], it.id)
                    .map(|e| reasons(c, &e))
                    .unwrap_or_default();
                println!(
                    "warning: {name}: item `{}` can never be chosen (dead){why}",
                    key(it.id)
                );
            }
            ItemState::Implied => {
                println!(
                    "warning: {name}: item `{}` is in every configuration",
                    key(it.id)
                );
            }
            _ => {}
        }
        if let (Some(eos), Some(today)) = (it.end_of_sale, today) {
            if eos < today {
                println!(
                    "warning: {name}: item `{}` is past its end of sale ({eos})",
                    key(it.id)
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The rule ids and messages of an explanation, for warnings.
fn reasons(c: &Catalog, e: &Explanation) -> String {
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

fn import_model(format: Format, file: &Path, output: Option<&Path>) -> anyhow::Result<ExitCode> {
    let text = read(file, "model file")?;
    let name = file.display().to_string();
    let catalog = match format {
        Format::Xcsp => import::xcsp::to_catalog(&name, &text),
        Format::Dimacs => import::dimacs::to_catalog(&name, &text),
    };
    let catalog = match catalog {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(ExitCode::from(1));
        }
    };
    let text = serde_json::to_string_pretty(&catalog)? + "\n";
    match output {
        Some(out) => {
            std::fs::write(out, text).with_context(|| format!("cannot write {}", out.display()))?
        }
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}

/// Resolves `GROUP=ITEM` choices.
fn parse_choices(catalog: &Catalog, select: &[String]) -> anyhow::Result<Vec<ItemId>> {
    select
        .iter()
        .map(|s| {
            let Some((g, i)) = s.split_once('=') else {
                bail!("`{s}` is not GROUP=ITEM");
            };
            resolve(catalog, g, i)
        })
        .collect()
}

fn resolve(catalog: &Catalog, group: &str, item: &str) -> anyhow::Result<ItemId> {
    if catalog.group_by_key(group).is_none() {
        bail!("unknown group `{group}`");
    }
    catalog
        .item_by_key(group, item)
        .with_context(|| format!("group `{group}` has no item `{item}`"))
}

fn count(path: &Path, select: &[String]) -> anyhow::Result<ExitCode> {
    let Some(catalog) = load(path)? else {
        return Ok(ExitCode::from(1));
    };
    let choices = parse_choices(&catalog, select)?;
    let engine = Engine::new(catalog);
    match engine.count(&choices) {
        Some(n) => {
            println!("{n}");
            Ok(ExitCode::SUCCESS)
        }
        None => bail!(
            "this catalog is too large for an exact count: its decision diagram exceeds {} nodes",
            configurator_engine::DIAGRAM_BUDGET
        ),
    }
}

fn explanation_json(catalog: &Catalog, e: &Explanation) -> Value {
    let choices: Vec<String> = e
        .choices
        .iter()
        .map(|&i| {
            format!(
                "{}.{}",
                catalog.group(catalog.item(i).group).key,
                catalog.item(i).key
            )
        })
        .collect();
    let constraints: Vec<Value> = e
        .constraints
        .iter()
        .map(|&c| match c {
            Constraint::Rule(r) => {
                json!({"rule": catalog.rule(r).key, "message": catalog.rule(r).message})
            }
            Constraint::Group(g) => json!({"group": catalog.group(g).key}),
        })
        .collect();
    json!({"choices": choices, "constraints": constraints})
}

fn percentile(sorted: &[u128], p: f64) -> u128 {
    if sorted.is_empty() {
        return 0;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn replay(path: &Path, sessions: &Path) -> anyhow::Result<ExitCode> {
    let Some(catalog) = load(path)? else {
        return Ok(ExitCode::from(1));
    };
    let text = read(sessions, "sessions file")?;
    let engine = Engine::new(catalog);
    let catalog = engine.catalog();
    let mut times = Vec::new();
    let mut rejected = 0;
    for (s, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let clicks: Vec<(String, String)> = serde_json::from_str(line).with_context(|| {
            format!(
                "{}:{}: expected a JSON array of [group, item] pairs",
                sessions.display(),
                s + 1
            )
        })?;
        let mut choices: Vec<ItemId> = Vec::new();
        let mut eval = engine.evaluate(&choices);
        for (c, (group, item)) in clicks.iter().enumerate() {
            let id = resolve(catalog, group, item)
                .with_context(|| format!("{}:{}: click {c}", sessions.display(), s + 1))?;
            if eval.item(id) == ItemState::Unavailable {
                rejected += 1;
                let why = engine
                    .explain(&choices, id)
                    .map(|e| explanation_json(catalog, &e));
                println!(
                    "{}",
                    json!({"session": s, "click": c, "unavailable": format!("{group}.{item}"), "explanation": why})
                );
                continue;
            }
            if choices.contains(&id) {
                continue;
            }
            choices = engine.toggle(&choices, id);
            let t = Instant::now();
            eval = engine.evaluate(&choices);
            let micros = t.elapsed().as_micros();
            times.push(micros);
            let available = eval
                .items
                .iter()
                .filter(|s| **s != ItemState::Unavailable)
                .count();
            println!(
                "{}",
                json!({"session": s, "click": c, "micros": micros, "available": available})
            );
        }
    }
    times.sort_unstable();
    println!(
        "{}",
        json!({
            "clicks": times.len(),
            "unavailable": rejected,
            "p50_micros": percentile(&times, 0.5),
            "p99_micros": percentile(&times, 0.99),
            "max_micros": times.last().copied().unwrap_or(0),
        })
    );
    Ok(ExitCode::SUCCESS)
}
