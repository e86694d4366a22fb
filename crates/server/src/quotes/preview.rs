//! What a deal discount being typed would need, before it is saved: the quote's latest
//! revision priced with it (the engine, with the exact catalog version the quote names) and
//! measured against its account's entitlement (`measure`: the engine's `quote::entitlement`),
//! exactly as saving it as a revision would. Nothing is stored. Who may read the quote may
//! ask; the owner's limit is the one that applies.

use configurator_api::quotes::{DealDraft, DealPreview};
use configurator_engine::quote::{self, entitlement::Approval};

use super::{find, latest, measure};
use crate::auth::User;
use crate::error::{ApiError, ApiResult};
use crate::Desk;

/// The preview of `draft` on quote `number`.
pub async fn preview(
    desk: &Desk,
    user: &User,
    number: &str,
    draft: &DealDraft,
) -> ApiResult<DealPreview> {
    let s = find(desk, user, number).await?;
    let stored = latest(desk, &s).await?;
    let loaded = desk
        .catalogs
        .find(&stored.catalog.id, &stored.catalog.hash)
        .ok_or_else(|| {
            ApiError::Unprocessable(format!(
                "version `{}` of catalog `{}` is no longer loaded: renew the quote",
                stored.catalog.version, stored.catalog.id
            ))
        })?;
    let mut context = stored.context.clone();
    context.deal = draft
        .deal
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_owned);
    context.deal_lines = draft
        .deal_lines
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| (k.clone(), v.trim().to_owned()))
        .collect();
    let engine = &loaded.engine;
    let priced = quote::resolve(engine.catalog(), &stored.configuration)
        .and_then(|c| quote::build(engine, &c, &context, stored.meta.clone()))
        .map_err(|e| ApiError::Unprocessable(e.to_string()))?;
    let m = measure(desk, &priced, engine.catalog(), s.account, s.owner_role).await?;
    let (needs, admin_limit) = match &m.approval {
        Approval::Within => (None, None),
        Approval::Needs { role, .. } => (Some(crate::auth::stored_role(role)?), None),
        Approval::Beyond { admin_limit } => (None, Some(admin_limit.normalize().to_string())),
    };
    let t = &priced.totals;
    Ok(DealPreview {
        depth: m.depth.normalize().to_string(),
        owner_role: s.owner_role,
        owner_limit: m.owner_limit.normalize().to_string(),
        beyond_every_limit: admin_limit.is_some(),
        needs,
        admin_limit,
        contract_value: t.contract_value.to_plain_string(&t.currency),
        currency: t.currency.code().to_owned(),
    })
}
