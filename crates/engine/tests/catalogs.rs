//! Every catalog in `catalogs/` loads, and its solver-only engine agrees with the diagram on
//! seeded sessions with quantities (the solver's resource encoding must stay compact: one
//! layer per item, interval-merged; the old per-unit encoding needed gigabytes here).

use configurator_engine::{Catalog, Choice, Engine};

#[test]
fn every_catalog_agrees_between_diagram_and_solver() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../catalogs");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") || is_manifest(&path) {
            continue;
        }
        seen += 1;
        let text = std::fs::read_to_string(&path).unwrap();
        let catalog = Catalog::from_json(&path.display().to_string(), &text).unwrap();
        let diagram = Engine::new(catalog.clone());
        assert!(diagram.diagram_size().is_some(), "{}", path.display());
        let solver = Engine::with_diagram_budget(catalog, 0);
        for seed in 0..3 {
            let mut choices: Vec<Choice> = diagram
                .random_session(seed, 12)
                .into_iter()
                .map(Choice::from)
                .collect();
            // Pin the quantity of the first item that has one to its largest achievable value.
            let ev = diagram.evaluate(&choices);
            if let Some(c) = choices
                .iter_mut()
                .find(|c| ev.quantities[c.item.index()].is_some())
            {
                c.quantity = ev.quantities[c.item.index()].as_ref().and_then(|q| q.max());
            }
            let a = diagram.evaluate(&choices);
            let b = solver.evaluate(&choices);
            assert_eq!(a.items, b.items, "{} seed {seed}", path.display());
            assert_eq!(a.quantities, b.quantities, "{} seed {seed}", path.display());
            assert_eq!(a.total, b.total);
        }
    }
    assert!(seen >= 2);
}

/// What a server hands browsers: each shipped catalog's public form loads, and each shipped
/// diagram, named for it, gives the same answers as compiling it.
#[test]
fn public_forms_load_and_keep_their_diagrams() {
    use configurator_engine::catalog::public::public_json;
    use configurator_engine::ArtifactError;
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../catalogs");
    let mut diagrams = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") || is_manifest(&path) {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let full = Catalog::from_json("full.json", &text).unwrap();
        let public = Catalog::from_json("public.json", &public_json(&text).unwrap()).unwrap();
        assert!(public.pricing.tiers.is_empty() && public.pricing.deal_limits.is_empty());
        assert_ne!(public.hash, full.hash);
        let Ok(artifact) = std::fs::read(path.with_extension("diagram")) else {
            continue;
        };
        diagrams += 1;
        assert!(matches!(
            Engine::with_artifact(public.clone(), &artifact),
            Err(ArtifactError::OtherCatalog { .. })
        ));
        let rebound = Engine::rebind_artifact(&full, &public, &artifact).unwrap();
        let read = Engine::with_artifact(public.clone(), &rebound).unwrap();
        let compiled = Engine::new(public.clone());
        let session: Vec<Choice> = compiled
            .random_session(7, 8)
            .into_iter()
            .map(Choice::from)
            .collect();
        assert_eq!(
            format!("{:?}", read.evaluate(&session).status),
            format!("{:?}", compiled.evaluate(&session).status)
        );
        // Not a diagram of this catalog: refused.
        let demo = Catalog::from_json("demo.json", configurator_engine::DEMO_CATALOG).unwrap();
        assert!(Engine::rebind_artifact(&demo, &public, &artifact).is_err());
    }
    assert!(diagrams > 0, "the shipped diagrams were read");
}

/// The folder's product-line manifest (`catalogs/product-lines.json`), not a catalog.
fn is_manifest(path: &std::path::Path) -> bool {
    use configurator_engine::catalog::manifest::MANIFEST_FILE;
    path.file_name().is_some_and(|n| n == MANIFEST_FILE)
}

/// `quote_validity_days`: a new quote's validity, 30 days unless the catalog says; kept in the
/// public form (browsers may fill a quote's date with it); outside 1..=3650 an error at its
/// place.
#[test]
fn a_quotes_validity_is_thirty_days_unless_the_catalog_says() {
    use configurator_engine::catalog::DEFAULT_VALIDITY_DAYS;
    let demo = Catalog::from_json("demo.json", configurator_engine::DEMO_CATALOG).unwrap();
    assert_eq!(DEFAULT_VALIDITY_DAYS, 30);
    assert_eq!(demo.pricing.quote_validity_days(), 30);
    let with = |days: &str| {
        let mut v: serde_json::Value =
            serde_json::from_str(configurator_engine::DEMO_CATALOG).unwrap();
        v["quote_validity_days"] = serde_json::from_str(days).unwrap();
        serde_json::to_string_pretty(&v).unwrap()
    };
    let fourteen = with("14");
    assert_eq!(
        Catalog::from_json("c.json", &fourteen)
            .unwrap()
            .pricing
            .quote_validity_days(),
        14
    );
    let public = configurator_engine::catalog::public::public_json(&fourteen).unwrap();
    assert_eq!(
        Catalog::from_json("p.json", &public)
            .unwrap()
            .pricing
            .quote_validity_days(),
        14
    );
    for bad in ["0", "3651"] {
        let e = Catalog::from_json("c.json", &with(bad))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("quote_validity_days") && e.contains("from 1 to 3650 days"),
            "{e}"
        );
    }
    let e = Catalog::from_json("c.json", &with("\"30\""))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("quote_validity_days") || e.contains("c.json"),
        "{e}"
    );
}
