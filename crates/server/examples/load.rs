//! The quote desk's load test (`cargo xtask bench` runs it): a desk on loopback, many reps
//! saving and revising quotes at once for a bounded time, then checks that every save the
//! desk acknowledged is stored whole, and that no quote number is used twice.
//!
//! `cargo run --release -p configurator-server --example load -- DATABASE_URL [SECONDS] [REPS]`

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use configurator_engine::quote::{build, choices_from_json, resolve, QuoteMeta};
use configurator_engine::{Catalog, Engine};
use configurator_server::auth::Role;
use configurator_server::{users, Config, Desk};
use serde_json::{json, Value};
use sqlx::Row;

#[path = "common/stats.rs"]
mod stats;
use stats::percentile;

const PASSWORD: &str = "load test password";
const CONFIG: &str = r#"[["chassis","48p"],["power","1100ac",2],["uplink","8x10g"],["optics","sfp-10g-sr",8],["licence","advantage"],["accessories","stack-kit"],["accessories","stack-cable",2],["support","smartcare-nbd"]]"#;

fn quote(engine: &Engine, customer: &str) -> String {
    let choices = resolve(engine.catalog(), &choices_from_json(CONFIG).unwrap()).unwrap();
    let meta = QuoteMeta {
        customer: customer.to_owned(),
        valid_until: Some("2099-12-31".into()),
        ..QuoteMeta::default()
    };
    build(engine, &choices, &Default::default(), meta)
        .unwrap()
        .to_json()
}

struct Rep {
    http: reqwest::Client,
    base: String,
    csrf: String,
}

impl Rep {
    async fn sign_in(base: &str, name: &str) -> anyhow::Result<Rep> {
        let http = reqwest::Client::builder().cookie_store(true).build()?;
        let r: Value = http
            .post(format!("{base}/api/session"))
            .json(&json!({"name": name, "password": PASSWORD}))
            .send()
            .await?
            .json()
            .await?;
        let csrf = r["csrf"].as_str().unwrap_or_default().to_owned();
        Ok(Rep {
            http,
            base: base.to_owned(),
            csrf,
        })
    }

    /// POSTs a quote; the answer's status and the quote's number and revision.
    async fn post(&self, path: &str, body: &str) -> anyhow::Result<(u16, String, i64)> {
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .header("x-csrf-token", &self.csrf)
            .header("content-type", "application/json")
            .body(body.to_owned())
            .send()
            .await?;
        let status = r.status().as_u16();
        let v: Value = r.json().await?;
        Ok((
            status,
            v["quote"]["number"].as_str().unwrap_or_default().to_owned(),
            v["quote"]["revision"].as_i64().unwrap_or_default(),
        ))
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let database = args
        .first()
        .cloned()
        .ok_or_else(|| anyhow::anyhow!("usage: load DATABASE_URL [SECONDS] [REPS]"))?;
    let seconds: u64 = args.get(1).map_or(Ok(30), |s| s.parse())?;
    let reps: usize = args.get(2).map_or(Ok(50), |s| s.parse())?;
    let engine = Arc::new(Engine::new(Catalog::from_json(
        configurator_engine::DEMO_CATALOG_FILE,
        configurator_engine::DEMO_CATALOG,
    )?));
    let config = Config {
        listen: "127.0.0.1:0".parse()?,
        database: database.clone(),
        dist: None,
        catalogs: None,
        secure_cookies: false,
        ..Default::default()
    };
    let desk = Desk::open(&config).await?;
    for k in 0..reps {
        users::add(
            &desk,
            "load test",
            &format!("rep{k}"),
            Role::Rep,
            "load",
            PASSWORD,
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    let (ready, addr) = tokio::sync::oneshot::channel();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(configurator_server::serve(
        config,
        desk.clone(),
        ready,
        async {
            let _ = stopped.await;
        },
    ));
    let base = format!("http://{}", addr.await?);
    let (acked, latencies, failures) = drive(&base, reps, seconds, engine).await?;
    let _ = stop.send(());
    server.await??;
    let mut lat = latencies;
    lat.sort();
    let kind = if database.starts_with("postgres") {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!(
        "quote desk load ({kind}, {reps} reps, {seconds} s): {} requests, {:.0} requests/s, \
         p50 {:.1} ms, p99 {:.1} ms, {} failed",
        lat.len(),
        lat.len() as f64 / seconds as f64,
        percentile(&lat, 0.5),
        percentile(&lat, 0.99),
        failures.len()
    );
    let mut problems = failures.iter().take(5).cloned().collect::<Vec<_>>();
    let (duplicated, half) = check(&desk, &acked, &mut problems).await?;
    println!(
        "quote desk load ({kind}): {} acknowledged saves checked, {} numbers duplicated, {} quotes \
         half-written",
        acked.len(),
        duplicated,
        half
    );
    if !problems.is_empty() || !failures.is_empty() {
        anyhow::bail!("the load test found problems: {problems:?}");
    }
    Ok(())
}

/// Every save the desk acknowledged: (number, revision, customer).
type Acked = Vec<(String, i64, String)>;

/// `reps` reps saving a quote and revising it twice, again and again, for `seconds`: what the
/// desk acknowledged, every request's latency, and what failed.
async fn drive(
    base: &str,
    reps: usize,
    seconds: u64,
    engine: Arc<Engine>,
) -> anyhow::Result<(Acked, Vec<Duration>, Vec<String>)> {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    // Every acknowledged save: (number, revision, customer).
    let acked: Arc<Mutex<Vec<(String, i64, String)>>> = Arc::default();
    let latencies: Arc<Mutex<Vec<Duration>>> = Arc::default();
    let failures: Arc<Mutex<Vec<String>>> = Arc::default();
    let mut tasks = Vec::new();
    for k in 0..reps {
        let rep = Rep::sign_in(base, &format!("rep{k}")).await?;
        let (acked, latencies, failures, engine) = (
            acked.clone(),
            latencies.clone(),
            failures.clone(),
            engine.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut n = 0;
            while Instant::now() < deadline {
                n += 1;
                let customer = format!("rep{k} quote {n}");
                let started = Instant::now();
                let saved = rep.post("/api/quotes", &quote(&engine, &customer)).await;
                latencies.lock().unwrap().push(started.elapsed());
                let number = match saved {
                    Ok((201, number, 1)) => number,
                    other => {
                        failures.lock().unwrap().push(format!("save: {other:?}"));
                        continue;
                    }
                };
                acked
                    .lock()
                    .unwrap()
                    .push((number.clone(), 1, customer.clone()));
                for revision in 2..=3 {
                    if Instant::now() >= deadline {
                        break;
                    }
                    let customer = format!("{customer} r{revision}");
                    let started = Instant::now();
                    let path = format!("/api/quotes/{number}/revisions?base={}", revision - 1);
                    let r = rep.post(&path, &quote(&engine, &customer)).await;
                    latencies.lock().unwrap().push(started.elapsed());
                    match r {
                        Ok((201, _, got)) if got == revision => {
                            acked
                                .lock()
                                .unwrap()
                                .push((number.clone(), revision, customer))
                        }
                        other => failures.lock().unwrap().push(format!("revise: {other:?}")),
                    }
                }
            }
        }));
    }
    for t in tasks {
        t.await?;
    }
    let acked = acked.lock().unwrap().clone();
    let latencies = latencies.lock().unwrap().clone();
    let failures = failures.lock().unwrap().clone();
    Ok((acked, latencies, failures))
}

/// Checks the database against what was acknowledged: every save there and whole, no number
/// twice, no quote with missing or extra revisions. Returns those two counts.
async fn check(
    desk: &Desk,
    acked: &Acked,
    problems: &mut Vec<String>,
) -> anyhow::Result<(i64, i64)> {
    // The checks, straight from the database.
    let pool = &desk.db.pool;
    for (number, revision, customer) in acked {
        let row = sqlx::query(
            "SELECT r.body, r.body_sha256 FROM revisions r JOIN quotes q ON q.id = r.quote_id \
             WHERE q.number = $1 AND r.revision = $2",
        )
        .bind(number)
        .bind(revision)
        .fetch_optional(pool)
        .await?;
        match row {
            None => problems.push(format!("{number} revision {revision} is missing")),
            Some(r) => {
                let body: String = r.try_get("body")?;
                let sha: String = r.try_get("body_sha256")?;
                let quote = configurator_server::quotes::intact(number, *revision, &body, &sha);
                match quote {
                    Ok(q) if q.meta.customer == *customer => {}
                    Ok(_) => problems.push(format!("{number} r{revision} is another save")),
                    Err(e) => problems.push(e.to_string()),
                }
            }
        }
    }
    let duplicated: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM (SELECT number FROM quotes GROUP BY number HAVING COUNT(*) > 1) d",
    )
    .fetch_one(pool)
    .await?
    .try_get("n")?;
    if duplicated > 0 {
        problems.push(format!("{duplicated} quote numbers are used twice"));
    }
    let half: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM quotes q WHERE q.revision <> \
         (SELECT COUNT(*) FROM revisions r WHERE r.quote_id = q.id)",
    )
    .fetch_one(pool)
    .await?
    .try_get("n")?;
    if half > 0 {
        problems.push(format!("{half} quotes have missing or extra revisions"));
    }
    Ok((duplicated, half))
}
