//! Times loading a catalog file: parse, compile (diagram or not), count.
fn main() {
    let path = std::env::args().nth(1).expect("a catalog file");
    let text = std::fs::read_to_string(&path).expect("readable");
    let t = std::time::Instant::now();
    let c = configurator_engine::Catalog::from_json(&path, &text).expect("valid");
    println!("parse {:?}", t.elapsed());
    let t = std::time::Instant::now();
    let e = configurator_engine::Engine::new(c);
    println!("engine {:?} diagram {:?}", t.elapsed(), e.diagram_size());
    let t = std::time::Instant::now();
    let n = e.count::<configurator_engine::ItemId>(&[]);
    println!("count {:?} {:?}", t.elapsed(), n.map(|n| n.to_string()));
    let t = std::time::Instant::now();
    let ev = e.evaluate::<configurator_engine::ItemId>(&[]);
    println!("evaluate {:?} {:?}", t.elapsed(), ev.status);
}
