//! `POST /cxml/order`, the purchase orders' route: the body read as UTF-8 and handed to
//! [`purchase::receive`](super::purchase::receive) with the client's address (for the
//! throttle); the answer is a cXML `Response` (`text/xml`), HTTP 429 with `Retry-After` when the
//! client must wait.

use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;

use super::purchase;
use crate::throttle::Client;
use crate::Desk;

/// The routes of purchase orders: `POST /cxml/order` (bodies up to [`crate::BODY_LIMIT`]).
pub fn router() -> Router<Arc<Desk>> {
    Router::new()
        .route("/cxml/order", post(post_order))
        .layer(DefaultBodyLimit::max(crate::BODY_LIMIT))
}

/// `POST /cxml/order`: a cXML `OrderRequest`.
async fn post_order(
    State(desk): State<Arc<Desk>>,
    client: Client,
    body: axum::body::Bytes,
) -> Response {
    let (status, answer, wait) = match std::str::from_utf8(&body) {
        Ok(text) => purchase::receive(&desk, &client, text).await,
        Err(_) => (200, purchase::not_utf8(&desk, &body).await, None),
    };
    let response = (
        StatusCode::from_u16(status).unwrap_or(StatusCode::OK),
        [(header::CONTENT_TYPE, "text/xml; charset=UTF-8")],
        answer,
    )
        .into_response();
    super::pages::retry_after(response, wait)
}
