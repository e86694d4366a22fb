//! Clone and renew: a new draft from any quote a user may read (draft, sent, accepted,
//! rejected, expired, ...), for the same customer account, priced again with the newest
//! version of its catalog and the account's entitlement as they are today, with what changed.
//!
//! The new quote is made here from the source's configuration, pricing context and details,
//! then checked and stored like every quote a browser sends (`check::check`: the engine's
//! `verify`, nothing trusted). Choices the catalog no longer offers (or no longer sells in the
//! source's quantity) are left out and named; choices that no longer go together make a draft
//! in conflict, which the rep repairs in the configurator before submitting. Who may read the
//! source may renew it (`find`: the same rule as reading); the renewing user owns the new
//! quote.

use configurator_api::quotes::Renewed;
use configurator_engine::quote::{self, Quote, QuoteChoice};
use configurator_engine::Catalog;

use super::{check_and_measure, diff, find, latest, store_new, Origin};
use crate::auth::User;
use crate::error::{ApiError, ApiResult};
use crate::Desk;

/// The source's choices the catalog still sells as chosen, and the names of those it does not
/// (the source's line name when it had one, else `group.item`).
fn still_offered(catalog: &Catalog, source: &Quote) -> (Vec<QuoteChoice>, Vec<String>) {
    let mut kept = Vec::new();
    let mut gone = Vec::new();
    for c in &source.configuration {
        if quote::resolve(catalog, std::slice::from_ref(c)).is_ok() {
            kept.push(c.clone());
        } else {
            let key = format!("{}.{}", c.group, c.item);
            let name = source
                .lines
                .iter()
                .find(|l| l.item == key)
                .map_or(key, |l| l.name.clone());
            gone.push(name);
        }
    }
    (kept, gone)
}

/// A quote made anew from another: checked and measured like every stored quote, with the
/// names of the source's choices the catalog no longer offers.
pub(crate) struct Fresh {
    /// The new quote, checked.
    pub checked: super::check::Checked,
    /// Measured against its account's entitlement.
    pub measured: super::Measured,
    /// The source's choices left out.
    pub gone: Vec<String>,
}

/// `source` (quote `number`) made anew for `account` by `author`: priced with the newest
/// version of its catalog and the account's entitlement as it is today (deal discounts kept on
/// the lines still offered when `deals`, else none), checked and measured like every quote.
pub(crate) async fn reprice(
    desk: &Desk,
    number: &str,
    source: &Quote,
    account: Option<i64>,
    author: &User,
    deals: bool,
) -> ApiResult<Fresh> {
    let current = desk.catalogs.current(&source.catalog.id).ok_or_else(|| {
        ApiError::Unprocessable(format!(
            "quote {number} was made with catalog `{}`, which this desk no longer has",
            source.catalog.id
        ))
    })?;
    let catalog = current.engine.catalog();
    // The account's entitlement as it is today (its price book and tier may have changed).
    let mut context = source.context.clone();
    if let Some((_, e)) = crate::accounts::entitlement(desk, account).await? {
        context.price_book = e.price_book.clone();
        context.partner_tier = e.partner_tier.clone();
    }
    let (kept, gone) = still_offered(catalog, source);
    if deals {
        // Deal discounts of lines that are gone go with them.
        context
            .deal_lines
            .retain(|k, _| kept.iter().any(|c| &format!("{}.{}", c.group, c.item) == k));
    } else {
        context.deal = None;
        context.deal_lines.clear();
    }
    let mut meta = source.meta.clone();
    meta.quote_number = String::new();
    meta.prepared_by = author.name.clone();
    meta.valid_until = Some(super::days_after(
        desk.clock.now(),
        catalog.pricing.quote_validity_days(),
    ));
    let fresh = quote::resolve(catalog, &kept)
        .and_then(|choices| quote::build(&current.engine, &choices, &context, meta))
        .map_err(|e| {
            ApiError::Unprocessable(format!(
                "quote {number} cannot be priced with version `{}` of its catalog: {e}",
                catalog.version
            ))
        })?;
    let (checked, measured) =
        check_and_measure(desk, &fresh.to_json(), account, author.role).await?;
    Ok(Fresh {
        checked,
        measured,
        gone,
    })
}

/// Renews quote `number` for `user`: the new quote's number and what changed.
pub async fn renew(desk: &Desk, user: &User, number: &str) -> ApiResult<Renewed> {
    let s = find(desk, user, number).await?;
    let source = latest(desk, &s).await?;
    let Fresh {
        mut checked,
        measured,
        gone,
    } = reprice(desk, number, &source, s.account, user, true).await?;
    let origin = Origin {
        source: &s,
        revision: s.revision,
    };
    let new_number =
        store_new(desk, user, &mut checked, &measured, s.account, Some(origin)).await?;
    let q = &checked.quote;
    Ok(Renewed {
        number: new_number,
        source: s.number.clone(),
        source_revision: s.revision,
        source_catalog_version: source.catalog.version.clone(),
        catalog_version: q.catalog.version.clone(),
        changed: diff::typed(&source, q),
        no_longer_offered: gone,
        configuration: q.status.name().to_owned(),
        valid_until: q.meta.valid_until.clone(),
    })
}
