//! Shared by the CLI test files: run the built `configurator` from the repository root, and a
//! per-process scratch directory.
#![allow(dead_code)] // each test file uses its own subset

use std::path::PathBuf;
use std::process::Command;

/// The repository root (tests name files relative to it).
pub fn root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

/// Runs `configurator ARGS` in the repository root: (exit code, stdout, stderr).
pub fn configurator(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_configurator"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A path in a scratch directory of this test process, named `cfg-<suite>-<pid>`.
pub fn temp(suite: &str, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cfg-{suite}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}
