//! The quote as a PDF document for the customer, in their language: the seller, the customer,
//! the quote's number, revision, date and validity, its lines (SKU, description, quantity,
//! unit price, discount, net), the one-time and recurring totals, the terms and signature
//! lines; page numbers on every page. Nothing internal: no workflow status, approvals,
//! history, audit, limits, other revisions or the pricing context's deal percentages.
//!
//! `seller.rs` reads the seller's settings; `layout.rs` measures text and draws pages;
//! `order.rs` is the order document.

pub mod layout;
pub mod order;
pub mod render;
pub mod seller;

use std::sync::Arc;

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use configurator_api::mail::PdfQuery;
use configurator_engine::locale::Locale;
use configurator_engine::quote::Quote;

use crate::auth::Signed;
use crate::error::{ApiError, ApiResult};
use crate::extract::{At, Params};
use crate::mail::contacts::{self, Given};
use crate::quotes::{self, links};
use crate::Desk;

type State = axum::extract::State<Arc<Desk>>;

/// What one document shows besides the quote itself.
#[derive(Clone, Debug)]
pub struct Heading {
    /// Quote number.
    pub number: String,
    /// The revision shown.
    pub revision: i64,
    /// The document's date (`YYYY-MM-DD`).
    pub date: String,
    /// The language.
    pub locale: Locale,
}

/// `GET /api/quotes/{number}/quote.pdf?lang=`: the latest revision, for users who may see it.
#[utoipa::path(get, path = "/api/quotes/{number}/quote.pdf", tag = "quotes",
    params(("number" = String, Path, description = "The quote's number"), PdfQuery),
    responses((status = 200, description = "NUMBER.pdf", content_type = "application/pdf"),
        (status = "4XX", body = configurator_api::error::ErrorBody)))]
pub async fn for_user(
    desk: State,
    signed: Signed,
    At(number): At<String>,
    Params(q): Params<PdfQuery>,
) -> ApiResult<Response> {
    let (s, _, quote) = quotes::body(&desk, &signed.user, &number, None).await?;
    let locale = match q.lang.as_deref() {
        Some(tag) => contacts::language(tag)?,
        None => {
            let mut conn = desk.db.pool.acquire().await?;
            contacts::customer(&mut conn, s.id(), &Given::default())
                .await?
                .1
        }
    };
    answer(&desk, quote, s.number.clone(), s.revision, locale).await
}

/// `GET /api/customer/{token}/quote.pdf?lang=`: the revision a customer link shows, in the
/// language it was sent in unless `lang` says otherwise.
#[utoipa::path(get, path = "/api/customer/{token}/quote.pdf", tag = "customer",
    params(("token" = String, Path, description = "The link's token"), PdfQuery),
    responses((status = 200, description = "NUMBER.pdf", content_type = "application/pdf"),
        (status = "4XX", body = configurator_api::error::ErrorBody)))]
pub async fn for_customer(
    desk: State,
    At(token): At<String>,
    Params(q): Params<PdfQuery>,
) -> ApiResult<Response> {
    let (number, revision, quote, language) = links::document(&desk, &token).await?;
    let locale = match q.lang.as_deref().or(language.as_deref()) {
        Some(tag) => contacts::language(tag)?,
        None => Locale::En,
    };
    answer(&desk, quote, number, revision, locale).await
}

/// The PDF answer of `quote` (revision `revision` of `number`) in `locale`.
pub(crate) async fn answer(
    desk: &Desk,
    quote: Quote,
    number: String,
    revision: i64,
    locale: Locale,
) -> ApiResult<Response> {
    let file = format!("{number}-r{revision}.pdf");
    let heading = Heading {
        number,
        revision,
        date: quotes::today(desk),
        locale,
    };
    let seller = desk.seller.clone();
    let pdf = tokio::task::spawn_blocking(move || render::pdf(&seller, &heading, &quote))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
        .map_err(ApiError::Internal)?;
    let mut r = pdf.into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("inline; filename=\"{file}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(r)
}
