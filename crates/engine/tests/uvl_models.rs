//! Real UVL models, kept outside the repository (the public collections do not state a licence
//! that lets us ship them): set `UVL_MODELS` to a folder of `NAME.uvl` files, each with the
//! same model as `NAME.dimacs` beside it (the uvl-models collection has both for its
//! FeatureIDE models; `../shared/benchmarks` has the DIMACS side of several), and every pair
//! must agree on the core and dead features and on the count of configurations when it is
//! small enough to count. The test is reported as ignored unless asked for (`-- --ignored`),
//! and fails when asked for without the variable: it never passes by checking nothing.

use configurator_engine::import::{dimacs, uvl};
use configurator_engine::{Catalog, Engine, ItemId, ItemState};

/// Feature names by state before any choice: core (implied) and dead (unavailable).
fn core_and_dead(file: &str, catalog: &serde_json::Value) -> (Vec<String>, Vec<String>) {
    let catalog = Catalog::from_json(file, &catalog.to_string())
        .unwrap_or_else(|e| panic!("{file}: the imported catalog does not load: {e}"));
    let engine = Engine::new(catalog);
    let ev = engine.evaluate::<ItemId>(&[]);
    let mut core = Vec::new();
    let mut dead = Vec::new();
    for it in engine.catalog().items() {
        match ev.item(it.id) {
            ItemState::Implied => core.push(it.name.clone()),
            ItemState::Unavailable => dead.push(it.name.clone()),
            _ => {}
        }
    }
    core.sort();
    dead.sort();
    (core, dead)
}

#[test]
#[ignore = "needs real models: UVL_MODELS=DIR cargo test -p configurator-engine --test uvl_models -- --ignored"]
fn real_uvl_models_agree_with_their_dimacs_form() {
    let folder = std::env::var_os("UVL_MODELS")
        .expect("UVL_MODELS names the folder of NAME.uvl and NAME.dimacs pairs to check");
    let mut pairs = 0;
    for entry in std::fs::read_dir(&folder).expect("UVL_MODELS is a folder") {
        let path = entry.expect("a folder entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("uvl") {
            continue;
        }
        let cnf_path = path.with_extension("dimacs");
        let Ok(cnf_text) = std::fs::read_to_string(&cnf_path) else {
            continue;
        };
        let file = path.display().to_string();
        let text = std::fs::read_to_string(&path).expect("readable");
        let from_uvl = uvl::to_catalog(&file, &text).unwrap_or_else(|e| panic!("{e}"));
        let cnf_file = cnf_path.display().to_string();
        let from_cnf = dimacs::to_catalog(&cnf_file, &cnf_text).unwrap_or_else(|e| panic!("{e}"));
        let (core_u, dead_u) = core_and_dead(&file, &from_uvl);
        let (core_c, dead_c) = core_and_dead(&cnf_file, &from_cnf);
        assert_eq!(
            core_u, core_c,
            "{file}: core features differ from the DIMACS form"
        );
        assert_eq!(
            dead_u, dead_c,
            "{file}: dead features differ from the DIMACS form"
        );
        eprintln!(
            "{file}: {} core and {} dead features, as in the DIMACS form",
            core_u.len(),
            dead_u.len()
        );
        pairs += 1;
    }
    assert!(
        pairs > 0,
        "no NAME.uvl with NAME.dimacs beside it in UVL_MODELS"
    );
}
