//! Installs what builds and tests need, from the package registries only (crates.io, npm,
//! Debian), skipping whatever is already installed at the right version.
//!
//! Versions are pinned here and in `../shared/TOOLCHAIN.md`: trunk 0.21.14, wasm-bindgen-cli
//! 0.2.130 (matching the `wasm-bindgen` pin in Cargo.toml), wasm-opt from npm `binaryen@132`,
//! Debian's chromium and chromium-driver, npm `playwright-core@1.65.1`, Debian's postgresql (the
//! quote desk's tests start a throwaway server of it: `postgres.rs`), Debian's poppler-utils and
//! python3-aiosmtpd (the desk's mail and PDF tests read PDFs with `pdftotext` and send to a real
//! SMTP sink).

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
    cargo_tool(
        &env,
        "trunk",
        &format!("trunk {TRUNK}"),
        &["install", "trunk", "--version", TRUNK, "--locked"],
    )?;
    // Not --locked: its lock file asks for a dependency version the registry does not serve.
    cargo_tool(
        &env,
        "wasm-bindgen",
        &format!("wasm-bindgen {WASM_BINDGEN}"),
        &[
            "install",
            "wasm-bindgen-cli",
            "--version",
            &format!("={WASM_BINDGEN}"),
        ],
    )?;
    npm_packages(&env, "tools")?;
    if need == Need::Test {
        chromium(&env)?;
        postgresql(&env)?;
        mail_and_pdf_tools(&env)?;
        npm_packages(&env, "tests/e2e")?;
    }
    Ok(env)
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
    run::step(&format!("cargo install {bin}"), env, "cargo", install)?.ok()
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

fn chromium(env: &Env) -> Result<()> {
    if std::path::Path::new(CHROMIUM).exists() && std::path::Path::new(CHROMEDRIVER).exists() {
        println!("xtask:   ok  chromium and chromedriver (Debian)");
        return Ok(());
    }
    println!("xtask:   installing Debian's chromium and chromium-driver (apt-get)");
    apt_install(env, &["chromium", "chromium-driver"])
}

/// Debian's PostgreSQL server, for the quote desk's tests on PostgreSQL.
fn postgresql(env: &Env) -> Result<()> {
    if crate::postgres::bin_dir().is_some() {
        println!("xtask:   ok  postgresql (Debian)");
        return Ok(());
    }
    println!("xtask:   installing Debian's postgresql (apt-get)");
    apt_install(env, &["postgresql"])
}

/// `pdftotext` (poppler-utils) and the aiosmtpd SMTP server, for the desk's PDF and mail tests
/// (`crates/server/tests/mail.rs`, `document.rs`).
fn mail_and_pdf_tools(env: &Env) -> Result<()> {
    let pdftotext = std::path::Path::new("/usr/bin/pdftotext").exists();
    let aiosmtpd = std::path::Path::new("/usr/lib/python3/dist-packages/aiosmtpd").exists();
    if pdftotext && aiosmtpd {
        println!("xtask:   ok  poppler-utils and python3-aiosmtpd (Debian)");
        return Ok(());
    }
    println!("xtask:   installing Debian's poppler-utils and python3-aiosmtpd (apt-get)");
    apt_install(env, &["poppler-utils", "python3-aiosmtpd"])
}

fn apt_install(env: &Env, packages: &[&str]) -> Result<()> {
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
    install.extend(packages);
    run::step(
        &format!("apt-get install {}", packages.join(" ")),
        &apt,
        program,
        &install,
    )?
    .ok()
}
