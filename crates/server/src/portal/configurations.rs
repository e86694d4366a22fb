//! Saved configurations and the buyer's contract pricing. A configuration is checked by the
//! engine against the newest version of its catalog (unknown items, quantities it does not
//! sell, choices that do not go together are refused) and shown with its total at the
//! account's contract prices today (its price book and partner tier; never a deal). Saved
//! configurations belong to the account: every buyer of it sees them, no one else.

use configurator_api::portal::{
    ContractPricing, NewConfiguration, SavedConfiguration, SavedConfigurations,
};
use configurator_engine::pricing::PricingContext;
use configurator_engine::quote::{self, Quote, QuoteMeta, QuoteStatus};
use sqlx::Row;

use super::session::BuyerInfo;
use crate::error::{ApiError, ApiResult};
use crate::{audit, clock, Desk};

/// The longest name of a saved configuration.
const MAX_NAME: usize = 200;
/// The longest configuration text.
const MAX_CHOICES: usize = 64 * 1024;
/// The most configurations an account keeps.
const MAX_SAVED: i64 = 200;

/// The account's contract pricing: its price book and partner tier.
pub async fn pricing(desk: &Desk, account: i64) -> ApiResult<ContractPricing> {
    let (_, e) = crate::accounts::entitlement(desk, Some(account))
        .await?
        .ok_or_else(|| ApiError::Internal(format!("account {account} is gone")))?;
    Ok(ContractPricing {
        price_book: e
            .price_book
            .unwrap_or_else(|| configurator_engine::catalog::LIST_BOOK.to_owned()),
        partner_tier: e.partner_tier,
    })
}

/// The pricing context of `pricing` in `catalog`: the book and the tier where the catalog has
/// them (a catalog without the account's book prices from its list), no deal.
pub fn context(
    catalog: &configurator_engine::Catalog,
    pricing: &ContractPricing,
) -> PricingContext {
    PricingContext {
        price_book: catalog
            .pricing
            .book(&pricing.price_book)
            .map(|_| pricing.price_book.clone()),
        partner_tier: pricing
            .partner_tier
            .clone()
            .filter(|t| catalog.pricing.tier(t).is_some()),
        ..PricingContext::default()
    }
}

/// `choices` of catalog `catalog_id` priced at `pricing` with the catalog's newest version.
fn priced(
    desk: &Desk,
    catalog_id: &str,
    choices: &str,
    pricing: &ContractPricing,
) -> ApiResult<Quote> {
    let current = desk
        .catalogs
        .current(catalog_id)
        .ok_or_else(|| ApiError::Unprocessable(format!("`catalog`: no catalog `{catalog_id}`")))?;
    let catalog = current.engine.catalog();
    let read = quote::choices_from_json(choices)
        .map_err(|e| ApiError::Unprocessable(format!("`choices`: {e}")))?;
    let resolved = quote::resolve(catalog, &read)
        .map_err(|e| ApiError::Unprocessable(format!("`choices`: {e}")))?;
    quote::build(
        &current.engine,
        &resolved,
        &context(catalog, pricing),
        QuoteMeta::default(),
    )
    .map_err(|e| ApiError::Unprocessable(format!("`choices`: {e}")))
}

fn saved(
    r: &sqlx::any::AnyRow,
    desk: &Desk,
    pricing: &ContractPricing,
) -> ApiResult<SavedConfiguration> {
    let catalog: String = r.try_get("catalog_id")?;
    let choices: String = r.try_get("choices")?;
    // A catalog changed since: the total is what it would cost today, or empty if it cannot
    // be priced any more.
    let (total, currency) = match priced(desk, &catalog, &choices, pricing) {
        Ok(q) => (
            q.totals.contract_value.to_plain_string(&q.totals.currency),
            q.totals.currency.code().to_owned(),
        ),
        Err(_) => (String::new(), String::new()),
    };
    Ok(SavedConfiguration {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        catalog,
        choices,
        total,
        currency,
        saved_at: clock::timestamp(r.try_get("saved_at")?),
    })
}

/// The account's saved configurations, newest first.
pub async fn list(desk: &Desk, buyer: &BuyerInfo) -> ApiResult<SavedConfigurations> {
    let pricing = pricing(desk, buyer.account).await?;
    let rows = sqlx::query(
        "SELECT id, name, catalog_id, choices, saved_at FROM saved_configurations \
         WHERE account_id = $1 ORDER BY id DESC",
    )
    .bind(buyer.account)
    .fetch_all(&desk.db.pool)
    .await?;
    let configurations = rows
        .iter()
        .map(|r| saved(r, desk, &pricing))
        .collect::<ApiResult<_>>()?;
    Ok(SavedConfigurations { configurations })
}

/// Saves a configuration for the buyer's account, checked by the engine.
pub async fn save(
    desk: &Desk,
    buyer: &BuyerInfo,
    new: &NewConfiguration,
) -> ApiResult<SavedConfiguration> {
    let name = new.name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME || name.chars().any(char::is_control) {
        return Err(ApiError::Unprocessable(format!(
            "`name`: 1 to {MAX_NAME} characters, no control characters"
        )));
    }
    if new.choices.len() > MAX_CHOICES {
        return Err(ApiError::Unprocessable(format!(
            "`choices`: at most {MAX_CHOICES} bytes"
        )));
    }
    let pricing = pricing(desk, buyer.account).await?;
    let q = priced(desk, &new.catalog, &new.choices, &pricing)?;
    if q.status == QuoteStatus::Conflict {
        return Err(ApiError::Unprocessable(
            "`choices`: these choices do not go together; repair them in the configurator".into(),
        ));
    }
    let now = desk.clock.now();
    let _w = desk.db.writing().await;
    let mut tx = desk.db.pool.begin().await?;
    let count: i64 =
        sqlx::query("SELECT COUNT(*) AS n FROM saved_configurations WHERE account_id = $1")
            .bind(buyer.account)
            .fetch_one(&mut *tx)
            .await?
            .try_get("n")?;
    if count >= MAX_SAVED {
        return Err(ApiError::Conflict(format!(
            "an account keeps at most {MAX_SAVED} configurations: delete one first"
        )));
    }
    let id: i64 = sqlx::query(
        "INSERT INTO saved_configurations (account_id, buyer_id, name, catalog_id, choices, \
         saved_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(buyer.account)
    .bind(buyer.id)
    .bind(name)
    .bind(&new.catalog)
    .bind(&new.choices)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?
    .try_get("id")?;
    audit::record(
        &mut tx,
        now,
        &format!("buyer: {}", buyer.email),
        "portal.configuration_saved",
        None,
        &format!("configuration {id} of account {}", buyer.account),
    )
    .await?;
    tx.commit().await?;
    Ok(SavedConfiguration {
        id,
        name: name.to_owned(),
        catalog: new.catalog.clone(),
        choices: new.choices.clone(),
        total: q.totals.contract_value.to_plain_string(&q.totals.currency),
        currency: q.totals.currency.code().to_owned(),
        saved_at: clock::timestamp(now),
    })
}

/// Deletes configuration `id` of the buyer's account (not found otherwise).
pub async fn delete(desk: &Desk, buyer: &BuyerInfo, id: i64) -> ApiResult<()> {
    let _w = desk.db.writing().await;
    let n = sqlx::query("DELETE FROM saved_configurations WHERE id = $1 AND account_id = $2")
        .bind(id)
        .bind(buyer.account)
        .execute(&desk.db.pool)
        .await?
        .rows_affected();
    if n == 1 {
        Ok(())
    } else {
        Err(ApiError::NotFound(format!("no saved configuration {id}")))
    }
}

/// The newest version of catalog `id` in the form the buyer's account gets: its public form
/// plus the account's own partner tier (no other tier, no deal limits), so the configurator
/// prices at the contract prices while no other customer's discounts leave the seller.
pub async fn catalog(desk: &Desk, buyer: &BuyerInfo, id: &str) -> ApiResult<String> {
    let current = desk
        .catalogs
        .current(id)
        .ok_or_else(|| ApiError::NotFound(format!("no catalog `{id}`")))?;
    let pricing = pricing(desk, buyer.account).await?;
    configurator_engine::catalog::public::json_for_tier(
        &current.text,
        pricing.partner_tier.as_deref(),
    )
    .map_err(|e| ApiError::Internal(format!("catalog `{id}`: {e}")))
}
