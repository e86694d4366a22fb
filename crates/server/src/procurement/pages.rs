//! The routes procurement systems and buyers' browsers use outside `/api/`: the setup
//! documents (`POST /punchout/cxml`, `GET|POST /punchout/oci`), the one-time start page, and
//! the PunchOut session under `/punchout/s/{token}/` (the app's page with the session's CSP,
//! its catalog, the session, the transfer).

use std::sync::Arc;

use axum::body::{to_bytes, Body as RawBody};
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use configurator_api::procurement::{Operation, PunchoutSession, Transfer, TransferForm};
use sqlx::Row;

use super::envelope::{self, Status};
use super::session::{self, Session};
use super::setup::{self, public};
use super::{oci, transfer};
use crate::error::{ApiError, ApiResult};
use crate::extract::Body;
use crate::headers::{inline_script_hashes, punchout_policy};
use crate::throttle::Client;
use crate::{Config, Desk, BODY_LIMIT, DESK_META};

/// The app's page as PunchOut sessions serve it: its text and its inline scripts' hashes.
#[derive(Clone)]
struct AppPage {
    body: Arc<str>,
    scripts: Arc<[String]>,
}

/// The routes (merged into the service by `lib.rs`).
pub fn router(desk: &Arc<Desk>, config: &Config) -> Router {
    let page = config.dist.as_ref().and_then(|d| {
        // The embed bundle's page: the app plus PunchOut mode (`src/punchout.rs`), which the
        // customer's own page (index.html) leaves out for its size budget.
        let text = std::fs::read_to_string(d.join("embed.html")).ok()?;
        let text = text.replacen("</head>", DESK_META, 1);
        Some(AppPage {
            scripts: inline_script_hashes(&text).into(),
            body: text.into(),
        })
    });
    let page_a = page.clone();
    let page_b = page;
    Router::new()
        .route("/punchout/cxml", post(cxml_setup))
        .route("/punchout/oci", get(oci_get).post(oci_post))
        .route("/punchout/start/{token}", get(start))
        .route("/punchout/s/{token}/catalog.json", get(catalog))
        .route("/punchout/s/{token}/session", get(session_info))
        .route("/punchout/s/{token}/transfer", post(transfer_cart))
        .route(
            "/punchout/s/{token}/",
            get(
                move |d: State<Arc<Desk>>, Path(t): Path<String>| async move {
                    app_page(&d, &t, "", page_a.as_ref()).await
                },
            ),
        )
        .route(
            "/punchout/s/{token}/{*rest}",
            get(
                move |d: State<Arc<Desk>>, Path((t, rest)): Path<(String, String)>| async move {
                    app_page(&d, &t, &rest, page_b.as_ref()).await
                },
            ),
        )
        .with_state(desk.clone())
}

/// A cXML answer (HTTP 200 with the status inside, as cXML says; 413 for a body too large).
fn xml_response(http: StatusCode, text: String) -> Response {
    let mut r = (http, text).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/xml; charset=UTF-8"),
    );
    r
}

/// With a wait (`Refused::retry_after` of `orgs::authenticate_throttled`): the answer as
/// HTTP 429 with `Retry-After` (its body says the same in its own terms, e.g. a cXML 429).
pub fn retry_after(mut r: Response, seconds: Option<i64>) -> Response {
    if let Some(s) = seconds {
        *r.status_mut() = StatusCode::TOO_MANY_REQUESTS;
        r.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(s.max(1)));
    }
    r
}

/// `POST /punchout/cxml`.
async fn cxml_setup(State(desk): State<Arc<Desk>>, client: Client, body: RawBody) -> Response {
    let bytes = match to_bytes(body, BODY_LIMIT).await {
        Ok(b) => b,
        Err(_) => {
            let (_, host) = public(&desk);
            let status = Status::new(
                413,
                format!("the document is larger than {BODY_LIMIT} bytes"),
            );
            let text = envelope::status_answer(desk.clock.now(), &host, &status);
            return xml_response(StatusCode::PAYLOAD_TOO_LARGE, text);
        }
    };
    let text = String::from_utf8_lossy(&bytes);
    let outcome = setup::setup(&desk, &client, &text).await;
    retry_after(
        xml_response(StatusCode::OK, outcome.answer),
        outcome.retry_after,
    )
}

/// A plain page (English and German) with a status.
fn plain(status: StatusCode, en: &str, de: &str) -> Response {
    let mut r = (status, format!("{en}\n\n{de}\n")).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=UTF-8"),
    );
    r
}

fn gone() -> Response {
    plain(
        StatusCode::NOT_FOUND,
        "This PunchOut link is unknown, used or expired: start again from your procurement system.",
        "Dieser PunchOut-Link ist unbekannt, benutzt oder abgelaufen: Starten Sie erneut aus Ihrem Beschaffungssystem.",
    )
}

fn see_other(to: &str) -> Response {
    let mut r = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

async fn oci(desk: &Desk, client: &Client, fields: Vec<(String, String)>) -> Response {
    match oci::setup(desk, client, &fields).await {
        Ok(path) => see_other(&path),
        Err(r) => {
            let code = StatusCode::from_u16(r.status.code).unwrap_or(StatusCode::BAD_REQUEST);
            let de = if r.retry_after.is_some() {
                "Zu viele fehlgeschlagene Anmeldungen: Bitte später erneut versuchen."
            } else {
                "Die OCI-Anmeldung wurde abgelehnt."
            };
            retry_after(plain(code, &r.status.text, de), r.retry_after)
        }
    }
}

/// `GET /punchout/oci?USERNAME=…`.
async fn oci_get(State(desk): State<Arc<Desk>>, client: Client, RawQuery(q): RawQuery) -> Response {
    let fields = form_urlencoded::parse(q.unwrap_or_default().as_bytes())
        .into_owned()
        .collect();
    oci(&desk, &client, fields).await
}

/// `POST /punchout/oci` (a form).
async fn oci_post(State(desk): State<Arc<Desk>>, client: Client, body: RawBody) -> Response {
    let Ok(bytes) = to_bytes(body, BODY_LIMIT).await else {
        return plain(
            StatusCode::PAYLOAD_TOO_LARGE,
            "The OCI form is too large.",
            "Das OCI-Formular ist zu groß.",
        );
    };
    let fields = form_urlencoded::parse(&bytes).into_owned().collect();
    oci(&desk, &client, fields).await
}

/// `GET /punchout/start/{token}`: uses the start token and sends the browser to the session.
async fn start(State(desk): State<Arc<Desk>>, Path(token): Path<String>) -> Response {
    let started = match session::start(&desk, &token).await {
        Ok(Some(s)) => s,
        Ok(None) => return gone(),
        Err(e) => return e.into_response(),
    };
    match session_address(&desk, &started.0, &started.1).await {
        Ok(to) => see_other(&to),
        Err(e) => e.into_response(),
    }
}

/// `/punchout/s/{t}/?catalog=…&book=…&tier=…&lang=…[&c=…][&view=quote]`.
async fn session_address(desk: &Desk, token: &str, s: &Session) -> ApiResult<String> {
    let base = format!("/punchout/s/{token}/");
    let shared = match s.setup.edit_quote {
        Some(id) => Some(shared_choices(desk, s, id).await?),
        None => None,
    };
    // Built after the awaits: the serializer is not `Send`.
    let mut q = form_urlencoded::Serializer::new(String::new());
    q.append_pair("catalog", &format!("{base}catalog.json"));
    q.append_pair("book", &s.org.price_book);
    if let Some(t) = &s.org.partner_tier {
        q.append_pair("tier", t);
    }
    q.append_pair("lang", &s.setup.language);
    if let Some(c) = &shared {
        q.append_pair("c", c);
        if s.setup.operation == Operation::Inspect {
            q.append_pair("view", "quote");
        }
    }
    Ok(format!("{base}?{}", q.finish()))
}

/// The share encoding of quote `id`'s configuration, against the catalog form the session
/// serves.
async fn shared_choices(desk: &Desk, s: &Session, id: i64) -> ApiResult<String> {
    let row = sqlx::query(
        "SELECT r.body FROM revisions r JOIN quotes q ON q.id = r.quote_id \
         AND r.revision = q.revision WHERE q.id = $1",
    )
    .bind(id)
    .fetch_one(&desk.db.pool)
    .await?;
    let body: String = row.try_get("body")?;
    let q = configurator_engine::quote::Quote::from_json(&body)
        .map_err(|e| ApiError::Internal(format!("quote {id}: {e}")))?;
    let text = served_catalog(desk, s)?;
    let catalog = configurator_engine::Catalog::from_json(&s.setup.catalog, &text)
        .map_err(|e| ApiError::Internal(format!("catalog `{}`: {e}", s.setup.catalog)))?;
    let choices = configurator_engine::quote::resolve(&catalog, &q.configuration).map_err(|e| {
        ApiError::Unprocessable(format!("the configuration cannot be reopened: {e}"))
    })?;
    Ok(configurator_engine::share::encode(&catalog, &choices))
}

/// The catalog's public form plus the account's own tier.
fn served_catalog(desk: &Desk, s: &Session) -> ApiResult<String> {
    let current = desk
        .catalogs
        .current(&s.setup.catalog)
        .ok_or_else(|| ApiError::NotFound(format!("no catalog `{}`", s.setup.catalog)))?;
    configurator_engine::catalog::public::json_for_tier(
        &current.text,
        s.org.partner_tier.as_deref(),
    )
    .map_err(|e| ApiError::Internal(format!("catalog `{}`: {e}", s.setup.catalog)))
}

/// `GET /punchout/s/{t}/catalog.json`.
async fn catalog(State(desk): State<Arc<Desk>>, Path(token): Path<String>) -> ApiResult<Response> {
    let s = session::live(&desk, &token).await?;
    let mut r = served_catalog(&desk, &s)?.into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Ok(r)
}

/// `GET /punchout/s/{t}/session`.
async fn session_info(
    State(desk): State<Arc<Desk>>,
    Path(token): Path<String>,
) -> ApiResult<Json<PunchoutSession>> {
    let s = session::live(&desk, &token).await?;
    Ok(Json(PunchoutSession {
        flavour: s.setup.flavour,
        operation: s.setup.operation,
        organisation: s.org.name.clone(),
        buyer: s.setup.contact.clone(),
        language: s.setup.language.clone(),
        catalog: s.setup.catalog.clone(),
        price_book: s.org.price_book.clone(),
        partner_tier: s.org.partner_tier.clone(),
        return_url: s.setup.return_url.clone(),
        expires_at: s.expires_at,
    }))
}

/// `POST /punchout/s/{t}/transfer`: same-origin only (the `Origin` header must be the desk's).
async fn transfer_cart(
    State(desk): State<Arc<Desk>>,
    Path(token): Path<String>,
    headers: HeaderMap,
    Body(t): Body<Transfer>,
) -> ApiResult<Json<TransferForm>> {
    let origin = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let ours = desk.public.get().is_some_and(|p| p.is_public(origin));
    if !ours {
        return Err(ApiError::Csrf(
            "a transfer must come from the configurator's own page (its Origin header)",
        ));
    }
    let s = session::live(&desk, &token).await?;
    Ok(Json(transfer::transfer(&desk, &s, &t.choices).await?))
}

/// The app's page for a session path ending in `/`, with the session's CSP.
async fn app_page(desk: &Desk, token: &str, rest: &str, page: Option<&AppPage>) -> Response {
    if !(rest.is_empty() || rest.ends_with('/')) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let s = match session::find(desk, token).await {
        Ok(Some(s)) => s,
        Ok(None) => return gone(),
        Err(e) => return e.into_response(),
    };
    let Some(page) = page else {
        return plain(
            StatusCode::NOT_FOUND,
            "This desk serves no app (--dist).",
            "Dieser Server liefert keine App aus (--dist).",
        );
    };
    let form_action =
        super::orgs::url_origin(&s.setup.return_url).map_or("'none'".to_owned(), |o| o.to_string());
    let ancestors: Vec<String> = s
        .org
        .form_post_origins
        .iter()
        .map(|o| o.to_string())
        .collect();
    let ancestors = if ancestors.is_empty() {
        "'none'".to_owned()
    } else {
        ancestors.join(" ")
    };
    let policy = punchout_policy(&page.scripts, &form_action, &ancestors);
    let mut r = axum::response::Html(page.body.to_string()).into_response();
    if let Ok(v) = HeaderValue::from_str(&policy) {
        r.headers_mut().insert(header::CONTENT_SECURITY_POLICY, v);
    }
    r
}
