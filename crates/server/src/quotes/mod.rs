//! Quotes: numbers, immutable revisions, who may see what, search. The workflow's transitions
//! are in `workflow.rs`, customer links in `links.rs`, the check of every saved quote in
//! `check.rs`, revision diffs in `diff.rs`.
//!
//! Visibility: a rep sees their own quotes, a manager their team's, an admin every quote. A
//! quote the user may not see is "not found", exactly like a quote that does not exist.

pub mod check;
mod create;
pub mod diff;
pub mod links;
pub mod preview;
pub mod renew;
pub mod workflow;

pub(crate) use create::insert_new;
pub use create::{create, days_after, fill_new, store_new, Origin};

use configurator_api::accounts::AccountRef;
use configurator_api::quotes::{CatalogUpdate, ConfigurationStatus, QuoteSummary, RevisionEntry};
use configurator_engine::quote::entitlement::{self, beyond, Approval, Entitlement};
use configurator_engine::quote::Quote;
use rust_decimal::Decimal;
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::auth::{Role, User};
use crate::clock;
use crate::error::{ApiError, ApiResult};
use crate::{audit, Desk};

/// A quote's place in the workflow (the contract's closed set).
pub use configurator_api::quotes::QuoteStatus as Status;

/// The status the desk shows: a sent quote past its date is expired. SQL of the same rule,
/// with `$1` the date of today (a macro, so that [`SUMMARY`] is built from it at compile time).
macro_rules! effective {
    () => {
        "CASE WHEN q.status = 'sent' AND q.valid_until < $1 THEN 'expired' ELSE q.status END"
    };
}

/// [`effective!`] as a constant.
const EFFECTIVE: &str = effective!();

/// A quote as lists show it: the contract's [`QuoteSummary`] (what the API answers), with
/// what only the server knows.
#[derive(Clone, Debug)]
pub struct Summary {
    /// What the API shows.
    pub info: QuoteSummary,
    id: i64,
    owner_id: i64,
    /// The owner's role (whose deal limit applies).
    pub owner_role: Role,
}

impl std::ops::Deref for Summary {
    type Target = QuoteSummary;

    fn deref(&self) -> &QuoteSummary {
        &self.info
    }
}

impl Summary {
    /// The quote's database id.
    pub fn id(&self) -> i64 {
        self.id
    }

    /// The owner's user id.
    pub fn owner_id(&self) -> i64 {
        self.owner_id
    }
}

/// The columns of a [`Summary`], with the effective status (`$1` is today).
const SUMMARY: &str = concat!(
    "SELECT q.id, q.number, ",
    effective!(),
    " AS status, \
     q.revision, q.customer, u.name AS owner, u.role AS owner_role, q.owner_id, q.team, q.catalog_id, q.currency, \
     q.total, q.valid_until, q.needs_approval, q.account_id, q.depth, q.approver, \
     q.created_at, q.updated_at \
     FROM quotes q JOIN users u ON u.id = q.owner_id"
);

fn summary(r: &AnyRow) -> ApiResult<Summary> {
    let status: String = r.try_get("status")?;
    let role: String = r.try_get("owner_role")?;
    Ok(Summary {
        owner_role: crate::auth::stored_role(&role)?,
        id: r.try_get("id")?,
        owner_id: r.try_get("owner_id")?,
        info: QuoteSummary {
            number: r.try_get("number")?,
            status: Status::from_name(&status)
                .ok_or_else(|| ApiError::Internal(format!("unknown status `{status}`")))?,
            revision: r.try_get("revision")?,
            customer: r.try_get("customer")?,
            owner: r.try_get("owner")?,
            team: r.try_get("team")?,
            catalog: r.try_get("catalog_id")?,
            currency: r.try_get("currency")?,
            total: r.try_get("total")?,
            valid_until: r.try_get("valid_until")?,
            needs_approval: r.try_get::<i64, _>("needs_approval")? != 0,
            account: r.try_get("account_id")?,
            depth: r.try_get("depth")?,
            approver: r.try_get("approver")?,
            created_at: clock::timestamp(r.try_get("created_at")?),
            updated_at: clock::timestamp(r.try_get("updated_at")?),
        },
    })
}

/// Whether `user` may see a quote of `owner_id` in `team`.
pub fn visible(user: &User, owner_id: i64, team: &str) -> bool {
    match user.role {
        Role::Rep => owner_id == user.id,
        Role::Manager => owner_id == user.id || team == user.team,
        Role::Director | Role::Admin => true,
        // The order desk fulfils orders; it reads no quote.
        Role::OrderDesk => false,
    }
}

/// Today's date at the desk.
pub fn today(desk: &Desk) -> String {
    clock::date(desk.clock.now())
}

/// The quote numbered `number`, if `user` may see it.
pub async fn find(desk: &Desk, user: &User, number: &str) -> ApiResult<Summary> {
    let not_found = || ApiError::NotFound(format!("no quote {number}"));
    let row = sqlx::query(&format!("{SUMMARY} WHERE q.number = $2"))
        .bind(today(desk))
        .bind(number)
        .fetch_optional(&desk.db.pool)
        .await?
        .ok_or_else(not_found)?;
    let s = summary(&row)?;
    if !visible(user, s.owner_id, &s.team) {
        return Err(not_found());
    }
    Ok(s)
}

/// The quotes of customer account `account` a buyer may see (sent, accepted or expired, by
/// the effective status), most recently changed first; only `number` when given. For the
/// portal, which shows a buyer their own account's quotes and nothing else.
pub async fn of_account(
    desk: &Desk,
    account: i64,
    number: Option<&str>,
) -> ApiResult<Vec<Summary>> {
    let rows = sqlx::query(&format!(
        "{SUMMARY} WHERE q.account_id = $2 AND ($3 = '' OR q.number = $4) \
         AND {EFFECTIVE} IN ('sent', 'accepted', 'expired') \
         ORDER BY q.updated_at DESC, q.id DESC LIMIT 500"
    ))
    .bind(today(desk))
    .bind(account)
    .bind(number.unwrap_or_default())
    .bind(number.unwrap_or_default())
    .fetch_all(&desk.db.pool)
    .await?;
    rows.iter().map(summary).collect()
}

/// The owner of a quote, or why `user` may not change it.
fn owned(user: &User, s: &Summary) -> ApiResult<()> {
    if s.owner_id == user.id {
        Ok(())
    } else {
        Err(ApiError::Forbidden(format!(
            "only {} (who owns quote {}) may change it",
            s.owner, s.number
        )))
    }
}

/// A quote measured against its account's entitlement: how far below the entitled price it
/// goes and who must approve that.
pub struct Measured {
    /// The account, if the quote names one.
    pub account: Option<AccountRef>,
    /// Percent below the entitled price (the deepest line).
    pub depth: Decimal,
    /// The owner's limit.
    pub owner_limit: Decimal,
    /// Who must approve it.
    pub approval: Approval,
}

impl Measured {
    /// The level that must approve it, as stored (empty when none must or none may).
    pub fn approver(&self) -> &'static str {
        match self.approval {
            Approval::Needs { role, .. } => role,
            _ => "",
        }
    }

    /// Why it needs approval, or why nobody may approve it.
    pub fn reason(&self, owner: Role) -> Option<String> {
        let depth = self.depth.normalize();
        match &self.approval {
            Approval::Within => None,
            Approval::Needs { role, owner_limit } => Some(format!(
                "{depth}% below the entitled price is above the {} limit of {}%: needs approval \
                 by {}",
                owner.name(),
                owner_limit.normalize(),
                a_role(role)
            )),
            Approval::Beyond { admin_limit } => Some(format!(
                "{depth}% below the entitled price is above every approval limit (the admin's is \
                 {}%): nobody may approve it; lower the deal discount or the partner tier until \
                 the quote is at most {}% below the entitled price",
                admin_limit.normalize(),
                admin_limit.normalize()
            )),
        }
    }
}

/// "a manager", "an admin".
pub fn a_role(role: &str) -> String {
    if role.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {role}")
    } else {
        format!("a {role}")
    }
}

/// Measures `quote` (verified against `catalog`) against the entitlement of `account` (none:
/// the quote's own price book and no partner tier, so that no tier is free), for an owner of
/// role `owner`. A price book other than the account's is refused, naming both.
/// A quote's text checked against its catalog (recomputed by the engine, as every stored
/// quote is) and measured against `account`'s entitlement for an owner of role `owner`.
pub(crate) async fn check_and_measure(
    desk: &Desk,
    body: &str,
    account: Option<i64>,
    owner: Role,
) -> ApiResult<(check::Checked, Measured)> {
    let checked = check::check(desk, body, &today(desk)).await?;
    let catalog = checked.catalog.engine.catalog();
    let m = measure(desk, &checked.quote, catalog, account, owner).await?;
    Ok((checked, m))
}

pub async fn measure(
    desk: &Desk,
    quote: &Quote,
    catalog: &configurator_engine::Catalog,
    account: Option<i64>,
    owner: Role,
) -> ApiResult<Measured> {
    let found = crate::accounts::entitlement(desk, account).await?;
    let entitled = match &found {
        Some((_, e)) => e.clone(),
        None => Entitlement {
            price_book: quote.context.price_book.clone(),
            partner_tier: None,
        },
    };
    let b = beyond(catalog, quote, &entitled).map_err(|e| match &found {
        Some((a, _)) => ApiError::Unprocessable(format!("{e} (account {} `{}`)", a.id, a.name)),
        None => ApiError::Unprocessable(e.to_string()),
    })?;
    Ok(Measured {
        account: found.map(|(a, _)| a),
        depth: b.deepest,
        owner_limit: entitlement::limit(catalog, owner.name()),
        approval: entitlement::approval(catalog, owner.name(), b.deepest),
    })
}

/// The desk's number on a quote, and its author when it names none.
fn stamp(q: &mut Quote, number: &str, user: &User) {
    q.meta.quote_number = number.to_owned();
    if q.meta.prepared_by.is_empty() {
        q.meta.prepared_by = user.name.clone();
    }
}

async fn insert_revision(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    quote: i64,
    revision: i64,
    author: i64,
    now: i64,
    q: &Quote,
) -> ApiResult<()> {
    let body = q.to_json();
    sqlx::query(
        "INSERT INTO revisions (quote_id, revision, author_id, created_at, catalog_version, \
         catalog_hash, body, body_sha256) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(quote)
    .bind(revision)
    .bind(author)
    .bind(now)
    .bind(&q.catalog.version)
    .bind(&q.catalog.hash)
    .bind(&body)
    .bind(crate::auth::token_hash(&body))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Adds a revision to a quote (its owner only), from `base`, the revision the user edited: a
/// quote revised meanwhile is a conflict, never overwritten. A quote that was submitted,
/// approved or sent goes back to draft; accepted, rejected and expired quotes are final.
///
/// `account` moves the quote to another customer account; `None` keeps its account.
pub async fn revise(
    desk: &Desk,
    user: &User,
    number: &str,
    base: i64,
    body: &str,
    account: Option<i64>,
) -> ApiResult<Summary> {
    let s = find(desk, user, number).await?;
    owned(user, &s)?;
    if matches!(
        s.status,
        Status::Accepted | Status::Rejected | Status::Expired
    ) {
        return Err(ApiError::Conflict(format!(
            "quote {number} is {}: it cannot be revised; start a new quote from it",
            s.status.name()
        )));
    }
    let account = account.or(s.account);
    let (mut checked, m) = check_and_measure(desk, body, account, user.role).await?;
    stamp(&mut checked.quote, number, user);
    let q = &checked.quote;
    let now = desk.clock.now();
    let _w = desk.db.writing().await;
    let mut tx = desk.db.pool.begin().await?;
    let updated = sqlx::query(
        "UPDATE quotes SET revision = revision + 1, status = 'draft', customer = $1, \
         currency = $2, total = $3, total_milli = $4, valid_until = $5, needs_approval = $6, \
         updated_at = $7, account_id = $11, depth = $12, approver = $13 \
         WHERE id = $8 AND revision = $9 AND status = $10 RETURNING revision",
    )
    .bind(&q.meta.customer)
    .bind(q.totals.currency.code())
    .bind(q.totals.contract_value.to_plain_string(&q.totals.currency))
    .bind(checked.total_milli)
    .bind(q.meta.valid_until.clone())
    .bind(i64::from(m.approval != Approval::Within))
    .bind(now)
    .bind(s.id)
    .bind(base)
    .bind(s.status.name())
    .bind(account)
    .bind(m.depth.normalize().to_string())
    .bind(m.approver())
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = updated else {
        return Err(ApiError::Conflict(format!(
            "quote {number} has changed since revision {base} (it is at revision {}, {}): \
             reload it and apply your changes again",
            s.revision,
            s.status.name()
        )));
    };
    let revision: i64 = row.try_get("revision")?;
    insert_revision(&mut tx, s.id, revision, user.id, now, q).await?;
    audit::record(
        &mut tx,
        now,
        &user.name,
        "quote.revise",
        Some(s.id),
        &format!("revision {revision}"),
    )
    .await?;
    tx.commit().await?;
    drop(_w);
    find(desk, user, number).await
}

/// Every revision of a quote, oldest first, each with its changes from the one before.
pub async fn revisions(desk: &Desk, user: &User, number: &str) -> ApiResult<Vec<RevisionEntry>> {
    let s = find(desk, user, number).await?;
    let rows = sqlx::query(
        "SELECT r.revision, u.name AS author, r.created_at, r.catalog_version, r.body, \
         r.body_sha256 FROM revisions r JOIN users u ON u.id = r.author_id \
         WHERE r.quote_id = $1 ORDER BY r.revision",
    )
    .bind(s.id)
    .fetch_all(&desk.db.pool)
    .await?;
    let mut out: Vec<RevisionEntry> = Vec::with_capacity(rows.len());
    let mut previous: Option<Quote> = None;
    for r in &rows {
        let body: String = r.try_get("body")?;
        let sha: String = r.try_get("body_sha256")?;
        let revision: i64 = r.try_get("revision")?;
        let quote = intact(number, revision, &body, &sha)?;
        out.push(RevisionEntry {
            revision,
            author: r.try_get("author")?,
            created_at: clock::timestamp(r.try_get("created_at")?),
            catalog_version: r.try_get("catalog_version")?,
            changes: previous
                .as_ref()
                .map(|p| diff::changes(p, &quote))
                .unwrap_or_default(),
            changed: previous
                .as_ref()
                .map(|p| diff::typed(p, &quote))
                .unwrap_or_default(),
        });
        previous = Some(quote);
    }
    Ok(out)
}

/// A stored revision read back, refused if its text is not what was written.
pub fn intact(number: &str, revision: i64, body: &str, sha: &str) -> ApiResult<Quote> {
    if crate::auth::token_hash(body) != sha {
        return Err(ApiError::Internal(format!(
            "revision {revision} of {number} does not match its checksum"
        )));
    }
    Quote::from_json(body).map_err(|e| {
        ApiError::Internal(format!(
            "revision {revision} of {number} is unreadable: {e}"
        ))
    })
}

/// One revision of a quote `user` may see (the latest when `revision` is `None`): its summary,
/// its text and the quote read from it, checked against its checksum.
pub async fn body(
    desk: &Desk,
    user: &User,
    number: &str,
    revision: Option<i64>,
) -> ApiResult<(Summary, String, Quote)> {
    let s = find(desk, user, number).await?;
    let (text, quote) = stored(desk, &s, revision.unwrap_or(s.revision)).await?;
    Ok((s, text, quote))
}

/// The latest revision of a quote already found: its quote, checked.
pub async fn latest(desk: &Desk, s: &Summary) -> ApiResult<Quote> {
    Ok(stored(desk, s, s.revision).await?.1)
}

/// Revision `n` of quote `s`: its text and the quote read from it, checked.
async fn stored(desk: &Desk, s: &Summary, n: i64) -> ApiResult<(String, Quote)> {
    let row = sqlx::query(
        "SELECT body, body_sha256 FROM revisions WHERE quote_id = $1 AND revision = $2",
    )
    .bind(s.id)
    .bind(n)
    .fetch_optional(&desk.db.pool)
    .await?
    .ok_or_else(|| ApiError::NotFound(format!("quote {} has no revision {n}", s.number)))?;
    let text: String = row.try_get("body")?;
    let quote = intact(
        &s.number,
        n,
        &text,
        &row.try_get::<String, _>("body_sha256")?,
    )?;
    Ok((text, quote))
}

/// Search filters; empty fields match everything (the contract's).
pub use configurator_api::quotes::Filter;

fn like(text: &str) -> String {
    let escaped: String = text
        .to_lowercase()
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    escaped
}

fn milli(field: &str, text: &str, empty: i64) -> ApiResult<i64> {
    if text.is_empty() {
        return Ok(empty);
    }
    let bad = || ApiError::BadRequest(format!("`{field}` must be an amount like 1000.00"));
    let d: rust_decimal::Decimal = text.parse().map_err(|_| bad())?;
    use rust_decimal::prelude::ToPrimitive;
    (d * rust_decimal::Decimal::from(1000))
        .trunc()
        .to_i64()
        .ok_or_else(bad)
}

/// The quotes `user` may see that match `f`, most recently changed first.
pub async fn list(desk: &Desk, user: &User, f: &Filter) -> ApiResult<Vec<Summary>> {
    if !f.status.is_empty() && Status::from_name(&f.status).is_none() {
        let names: Vec<&str> = Status::ALL.iter().map(|s| s.name()).collect();
        return Err(ApiError::BadRequest(format!(
            "`status` must be one of {}",
            names.join(", ")
        )));
    }
    let day = |field: &str, text: &str, empty: i64, plus: i64| -> ApiResult<i64> {
        if text.is_empty() {
            return Ok(empty);
        }
        clock::parse_date(text).map(|s| s + plus).ok_or_else(|| {
            ApiError::BadRequest(format!("`{field}` must be a date like 2026-12-31"))
        })
    };
    let from = day("from", &f.from, i64::MIN, 0)?;
    let to = day("to", &f.to, i64::MAX, 86_400)?;
    let min = milli("min", &f.min, i64::MIN)?;
    let max = milli("max", &f.max, i64::MAX)?;
    let scope = match (f.scope.as_str(), user.role) {
        ("mine", _) | (_, Role::Rep | Role::OrderDesk) => "own",
        ("" | "team", Role::Manager) => "team",
        ("" | "team" | "all", Role::Director | Role::Admin) => "all",
        (other, _) => {
            return Err(ApiError::BadRequest(format!(
                "`scope` must be `mine` or `team`, not `{other}`"
            )))
        }
    };
    let limit = f.limit.unwrap_or(500).clamp(1, 500);
    let offset = f.offset.unwrap_or(0).max(0);
    let sql = format!(
        "{SUMMARY} WHERE (q.owner_id = $2 OR ($3 = 'team' AND q.team = $4) OR $3 = 'all') \
         AND ($5 = '' OR LOWER(q.customer) LIKE $6 ESCAPE '\\') \
         AND ($7 = '' OR {EFFECTIVE} = $7) \
         AND ($8 = '' OR q.number LIKE $9 ESCAPE '\\') \
         AND q.created_at >= $10 AND q.created_at < $11 \
         AND q.total_milli >= $12 AND q.total_milli <= $13 \
         ORDER BY q.updated_at DESC, q.id DESC LIMIT $14 OFFSET $15"
    );
    let rows = sqlx::query(&sql)
        .bind(today(desk))
        .bind(user.id)
        .bind(scope)
        .bind(&user.team)
        .bind(&f.customer)
        .bind(format!("%{}%", like(&f.customer)))
        .bind(&f.status)
        .bind(&f.number)
        .bind(format!("{}%", like(&f.number).to_uppercase()))
        .bind(from)
        .bind(to)
        .bind(min)
        .bind(max)
        .bind(limit)
        .bind(offset)
        .fetch_all(&desk.db.pool)
        .await?;
    rows.iter().map(summary).collect()
}

/// What opening `quote` under the newest loaded version of its catalog would change, when that
/// version is another: the version, the choices it no longer offers, the status the
/// configuration would have, and the line and total changes of the quote repriced with it.
pub fn catalog_update(desk: &Desk, quote: &Quote) -> Option<CatalogUpdate> {
    let current = desk.catalogs.current(&quote.catalog.id)?;
    let catalog = current.engine.catalog();
    if [&catalog.hash, &catalog.legacy_hash, &current.public_hash].contains(&&quote.catalog.hash) {
        return None;
    }
    let (offered, gone): (Vec<_>, Vec<_>) = quote
        .configuration
        .iter()
        .cloned()
        .partition(|c| catalog.item_by_key(&c.group, &c.item).is_some());
    let gone: Vec<String> = gone
        .iter()
        .map(|c| format!("{}.{}", c.group, c.item))
        .collect();
    let repriced = configurator_engine::quote::resolve(catalog, &offered).and_then(|choices| {
        configurator_engine::quote::build(
            &current.engine,
            &choices,
            &quote.context,
            quote.meta.clone(),
        )
    });
    let (status, changes, changed, problem) = match repriced {
        Ok(f) => (
            configuration_status(f.status),
            diff::changes(quote, &f),
            diff::typed(quote, &f),
            None,
        ),
        Err(e) => (
            ConfigurationStatus::Conflict,
            Vec::new(),
            Vec::new(),
            Some(e.to_string()),
        ),
    };
    Some(CatalogUpdate {
        version: catalog.version.clone(),
        hash: catalog.hash.clone(),
        no_longer_offered: gone,
        status,
        changes,
        changed,
        problem,
    })
}

/// The engine's status of a quote as the contract writes it.
fn configuration_status(status: configurator_engine::quote::QuoteStatus) -> ConfigurationStatus {
    use configurator_engine::quote::QuoteStatus as Q;
    match status {
        Q::Complete => ConfigurationStatus::Complete,
        Q::Incomplete => ConfigurationStatus::Incomplete,
        Q::Conflict => ConfigurationStatus::Conflict,
    }
}
