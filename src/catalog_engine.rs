//! How the app makes an engine for a catalog: on the diagram compiled off-line when there is
//! one, else compiled within the budget the address asks for. Used by catalog opening
//! (`load`), the start page's cards and the worker.

use configurator_engine::{Catalog, Engine};

use crate::url;

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
