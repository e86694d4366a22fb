//! `configurator`: the command-line tool for catalog authors and the back office.
//!
//! A thin binary over `configurator-engine`: it reads files, calls the library and prints.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

mod bom;
mod cases;
mod check;
mod compare;
mod count;
mod diagram;
mod files;
mod importing;
mod lines;
mod out;
mod quoting;
mod replay;

use files::{json_files, load, read};

use diagram::EnginePath;

use out::err;

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
        /// The catalog file (JSON), or a folder's product-line manifest (`product-lines.json`).
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
        } => check::check(&catalog, today.as_deref(), json, engine, &cases),
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
        } => importing::import_model(format, &file, output.as_deref()),
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
        } => count::count(&catalog, &select, engine),
        Command::Replay {
            catalog,
            sessions,
            engine,
        } => replay::replay(&catalog, &sessions, engine),
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
