//! Running steps: child processes whose output is streamed and scanned for test counts.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

/// Where and with what environment steps run.
#[derive(Clone, Debug)]
pub struct Env {
    /// The repository root.
    pub root: PathBuf,
    /// Working directory, relative to the root.
    pub dir: PathBuf,
    /// Directories put in front of PATH.
    pub path_prefix: Vec<PathBuf>,
    /// Extra environment variables.
    pub vars: Vec<(String, String)>,
}

impl Env {
    /// The same environment in another directory (relative to the root).
    pub fn dir(mut self, dir: &str) -> Self {
        self.dir = PathBuf::from(dir);
        self
    }

    /// A command for `program` in this environment.
    pub fn command(&self, program: &str, args: &[&str]) -> Command {
        let mut cmd = Command::new(program);
        cmd.args(args).current_dir(self.root.join(&self.dir));
        let old = std::env::var_os("PATH").unwrap_or_default();
        let mut paths: Vec<PathBuf> = self.path_prefix.clone();
        paths.extend(std::env::split_paths(&old));
        cmd.env(
            "PATH",
            std::env::join_paths(paths).expect("PATH entries are valid"),
        );
        for (k, v) in &self.vars {
            cmd.env(k, v);
        }
        cmd
    }

    /// Runs a command quietly and returns its standard output, or `None` if it cannot run or fails.
    pub fn output(&self, program: &str, args: &[&str]) -> Option<String> {
        let out = self
            .command(program, args)
            .stderr(Stdio::null())
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }
}

/// The outcome of one step.
#[derive(Debug)]
pub struct StepResult {
    /// What ran.
    pub name: String,
    /// Whether the process exited with success.
    pub success: bool,
    /// Tests reported passed in its output.
    pub passed: u64,
    /// Tests reported failed in its output.
    pub failed: u64,
    /// How long it took.
    pub duration: Duration,
    /// Why it did not run, if it was skipped.
    pub skipped: Option<String>,
}

impl StepResult {
    /// An error if the step failed.
    pub fn ok(self) -> Result<()> {
        if self.success {
            Ok(())
        } else {
            bail!("step `{}` failed", self.name)
        }
    }
}

/// Runs `program args` in `env`, streaming its output and counting the tests it reports.
pub fn step(name: &str, env: &Env, program: &str, args: &[&str]) -> Result<StepResult> {
    println!("\nxtask: ── {name} ── {program} {}", args.join(" "));
    let started = Instant::now();
    let mut child = env
        .command(program, args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot start `{program}`; is it installed and on PATH?"))?;
    let (tx, rx) = mpsc::channel::<String>();
    let pipes: Vec<Box<dyn Read + Send>> = vec![
        Box::new(child.stdout.take().expect("piped")),
        Box::new(child.stderr.take().expect("piped")),
    ];
    let readers: Vec<_> = pipes
        .into_iter()
        .enumerate()
        .map(|(k, pipe)| {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                    if k == 0 {
                        println!("{line}");
                    } else {
                        eprintln!("{line}");
                    }
                    let _ = tx.send(line);
                }
            })
        })
        .collect();
    drop(tx);
    let mut counts = Counts::default();
    for line in rx {
        counts.scan(&line);
    }
    for r in readers {
        let _ = r.join();
    }
    let status = child.wait()?;
    Ok(StepResult {
        name: name.to_owned(),
        success: status.success(),
        passed: counts.passed,
        failed: counts.failed,
        duration: started.elapsed(),
        skipped: None,
    })
}

/// Test counts found in a step's output: cargo's `test result:` lines and node's TAP summary.
#[derive(Default, Debug, PartialEq, Eq)]
pub struct Counts {
    /// Tests passed.
    pub passed: u64,
    /// Tests failed.
    pub failed: u64,
}

impl Counts {
    /// Adds the counts in one line of output, if it has any.
    pub fn scan(&mut self, line: &str) {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("test result: ") {
            // "ok. 17 passed; 0 failed; 0 ignored; ..."
            for part in rest.split(';') {
                let words: Vec<&str> = part.split_whitespace().collect();
                let n = |w: &str| w.parse::<u64>().ok();
                match words.as_slice() {
                    [.., num, "passed"] => self.passed += n(num).unwrap_or(0),
                    [num, "failed"] => self.failed += n(num).unwrap_or(0),
                    _ => {}
                }
            }
        } else if let Some(n) = line.strip_prefix("# pass ") {
            self.passed += n.trim().parse::<u64>().unwrap_or(0);
        } else if let Some(n) = line.strip_prefix("# fail ") {
            self.failed += n.trim().parse::<u64>().unwrap_or(0);
        }
    }
}

/// All steps of a run.
#[derive(Default)]
pub struct Report {
    steps: Vec<StepResult>,
}

impl Report {
    /// Records a step.
    pub fn add(&mut self, r: StepResult) {
        self.steps.push(r);
    }

    /// Records a step that did not run.
    pub fn skip(&mut self, name: &str, why: &str) {
        self.steps.push(StepResult {
            name: name.to_owned(),
            success: false,
            passed: 0,
            failed: 0,
            duration: Duration::ZERO,
            skipped: Some(why.to_owned()),
        });
    }

    /// Failed tests plus failed steps that reported no failed test (a lint, a build).
    pub fn failed(&self) -> u64 {
        self.steps
            .iter()
            .map(|s| if s.success { s.failed } else { s.failed.max(1) })
            .sum()
    }

    /// Prints one line per step and the closing summary line.
    pub fn print(&self, total: Duration) {
        println!("\nxtask: ── summary ──");
        for s in &self.steps {
            let mark = match (&s.skipped, s.success) {
                (Some(_), _) => "SKIP",
                (None, true) => "ok  ",
                (None, false) => "FAIL",
            };
            let tests = if s.passed + s.failed > 0 {
                format!(" ({} passed, {} failed)", s.passed, s.failed)
            } else {
                String::new()
            };
            let why = s
                .skipped
                .as_deref()
                .map(|w| format!(": {w}"))
                .unwrap_or_default();
            println!(
                "  {mark} {:<42} {:>7.1}s{tests}{why}",
                s.name,
                s.duration.as_secs_f64()
            );
        }
        println!("  total time {:.1}s", total.as_secs_f64());
        let passed: u64 = self.steps.iter().map(|s| s.passed).sum();
        println!("xtask: {passed} passed, {} failed", self.failed());
    }
}

/// The repository root (the parent of `xtask/`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the repository")
        .to_path_buf()
}

/// Builds the five bundles: the app into `dist/` (its build empties `dist/` first), then the
/// saved-quotes page into `dist/saved/`, the search, compare and BOM import page into
/// `dist/tools/`, the quote desk's pages into `dist/desk/` and the embed bundle into
/// `dist/embed/` (with
/// `embed.html`, `embed.js` and `embed.css` in `dist/`). Stops at the first that fails.
pub fn trunk_builds(env: &Env, release: bool) -> Result<Vec<StepResult>> {
    let mode = if release { " --release" } else { "" };
    let mut results = Vec::new();
    for (what, config) in [
        ("the app", None),
        ("the saved-quotes page", Some("saved/Trunk.toml")),
        (
            "the search, compare and BOM import page",
            Some("tools/Trunk.toml"),
        ),
        ("the quote desk's pages", Some("desk/Trunk.toml")),
        ("the embeds", Some("embed/Trunk.toml")),
    ] {
        let mut args = Vec::new();
        if let Some(c) = config {
            args.extend(["--config", c]);
        }
        args.extend(["build", "--offline"]);
        if release {
            args.push("--release");
        }
        let r = step(&format!("trunk build{mode} ({what})"), env, "trunk", &args)?;
        let ok = r.success;
        results.push(r);
        if !ok {
            break;
        }
    }
    Ok(results)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_cargo_and_node_summaries() {
        let mut c = Counts::default();
        c.scan("test result: ok. 17 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s");
        c.scan("test result: FAILED. 4 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out");
        c.scan("# pass 2");
        c.scan("# fail 1");
        c.scan("running 3 tests");
        assert_eq!(
            c,
            Counts {
                passed: 23,
                failed: 2
            }
        );
    }

    #[test]
    fn a_failed_step_without_test_counts_still_counts_as_a_failure() {
        let mut r = Report::default();
        r.add(StepResult {
            name: "fmt".into(),
            success: false,
            passed: 0,
            failed: 0,
            duration: Duration::ZERO,
            skipped: None,
        });
        r.add(StepResult {
            name: "tests".into(),
            success: false,
            passed: 5,
            failed: 2,
            duration: Duration::ZERO,
            skipped: None,
        });
        r.skip("e2e", "build failed");
        assert_eq!(r.failed(), 4);
    }
}
