//! Opening the catalog the address names: a built-in product line or a catalog fetched from
//! an address, and where its engine runs (on the page, or in a worker for a large catalog).

use std::rc::Rc;
use std::sync::Arc;

use configurator_engine::{wire, Catalog, CatalogError, Engine};

use crate::state::Loaded;
use crate::{url, worker};

/// What opening the catalog in the address gave.
#[derive(Clone)]
pub enum Opened {
    /// No catalog named: the start page's product lines.
    Start(Vec<crate::components::start_page::Line>),
    /// Ready to configure.
    Loaded(Loaded),
    /// The catalog has errors.
    Invalid(CatalogError),
    /// No built-in product line has this id.
    NoProduct(String),
    /// The catalog could not be fetched, and why.
    Unreachable(String),
}

pub async fn open(source: url::Source) -> Opened {
    // A built-in catalog (its file in `catalogs/`), or a catalog at an address.
    let (address, file) = match source {
        url::Source::Product(id) => match crate::built_in::file_of(&id) {
            Some(file) => (crate::built_in::address(file), Some(file)),
            None => return Opened::NoProduct(id),
        },
        url::Source::Remote(address) => (address, None),
        url::Source::Start => {
            let lines = crate::built_in::all().await;
            let lines = lines.into_iter().map(|(catalog, diagram)| {
                crate::components::start_page::Line::of(catalog, diagram)
            });
            return Opened::Start(lines.collect());
        }
    };
    // The diagram compiled off-line: a built-in catalog's if it ships one, or the one the
    // address names (`?diagram=URL`), fetched with the catalog; else, for a large catalog, the
    // file beside it, fetched while the catalog is parsed. (Not beside small ones, which
    // compile in milliseconds: a missing file costs a request, and a 404 on the console; a
    // missing named file is that 404 too, and the catalog compiles.)
    let start = |at: String| (crate::browser::fetch_bytes(&at), at);
    let known = match file {
        Some(file) => crate::built_in::diagram_address(file),
        None => url::param("diagram"),
    }
    .map(start);
    crate::built_in::set_catalog_address(&address);
    let (fetched, text) = match crate::browser::fetch_text(address).await {
        Ok(fetched) => fetched,
        Err(reason) => return Opened::Unreachable(reason),
    };
    let name = file.map_or(fetched, crate::built_in::name);
    let diagram = known.or_else(|| {
        (file.is_none() && text.len() > LARGE_TEXT).then(|| start(artifact_address(&name)))
    });
    let catalog = match Catalog::from_json(&name, &text) {
        Ok(catalog) => catalog,
        Err(error) => return Opened::Invalid(error),
    };
    let mut artifact = None;
    if let Some((bytes, at)) = diagram {
        artifact = bytes.await.map(|b| (at, b));
    }
    Opened::Loaded(load(catalog, &text, artifact).await)
}

/// Where the diagram compiled off-line for the (large) catalog at `address` is looked for:
/// beside it, the extension `.json` replaced by `.diagram` (as `configurator compile` writes
/// it).
pub fn artifact_address(address: &str) -> String {
    let cut = address.find(['?', '#']).unwrap_or(address.len());
    let (path, rest) = address.split_at(cut);
    let stem = path.strip_suffix(".json").unwrap_or(path);
    format!("{stem}.diagram{rest}")
}

/// The engine (on the page or in the worker): on the diagram compiled off-line when there is
/// one for this catalog, else compiled with `budget`. An artifact that cannot be used (stale,
/// damaged) is reported on the console, and the catalog compiled instead.
pub fn engine_from(
    catalog: Catalog,
    budget: usize,
    artifact: Option<&(String, Vec<u8>)>,
) -> Engine {
    let Some((address, bytes)) = artifact.filter(|_| budget > 0) else {
        return Engine::with_diagram_budget(catalog, budget);
    };
    let (engine, refused) = Engine::with_artifact_or_budget(catalog, bytes, budget);
    match refused {
        None => web_sys::console::info_1(
            &format!(
                "{address}: the decision diagram compiled off-line ({} nodes)",
                engine.diagram_size().unwrap_or(0)
            )
            .into(),
        ),
        Some(e) => web_sys::console::warn_1(
            &format!("{address}: {e}; compiling the catalog instead").into(),
        ),
    }
    engine
}

/// Catalogs larger than this (text bytes, or items) get their engine in a worker: the demo
/// catalogs answer a click in microseconds, the shared benchmark models (5 MB of tables, or
/// hundreds of items with thousands of clauses) in milliseconds to tens of milliseconds.
const LARGE_TEXT: usize = 512 * 1024;
const LARGE_ITEMS: usize = 300;

/// The diagram budget the address asks for: `?backend=solver` (no diagram: every answer from
/// the solver), `?backend=diagram` (a budget twenty times the default), otherwise the default
/// (the diagram when it fits, else the solver). For taking figures on either path.
pub fn diagram_budget() -> usize {
    let default = configurator_engine::DIAGRAM_BUDGET;
    match url::param("backend").as_deref() {
        Some("solver") => 0,
        Some("diagram") => default * 20,
        _ => default,
    }
}

/// Decides where a parsed catalog's engine runs (`text` is its source, which a worker parses
/// for itself): `?engine=worker` or `?engine=page` in the address choose; otherwise a worker
/// for a large catalog. Without a worker (none can be made, or it fails to answer) the engine
/// runs on the page.
async fn load(catalog: Catalog, text: &str, artifact: Option<(String, Vec<u8>)>) -> Loaded {
    let large = text.len() > LARGE_TEXT || catalog.items().len() > LARGE_ITEMS;
    let in_worker = match url::param("engine").as_deref() {
        Some("worker") => true,
        Some("page") => false,
        _ => large,
    };
    let budget = diagram_budget();
    if !in_worker {
        return Loaded::here(engine_from(catalog, budget, artifact.as_ref()));
    }
    // The page keeps a cheap engine (no diagram; its solvers are built only if asked) for the
    // catalog and as the fallback; the worker compiles the full one.
    let engine = Engine::with_diagram_budget(catalog, 0);
    let artifact = artifact.filter(|_| budget > 0);
    let Some(remote) = worker::Remote::start(text, budget, artifact.as_ref()) else {
        return Loaded::here(engine);
    };
    let remote = Rc::new(remote);
    let first = remote
        .call(&wire::Request::Evaluate(Vec::new()).encode())
        .await
        .and_then(|words| wire::decode_evaluation(&words, &engine).ok());
    match first {
        Some(first) => Loaded {
            engine: Arc::new(engine),
            remote: Some((remote, Arc::new(first))),
        },
        None => Loaded::here(engine),
    }
}
