//! `cargo xtask bench`: prints figures, never passes or fails on timing.
//!
//! The engine's load time, full update per click and explanation time on the demo catalog and
//! the shared benchmark models (native, release build) over seeded random click sessions drawn
//! from each model, and the size of the built app in `dist/`.

use std::time::Instant;

use anyhow::{Context, Result};
use configurator_engine::{
    import, Catalog, Engine, ItemId, ItemState, DEMO_CATALOG, DEMO_CATALOG_FILE,
};

use crate::run;

/// Runs the benchmarks in a release build of xtask (re-invoking itself if needed); `part`
/// runs one of them: `browser` (the engine in headless Chromium), `engine` (native, both
/// paths) or `desk` (the quote desk's load test).
pub fn run(part: Option<&str>) -> Result<()> {
    match part {
        Some("browser") => return browser(),
        Some("desk") => return desk_load(),
        Some("app") if !cfg!(debug_assertions) => {
            let env = crate::setup::all(crate::setup::Need::Build)?;
            for built in run::trunk_builds(&env, true)? {
                built.ok()?;
            }
            app_size()?;
            interactive()?;
            return app_on_renault();
        }
        Some("engine") if !cfg!(debug_assertions) => return engine_clicks(),
        Some("engine") | Some("app") | None => {}
        Some(other) => anyhow::bail!("no bench part `{other}` (app, browser, desk, engine)"),
    }
    if cfg!(debug_assertions) {
        let mut args = vec![
            "run",
            "--quiet",
            "--release",
            "--package",
            "xtask",
            "--",
            "bench",
        ];
        args.extend(part);
        let env = crate::setup::all(crate::setup::Need::Build)?;
        return run::step("bench (release)", &env, "cargo", &args)?.ok();
    }
    engine_clicks()?;
    let env = crate::setup::all(crate::setup::Need::Build)?;
    for built in run::trunk_builds(&env, true)? {
        built.ok()?;
    }
    app_size()?;
    browser()?;
    interactive()?;
    app_on_renault()?;
    desk_load()
}

/// How long each quote desk load test runs, and how many reps save (or buyers order) at once.
const LOAD_SECONDS: &str = "30";
const LOAD_REPS: &str = "50";

/// The quote desk under load, on SQLite and on a throwaway PostgreSQL: reps saving quotes
/// (crates/server/examples/load.rs), then buyers placing and reading orders in the portal
/// (examples/orders_load.rs); requests per second, latencies, and the checks that nothing
/// acknowledged is lost, no number is used twice and nothing is half-written.
fn desk_load() -> Result<()> {
    let env = crate::setup::all(crate::setup::Need::Build)?;
    run::step(
        "build the desk load test (release)",
        &env,
        "cargo",
        &[
            "build",
            "--release",
            "-p",
            "configurator-server",
            "--example",
            "load",
            "--example",
            "orders_load",
        ],
    )?
    .ok()?;
    let examples = run::repo_root().join("target/release/examples");
    let dir = std::env::temp_dir().join(format!("xtask-desk-load-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let sqlite = format!("sqlite://{}/desk.sqlite3", dir.display());
    let pg = crate::postgres::Postgres::start(54331);
    let mut urls = vec![sqlite];
    match &pg {
        Ok(pg) => urls.push(pg.url.clone()),
        Err(e) => println!("quote desk load (PostgreSQL): not run: {e:#}"),
    }
    let mut failed = false;
    for url in &urls {
        for example in ["load", "orders_load"] {
            // A SQLite file of its own for each; on PostgreSQL the second runs in the same
            // database after the first (its users, accounts and orders are its own, and its
            // checks count what it placed).
            let url = match url.strip_prefix("sqlite://") {
                Some(_) => format!("sqlite://{}/{example}.sqlite3", dir.display()),
                None => url.clone(),
            };
            let out = std::process::Command::new(examples.join(example))
                .args([url.as_str(), LOAD_SECONDS, LOAD_REPS])
                .output()
                .with_context(|| format!("running the desk load test `{example}`"))?;
            print!("{}", String::from_utf8_lossy(&out.stdout));
            if !out.status.success() {
                eprintln!("{}", String::from_utf8_lossy(&out.stderr));
                failed = true;
            }
        }
    }
    drop(pg);
    let _ = std::fs::remove_dir_all(&dir);
    if failed {
        anyhow::bail!("the quote desk lost or duplicated data under load");
    }
    Ok(())
}

/// The built app on Renault in headless Chromium (tests/e2e/bench-renault.mjs), with the
/// engine in its worker and on the page: time until the configurator shows, the longest
/// main-thread task while loading, and the longest after clicks in the largest steps.
fn app_on_renault() -> Result<()> {
    let xml = run::repo_root().join("../shared/benchmarks/renault-megane.xml");
    let text = std::fs::read_to_string(&xml).context("reading renault-megane.xml")?;
    let json = import::xcsp::to_catalog("renault-megane.xml", &text)?.to_string();
    let served = run::repo_root().join("dist/bench-renault.json");
    let diagram = run::repo_root().join("dist/bench-renault.diagram");
    std::fs::write(&served, &json).context("writing dist/bench-renault.json")?;
    let _ = std::fs::remove_file(&diagram);
    let env = crate::setup::all(crate::setup::Need::Test)?;
    // Compiled on load, then with the diagram compiled off-line beside the catalog (what
    // `configurator compile` writes).
    let mut runs = Vec::new();
    for label in ["", "precompiled"] {
        if label == "precompiled" {
            let catalog = Catalog::from_json("bench-renault.json", &json)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let artifact = Engine::new(catalog)
                .diagram_artifact()
                .context("Renault compiles to a diagram")?;
            std::fs::write(&diagram, artifact).context("writing dist/bench-renault.diagram")?;
        }
        runs.push(
            env.clone()
                .dir("tests/e2e")
                .command("node", &["bench-renault.mjs", label])
                .output(),
        );
    }
    let _ = std::fs::remove_file(&served);
    let _ = std::fs::remove_file(&diagram);
    for out in runs {
        let out = out.context("running the Renault app benchmark")?;
        let stdout = String::from_utf8_lossy(&out.stdout);
        let figures: Vec<&str> = stdout
            .lines()
            .filter(|l| l.starts_with("app on Renault"))
            .collect();
        if figures.len() < 2 {
            eprintln!("{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
            anyhow::bail!("the Renault app benchmark printed no figures");
        }
        for line in figures {
            println!("{line}");
        }
    }
    Ok(())
}

/// Time to interactive of the built app in headless Chromium (tests/e2e/bench-load.mjs).
fn interactive() -> Result<()> {
    let env = crate::setup::all(crate::setup::Need::Test)?;
    let out = env
        .clone()
        .dir("tests/e2e")
        .command("node", &["bench-load.mjs"])
        .output()
        .context("running the load benchmark")?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    match stdout.lines().find(|l| l.starts_with("app: ")) {
        Some(line) => println!("{line}"),
        None => {
            eprintln!("{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
            anyhow::bail!("the load benchmark printed no figures");
        }
    }
    Ok(())
}

/// The engine compiled to wasm (release, as shipped) and timed in headless Chromium.
fn browser() -> Result<()> {
    let env = crate::setup::all(crate::setup::Need::Test)?;
    let args = [
        "test",
        "--profile",
        "wasm-release",
        "-p",
        "configurator-app",
        "--target",
        "wasm32-unknown-unknown",
        "--features",
        "bench",
        "--test",
        "wasm_bench",
        "--",
        "--nocapture",
    ];
    let out = env
        .command("cargo", &args)
        .output()
        .context("running the browser benchmark")?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let figures: Vec<&str> = stdout.lines().filter(|l| l.contains("BENCH ")).collect();
    if figures.is_empty() {
        eprintln!("{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
        anyhow::bail!("the browser benchmark printed no figures");
    }
    for line in figures {
        let at = line.find("BENCH ").unwrap_or(0);
        println!("{}", line[at..].trim_start_matches("BENCH ").trim());
    }
    Ok(())
}

/// A model to benchmark: its name and catalog JSON.
fn models() -> Result<Vec<(String, String)>> {
    let shared = run::repo_root().join("../shared/benchmarks");
    let mut out = vec![(DEMO_CATALOG_FILE.to_owned(), DEMO_CATALOG.to_owned())];
    let xcsp = |f: &str| -> Result<String> {
        let text =
            std::fs::read_to_string(shared.join(f)).with_context(|| format!("reading {f}"))?;
        Ok(import::xcsp::to_catalog(f, &text)?.to_string())
    };
    let dimacs = |f: &str| -> Result<String> {
        let text =
            std::fs::read_to_string(shared.join(f)).with_context(|| format!("reading {f}"))?;
        Ok(import::dimacs::to_catalog(f, &text)?.to_string())
    };
    out.push(("renault-megane.xml".into(), xcsp("renault-megane.xml")?));
    for f in [
        "uClibc.dimacs",
        "busybox-2010-05-02.dimacs",
        "financialServices_2018-05-09.dimacs",
    ] {
        out.push((f.into(), dimacs(f)?));
    }
    Ok(out)
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// One row of the engine's figures: `sessions` seeded random sessions of at most `length`
/// clicks on `engine`, each click timed, then explanations and repairs of unavailable items.
fn click_row(name: &str, engine: &Engine, load: std::time::Duration, sessions: u64, length: usize) {
    // What the app does when the browser is idle after loading.
    let t = Instant::now();
    engine.prepare_explanations();
    let prepare = t.elapsed();
    let sessions: Vec<Vec<_>> = (0..sessions)
        .map(|s| engine.random_session(s, length))
        .collect();
    let mut clicks = Vec::new();
    let mut explains = Vec::new();
    let mut repairs = Vec::new();
    for session in &sessions {
        let mut choices: Vec<ItemId> = Vec::new();
        let mut eval = engine.evaluate(&choices);
        for &item in session {
            choices = engine.toggle(&choices, item);
            let t = Instant::now();
            eval = engine.evaluate(&choices);
            clicks.push(t.elapsed().as_secs_f64() * 1e6);
        }
        let unavailable: Vec<_> = engine
            .catalog()
            .items()
            .iter()
            .filter(|it| eval.item(it.id) == ItemState::Unavailable)
            .take(10)
            .map(|it| it.id)
            .collect();
        for item in unavailable {
            let t = Instant::now();
            let _ = engine.explain(&choices, item);
            explains.push(t.elapsed().as_secs_f64() * 1e6);
            let t = Instant::now();
            let _ = engine.repair(&choices, item);
            repairs.push(t.elapsed().as_secs_f64() * 1e6);
        }
    }
    clicks.sort_by(f64::total_cmp);
    explains.sort_by(f64::total_cmp);
    repairs.sort_by(f64::total_cmp);
    // The exact count of all configurations, as `configurator count` asks for it.
    let t = Instant::now();
    let counted = engine.count_within::<ItemId>(&[], 20 * configurator_engine::COUNT_BUDGET);
    let count = match counted {
        Some(_) => format!("{:.0}", t.elapsed().as_secs_f64() * 1e3),
        None => "gave up".to_owned(),
    };
    let diagram = match (engine.diagram_size(), engine.diagram_peak()) {
        (Some(n), Some(peak)) => format!("{}k/{}k", n / 1000, peak / 1000),
        (Some(n), None) => format!("{}k", n / 1000),
        (None, _) => "none".to_owned(),
    };
    println!(
        "  {:<38} {:>9.1} {:>9.1} {:>11} {:>7} {:>9.0} {:>9.0} {:>9.0} {:>9.0} {:>9.0} {:>10.0} {:>10.0} {:>9}",
        name,
        load.as_secs_f64() * 1e3,
        prepare.as_secs_f64() * 1e3,
        diagram,
        clicks.len(),
        pct(&clicks, 0.5),
        pct(&clicks, 0.99),
        clicks.last().copied().unwrap_or(0.0),
        pct(&explains, 0.5),
        pct(&explains, 0.99),
        pct(&repairs, 0.5),
        pct(&repairs, 0.99),
        count,
    );
}

fn engine_clicks() -> Result<()> {
    println!(
        "engine, native release build: 20 seeded random sessions per model (at most 40 clicks \
         each); on the solver path alone, 20 sessions of at most 20 clicks"
    );
    println!(
        "  {:<38} {:>9} {:>9} {:>11} {:>7} {:>9} {:>9} {:>9} {:>9} {:>9} {:>10} {:>10} {:>9}",
        "model",
        "load ms",
        "prep ms",
        "diagram",
        "clicks",
        "p50 µs",
        "p99 µs",
        "max µs",
        "expl p50",
        "expl p99",
        "repair p50",
        "repair p99",
        "count ms"
    );
    for (name, json) in models()? {
        // The default (the diagram when it fits), then the solver alone where that differs:
        // figures on both paths, side by side (fewer sessions there: it is the slow path).
        for solver_only in [false, true] {
            let t = Instant::now();
            let catalog = Catalog::from_json(&name, &json).map_err(|e| anyhow::anyhow!("{e}"))?;
            let engine = if solver_only {
                Engine::with_diagram_budget(catalog, 0)
            } else {
                Engine::new(catalog)
            };
            let load = t.elapsed();
            if solver_only {
                click_row(&format!("{name} (solver)"), &engine, load, 20, 20);
                if name == "renault-megane.xml" {
                    // A big diagram of the same configurations: clicks at 300k nodes.
                    let t = Instant::now();
                    let catalog =
                        Catalog::from_json(&name, &json).map_err(|e| anyhow::anyhow!("{e}"))?;
                    let engine = Engine::compiled_in_catalog_order(catalog, 20_000_000);
                    click_row(
                        &format!("{name} (catalog order)"),
                        &engine,
                        t.elapsed(),
                        20,
                        40,
                    );
                }
            } else {
                click_row(&name, &engine, load, 20, 40);
                if engine.diagram_size().is_none() {
                    break; // already the solver
                }
            }
        }
    }
    println!(
        "  (load: catalog JSON to ready engine, diagram compile included; diagram: nodes kept/most held while compiling,"
    );
    println!(
        "   none = too large, the solver answers; expl: one explanation of an unavailable item;"
    );
    println!("   repair: the smallest retraction that makes that item available;");
    println!("   catalog order: compiled off-line with the levels in catalog order, a big diagram of the same model;");
    println!("   count: the exact number of configurations (diagram, else the factor counter, else the clause counter);");
    println!(
        "   prep: building the explanation solver, done while the browser is idle after load)"
    );
    Ok(())
}

/// The files of a folder (not its subfolders): name, raw and gzipped bytes.
fn sizes(dir: &std::path::Path) -> Result<Vec<(String, u64, u64)>> {
    let mut files: Vec<(String, u64, u64)> = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    for path in paths {
        let raw = std::fs::metadata(&path)?.len();
        let zipped = std::process::Command::new("gzip")
            .args(["-9c"])
            .arg(&path)
            .output()
            .context("gzip")?
            .stdout
            .len() as u64;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        files.push((name, raw, zipped));
    }
    Ok(files)
}

fn app_size() -> Result<()> {
    let dist = run::repo_root().join("dist");
    let Ok(files) = sizes(&dist) else {
        println!("app size: no dist/ yet (run `cargo xtask build` first)");
        return Ok(());
    };
    println!("app size (dist/, gzip -9)");
    for (name, raw, zipped) in &files {
        println!(
            "  {name:<48} {:>8.1} KB  {:>8.1} KB gzipped",
            *raw as f64 / 1024.0,
            *zipped as f64 / 1024.0
        );
    }
    // The app's page loads everything in dist/ but the embeds' files; the custom element loads
    // embed.js, embed.css and the embed bundle's module and WebAssembly (dist/embed/).
    let sum = |keep: &dyn Fn(&str) -> bool| -> (u64, u64) {
        files
            .iter()
            .filter(|(n, ..)| keep(n))
            .fold((0, 0), |(r, g), (_, raw, z)| (r + raw, g + z))
    };
    let (raw, gz) = sum(&|n| !n.starts_with("embed."));
    println!(
        "  {:<48} {:>8.1} KB  {:>8.1} KB gzipped (budget 360 KB gzipped: {})",
        "the app's page (the customer's configurator)",
        raw as f64 / 1024.0,
        gz as f64 / 1024.0,
        if gz <= 360 * 1024 { "within" } else { "OVER" }
    );
    let (raw, gz) = sum(&|n| n == "embed.js" || n == "embed.css");
    let bundle = sizes(&dist.join("embed")).unwrap_or_default();
    let (raw, gz) = bundle
        .iter()
        .filter(|(n, ..)| n.starts_with("configurator-embed-"))
        .fold((raw, gz), |(r, g), (_, x, z)| (r + x, g + z));
    println!(
        "  {:<48} {:>8.1} KB  {:>8.1} KB gzipped",
        "<product-configurator> (embed.js, embed.css, embed/ module)",
        raw as f64 / 1024.0,
        gz as f64 / 1024.0
    );
    // The pages with bundles of their own: the saved quotes, search and import, and the quote desk's (loaded only
    // by the desk's users).
    for (dir, what) in [
        ("saved", "the saved-quotes page (dist/saved/)"),
        ("tools", "the search and compare page (dist/tools/)"),
        ("desk", "the quote desk's pages (dist/desk/)"),
    ] {
        let Ok(files) = sizes(&dist.join(dir)) else {
            continue;
        };
        let (raw, gz) = files
            .iter()
            .filter(|(n, ..)| !n.ends_with(".svg"))
            .fold((0, 0), |(r, g), (_, raw, z)| (r + raw, g + z));
        println!(
            "  {what:<48} {:>8.1} KB  {:>8.1} KB gzipped",
            raw as f64 / 1024.0,
            gz as f64 / 1024.0
        );
    }
    Ok(())
}
