//! The routes of people and access: the admins' user management, a user's own account, and
//! reset links. Request and response types are `configurator_api::access`'s.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use configurator_api::access::{
    NewUser, NoFields, PasswordChange, PasswordReset, ResetDone, ResetInfo, ResetLink,
    SessionsEnded, UserAnswer, UserList,
};
use configurator_api::error::ErrorBody;

use crate::auth::{self, Role, Signed};
use crate::error::{ApiError, ApiResult};
use crate::extract::{At, Body};
use crate::openapi::Routes;
use crate::throttle::Client;
use crate::{people, users, Desk};

type State = axum::extract::State<Arc<Desk>>;

/// The routes, added to the API's table.
pub fn routes(r: Routes) -> Routes {
    r.get("/api/users", list_users)
        .post("/api/users", add_user)
        .post("/api/users/{id}/disable", disable)
        .post("/api/users/{id}/enable", enable)
        .post("/api/users/{id}/reset", reset)
        .delete("/api/users/{id}/sessions", end_sessions)
        .post("/api/account/password", change_password)
        .delete("/api/account/sessions", sign_out_everywhere)
        .post("/api/password-reset", use_reset)
        .get("/api/password-reset/{token}", reset_info)
}

/// A signed-in admin: refuses everyone else (403) before the request's body is read.
pub struct Admin(pub Signed);

impl FromRequestParts<Arc<Desk>> for Admin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, desk: &Arc<Desk>) -> ApiResult<Admin> {
        let signed = Signed::from_request_parts(parts, desk).await?;
        if signed.user.role == Role::Admin {
            Ok(Admin(signed))
        } else {
            Err(ApiError::Forbidden("only an admin manages users".into()))
        }
    }
}

#[utoipa::path(get, path = "/api/users", tag = "people", responses((status = 200, body = UserList), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn list_users(desk: State, _admin: Admin) -> ApiResult<Json<UserList>> {
    Ok(Json(UserList {
        users: people::list(&desk).await?,
    }))
}

#[utoipa::path(post, path = "/api/users", tag = "people", request_body = NewUser, responses((status = 201, body = UserAnswer), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn add_user(
    desk: State,
    Admin(admin): Admin,
    Body(u): Body<NewUser>,
) -> ApiResult<(StatusCode, Json<UserAnswer>)> {
    let email = u
        .email
        .as_deref()
        .map(crate::mail::contacts::email)
        .transpose()?;
    if let Some(tag) = &u.language {
        crate::mail::contacts::language(tag)?;
    }
    let role = Role::from_name(&u.role).ok_or_else(|| {
        ApiError::Unprocessable(format!(
            "`role` must be rep, manager, director or admin, not `{}`",
            u.role
        ))
    })?;
    let user = users::add(&desk, &admin.user.name, &u.name, role, &u.team, &u.password).await?;
    crate::mail::contacts::set_user(&desk, &u.name, email.as_deref(), u.language.as_deref())
        .await?;
    let user = people::info(&desk, user.id).await?;
    Ok((StatusCode::CREATED, Json(UserAnswer { user })))
}

#[utoipa::path(post, path = "/api/users/{id}/disable", tag = "people", params(("id" = i64, Path, description = "The user's id")), request_body = NoFields, responses((status = 200, body = UserAnswer), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn disable(
    desk: State,
    Admin(admin): Admin,
    At(id): At<i64>,
    Body(NoFields {}): Body<NoFields>,
) -> ApiResult<Json<UserAnswer>> {
    let user = people::set_disabled(&desk, &admin.user, id, true).await?;
    Ok(Json(UserAnswer { user }))
}

#[utoipa::path(post, path = "/api/users/{id}/enable", tag = "people", params(("id" = i64, Path, description = "The user's id")), request_body = NoFields, responses((status = 200, body = UserAnswer), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn enable(
    desk: State,
    Admin(admin): Admin,
    At(id): At<i64>,
    Body(NoFields {}): Body<NoFields>,
) -> ApiResult<Json<UserAnswer>> {
    let user = people::set_disabled(&desk, &admin.user, id, false).await?;
    Ok(Json(UserAnswer { user }))
}

#[utoipa::path(post, path = "/api/users/{id}/reset", tag = "people", params(("id" = i64, Path, description = "The user's id")), request_body = NoFields, responses((status = 201, body = ResetLink), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn reset(
    desk: State,
    Admin(admin): Admin,
    At(id): At<i64>,
    Body(NoFields {}): Body<NoFields>,
) -> ApiResult<(StatusCode, Json<ResetLink>)> {
    let link = people::reset_link(&desk, &admin.user, id).await?;
    Ok((StatusCode::CREATED, Json(link)))
}

#[utoipa::path(delete, path = "/api/users/{id}/sessions", tag = "people", params(("id" = i64, Path, description = "The user's id")), responses((status = 200, body = SessionsEnded), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn end_sessions(
    desk: State,
    Admin(admin): Admin,
    At(id): At<i64>,
) -> ApiResult<Json<SessionsEnded>> {
    let ended = people::end_sessions(&desk, &admin.user, id).await?;
    Ok(Json(SessionsEnded { ended }))
}

#[utoipa::path(post, path = "/api/account/password", tag = "people", request_body = PasswordChange, responses((status = 200, body = SessionsEnded), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn change_password(
    desk: State,
    signed: Signed,
    client: Client,
    headers: HeaderMap,
    Body(c): Body<PasswordChange>,
) -> ApiResult<Json<SessionsEnded>> {
    let token = auth::cookie(&headers, auth::COOKIE).ok_or(ApiError::Unauthenticated)?;
    let ended =
        people::change_password(&desk, &signed, token, &client.0, &c.current, &c.new).await?;
    Ok(Json(SessionsEnded { ended }))
}

#[utoipa::path(delete, path = "/api/account/sessions", tag = "people", responses((status = 200, body = SessionsEnded), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn sign_out_everywhere(desk: State, signed: Signed) -> ApiResult<Response> {
    let ended = people::sign_out_everywhere(&desk, &signed.user).await?;
    let mut response = Json(SessionsEnded { ended }).into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static("desk_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"),
    );
    Ok(response)
}

#[utoipa::path(get, path = "/api/password-reset/{token}", tag = "people", params(("token" = String, Path, description = "The reset link's token")), responses((status = 200, body = ResetInfo), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn reset_info(desk: State, At(token): At<String>) -> ApiResult<Json<ResetInfo>> {
    Ok(Json(people::reset_info(&desk, &token).await?))
}

#[utoipa::path(post, path = "/api/password-reset", tag = "people", request_body = PasswordReset, responses((status = 200, body = ResetDone), (status = "4XX", body = ErrorBody)))]
pub(crate) async fn use_reset(
    desk: State,
    headers: HeaderMap,
    Body(r): Body<PasswordReset>,
) -> ApiResult<Json<ResetDone>> {
    auth::same_origin(&desk, &headers)?;
    Ok(Json(people::use_reset(&desk, &r.token, &r.password).await?))
}
