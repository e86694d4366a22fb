//! `price`, `quote`, `verify` and `diff`: the back office's commands.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::{Args, ValueEnum};
use configurator_engine::diff::{diff, Change};
use configurator_engine::pricing::{price, PricingContext};
use configurator_engine::quote::entitlement::{self, Approval, Entitlement};
use configurator_engine::quote::{self, Quote, QuoteMeta, QuoteStatus};
use configurator_engine::{Catalog, Choice, Date, Engine, Money, Status};

use crate::out::{err, out, out_json};
use crate::{load, read};

/// How to print a priced configuration.
#[derive(Clone, Copy, ValueEnum)]
pub enum Output {
    /// A table for people.
    Table,
    /// The quote as canonical JSON.
    Json,
    /// The bill of materials as CSV (RFC 4180).
    Csv,
}

/// The pricing context: a file and/or flags (flags win).
#[derive(Args)]
pub struct ContextArgs {
    /// A pricing context file: {"price_book": "eur", "partner_tier": "gold", "term_months": 36}.
    #[arg(long, value_name = "FILE")]
    context: Option<PathBuf>,
    /// Price book id (default: the catalog's own, `list`).
    #[arg(long)]
    book: Option<String>,
    /// Partner tier id.
    #[arg(long)]
    tier: Option<String>,
    /// Subscription term in months (default: the catalog's first term).
    #[arg(long)]
    term: Option<u32>,
    /// A deal discount in percent for every line, taken after the partner discount.
    #[arg(long, value_name = "PERCENT")]
    deal: Option<String>,
    /// A deal discount for one line, in place of --deal there: group.item=PERCENT (repeatable).
    #[arg(long = "deal-line", value_name = "ITEM=PERCENT")]
    deal_lines: Vec<String>,
}

impl ContextArgs {
    /// The context the file and flags give.
    pub fn read(&self) -> anyhow::Result<PricingContext> {
        let mut ctx = match &self.context {
            Some(path) => serde_json::from_str(&read(path, "pricing context")?)
                .with_context(|| format!("{} is not a pricing context", path.display()))?,
            None => PricingContext::default(),
        };
        if self.book.is_some() {
            ctx.price_book = self.book.clone();
        }
        if self.tier.is_some() {
            ctx.partner_tier = self.tier.clone();
        }
        if self.term.is_some() {
            ctx.term_months = self.term;
        }
        if self.deal.is_some() {
            ctx.deal = self.deal.clone();
        }
        for d in &self.deal_lines {
            let (item, percent) = d.split_once('=').with_context(|| {
                format!(
                    "--deal-line `{d}`: expected group.item=PERCENT, like optics.sfp-10g-sr=12.5"
                )
            })?;
            ctx.deal_lines.insert(item.to_owned(), percent.to_owned());
        }
        Ok(ctx)
    }
}

/// Quote metadata from flags.
#[derive(Args)]
pub struct MetaArgs {
    /// Quote number.
    #[arg(long, default_value = "")]
    number: String,
    /// Customer.
    #[arg(long, default_value = "")]
    customer: String,
    /// Prepared by.
    #[arg(long, default_value = "")]
    prepared_by: String,
    /// Last day the quote is valid (YYYY-MM-DD).
    #[arg(long)]
    valid_until: Option<String>,
    /// Notes.
    #[arg(long, default_value = "")]
    notes: String,
}

/// Reads a configuration file: a JSON array of [group, item] or [group, item, quantity], or a
/// quote (its configuration is used).
pub fn read_config(catalog: &Catalog, path: &Path) -> anyhow::Result<Vec<Choice>> {
    let text = read(path, "configuration")?;
    let choices = quote::choices_from_json(&text).map_err(|e| match e {
        quote::ConfigError::Syntax { .. } => anyhow::anyhow!("{} is not JSON: {e}", path.display()),
        e => anyhow::anyhow!("{}: {e}", path.display()),
    })?;
    quote::resolve(catalog, &choices).with_context(|| format!("{}", path.display()))
}

/// `configurator price`.
pub fn price_cmd(
    path: &Path,
    config: &Path,
    ctx: &ContextArgs,
    output: Output,
) -> anyhow::Result<ExitCode> {
    let Some(catalog) = load(path)? else {
        return Ok(ExitCode::from(1));
    };
    let choices = read_config(&catalog, config)?;
    let context = ctx.read()?;
    let engine = Engine::new(catalog);
    let q = quote::build(&engine, &choices, &context, QuoteMeta::default())?;
    match output {
        Output::Json => out_json!("{}\n", q.to_json()),
        Output::Csv => print!("{}", q.to_csv()),
        Output::Table => print_table(&engine, &choices, &context)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn print_table(
    engine: &Engine,
    choices: &[Choice],
    context: &PricingContext,
) -> anyhow::Result<()> {
    let catalog = engine.catalog();
    let ev = engine.evaluate(choices);
    let p = price(catalog, &ev, context)?;
    let cur = &p.currency;
    let m = |x: Money| x.to_grouped_string(cur, ',', '.');
    out!(
        "{} {}: price book {} ({}), term {} months{}",
        catalog.name,
        catalog.version,
        p.book,
        cur.code(),
        p.term_months,
        p.partner_tier
            .as_ref()
            .map(|t| format!(", partner tier {t}"))
            .unwrap_or_default()
    );
    out!(
        "{:<6} {:<16} {:<34} {:>4} {:>12} {:>12} {:>12} {:>12}",
        "Line",
        "SKU",
        "Name",
        "Qty",
        "Unit list",
        "List",
        "Discounts",
        "Net"
    );
    for l in &p.lines {
        let it = catalog.item(l.item);
        let off: Money = l.discounts.iter().map(|d| d.amount).sum();
        let billing = l
            .recurring
            .map(|r| format!(" /{}", r.name()))
            .unwrap_or_default();
        out!(
            "{:<6} {:<16} {:<34} {:>4} {:>12} {:>12} {:>12} {:>12}{billing}",
            l.number,
            it.sku,
            it.name.chars().take(34).collect::<String>(),
            l.quantity,
            m(l.unit_list),
            m(l.list),
            if off == Money::ZERO {
                String::new()
            } else {
                format!("-{}", m(off))
            },
            m(l.net),
        );
        for d in &l.discounts {
            out!("{:>6}   {:<80} -{}", "", d.name, m(d.amount));
        }
    }
    let t = &p.totals;
    out!("One-time:       {:>14} {}", m(t.one_time), cur.code());
    if t.monthly != Money::ZERO {
        out!("Monthly:        {:>14} {}", m(t.monthly), cur.code());
    }
    if t.yearly != Money::ZERO {
        out!("Yearly:         {:>14} {}", m(t.yearly), cur.code());
    }
    out!(
        "Contract value: {:>14} {} over {} months",
        m(t.contract_value),
        cur.code(),
        p.term_months
    );
    match ev.status {
        Status::Complete => out!("Status: complete"),
        Status::Incomplete { .. } => out!("Status: incomplete (not ready to order)"),
        Status::Conflict(_) => out!("Status: in conflict (not ready to order)"),
    }
    Ok(())
}

/// `configurator quote`.
pub fn quote_cmd(
    path: &Path,
    config: &Path,
    ctx: &ContextArgs,
    meta: &MetaArgs,
    out: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let Some(catalog) = load(path)? else {
        return Ok(ExitCode::from(1));
    };
    if let Some(d) = &meta.valid_until {
        if Date::parse(d).is_none() {
            bail!("--valid-until `{d}` is not a date like 2026-12-31");
        }
    }
    let choices = read_config(&catalog, config)?;
    let context = ctx.read()?;
    let engine = Engine::new(catalog);
    let q = quote::build(
        &engine,
        &choices,
        &context,
        QuoteMeta {
            quote_number: meta.number.clone(),
            customer: meta.customer.clone(),
            prepared_by: meta.prepared_by.clone(),
            valid_until: meta.valid_until.clone(),
            notes: meta.notes.clone(),
        },
    )?;
    let text = q.to_json() + "\n";
    match out {
        Some(o) => {
            std::fs::write(o, text).with_context(|| format!("cannot write {}", o.display()))?
        }
        None => out_json!("{text}"),
    }
    if q.status != QuoteStatus::Complete {
        err!(
            "warning: the configuration is {}: the quote is not ready to order",
            q.status.name()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `configurator verify`; with an entitlement, also how far below it the quote goes.
pub fn verify_cmd(
    path: &Path,
    quote_path: &Path,
    today: Option<&str>,
    entitled: Option<&Entitlement>,
    owner: &str,
) -> anyhow::Result<ExitCode> {
    if !entitlement::ROLES.contains(&owner) {
        bail!(
            "--owner `{owner}` is not a role: {}",
            entitlement::ROLES.join(", ")
        );
    }
    let Some(catalog) = load(path)? else {
        return Ok(ExitCode::from(1));
    };
    if let Some(t) = today {
        if Date::parse(t).is_none() {
            bail!("--today `{t}` is not a date like 2026-12-31");
        }
    }
    // A quote that cannot be read fails verification like one that differs (exit 1).
    let q = match Quote::from_json(&read(quote_path, "quote")?) {
        Ok(q) => q,
        Err(e) => {
            err!("error: {}: {e}", quote_path.display());
            return Ok(ExitCode::from(1));
        }
    };
    let engine = Engine::new(catalog);
    let diffs = quote::verify(&engine, &q, today);
    let name = quote_path.display();
    if diffs.is_empty() {
        out!(
            "ok: {name}: every line, discount and total matches the catalog ({} {})",
            engine.catalog().id,
            engine.catalog().version
        );
        return Ok(match entitled {
            Some(e) => beyond_entitlement(engine.catalog(), &q, e, owner),
            None => ExitCode::SUCCESS,
        });
    }
    for d in &diffs {
        out!(
            "differs: {name}: {}: quote says `{}`, catalog gives `{}`",
            d.place,
            d.quoted,
            d.recomputed
        );
    }
    out!(
        "{name}: {} difference{}",
        diffs.len(),
        if diffs.len() == 1 { "" } else { "s" }
    );
    Ok(ExitCode::from(1))
}

/// Prints how far below `entitled` a verified quote goes, line by line, and which approval
/// level it needs (the quote desk's rule, `quote::entitlement`). Exit 1 when no level may
/// approve it or the quote is in another price book than the account's.
fn beyond_entitlement(
    catalog: &configurator_engine::Catalog,
    q: &Quote,
    entitled: &Entitlement,
    owner: &str,
) -> ExitCode {
    let b = match entitlement::beyond(catalog, q, entitled) {
        Ok(b) => b,
        Err(e) => {
            out!("refused: {e}");
            return ExitCode::from(1);
        }
    };
    let cur = &q.totals.currency;
    for l in b.lines.iter().filter(|l| !l.depth.is_zero()) {
        out!(
            "line {} ({}): net {} against the entitled {}: {}% below",
            l.line,
            l.item,
            l.net.to_plain_string(cur),
            l.entitled_net.to_plain_string(cur),
            l.depth
        );
    }
    let depth = b.deepest.normalize();
    match entitlement::approval(catalog, owner, b.deepest) {
        Approval::Within => {
            out!(
                "{depth}% below the entitled price: within the {owner} limit of {}%, no approval needed",
                entitlement::limit(catalog, owner).normalize()
            );
            ExitCode::SUCCESS
        }
        Approval::Needs { role, owner_limit } => {
            out!(
                "{depth}% below the entitled price: above the {owner} limit of {}%, needs approval by {}",
                owner_limit.normalize(),
                a_role(role)
            );
            ExitCode::SUCCESS
        }
        Approval::Beyond { admin_limit } => {
            out!(
                "{depth}% below the entitled price: above every approval limit (admin: {}%), nobody may approve it",
                admin_limit.normalize()
            );
            ExitCode::from(1)
        }
    }
}

/// "a manager", "an admin".
fn a_role(role: &str) -> String {
    if role.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {role}")
    } else {
        format!("a {role}")
    }
}

/// `configurator diff`.
pub fn diff_cmd(old: &Path, new: &Path, configs: Option<&Path>) -> anyhow::Result<ExitCode> {
    let (Some(a), Some(b)) = (load(old)?, load(new)?) else {
        return Ok(ExitCode::from(1));
    };
    let changes = diff(&a, &b);
    for c in &changes {
        out!("{}", change_text(c));
    }
    if changes.is_empty() {
        out!("no changes to items, prices or rules");
    }
    let invalid = match configs {
        Some(dir) => check_configs(&Engine::new(b), dir)?,
        None => 0,
    };
    Ok(if invalid > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// One change as `diff` prints it.
fn change_text(c: &Change) -> String {
    match c {
        Change::ItemRemoved { key, name } => format!("removed item {key} ({name})"),
        Change::Sku { key, before, after } => {
            format!("changed item {key}: SKU {before} -> {after}")
        }
        Change::Name { key, before, after } => {
            format!("changed item {key}: name \"{before}\" -> \"{after}\"")
        }
        Change::Price {
            key,
            book,
            currency,
            before,
            after,
        } => {
            let show = |m: &Option<Money>| {
                m.map_or("no price".to_owned(), |m| m.to_plain_string(currency))
            };
            format!(
                "changed price of {key} in {book}: {} -> {}",
                show(before),
                show(after)
            )
        }
        Change::Quantity { key, before, after } => {
            format!("changed item {key}: quantity {before} -> {after}")
        }
        Change::ItemAdded { key, name } => format!("added item {key} ({name})"),
        Change::RuleRemoved { key, message } => format!("removed rule {key}: {message}"),
        Change::RuleChanged { key, message } => format!("changed rule {key}: {message}"),
        Change::RuleMessage { key, before, after } => {
            format!("changed rule {key} message: \"{before}\" -> \"{after}\"")
        }
        Change::RuleAdded { key, message } => format!("added rule {key}: {message}"),
    }
}

/// Evaluates every configuration file (`*.json`) in `dir` against the new catalog and prints
/// whether it is still valid; returns how many are not.
fn check_configs(engine: &Engine, dir: &Path) -> anyhow::Result<usize> {
    let mut invalid = 0;
    let files = crate::json_files(dir)?;
    let c = engine.catalog();
    for f in files {
        match read_config(c, &f) {
            Err(e) => {
                invalid += 1;
                out!("invalid: {}: {e:#}", f.display());
            }
            Ok(choices) => match engine.evaluate(&choices).status {
                Status::Conflict(e) => {
                    invalid += 1;
                    let why: Vec<String> = e
                        .constraints
                        .iter()
                        .map(|&k| match k {
                            configurator_engine::Constraint::Rule(r) => {
                                format!("rule {}: {}", c.rule(r).key, c.rule(r).message)
                            }
                            configurator_engine::Constraint::Group(g) => {
                                format!("group {}", c.group(g).key)
                            }
                        })
                        .collect();
                    let with: Vec<String> = e.choices.iter().map(|&i| c.item_key(i)).collect();
                    out!(
                        "invalid: {}: {} conflict ({})",
                        f.display(),
                        with.join(" and "),
                        why.join("; ")
                    );
                }
                _ => out!("valid: {}", f.display()),
            },
        }
    }
    Ok(invalid)
}
