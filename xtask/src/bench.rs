//! `cargo xtask bench`: prints figures, never passes or fails on timing.
//!
//! Today: the engine's full update per click on the demo catalog (native, release build) over
//! seeded random click sessions, and the size of the built app in `dist/`.

use std::time::Instant;

use anyhow::{Context, Result};
use configurator_engine::{Catalog, Engine, ItemState, DEMO_CATALOG, DEMO_CATALOG_FILE};

use crate::run;

/// Runs the benchmarks in a release build of xtask (re-invoking itself if needed).
pub fn run() -> Result<()> {
    if cfg!(debug_assertions) {
        let env = crate::setup::all(crate::setup::Need::Build)?;
        return run::step(
            "bench (release)",
            &env,
            "cargo",
            &[
                "run",
                "--quiet",
                "--release",
                "--package",
                "xtask",
                "--",
                "bench",
            ],
        )?
        .ok();
    }
    engine_clicks()?;
    app_size()
}

fn engine_clicks() -> Result<()> {
    let started = Instant::now();
    let catalog = Catalog::from_json(DEMO_CATALOG_FILE, DEMO_CATALOG).context("demo catalog")?;
    let engine = Engine::new(catalog);
    let load = started.elapsed();
    let mut seed: u64 = 0x5eed;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    let mut micros = Vec::new();
    for _session in 0..200 {
        let mut choices = Vec::new();
        let mut eval = engine.evaluate(&choices);
        for _click in 0..8 {
            let available: Vec<_> = engine
                .catalog()
                .items()
                .iter()
                .filter(|it| matches!(eval.item(it.id), ItemState::Available))
                .map(|it| it.id)
                .collect();
            if available.is_empty() {
                break;
            }
            let pick = available[next() % available.len()];
            choices = engine.toggle(&choices, pick);
            let t = Instant::now();
            eval = engine.evaluate(&choices);
            micros.push(t.elapsed().as_secs_f64() * 1e6);
        }
    }
    micros.sort_by(f64::total_cmp);
    let pct = |p: f64| micros[((micros.len() as f64 - 1.0) * p).round() as usize];
    println!("engine (native, demo catalog {DEMO_CATALOG_FILE})");
    println!("  load + compile     {:>10.1} µs", load.as_secs_f64() * 1e6);
    println!("  clicks measured    {:>10}", micros.len());
    println!("  full update p50    {:>10.1} µs", pct(0.5));
    println!("  full update p99    {:>10.1} µs", pct(0.99));
    println!(
        "  full update max    {:>10.1} µs",
        micros.last().copied().unwrap_or(0.0)
    );
    Ok(())
}

fn app_size() -> Result<()> {
    let dist = run::repo_root().join("dist");
    let Ok(entries) = std::fs::read_dir(&dist) else {
        println!("app size: no dist/ yet (run `cargo xtask build` first)");
        return Ok(());
    };
    let (mut raw, mut gz) = (0u64, 0u64);
    println!("app size (dist/, gzip -9)");
    let mut files: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    files.sort();
    for path in files {
        let bytes = std::fs::read(&path)?;
        let zipped = std::process::Command::new("gzip")
            .args(["-9c"])
            .arg(&path)
            .output()
            .context("gzip")?
            .stdout
            .len() as u64;
        raw += bytes.len() as u64;
        gz += zipped;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        println!(
            "  {name:<48} {:>8.1} KB  {:>8.1} KB gzipped",
            bytes.len() as f64 / 1024.0,
            zipped as f64 / 1024.0
        );
    }
    println!(
        "  {:<48} {:>8.1} KB  {:>8.1} KB gzipped",
        "total",
        raw as f64 / 1024.0,
        gz as f64 / 1024.0
    );
    Ok(())
}
