//! `/api/accounts`: thin handlers over the accounts service (`mod.rs`); every answer is a type
//! of `configurator_api::accounts`. Reading takes a session; writing an editor's role (checked
//! in the service) and the CSRF token ([`Signed`]).

use std::sync::Arc;

use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use configurator_api::accounts::{AccountAnswer, AccountInput, AccountList};

use crate::auth::Signed;
use crate::error::ApiResult;
use crate::extract::{At, Body};
use crate::Desk;

type State = axum::extract::State<Arc<Desk>>;

/// The accounts' routes (merged into the API by `routes::api`).
pub fn routes() -> Router<Arc<Desk>> {
    Router::new()
        .route("/api/accounts", get(list).post(create))
        .route("/api/accounts/{id}", get(one).put(update))
}

async fn list(desk: State, signed: Signed) -> ApiResult<Json<AccountList>> {
    Ok(Json(AccountList {
        accounts: super::list(&desk).await?,
        can_edit: super::may_edit(&signed.user),
    }))
}

async fn one(desk: State, _signed: Signed, At(id): At<i64>) -> ApiResult<Json<AccountAnswer>> {
    Ok(Json(AccountAnswer {
        account: super::get(&desk, id).await?,
    }))
}

async fn create(
    desk: State,
    signed: Signed,
    Body(input): Body<AccountInput>,
) -> ApiResult<(StatusCode, Json<AccountAnswer>)> {
    let account = super::create(&desk, &signed.user, &input).await?;
    Ok((StatusCode::CREATED, Json(AccountAnswer { account })))
}

async fn update(
    desk: State,
    signed: Signed,
    At(id): At<i64>,
    Body(input): Body<AccountInput>,
) -> ApiResult<Json<AccountAnswer>> {
    Ok(Json(AccountAnswer {
        account: super::update(&desk, &signed.user, id, &input).await?,
    }))
}
