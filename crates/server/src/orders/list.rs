//! The orders a reader may see that match a filter (`GET /api/orders`), and the same as CSV
//! (formula cells neutralised, as the quotes' export does) and JSON.

use configurator_api::orders::{OrderFilter, OrderStatus, OrderSummary};
use sqlx::Row;

use super::{order, Scope, ORDER};
use crate::clock;
use crate::error::{ApiError, ApiResult};
use crate::Desk;

/// `text` lower-cased with LIKE's wildcards escaped (`\`).
fn like(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect()
}

/// The orders in `scope` that match `f`, newest first.
pub async fn list(desk: &Desk, scope: &Scope, f: &OrderFilter) -> ApiResult<Vec<OrderSummary>> {
    if !f.status.is_empty() && OrderStatus::from_name(&f.status).is_none() {
        let names: Vec<&str> = OrderStatus::ALL.iter().map(|s| s.name()).collect();
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
    if f.q.chars().count() > 200 {
        return Err(ApiError::BadRequest(
            "`q` has more than 200 characters".into(),
        ));
    }
    let limit = f.limit.unwrap_or(500).clamp(1, 500);
    let offset = f.offset.unwrap_or(0).max(0);
    let (kind, id, team) = scope.binds();
    let sql = format!(
        "{ORDER} WHERE ($1 = 'all' OR ($1 = 'own' AND q.owner_id = $2) \
         OR ($1 = 'team' AND (q.owner_id = $2 OR q.team = $3)) \
         OR ($1 = 'account' AND o.account_id = $2)) \
         AND ($4 = '' OR o.status = $4) \
         AND ($5 = '' OR LOWER(o.customer) LIKE $6 ESCAPE '\\' \
              OR LOWER(o.number) LIKE $6 ESCAPE '\\' \
              OR LOWER(o.purchase_order) LIKE $6 ESCAPE '\\') \
         AND o.created_at >= $7 AND o.created_at < $8 \
         ORDER BY o.created_at DESC, o.id DESC LIMIT $9 OFFSET $10"
    );
    let rows = sqlx::query(&sql)
        .bind(kind)
        .bind(id)
        .bind(team)
        .bind(&f.status)
        .bind(&f.q)
        .bind(format!("%{}%", like(&f.q)))
        .bind(from)
        .bind(to)
        .bind(limit)
        .bind(offset)
        .fetch_all(&desk.db.pool)
        .await?;
    rows.iter().map(|r| Ok(order(r)?.info)).collect()
}

/// The CSV export's columns (the summary's fields).
const COLUMNS: [&str; 18] = [
    "number",
    "status",
    "quote",
    "quote_revision",
    "customer",
    "purchase_order",
    "catalog",
    "catalog_version",
    "currency",
    "total",
    "owner",
    "team",
    "requested_date",
    "estimated_ship_date",
    "confirmed_ship_date",
    "created_at",
    "updated_at",
    "account",
];

/// Orders as CSV (RFC 4180; a cell a spreadsheet would run as a formula is neutralised).
pub fn csv(orders: &[OrderSummary]) -> String {
    let mut out = configurator_engine::quote::csv_row(&COLUMNS);
    for o in orders {
        let revision = o.quote_revision.to_string();
        let account = o.account.map(|a| a.to_string()).unwrap_or_default();
        out.push_str(&configurator_engine::quote::csv_row(&[
            &o.number,
            o.status.name(),
            &o.quote,
            &revision,
            &o.customer,
            &o.purchase_order,
            &o.catalog,
            &o.catalog_version,
            &o.currency,
            &o.total,
            &o.owner,
            &o.team,
            o.requested_date.as_deref().unwrap_or_default(),
            &o.estimated_ship_date,
            o.confirmed_ship_date.as_deref().unwrap_or_default(),
            &o.created_at,
            &o.updated_at,
            &account,
        ]));
    }
    out
}

/// How many orders there are (for tests and the load test's figures).
pub async fn count(desk: &Desk) -> ApiResult<i64> {
    Ok(sqlx::query("SELECT COUNT(*) AS n FROM orders")
        .fetch_one(&desk.db.pool)
        .await?
        .try_get("n")?)
}
