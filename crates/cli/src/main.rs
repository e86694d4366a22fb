//! `configurator`: the command-line tool for catalog authors and the back office.
//!
//! A thin binary over `configurator-engine`: it reads files, calls the library and prints.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use configurator_engine::{Catalog, Engine, Status};

#[derive(Parser)]
#[command(
    name = "configurator",
    version,
    about = "Check, price and quote product catalogs"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Load a catalog file and report every problem with its file, line and column.
    ///
    /// Exit code 0 when the catalog loads, 1 when it has errors, 2 when it cannot be read.
    Check {
        /// The catalog file (JSON).
        catalog: PathBuf,
    },
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
        Command::Check { catalog } => check(&catalog),
    }
}

fn check(path: &PathBuf) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read catalog file {}", path.display()))?;
    let name = path.display().to_string();
    match Catalog::from_json(&name, &text) {
        Ok(catalog) => {
            let (groups, items, rules) = (
                catalog.groups().len(),
                catalog.items().len(),
                catalog.rules().len(),
            );
            let engine = Engine::new(catalog);
            let eval = engine.evaluate(&[]);
            let c = engine.catalog();
            println!(
                "ok: {name}: {} {} ({groups} groups, {items} items, {rules} rules)",
                c.name, c.version
            );
            if let Status::Conflict(_) = eval.status {
                println!("warning: {name}: no valid configuration exists");
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(err) => {
            eprintln!("{err}");
            let n = err.diagnostics.len();
            eprintln!("{name}: {n} error{}", if n == 1 { "" } else { "s" });
            Ok(ExitCode::from(1))
        }
    }
}
