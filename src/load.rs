//! Opening the catalog the address names: a built-in product line or a catalog fetched from
//! an address, and where its engine runs (on the page, or in a worker for a large catalog).

use std::rc::Rc;
use std::sync::Arc;

use configurator_engine::{wire, Catalog, CatalogError, Engine};

use crate::catalog_engine::{artifact_address, diagram_budget, engine_from};
use crate::state::Loaded;
use crate::{url, worker};

/// What opening the catalog in the address gave.
#[derive(Clone)]
pub enum Opened {
    /// No catalog named: the start page's product lines.
    Start(Vec<Line>),
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
        url::Source::Product(id) => match crate::built_in::line(&id).await {
            Ok(Some(line)) => (crate::built_in::address(&line.catalog), Some(line)),
            Ok(None) => return Opened::NoProduct(id),
            Err(reason) => return Opened::Unreachable(reason),
        },
        url::Source::Remote(address) => (address, None),
        url::Source::Start => {
            let lines = crate::built_in::all().await;
            let lines = lines
                .into_iter()
                .map(|(catalog, diagram)| Line::of(catalog, diagram));
            return Opened::Start(lines.collect());
        }
    };
    // The diagram compiled off-line: a built-in catalog's if it ships one, or the one the
    // address names (`?diagram=URL`), fetched with the catalog; else, for a large catalog, the
    // file beside it, fetched while the catalog is parsed. (Not beside small ones, which
    // compile in milliseconds: a missing file costs a request, and a 404 on the console; a
    // missing named file is that 404 too, and the catalog compiles.)
    let start = |at: String| (crate::browser::fetch_bytes(&at), at);
    let known = match &file {
        Some(line) => crate::built_in::diagram_address(line),
        None => url::param("diagram"),
    }
    .map(start);
    crate::built_in::set_catalog_address(&address);
    let (fetched, text) = match crate::browser::fetch_text(address).await {
        Ok(fetched) => fetched,
        Err(reason) => return Opened::Unreachable(reason),
    };
    let name = file
        .as_ref()
        .map_or(fetched, |line| crate::built_in::name(&line.catalog));
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

/// Catalogs larger than this (text bytes, or items) get their engine in a worker: the demo
/// catalogs answer a click in microseconds, the shared benchmark models (5 MB of tables, or
/// hundreds of items with thousands of clauses) in milliseconds to tens of milliseconds.
const LARGE_TEXT: usize = 512 * 1024;
const LARGE_ITEMS: usize = 300;

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

/// One product line on the start page: what its card shows.
#[derive(Clone)]
pub struct Line {
    pub id: String,
    pub name: String,
    pub description: String,
    pub currency: configurator_engine::Currency,
    /// The one-time list price and the yearly price of its cheapest complete configuration.
    pub from: Option<(configurator_engine::Money, configurator_engine::Money)>,
}

impl Line {
    /// The card of a catalog (with its diagram compiled off-line, if it ships one: address
    /// and bytes).
    pub fn of(catalog: Catalog, diagram: Option<(String, Vec<u8>)>) -> Line {
        let (id, name) = (catalog.id.clone(), catalog.name.clone());
        let (description, currency) = (catalog.description.clone(), catalog.currency.clone());
        let engine = crate::catalog_engine::engine_from(
            catalog,
            crate::catalog_engine::diagram_budget(),
            diagram.as_ref(),
        );
        let from = engine
            .cheapest_completion::<configurator_engine::ItemId>(&[])
            .and_then(|c| {
                let ev = engine.evaluate(&c);
                configurator_engine::pricing::price(engine.catalog(), &ev, &Default::default())
                    .ok()
                    .map(|p| (crate::format::one_time_list(&p), p.totals.yearly))
            });
        Line {
            id,
            name,
            description,
            currency,
            from,
        }
    }
}
