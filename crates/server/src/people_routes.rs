//! The routes of people and access: the admins' user management, a user's own account, and
//! reset links. Request and response types are `configurator_api::access`'s.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use configurator_api::access::{
    NewUser, NoFields, PasswordChange, PasswordReset, ResetDone, ResetInfo, ResetLink,
    SessionsEnded, UserAnswer, UserList,
};

use crate::auth::{self, Role, Signed};
use crate::error::{ApiError, ApiResult};
use crate::extract::{At, Body};
use crate::throttle::Client;
use crate::{people, users, Desk};

type State = axum::extract::State<Arc<Desk>>;

/// The routes.
pub fn routes() -> Router<Arc<Desk>> {
    Router::new()
        .route("/api/users", get(list_users).post(add_user))
        .route("/api/users/{id}/disable", post(disable))
        .route("/api/users/{id}/enable", post(enable))
        .route("/api/users/{id}/reset", post(reset))
        .route("/api/users/{id}/sessions", delete(end_sessions))
        .route("/api/account/password", post(change_password))
        .route("/api/account/sessions", delete(sign_out_everywhere))
        .route("/api/password-reset", post(use_reset))
        .route("/api/password-reset/{token}", get(reset_info))
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

async fn list_users(desk: State, _admin: Admin) -> ApiResult<Json<UserList>> {
    Ok(Json(UserList {
        users: people::list(&desk).await?,
    }))
}

async fn add_user(
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

async fn disable(
    desk: State,
    Admin(admin): Admin,
    At(id): At<i64>,
    Body(NoFields {}): Body<NoFields>,
) -> ApiResult<Json<UserAnswer>> {
    let user = people::set_disabled(&desk, &admin.user, id, true).await?;
    Ok(Json(UserAnswer { user }))
}

async fn enable(
    desk: State,
    Admin(admin): Admin,
    At(id): At<i64>,
    Body(NoFields {}): Body<NoFields>,
) -> ApiResult<Json<UserAnswer>> {
    let user = people::set_disabled(&desk, &admin.user, id, false).await?;
    Ok(Json(UserAnswer { user }))
}

async fn reset(
    desk: State,
    Admin(admin): Admin,
    At(id): At<i64>,
    Body(NoFields {}): Body<NoFields>,
) -> ApiResult<(StatusCode, Json<ResetLink>)> {
    let link = people::reset_link(&desk, &admin.user, id).await?;
    Ok((StatusCode::CREATED, Json(link)))
}

async fn end_sessions(
    desk: State,
    Admin(admin): Admin,
    At(id): At<i64>,
) -> ApiResult<Json<SessionsEnded>> {
    let ended = people::end_sessions(&desk, &admin.user, id).await?;
    Ok(Json(SessionsEnded { ended }))
}

async fn change_password(
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

async fn sign_out_everywhere(desk: State, signed: Signed) -> ApiResult<Response> {
    let ended = people::sign_out_everywhere(&desk, &signed.user).await?;
    let mut response = Json(SessionsEnded { ended }).into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static("desk_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"),
    );
    Ok(response)
}

async fn reset_info(desk: State, At(token): At<String>) -> ApiResult<Json<ResetInfo>> {
    Ok(Json(people::reset_info(&desk, &token).await?))
}

async fn use_reset(
    desk: State,
    headers: HeaderMap,
    Body(r): Body<PasswordReset>,
) -> ApiResult<Json<ResetDone>> {
    auth::same_origin(&desk, &headers)?;
    Ok(Json(people::use_reset(&desk, &r.token, &r.password).await?))
}
