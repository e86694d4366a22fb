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
use configurator_engine::catalog::manifest::{Manifest, ProductLine, MANIFEST_FILE};
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
    /// The catalog as written (kept for the form a contract customer gets:
    /// `configurator_engine::catalog::public::json_for_tier`, the portal's).
    pub text: Arc<str>,
}

/// Catalogs by id; each id may have several versions (kept while old quotes name them).
#[derive(Default)]
pub struct Catalogs {
    by_id: BTreeMap<String, Vec<Arc<Loaded>>>,
    /// What browsers get at `/catalogs/NAME`: public forms and diagrams, by file name, and
    /// the product-line manifest.
    files: BTreeMap<String, Arc<[u8]>>,
    /// The product lines browsers list.
    lines: Manifest,
}

/// A folder's manifest, checked against the catalogs read (file name → catalog id): each line's
/// file is there with the line's id, and each diagram it names is there.
fn checked(
    manifest: Manifest,
    ids: &BTreeMap<String, String>,
    dir: Option<&Path>,
) -> anyhow::Result<Manifest> {
    let at = |dir: &Path| dir.join(MANIFEST_FILE).display().to_string();
    let dir = dir.ok_or_else(|| anyhow::anyhow!("a manifest without a folder"))?;
    for line in &manifest.lines {
        match ids.get(&line.catalog) {
            None => anyhow::bail!(
                "{}: product line `{}`: there is no catalog `{}` in the folder",
                at(dir),
                line.id,
                line.catalog
            ),
            Some(id) if *id != line.id => anyhow::bail!(
                "{}: product line `{}`: `{}` is the catalog `{id}`",
                at(dir),
                line.id,
                line.catalog
            ),
            Some(_) => {}
        }
        if let Some(diagram) = line.diagram.as_ref().filter(|d| !dir.join(d).is_file()) {
            anyhow::bail!(
                "{}: product line `{}`: there is no diagram `{diagram}` in the folder",
                at(dir),
                line.id
            );
        }
    }
    Ok(manifest)
}

/// A manifest for a folder without one: each catalog file a line (the first file of an id)
/// with its diagram when one is served, the demo left out.
fn made(ids: &BTreeMap<String, String>, files: &BTreeMap<String, Arc<[u8]>>) -> Manifest {
    let mut lines: Vec<ProductLine> = Vec::new();
    for (file, id) in ids {
        if file == configurator_engine::DEMO_CATALOG_FILE || lines.iter().any(|l| l.id == *id) {
            continue;
        }
        let diagram = file
            .strip_suffix(".json")
            .map(|stem| format!("{stem}.diagram"))
            .filter(|d| files.contains_key(d));
        lines.push(ProductLine {
            id: id.clone(),
            catalog: file.clone(),
            diagram,
        });
    }
    Manifest { lines }
}

impl Catalogs {
    /// Loads every catalog of `dir` (when it exists) and the built-in demo. A catalog with
    /// errors stops the start, with its errors: the desk never prices with half a catalog.
    ///
    /// The folder's product-line manifest (`product-lines.json`), when there is one, names the
    /// product lines browsers list and their diagrams; it is checked against the catalogs (each
    /// line's file is there and has the line's id) and a wrong one stops the start too. Every
    /// other `*.json` is loaded as well (older versions that stored quotes name). A folder
    /// without a manifest gets one made from its catalogs, in file order.
    pub fn load(dir: Option<&Path>) -> anyhow::Result<Catalogs> {
        let mut c = Catalogs::default();
        let mut texts = Vec::new();
        let mut manifest = None;
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
                if p.file_name().is_some_and(|n| n == MANIFEST_FILE) {
                    let read = Manifest::from_json(&p.display().to_string(), &text);
                    manifest = Some(read.map_err(|e| anyhow::anyhow!("{e}"))?);
                } else {
                    texts.push((p.display().to_string(), text));
                }
            }
        }
        // The demo last: a file of the folder with its name is the one browsers get.
        texts.push((
            configurator_engine::DEMO_CATALOG_FILE.to_owned(),
            configurator_engine::DEMO_CATALOG.to_owned(),
        ));
        let mut ids = BTreeMap::new();
        for (source, text) in texts {
            let (id, public) = c.add(&source, &text)?;
            let name = source.rsplit('/').next().unwrap_or(&source).to_owned();
            if let Some(dir) = dir.filter(|_| !c.files.contains_key(&name)) {
                let diagram = match manifest.as_ref().and_then(|m| m.line_of_file(&name)) {
                    Some(line) => line.diagram.clone(),
                    None => name.strip_suffix(".json").map(|s| format!("{s}.diagram")),
                };
                if let Some(diagram) = diagram {
                    c.add_diagram(dir, &diagram, &name, &text, &public)?;
                }
            }
            ids.entry(name.clone()).or_insert(id);
            c.files
                .entry(name)
                .or_insert_with(|| public.into_bytes().into());
        }
        let manifest = match manifest {
            Some(m) => checked(m, &ids, dir)?,
            None => made(&ids, &c.files),
        };
        c.files.insert(
            MANIFEST_FILE.to_owned(),
            manifest.to_json().into_bytes().into(),
        );
        c.lines = manifest;
        Ok(c)
    }

    /// The product lines browsers list (the folder's manifest, or one made from its files).
    pub fn lines(&self) -> &Manifest {
        &self.lines
    }

    /// Adds the diagram `file` shipped for catalog file `name` (the manifest's, or
    /// `STEM.diagram` beside it), named for the catalog's public form; one that is stale is
    /// served as it is (the app says so and compiles).
    fn add_diagram(
        &mut self,
        dir: &Path,
        file: &str,
        name: &str,
        text: &str,
        public: &str,
    ) -> anyhow::Result<()> {
        let Ok(bytes) = std::fs::read(dir.join(file)) else {
            return Ok(());
        };
        let full = Catalog::from_json(name, text).map_err(|e| anyhow::anyhow!("{e}"))?;
        let open = Catalog::from_json(name, public).map_err(|e| anyhow::anyhow!("{e}"))?;
        let served = match Engine::rebind_artifact(&full, &open, &bytes) {
            Ok(rebound) => rebound,
            Err(e) => {
                eprintln!("configurator-server: {}: {e}", dir.join(file).display());
                bytes
            }
        };
        self.files.insert(file.to_owned(), served.into());
        Ok(())
    }

    /// What browsers get at `/catalogs/NAME`: a catalog's public form or a diagram.
    pub fn public_file(&self, name: &str) -> Option<Arc<[u8]>> {
        self.files.get(name).cloned()
    }

    /// Adds one catalog (a version already there is skipped); its id and public form.
    pub fn add(&mut self, source: &str, text: &str) -> anyhow::Result<(String, String)> {
        let catalog = Catalog::from_json(source, text).map_err(|e| anyhow::anyhow!("{e}"))?;
        let public = public_json(text).map_err(|e| anyhow::anyhow!("{source}: {e}"))?;
        let id = catalog.id.clone();
        let versions = self.by_id.entry(id.clone()).or_default();
        if versions
            .iter()
            .any(|l| l.engine.catalog().hash == catalog.hash)
        {
            return Ok((id, public));
        }
        versions.push(Arc::new(Loaded {
            engine: Engine::new(catalog),
            source: source.to_owned(),
            public_hash: content_hash(public.as_bytes()),
            text: text.into(),
        }));
        Ok((id, public))
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
