//! The buyer's orders: their account's orders (another account's are "not found"), one in
//! detail (the orders' own `OrderDetail`, without actions), its PDF, and placing: accepting a
//! sent quote's latest revision, signed with the buyer's name and recorded like a customer
//! link's acceptance, and placing it with `orders::place_in`, in one transaction (a refused
//! placement leaves the quote as it was), idempotent by the request's key.

use axum::response::Response;
use configurator_api::orders::{OrderAnswer, OrderDetail, OrderStatus, PlaceOrder};
use configurator_api::portal::{PortalOrder, PortalOrders};
use configurator_engine::locale::Locale;
use configurator_engine::quote::Quote;
use sqlx::Row;

use super::session::BuyerInfo;
use crate::error::{ApiError, ApiResult};
use crate::orders::{self, lead, Placer, Scope};
use crate::quotes::{links, Status};
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

/// The orders of account `account`'s quotes: (quote id, order number).
pub async fn of_account_quotes(desk: &Desk, account: i64) -> ApiResult<Vec<(i64, String)>> {
    sqlx::query("SELECT quote_id, number FROM orders WHERE account_id = $1")
        .bind(account)
        .fetch_all(&desk.db.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("quote_id")?, r.try_get("number")?)))
        .collect()
}

/// The ship date `quote` would have if ordered today: today plus the longest lead time of
/// its lines in the newest version of its catalog (the orders' rule, `orders::lead`).
pub fn estimated_ship_date(desk: &Desk, quote: &Quote) -> String {
    let longest = desk.catalogs.current(&quote.catalog.id).map_or(0, |c| {
        let catalog = c.engine.catalog();
        quote
            .lines
            .iter()
            .map(|l| lead::days(catalog, l))
            .max()
            .unwrap_or(0)
    });
    lead::ship_date(desk.clock.now(), longest)
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
pub async fn detail(desk: &Desk, buyer: &BuyerInfo, number: &str) -> ApiResult<OrderDetail> {
    let mut conn = desk.db.pool.acquire().await?;
    let o = orders::find_scoped(&mut conn, &Scope::Account(buyer.account), number).await?;
    orders::detail(&mut conn, &o, Vec::new()).await
}

/// Order `number` of the buyer's account as a PDF, in `lang` or the buyer's language.
pub async fn pdf(
    desk: &Desk,
    buyer: &BuyerInfo,
    number: &str,
    lang: Option<&str>,
) -> ApiResult<Response> {
    let locale = match lang {
        Some(tag) => crate::mail::contacts::language(tag)?,
        None => Locale::from_tag(&buyer.language).unwrap_or_default(),
    };
    let d = detail(desk, buyer, number).await?;
    orders::routes::pdf_answer(desk, d, locale).await
}

/// Accepts the quote's latest revision for the buyer (signed with their name, recorded like a
/// customer link's acceptance) and places it with `orders::place_in`, in one transaction: a
/// refused placement leaves the quote as it was. A quote accepted already (by a retry of this
/// request, or through a customer link) is placed as it is: a retry with the same key answers
/// the same order (`replayed`), never a second one.
pub async fn place(desk: &Desk, buyer: &BuyerInfo, req: &PlaceOrder) -> ApiResult<OrderAnswer> {
    let placer = Placer::Buyer {
        id: buyer.id,
        email: buyer.email.clone(),
        name: buyer.name.clone(),
        account: buyer.account,
    };
    // A concurrent retry may accept the quote between our reading and our writing: the
    // acceptance then conflicts, and the second round finds the quote accepted.
    let mut round = 0;
    loop {
        round += 1;
        match place_once(desk, buyer, &placer, req).await {
            Err(ApiError::Conflict(_)) if round == 1 => continue,
            other => return other,
        }
    }
}

async fn place_once(
    desk: &Desk,
    buyer: &BuyerInfo,
    placer: &Placer,
    req: &PlaceOrder,
) -> ApiResult<OrderAnswer> {
    let w = desk.db.writing().await;
    let s = super::quotes::find(desk, buyer, &req.quote).await?;
    let mut tx = desk.db.pool.begin().await?;
    if s.status == Status::Sent {
        if req.revision != s.revision {
            return Err(ApiError::Unprocessable(format!(
                "quote {} is at revision {}: accept and order that one",
                s.number, s.revision
            )));
        }
        let via = format!(" (portal, buyer {})", buyer.email);
        let decision = links::Decision {
            quote_id: s.id(),
            number: &s.number,
            revision: s.revision,
            name: &buyer.name,
            accept: true,
            via: &via,
        };
        links::record_decision(&mut tx, desk, &decision).await?;
    }
    let (order, replayed) = orders::place_in(&mut tx, desk, placer, req).await?;
    if replayed {
        tx.rollback().await?;
    } else {
        tx.commit().await?;
        desk.mail.wake();
    }
    drop(w);
    Ok(OrderAnswer { order, replayed })
}
