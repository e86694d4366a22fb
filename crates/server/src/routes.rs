//! The HTTP API under `/api/`: thin handlers over the services (`users`, `quotes`, `audit`).
//! Every route's authorisation is in its extractor ([`Signed`] for users, the token for
//! customers) or in the service it calls; `tests/authorisation.rs` walks every route. The
//! routes of people and access (users, one's account, reset links) are in `people_routes.rs`.

use std::sync::Arc;

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::auth::{self, Role, Signed};
use crate::error::{ApiError, ApiResult};
use crate::extract::{At, Body, JsonText, Params};
use crate::mail::contacts::{self, Given};
use crate::quotes::{self, links, workflow};
use crate::throttle::Client;
use crate::{audit, document, users, Desk};
use configurator_api::accounts::QuoteApproval;

type State = axum::extract::State<Arc<Desk>>;

/// The API's routes.
pub fn api() -> Router<Arc<Desk>> {
    Router::new()
        .route("/api/desk", get(desk_info))
        .route("/api/session", get(session).post(sign_in).delete(sign_out))
        .route("/api/catalogs", get(catalogs))
        .route("/api/audit", get(audit_all))
        .route("/api/quotes", get(list_quotes).post(create_quote))
        .route("/api/quotes/export.csv", get(export_csv))
        .route("/api/quotes/export.json", get(export_json))
        .route("/api/quotes/{number}", get(quote))
        .route(
            "/api/quotes/{number}/revisions",
            get(revisions).post(revise),
        )
        .route("/api/quotes/{number}/revisions/{revision}", get(revision))
        .route("/api/quotes/{number}/quote.csv", get(quote_csv))
        .route("/api/quotes/{number}/quote.pdf", get(document::for_user))
        .route("/api/quotes/{number}/audit", get(quote_audit))
        .route("/api/quotes/{number}/actions/{action}", post(act))
        .route(
            "/api/quotes/{number}/links",
            get(list_links).post(create_link),
        )
        .route("/api/quotes/{number}/links/{id}", delete(revoke_link))
        .route("/api/customer/{token}", get(customer_view))
        .route("/api/customer/{token}/accept", post(customer_accept))
        .route("/api/customer/{token}/decline", post(customer_decline))
        .merge(crate::people_routes::routes())
        .merge(crate::accounts::routes::routes())
        .merge(crate::quote_routes::routes())
        .route(
            "/api/customer/{token}/quote.pdf",
            get(document::for_customer),
        )
        .route("/api/outbox", get(outbox))
}

/// What this server is (the app asks to know whether a quote desk serves it).
async fn desk_info(desk: State) -> Json<Value> {
    Json(json!({
        "service": "configurator-quote-desk",
        "api": 1,
        "database": match desk.db.kind { crate::db::Kind::Sqlite => "sqlite", crate::db::Kind::Postgres => "postgres" },
    }))
}

/// Who is signed in: `{user, csrf}`, or `{user: null}` (not an error: the app asks on every
/// start).
async fn session(desk: State, headers: HeaderMap) -> ApiResult<Json<Value>> {
    let signed = match auth::cookie(&headers, auth::COOKIE) {
        Some(token) => auth::session(&desk, token).await?,
        None => None,
    };
    Ok(Json(match signed {
        Some(s) => json!({"user": s.user, "csrf": s.csrf}),
        None => json!({ "user": null }),
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Credentials {
    name: String,
    password: String,
}

/// Signs in. Same-origin only; the answer sets the session cookie and gives the CSRF token.
async fn sign_in(
    desk: State,
    client: Client,
    headers: HeaderMap,
    Body(c): Body<Credentials>,
) -> ApiResult<Response> {
    auth::same_origin(&desk, &headers)?;
    let (token, signed) = users::sign_in(&desk, &client.0, &c.name, &c.password).await?;
    let cookie = auth::session_cookie(&token, auth::SESSION_SECONDS, desk.secure_cookies);
    let mut response = Json(json!({"user": signed.user, "csrf": signed.csrf})).into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).map_err(|e| ApiError::Internal(e.to_string()))?,
    );
    Ok(response)
}

async fn sign_out(desk: State, _signed: Signed, headers: HeaderMap) -> ApiResult<Response> {
    if let Some(token) = auth::cookie(&headers, auth::COOKIE) {
        users::sign_out(&desk, token).await?;
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    let cookie = auth::session_cookie("", 0, desk.secure_cookies);
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).map_err(|e| ApiError::Internal(e.to_string()))?,
    );
    Ok(response)
}

async fn catalogs(desk: State, _signed: Signed) -> Json<Value> {
    let list: Vec<Value> = desk
        .catalogs
        .list()
        .iter()
        .map(|l| {
            let c = l.engine.catalog();
            json!({"id": c.id, "name": c.name, "version": c.version, "hash": c.hash})
        })
        .collect();
    Json(json!({ "catalogs": list }))
}

fn admin(signed: &Signed) -> ApiResult<()> {
    if signed.user.role == Role::Admin {
        Ok(())
    } else {
        Err(ApiError::Forbidden("only an admin manages users".into()))
    }
}

async fn audit_all(desk: State, signed: Signed) -> ApiResult<Json<Value>> {
    admin(&signed)?;
    Ok(Json(
        json!({ "entries": audit::entries(&desk, None, 1000).await? }),
    ))
}

async fn list_quotes(
    desk: State,
    signed: Signed,
    Params(f): Params<quotes::Filter>,
) -> ApiResult<Json<Value>> {
    Ok(Json(
        json!({ "quotes": quotes::list(&desk, &signed.user, &f).await? }),
    ))
}

/// `?account=ID`: the customer account a new quote or revision is for.
#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct ForAccount {
    account: Option<i64>,
}

async fn create_quote(
    desk: State,
    signed: Signed,
    Params(a): Params<ForAccount>,
    JsonText(body): JsonText,
) -> ApiResult<Response> {
    let s = quotes::create(&desk, &signed.user, &body, a.account).await?;
    Ok((StatusCode::CREATED, Json(json!({ "quote": s }))).into_response())
}

fn download(content_type: &'static str, name: &str, body: String) -> Response {
    let disposition = format!("attachment; filename=\"{name}\"");
    let mut r = body.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

async fn export_csv(
    desk: State,
    signed: Signed,
    Params(f): Params<quotes::Filter>,
) -> ApiResult<Response> {
    let list = quotes::list(&desk, &signed.user, &f).await?;
    let mut out = configurator_engine::quote::csv_row(&[
        "number",
        "status",
        "revision",
        "customer",
        "owner",
        "team",
        "catalog",
        "currency",
        "total",
        "valid_until",
        "needs_approval",
        "created_at",
        "updated_at",
    ]);
    for q in &list {
        let revision = q.revision.to_string();
        out.push_str(&configurator_engine::quote::csv_row(&[
            &q.number,
            q.status.name(),
            &revision,
            &q.customer,
            &q.owner,
            &q.team,
            &q.catalog,
            &q.currency,
            &q.total,
            q.valid_until.as_deref().unwrap_or_default(),
            if q.needs_approval { "yes" } else { "no" },
            &q.created_at,
            &q.updated_at,
        ]));
    }
    Ok(download("text/csv; charset=utf-8", "quotes.csv", out))
}

async fn export_json(
    desk: State,
    signed: Signed,
    Params(f): Params<quotes::Filter>,
) -> ApiResult<Response> {
    let list = quotes::list(&desk, &signed.user, &f).await?;
    let text = serde_json::to_string_pretty(&json!({ "quotes": list }))
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(download("application/json", "quotes.json", text))
}

async fn quote(desk: State, signed: Signed, At(number): At<String>) -> ApiResult<Json<Value>> {
    let (s, body, stored) = quotes::body(&desk, &signed.user, &number, None).await?;
    let quote: Value =
        serde_json::from_str(&body).map_err(|e| ApiError::Internal(e.to_string()))?;
    let approval = quote_approval(&desk, &s, &stored).await?;
    let update = quotes::catalog_update(&desk, &stored);
    Ok(Json(json!({
        "summary": s,
        "actions": workflow::available(&signed.user, &s),
        "owner": s.owner == signed.user.name,
        "quote": quote,
        "catalog_update": update,
        "approval": approval,
    })))
}

/// Where a quote stands against its account's entitlement, measured now (the account may have
/// changed since it was saved), with the approvals and rejections it had.
async fn quote_approval(
    desk: &Desk,
    s: &quotes::Summary,
    stored: &configurator_engine::quote::Quote,
) -> ApiResult<QuoteApproval> {
    let records = workflow::records(desk, s).await?;
    let owner_limit = desk
        .catalogs
        .find(&stored.catalog.id, &stored.catalog.hash)
        .map(|l| {
            configurator_engine::quote::entitlement::limit(l.engine.catalog(), s.owner_role.name())
        });
    let measured = match desk.catalogs.find(&stored.catalog.id, &stored.catalog.hash) {
        Some(l) => {
            Some(quotes::measure(desk, stored, l.engine.catalog(), s.account, s.owner_role).await)
        }
        None => None,
    };
    let mut a = QuoteApproval {
        account: None,
        depth: s.depth.clone(),
        owner_role: s.owner_role.name().to_owned(),
        owner_limit: owner_limit.unwrap_or_default().normalize().to_string(),
        needs: (!s.approver.is_empty()).then(|| s.approver.clone()),
        problem: None,
        records,
    };
    match measured {
        Some(Ok(m)) => {
            a.account = m.account.clone();
            a.depth = m.depth.normalize().to_string();
            a.needs = (!m.approver().is_empty()).then(|| m.approver().to_owned());
            if let configurator_engine::quote::entitlement::Approval::Beyond { .. } = m.approval {
                a.problem = m.reason(s.owner_role);
            }
        }
        Some(Err(e)) => a.problem = Some(e.to_string()),
        None => {}
    }
    Ok(a)
}

async fn revisions(desk: State, signed: Signed, At(number): At<String>) -> ApiResult<Json<Value>> {
    Ok(Json(json!({
        "revisions": quotes::revisions(&desk, &signed.user, &number).await?
    })))
}

async fn revision(
    desk: State,
    signed: Signed,
    At((number, revision)): At<(String, i64)>,
) -> ApiResult<Response> {
    let (_, body, _) = quotes::body(&desk, &signed.user, &number, Some(revision)).await?;
    Ok(download(
        "application/json",
        &format!("{number}-r{revision}.json"),
        body,
    ))
}

async fn quote_csv(desk: State, signed: Signed, At(number): At<String>) -> ApiResult<Response> {
    let (_, _, q) = quotes::body(&desk, &signed.user, &number, None).await?;
    Ok(download(
        "text/csv; charset=utf-8",
        &format!("{number}.csv"),
        q.to_csv(),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Base {
    base: i64,
    #[serde(default)]
    account: Option<i64>,
}

async fn revise(
    desk: State,
    signed: Signed,
    At(number): At<String>,
    Params(b): Params<Base>,
    JsonText(body): JsonText,
) -> ApiResult<Response> {
    let s = quotes::revise(&desk, &signed.user, &number, b.base, &body, b.account).await?;
    Ok((StatusCode::CREATED, Json(json!({ "quote": s }))).into_response())
}

async fn quote_audit(
    desk: State,
    signed: Signed,
    At(number): At<String>,
) -> ApiResult<Json<Value>> {
    let s = quotes::find(&desk, &signed.user, &number).await?;
    Ok(Json(json!({
        "entries": audit::entries(&desk, Some(s.id()), 1000).await?
    })))
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct Comment {
    comment: String,
}

async fn act(
    desk: State,
    signed: Signed,
    At((number, action)): At<(String, String)>,
    Body(c): Body<Comment>,
) -> ApiResult<Json<Value>> {
    let action = workflow::Action::ALL
        .into_iter()
        .find(|a| a.name() == action)
        .ok_or_else(|| ApiError::NotFound(format!("no action `{action}`")))?;
    let s = workflow::act(&desk, &signed.user, &number, action, &c.comment).await?;
    Ok(Json(
        json!({ "quote": s, "actions": workflow::available(&signed.user, &s) }),
    ))
}

async fn list_links(desk: State, signed: Signed, At(number): At<String>) -> ApiResult<Json<Value>> {
    Ok(Json(
        json!({ "links": links::list(&desk, &signed.user, &number).await? }),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewLink {
    days: i64,
    /// The customer's contact: the quote and its link go there by mail (optional).
    #[serde(default)]
    email: Option<String>,
    /// `en` or `de`: the language of that message and of the link's PDF.
    #[serde(default)]
    lang: Option<String>,
}

async fn create_link(
    desk: State,
    signed: Signed,
    At(number): At<String>,
    Body(l): Body<NewLink>,
) -> ApiResult<Response> {
    let given = Given {
        email: l.email.as_deref().map(contacts::email).transpose()?,
        locale: l.lang.as_deref().map(contacts::language).transpose()?,
    };
    let link = links::create(&desk, &signed.user, &number, l.days, &given).await?;
    Ok((StatusCode::CREATED, Json(json!({ "link": link }))).into_response())
}

async fn revoke_link(
    desk: State,
    signed: Signed,
    At((number, id)): At<(String, i64)>,
) -> ApiResult<StatusCode> {
    links::revoke(&desk, &signed.user, &number, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn customer_view(desk: State, At(token): At<String>) -> ApiResult<Json<Value>> {
    Ok(Json(json!({ "view": links::view(&desk, &token).await? })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Signature {
    name: String,
}

async fn customer_accept(
    desk: State,
    headers: HeaderMap,
    At(token): At<String>,
    Body(s): Body<Signature>,
) -> ApiResult<Json<Value>> {
    auth::same_origin(&desk, &headers)?;
    Ok(Json(
        json!({ "view": links::decide(&desk, &token, &s.name, true).await? }),
    ))
}

async fn customer_decline(
    desk: State,
    headers: HeaderMap,
    At(token): At<String>,
    Body(s): Body<Signature>,
) -> ApiResult<Json<Value>> {
    auth::same_origin(&desk, &headers)?;
    Ok(Json(
        json!({ "view": links::decide(&desk, &token, &s.name, false).await? }),
    ))
}

/// The outbox: managers and admins (`configurator_api::mail::Outbox`).
async fn outbox(desk: State, signed: Signed) -> ApiResult<Json<configurator_api::mail::Outbox>> {
    Ok(Json(
        crate::mail::outbox::list(&desk, &signed.user, 500).await?,
    ))
}
