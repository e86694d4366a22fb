//! The order routes (`/api/orders…`), merged into the API by `routes::api`: thin handlers over
//! `place.rs`, `life.rs` and `list.rs`, each answering a type of `configurator_api::orders`.
//! Reading is scoped by `super::scope` (an order one may not read is "not found"); the steps
//! are the order desk's (`super::fulfils`); the CSRF token and origin are [`Signed`]'s.

use std::sync::Arc;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use configurator_api::error::ErrorBody;
use configurator_api::mail::PdfQuery;
use configurator_api::orders::{
    Cancellation, Confirmation, NewShipment, OrderAnswer, OrderDetail, OrderFilter, OrderList,
    PlaceOrder,
};
use configurator_engine::locale::Locale;

use super::{life, list, place, scope, Placer};
use crate::auth::Signed;
use crate::error::{ApiError, ApiResult};
use crate::extract::{At, Body, Params};
use crate::mail::contacts;
use crate::openapi::Routes;
use crate::Desk;

type State = axum::extract::State<Arc<Desk>>;

/// The routes, added to the API's table.
pub fn routes(r: Routes) -> Routes {
    r.get("/api/orders", list_orders)
        .post("/api/orders", place_order)
        .get("/api/orders/export.csv", export_csv)
        .get("/api/orders/export.json", export_json)
        .get("/api/orders/{number}", order)
        .get("/api/orders/{number}/document.pdf", document)
        .post("/api/orders/{number}/confirm", confirm)
        .post("/api/orders/{number}/ship", ship)
        .post("/api/orders/{number}/deliver", deliver)
        .post("/api/orders/{number}/cancel", cancel)
}

/// The orders the user may read that match the search, newest first.
#[utoipa::path(get, path = "/api/orders", tag = "orders", params(OrderFilter),
    responses((status = 200, body = OrderList), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn list_orders(
    desk: State,
    signed: Signed,
    Params(f): Params<OrderFilter>,
) -> ApiResult<Json<OrderList>> {
    Ok(Json(OrderList {
        orders: list::list(&desk, &scope(&signed.user), &f).await?,
    }))
}

/// Places the order a customer accepted (a rep who may see the quote): 201 with the order, or
/// 200 with the same order when the request is a retry (same idempotency key).
#[utoipa::path(post, path = "/api/orders", tag = "orders", request_body = PlaceOrder,
    responses((status = 201, body = OrderAnswer, description = "Placed"),
        (status = 200, body = OrderAnswer, description = "Placed before with this key"),
        (status = "4XX", body = ErrorBody)))]
pub(crate) async fn place_order(
    desk: State,
    signed: Signed,
    Body(req): Body<PlaceOrder>,
) -> ApiResult<Response> {
    let (order, replayed) = place(&desk, &Placer::Staff(signed.user), &req).await?;
    let status = if replayed {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((status, Json(OrderAnswer { order, replayed })).into_response())
}

fn download(content_type: &'static str, name: &str, body: impl IntoResponse) -> Response {
    let mut r = body.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

/// The orders that match as a CSV file (the list's columns).
#[utoipa::path(get, path = "/api/orders/export.csv", tag = "orders", params(OrderFilter),
    responses((status = 200, description = "orders.csv", content_type = "text/csv"),
        (status = "4XX", body = ErrorBody)))]
pub(crate) async fn export_csv(
    desk: State,
    signed: Signed,
    Params(f): Params<OrderFilter>,
) -> ApiResult<Response> {
    let orders = list::list(&desk, &scope(&signed.user), &f).await?;
    Ok(download(
        "text/csv; charset=utf-8",
        "orders.csv",
        list::csv(&orders),
    ))
}

/// The orders that match as a JSON file (an [`OrderList`]).
#[utoipa::path(get, path = "/api/orders/export.json", tag = "orders", params(OrderFilter),
    responses((status = 200, body = OrderList, description = "orders.json"),
        (status = "4XX", body = ErrorBody)))]
pub(crate) async fn export_json(
    desk: State,
    signed: Signed,
    Params(f): Params<OrderFilter>,
) -> ApiResult<Response> {
    let orders = list::list(&desk, &scope(&signed.user), &f).await?;
    let text = serde_json::to_string_pretty(&OrderList { orders })
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(download("application/json", "orders.json", text))
}

/// One order: lines, shipments, its life, and what the user may do now.
#[utoipa::path(get, path = "/api/orders/{number}", tag = "orders",
    params(("number" = String, Path, description = "The order's number")),
    responses((status = 200, body = OrderDetail), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn order(
    desk: State,
    signed: Signed,
    At(number): At<String>,
) -> ApiResult<Json<OrderDetail>> {
    let o = super::find(&desk, &signed.user, &number).await?;
    let mut conn = desk.db.pool.acquire().await?;
    let actions = super::actions(Some(&signed.user), o.status);
    Ok(Json(super::detail(&mut conn, &o, actions).await?))
}

/// The order document as PDF, in `lang` (else the customer's language).
#[utoipa::path(get, path = "/api/orders/{number}/document.pdf", tag = "orders",
    params(("number" = String, Path, description = "The order's number"), PdfQuery),
    responses((status = 200, description = "NUMBER.pdf", content_type = "application/pdf"),
        (status = "4XX", body = ErrorBody)))]
pub(crate) async fn document(
    desk: State,
    signed: Signed,
    At(number): At<String>,
    Params(q): Params<PdfQuery>,
) -> ApiResult<Response> {
    let o = super::find(&desk, &signed.user, &number).await?;
    let locale = match q.lang.as_deref() {
        Some(tag) => contacts::language(tag)?,
        None => super::notify::customer_locale(&desk, &o).await?,
    };
    let mut conn = desk.db.pool.acquire().await?;
    let detail = super::detail(&mut conn, &o, Vec::new()).await?;
    drop(conn);
    pdf_answer(&desk, detail, locale).await
}

/// The order document of `detail` in `locale` as an answer (`NUMBER.pdf`, inline); the
/// portal's document route answers with it too.
pub async fn pdf_answer(desk: &Desk, detail: OrderDetail, locale: Locale) -> ApiResult<Response> {
    let file = format!("{}.pdf", detail.summary.number);
    let seller = desk.seller.clone();
    let today = crate::quotes::today(desk);
    let pdf = tokio::task::spawn_blocking(move || {
        crate::document::order::pdf(&seller, &detail, locale, &today)
    })
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

/// Confirms a received order with its ship date (the order desk).
#[utoipa::path(post, path = "/api/orders/{number}/confirm", tag = "orders",
    params(("number" = String, Path, description = "The order's number")),
    request_body = Confirmation,
    responses((status = 200, body = OrderAnswer), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn confirm(
    desk: State,
    signed: Signed,
    At(number): At<String>,
    Body(c): Body<Confirmation>,
) -> ApiResult<Json<OrderAnswer>> {
    answer(life::confirm(&desk, &signed.user, &number, &c).await)
}

/// Ships some units of some lines, with carrier and tracking number (the order desk).
#[utoipa::path(post, path = "/api/orders/{number}/ship", tag = "orders",
    params(("number" = String, Path, description = "The order's number")),
    request_body = NewShipment,
    responses((status = 200, body = OrderAnswer), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn ship(
    desk: State,
    signed: Signed,
    At(number): At<String>,
    Body(s): Body<NewShipment>,
) -> ApiResult<Json<OrderAnswer>> {
    answer(life::ship(&desk, &signed.user, &number, &s).await)
}

/// Records the delivery of a shipped order (the order desk; no body).
#[utoipa::path(post, path = "/api/orders/{number}/deliver", tag = "orders",
    params(("number" = String, Path, description = "The order's number")),
    responses((status = 200, body = OrderAnswer), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn deliver(
    desk: State,
    signed: Signed,
    At(number): At<String>,
) -> ApiResult<Json<OrderAnswer>> {
    answer(life::deliver(&desk, &signed.user, &number).await)
}

/// Cancels an order nothing of which shipped, with the reason (the order desk).
#[utoipa::path(post, path = "/api/orders/{number}/cancel", tag = "orders",
    params(("number" = String, Path, description = "The order's number")),
    request_body = Cancellation,
    responses((status = 200, body = OrderAnswer), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn cancel(
    desk: State,
    signed: Signed,
    At(number): At<String>,
    Body(c): Body<Cancellation>,
) -> ApiResult<Json<OrderAnswer>> {
    answer(life::cancel(&desk, &signed.user, &number, &c).await)
}

fn answer(order: ApiResult<OrderDetail>) -> ApiResult<Json<OrderAnswer>> {
    Ok(Json(OrderAnswer {
        order: order?,
        replayed: false,
    }))
}
