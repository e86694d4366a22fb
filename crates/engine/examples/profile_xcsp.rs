//! Loads an XCSP model, replays a few sessions and explains unavailable items:
//! `cargo run --release --example profile_xcsp FILE`.
use configurator_engine::{import, Catalog, Engine, ItemState};
use std::time::Instant;

fn main() {
    let file = std::env::args()
        .nth(1)
        .expect("usage: profile_xcsp FILE.xml");
    let text = std::fs::read_to_string(&file).expect("readable");
    let json = import::xcsp::to_catalog(&file, &text)
        .expect("imports")
        .to_string();
    let t = Instant::now();
    let catalog = Catalog::from_json(&file, &json).expect("loads");
    println!("parse {:?}", t.elapsed());
    let t = Instant::now();
    let engine = Engine::new(catalog);
    println!("compile {:?}", t.elapsed());
    if std::env::var_os("ONLY_LOAD").is_some() {
        return;
    }
    for s in 0..3 {
        let session = engine.random_session(s, 40);
        let ev = engine.evaluate(&session);
        let items: Vec<_> = engine
            .catalog()
            .items()
            .iter()
            .filter(|i| ev.item(i.id) == ItemState::Unavailable)
            .take(5)
            .map(|i| i.id)
            .collect();
        for i in items {
            let before = engine.stats();
            let t = Instant::now();
            let e = engine.explain(&session, i).unwrap();
            println!(
                "explain {:?}: {} choices {} constraints; stats before {:?} after {:?}",
                t.elapsed(),
                e.choices.len(),
                e.constraints.len(),
                before,
                engine.stats()
            );
        }
    }
}
