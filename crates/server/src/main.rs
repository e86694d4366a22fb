//! `configurator-server`: the quote desk. A thin binary over the library.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{bail, Context};
use clap::{Parser, Subcommand};
use configurator_server::auth::Role;
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
    /// Mark session cookies Secure (when the desk is behind HTTPS).
    #[arg(long)]
    secure_cookies: bool,
    /// A reverse proxy whose X-Forwarded-For names the client (sign-in throttling counts per
    /// client address); repeat for several.
    #[arg(long = "trusted-proxy", value_name = "IP")]
    trusted_proxies: Vec<std::net::IpAddr>,
    #[command(subcommand)]
    command: Option<Command>,
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
        /// rep, manager or admin.
        #[arg(long, default_value = "rep")]
        role: String,
        /// Team (a manager approves and sees the quotes of their team).
        #[arg(long, default_value = "sales")]
        team: String,
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

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let config = Config {
        listen: cli.listen,
        database: cli.database.clone(),
        dist: cli.dist.is_dir().then(|| cli.dist.clone()),
        catalogs: cli.catalogs.is_dir().then(|| cli.catalogs.clone()),
        secure_cookies: cli.secure_cookies,
        trusted_proxies: cli.trusted_proxies.clone(),
    };
    let desk = Desk::open(&config).await?;
    match cli.command {
        Some(Command::User {
            command: UserCommand::Add { name, role, team },
        }) => {
            let Some(role) = Role::from_name(&role) else {
                bail!("--role `{role}`: expected rep, manager or admin");
            };
            let (password, made_up) = match std::env::var("CONFIGURATOR_PASSWORD") {
                Ok(p) => (p, false),
                Err(_) => (made_up_password(&name)?, true),
            };
            users::add(&desk, "command line", &name, role, &team, &password)
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
                    ("rita", Role::Rep),
                    ("ravi", Role::Rep),
                ] {
                    let password = made_up_password(name)?;
                    users::add(&desk, "dev mode", name, role, "sales", &password)
                        .await
                        .map_err(|e| anyhow::anyhow!("{e}"))?;
                    println!("  {name:<6} {:<8} {password}", role.name());
                }
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
