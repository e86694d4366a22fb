//! Replays seeded random sessions on the solver path alone and prints per-click times with the
//! solver's work: `[SEED=n] cargo run --release --example profile_solver FILE.xml|FILE.json`.
use configurator_engine::{import, Catalog, Engine, ItemId};
use std::time::Instant;

fn main() {
    let file = std::env::args().nth(1).expect("usage: profile_solver FILE");
    let text = std::fs::read_to_string(&file).expect("readable");
    let json = if file.ends_with(".xml") {
        import::xcsp::to_catalog(&file, &text)
            .expect("imports")
            .to_string()
    } else if file.ends_with(".dimacs") {
        import::dimacs::to_catalog(&file, &text)
            .expect("imports")
            .to_string()
    } else {
        text
    };
    let catalog = Catalog::from_json(&file, &json).expect("loads");
    let engine = Engine::with_diagram_budget(catalog, 0);
    let mut times = Vec::new();
    // All sessions drawn first, each started from the empty configuration, as `cargo xtask
    // bench` does: drawing one evaluates its clicks, which would leave the solver warm for
    // exactly those questions. SEED=n: the sessions of seeds n..n+5.
    let first: u64 = std::env::var("SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let sessions: Vec<Vec<ItemId>> = (first..first + 5)
        .map(|s| engine.random_session(s, 20))
        .collect();
    for (s, session) in sessions.iter().enumerate() {
        let mut choices: Vec<ItemId> = Vec::new();
        // The page evaluates the empty configuration when it loads (not timed).
        let _ = engine.evaluate(&choices);
        for &item in session {
            choices = engine.toggle(&choices, item);
            let before = engine.stats();
            let t = Instant::now();
            let _ = engine.evaluate(&choices);
            let el = t.elapsed().as_secs_f64() * 1e3;
            times.push(el);
            let after = engine.stats();
            println!(
                "session {s} click {:>2}: {:>8.2} ms  solves {:>5} conflicts {:>6}",
                choices.len(),
                el,
                after[0].0 - before[0].0,
                after[0].1 - before[0].1
            );
        }
    }
    if std::env::var_os("REPAIRS").is_some() {
        let mut repairs = Vec::new();
        for s in 0..5 {
            let choices = engine.random_session(s, 20);
            let eval = engine.evaluate(&choices);
            let unavailable: Vec<ItemId> = engine
                .catalog()
                .items()
                .iter()
                .filter(|it| eval.item(it.id) == configurator_engine::ItemState::Unavailable)
                .take(10)
                .map(|it| it.id)
                .collect();
            for item in unavailable {
                let t = Instant::now();
                let r = engine.repair(&choices, item);
                let el = t.elapsed().as_secs_f64() * 1e3;
                println!(
                    "repair {el:>8.2} ms: {} of {} retracted",
                    r.map_or(0, |r| r.len()),
                    choices.len()
                );
                repairs.push(el);
            }
        }
        repairs.sort_by(f64::total_cmp);
        println!(
            "repairs p50 {:.2} ms max {:.2} ms",
            repairs[repairs.len() / 2],
            repairs.last().unwrap()
        );
    }
    times.sort_by(f64::total_cmp);
    println!(
        "p50 {:.2} ms  p99 {:.2} ms  max {:.2} ms",
        times[times.len() / 2],
        times[((times.len() - 1) as f64 * 0.99).round() as usize],
        times.last().unwrap()
    );
}
