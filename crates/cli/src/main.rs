//! `configurator`: the command-line tool for catalog authors and the back office.
//!
//! A thin binary over `configurator-engine`: it reads files, calls the library and prints.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context};
use clap::{Parser, Subcommand, ValueEnum};
use configurator_engine::lint::{lint, Warning};
use configurator_engine::{import, Catalog, Constraint, Date, Explanation, ItemId, ItemState};
use serde_json::{json, Value};

mod bom;
mod cases;
mod compare;
mod diagram;
mod out;
mod quoting;

use diagram::{engine_on, path_name, EnginePath};

use out::{err, out, out_json};

#[derive(Parser)]
#[command(
    name = "configurator",
    version,
    about = "Check, price, quote, verify, diff, compare, import, count, replay and compile product catalogs"
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
    /// UVL (Universal Variability Language) feature models, Boolean level.
    Uvl,
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
        /// Print errors and warnings as one JSON object (for machines).
        #[arg(long)]
        json: bool,
        /// Which path answers: the decision diagram when it fits (auto), the diagram only
        /// (built with a budget of 20 times the default; an error when it does not fit), or
        /// the solver only.
        #[arg(long, value_enum, default_value = "auto")]
        engine: EnginePath,
        /// A file of known configurations with what the engine must say about each (status,
        /// explanations, unavailable and implied items, totals); exit code 1 if any differs.
        /// Repeatable. The format: docs/catalog-guide.md.
        #[arg(long, value_name = "FILE")]
        cases: Vec<PathBuf>,
    },
    /// Price a configuration: the bill of materials with each line's waterfall and totals.
    ///
    /// CONFIG is a JSON array of ["group", "item"] or ["group", "item", quantity] choices, or a
    /// quote file (its configuration is used).
    Price {
        /// The catalog file (JSON).
        catalog: PathBuf,
        /// The configuration file.
        config: PathBuf,
        #[command(flatten)]
        context: quoting::ContextArgs,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: quoting::Output,
    },
    /// Make a quote (canonical JSON): configuration, pricing context, metadata, priced BOM.
    Quote {
        /// The catalog file (JSON).
        catalog: PathBuf,
        /// The configuration file (see `price`).
        config: PathBuf,
        #[command(flatten)]
        context: quoting::ContextArgs,
        #[command(flatten)]
        meta: quoting::MetaArgs,
        /// Where to write the quote (standard output when absent).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Recompute a quote from the catalog and report every difference (exit code 1 if any).
    ///
    /// Checks the catalog version, the configuration's validity, every line's price,
    /// discounts and net, and the totals: a tampered quote never passes.
    Verify {
        /// The catalog file (JSON).
        catalog: PathBuf,
        /// The quote file (JSON, as written by `quote` or the web app).
        quote: PathBuf,
        /// Also report a quote whose valid_until is before this date (YYYY-MM-DD).
        #[arg(long)]
        today: Option<String>,
        /// The customer account's price book: with it (or --entitled-tier), say how far below
        /// the account's entitled price the quote goes and which approval level it needs.
        #[arg(long, value_name = "BOOK")]
        entitled_book: Option<String>,
        /// The customer account's partner tier (none when absent): a better tier on the quote
        /// counts as discount, like a deal.
        #[arg(long, value_name = "TIER")]
        entitled_tier: Option<String>,
        /// The role of the quote's owner, whose limit applies (rep, manager, director, admin).
        #[arg(long, value_name = "ROLE", default_value = "rep")]
        owner: String,
    },
    /// What changed between two catalog versions: items, prices, rules; with --configs,
    /// which saved configurations the new version makes invalid, and why (exit code 1 if any).
    Diff {
        /// The old catalog.
        old: PathBuf,
        /// The new catalog.
        new: PathBuf,
        /// A directory of saved configurations or quotes (*.json) to check against NEW.
        #[arg(long, value_name = "DIR")]
        configs: Option<PathBuf>,
    },
    /// Compare configurations of a catalog side by side: status, answers to guided questions,
    /// bill-of-materials lines, resources and totals, the rows that differ marked `*`.
    ///
    /// Exit code 0 when every row is the same, 1 when some row differs.
    Compare {
        /// The catalog file (JSON).
        catalog: PathBuf,
        /// Two or more configuration files (see `price`), one column each.
        #[arg(required = true, num_args = 2..)]
        configs: Vec<PathBuf>,
        #[command(flatten)]
        context: quoting::ContextArgs,
        /// Only the rows that differ.
        #[arg(long)]
        only_differences: bool,
        /// Print the rows as one JSON object (for machines).
        #[arg(long)]
        json: bool,
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
    /// Rebuild a bill of materials (CSV with a `sku` and a `quantity` column, or plain lines
    /// like `NR220-24SFF 2`) into a configuration, and report every line that did not go in as
    /// written (unknown SKU, quantity not sold, conflict with the lines before, with why and
    /// what to remove), what the rules add and what is still missing.
    ///
    /// Exit code 0 when it went in whole into a complete configuration, 1 otherwise.
    ImportBom {
        /// The catalog file, or a folder of catalogs: the one that knows most of the SKUs.
        catalog: PathBuf,
        /// The bill of materials.
        file: PathBuf,
        /// Where to write the rebuilt configuration (the file `price` and `quote` read).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Print the findings as one JSON object (for machines).
        #[arg(long)]
        json: bool,
    },
    /// Print the exact number of complete valid configurations (alone on the last line).
    Count {
        /// The catalog file (JSON).
        catalog: PathBuf,
        /// A choice to start from, as GROUP=ITEM (repeatable).
        #[arg(long = "select", value_name = "GROUP=ITEM")]
        select: Vec<String>,
        /// Which path answers: the decision diagram when it fits (auto), the diagram only
        /// (built with a budget of 20 times the default; an error when it does not fit), or
        /// the solver only.
        #[arg(long, value_enum, default_value = "auto")]
        engine: EnginePath,
    },
    /// Replay click sessions and print the engine's time and answer for every click.
    ///
    /// Each line of SESSIONS is a JSON array of [group, item] choices, applied in order. For
    /// every click a JSON line {"session", "click", "micros", "available"}; a choice that is
    /// unavailable when its turn comes is reported with its explanation and skipped. Last, a
    /// summary line with the path that answered (engine), p50_micros, p99_micros and
    /// max_micros.
    Replay {
        /// The catalog file (JSON).
        catalog: PathBuf,
        /// Sessions, one JSON array per line.
        sessions: PathBuf,
        /// Which path answers: the decision diagram when it fits (auto), the diagram only
        /// (built with a budget of 20 times the default; an error when it does not fit), or
        /// the solver only.
        #[arg(long, value_enum, default_value = "auto")]
        engine: EnginePath,
    },
    /// Compile a catalog's decision diagram once, off-line, into a file the app and this
    /// command load instead of compiling (see docs/diagram-artifact.md).
    ///
    /// The file is tied to the catalog's content hash: after any change to the catalog, it is
    /// stale and ignored (with a warning) until compiled again. By default it is written beside
    /// the catalog, as CATALOG with the extension `.diagram`, where `check`, `count`, `replay`
    /// and the app's `?catalog=` look for it.
    Compile {
        /// The catalog file (JSON).
        catalog: PathBuf,
        /// Where to write the diagram (default: beside the catalog, extension `.diagram`).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// The largest diagram to build, in nodes (the default is 50 times the budget the
        /// engine allows itself when it compiles on load).
        #[arg(long, default_value_t = 50 * configurator_engine::DIAGRAM_BUDGET)]
        budget: usize,
    },
    /// Print the JSON Schema of catalog files (for completion and validation in editors).
    Schema,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            err!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Check {
            catalog,
            today,
            json,
            engine,
            cases,
        } => check(&catalog, today.as_deref(), json, engine, &cases),
        Command::Price {
            catalog,
            config,
            context,
            format,
        } => quoting::price_cmd(&catalog, &config, &context, format),
        Command::Quote {
            catalog,
            config,
            context,
            meta,
            output,
        } => quoting::quote_cmd(&catalog, &config, &context, &meta, output.as_deref()),
        Command::Verify {
            catalog,
            quote,
            today,
            entitled_book,
            entitled_tier,
            owner,
        } => {
            let any = entitled_book.is_some() || entitled_tier.is_some();
            let entitled = any.then_some(configurator_engine::quote::entitlement::Entitlement {
                price_book: entitled_book,
                partner_tier: entitled_tier,
            });
            quoting::verify_cmd(
                &catalog,
                &quote,
                today.as_deref(),
                entitled.as_ref(),
                &owner,
            )
        }
        Command::Diff { old, new, configs } => quoting::diff_cmd(&old, &new, configs.as_deref()),
        Command::Compare {
            catalog,
            configs,
            context,
            only_differences,
            json,
        } => compare::compare_cmd(&catalog, &configs, &context, only_differences, json),
        Command::Import {
            format,
            file,
            output,
        } => import_model(format, &file, output.as_deref()),
        Command::ImportBom {
            catalog,
            file,
            output,
            json,
        } => bom::import_bom(&catalog, &file, output.as_deref(), json),
        Command::Count {
            catalog,
            select,
            engine,
        } => count(&catalog, &select, engine),
        Command::Replay {
            catalog,
            sessions,
            engine,
        } => replay(&catalog, &sessions, engine),
        Command::Compile {
            catalog,
            output,
            budget,
        } => diagram::compile(&catalog, output.as_deref(), budget),
        Command::Schema => {
            print!("{}", configurator_engine::CATALOG_SCHEMA);
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// A text file; text that is not UTF-8 is an error at its first bad byte (line and column).
fn read(path: &Path, what: &str) -> anyhow::Result<String> {
    let bytes =
        std::fs::read(path).with_context(|| format!("cannot read {what} {}", path.display()))?;
    String::from_utf8(bytes).map_err(|e| {
        let good = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let before = String::from_utf8_lossy(&bytes[..good]);
        let at = configurator_engine::catalog::locate::Position::of_offset(&before, before.len());
        anyhow::anyhow!(
            "{}:{}:{}: the {what} is not UTF-8 text (byte 0x{:02x})",
            path.display(),
            at.line,
            at.column,
            bytes[good]
        )
    })
}

/// The `*.json` files of a folder, sorted.
fn json_files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read directory {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    Ok(files)
}

/// Loads a catalog, printing its errors; `None` when it has any.
fn load(path: &Path) -> anyhow::Result<Option<Catalog>> {
    let text = read(path, "catalog file")?;
    let name = path.display().to_string();
    match Catalog::from_json(&name, &text) {
        Ok(c) => Ok(Some(c)),
        Err(err) => {
            err!("{err}");
            let n = err.diagnostics.len();
            err!("{name}: {n} error{}", if n == 1 { "" } else { "s" });
            Ok(None)
        }
    }
}

fn check(
    path: &Path,
    today: Option<&str>,
    json: bool,
    on: EnginePath,
    cases: &[PathBuf],
) -> anyhow::Result<ExitCode> {
    if json && !cases.is_empty() {
        bail!("--cases reports in text: use it without --json");
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
        failed += cases::run(&engine, file)?;
    }
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// A lint finding's subject (an item, a rule or the catalog) and message, as `check` prints.
fn render(c: &Catalog, w: &Warning) -> (String, String) {
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
        Format::Uvl => import::uvl::to_catalog(&name, &text),
    };
    let catalog = match catalog {
        Ok(c) => c,
        Err(e) => {
            err!("error: {e}");
            return Ok(ExitCode::from(1));
        }
    };
    let text = serde_json::to_string_pretty(&catalog)? + "\n";
    match output {
        Some(out) => {
            std::fs::write(out, text).with_context(|| format!("cannot write {}", out.display()))?
        }
        None => out_json!("{text}"),
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

fn count(path: &Path, select: &[String], on: EnginePath) -> anyhow::Result<ExitCode> {
    let Some(catalog) = load(path)? else {
        return Ok(ExitCode::from(1));
    };
    let choices = parse_choices(&catalog, select)?;
    let engine = engine_on(catalog, path, on)?;
    // Asked for explicitly, so the model counter may work longer than the engine's default
    // (about a minute natively) before it gives up.
    match engine.count_within(&choices, 20 * configurator_engine::COUNT_BUDGET) {
        Some(n) => {
            out!("{n}");
            Ok(ExitCode::SUCCESS)
        }
        None => bail!(
            "this catalog is too large for an exact count: its decision diagram exceeds {} nodes, \
             and the model counter either gave up after about a minute or cannot count it (a \
             resource rule over many items with wide quantities is too large to write out)",
            configurator_engine::DIAGRAM_BUDGET
        ),
    }
}

fn explanation_json(catalog: &Catalog, e: &Explanation) -> Value {
    let choices: Vec<String> = e.choices.iter().map(|&i| catalog.item_key(i)).collect();
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

fn replay(path: &Path, sessions: &Path, on: EnginePath) -> anyhow::Result<ExitCode> {
    let Some(catalog) = load(path)? else {
        return Ok(ExitCode::from(1));
    };
    let text = read(sessions, "sessions file")?;
    let engine = engine_on(catalog, path, on)?;
    let catalog = engine.catalog();
    let mut times = Vec::new();
    let mut rejected = 0;
    for (s, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let place = || format!("{}:{}", sessions.display(), s + 1);
        let clicks: Vec<(String, String)> = configurator_engine::quote::choices_from_json(line)
            .map_err(|e| {
                anyhow::anyhow!(
                    "{}: {e} (a session is a JSON array of [group, item] pairs)",
                    place()
                )
            })?
            .into_iter()
            .enumerate()
            .map(|(k, c)| match c.quantity {
                None => Ok((c.group, c.item)),
                Some(q) => bail!(
                    "{}: click {} sets a quantity ({q}): replayed clicks are [group, item] pairs",
                    place(),
                    k + 1
                ),
            })
            .collect::<anyhow::Result<_>>()?;
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
                out_json!(
                    "{}\n",
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
            out_json!(
                "{}\n",
                json!({"session": s, "click": c, "micros": micros, "available": available})
            );
        }
    }
    times.sort_unstable();
    out_json!(
        "{}\n",
        json!({
            "engine": path_name(&engine),
            "clicks": times.len(),
            "unavailable": rejected,
            "p50_micros": percentile(&times, 0.5),
            "p99_micros": percentile(&times, 0.99),
            "max_micros": times.last().copied().unwrap_or(0),
        })
    );
    Ok(ExitCode::SUCCESS)
}
