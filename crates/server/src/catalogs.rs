//! The catalogs the desk prices with: every `*.json` of the catalogs folder, plus the engine's
//! built-in demo catalog. A quote names its catalog by id, version and content hash; the desk
//! prices only with the exact catalog it names.
//!
//! Browsers get each catalog's public form (`configurator_engine::catalog::public`: no partner
//! tiers, no deal limits) at `/catalogs/FILE.json`, and its shipped diagram named for that form;
//! a quote made in the app names the public form's hash, which [`Catalogs::find`] knows as the
//! full catalog's.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use configurator_engine::catalog::content_hash;
use configurator_engine::catalog::public::public_json;
use configurator_engine::{Catalog, Engine};

/// A loaded catalog with its engine.
pub struct Loaded {
    /// The engine (it owns the catalog).
    pub engine: Engine,
    /// Where it came from (a file name), for messages.
    pub source: String,
    /// The content hash of its public form, the one browsers get (and quotes made there name).
    pub public_hash: String,
}

/// Catalogs by id; each id may have several versions (kept while old quotes name them).
#[derive(Default)]
pub struct Catalogs {
    by_id: BTreeMap<String, Vec<Arc<Loaded>>>,
    /// What browsers get at `/catalogs/NAME`: public forms and diagrams, by file name.
    files: BTreeMap<String, Arc<[u8]>>,
}

impl Catalogs {
    /// Loads every catalog of `dir` (when it exists) and the built-in demo. A catalog with
    /// errors stops the start, with its errors: the desk never prices with half a catalog.
    pub fn load(dir: Option<&Path>) -> anyhow::Result<Catalogs> {
        let mut c = Catalogs::default();
        let mut texts = Vec::new();
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
        // The demo last: a file of the folder with its name is the one browsers get.
        texts.push((
            configurator_engine::DEMO_CATALOG_FILE.to_owned(),
            configurator_engine::DEMO_CATALOG.to_owned(),
        ));
        for (source, text) in texts {
            let public = c.add(&source, &text)?;
            let name = source.rsplit('/').next().unwrap_or(&source).to_owned();
            if let Some(dir) = dir.filter(|_| !c.files.contains_key(&name)) {
                c.add_diagram(dir, &name, &text, &public)?;
            }
            c.files
                .entry(name)
                .or_insert_with(|| public.into_bytes().into());
        }
        Ok(c)
    }

    /// Adds the diagram shipped beside catalog file `name` (`STEM.diagram`), named for the
    /// catalog's public form; one that is stale is served as it is (the app says so and
    /// compiles).
    fn add_diagram(
        &mut self,
        dir: &Path,
        name: &str,
        text: &str,
        public: &str,
    ) -> anyhow::Result<()> {
        let Some(stem) = name.strip_suffix(".json") else {
            return Ok(());
        };
        let file = format!("{stem}.diagram");
        let Ok(bytes) = std::fs::read(dir.join(&file)) else {
            return Ok(());
        };
        let full = Catalog::from_json(name, text).map_err(|e| anyhow::anyhow!("{e}"))?;
        let open = Catalog::from_json(name, public).map_err(|e| anyhow::anyhow!("{e}"))?;
        let served = match Engine::rebind_artifact(&full, &open, &bytes) {
            Ok(rebound) => rebound,
            Err(e) => {
                eprintln!("configurator-server: {}: {e}", dir.join(&file).display());
                bytes
            }
        };
        self.files.insert(file, served.into());
        Ok(())
    }

    /// What browsers get at `/catalogs/NAME`: a catalog's public form or a diagram.
    pub fn public_file(&self, name: &str) -> Option<Arc<[u8]>> {
        self.files.get(name).cloned()
    }

    /// Adds one catalog (a version already there is skipped); its public form.
    pub fn add(&mut self, source: &str, text: &str) -> anyhow::Result<String> {
        let catalog = Catalog::from_json(source, text).map_err(|e| anyhow::anyhow!("{e}"))?;
        let public = public_json(text).map_err(|e| anyhow::anyhow!("{source}: {e}"))?;
        let versions = self.by_id.entry(catalog.id.clone()).or_default();
        if versions
            .iter()
            .any(|l| l.engine.catalog().hash == catalog.hash)
        {
            return Ok(public);
        }
        versions.push(Arc::new(Loaded {
            engine: Engine::new(catalog),
            source: source.to_owned(),
            public_hash: content_hash(public.as_bytes()),
        }));
        Ok(public)
    }

    /// The catalog with this id and content hash (its own, or its public form's: a quote made
    /// in the app names the form the browser had).
    pub fn find(&self, id: &str, hash: &str) -> Option<Arc<Loaded>> {
        let versions = self.by_id.get(id)?;
        versions
            .iter()
            .find(|l| {
                let c = l.engine.catalog();
                c.hash == hash || c.legacy_hash == hash || l.public_hash == hash
            })
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
