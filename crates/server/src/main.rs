//! `configurator-server`: the quote desk. A thin binary over the library.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{bail, Context};
use clap::{Parser, Subcommand};
use configurator_server::auth::Role;
use configurator_server::mail::contacts;
use configurator_server::{db, password, users, Config, Desk};

/// The quote desk: keeps, revises, approves and sends quotes, and serves the configurator.
#[derive(Parser)]
#[command(name = "configurator-server", version)]
struct Cli {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", global = true)]
    listen: SocketAddr,
    /// Database URL: sqlite://PATH (created on first start) or postgres://USER@HOST:PORT/NAME.
    #[arg(long, default_value = db::DEFAULT_URL, global = true)]
    database: String,
    /// The built app to serve at / (trunk's dist folder).
    #[arg(long, default_value = "dist", global = true)]
    dist: PathBuf,
    /// The catalogs to price with (every *.json), also served at /catalogs/.
    #[arg(long, default_value = "catalogs", global = true)]
    catalogs: PathBuf,
    /// Development mode: on an empty database, add a demo team and print its passwords once.
    #[arg(long)]
    dev: bool,
    /// Where browsers reach the desk, e.g. https://desk.example (repeat for several names).
    /// Requests for any other host are refused (421), and state-changing requests from any
    /// other origin (403). Default: http://LISTEN-ADDRESS (on loopback also
    /// http://localhost:PORT and http://127.0.0.1:PORT); required with --listen 0.0.0.0:PORT.
    #[arg(long = "public-origin", value_name = "URL")]
    public_origins: Vec<String>,
    /// A partner origin whose pages may frame embed.html (repeatable), besides the catalogs'
    /// embed.origins.
    #[arg(long = "embed-origin", value_name = "URL")]
    embed_origins: Vec<String>,
    /// Mark session cookies Secure even on loopback with an http:// public origin (they are
    /// Secure everywhere else by default).
    #[arg(long)]
    secure_cookies: bool,
    /// A reverse proxy whose X-Forwarded-For names the client (sign-in throttling counts per
    /// client address); repeat for several.
    #[arg(long = "trusted-proxy", value_name = "IP")]
    trusted_proxies: Vec<std::net::IpAddr>,
    /// Mail (docs/quote-desk.md, "Mail"): --smtp, --mail-from, --mail-retry, --public-url.
    #[command(flatten)]
    mail: MailArgs,
    /// cXML confirmations and ship notices (docs/procurement.md).
    #[command(flatten)]
    cxml: CxmlArgs,
    #[command(subcommand)]
    command: Option<Command>,
}

/// Mail and documents.
#[derive(clap::Args)]
struct MailArgs {
    /// SMTP server: smtp://HOST:PORT (plain: loopback only), smtp://HOST:PORT?tls=required
    /// (STARTTLS), smtps://USER:PASSWORD@HOST:PORT (or the environment's CONFIGURATOR_SMTP, which
    /// keeps a password out of the process list). Without it, messages wait in the outbox.
    #[arg(long, global = true)]
    smtp: Option<String>,
    /// The sender's address of the desk's messages.
    #[arg(long, default_value = "quote-desk@localhost", global = true)]
    mail_from: String,
    /// Seconds before a failed message's first retry (doubled each time, up to an hour).
    #[arg(long, default_value_t = 30, global = true)]
    mail_retry: i64,
    /// The desk's address as people reach it, for links in messages (default: where it listens).
    #[arg(long, global = true)]
    public_url: Option<String>,
    /// The seller on documents: a JSON file (name, address, logo, terms); demo settings without.
    #[arg(long, global = true)]
    seller: Option<PathBuf>,
}

/// The cXML documents the desk sends to buyers' procurement systems.
#[derive(clap::Args)]
struct CxmlArgs {
    /// Our credential in the From and Sender of our cXML documents: DOMAIN:IDENTITY, e.g.
    /// NetworkID:AN01000000001 or DUNS:123456789.
    #[arg(
        long,
        default_value = "NetworkID:configurator-quote-desk",
        global = true
    )]
    cxml_identity: String,
    /// Seconds before a cXML document's first retry (doubled each time, up to an hour).
    #[arg(long, default_value_t = 30, global = true)]
    cxml_retry: i64,
    /// Attempts before a cXML document is given up.
    #[arg(long, default_value_t = 12, global = true)]
    cxml_attempts: i64,
}

impl CxmlArgs {
    /// The settings of the documents we send.
    fn config(&self) -> anyhow::Result<configurator_server::procurement::delivery::Config> {
        use configurator_server::procurement::delivery::Config;
        Ok(Config {
            identity: Config::identity_from(&self.cxml_identity)
                .map_err(|e| anyhow::anyhow!("--cxml-identity {e}"))?,
            retry_seconds: self.cxml_retry,
            max_attempts: self.cxml_attempts,
        })
    }
}

#[derive(Subcommand)]
enum Command {
    /// Manage users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a user. The password comes from CONFIGURATOR_PASSWORD, or is made up and printed.
    Add {
        /// Sign-in name.
        name: String,
        /// rep, manager, director, admin or orderdesk.
        #[arg(long, default_value = "rep")]
        role: String,
        /// Team (a manager approves and sees the quotes of their team).
        #[arg(long, default_value = "sales")]
        team: String,
        /// Where the desk's messages to this user go.
        #[arg(long)]
        email: Option<String>,
        /// en or de: the language of those messages (English unless set).
        #[arg(long)]
        language: Option<String>,
    },
}

/// A made-up password for `name`: 16 random letters and digits that pass the password policy
/// (a draw that happens to contain the name is drawn again).
fn made_up_password(name: &str) -> anyhow::Result<String> {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789";
    for _ in 0..100 {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("random: {e}"))?;
        let password: String = bytes
            .iter()
            .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
            .collect();
        if password::check(name, &password).is_ok() {
            return Ok(password);
        }
    }
    bail!("no made-up password passed the password policy")
}

/// The desk's settings from the command line.
fn config(cli: &Cli) -> anyhow::Result<Config> {
    Ok(Config {
        listen: cli.listen,
        database: cli.database.clone(),
        dist: cli.dist.is_dir().then(|| cli.dist.clone()),
        catalogs: cli.catalogs.is_dir().then(|| cli.catalogs.clone()),
        secure_cookies: cli.secure_cookies,
        public_origins: cli.public_origins.clone(),
        embed_origins: cli.embed_origins.clone(),
        trusted_proxies: cli.trusted_proxies.clone(),
        mail: configurator_server::mail::Config {
            smtp: cli
                .mail
                .smtp
                .clone()
                .or_else(|| std::env::var("CONFIGURATOR_SMTP").ok()),
            from: cli.mail.mail_from.clone(),
            retry_seconds: cli.mail.mail_retry,
            public_url: cli
                .mail
                .public_url
                .clone()
                .or_else(|| cli.public_origins.first().cloned()),
            seller: cli.mail.seller.clone(),
        },
        cxml: cli.cxml.config()?,
    })
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let config = config(&cli)?;
    let desk = Desk::open(&config).await?;
    match cli.command {
        Some(Command::User {
            command:
                UserCommand::Add {
                    name,
                    role,
                    team,
                    email,
                    language,
                },
        }) => {
            if let Some(e) = &email {
                contacts::email(e).map_err(|e| anyhow::anyhow!("--email: {e}"))?;
            }
            if let Some(l) = &language {
                contacts::language(l).map_err(|e| anyhow::anyhow!("--language: {e}"))?;
            }
            let Some(role) = Role::from_name(&role) else {
                bail!("--role `{role}`: expected rep, manager, director, admin or orderdesk");
            };
            let (password, made_up) = match std::env::var("CONFIGURATOR_PASSWORD") {
                Ok(p) => (p, false),
                Err(_) => (made_up_password(&name)?, true),
            };
            users::add(&desk, "command line", &name, role, &team, &password)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            contacts::set_user(&desk, &name, email.as_deref(), language.as_deref())
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("added {name} ({}, team {team})", role.name());
            if made_up {
                println!("password: {password}  (shown once)");
            }
            Ok(())
        }
        None => {
            if cli.dev
                && users::count(&desk)
                    .await
                    .map_err(|e| anyhow::anyhow!("{e}"))?
                    == 0
            {
                println!(
                    "configurator-server: a demo team for development (passwords shown once):"
                );
                for (name, role) in [
                    ("admin", Role::Admin),
                    ("maria", Role::Manager),
                    ("dora", Role::Director),
                    ("rita", Role::Rep),
                    ("ravi", Role::Rep),
                    ("otto", Role::OrderDesk),
                ] {
                    let password = made_up_password(name)?;
                    let team = if role == Role::OrderDesk {
                        "fulfilment"
                    } else {
                        "sales"
                    };
                    users::add(&desk, "dev mode", name, role, team, &password)
                        .await
                        .map_err(|e| anyhow::anyhow!("{e}"))?;
                    let email = format!("{name}@example.com");
                    contacts::set_user(&desk, name, Some(&email), None)
                        .await
                        .map_err(|e| anyhow::anyhow!("{e}"))?;
                    println!("  {name:<6} {:<8} {password}", role.name());
                }
                configurator_server::accounts::demo(&desk)
                    .await
                    .map_err(|e| anyhow::anyhow!("{e}"))?;
                println!("  and two customer accounts: ACME Networks, Nordwerk GmbH");
            }
            if config.dist.is_none() {
                println!(
                    "configurator-server: no app at {} (build it with `cargo xtask build`): \
                     serving the API only",
                    cli.dist.display()
                );
            }
            let (tx, rx) = tokio::sync::oneshot::channel();
            let server = tokio::spawn(configurator_server::serve(config, desk, tx, async {
                let _ = tokio::signal::ctrl_c().await;
            }));
            if let Ok(addr) = rx.await {
                println!("configurator-server: the quote desk on http://{addr}");
            }
            server.await.context("the server stopped")?
        }
    }
}
