//! The desk's check of every quote a browser sends: read it, find the exact catalog it names,
//! and recompute it with the engine (the same [`verify`] as `configurator verify`). Nothing a
//! browser computed is stored unless the catalog gives exactly the same.

use std::sync::Arc;

use configurator_engine::quote::{verify, DifferenceKind, Quote, QuoteStatus};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::catalogs::Loaded;
use crate::error::{ApiError, ApiResult};
use crate::Desk;

/// The longest customer name, author name and notes a quote may carry.
pub const MAX_CUSTOMER: usize = 200;
const MAX_NOTES: usize = 4000;
/// The most choices a configuration may hold.
const MAX_CHOICES: usize = 5000;

/// A quote the catalog confirms, with its catalog.
pub struct Checked {
    /// The quote.
    pub quote: Quote,
    /// Its catalog.
    pub catalog: Arc<Loaded>,
    /// Its contract value in thousandths (for sorting and filtering).
    pub total_milli: i64,
}

impl Checked {
    /// Whether the configuration is complete (orderable).
    pub fn complete(&self) -> bool {
        self.quote.status == QuoteStatus::Complete
    }
}

/// Reads and recomputes a quote; `today` is `YYYY-MM-DD`.
pub async fn check(desk: &Desk, body: &str, today: &str) -> ApiResult<Checked> {
    let mut quote = Quote::from_json(body).map_err(|e| ApiError::BadRequest(e.to_string()))?;
    limits(&quote)?;
    let id = &quote.catalog.id;
    let Some(catalog) = desk.catalogs.find(id, &quote.catalog.hash) else {
        let known = match desk.catalogs.current(id) {
            Some(c) => format!(
                "; this desk prices it with version `{}`: open the quote in the configurator \
                 to bring it up to date",
                c.engine.catalog().version
            ),
            None => String::new(),
        };
        let what = if desk.catalogs.knows(id) {
            format!(
                "the quote was made with version `{}` of catalog `{}`, which this desk does not \
                 have{known}",
                quote.catalog.version, id
            )
        } else {
            format!("this desk has no catalog `{id}`")
        };
        return Err(ApiError::Unprocessable(what));
    };
    // Made in the app on the catalog's public form (what browsers get: the same catalog
    // without its internal pricing): checked against the full catalog, and kept naming the
    // form it was made with (the desk's pages price it again with that form).
    let named = quote.catalog.hash.clone();
    if named == catalog.public_hash {
        quote.catalog.hash = catalog.engine.catalog().hash.clone();
    }
    let (mut quote, catalog, differences) = {
        let today = today.to_owned();
        tokio::task::spawn_blocking(move || {
            let d = verify(&catalog.engine, &quote, Some(&today));
            (quote, catalog, d)
        })
        .await
        .map_err(|e| ApiError::Internal(format!("verify: {e}")))?
    };
    quote.catalog.hash = named;
    let mismatches: Vec<_> = differences
        .iter()
        .filter(|d| d.kind == DifferenceKind::Mismatch)
        .cloned()
        .collect();
    if !mismatches.is_empty() {
        return Err(ApiError::Mismatch(mismatches));
    }
    if let Some(d) = differences
        .iter()
        .find(|d| d.kind == DifferenceKind::Expired)
    {
        return Err(ApiError::Unprocessable(format!(
            "the quote is valid until {}, which has passed: set a later date",
            d.quoted
        )));
    }
    let total = quote.totals.contract_value.amount();
    let total_milli = (total * Decimal::from(1000))
        .trunc()
        .to_i64()
        .ok_or_else(|| {
            ApiError::Unprocessable(format!(
                "the quote's total {total} is larger than the quote desk keeps"
            ))
        })?;
    Ok(Checked {
        quote,
        catalog,
        total_milli,
    })
}

/// Refuses fields longer than the desk keeps, and text a viewer would act on.
fn limits(q: &Quote) -> ApiResult<()> {
    let m = &q.meta;
    let long = |field: &str, text: &str, max: usize| {
        if text.chars().count() > max {
            Err(ApiError::Unprocessable(format!(
                "meta.{field} has more than {max} characters"
            )))
        } else {
            Ok(())
        }
    };
    long("customer", &m.customer, MAX_CUSTOMER)?;
    long("prepared_by", &m.prepared_by, MAX_CUSTOMER)?;
    long("notes", &m.notes, MAX_NOTES)?;
    long("quote_number", &m.quote_number, 40)?;
    if q.configuration.len() > MAX_CHOICES {
        return Err(ApiError::Unprocessable(format!(
            "the configuration has more than {MAX_CHOICES} choices"
        )));
    }
    Ok(())
}
