//! The engine compiled to wasm, timed in headless Chromium: load, per-click full update,
//! explanations and repairs on the Renault model. Prints figures; asserts nothing about time.
//! Run by `cargo xtask bench` (feature `bench`, release build).
#![cfg(all(target_arch = "wasm32", feature = "bench"))]

use configurator_engine::{import, Catalog, Engine, ItemState};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const RENAULT: &str = include_str!("../../shared/benchmarks/renault-megane.xml");

fn now() -> f64 {
    web_sys::window().unwrap().performance().unwrap().now()
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn memory_mb() -> f64 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    let buffer: js_sys::ArrayBuffer = memory.buffer().unchecked_into();
    f64::from(buffer.byte_length()) / 1024.0 / 1024.0
}

/// `count` seeded random sessions of at most `length` clicks, each click's full update timed,
/// then up to 10 explanations and repairs of unavailable items after each session (so that
/// their p99 is a percentile, not the single slowest one): the times in ms, sorted.
fn sessions(engine: &Engine, count: u64, length: usize) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let (mut clicks, mut explains, mut repairs) = (Vec::new(), Vec::new(), Vec::new());
    for seed in 0..count {
        let session = engine.random_session(seed, length);
        let mut choices: Vec<configurator_engine::ItemId> = Vec::new();
        let mut eval = engine.evaluate(&choices);
        for &item in &session {
            choices = engine.toggle(&choices, item);
            let t = now();
            eval = engine.evaluate(&choices);
            clicks.push(now() - t);
        }
        for it in engine
            .catalog()
            .items()
            .iter()
            .filter(|it| eval.item(it.id) == ItemState::Unavailable)
            .take(10)
        {
            let t = now();
            let _ = engine.explain(&choices, it.id);
            explains.push(now() - t);
            let t = now();
            let _ = engine.repair(&choices, it.id);
            repairs.push(now() - t);
        }
    }
    clicks.sort_by(f64::total_cmp);
    explains.sort_by(f64::total_cmp);
    repairs.sort_by(f64::total_cmp);
    (clicks, explains, repairs)
}

/// Runs a timed load five times: the first time (on cold code), the median time, and what the
/// median run made (the others dropped before the caller goes on).
fn median_of_five<T>(mut load: impl FnMut() -> (f64, T)) -> (f64, f64, T) {
    let mut loads: Vec<(f64, T)> = (0..5).map(|_| load()).collect();
    let first = loads[0].0;
    loads.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (median, made) = loads.swap_remove(2);
    (first, median, made)
}

#[wasm_bindgen_test]
fn renault_in_the_browser() {
    let json = import::xcsp::to_catalog("renault-megane.xml", RENAULT)
        .unwrap()
        .to_string();
    // Loads five times: the first runs on cold code (Chromium's baseline wasm compiler until
    // hot functions are optimised), as a visitor's first load does; then the median of the
    // five (this machine is noisy), with its split.
    let (first, load, (parse, engine)) = median_of_five(|| {
        let t = now();
        let catalog = Catalog::from_json("renault-megane.xml", &json).unwrap();
        let parse = now() - t;
        let engine = Engine::new(catalog);
        (now() - t, (parse, engine))
    });
    // What the app does when the browser is idle after loading.
    let t = now();
    engine.prepare_explanations();
    let prepare = now() - t;
    // As the native benchmark: 20 sessions, up to 10 explanations after each (so that the p99
    // of the explanations is a percentile, not the single slowest one).
    let (clicks, explains, repairs) = sessions(&engine, 20, 40);
    console_log!(
        "BENCH renault-megane.xml in Chromium (wasm): first load {:.1} ms, median of 5 loads {:.1} ms (catalog {:.1} ms, diagram {:.1} ms; then {:.1} ms preparing explanations while idle); {} clicks: full update p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; {} explanations: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms; repairs p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms; wasm memory {:.1} MB",
        first,
        load,
        parse,
        load - parse,
        prepare,
        clicks.len(),
        pct(&clicks, 0.5),
        pct(&clicks, 0.99),
        clicks.last().unwrap(),
        explains.len(),
        pct(&explains, 0.5),
        pct(&explains, 0.99),
        explains.last().unwrap(),
        pct(&repairs, 0.5),
        pct(&repairs, 0.99),
        repairs.last().unwrap(),
        memory_mb()
    );
    let artifact = engine.diagram_artifact().unwrap();
    drop(engine);
    renault_precompiled(&json, &artifact);
    renault_on_the_solver(&json);
}

/// Renault with its diagram compiled off-line (as `configurator compile` writes it): the time
/// to read the artifact instead of compiling (median of 5), and clicks on the loaded diagram.
fn renault_precompiled(json: &str, artifact: &[u8]) {
    let (first, load, engine) = median_of_five(|| {
        let catalog = Catalog::from_json("renault-megane.xml", json).unwrap();
        let t = now();
        let engine = Engine::with_artifact(catalog, artifact).unwrap();
        (now() - t, engine)
    });
    let (clicks, _, _) = sessions(&engine, 20, 40);
    console_log!(
        "BENCH renault-megane.xml precompiled in Chromium (wasm): diagram read from its {} KB artifact in {:.1} ms (first {:.1} ms; the catalog itself parsed apart); {} clicks: full update p50 {:.2} ms, p99 {:.2} ms",
        artifact.len() / 1024,
        load,
        first,
        clicks.len(),
        pct(&clicks, 0.5),
        pct(&clicks, 0.99),
    );
}

/// Renault on the solver path alone (no diagram), as the native benchmark's solver rows: the
/// other path of issue 16, side by side with the default (run after it, so that the default's
/// first load still meets cold code).
fn renault_on_the_solver(json: &str) {
    let t = now();
    let catalog = Catalog::from_json("renault-megane.xml", json).unwrap();
    let engine = Engine::with_diagram_budget(catalog, 0);
    let load = now() - t;
    let (clicks, explains, _) = sessions(&engine, 5, 20);
    console_log!(
        "BENCH renault-megane.xml on the solver path in Chromium (wasm, no diagram): load {:.1} ms; {} clicks: full update p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms; {} explanations: p50 {:.1} ms, p99 {:.1} ms",
        load,
        clicks.len(),
        pct(&clicks, 0.5),
        pct(&clicks, 0.99),
        clicks.last().unwrap(),
        explains.len(),
        pct(&explains, 0.5),
        pct(&explains, 0.99),
    );
}
