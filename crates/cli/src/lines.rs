//! The product-line manifest of a catalogs folder (`product-lines.json`): `configurator check`
//! on it, and the catalogs a folder holds for the commands that take one (`import-bom`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use configurator_engine::catalog::manifest::{Manifest, MANIFEST_FILE};
use configurator_engine::{Catalog, Engine};

use crate::out::{err, out};
use crate::read;

/// Whether `path` names a product-line manifest.
pub fn is_manifest(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == MANIFEST_FILE)
}

/// The manifest of `dir`, if it has one; its errors, placed, if it cannot be read.
fn manifest_of(dir: &Path) -> anyhow::Result<Option<Manifest>> {
    let path = dir.join(MANIFEST_FILE);
    if !path.is_file() {
        return Ok(None);
    }
    let text = read(&path, "product-line manifest")?;
    Manifest::from_json(&path.display().to_string(), &text)
        .map(Some)
        .map_err(|e| anyhow::anyhow!("{e}"))
}

/// The catalogs of a folder: its manifest's product lines in the manifest's order, or, in a
/// folder without a manifest, every `*.json` file, sorted.
pub fn catalog_files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    match manifest_of(dir)? {
        Some(m) => Ok(m.lines.iter().map(|l| dir.join(&l.catalog)).collect()),
        None => crate::json_files(dir),
    }
}

/// `configurator check product-lines.json`: the manifest reads, each line's catalog is in the
/// folder, loads and has the line's id, each diagram is there and matches its catalog, and
/// every catalog of the folder is a line (a warning: a folder may keep older versions).
pub fn check(path: &Path) -> anyhow::Result<ExitCode> {
    let name = path.display().to_string();
    let text = read(path, "product-line manifest")?;
    let manifest = match Manifest::from_json(&name, &text) {
        Ok(m) => m,
        Err(e) => {
            err!("{e}");
            return Ok(ExitCode::from(1));
        }
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut problems = 0;
    for line in &manifest.lines {
        if let Err(why) = check_line(dir, &line.catalog, &line.id, line.diagram.as_deref()) {
            err!("error: {name}: product line `{}`: {why}", line.id);
            problems += 1;
        }
    }
    for file in crate::json_files(dir)? {
        let listed = file
            .file_name()
            .and_then(|f| f.to_str())
            .is_some_and(|f| f == MANIFEST_FILE || manifest.line_of_file(f).is_some());
        if !listed {
            out!("warning: {name}: {} is not a product line", file.display());
        }
    }
    if problems > 0 {
        err!(
            "{name}: {problems} error{}",
            if problems == 1 { "" } else { "s" }
        );
        return Ok(ExitCode::from(1));
    }
    let n = manifest.lines.len();
    out!(
        "ok: {name}: {n} product line{}",
        if n == 1 { "" } else { "s" }
    );
    Ok(ExitCode::SUCCESS)
}

/// One line's files, or what is wrong with them.
fn check_line(dir: &Path, file: &str, id: &str, diagram: Option<&str>) -> Result<(), String> {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let catalog = Catalog::from_json(&path.display().to_string(), &text).map_err(|e| {
        format!(
            "{file} has errors (run `configurator check {}`)\n{e}",
            path.display()
        )
    })?;
    if catalog.id != id {
        return Err(format!("{file} is the catalog `{}`", catalog.id));
    }
    if let Some(diagram) = diagram {
        let at = dir.join(diagram);
        let bytes = std::fs::read(&at).map_err(|e| format!("{}: {e}", at.display()))?;
        Engine::with_artifact(catalog, &bytes).map_err(|e| {
            format!(
                "{diagram}: {e} (run `configurator compile {}`)",
                path.display()
            )
        })?;
    }
    Ok(())
}
