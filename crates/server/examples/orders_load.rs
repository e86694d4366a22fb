//! The orders load test (`cargo xtask bench desk` runs it after the quote desk's): a desk on
//! loopback, many buyers at once, each signed in to the customer's portal of their own account,
//! for a bounded time: reorder a past order (a new quote at today's prices), place it (one
//! request in five sent twice with the same idempotency key, as a retrying client would), read
//! the list of orders and the order. Then the database is checked against what the desk
//! acknowledged: every order there once, whole (its lines, its first event), no quote ordered
//! twice, every retry answered with the order it repeated.
//!
//! `cargo run --release -p configurator-server --example orders_load -- DATABASE_URL [SECONDS] [BUYERS]`

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context};
use configurator_api::accounts::{AccountInput, Contact};
use configurator_api::orders::{OrderAnswer, OrderDetail, PlaceOrder, Reorder};
use configurator_api::portal::{
    AcceptInvitation, Invitation, NewInvitation, PortalOrders, PortalSession,
};
use configurator_api::quotes::{Comment, QuoteAnswer};
use configurator_api::session::Session;
use configurator_engine::quote::{build, choices_from_json, resolve, QuoteMeta};
use configurator_engine::{Catalog, Engine};
use configurator_server::auth::{Role, User};
use configurator_server::{accounts, users, Config, Desk};
use serde::de::DeserializeOwned;
use serde::Serialize;
use sqlx::Row;

#[path = "common/stats.rs"]
mod stats;
use stats::percentile;

const PASSWORD: &str = "orders load test password";
const CONFIG: &str = r#"[["chassis","48p"],["power","1100ac",2],["uplink","8x10g"],["optics","sfp-10g-sr",8],["licence","advantage"],["accessories","stack-kit"],["accessories","stack-cable",2],["support","smartcare-nbd"]]"#;

/// A signed-in HTTP client (a rep on the desk, or a buyer in the portal) with its CSRF token.
struct Client {
    http: reqwest::Client,
    base: String,
    csrf: String,
}

impl Client {
    fn new(base: &str) -> anyhow::Result<Client> {
        Ok(Client {
            http: reqwest::Client::builder().cookie_store(true).build()?,
            base: base.to_owned(),
            csrf: String::new(),
        })
    }

    /// Sends `body` (JSON, or nothing) and reads the answer as `T` when its status is `want`.
    async fn call<B: Serialize, T: DeserializeOwned>(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&B>,
        want: u16,
    ) -> anyhow::Result<T> {
        let mut r = self
            .http
            .request(method, format!("{}{path}", self.base))
            .header("x-csrf-token", &self.csrf);
        if let Some(body) = body {
            r = r.json(body);
        }
        let answer = r.send().await?;
        let status = answer.status().as_u16();
        let text = answer.text().await?;
        if status != want {
            bail!("{path}: {status} (expected {want}): {text}");
        }
        serde_json::from_str(&text).with_context(|| format!("{path}: {text}"))
    }

    async fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
        want: u16,
    ) -> anyhow::Result<T> {
        self.call(reqwest::Method::POST, path, Some(body), want)
            .await
    }

    async fn get<T: DeserializeOwned>(&self, path: &str) -> anyhow::Result<T> {
        self.call::<(), T>(reqwest::Method::GET, path, None, 200)
            .await
    }
}

/// A rep signed in to the desk.
async fn rep(base: &str, name: &str) -> anyhow::Result<Client> {
    let mut c = Client::new(base)?;
    let credentials = configurator_api::session::Credentials {
        name: name.to_owned(),
        password: PASSWORD.to_owned(),
    };
    let s: Session = c.post("/api/session", &credentials, 200).await?;
    c.csrf = s.csrf.ok_or_else(|| anyhow!("no CSRF token for {name}"))?;
    Ok(c)
}

/// The demo quote for `customer`, valid for long, as the desk receives it.
fn quote(engine: &Engine, customer: &str) -> anyhow::Result<String> {
    let choices = resolve(engine.catalog(), &choices_from_json(CONFIG)?)?;
    let meta = QuoteMeta {
        customer: customer.to_owned(),
        valid_until: Some("2099-12-31".into()),
        ..QuoteMeta::default()
    };
    Ok(build(engine, &choices, &Default::default(), meta)?.to_json())
}

/// One buyer ready for the timed part: signed in, with a first order placed.
struct Buyer {
    client: Client,
    first_order: String,
    first_quote: String,
}

/// Makes buyer `k`: an account, a sent quote for it, an invitation accepted (the buyer signs in
/// by setting their password), and a first order placed from that quote.
async fn buyer(
    base: &str,
    rep: &Client,
    (desk, manager): (&Desk, &User),
    k: usize,
    quote_text: &str,
) -> anyhow::Result<Buyer> {
    let account = accounts::create(
        desk,
        manager,
        &AccountInput {
            name: format!("Buyer org {k}"),
            bill_to: format!("{k} Load Street\nTestville"),
            language: "en".into(),
            contacts: vec![Contact {
                name: format!("Buyer {k}"),
                email: format!("buyer{k}@example.com"),
                language: "en".into(),
            }],
            ..AccountInput::default()
        },
    )
    .await
    .map_err(|e| anyhow!("{e}"))?;
    let created = rep
        .http
        .post(format!("{base}/api/quotes?account={}", account.id))
        .header("x-csrf-token", &rep.csrf)
        .header("content-type", "application/json")
        .body(quote_text.to_owned())
        .send()
        .await?;
    let q: QuoteAnswer = serde_json::from_str(&created.text().await?)?;
    let number = q.quote.number;
    for action in ["submit", "send"] {
        let path = format!("/api/quotes/{number}/actions/{action}");
        let _: serde_json::Value = rep.post(&path, &Comment::default(), 200).await?;
    }
    let invitation: Invitation = rep
        .post(
            &format!("/api/accounts/{}/invitations", account.id),
            &NewInvitation {
                name: format!("Buyer {k}"),
                email: format!("buyer{k}@example.com"),
                language: "en".into(),
            },
            201,
        )
        .await?;
    // The link goes to the contact's mailbox only: read from the outbox, as the mail carries it.
    let body: String = sqlx::query_scalar(
        "SELECT body FROM outbox WHERE kind = 'portal.invitation' AND recipient = $1 \
         ORDER BY id DESC LIMIT 1",
    )
    .bind(&invitation.email)
    .fetch_one(&desk.db.pool)
    .await?;
    let token = body
        .split("/portal/#/welcome/")
        .nth(1)
        .and_then(|rest| rest.get(..64))
        .ok_or_else(|| anyhow!("no link in the invitation to {}", invitation.email))?;
    let mut client = Client::new(base)?;
    let session: PortalSession = client
        .post(
            &format!("/api/portal/invitations/{token}"),
            &AcceptInvitation {
                password: PASSWORD.to_owned(),
            },
            200,
        )
        .await?;
    client.csrf = session
        .csrf
        .ok_or_else(|| anyhow!("no portal CSRF token"))?;
    let placed: OrderAnswer = client
        .post("/api/portal/orders", &place(&number, 1, k, 0), 201)
        .await?;
    Ok(Buyer {
        client,
        first_order: placed.order.summary.number,
        first_quote: number,
    })
}

/// The placing request of buyer `k`'s `n`th order.
fn place(quote: &str, revision: i64, k: usize, n: usize) -> PlaceOrder {
    PlaceOrder {
        quote: quote.to_owned(),
        revision,
        purchase_order: format!("PO-{k}-{n}"),
        idempotency_key: format!("load-{k}-{n}-{}", std::process::id()),
        ..PlaceOrder::default()
    }
}

/// What the timed part saw.
#[derive(Default)]
struct Seen {
    /// Every order the desk acknowledged: number → (quote, purchase order).
    orders: BTreeMap<String, (String, String)>,
    /// Every request's latency.
    latencies: Vec<Duration>,
    /// What went wrong.
    failures: Vec<String>,
    /// Retries answered with the order they repeated.
    replays: usize,
}

/// One round of buyer `k`: reorder, place (sometimes twice with one key), read the list and
/// the order.
async fn round(
    b: &Buyer,
    k: usize,
    n: usize,
    last: &mut String,
    seen: &Mutex<Seen>,
) -> anyhow::Result<()> {
    let timed = |started: Instant| seen.lock().map(|mut s| s.latencies.push(started.elapsed()));
    let started = Instant::now();
    let re: Reorder = b
        .client
        .post(&format!("/api/portal/orders/{last}/reorder"), &(), 201)
        .await?;
    let _ = timed(started);
    let request = place(&re.quote, re.revision, k, n);
    let started = Instant::now();
    let placed: OrderAnswer = b.client.post("/api/portal/orders", &request, 201).await?;
    let _ = timed(started);
    let number = placed.order.summary.number.clone();
    if n.is_multiple_of(5) {
        let started = Instant::now();
        let again: OrderAnswer = b.client.post("/api/portal/orders", &request, 200).await?;
        let _ = timed(started);
        if again.order.summary.number != number || !again.replayed {
            bail!(
                "a retry of {number} made {} (replayed: {})",
                again.order.summary.number,
                again.replayed
            );
        }
        seen.lock().map_err(|_| anyhow!("poisoned"))?.replays += 1;
    }
    seen.lock()
        .map_err(|_| anyhow!("poisoned"))?
        .orders
        .insert(number.clone(), (re.quote, request.purchase_order));
    let started = Instant::now();
    let list: PortalOrders = b.client.get("/api/portal/orders").await?;
    let _ = timed(started);
    if !list.orders.iter().any(|o| o.number == number) {
        bail!("{number} is not in its buyer's list");
    }
    let started = Instant::now();
    let one: OrderDetail = b
        .client
        .get(&format!("/api/portal/orders/{number}"))
        .await?;
    let _ = timed(started);
    if one.lines.is_empty() {
        bail!("{number} has no lines");
    }
    *last = number;
    Ok(())
}

/// `buyers` buyers each doing rounds until `seconds` have passed.
async fn drive(buyers: Vec<Buyer>, seconds: u64) -> anyhow::Result<Seen> {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let seen: Arc<Mutex<Seen>> = Arc::default();
    let mut tasks = Vec::new();
    for (k, b) in buyers.into_iter().enumerate() {
        let seen = seen.clone();
        tasks.push(tokio::spawn(async move {
            let mut last = b.first_order.clone();
            let mut n = 0;
            while Instant::now() < deadline {
                n += 1;
                if let Err(e) = round(&b, k, n, &mut last, &seen).await {
                    if let Ok(mut s) = seen.lock() {
                        s.failures.push(format!("buyer {k} round {n}: {e:#}"));
                    }
                }
            }
        }));
    }
    for t in tasks {
        t.await?;
    }
    let mut seen = seen.lock().map_err(|_| anyhow!("poisoned"))?;
    Ok(std::mem::take(&mut *seen))
}

/// Checks the database against what was acknowledged: every order there once and whole, no
/// quote ordered twice, no order without lines or without its first event. Returns the
/// problems found.
async fn check(desk: &Desk, seen: &Seen) -> anyhow::Result<Vec<String>> {
    let pool = &desk.db.pool;
    let mut problems = Vec::new();
    for (number, (quote, po)) in &seen.orders {
        let row = sqlx::query(
            "SELECT o.purchase_order, q.number AS quote, \
             (SELECT COUNT(*) FROM order_lines l WHERE l.order_id = o.id) AS lines, \
             (SELECT COUNT(*) FROM order_events e WHERE e.order_id = o.id) AS events, \
             (SELECT COUNT(*) FROM orders d WHERE d.number = o.number) AS copies \
             FROM orders o JOIN quotes q ON q.id = o.quote_id WHERE o.number = $1",
        )
        .bind(number)
        .fetch_optional(pool)
        .await?;
        let Some(row) = row else {
            problems.push(format!("{number} was acknowledged and is missing"));
            continue;
        };
        let (got_po, got_quote): (String, String) =
            (row.try_get("purchase_order")?, row.try_get("quote")?);
        let (lines, events, copies): (i64, i64, i64) = (
            row.try_get("lines")?,
            row.try_get("events")?,
            row.try_get("copies")?,
        );
        if got_po != *po || got_quote != *quote {
            problems.push(format!("{number} is another order ({got_quote}, {got_po})"));
        }
        if lines == 0 || events == 0 {
            problems.push(format!(
                "{number} is half-written: {lines} lines, {events} events"
            ));
        }
        if copies != 1 {
            problems.push(format!("{number} is stored {copies} times"));
        }
    }
    let twice: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM (SELECT quote_id FROM orders GROUP BY quote_id HAVING COUNT(*) > 1) d",
    )
    .fetch_one(pool)
    .await?
    .try_get("n")?;
    if twice > 0 {
        problems.push(format!("{twice} quotes were ordered twice"));
    }
    Ok(problems)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let database = args
        .first()
        .cloned()
        .ok_or_else(|| anyhow!("usage: orders_load DATABASE_URL [SECONDS] [BUYERS]"))?;
    let seconds: u64 = args.get(1).map_or(Ok(30), |s| s.parse())?;
    let count: usize = args.get(2).map_or(Ok(50), |s| s.parse())?;
    let engine = Engine::new(Catalog::from_json(
        configurator_engine::DEMO_CATALOG_FILE,
        configurator_engine::DEMO_CATALOG,
    )?);
    let config = Config {
        listen: "127.0.0.1:0".parse()?,
        database: database.clone(),
        dist: None,
        catalogs: None,
        secure_cookies: false,
        ..Default::default()
    };
    let desk = Desk::open(&config).await?;
    let add = |name: &'static str, role| {
        users::add(&desk, "orders load test", name, role, "load", PASSWORD)
    };
    let manager = add("maria-load", Role::Manager)
        .await
        .map_err(|e| anyhow!("{e}"))?;
    add("rita-load", Role::Rep)
        .await
        .map_err(|e| anyhow!("{e}"))?;
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
    let rep = rep(&base, "rita-load").await?;
    let text = quote(&engine, "Load buyer")?;
    let mut buyers = Vec::new();
    for k in 0..count {
        buyers.push(
            buyer(&base, &rep, (&desk, &manager), k, &text)
                .await
                .with_context(|| format!("setting up buyer {k}"))?,
        );
    }
    let first: Vec<(String, String)> = buyers
        .iter()
        .map(|b| (b.first_order.clone(), b.first_quote.clone()))
        .collect();
    let mut seen = drive(buyers, seconds).await?;
    let _ = stop.send(());
    server.await??;
    for (k, (number, quote)) in first.into_iter().enumerate() {
        seen.orders.insert(number, (quote, format!("PO-{k}-0")));
    }
    seen.latencies.sort();
    let kind = if database.starts_with("postgres") {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!(
        "orders load ({kind}, {count} buyers, {seconds} s): {} requests, {:.0} requests/s, \
         {} orders placed, {} retries replayed, p50 {:.1} ms, p99 {:.1} ms, {} failed",
        seen.latencies.len(),
        seen.latencies.len() as f64 / seconds as f64,
        seen.orders.len(),
        seen.replays,
        percentile(&seen.latencies, 0.5),
        percentile(&seen.latencies, 0.99),
        seen.failures.len()
    );
    let mut problems = check(&desk, &seen).await?;
    println!(
        "orders load ({kind}): {} acknowledged orders checked, {} problems",
        seen.orders.len(),
        problems.len()
    );
    problems.extend(seen.failures.iter().take(5).cloned());
    if !problems.is_empty() {
        bail!("the orders load test found problems: {problems:?}");
    }
    Ok(())
}
