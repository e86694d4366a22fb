//! Reading the files the commands are given.

use std::path::{Path, PathBuf};

use anyhow::Context;
use configurator_engine::Catalog;

use crate::out::err;

/// A text file; text that is not UTF-8 is an error at its first bad byte (line and column).
pub fn read(path: &Path, what: &str) -> anyhow::Result<String> {
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
pub fn json_files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read directory {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    Ok(files)
}

/// Loads a catalog, printing its errors; `None` when it has any.
pub fn load(path: &Path) -> anyhow::Result<Option<Catalog>> {
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
