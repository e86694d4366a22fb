//! Loads an XCSP model and evaluates it: `cargo run --release --example profile_xcsp FILE`.
use configurator_engine::{import, Catalog, Engine};
use std::time::Instant;

fn main() {
    let file = std::env::args()
        .nth(1)
        .expect("usage: profile_xcsp FILE.xml");
    let text = std::fs::read_to_string(&file).expect("readable");
    let json = import::xcsp::to_catalog(&file, &text).expect("imports");
    let catalog = Catalog::from_json(&file, &json.to_string()).expect("loads");
    let t = Instant::now();
    let engine = Engine::new(catalog);
    println!("compile {:?}", t.elapsed());
    for _ in 0..3 {
        let t = Instant::now();
        let ev = engine.evaluate(&[]);
        println!(
            "evaluate {:?} ({} items) {:?}",
            t.elapsed(),
            ev.items.len(),
            engine.stats()
        );
    }
}
