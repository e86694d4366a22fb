//! The decision diagram: which path answers (`--engine`), the diagram compiled off-line
//! (`configurator compile`), and loading it beside a catalog instead of compiling.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context};
use configurator_engine::{Catalog, Engine};

use crate::load;
use crate::out::{err, out};

/// Which of the engine's paths answers (`--engine`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum EnginePath {
    /// The decision diagram compiled off-line beside the catalog, else the diagram when it
    /// fits the default budget, else the solver.
    Auto,
    /// The decision diagram only (compiled off-line, or built with a budget of 20 times the
    /// default).
    Diagram,
    /// The solver only.
    Solver,
}

/// Where `configurator compile` writes a catalog's diagram, and where it is looked for: beside
/// the catalog, with the extension `.diagram`.
pub fn artifact_path(catalog: &Path) -> PathBuf {
    catalog.with_extension("diagram")
}

/// The engine for the catalog read from `path`: on the diagram compiled off-line beside it
/// when there is one that matches (a stale or damaged one is reported and ignored), else as
/// `on` says.
pub fn engine_on(catalog: Catalog, path: &Path, on: EnginePath) -> anyhow::Result<Engine> {
    let budget = match on {
        EnginePath::Auto => configurator_engine::DIAGRAM_BUDGET,
        EnginePath::Diagram => configurator_engine::DIAGRAM_BUDGET * 20,
        EnginePath::Solver => 0,
    };
    let file = artifact_path(path);
    let artifact = (on != EnginePath::Solver)
        .then(|| std::fs::read(&file).ok())
        .flatten();
    let engine = match artifact {
        None => Engine::with_diagram_budget(catalog, budget),
        Some(bytes) => {
            let (engine, refused) = Engine::with_artifact_or_budget(catalog, &bytes, budget);
            match refused {
                None => err!(
                    "using the diagram compiled off-line: {} ({} nodes)",
                    file.display(),
                    engine.diagram_size().unwrap_or(0)
                ),
                Some(e) => err!(
                    "warning: {}: {e}; compiling the catalog instead",
                    file.display()
                ),
            }
            engine
        }
    };
    if on == EnginePath::Diagram && engine.diagram_size().is_none() {
        bail!(
            "--engine diagram: this catalog's decision diagram does not fit {budget} nodes; \
             compile it off-line (configurator compile), or use --engine solver or auto"
        );
    }
    Ok(engine)
}

/// Which path an engine answers on, for reports: `diagram` or `solver`.
pub fn path_name(engine: &Engine) -> &'static str {
    if engine.diagram_size().is_some() {
        "diagram"
    } else {
        "solver"
    }
}

/// `configurator compile`: compiles the catalog at `path` with `budget` and writes its
/// diagram to `output` (default: [`artifact_path`]).
pub fn compile(path: &Path, output: Option<&Path>, budget: usize) -> anyhow::Result<ExitCode> {
    let Some(catalog) = load(path)? else {
        return Ok(ExitCode::from(1));
    };
    let start = Instant::now();
    let engine = Engine::compiled_offline(catalog, budget);
    let took = start.elapsed();
    let Some(bytes) = engine.diagram_artifact() else {
        bail!(
            "{}: the decision diagram does not fit {budget} nodes (--budget to allow more); \
             the engine will answer with the solver",
            path.display()
        );
    };
    let target = output.map_or_else(|| artifact_path(path), Path::to_path_buf);
    std::fs::write(&target, &bytes)
        .with_context(|| format!("writing the diagram to {}", target.display()))?;
    // Read back before saying it is done: what the app will load is what was checked here.
    let written = read_bytes(&target)?;
    if let Err(e) = Engine::with_artifact(engine.catalog().clone(), &written) {
        bail!(
            "{}: wrote a diagram that does not read back: {e}",
            target.display()
        );
    }
    out!(
        "{}: {} nodes (at most {} held while compiling), {} bytes, compiled in {} ms (catalog {})",
        target.display(),
        engine.diagram_size().unwrap_or(0),
        engine.diagram_peak().unwrap_or(0),
        bytes.len(),
        took.as_millis(),
        engine.catalog().hash
    );
    Ok(ExitCode::SUCCESS)
}

fn read_bytes(path: &Path) -> anyhow::Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("reading {}", path.display()))
}
