//! Quotes priced again in the desk's pages, with the built-in catalogs: a new deal discount, or
//! a configuration changed in the configurator coming back as a revision. The desk checks
//! every result again; nothing here is trusted.

use configurator_engine::pricing::PricingContext;
use configurator_engine::quote::{self, Quote};
use configurator_engine::{share, Engine};

/// This tab's storage key of the quote being revised in the configurator: `NUMBER BASE`.
pub const REVISE_KEY: &str = "configurator.desk.revise";

/// The engine of the exact catalog version a quote names, if it is one of the built-in
/// catalogs (fetched from `../catalogs/`).
async fn engine_of(q: &Quote) -> Result<Engine, String> {
    crate::built_in::all()
        .await
        .into_iter()
        .map(|(catalog, _)| catalog)
        .find(|c| c.id == q.catalog.id && c.hash == q.catalog.hash)
        .map(Engine::new)
        .ok_or_else(|| {
            format!(
                "Version {} of catalog {} is not built into these pages: revise the quote in the \
                 configurator.",
                q.catalog.version, q.catalog.id
            )
        })
}

/// The quote priced again under `context`, or why not.
pub async fn repriced(q: &Quote, context: PricingContext) -> Result<Quote, String> {
    let engine = engine_of(q).await?;
    let choices = quote::resolve(engine.catalog(), &q.configuration).map_err(|e| e.to_string())?;
    quote::build(&engine, &choices, &context, q.meta.clone()).map_err(|e| e.to_string())
}

/// The configurator's address with the quote's configuration.
pub async fn configurator_link(q: &Quote) -> Result<String, String> {
    let engine = engine_of(q).await?;
    let choices = quote::resolve(engine.catalog(), &q.configuration).map_err(|e| e.to_string())?;
    let c = share::encode(engine.catalog(), &choices);
    Ok(format!("/?product={}&c={c}&view=quote", q.catalog.id))
}

/// A quote made in the configurator as the next revision of `previous`: its configuration and
/// pricing, with the previous revision's deal discounts (for lines still there) and the details
/// it leaves empty (customer, validity, notes, number), priced again.
pub async fn as_revision(made: &Quote, previous: &Quote) -> Result<Quote, String> {
    let mut next = made.clone();
    let m = &mut next.meta;
    let p = &previous.meta;
    if m.customer.is_empty() {
        m.customer = p.customer.clone();
    }
    if m.valid_until.is_none() {
        m.valid_until = p.valid_until.clone();
    }
    if m.notes.is_empty() {
        m.notes = p.notes.clone();
    }
    m.quote_number = p.quote_number.clone();
    let mut context = made.context.clone();
    context.deal = previous.context.deal.clone();
    context.deal_lines = previous
        .context
        .deal_lines
        .iter()
        .filter(|(k, _)| made.lines.iter().any(|l| &l.item == *k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    repriced(&next, context).await
}

/// The configurator's address for a buyer of the portal: the configuration in the catalog form
/// their account gets (`/api/portal/catalogs/ID`: the public form with their own partner tier),
/// opened at their contract prices (`book`, `tier` from `/api/portal/pricing`), on the quote
/// view when `quote_view`. Choices the catalog no longer has are an error that says so.
pub async fn contract_link(
    catalog_id: &str,
    configuration: &[quote::QuoteChoice],
    quote_view: bool,
) -> Result<String, String> {
    use super::api;
    let address = format!("/api/portal/catalogs/{}", api::encode(catalog_id));
    let (name, text) = crate::browser::fetch_text(address.clone()).await?;
    let pricing: configurator_api::portal::ContractPricing = api::get_typed("/api/portal/pricing")
        .await
        .map_err(|p| p.message)?;
    let catalog =
        configurator_engine::Catalog::from_json(&name, &text).map_err(|e| e.to_string())?;
    let engine = Engine::new(catalog);
    let choices = quote::resolve(engine.catalog(), configuration).map_err(|e| e.to_string())?;
    let c = share::encode(engine.catalog(), &choices);
    let mut link = format!(
        "/?catalog={}&book={}",
        api::encode(&address),
        api::encode(&pricing.price_book)
    );
    if let Some(tier) = &pricing.partner_tier {
        link.push_str(&format!("&tier={}", api::encode(tier)));
    }
    link.push_str(&format!("&c={c}"));
    if quote_view {
        link.push_str("&view=quote");
    }
    Ok(link)
}
