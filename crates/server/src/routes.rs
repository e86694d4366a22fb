//! The HTTP API under `/api/`: thin handlers over the services (`users`, `quotes`, `audit`).
//! Every route's authorisation is in its extractor ([`Signed`] for users, the token for
//! customers) or in the service it calls; `tests/desk/authorisation.rs` walks every route. The
//! routes of people and access (users, one's account, reset links) are in `people_routes.rs`.
//! Every request and answer body is a type of `configurator_api`; every route is in the table
//! of [`Routes`] and described by its `#[utoipa::path]` (`openapi.rs`).

use std::sync::Arc;

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use configurator_api::accounts::QuoteApproval;
use configurator_api::error::ErrorBody;
use configurator_api::links::{CustomerAnswer, LinkAnswer, LinkList, NewLink, Signature};
use configurator_api::quotes::{
    ActionAnswer, AuditLog, Base, Comment, ForAccount, QuoteAnswer, QuoteDetail, QuoteDocument,
    QuoteList, Revisions,
};
use configurator_api::session::{
    CatalogEntry, CatalogList, Credentials, Database, DeskInfo, Session,
};

use crate::auth::{self, Role, Signed};
use crate::error::{ApiError, ApiResult};
use crate::extract::{At, Body, JsonText, Params};
use crate::mail::contacts::{self, Given};
use crate::openapi::Routes;
use crate::quotes::{self, links, workflow};
use crate::throttle::Client;
use crate::{audit, document, users, Desk};

type State = axum::extract::State<Arc<Desk>>;

/// The API's routes: each added once, here or in the modules this calls.
pub fn api() -> Routes {
    let r = Routes::default()
        .get("/api/desk", desk_info)
        .get("/api/openapi.json", crate::openapi::description)
        .get("/api/session", session)
        .post("/api/session", sign_in)
        .delete("/api/session", sign_out)
        .get("/api/catalogs", catalogs)
        .get("/api/audit", audit_all)
        .get("/api/quotes", list_quotes)
        .post("/api/quotes", create_quote)
        .get("/api/quotes/export.csv", export_csv)
        .get("/api/quotes/export.json", export_json)
        .get("/api/quotes/{number}", quote)
        .get("/api/quotes/{number}/revisions", revisions)
        .post("/api/quotes/{number}/revisions", revise)
        .get("/api/quotes/{number}/revisions/{revision}", revision)
        .get("/api/quotes/{number}/quote.csv", quote_csv)
        .get("/api/quotes/{number}/quote.pdf", document::for_user)
        .get("/api/quotes/{number}/audit", quote_audit)
        .post("/api/quotes/{number}/actions/{action}", act)
        .get("/api/quotes/{number}/links", list_links)
        .post("/api/quotes/{number}/links", create_link)
        .delete("/api/quotes/{number}/links/{id}", revoke_link)
        .get("/api/customer/{token}", customer_view)
        .post("/api/customer/{token}/accept", customer_accept)
        .post("/api/customer/{token}/decline", customer_decline)
        .get("/api/customer/{token}/quote.pdf", document::for_customer)
        .get("/api/outbox", outbox);
    let r = crate::people_routes::routes(r);
    let r = crate::quote_routes::routes(r);
    let r = crate::orders::routes::routes(r);
    let r = crate::portal::routes::routes(r);
    let r = crate::procurement::routes(r);
    crate::accounts::routes::routes(r)
}

/// What this server is (the app asks to know whether a quote desk serves it).
#[utoipa::path(get, path = "/api/desk", tag = "desk", responses((status = 200, body = DeskInfo)))]
pub(crate) async fn desk_info(desk: State) -> Json<DeskInfo> {
    Json(DeskInfo {
        service: "configurator-quote-desk".to_owned(),
        api: 1,
        database: match desk.db.kind {
            crate::db::Kind::Sqlite => Database::Sqlite,
            crate::db::Kind::Postgres => Database::Postgres,
        },
    })
}

/// Who is signed in: `{user, csrf}`, or `{user: null}` (not an error: the app asks on every
/// start).
#[utoipa::path(get, path = "/api/session", tag = "session", responses((status = 200, body = Session)))]
pub(crate) async fn session(desk: State, headers: HeaderMap) -> ApiResult<Json<Session>> {
    let signed = match auth::cookie(&headers, auth::COOKIE) {
        Some(token) => auth::session(&desk, token).await?,
        None => None,
    };
    Ok(Json(match signed {
        Some(s) => Session {
            user: Some(s.user),
            csrf: Some(s.csrf),
        },
        None => Session {
            user: None,
            csrf: None,
        },
    }))
}

/// Signs in. Same-origin only; the answer sets the session cookie and gives the CSRF token.
#[utoipa::path(post, path = "/api/session", tag = "session", request_body = Credentials,
    responses((status = 200, body = Session), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn sign_in(
    desk: State,
    client: Client,
    headers: HeaderMap,
    Body(c): Body<Credentials>,
) -> ApiResult<Response> {
    auth::same_origin(&desk, &headers)?;
    let (token, signed) = users::sign_in(&desk, &client.0, &c.name, &c.password).await?;
    let cookie = auth::session_cookie(&token, auth::SESSION_SECONDS, desk.secure_cookies);
    let mut response = Json(Session {
        user: Some(signed.user),
        csrf: Some(signed.csrf),
    })
    .into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).map_err(|e| ApiError::Internal(e.to_string()))?,
    );
    Ok(response)
}

/// Signs out: the session ends and its cookie is cleared.
#[utoipa::path(delete, path = "/api/session", tag = "session",
    responses((status = 204, description = "Signed out"), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn sign_out(
    desk: State,
    _signed: Signed,
    headers: HeaderMap,
) -> ApiResult<Response> {
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

/// The catalog versions the desk prices with.
#[utoipa::path(get, path = "/api/catalogs", tag = "desk",
    responses((status = 200, body = CatalogList), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn catalogs(desk: State, _signed: Signed) -> Json<CatalogList> {
    let catalogs = desk
        .catalogs
        .list()
        .iter()
        .map(|l| {
            let c = l.engine.catalog();
            CatalogEntry {
                id: c.id.clone(),
                name: c.name.clone(),
                version: c.version.clone(),
                hash: c.hash.clone(),
            }
        })
        .collect();
    Json(CatalogList { catalogs })
}

fn admin(signed: &Signed) -> ApiResult<()> {
    if signed.user.role == Role::Admin {
        Ok(())
    } else {
        Err(ApiError::Forbidden("only an admin manages users".into()))
    }
}

/// The whole audit log, newest first (admins).
#[utoipa::path(get, path = "/api/audit", tag = "quotes",
    responses((status = 200, body = AuditLog), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn audit_all(desk: State, signed: Signed) -> ApiResult<Json<AuditLog>> {
    admin(&signed)?;
    Ok(Json(AuditLog {
        entries: audit::entries(&desk, None, 1000).await?,
    }))
}

/// The quotes the user may see that match the search.
#[utoipa::path(get, path = "/api/quotes", tag = "quotes", params(quotes::Filter),
    responses((status = 200, body = QuoteList), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn list_quotes(
    desk: State,
    signed: Signed,
    Params(f): Params<quotes::Filter>,
) -> ApiResult<Json<QuoteList>> {
    Ok(Json(list(&desk, &signed, &f).await?))
}

/// The quotes `signed` may see that match `f`, as the contract lists them.
async fn list(desk: &Desk, signed: &Signed, f: &quotes::Filter) -> ApiResult<QuoteList> {
    let quotes = quotes::list(desk, &signed.user, f).await?;
    Ok(QuoteList {
        quotes: quotes.into_iter().map(|s| s.info).collect(),
    })
}

/// Saves a new quote (the engine's quote as JSON; recomputed against its catalog).
#[utoipa::path(post, path = "/api/quotes", tag = "quotes", params(ForAccount),
    request_body(content = QuoteDocument, description = "The quote as the app writes it (`configurator-quote/1`)"),
    responses((status = 201, body = QuoteAnswer), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn create_quote(
    desk: State,
    signed: Signed,
    Params(a): Params<ForAccount>,
    JsonText(body): JsonText,
) -> ApiResult<Response> {
    let s = quotes::create(&desk, &signed.user, &body, a.account).await?;
    Ok((StatusCode::CREATED, Json(QuoteAnswer { quote: s.info })).into_response())
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

/// The quotes that match as a CSV file.
#[utoipa::path(get, path = "/api/quotes/export.csv", tag = "quotes", params(quotes::Filter),
    responses((status = 200, description = "quotes.csv", content_type = "text/csv"),
        (status = "4XX", body = ErrorBody)))]
pub(crate) async fn export_csv(
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

/// The quotes that match as a JSON file (a [`QuoteList`]).
#[utoipa::path(get, path = "/api/quotes/export.json", tag = "quotes", params(quotes::Filter),
    responses((status = 200, body = QuoteList, description = "quotes.json"),
        (status = "4XX", body = ErrorBody)))]
pub(crate) async fn export_json(
    desk: State,
    signed: Signed,
    Params(f): Params<quotes::Filter>,
) -> ApiResult<Response> {
    let list = list(&desk, &signed, &f).await?;
    let text =
        serde_json::to_string_pretty(&list).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(download("application/json", "quotes.json", text))
}

/// One quote: its summary, what the user may do, the latest revision (typed), what a newer
/// catalog would change, and where it stands against its account's entitlement. The revision
/// is read (and checked) once.
#[utoipa::path(get, path = "/api/quotes/{number}", tag = "quotes",
    params(("number" = String, Path, description = "The quote's number")),
    responses((status = 200, body = QuoteDetail), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn quote(
    desk: State,
    signed: Signed,
    At(number): At<String>,
) -> ApiResult<Json<QuoteDetail>> {
    let (s, _, stored) = quotes::body(&desk, &signed.user, &number, None).await?;
    let approval = quote_approval(&desk, &s, &stored).await?;
    let catalog_update = quotes::catalog_update(&desk, &stored);
    Ok(Json(QuoteDetail {
        actions: workflow::available(&signed.user, &s),
        owner: s.owner == signed.user.name,
        summary: s.info,
        quote: QuoteDocument(stored),
        catalog_update,
        approval,
    }))
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
        owner_role: s.owner_role,
        owner_limit: owner_limit.unwrap_or_default().normalize().to_string(),
        needs: Role::from_name(&s.approver),
        problem: None,
        records,
    };
    match measured {
        Some(Ok(m)) => {
            a.account = m.account.clone();
            a.depth = m.depth.normalize().to_string();
            a.needs = Role::from_name(m.approver());
            if let configurator_engine::quote::entitlement::Approval::Beyond { .. } = m.approval {
                a.problem = m.reason(s.owner_role);
            }
        }
        Some(Err(e)) => a.problem = Some(e.to_string()),
        None => {}
    }
    Ok(a)
}

/// Every revision of a quote, oldest first, with what each changed.
#[utoipa::path(get, path = "/api/quotes/{number}/revisions", tag = "quotes",
    params(("number" = String, Path, description = "The quote's number")),
    responses((status = 200, body = Revisions), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn revisions(
    desk: State,
    signed: Signed,
    At(number): At<String>,
) -> ApiResult<Json<Revisions>> {
    Ok(Json(Revisions {
        revisions: quotes::revisions(&desk, &signed.user, &number).await?,
    }))
}

/// One revision as the file it was saved as (`configurator verify` reads it).
#[utoipa::path(get, path = "/api/quotes/{number}/revisions/{revision}", tag = "quotes",
    params(("number" = String, Path, description = "The quote's number"),
        ("revision" = i64, Path, description = "The revision, from 1")),
    responses((status = 200, body = QuoteDocument, description = "NUMBER-rN.json"),
        (status = "4XX", body = ErrorBody)))]
pub(crate) async fn revision(
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

/// The latest revision as CSV.
#[utoipa::path(get, path = "/api/quotes/{number}/quote.csv", tag = "quotes",
    params(("number" = String, Path, description = "The quote's number")),
    responses((status = 200, description = "NUMBER.csv", content_type = "text/csv"),
        (status = "4XX", body = ErrorBody)))]
pub(crate) async fn quote_csv(
    desk: State,
    signed: Signed,
    At(number): At<String>,
) -> ApiResult<Response> {
    let (_, _, q) = quotes::body(&desk, &signed.user, &number, None).await?;
    Ok(download(
        "text/csv; charset=utf-8",
        &format!("{number}.csv"),
        q.to_csv(),
    ))
}

/// Saves a new revision (its owner, from the latest: `base`).
#[utoipa::path(post, path = "/api/quotes/{number}/revisions", tag = "quotes",
    params(("number" = String, Path, description = "The quote's number"), Base),
    request_body(content = QuoteDocument, description = "The quote as the app writes it (`configurator-quote/1`)"),
    responses((status = 201, body = QuoteAnswer), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn revise(
    desk: State,
    signed: Signed,
    At(number): At<String>,
    Params(b): Params<Base>,
    JsonText(body): JsonText,
) -> ApiResult<Response> {
    let s = quotes::revise(&desk, &signed.user, &number, b.base, &body, b.account).await?;
    Ok((StatusCode::CREATED, Json(QuoteAnswer { quote: s.info })).into_response())
}

/// A quote's audit log, newest first.
#[utoipa::path(get, path = "/api/quotes/{number}/audit", tag = "quotes",
    params(("number" = String, Path, description = "The quote's number")),
    responses((status = 200, body = AuditLog), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn quote_audit(
    desk: State,
    signed: Signed,
    At(number): At<String>,
) -> ApiResult<Json<AuditLog>> {
    let s = quotes::find(&desk, &signed.user, &number).await?;
    Ok(Json(AuditLog {
        entries: audit::entries(&desk, Some(s.id()), 1000).await?,
    }))
}

/// A workflow step (`submit`, `approve`, `reject`, `send`, `decline`).
#[utoipa::path(post, path = "/api/quotes/{number}/actions/{action}", tag = "quotes",
    params(("number" = String, Path, description = "The quote's number"),
        ("action" = configurator_api::quotes::Action, Path, description = "The step")),
    request_body = Comment,
    responses((status = 200, body = ActionAnswer), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn act(
    desk: State,
    signed: Signed,
    At((number, action)): At<(String, String)>,
    Body(c): Body<Comment>,
) -> ApiResult<Json<ActionAnswer>> {
    let action = workflow::Action::ALL
        .into_iter()
        .find(|a| a.name() == action)
        .ok_or_else(|| ApiError::NotFound(format!("no action `{action}`")))?;
    let s = workflow::act(&desk, &signed.user, &number, action, &c.comment).await?;
    Ok(Json(ActionAnswer {
        actions: workflow::available(&signed.user, &s),
        quote: s.info,
    }))
}

/// A sent quote's customer links (its owner).
#[utoipa::path(get, path = "/api/quotes/{number}/links", tag = "links",
    params(("number" = String, Path, description = "The quote's number")),
    responses((status = 200, body = LinkList), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn list_links(
    desk: State,
    signed: Signed,
    At(number): At<String>,
) -> ApiResult<Json<LinkList>> {
    Ok(Json(LinkList {
        links: links::list(&desk, &signed.user, &number).await?,
    }))
}

/// Makes a customer link (its token shown once); the quote goes by mail to the customer.
#[utoipa::path(post, path = "/api/quotes/{number}/links", tag = "links",
    params(("number" = String, Path, description = "The quote's number")),
    request_body = NewLink,
    responses((status = 201, body = LinkAnswer), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn create_link(
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
    Ok((StatusCode::CREATED, Json(LinkAnswer { link })).into_response())
}

/// Revokes a customer link.
#[utoipa::path(delete, path = "/api/quotes/{number}/links/{id}", tag = "links",
    params(("number" = String, Path, description = "The quote's number"),
        ("id" = i64, Path, description = "The link's id")),
    responses((status = 204, description = "Revoked"), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn revoke_link(
    desk: State,
    signed: Signed,
    At((number, id)): At<(String, i64)>,
) -> ApiResult<StatusCode> {
    links::revoke(&desk, &signed.user, &number, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The quote behind a customer link (no session: the token is the key).
#[utoipa::path(get, path = "/api/customer/{token}", tag = "customer",
    params(("token" = String, Path, description = "The link's token")),
    responses((status = 200, body = CustomerAnswer), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn customer_view(
    desk: State,
    At(token): At<String>,
) -> ApiResult<Json<CustomerAnswer>> {
    Ok(Json(CustomerAnswer {
        view: links::view(&desk, &token).await?,
    }))
}

/// The customer accepts the quote, signing with their name.
#[utoipa::path(post, path = "/api/customer/{token}/accept", tag = "customer",
    params(("token" = String, Path, description = "The link's token")),
    request_body = Signature,
    responses((status = 200, body = CustomerAnswer), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn customer_accept(
    desk: State,
    headers: HeaderMap,
    At(token): At<String>,
    Body(s): Body<Signature>,
) -> ApiResult<Json<CustomerAnswer>> {
    auth::same_origin(&desk, &headers)?;
    Ok(Json(CustomerAnswer {
        view: links::decide(&desk, &token, &s.name, true).await?,
    }))
}

/// The customer declines the quote, signing with their name.
#[utoipa::path(post, path = "/api/customer/{token}/decline", tag = "customer",
    params(("token" = String, Path, description = "The link's token")),
    request_body = Signature,
    responses((status = 200, body = CustomerAnswer), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn customer_decline(
    desk: State,
    headers: HeaderMap,
    At(token): At<String>,
    Body(s): Body<Signature>,
) -> ApiResult<Json<CustomerAnswer>> {
    auth::same_origin(&desk, &headers)?;
    Ok(Json(CustomerAnswer {
        view: links::decide(&desk, &token, &s.name, false).await?,
    }))
}

/// The outbox: managers and admins (`configurator_api::mail::Outbox`).
#[utoipa::path(get, path = "/api/outbox", tag = "mail",
    responses((status = 200, body = configurator_api::mail::Outbox), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn outbox(
    desk: State,
    signed: Signed,
) -> ApiResult<Json<configurator_api::mail::Outbox>> {
    Ok(Json(
        crate::mail::outbox::list(&desk, &signed.user, 500).await?,
    ))
}
