//! The quote desk: a server that keeps, revises, approves and sends quotes, and serves the
//! configurator app. It trusts no browser: every quote it stores is recomputed with the engine
//! from the catalog it names (`quotes/check.rs`).
//!
//! Layers: `routes` (thin HTTP handlers) over the services (`users`, `quotes`, `audit`) over
//! `db` (sqlx, SQLite or PostgreSQL, the same queries). `auth` holds sessions, CSRF and
//! passwords; `error` the one error type every route answers with. Around them: `origin` (the
//! public origins `Host` and `Origin` are checked against), `headers` (the guard every request
//! passes and the headers every answer carries, the pages' CSP) and `files` (the app's pages
//! and files, compressed, and the catalogs' public forms). `procurement` lets buyers'
//! procurement systems in: cXML PunchOut and SAP OCI (`docs/procurement.md`).

pub mod accounts;
pub mod audit;
pub mod auth;
pub mod catalogs;
pub mod clock;
pub mod db;
pub mod document;
pub mod error;
pub mod extract;
pub mod files;
pub mod headers;
pub mod mail;
pub mod openapi;
pub mod orders;
pub mod origin;
pub mod password;
pub mod people;
pub mod people_routes;
pub mod portal;
pub mod procurement;
pub mod quote_routes;
pub mod quotes;
pub mod routes;
pub mod throttle;
pub mod users;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use axum::extract::DefaultBodyLimit;
use axum::Router;

/// The largest request body the API reads (a quote of thousands of lines fits).
pub const BODY_LIMIT: usize = 1024 * 1024;

/// What the desk adds to the app's page: the address of its pages.
pub const DESK_META: &str = "<meta name=\"quote-desk\" content=\"/desk/\" />\n  </head>";

/// The desk's shared state.
pub struct Desk {
    /// The database.
    pub db: db::Db,
    /// The catalogs it prices with.
    pub catalogs: catalogs::Catalogs,
    /// Its clock.
    pub clock: clock::Clock,
    /// A password hash checked when a sign-in names no user (same time as a wrong password).
    pub decoy_hash: String,
    /// Whether cookies are marked `Secure`: always, except on a loopback, plain-http desk
    /// (see [`origin::Public::insecure_cookies_allowed`]) unless forced.
    pub secure_cookies: bool,
    /// Where browsers reach the desk: set by [`app`] once the address is known (port 0 is
    /// chosen when listening); state-changing requests from any other origin are refused.
    pub public: OnceLock<Arc<origin::Public>>,
    /// Reverse proxies whose `X-Forwarded-For` names the client (`throttle.rs`).
    pub trusted_proxies: Vec<IpAddr>,
    /// Mail: settings, the outbox's sender.
    pub mail: mail::Mail,
    /// The seller on documents and messages.
    pub seller: document::seller::Seller,
    /// The cXML documents we send (confirmations, ship notices): settings and the sender.
    pub cxml: procurement::delivery::Outbound,
}

/// How to run the desk.
#[derive(Clone, Debug)]
pub struct Config {
    /// Where to listen.
    pub listen: SocketAddr,
    /// The database URL.
    pub database: String,
    /// The built app (served at `/`), if any.
    pub dist: Option<PathBuf>,
    /// The catalogs folder (priced with; their public forms served at `/catalogs/`).
    pub catalogs: Option<PathBuf>,
    /// Mark cookies `Secure` even on a loopback, plain-http desk (they are anywhere else).
    pub secure_cookies: bool,
    /// The origins browsers reach the desk at (`https://desk.example`); none: the listen
    /// address's (on loopback also `localhost` and `127.0.0.1` with its port).
    pub public_origins: Vec<String>,
    /// Origins whose pages may frame the embed page, besides the catalogs' `embed.origins`.
    pub embed_origins: Vec<String>,
    /// Reverse proxies whose `X-Forwarded-For` names the client (sign-in throttling counts
    /// per client address).
    pub trusted_proxies: Vec<IpAddr>,
    /// Mail and documents: SMTP, sender, links, the seller.
    pub mail: mail::Config,
    /// The cXML documents we send: our identity, retries.
    pub cxml: procurement::delivery::Config,
}

impl Default for Config {
    /// A desk on a free loopback port over the default database, without app or catalogs.
    fn default() -> Config {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            database: db::DEFAULT_URL.to_owned(),
            dist: None,
            catalogs: None,
            secure_cookies: false,
            public_origins: Vec::new(),
            embed_origins: Vec::new(),
            trusted_proxies: Vec::new(),
            mail: mail::Config::default(),
            cxml: procurement::delivery::Config::default(),
        }
    }
}

impl Desk {
    /// Opens the database and loads the catalogs.
    pub async fn open(config: &Config) -> anyhow::Result<Arc<Desk>> {
        // Checked before anything is opened: a wrong origin stops the start with its reason.
        let public = origin::Public::new(&config.public_origins, config.listen)?;
        for o in &config.embed_origins {
            origin::Origin::parse(o).map_err(|e| anyhow::anyhow!("--embed-origin: {e}"))?;
        }
        let catalogs = catalogs::Catalogs::load(config.catalogs.as_deref())?;
        let seller = document::seller::Seller::load(config.mail.seller.as_deref())?;
        let db = db::Db::open(&config.database).await?;
        let decoy_hash = tokio::task::spawn_blocking(|| auth::hash_password("decoy password"))
            .await?
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        Ok(Arc::new(Desk {
            db,
            catalogs,
            clock: clock::Clock::default(),
            decoy_hash,
            secure_cookies: config.secure_cookies
                || !public.insecure_cookies_allowed(config.listen),
            public: OnceLock::new(),
            trusted_proxies: config.trusted_proxies.clone(),
            mail: mail::Mail::new(config.mail.clone()),
            seller,
            cxml: procurement::delivery::Outbound::new(config.cxml.clone()),
        }))
    }
}

/// The whole service: the API, the catalogs and the app, behind the guard that checks `Host`
/// and sets the headers every answer carries (`headers.rs`). `config.listen` is the address
/// listened on (port 0 already chosen).
pub fn app(desk: Arc<Desk>, config: &Config) -> anyhow::Result<Router> {
    let public = Arc::new(origin::Public::new(&config.public_origins, config.listen)?);
    // One desk serves one address; a second call (a test) keeps the first.
    let public = desk.public.get_or_init(|| public).clone();
    let files = files::router(&desk, config)?;
    let procurement = procurement::router(&desk, config);
    let api = routes::api()
        .into_router()
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .merge(procurement::purchase::router())
        .with_state(desk);
    Ok(api
        .merge(procurement)
        .merge(files)
        .layer(axum::middleware::from_fn_with_state(
            headers::Guard { public },
            headers::guard,
        )))
}

/// Listens and serves until `shutdown` completes; the address it listens on is sent first
/// (port 0 picks a free one).
pub async fn serve(
    config: Config,
    desk: Arc<Desk>,
    ready: tokio::sync::oneshot::Sender<SocketAddr>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", config.listen))?;
    let bound_addr = listener.local_addr()?;
    let bound = Config {
        listen: bound_addr,
        ..config
    };
    desk.mail.listening_on(bound_addr);
    let sender = tokio::spawn(mail::sender::run(desk.clone()));
    let cxml = tokio::spawn(procurement::delivery::run(desk.clone()));
    // The peer's address goes with each request (sign-in throttling counts per address).
    let service = app(desk, &bound)?.into_make_service_with_connect_info::<SocketAddr>();
    let _ = ready.send(bound_addr);
    let served = axum::serve(listener, service)
        .with_graceful_shutdown(shutdown)
        .await;
    sender.abort();
    cxml.abort();
    Ok(served?)
}
