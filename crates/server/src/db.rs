//! The database: SQLite (a file, by default) or PostgreSQL, through sqlx's `Any` driver so both
//! run the same queries. Queries use `$1`-style parameters, which both accept (SQLite numbers
//! them in order of first use, so every query names `$1`, `$2`, ... in order). Migrations are
//! versioned per database in `migrations/` and run at start.

use std::path::Path;
use std::str::FromStr;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::AnyPool;
use tokio::sync::{Mutex, MutexGuard};

/// Which database.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An embedded SQLite file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// The pool and, for SQLite, the lock that keeps one writer at a time in this process (SQLite
/// has one writer anyway; queueing here avoids its busy errors under load).
#[derive(Debug)]
pub struct Db {
    /// The connection pool.
    pub pool: AnyPool,
    /// Which database it is.
    pub kind: Kind,
    writer: Option<Mutex<()>>,
}

/// The default database of a working directory: `data/quote-desk.sqlite3`.
pub const DEFAULT_URL: &str = "sqlite://data/quote-desk.sqlite3";

impl Db {
    /// Opens (creating a SQLite file and its folder when missing) and migrates the database.
    pub async fn open(url: &str) -> anyhow::Result<Db> {
        sqlx::any::install_default_drivers();
        let kind = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Kind::Postgres
        } else if url.starts_with("sqlite:") {
            Kind::Sqlite
        } else {
            anyhow::bail!(
                "--database `{url}`: expected sqlite://PATH or postgres://USER@HOST:PORT/NAME"
            );
        };
        let url = match kind {
            Kind::Sqlite => sqlite_url(url)?,
            Kind::Postgres => url.to_owned(),
        };
        let options = AnyConnectOptions::from_str(&url)?;
        let pool = AnyPoolOptions::new()
            .max_connections(match kind {
                Kind::Sqlite => 8,
                Kind::Postgres => 16,
            })
            .connect_with(options)
            .await?;
        if kind == Kind::Sqlite {
            // Persistent in the file: readers never wait for the writer.
            sqlx::query("PRAGMA journal_mode = WAL")
                .execute(&pool)
                .await?;
        }
        let migrator = match kind {
            Kind::Sqlite => sqlx::migrate!("./migrations/sqlite"),
            Kind::Postgres => sqlx::migrate!("./migrations/postgres"),
        };
        migrator.run(&pool).await?;
        Ok(Db {
            pool,
            kind,
            writer: (kind == Kind::Sqlite).then(|| Mutex::new(())),
        })
    }

    /// Waits for this process's turn to write (SQLite); nothing to wait for on PostgreSQL.
    pub async fn writing(&self) -> Option<MutexGuard<'_, ()>> {
        match &self.writer {
            Some(m) => Some(m.lock().await),
            None => None,
        }
    }
}

/// A SQLite URL with `mode=rwc` (create the file) and its folder created.
fn sqlite_url(url: &str) -> anyhow::Result<String> {
    let rest = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        anyhow::bail!("--database `{url}`: the quote desk needs a SQLite file, not memory");
    }
    if let Some(dir) = Path::new(path)
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir)
            .map_err(|e| anyhow::anyhow!("cannot create the folder {}: {e}", dir.display()))?;
    }
    Ok(if rest.contains('?') {
        format!("sqlite://{rest}")
    } else {
        format!("sqlite://{rest}?mode=rwc")
    })
}
