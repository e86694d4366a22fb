//! `cargo xtask`: the project's own set-up, build, test and bench commands.
//!
//! Every command installs what it needs first (from the package registries only) and skips
//! what is already there, so a fresh machine needs nothing but Rust, Node and apt.

mod bench;
mod demo;
mod postgres;
mod run;
mod setup;

use std::time::Instant;

use anyhow::{bail, Result};

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  setup          install everything builds and tests need (skips what is installed)
  serve          build the app and serve it with the quote desk (configurator-server, SQLite
                 in data/, a demo team on first start) on http://127.0.0.1:8080, and the
                 partner demo page (the embed) on http://localhost:8091/partner-demo/;
                 release bundles and a release server, as users get them (the first build
                 takes about 10 minutes on 2 cores); --dev for quick unoptimised rebuilds
  build          build the app for release into dist/
  test           run every check: fmt, clippy, native tests, browser unit tests in headless
                 Chromium, the release build and the end-to-end suite
  bench          print engine timings and the size of the built app
                 (`bench browser`: only the engine in headless Chromium;
                 `bench engine`: only the native engine figures, on both paths;
                 `bench desk`: only the quote desk's load test, on SQLite and PostgreSQL)
";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup::all(setup::Need::Test).map(|_| ()),
        Some("serve") => serve(!args.iter().any(|a| a == "--dev")),
        Some("build") => build(),
        Some("test") => test(),
        Some("bench") => bench::run(args.get(1).map(String::as_str)),
        Some("-h" | "--help" | "help") => {
            print!("{USAGE}");
            Ok(())
        }
        Some(other) => {
            eprint!("unknown command `{other}`\n\n{USAGE}");
            std::process::exit(2);
        }
        None => {
            eprint!("{USAGE}");
            std::process::exit(2);
        }
    };
    if let Err(e) = result {
        eprintln!("xtask: error: {e:#}");
        std::process::exit(1);
    }
}

fn serve(release: bool) -> Result<()> {
    let started = Instant::now();
    let env = setup::all(setup::Need::Build)?;
    if release {
        println!(
            "xtask: building release bundles and a release server, as users get them (the \
             first build takes about 10 minutes on 2 cores, later ones seconds; `cargo xtask \
             serve --dev` builds unoptimised, faster to rebuild, slower to use)"
        );
    }
    run::step("fetch crates", &env, "cargo", &["fetch"])?.ok()?;
    for built in run::trunk_builds(&env, release)? {
        built.ok()?;
    }
    let demo_root = run::repo_root().join("partner-demo");
    match demo::start(demo_root) {
        Ok(()) => println!(
            "xtask: the partner demo (the embed, cross-origin) on http://localhost:{}/partner-demo/",
            demo::PORT
        ),
        Err(e) => println!("xtask: the partner demo is not served (port {}: {e})", demo::PORT),
    }
    println!(
        "xtask: the app and the quote desk on http://127.0.0.1:8080 (data in data/; Ctrl+C to stop)"
    );
    let mut server = vec!["build", "--quiet", "-p", "configurator-server"];
    if release {
        server.push("--release");
    }
    run::step("build configurator-server", &env, "cargo", &server)?.ok()?;
    println!("xtask: built in {:.0} s", started.elapsed().as_secs_f64());
    let mut server = vec!["run", "--quiet", "-p", "configurator-server"];
    if release {
        server.push("--release");
    }
    server.extend([
        "--",
        "--dev",
        "--listen",
        "127.0.0.1:8080",
        "--dist",
        "dist",
    ]);
    run::step("configurator-server", &env, "cargo", &server)?.ok()
}

fn build() -> Result<()> {
    let env = setup::all(setup::Need::Build)?;
    run::step("fetch crates", &env, "cargo", &["fetch"])?.ok()?;
    for built in run::trunk_builds(&env, true)? {
        built.ok()?;
    }
    Ok(())
}

/// The loopback port of the tests' throwaway PostgreSQL.
const POSTGRES_PORT: u16 = 54329;

fn test() -> Result<()> {
    let started = Instant::now();
    let env = setup::all(setup::Need::Test)?;
    let mut report = run::Report::default();
    let wasm = "wasm32-unknown-unknown";

    report.add(run::step(
        "cargo fmt --check",
        &env,
        "cargo",
        &["fmt", "--all", "--check"],
    )?);
    report.add(run::step(
        "clippy (native)",
        &env,
        "cargo",
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    )?);
    report.add(run::step(
        "clippy (wasm app)",
        &env,
        "cargo",
        &[
            "clippy",
            "-p",
            "configurator-app",
            "--target",
            wasm,
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    )?);
    // The quote desk's tests run on SQLite and on this throwaway PostgreSQL (required: a
    // missing PostgreSQL fails them rather than skipping half).
    let pg = postgres::Postgres::start(POSTGRES_PORT);
    let mut native = env.clone();
    match &pg {
        Ok(pg) => {
            println!("xtask: a throwaway PostgreSQL on {}", pg.url);
            native
                .vars
                .push(("DESK_TEST_POSTGRES".into(), pg.url.clone()));
        }
        Err(e) => println!("xtask: PostgreSQL did not start: {e:#}"),
    }
    native
        .vars
        .push(("DESK_REQUIRE_POSTGRES".into(), "1".into()));
    report.add(run::step(
        "native tests (the quote desk on SQLite and PostgreSQL)",
        &native,
        "cargo",
        // Every test binary, even after one fails: a red run lists all that is wrong.
        &["test", "--workspace", "--no-fail-fast"],
    )?);
    drop(pg);
    report.add(run::step(
        "browser unit tests (headless Chromium)",
        &env,
        "cargo",
        &["test", "-p", "configurator-app", "--target", wasm],
    )?);
    let built = run::trunk_builds(&env, true)?;
    // The builds stop at the first that fails: all succeeded when every one recorded did.
    let built_ok = !built.is_empty() && built.iter().all(|b| b.success);
    for b in built {
        report.add(b);
    }
    if built_ok {
        let e2e = env.clone().dir("tests/e2e");
        report.add(run::step(
            "end-to-end tests (Playwright, Chromium)",
            &e2e,
            "npm",
            &["test", "--silent"],
        )?);
    } else {
        report.skip(
            "end-to-end tests (Playwright, Chromium)",
            "the release build failed",
        );
    }
    report.print(started.elapsed());
    if report.failed() > 0 {
        bail!("{} failed", report.failed());
    }
    Ok(())
}
