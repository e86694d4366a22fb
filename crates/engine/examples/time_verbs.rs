//! Times each engine question on a catalog file, one at a time: load, evaluate, a click on
//! the first item with a quantity, count. For finding which verb is slow on a hostile model.
fn main() {
    let path = std::env::args().nth(1).expect("a catalog file");
    let text = std::fs::read_to_string(&path).expect("readable");
    let t = std::time::Instant::now();
    let c = configurator_engine::Catalog::from_json(&path, &text).expect("valid");
    let e = if std::env::var("NO_DIAGRAM").is_ok() {
        configurator_engine::Engine::with_diagram_budget(c, 0)
    } else {
        configurator_engine::Engine::new(c)
    };
    println!("load {:?} diagram {:?}", t.elapsed(), e.diagram_size());
    let t = std::time::Instant::now();
    let ev = e.evaluate::<configurator_engine::ItemId>(&[]);
    println!(
        "evaluate {:?} {:?} stats {:?}",
        t.elapsed(),
        ev.status,
        e.stats()
    );
    let first = e.catalog().items()[0].id;
    let t = std::time::Instant::now();
    let ev = e.evaluate(&[first]);
    println!(
        "click {:?} {:?} stats {:?}",
        t.elapsed(),
        ev.status,
        e.stats()
    );
    let t = std::time::Instant::now();
    let n = e.count::<configurator_engine::ItemId>(&[]);
    println!("count {:?} {:?}", t.elapsed(), n.map(|n| n.to_string()));
}
