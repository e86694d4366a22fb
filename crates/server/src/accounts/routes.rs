//! `/api/accounts`: thin handlers over the accounts service (`mod.rs`); every answer is a type
//! of `configurator_api::accounts`. Reading takes a session; writing an editor's role (checked
//! in the service) and the CSRF token ([`Signed`]).

use std::sync::Arc;

use axum::http::StatusCode;
use axum::Json;
use configurator_api::accounts::{AccountAnswer, AccountInput, AccountList};
use configurator_api::error::ErrorBody;

use crate::auth::Signed;
use crate::error::ApiResult;
use crate::extract::{At, Body};
use crate::openapi::Routes;
use crate::Desk;

type State = axum::extract::State<Arc<Desk>>;

/// The accounts' routes (merged into the API by `routes::api`).
pub fn routes(r: Routes) -> Routes {
    r.get("/api/accounts", list)
        .post("/api/accounts", create)
        .get("/api/accounts/{id}", one)
        .put("/api/accounts/{id}", update)
}

#[utoipa::path(get, path = "/api/accounts", tag = "accounts", responses((status = 200, body = AccountList), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn list(desk: State, signed: Signed) -> ApiResult<Json<AccountList>> {
    Ok(Json(AccountList {
        accounts: super::list(&desk).await?,
        can_edit: super::may_edit(&signed.user),
    }))
}

#[utoipa::path(get, path = "/api/accounts/{id}", tag = "accounts", params(("id" = i64, Path, description = "The account's id")), responses((status = 200, body = AccountAnswer), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn one(
    desk: State,
    _signed: Signed,
    At(id): At<i64>,
) -> ApiResult<Json<AccountAnswer>> {
    Ok(Json(AccountAnswer {
        account: super::get(&desk, id).await?,
    }))
}

#[utoipa::path(post, path = "/api/accounts", tag = "accounts", request_body = AccountInput, responses((status = 201, body = AccountAnswer), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn create(
    desk: State,
    signed: Signed,
    Body(input): Body<AccountInput>,
) -> ApiResult<(StatusCode, Json<AccountAnswer>)> {
    let account = super::create(&desk, &signed.user, &input).await?;
    Ok((StatusCode::CREATED, Json(AccountAnswer { account })))
}

#[utoipa::path(put, path = "/api/accounts/{id}", tag = "accounts", params(("id" = i64, Path, description = "The account's id")), request_body = AccountInput, responses((status = 200, body = AccountAnswer), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn update(
    desk: State,
    signed: Signed,
    At(id): At<i64>,
    Body(input): Body<AccountInput>,
) -> ApiResult<Json<AccountAnswer>> {
    Ok(Json(AccountAnswer {
        account: super::update(&desk, &signed.user, id, &input).await?,
    }))
}
