//! The buyer's quotes: their own account's sent, accepted and expired quotes (never drafts,
//! approvals, deal limits, depths or internal notes), one in detail with whether it can be
//! ordered now and its estimated ship date, and its PDF. Another account's quote is "not
//! found", exactly like a quote that does not exist.

use configurator_api::portal::{PortalQuote, PortalQuoteDetail, PortalQuotes};
use configurator_api::quotes::QuoteDocument;
use configurator_engine::locale::Locale;
use sqlx::Row;

use super::session::BuyerInfo;
use crate::error::{ApiError, ApiResult};
use crate::quotes::{self, Status, Summary};
use crate::Desk;

/// A summary as the buyer sees it, with the order placed from it.
fn portal_quote(s: &Summary, order: Option<String>) -> PortalQuote {
    PortalQuote {
        number: s.number.clone(),
        status: s.status,
        revision: s.revision,
        catalog: s.catalog.clone(),
        currency: s.currency.clone(),
        total: s.total.clone(),
        valid_until: s.valid_until.clone(),
        order,
        updated_at: s.updated_at.clone(),
    }
}

/// The buyer's quotes, most recently changed first.
pub async fn list(desk: &Desk, buyer: &BuyerInfo) -> ApiResult<PortalQuotes> {
    let found = quotes::of_account(desk, buyer.account, None).await?;
    let mut out = Vec::with_capacity(found.len());
    for s in &found {
        out.push(portal_quote(
            s,
            super::orders::of_quote(desk, s.id()).await?,
        ));
    }
    Ok(PortalQuotes { quotes: out })
}

/// Quote `number` of the buyer's account (not found otherwise).
pub async fn find(desk: &Desk, buyer: &BuyerInfo, number: &str) -> ApiResult<Summary> {
    quotes::of_account(desk, buyer.account, Some(number))
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::NotFound(format!("no quote {number}")))
}

/// The account's addresses: bill-to, and ship-to (the bill-to address when it names none).
pub async fn addresses(desk: &Desk, account: i64) -> ApiResult<(String, String)> {
    let r = sqlx::query("SELECT bill_to, ship_to FROM accounts WHERE id = $1")
        .bind(account)
        .fetch_one(&desk.db.pool)
        .await?;
    let bill: String = r.try_get("bill_to")?;
    let ship: String = r.try_get("ship_to")?;
    let ship = if ship.trim().is_empty() {
        bill.clone()
    } else {
        ship
    };
    Ok((bill, ship))
}

/// Quote `number` of the buyer's account in detail.
pub async fn detail(desk: &Desk, buyer: &BuyerInfo, number: &str) -> ApiResult<PortalQuoteDetail> {
    let s = find(desk, buyer, number).await?;
    let quote = quotes::latest(desk, &s).await?;
    let order = super::orders::of_quote(desk, s.id()).await?;
    let (bill_to, ship_to) = addresses(desk, buyer.account).await?;
    let can_order = s.status == Status::Sent && order.is_none();
    let estimated_ship_date = super::orders::estimated_ship_date(desk, &quote);
    Ok(PortalQuoteDetail {
        summary: portal_quote(&s, order),
        quote: QuoteDocument(quote),
        can_order,
        bill_to,
        ship_to,
        estimated_ship_date,
    })
}

/// The latest revision of quote `number` as a PDF, in `lang` or the buyer's language.
pub async fn pdf(
    desk: &Desk,
    buyer: &BuyerInfo,
    number: &str,
    lang: Option<&str>,
) -> ApiResult<axum::response::Response> {
    let s = find(desk, buyer, number).await?;
    let quote = quotes::latest(desk, &s).await?;
    let locale = match lang {
        Some(tag) => crate::mail::contacts::language(tag)?,
        None => Locale::from_tag(&buyer.language).unwrap_or_default(),
    };
    crate::document::answer(desk, quote, s.number.clone(), s.revision, locale).await
}
