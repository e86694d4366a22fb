//! Mail: what the desk promises people by e-mail is durable. A message is written to the
//! `outbox` table in the same transaction as the change that causes it (`events.rs`), and a
//! background sender (`sender.rs`) delivers it over SMTP with retries and exponential backoff.
//! Without SMTP configured, messages wait in the outbox, readable in the desk (`GET
//! /api/outbox`, the "Outbox" page).
//!
//! Delivery is at least once: a message is claimed with a conditional update before it is sent
//! (several instances never send it at once), and marked sent after the SMTP server accepted
//! it; a process that dies between the two sends it again after the claim lapses.

pub mod contacts;
pub mod events;
pub mod outbox;
pub mod sender;
pub mod texts;

use std::path::PathBuf;
use std::sync::OnceLock;

use tokio::sync::Notify;

/// How the desk sends mail and writes documents (the flags `--smtp`, `--mail-from`,
/// `--mail-retry`, `--public-url`, `--seller`).
#[derive(Clone, Debug)]
pub struct Config {
    /// The SMTP server: `smtp://HOST:PORT` (plain, for loopback), `smtp://HOST:PORT?tls=required`
    /// (STARTTLS) or `smtps://USER:PASSWORD@HOST:PORT`. `None`: messages wait in the outbox.
    pub smtp: Option<String>,
    /// The sender's address.
    pub from: String,
    /// The first retry's delay in seconds (then doubled each time, up to an hour).
    pub retry_seconds: i64,
    /// The desk's address as people reach it (links in messages); by default the address it
    /// listens on.
    pub public_url: Option<String>,
    /// The seller on documents (JSON: name, address, logo, terms); demo settings when `None`.
    pub seller: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            smtp: None,
            from: "quote-desk@localhost".into(),
            retry_seconds: 30,
            public_url: None,
            seller: None,
        }
    }
}

/// The desk's mail state: its settings, where links point, and the sender's wake-up call.
#[derive(Debug)]
pub struct Mail {
    /// The settings.
    pub config: Config,
    public: OnceLock<String>,
    wake: Notify,
}

impl Mail {
    /// Mail with `config`.
    pub fn new(config: Config) -> Mail {
        let public = OnceLock::new();
        if let Some(url) = &config.public_url {
            let _ = public.set(url.trim_end_matches('/').to_owned());
        }
        Mail {
            config,
            public,
            wake: Notify::new(),
        }
    }

    /// The desk's public address (`http://HOST:PORT`, no trailing slash).
    pub fn public_url(&self) -> &str {
        self.public
            .get()
            .map_or("http://localhost:8080", String::as_str)
    }

    /// Sets the public address to where the desk listens, unless `--public-url` gave one.
    pub fn listening_on(&self, addr: std::net::SocketAddr) {
        let _ = self.public.set(format!("http://{addr}"));
    }

    /// Tells the sender that a message is waiting (after the transaction that wrote it).
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Waits for [`Mail::wake`] or `seconds`, whichever comes first.
    pub async fn sleep(&self, seconds: u64) {
        let _ = tokio::time::timeout(
            std::time::Duration::from_secs(seconds),
            self.wake.notified(),
        )
        .await;
    }
}
