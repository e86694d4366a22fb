//! The catalogs the desk prices with: every `*.json` of the catalogs folder, plus the engine's
//! built-in demo catalog. A quote names its catalog by id, version and content hash; the desk
//! prices only with the exact catalog it names.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use configurator_engine::{Catalog, Engine};

/// A loaded catalog with its engine.
pub struct Loaded {
    /// The engine (it owns the catalog).
    pub engine: Engine,
    /// Where it came from (a file name), for messages.
    pub source: String,
}

/// Catalogs by id; each id may have several versions (kept while old quotes name them).
#[derive(Default)]
pub struct Catalogs {
    by_id: BTreeMap<String, Vec<Arc<Loaded>>>,
}

impl Catalogs {
    /// Loads every catalog of `dir` (when it exists) and the built-in demo. A catalog with
    /// errors stops the start, with its errors: the desk never prices with half a catalog.
    pub fn load(dir: Option<&Path>) -> anyhow::Result<Catalogs> {
        let mut c = Catalogs::default();
        let mut texts = vec![(
            configurator_engine::DEMO_CATALOG_FILE.to_owned(),
            configurator_engine::DEMO_CATALOG.to_owned(),
        )];
        if let Some(dir) = dir {
            let entries = std::fs::read_dir(dir)
                .map_err(|e| anyhow::anyhow!("--catalogs {}: {e}", dir.display()))?;
            let mut paths: Vec<_> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect();
            paths.sort();
            for p in paths {
                let text = std::fs::read_to_string(&p)
                    .map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
                texts.push((p.display().to_string(), text));
            }
        }
        for (source, text) in texts {
            c.add(&source, &text)?;
        }
        Ok(c)
    }

    /// Adds one catalog (a version already there is skipped).
    pub fn add(&mut self, source: &str, text: &str) -> anyhow::Result<()> {
        let catalog = Catalog::from_json(source, text).map_err(|e| anyhow::anyhow!("{e}"))?;
        let versions = self.by_id.entry(catalog.id.clone()).or_default();
        if versions
            .iter()
            .any(|l| l.engine.catalog().hash == catalog.hash)
        {
            return Ok(());
        }
        versions.push(Arc::new(Loaded {
            engine: Engine::new(catalog),
            source: source.to_owned(),
        }));
        Ok(())
    }

    /// The catalog with this id and content hash.
    pub fn find(&self, id: &str, hash: &str) -> Option<Arc<Loaded>> {
        let versions = self.by_id.get(id)?;
        versions
            .iter()
            .find(|l| l.engine.catalog().hash == hash || l.engine.catalog().legacy_hash == hash)
            .cloned()
    }

    /// Whether any version of `id` is loaded.
    pub fn knows(&self, id: &str) -> bool {
        self.by_id.contains_key(id)
    }

    /// The newest loaded version of `id`: the greatest version label, numbers compared as
    /// numbers (`2026.11` is newer than `2026.9`).
    pub fn current(&self, id: &str) -> Option<Arc<Loaded>> {
        self.by_id
            .get(id)?
            .iter()
            .max_by(|a, b| version_order(&a.engine.catalog().version, &b.engine.catalog().version))
            .cloned()
    }

    /// Every loaded catalog: id, version, hash, name.
    pub fn list(&self) -> Vec<Arc<Loaded>> {
        self.by_id.values().flatten().cloned().collect()
    }
}

/// Compares version labels: runs of digits as numbers, everything else as text.
fn version_order(a: &str, b: &str) -> std::cmp::Ordering {
    fn parts(s: &str) -> Vec<(u64, String)> {
        let mut out = Vec::new();
        let mut rest = s;
        while !rest.is_empty() {
            let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            if digits > 0 {
                let (d, r) = rest.split_at(digits);
                out.push((d.parse().unwrap_or(u64::MAX), String::new()));
                rest = r;
            } else {
                let text =
                    rest.len() - rest.trim_start_matches(|c: char| !c.is_ascii_digit()).len();
                let (t, r) = rest.split_at(text);
                out.push((0, t.to_owned()));
                rest = r;
            }
        }
        out
    }
    parts(a).cmp(&parts(b))
}

#[cfg(test)]
mod tests {
    use super::version_order;
    use std::cmp::Ordering::*;

    #[test]
    fn versions_compare_numbers_as_numbers() {
        assert_eq!(version_order("2026.11", "2026.9"), Greater);
        assert_eq!(version_order("2025.01", "2026.11"), Less);
        assert_eq!(version_order("1.2", "1.2"), Equal);
        assert_eq!(version_order("1.2-beta", "1.2"), Greater);
    }
}
