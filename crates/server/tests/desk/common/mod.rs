//! The quote desk's test harness: a real server on a loopback port over a fresh database
//! (a SQLite file, or a new database in the PostgreSQL that `DESK_TEST_POSTGRES` names), and a
//! client that keeps the session cookie and sends the CSRF token like the app does.
#![allow(dead_code)]

pub mod smtp;

use std::net::SocketAddr;
use std::sync::Arc;

use configurator_engine::quote::{build, choices_from_json, resolve, QuoteMeta};
use configurator_engine::{Catalog, Engine};
use configurator_server::auth::Role;
use configurator_server::{users, Config, Desk};
use serde_json::Value;

/// Every test runs on both databases: `both!(name)` makes `name::sqlite` and `name::postgres`
/// from `async fn name(db: Db)`.
#[macro_export]
macro_rules! both {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::common::Db::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(db) = $crate::common::Db::postgres() {
                    super::$name(db).await
                }
            }
        }
    )*};
}

/// Which database a test runs on.
#[derive(Clone, Debug)]
pub enum Db {
    /// A fresh SQLite file.
    Sqlite,
    /// A fresh database in this PostgreSQL server (an admin URL).
    Postgres(String),
}

impl Db {
    /// The PostgreSQL of `DESK_TEST_POSTGRES`; when it is not set, the PostgreSQL half of the
    /// test is skipped with a message, unless `DESK_REQUIRE_POSTGRES` is set (as `cargo xtask
    /// test` does, after starting a throwaway server), which makes it fail.
    pub fn postgres() -> Option<Db> {
        match std::env::var("DESK_TEST_POSTGRES") {
            Ok(url) if !url.is_empty() => Some(Db::Postgres(url)),
            _ => {
                assert!(
                    std::env::var_os("DESK_REQUIRE_POSTGRES").is_none(),
                    "DESK_TEST_POSTGRES is not set: `cargo xtask test` starts a PostgreSQL"
                );
                eprintln!("skipped: no DESK_TEST_POSTGRES (cargo xtask test sets one up)");
                None
            }
        }
    }

    /// A URL of a new, empty database.
    pub async fn fresh(&self) -> String {
        match self {
            Db::Sqlite => {
                let dir = std::env::temp_dir().join(format!("desk-test-{}", random()));
                std::fs::create_dir_all(&dir).unwrap();
                format!("sqlite://{}/desk.sqlite3", dir.display())
            }
            Db::Postgres(admin) => {
                use sqlx::Connection;
                let name = format!("desk_{}", random());
                let mut c = sqlx::PgConnection::connect(admin).await.unwrap();
                // The name is made here of hex digits: nothing outside goes into this SQL.
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&mut c)
                    .await
                    .unwrap();
                let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
                format!("{base}/{name}")
            }
        }
    }
}

/// 64 random bits as hex.
pub fn random() -> String {
    let mut b = [0u8; 8];
    getrandom::fill(&mut b).unwrap();
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// The repository's catalogs folder.
pub fn catalogs_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../catalogs")
}

/// A running desk.
pub struct Server {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// Its state (clock, database).
    pub desk: Arc<Desk>,
    /// Its database URL.
    pub database: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}

/// The password of every test user.
pub const PASSWORD: &str = "correct horse battery";

impl Server {
    /// A desk on a fresh database with a team: reps `rita` and `ravi` and manager `maria` in
    /// team `north`, rep `otto` and manager `mona` in team `south`, and `admin`.
    pub async fn start(db: &Db) -> Server {
        let database = db.fresh().await;
        Server::on(&database, true).await
    }

    /// A desk on `database`, with the team added when `team`.
    pub async fn on(database: &str, team: bool) -> Server {
        Server::with_catalogs(database, team, catalogs_dir()).await
    }

    /// [`Server::on`] pricing with the catalogs of `dir` (and the built-in demo).
    pub async fn with_catalogs(database: &str, team: bool, dir: std::path::PathBuf) -> Server {
        let config = Config {
            listen: "127.0.0.1:0".parse().unwrap(),
            database: database.to_owned(),
            dist: None,
            catalogs: Some(dir),
            secure_cookies: false,
            // Tests speak for other client addresses with `X-Forwarded-For` (sign-in
            // throttling counts per address); without it, the address is 127.0.0.1.
            trusted_proxies: vec![std::net::Ipv4Addr::LOCALHOST.into()],
            ..Default::default()
        };
        Server::configured(config, team).await
    }

    /// A desk of `config` (its database fresh, with the team added when `team`).
    pub async fn configured(config: Config, team: bool) -> Server {
        let database = config.database.clone();
        let desk = Desk::open(&config).await.unwrap();
        if team {
            for (name, role, t) in [
                ("rita", Role::Rep, "north"),
                ("ravi", Role::Rep, "north"),
                ("maria", Role::Manager, "north"),
                ("otto", Role::Rep, "south"),
                ("mona", Role::Manager, "south"),
                ("admin", Role::Admin, "office"),
            ] {
                users::add(&desk, "test", name, role, t, PASSWORD)
                    .await
                    .unwrap();
            }
        }
        let (ready, addr) = tokio::sync::oneshot::channel::<SocketAddr>();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(configurator_server::serve(
            config,
            desk.clone(),
            ready,
            async {
                let _ = stopped.await;
            },
        ));
        let addr = addr.await.unwrap();
        Server {
            base: format!("http://{addr}"),
            desk,
            database,
            stop: Some(stop),
        }
    }

    /// A client with no session.
    pub fn anonymous(&self) -> Client {
        Client {
            http: reqwest::Client::builder()
                .cookie_store(true)
                .build()
                .unwrap(),
            base: self.base.clone(),
            csrf: None,
        }
    }

    /// A client signed in as `name`.
    pub async fn client(&self, name: &str) -> Client {
        let mut c = self.anonymous();
        let (status, body) = c
            .send(
                reqwest::Method::POST,
                "/api/session",
                Some(serde_json::json!({"name": name, "password": PASSWORD})),
            )
            .await;
        assert_eq!(status, 200, "sign in {name}: {body}");
        c.csrf = Some(body["csrf"].as_str().unwrap().to_owned());
        c
    }
}

/// An HTTP client of the desk.
pub struct Client {
    /// The client (with its cookie store).
    pub http: reqwest::Client,
    /// The desk's address.
    pub base: String,
    /// The session's CSRF token, sent on every request.
    pub csrf: Option<String>,
}

impl Client {
    /// A request with the CSRF header when signed in.
    pub fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let r = self.http.request(method, format!("{}{path}", self.base));
        match &self.csrf {
            Some(t) => r.header("x-csrf-token", t),
            None => r,
        }
    }

    /// Sends, returning the status and the JSON body (`Null` when there is none).
    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut r = self.request(method, path);
        if let Some(b) = body {
            r = r.json(&b);
        }
        let response = r.send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    /// GET.
    pub async fn get(&self, path: &str) -> (u16, Value) {
        self.send(reqwest::Method::GET, path, None).await
    }

    /// POST with a JSON body.
    pub async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        self.send(reqwest::Method::POST, path, Some(body)).await
    }

    /// POST a quote's text.
    pub async fn post_text(&self, path: &str, text: &str) -> (u16, Value) {
        self.try_post_text(path, text).await.unwrap()
    }

    /// POST a quote's text; an error when the request cannot be sent whole (the server may
    /// answer an oversized body and close the connection before it has all been sent).
    pub async fn try_post_text(
        &self,
        path: &str,
        text: &str,
    ) -> Result<(u16, Value), reqwest::Error> {
        let r = self
            .request(reqwest::Method::POST, path)
            .header("content-type", "application/json")
            .body(text.to_owned());
        let response = r.send().await?;
        let status = response.status().as_u16();
        let text = response.text().await?;
        Ok((
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        ))
    }

    /// Saves a new quote; its number.
    pub async fn save(&self, quote: &str) -> String {
        let (status, body) = self.post_text("/api/quotes", quote).await;
        assert_eq!(status, 201, "{body}");
        body["quote"]["number"].as_str().unwrap().to_owned()
    }
}

/// Saves `text` `count` times at once, taking turns between `clients`: the numbers given,
/// sorted.
pub async fn save_concurrently(clients: &[Arc<Client>], text: &str, count: usize) -> Vec<String> {
    let text = Arc::new(text.to_owned());
    let tasks: Vec<_> = (0..count)
        .map(|k| {
            let (c, text) = (clients[k % clients.len()].clone(), text.clone());
            tokio::spawn(async move { c.save(&text).await })
        })
        .collect();
    let mut numbers = Vec::new();
    for t in tasks {
        numbers.push(t.await.unwrap());
    }
    numbers.sort();
    numbers
}

/// The first `count` quote numbers of the desk's year.
pub fn first_numbers(desk: &Desk, count: usize) -> Vec<String> {
    let year = configurator_server::clock::civil(desk.clock.now()).0;
    (1..=count).map(|n| format!("Q-{year}-{n:06}")).collect()
}

/// The demo catalog's engine.
pub fn demo() -> Engine {
    Engine::new(
        Catalog::from_json(
            configurator_engine::DEMO_CATALOG_FILE,
            configurator_engine::DEMO_CATALOG,
        )
        .unwrap(),
    )
}

/// A complete configuration of the demo catalog (the CLI's golden one).
pub const FULL: &str = r#"[["chassis","48p"],["power","1100ac",2],["uplink","8x10g"],["optics","sfp-10g-sr",8],["licence","advantage"],["accessories","stack-kit"],["accessories","stack-cable",2],["support","smartcare-nbd"]]"#;

/// The quote of a configuration (JSON array of choices) of the demo catalog, as the app
/// writes it.
pub fn quote(config: &str, customer: &str, valid_until: Option<&str>) -> String {
    quote_in(config, customer, valid_until, &Default::default())
}

/// A complete quote made with another catalog text (an older version of the demo).
pub fn quote_with_catalog(text: &str, customer: &str) -> String {
    let engine = Engine::new(Catalog::from_json("old.json", text).unwrap());
    let choices = resolve(engine.catalog(), &choices_from_json(FULL).unwrap()).unwrap();
    let meta = QuoteMeta {
        customer: customer.to_owned(),
        valid_until: Some("2099-12-31".into()),
        ..QuoteMeta::default()
    };
    build(&engine, &choices, &Default::default(), meta)
        .unwrap()
        .to_json()
}

/// [`quote`] under a pricing context (a deal discount, a partner tier...).
pub fn quote_in(
    config: &str,
    customer: &str,
    valid_until: Option<&str>,
    context: &configurator_engine::pricing::PricingContext,
) -> String {
    let engine = demo();
    let choices = resolve(engine.catalog(), &choices_from_json(config).unwrap()).unwrap();
    let meta = QuoteMeta {
        customer: customer.to_owned(),
        valid_until: valid_until.map(str::to_owned),
        ..QuoteMeta::default()
    };
    build(&engine, &choices, context, meta).unwrap().to_json()
}

/// A complete quote for `customer`, valid for years, with a deal discount of `percent` on the
/// whole quote.
pub fn deal_quote(customer: &str, percent: &str) -> String {
    let context = configurator_engine::pricing::PricingContext {
        deal: Some(percent.to_owned()),
        ..Default::default()
    };
    quote_in(FULL, customer, Some("2099-12-31"), &context)
}

/// A complete quote for `customer`, valid for years.
pub fn full_quote(customer: &str) -> String {
    quote(FULL, customer, Some("2099-12-31"))
}
