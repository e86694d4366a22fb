//! The portal's routes (`/api/portal/…`, and the desk's `POST /api/accounts/{id}/invitations`):
//! thin handlers over the portal's services, each answering a type of
//! `configurator_api::portal` or `::orders` and described by its `#[utoipa::path]`. Every
//! buyer's route takes [`Buyer`] (the portal session, CSRF on state changes); the invitation's
//! token routes take the token.

use std::sync::Arc;

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use configurator_api::error::ErrorBody;
use configurator_api::mail::PdfQuery;
use configurator_api::orders::{OrderAnswer, OrderDetail, PlaceOrder, Reorder};
use configurator_api::portal::{
    AcceptInvitation, Alerts, BuyerCredentials, ContractPricing, Invitation, InvitationInfo,
    NewConfiguration, NewInvitation, Notifications, PortalOrders, PortalQuoteDetail, PortalQuotes,
    PortalSession, SavedConfiguration, SavedConfigurations,
};

use super::session::{self, Buyer};
use super::{alerts, configurations, invitations, orders, quotes, reorder};
use crate::auth::{self, Signed};
use crate::error::{ApiError, ApiResult};
use crate::extract::{At, Body, Params};
use crate::openapi::Routes;
use crate::throttle::Client;
use crate::Desk;

type State = axum::extract::State<Arc<Desk>>;

/// The portal's routes (merged into the API by `routes::api`).
pub fn routes(r: Routes) -> Routes {
    r.get("/api/portal/session", get_session)
        .post("/api/portal/session", sign_in)
        .delete("/api/portal/session", sign_out)
        .post("/api/accounts/{id}/invitations", invite)
        .get("/api/portal/invitations/{token}", invitation)
        .post("/api/portal/invitations/{token}", accept_invitation)
        .get("/api/portal/quotes", list_quotes)
        .get("/api/portal/quotes/{number}", quote)
        .get("/api/portal/quotes/{number}/document.pdf", quote_pdf)
        .post("/api/portal/orders", place)
        .get("/api/portal/orders", list_orders)
        .get("/api/portal/orders/{number}", order)
        .get("/api/portal/orders/{number}/document.pdf", order_pdf)
        .post("/api/portal/orders/{number}/reorder", reorder_order)
        .get("/api/portal/notifications", notifications)
        .put("/api/portal/notifications", set_notifications)
        .get("/api/portal/alerts", list_alerts)
        .post("/api/portal/alerts/read", read_alerts)
        .get("/api/portal/configurations", list_configurations)
        .post("/api/portal/configurations", save_configuration)
        .delete("/api/portal/configurations/{id}", delete_configuration)
        .get("/api/portal/pricing", pricing)
        .get("/api/portal/catalogs/{id}", catalog)
}

/// A JSON answer that sets (or clears) the portal's session cookie.
fn with_cookie(status: StatusCode, body: PortalSession, cookie: &str) -> ApiResult<Response> {
    let mut response = (status, Json(body)).into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(cookie).map_err(|e| ApiError::Internal(e.to_string()))?,
    );
    Ok(response)
}

/// A buyer signed in: their session's answer with its cookie.
fn signed_in(desk: &Desk, token: &str, b: Buyer) -> ApiResult<Response> {
    let cookie = session::cookie(token, session::SESSION_SECONDS, desk.secure_cookies);
    let body = PortalSession {
        buyer: Some(b.buyer),
        csrf: Some(b.csrf),
    };
    with_cookie(StatusCode::OK, body, &cookie)
}

/// The signed-in buyer and the session's CSRF token, or `{buyer: null}` (not an error).
#[utoipa::path(get, path = "/api/portal/session", tag = "portal",
    responses((status = 200, body = PortalSession)))]
pub(crate) async fn get_session(desk: State, headers: HeaderMap) -> ApiResult<Json<PortalSession>> {
    let signed = match auth::cookie(&headers, session::COOKIE) {
        Some(token) => session::session(&desk, token).await?,
        None => None,
    };
    Ok(Json(match signed {
        Some(b) => PortalSession {
            buyer: Some(b.buyer),
            csrf: Some(b.csrf),
        },
        None => PortalSession {
            buyer: None,
            csrf: None,
        },
    }))
}

/// A buyer signs in with their e-mail address (throttled like the desk's sign-in; same
/// origin only); the answer sets the `portal_session` cookie and gives the CSRF token.
#[utoipa::path(post, path = "/api/portal/session", tag = "portal", request_body = BuyerCredentials,
    responses((status = 200, body = PortalSession), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn sign_in(
    desk: State,
    client: Client,
    headers: HeaderMap,
    Body(c): Body<BuyerCredentials>,
) -> ApiResult<Response> {
    auth::same_origin(&desk, &headers)?;
    let (token, b) = session::sign_in(&desk, &client.0, &c.email, &c.password).await?;
    signed_in(&desk, &token, b)
}

/// The buyer signs out: the session ends and its cookie is cleared.
#[utoipa::path(delete, path = "/api/portal/session", tag = "portal",
    responses((status = 204, description = "Signed out"), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn sign_out(desk: State, _b: Buyer, headers: HeaderMap) -> ApiResult<Response> {
    if let Some(token) = auth::cookie(&headers, session::COOKIE) {
        session::sign_out(&desk, token).await?;
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    let cookie = session::cookie("", 0, desk.secure_cookies);
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).map_err(|e| ApiError::Internal(e.to_string()))?,
    );
    Ok(response)
}

/// A desk user (not the order desk) invites a contact of account `id` to the portal: the
/// one-time link, open 7 days, shown once and mailed to them in their language.
#[utoipa::path(post, path = "/api/accounts/{id}/invitations", tag = "portal",
    params(("id" = i64, Path, description = "The account's id")), request_body = NewInvitation,
    responses((status = 201, body = Invitation), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn invite(
    desk: State,
    signed: Signed,
    At(id): At<i64>,
    Body(new): Body<NewInvitation>,
) -> ApiResult<(StatusCode, Json<Invitation>)> {
    let i = invitations::invite(&desk, &signed.user, id, &new).await?;
    Ok((StatusCode::CREATED, Json(i)))
}

/// Who an open invitation is for (404 when it expired or was used).
#[utoipa::path(get, path = "/api/portal/invitations/{token}", tag = "portal",
    params(("token" = String, Path, description = "The invitation's token")),
    responses((status = 200, body = InvitationInfo), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn invitation(
    desk: State,
    At(token): At<String>,
) -> ApiResult<Json<InvitationInfo>> {
    Ok(Json(invitations::info(&desk, &token).await?))
}

/// Accepts an invitation with the buyer's password (the desk's password rules): the link
/// closes and the buyer is signed in.
#[utoipa::path(post, path = "/api/portal/invitations/{token}", tag = "portal",
    params(("token" = String, Path, description = "The invitation's token")),
    request_body = AcceptInvitation,
    responses((status = 200, body = PortalSession), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn accept_invitation(
    desk: State,
    headers: HeaderMap,
    At(token): At<String>,
    Body(a): Body<AcceptInvitation>,
) -> ApiResult<Response> {
    auth::same_origin(&desk, &headers)?;
    let (cookie, b) = invitations::accept(&desk, &token, &a.password).await?;
    signed_in(&desk, &cookie, b)
}

/// The account's sent, accepted and expired quotes.
#[utoipa::path(get, path = "/api/portal/quotes", tag = "portal",
    responses((status = 200, body = PortalQuotes), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn list_quotes(desk: State, b: Buyer) -> ApiResult<Json<PortalQuotes>> {
    Ok(Json(quotes::list(&desk, &b.buyer).await?))
}

/// One quote of the account: its latest revision, whether it can be ordered now, the
/// account's addresses and the estimated ship date.
#[utoipa::path(get, path = "/api/portal/quotes/{number}", tag = "portal",
    params(("number" = String, Path, description = "The quote's number")),
    responses((status = 200, body = PortalQuoteDetail), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn quote(
    desk: State,
    b: Buyer,
    At(number): At<String>,
) -> ApiResult<Json<PortalQuoteDetail>> {
    Ok(Json(quotes::detail(&desk, &b.buyer, &number).await?))
}

/// One quote of the account as a PDF (in the buyer's language unless `lang`).
#[utoipa::path(get, path = "/api/portal/quotes/{number}/document.pdf", tag = "portal",
    params(("number" = String, Path, description = "The quote's number"), PdfQuery),
    responses((status = 200, description = "NUMBER.pdf", content_type = "application/pdf"),
        (status = "4XX", body = ErrorBody)))]
pub(crate) async fn quote_pdf(
    desk: State,
    b: Buyer,
    At(number): At<String>,
    Params(q): Params<PdfQuery>,
) -> ApiResult<Response> {
    quotes::pdf(&desk, &b.buyer, &number, q.lang.as_deref()).await
}

/// Accepts a sent quote's latest revision (signed with the buyer's name) and places the
/// order, in one transaction; a retry with the same idempotency key answers the same order.
#[utoipa::path(post, path = "/api/portal/orders", tag = "portal", request_body = PlaceOrder,
    responses((status = 201, body = OrderAnswer), (status = 200, body = OrderAnswer),
        (status = "4XX", body = ErrorBody)))]
pub(crate) async fn place(
    desk: State,
    b: Buyer,
    Body(p): Body<PlaceOrder>,
) -> ApiResult<(StatusCode, Json<OrderAnswer>)> {
    let answer = orders::place(&desk, &b.buyer, &p).await?;
    let status = if answer.replayed {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((status, Json(answer)))
}

/// The account's orders, with their status and tracking.
#[utoipa::path(get, path = "/api/portal/orders", tag = "portal",
    responses((status = 200, body = PortalOrders), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn list_orders(desk: State, b: Buyer) -> ApiResult<Json<PortalOrders>> {
    Ok(Json(orders::list(&desk, &b.buyer).await?))
}

/// One order of the account (no actions).
#[utoipa::path(get, path = "/api/portal/orders/{number}", tag = "portal",
    params(("number" = String, Path, description = "The order's number")),
    responses((status = 200, body = OrderDetail), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn order(
    desk: State,
    b: Buyer,
    At(number): At<String>,
) -> ApiResult<Json<OrderDetail>> {
    Ok(Json(orders::detail(&desk, &b.buyer, &number).await?))
}

/// One order of the account as a PDF (in the buyer's language unless `lang`).
#[utoipa::path(get, path = "/api/portal/orders/{number}/document.pdf", tag = "portal",
    params(("number" = String, Path, description = "The order's number"), PdfQuery),
    responses((status = 200, description = "NUMBER.pdf", content_type = "application/pdf"),
        (status = "4XX", body = ErrorBody)))]
pub(crate) async fn order_pdf(
    desk: State,
    b: Buyer,
    At(number): At<String>,
    Params(q): Params<PdfQuery>,
) -> ApiResult<Response> {
    orders::pdf(&desk, &b.buyer, &number, q.lang.as_deref()).await
}

/// Reorders: the order's configuration as a new quote sent to the buyer, priced with today's
/// catalog at the account's contract prices, with what changed.
#[utoipa::path(post, path = "/api/portal/orders/{number}/reorder", tag = "portal",
    params(("number" = String, Path, description = "The order's number")),
    responses((status = 201, body = Reorder), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn reorder_order(
    desk: State,
    b: Buyer,
    At(number): At<String>,
) -> ApiResult<(StatusCode, Json<Reorder>)> {
    let r = reorder::reorder(&desk, &b.buyer, &number).await?;
    Ok((StatusCode::CREATED, Json(r)))
}

/// The buyer's e-mail choices.
#[utoipa::path(get, path = "/api/portal/notifications", tag = "portal",
    responses((status = 200, body = Notifications), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn notifications(desk: State, b: Buyer) -> ApiResult<Json<Notifications>> {
    Ok(Json(alerts::notifications(&desk, &b.buyer).await?))
}

/// Sets the buyer's e-mail choices.
#[utoipa::path(put, path = "/api/portal/notifications", tag = "portal",
    request_body = Notifications,
    responses((status = 200, body = Notifications), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn set_notifications(
    desk: State,
    b: Buyer,
    Body(n): Body<Notifications>,
) -> ApiResult<Json<Notifications>> {
    Ok(Json(alerts::set_notifications(&desk, &b.buyer, &n).await?))
}

/// The buyer's in-portal alerts, newest first.
#[utoipa::path(get, path = "/api/portal/alerts", tag = "portal",
    responses((status = 200, body = Alerts), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn list_alerts(desk: State, b: Buyer) -> ApiResult<Json<Alerts>> {
    Ok(Json(alerts::list(&desk, &b.buyer).await?))
}

/// Marks every alert of the buyer read.
#[utoipa::path(post, path = "/api/portal/alerts/read", tag = "portal",
    responses((status = 200, body = Alerts), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn read_alerts(desk: State, b: Buyer) -> ApiResult<Json<Alerts>> {
    Ok(Json(alerts::read_all(&desk, &b.buyer).await?))
}

/// The account's saved configurations, each with its total at contract prices today.
#[utoipa::path(get, path = "/api/portal/configurations", tag = "portal",
    responses((status = 200, body = SavedConfigurations), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn list_configurations(
    desk: State,
    b: Buyer,
) -> ApiResult<Json<SavedConfigurations>> {
    Ok(Json(configurations::list(&desk, &b.buyer).await?))
}

/// Saves a configuration for the account (checked by the engine).
#[utoipa::path(post, path = "/api/portal/configurations", tag = "portal",
    request_body = NewConfiguration,
    responses((status = 201, body = SavedConfiguration), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn save_configuration(
    desk: State,
    b: Buyer,
    Body(new): Body<NewConfiguration>,
) -> ApiResult<(StatusCode, Json<SavedConfiguration>)> {
    let saved = configurations::save(&desk, &b.buyer, &new).await?;
    Ok((StatusCode::CREATED, Json(saved)))
}

/// Deletes a saved configuration of the account.
#[utoipa::path(delete, path = "/api/portal/configurations/{id}", tag = "portal",
    params(("id" = i64, Path, description = "The configuration's id")),
    responses((status = 204, description = "Deleted"), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn delete_configuration(
    desk: State,
    b: Buyer,
    At(id): At<i64>,
) -> ApiResult<StatusCode> {
    configurations::delete(&desk, &b.buyer, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The account's contract pricing (price book and partner tier) for the configurator.
#[utoipa::path(get, path = "/api/portal/pricing", tag = "portal",
    responses((status = 200, body = ContractPricing), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn pricing(desk: State, b: Buyer) -> ApiResult<Json<ContractPricing>> {
    Ok(Json(configurations::pricing(&desk, b.buyer.account).await?))
}

/// The newest version of a catalog in the form the buyer's account gets: the public form plus
/// the account's own partner tier only (for the configurator at contract prices).
#[utoipa::path(get, path = "/api/portal/catalogs/{id}", tag = "portal",
    params(("id" = String, Path, description = "The catalog's id")),
    responses((status = 200, description = "The catalog (JSON, the catalog format)", content_type = "application/json"),
        (status = "4XX", body = ErrorBody)))]
pub(crate) async fn catalog(desk: State, b: Buyer, At(id): At<String>) -> ApiResult<Response> {
    let text = configurations::catalog(&desk, &b.buyer, &id).await?;
    let mut r = text.into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Ok(r)
}
