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

/// The configurator's address with a saved configuration (choices JSON) of catalog
/// `catalog_id`, in today's version of that catalog.
pub async fn saved_configuration_link(catalog_id: &str, choices: &str) -> Result<String, String> {
    let keyed = quote::choices_from_json(choices).map_err(|e| e.to_string())?;
    let catalog = crate::built_in::all()
        .await
        .into_iter()
        .map(|(catalog, _)| catalog)
        .find(|c| c.id == catalog_id)
        .ok_or_else(|| format!("Catalog {catalog_id} is not offered any more."))?;
    let engine = Engine::new(catalog);
    let choices = quote::resolve(engine.catalog(), &keyed).map_err(|e| e.to_string())?;
    let c = share::encode(engine.catalog(), &choices);
    Ok(format!("/?product={catalog_id}&c={c}"))
}
