//! Quote routes typed with `configurator_api::quotes` from the start (merged into the API by
//! `routes::api`): renewing a quote, and what a deal discount would need before it is saved.
//! Thin handlers over `quotes::renew` and `quotes::preview`; reading the source is the
//! authorisation (`quotes::find`), the CSRF token and origin are [`Signed`]'s.

use std::sync::Arc;

use axum::http::StatusCode;
use axum::Json;
use configurator_api::error::ErrorBody;
use configurator_api::quotes::{DealDraft, DealPreview, Renewed};

use crate::auth::Signed;
use crate::error::ApiResult;
use crate::extract::{At, Body};
use crate::openapi::Routes;
use crate::quotes::{preview, renew};
use crate::Desk;

type State = axum::extract::State<Arc<Desk>>;

/// The routes, added to the API's table.
pub fn routes(r: Routes) -> Routes {
    r.post("/api/quotes/{number}/renew", renew_quote)
        .post("/api/quotes/{number}/deal-preview", deal_preview)
}

/// `POST /api/quotes/{number}/renew`: 201 with the new quote's number and what changed.
#[utoipa::path(post, path = "/api/quotes/{number}/renew", tag = "quotes", params(("number" = String, Path, description = "The quote's number")), responses((status = 201, body = Renewed), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn renew_quote(
    desk: State,
    signed: Signed,
    At(number): At<String>,
) -> ApiResult<(StatusCode, Json<Renewed>)> {
    let r = renew::renew(&desk, &signed.user, &number).await?;
    Ok((StatusCode::CREATED, Json(r)))
}

/// `POST /api/quotes/{number}/deal-preview`: what the deal discounts typed would need.
#[utoipa::path(post, path = "/api/quotes/{number}/deal-preview", tag = "quotes", params(("number" = String, Path, description = "The quote's number")), request_body = DealDraft, responses((status = 200, body = DealPreview), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn deal_preview(
    desk: State,
    signed: Signed,
    At(number): At<String>,
    Body(draft): Body<DealDraft>,
) -> ApiResult<Json<DealPreview>> {
    Ok(Json(
        preview::preview(&desk, &signed.user, &number, &draft).await?,
    ))
}
