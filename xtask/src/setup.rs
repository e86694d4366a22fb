//! Installs what builds and tests need, from the package registries only (crates.io, npm,
//! Debian), skipping whatever is already installed at the right version.
//!
//! Versions are pinned here and in `../shared/TOOLCHAIN.md`: trunk 0.21.14, wasm-bindgen-cli
//! 0.2.130 (matching the `wasm-bindgen` pin in Cargo.toml), wasm-opt from npm `binaryen@132`,
//! Debian's chromium and chromium-driver, npm `playwright-core@1.65.1`, Debian's postgresql (the
//! quote desk's tests start a throwaway server of it: `postgres.rs`), Debian's poppler-utils and
//! python3-aiosmtpd (the desk's mail and PDF tests read PDFs with `pdftotext` and send to a real
//! SMTP sink), Debian's libxml2-utils (`xmllint`: the procurement tests read the cXML documents
//! back with an independent parser).

use std::path::PathBuf;

use anyhow::{bail, Context, Result};

use crate::run::{self, Env};

/// What the caller is about to do.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Build and serve the app.
    Build,
    /// Everything `Build` needs, plus the browser and the end-to-end tools.
    Test,
}

const TRUNK: &str = "0.21.14";
const WASM_BINDGEN: &str = "0.2.130";
const WASM_TARGET: &str = "wasm32-unknown-unknown";
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Installs what `need` requires and returns the environment to run steps in.
pub fn all(need: Need) -> Result<Env> {
    let root = run::repo_root();
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .context("neither CARGO_HOME nor HOME is set")?;
    let env = Env {
        root: root.clone(),
        dir: PathBuf::from("."),
        path_prefix: vec![root.join("tools/node_modules/.bin"), cargo_home.join("bin")],
        vars: vec![
            ("CHROMEDRIVER".into(), CHROMEDRIVER.into()),
            ("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD".into(), "1".into()),
            ("WASM_BINDGEN_TEST_TIMEOUT".into(), "120".into()),
        ],
    };
    println!("xtask: checking tools (missing ones are installed; this can take minutes once)");
    wasm_target(&env)?;
    // Debian's packages download and unpack while cargo compiles (apt is network and disk,
    // cargo is CPU): one `apt-get update` and one install for all that is missing.
    let debian = match need {
        Need::Test => missing_debian_packages(),
        Need::Build => Vec::new(),
    };
    let apt = (!debian.is_empty()).then(|| {
        let env = env.clone();
        std::thread::spawn(move || apt_install(&env, &debian))
    });
    let cargo_tools = cargo_tools(&env);
    let apt = match apt {
        Some(running) => running
            .join()
            .unwrap_or_else(|_| Err(anyhow::anyhow!("apt-get install panicked"))),
        None => Ok(()),
    };
    cargo_tools?;
    apt?;
    npm_packages(&env, "tools")?;
    if need == Need::Test {
        npm_packages(&env, "tests/e2e")?;
    }
    Ok(env)
}

/// trunk and the wasm-bindgen CLI, from crates.io.
fn cargo_tools(env: &Env) -> Result<()> {
    cargo_tool(
        env,
        "trunk",
        &format!("trunk {TRUNK}"),
        &["install", "trunk", "--version", TRUNK, "--locked"],
    )?;
    // Not --locked: its lock file asks for a dependency version the registry does not serve.
    cargo_tool(
        env,
        "wasm-bindgen",
        &format!("wasm-bindgen {WASM_BINDGEN}"),
        &[
            "install",
            "wasm-bindgen-cli",
            "--version",
            &format!("={WASM_BINDGEN}"),
        ],
    )
}

fn wasm_target(env: &Env) -> Result<()> {
    let installed = env
        .output("rustup", &["target", "list", "--installed"])
        .unwrap_or_default();
    if installed.lines().any(|l| l.trim() == WASM_TARGET) {
        println!("xtask:   ok  rust target {WASM_TARGET}");
        return Ok(());
    }
    println!("xtask:   installing rust target {WASM_TARGET}");
    run::step(
        "rustup target add",
        env,
        "rustup",
        &["target", "add", WASM_TARGET],
    )?
    .ok()
}

fn cargo_tool(env: &Env, bin: &str, want: &str, install: &[&str]) -> Result<()> {
    let have = env.output(bin, &["--version"]).unwrap_or_default();
    if have.trim() == want || have.trim().starts_with(&format!("{want} ")) {
        println!("xtask:   ok  {want}");
        return Ok(());
    }
    let was = if have.is_empty() {
        "not installed".to_owned()
    } else {
        format!("found `{}`", have.trim())
    };
    println!("xtask:   installing {want} ({was}); cargo install takes a few minutes");
    // trunk's own profile asks for fat LTO in one codegen unit: on 2 cores that is minutes of
    // a single-threaded link for a tool that orchestrates (its speed is not what a build waits
    // on). Built without them, at full optimisation. wasm-bindgen keeps its profile: its speed
    // is (measured: at opt-level 1 every trunk build and the browser tests took 15-40% longer).
    let mut quick = env.clone();
    if bin == "trunk" {
        quick.vars.extend(
            [
                ("CARGO_PROFILE_RELEASE_LTO", "false"),
                ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16"),
            ]
            .map(|(k, v)| (k.to_owned(), v.to_owned())),
        );
    }
    run::step(&format!("cargo install {bin}"), &quick, "cargo", install)?.ok()
}

fn npm_packages(env: &Env, dir: &str) -> Result<()> {
    let folder = env.root.join(dir);
    let lock = folder.join("package-lock.json");
    let installed = folder.join("node_modules/.package-lock.json");
    let fresh = match (std::fs::metadata(&lock), std::fs::metadata(&installed)) {
        (Ok(l), Ok(i)) => i.modified()? >= l.modified()?,
        _ => false,
    };
    if fresh {
        println!("xtask:   ok  npm packages in {dir}/");
        return Ok(());
    }
    if env.output("npm", &["--version"]).is_none() {
        bail!("npm is not installed; install Node.js 20 and npm (apt-get install nodejs npm)");
    }
    println!("xtask:   installing npm packages in {dir}/ (npm ci)");
    run::step(
        &format!("npm ci ({dir})"),
        &env.clone().dir(dir),
        "npm",
        &["ci", "--no-audit", "--no-fund"],
    )?
    .ok()
}

/// The Debian packages the tests need that are not installed: Chromium and its driver (browser
/// tests), PostgreSQL (the desk's tests on PostgreSQL), poppler-utils and python3-aiosmtpd (the
/// desk's PDF and mail tests read PDFs with `pdftotext` and send to a real SMTP sink),
/// libxml2-utils (the procurement tests read the cXML documents the desk writes with `xmllint`,
/// a parser that is not the desk's own).
fn missing_debian_packages() -> Vec<String> {
    let is = |path: &str| std::path::Path::new(path).exists();
    let mut missing = Vec::new();
    let mut need = |have: bool, name: &str, packages: &[&str]| {
        if have {
            println!("xtask:   ok  {name} (Debian)");
        } else {
            println!(
                "xtask:   installing Debian's {} (apt-get)",
                packages.join(" and ")
            );
            missing.extend(packages.iter().map(|p| (*p).to_owned()));
        }
    };
    need(
        is(CHROMIUM) && is(CHROMEDRIVER),
        "chromium and chromedriver",
        &["chromium", "chromium-driver"],
    );
    need(
        crate::postgres::bin_dir().is_some(),
        "postgresql",
        &["postgresql"],
    );
    need(
        is("/usr/bin/pdftotext") && is("/usr/lib/python3/dist-packages/aiosmtpd"),
        "poppler-utils and python3-aiosmtpd",
        &["poppler-utils", "python3-aiosmtpd"],
    );
    need(
        is("/usr/bin/xmllint"),
        "libxml2-utils (xmllint)",
        &["libxml2-utils"],
    );
    missing
}

fn apt_install(env: &Env, packages: &[String]) -> Result<()> {
    let is_root = env.output("id", &["-u"]).is_some_and(|u| u.trim() == "0");
    let (program, prefix): (&str, Vec<&str>) = if is_root {
        ("apt-get", vec![])
    } else {
        ("sudo", vec!["apt-get"])
    };
    let mut apt = env.clone();
    apt.vars
        .push(("DEBIAN_FRONTEND".into(), "noninteractive".into()));
    let mut update = prefix.clone();
    update.push("update");
    run::step("apt-get update", &apt, program, &update)?.ok()?;
    let mut install = prefix;
    install.extend(["install", "-y"]);
    install.extend(packages.iter().map(String::as_str));
    run::step(
        &format!("apt-get install {}", packages.join(" ")),
        &apt,
        program,
        &install,
    )?
    .ok()
}
