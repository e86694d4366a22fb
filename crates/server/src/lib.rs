//! The quote desk: a server that keeps, revises, approves and sends quotes, and serves the
//! configurator app. It trusts no browser: every quote it stores is recomputed with the engine
//! from the catalog it names (`quotes/check.rs`).
//!
//! Layers: `routes` (thin HTTP handlers) over the services (`users`, `quotes`, `audit`) over
//! `db` (sqlx, SQLite or PostgreSQL, the same queries). `auth` holds sessions, CSRF and
//! passwords; `error` the one error type every route answers with.

pub mod audit;
pub mod auth;
pub mod catalogs;
pub mod clock;
pub mod db;
pub mod document;
pub mod error;
pub mod extract;
pub mod mail;
pub mod quotes;
pub mod routes;
pub mod users;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::Router;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

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
    /// Whether cookies are marked `Secure` (behind HTTPS).
    pub secure_cookies: bool,
    /// Mail: settings, the outbox's sender.
    pub mail: mail::Mail,
    /// The seller on documents and messages.
    pub seller: document::seller::Seller,
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
    /// The catalogs folder (served at `/catalogs/` and priced with).
    pub catalogs: Option<PathBuf>,
    /// Mark cookies `Secure`.
    pub secure_cookies: bool,
    /// Mail and documents: SMTP, sender, links, the seller.
    pub mail: mail::Config,
}

impl Desk {
    /// Opens the database and loads the catalogs.
    pub async fn open(config: &Config) -> anyhow::Result<Arc<Desk>> {
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
            secure_cookies: config.secure_cookies,
            mail: mail::Mail::new(config.mail.clone()),
            seller,
        }))
    }
}

/// The whole service: the API, the catalogs and the app.
pub fn app(desk: Arc<Desk>, config: &Config) -> Router {
    let api = routes::api()
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .with_state(desk);
    let mut files = Router::new();
    if let Some(dir) = &config.catalogs {
        files = files.nest_service("/catalogs", ServeDir::new(dir));
    }
    if let Some(dist) = &config.dist {
        // The app's page says that a quote desk serves it (the app offers "Save to quote
        // desk" then), with a <meta> tag rather than a request the app would have to make.
        if let Ok(page) = std::fs::read_to_string(dist.join("index.html")) {
            let page = page.replacen("</head>", DESK_META, 1);
            let index = move || {
                let page = page.clone();
                async move { axum::response::Html(page) }
            };
            files = files
                .route("/", axum::routing::get(index.clone()))
                .route("/index.html", axum::routing::get(index));
        }
        files = files.fallback_service(ServeDir::new(dist));
    }
    // Partner pages of other origins load the app's files (docs/embedding.md); the API is
    // same-origin only: it sends no CORS header, so other sites cannot read it.
    let files = files.layer(SetResponseHeaderLayer::overriding(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    ));
    api.merge(files).layer(SetResponseHeaderLayer::overriding(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    ))
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
    let addr = listener.local_addr()?;
    desk.mail.listening_on(addr);
    let sender = tokio::spawn(mail::sender::run(desk.clone()));
    let _ = ready.send(addr);
    let served = axum::serve(listener, app(desk, &config))
        .with_graceful_shutdown(shutdown)
        .await;
    sender.abort();
    Ok(served?)
}
