//! `configurator import`: XCSP, DIMACS and UVL models into catalogs.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use configurator_engine::import;

use crate::out::{err, out_json};
use crate::{read, Format};

pub fn import_model(
    format: Format,
    file: &Path,
    output: Option<&Path>,
) -> anyhow::Result<ExitCode> {
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
