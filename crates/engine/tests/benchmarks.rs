//! Reference figures of the real models in `../shared/benchmarks/` (see its README).

use std::path::PathBuf;
use std::time::Instant;

use configurator_engine::{import, Catalog, Engine, ItemId, ItemState};

fn benchmarks() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/benchmarks");
    assert!(
        dir.is_dir(),
        "the shared benchmarks are expected at {} (beside the repository)",
        dir.display()
    );
    dir
}

fn check_dimacs(file: &str, vars: usize, clauses: usize, core: usize, dead: usize) {
    let path = benchmarks().join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let json = import::dimacs::to_catalog(file, &text).unwrap();
    let catalog = Catalog::from_json(file, &json.to_string()).unwrap();
    assert_eq!(catalog.items().len(), vars, "{file}: variables");
    assert_eq!(catalog.rules().len(), clauses, "{file}: clauses");
    let t = Instant::now();
    let engine = Engine::new(catalog);
    let compiled = t.elapsed();
    let t = Instant::now();
    let ev = engine.evaluate::<configurator_engine::ItemId>(&[]);
    let evaluated = t.elapsed();
    let implied = ev
        .items
        .iter()
        .filter(|s| **s == ItemState::Implied)
        .count();
    let unavailable = ev
        .items
        .iter()
        .filter(|s| **s == ItemState::Unavailable)
        .count();
    println!("{file}: core {implied}, dead {unavailable}; compile {compiled:?}, first evaluation {evaluated:?}, diagram {:?}", engine.diagram_size());
    assert_eq!((implied, unavailable), (core, dead), "{file}: (core, dead)");
    check_counts(file, &engine, &ev);
}

/// Counts agree with propagation: choosing a core item leaves the count unchanged, a dead one
/// leaves none, any other available one strictly fewer but some. Catalogs with a diagram are
/// also counted by the model counter (no diagram), which must give the same figures.
fn check_counts(file: &str, engine: &Engine, ev: &configurator_engine::Evaluation) {
    let t = Instant::now();
    let all = engine
        .count::<ItemId>(&[])
        .unwrap_or_else(|| panic!("{file}: counted"));
    println!("{file}: {all} configurations, counted in {:?}", t.elapsed());
    let solver_only = engine
        .diagram_size()
        .map(|_| Engine::with_diagram_budget(engine.catalog().clone(), 0));
    let pick = |state: ItemState| {
        let ids = ev
            .items
            .iter()
            .enumerate()
            .filter(move |(_, s)| **s == state);
        ids.map(|(k, _)| ItemId::from_index(k)).take(4)
    };
    for (state, item) in [
        ItemState::Implied,
        ItemState::Unavailable,
        ItemState::Available,
    ]
    .into_iter()
    .flat_map(|s| pick(s).map(move |i| (s, i)))
    {
        let n = engine.count(&[item]).expect("counted");
        match state {
            ItemState::Implied => assert_eq!(n, all, "{file}: core item {item:?}"),
            ItemState::Unavailable => assert_eq!(n.to_string(), "0", "{file}: dead {item:?}"),
            _ => assert!(
                n.to_string() != "0" && n < all,
                "{file}: available {item:?} counts {n} of {all}"
            ),
        }
        if let Some(other) = &solver_only {
            assert_eq!(other.count(&[item]), Some(n), "{file}: counter on {item:?}");
        }
    }
    if let Some(other) = &solver_only {
        assert_eq!(other.count::<ItemId>(&[]), Some(all), "{file}: counter");
    }
}

#[test]
fn axtls() {
    check_dimacs("axTLS.dimacs", 96, 203, 24, 11);
}

#[test]
fn berkeleydb() {
    check_dimacs("berkeleydb.dimacs", 76, 141, 1, 0);
}

#[test]
fn busybox() {
    check_dimacs("busybox-2010-05-02.dimacs", 631, 1312, 9, 0);
}

#[test]
fn embtoolkit() {
    check_dimacs("embtoolkit.dimacs", 1179, 5967, 91, 236);
}

#[test]
fn financial_services() {
    check_dimacs("financialServices_2018-05-09.dimacs", 771, 7241, 22, 0);
}

#[test]
fn uclibc() {
    check_dimacs("uClibc.dimacs", 313, 1285, 44, 31);
}

#[test]
fn uclinux_base() {
    check_dimacs("uClinux-base.dimacs", 380, 7366, 115, 0);
}

#[test]
fn uclinux_distribution() {
    check_dimacs("uClinux-distribution.dimacs", 1580, 2131, 8, 1);
}

#[test]
fn renault_megane() {
    let file = "renault-megane.xml";
    let text = std::fs::read_to_string(benchmarks().join(file)).unwrap();
    let json = import::xcsp::to_catalog(file, &text).unwrap();
    let catalog = Catalog::from_json(file, &json.to_string()).unwrap();
    assert_eq!(catalog.groups().len(), 99, "variables");
    assert_eq!(catalog.items().len(), 396, "values");
    let tables: Vec<_> = catalog
        .rules()
        .iter()
        .filter_map(|r| match &r.body {
            configurator_engine::catalog::RuleBody::Table(t) => Some(t),
            _ => None,
        })
        .collect();
    assert_eq!(tables.len(), 111, "tables");
    assert_eq!(
        tables.iter().map(|t| t.tuples.len()).sum::<usize>(),
        112_680,
        "allowed tuples"
    );
    // Labels name the items.
    assert!(catalog.item_by_key("Var4", "DIESEL").is_some());
    assert!(catalog.item_by_key("Var5", "FRAN").is_some());
    let t = Instant::now();
    let engine = Engine::new(catalog);
    let compiled = t.elapsed();
    let t = Instant::now();
    let ev = engine.evaluate::<configurator_engine::ItemId>(&[]);
    let evaluated = t.elapsed();
    let available = ev
        .items
        .iter()
        .filter(|s| **s != ItemState::Unavailable)
        .count();
    println!(
        "{file}: {available} available; compile {compiled:?}, first evaluation {evaluated:?}; {:?}",
        engine.stats()
    );
    assert_eq!(available, 392);
    println!("diagram: {:?} nodes", engine.diagram_size());
    let count = engine
        .count::<configurator_engine::ItemId>(&[])
        .expect("Renault compiles to a decision diagram");
    assert_eq!(count.to_string(), "7445949334016");
}

/// Megane on the solver path clicks its way through random sessions, each click asked of the
/// same solver (its pool of models and proofs carried from click to click, sessions one after
/// another), and every item's state matches the diagram's answer.
#[test]
fn renault_megane_sessions_agree_on_both_paths() {
    let file = "renault-megane.xml";
    let text = std::fs::read_to_string(benchmarks().join(file)).unwrap();
    let json = import::xcsp::to_catalog(file, &text).unwrap().to_string();
    let diagram = Engine::new(Catalog::from_json(file, &json).unwrap());
    let solver = Engine::with_diagram_budget(Catalog::from_json(file, &json).unwrap(), 0);
    assert!(diagram.diagram_size().is_some() && solver.diagram_size().is_none());
    let mut clicks = 0;
    for seed in 0..3 {
        let mut choices: Vec<configurator_engine::ItemId> = Vec::new();
        for item in diagram.random_session(seed, 12) {
            choices = diagram.toggle(&choices, item);
            let (a, b) = (solver.evaluate(&choices), diagram.evaluate(&choices));
            assert_eq!(a.items, b.items, "session {seed} after {choices:?}");
            clicks += 1;
        }
        // Back one click: fewer choices than the proofs kept were made under.
        choices.pop();
        let (a, b) = (solver.evaluate(&choices), diagram.evaluate(&choices));
        assert_eq!(a.items, b.items, "session {seed} one click back");
    }
    assert!(clicks > 20, "{clicks} clicks");
}
