//! `/api/procurement/…`: the desk's procurement settings and log, thin handlers over
//! `orgs.rs`, `log.rs` and `setup.rs`. Organisations are for admins only; the log for admins
//! and the order desk. Writing takes the CSRF token ([`Signed`]).

use std::sync::Arc;

use axum::http::StatusCode;
use axum::Json;
use configurator_api::error::ErrorBody;
use configurator_api::procurement::{
    Direction, DocumentText, Documents, NewSecret, Organisation, OrganisationInput, Organisations,
    TestSetup, TestSetupResult,
};
use serde::Deserialize;

use super::{log, orgs, setup};
use crate::auth::{Role, Signed};
use crate::error::{ApiError, ApiResult};
use crate::extract::{At, Body, Params};
use crate::openapi::Routes;
use crate::Desk;

type State = axum::extract::State<Arc<Desk>>;

/// The procurement routes of the API (merged by `routes::api`).
pub fn routes(r: Routes) -> Routes {
    r.get("/api/procurement/organisations", list_orgs)
        .post("/api/procurement/organisations", create_org)
        .put("/api/procurement/organisations/{id}", update_org)
        .post("/api/procurement/organisations/{id}/secret", rotate_secret)
        .post("/api/procurement/organisations/{id}/test", test_setup)
        .get("/api/procurement/documents", list_documents)
        .get("/api/procurement/documents/{id}", document)
}

#[utoipa::path(get, path = "/api/procurement/organisations", tag = "procurement",
    responses((status = 200, body = Organisations), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn list_orgs(desk: State, signed: Signed) -> ApiResult<Json<Organisations>> {
    orgs::admin_only(&signed.user)?;
    Ok(Json(orgs::list(&desk).await?))
}

#[utoipa::path(post, path = "/api/procurement/organisations", tag = "procurement",
    request_body = OrganisationInput,
    responses((status = 201, body = NewSecret), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn create_org(
    desk: State,
    signed: Signed,
    Body(input): Body<OrganisationInput>,
) -> ApiResult<(StatusCode, Json<NewSecret>)> {
    let made = orgs::create(&desk, &signed.user, &input).await?;
    Ok((StatusCode::CREATED, Json(made)))
}

#[utoipa::path(put, path = "/api/procurement/organisations/{id}", tag = "procurement",
    params(("id" = i64, Path, description = "The organisation's id")),
    request_body = OrganisationInput,
    responses((status = 200, body = Organisation), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn update_org(
    desk: State,
    signed: Signed,
    At(id): At<i64>,
    Body(input): Body<OrganisationInput>,
) -> ApiResult<Json<Organisation>> {
    Ok(Json(orgs::update(&desk, &signed.user, id, &input).await?))
}

#[utoipa::path(post, path = "/api/procurement/organisations/{id}/secret", tag = "procurement",
    params(("id" = i64, Path, description = "The organisation's id")),
    responses((status = 200, body = NewSecret), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn rotate_secret(
    desk: State,
    signed: Signed,
    At(id): At<i64>,
) -> ApiResult<Json<NewSecret>> {
    Ok(Json(orgs::rotate(&desk, &signed.user, id).await?))
}

#[utoipa::path(post, path = "/api/procurement/organisations/{id}/test", tag = "procurement",
    params(("id" = i64, Path, description = "The organisation's id")),
    request_body = TestSetup,
    responses((status = 200, body = TestSetupResult), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn test_setup(
    desk: State,
    signed: Signed,
    At(id): At<i64>,
    Body(input): Body<TestSetup>,
) -> ApiResult<Json<TestSetupResult>> {
    orgs::admin_only(&signed.user)?;
    let org = orgs::get(&desk, id).await?;
    let first = org
        .identities
        .first()
        .ok_or_else(|| ApiError::Unprocessable("the organisation has no identity".into()))?;
    if input.shared_secret.len() > 1000 || input.form_post_url.len() > 2000 {
        return Err(ApiError::Unprocessable(
            "the secret or the URL is too long".into(),
        ));
    }
    let request = setup::test_request(
        &desk,
        (&first.domain, &first.identity),
        &input.shared_secret,
        &input.form_post_url,
    );
    let outcome = setup::setup(&desk, &request).await;
    Ok(Json(TestSetupResult {
        status_code: outcome.status.code,
        status_text: outcome.status.text,
        start_page: outcome.start_page,
        request: log::redact(&request),
        response: outcome.answer,
    }))
}

/// The filters of the log.
#[derive(Debug, Deserialize)]
pub(crate) struct DocumentFilter {
    organisation: Option<i64>,
    direction: Option<Direction>,
    limit: Option<i64>,
}

/// Admins and the order desk read the log.
fn may_read_log(signed: &Signed) -> ApiResult<()> {
    if matches!(signed.user.role, Role::Admin | Role::OrderDesk) {
        Ok(())
    } else {
        Err(ApiError::Forbidden(
            "only admins and the order desk read the procurement log".into(),
        ))
    }
}

#[utoipa::path(get, path = "/api/procurement/documents", tag = "procurement",
    params(
        ("organisation" = Option<i64>, Query, description = "Only this organisation's"),
        ("direction" = Option<Direction>, Query, description = "Only `in` or `out`"),
        ("limit" = Option<i64>, Query, description = "At most this many (default 100, at most 500)")),
    responses((status = 200, body = Documents), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn list_documents(
    desk: State,
    signed: Signed,
    Params(f): Params<DocumentFilter>,
) -> ApiResult<Json<Documents>> {
    may_read_log(&signed)?;
    Ok(Json(
        log::list(&desk, f.organisation, f.direction, f.limit).await?,
    ))
}

#[utoipa::path(get, path = "/api/procurement/documents/{id}", tag = "procurement",
    params(("id" = i64, Path, description = "The log entry's id")),
    responses((status = 200, body = DocumentText), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn document(
    desk: State,
    signed: Signed,
    At(id): At<i64>,
) -> ApiResult<Json<DocumentText>> {
    may_read_log(&signed)?;
    Ok(Json(log::one(&desk, id).await?))
}
