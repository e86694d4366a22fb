//! Clicks on a diagram read from an artifact (e.g. one compiled with a poor order, for a large
//! diagram): `cargo run --release --example profile_diagram CATALOG.json FILE.diagram`.
use configurator_engine::{Catalog, Engine, ItemId};
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let (catalog, diagram) = (args.next().expect("catalog"), args.next().expect("diagram"));
    let text = std::fs::read_to_string(&catalog).expect("readable");
    let bytes = std::fs::read(&diagram).expect("readable");
    let catalog = Catalog::from_json(&catalog, &text).expect("valid");
    let t = Instant::now();
    let engine = Engine::with_artifact(catalog, &bytes).expect("matches");
    println!(
        "read {} nodes in {:?}",
        engine.diagram_size().unwrap_or(0),
        t.elapsed()
    );
    let mut times = Vec::new();
    for s in 0..10 {
        let session = engine.random_session(s, 40);
        let mut choices: Vec<ItemId> = Vec::new();
        for &item in &session {
            choices = engine.toggle(&choices, item);
            let t = Instant::now();
            let ev = engine.evaluate(&choices);
            let el = t.elapsed().as_secs_f64() * 1e3;
            if std::env::var_os("VERBOSE").is_some() {
                println!(
                    "{:>2} choices: {el:.2} ms {:?}",
                    choices.len(),
                    std::mem::discriminant(&ev.status)
                );
            }
            times.push(el);
        }
    }
    times.sort_by(f64::total_cmp);
    println!(
        "{} clicks: p50 {:.2} ms  p99 {:.2} ms  max {:.2} ms",
        times.len(),
        times[times.len() / 2],
        times[((times.len() - 1) as f64 * 0.99).round() as usize],
        times.last().unwrap()
    );
}
