//! A throwaway PostgreSQL server for the quote desk's tests and load test: a new cluster in a
//! temporary folder, listening on a loopback port only, stopped and removed when dropped.
//! PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` user
//! that Debian's package creates (`../shared/TOOLCHAIN.md`).

use std::path::PathBuf;
use std::process::Command;

use anyhow::{bail, Context, Result};

/// Debian's PostgreSQL binaries (`/usr/lib/postgresql/VERSION/bin`, the newest version).
pub fn bin_dir() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let v: u32 = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((v, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, b)| b)
}

/// A running throwaway server.
pub struct Postgres {
    dir: PathBuf,
    bin: PathBuf,
    as_root: bool,
    /// `postgres://postgres@127.0.0.1:PORT/postgres`.
    pub url: String,
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

impl Postgres {
    /// Starts a server on `port` (127.0.0.1 only).
    pub fn start(port: u16) -> Result<Postgres> {
        let bin = bin_dir().context("PostgreSQL is not installed (apt-get install postgresql)")?;
        let dir =
            std::env::temp_dir().join(format!("xtask-postgres-{}-{port}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        let as_root = is_root();
        let pg = Postgres {
            dir: dir.clone(),
            bin,
            as_root,
            url: format!("postgres://postgres@127.0.0.1:{port}/postgres"),
        };
        if as_root {
            let ok = Command::new("chown")
                .args(["postgres:postgres", &dir.display().to_string()])
                .status()?
                .success();
            if !ok {
                bail!("cannot give {} to the postgres user", dir.display());
            }
        }
        let data = dir.join("data").display().to_string();
        pg.run(
            "initdb",
            &["-D", &data, "-A", "trust", "-U", "postgres", "--no-sync"],
        )?;
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
            dir.display()
        );
        let log = dir.join("log").display().to_string();
        pg.run(
            "pg_ctl",
            &["-D", &data, "-l", &log, "-o", &options, "-w", "start"],
        )
        .with_context(|| {
            let log = std::fs::read_to_string(dir.join("log")).unwrap_or_default();
            format!("PostgreSQL did not start:\n{log}")
        })?;
        Ok(pg)
    }

    fn run(&self, tool: &str, args: &[&str]) -> Result<()> {
        let program = self.bin.join(tool).display().to_string();
        let mut c = if self.as_root {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--", &program]);
            c
        } else {
            Command::new(&program)
        };
        let out = c.args(args).output()?;
        if !out.status.success() {
            bail!(
                "{tool} failed: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Ok(())
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let data = self.dir.join("data").display().to_string();
        let _ = self.run("pg_ctl", &["-D", &data, "-m", "immediate", "-w", "stop"]);
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
