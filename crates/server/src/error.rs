//! The API's one error type: every failure a handler can meet, turned into a status code and
//! a JSON body `{"error": code, "message": text, "details": [...]}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// Everything that can go wrong in a request.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// No valid session (or customer token).
    #[error("sign in first")]
    Unauthenticated,
    /// Signed in, but not allowed.
    #[error("{0}")]
    Forbidden(String),
    /// A state-changing request without the session's CSRF token or from another origin.
    #[error("{0}")]
    Csrf(&'static str),
    /// Wrong name or password.
    #[error("wrong name or password")]
    BadCredentials,
    /// Too many failed sign-ins: this try waits (the seconds go in `Retry-After`).
    #[error("too many failed sign-ins; try again in {0} seconds")]
    TooManyAttempts(i64),
    /// A new password the policy refuses (`password.rs`).
    #[error("{}", .0.message())]
    WeakPassword(crate::password::Weakness),
    /// The current password given to change it is wrong.
    #[error("the current password is wrong")]
    WrongPassword,
    /// The user is disabled: they cannot sign in.
    #[error("this user is disabled; an admin can enable them again")]
    Disabled,
    /// Nothing there (or nothing this user may see: the two look the same).
    #[error("{0}")]
    NotFound(String),
    /// The request is malformed.
    #[error("{0}")]
    BadRequest(String),
    /// The quote does not match what the catalog gives.
    #[error("the quote differs from what the catalog gives at: {}", places(.0))]
    Mismatch(Vec<configurator_engine::quote::Difference>),
    /// Well-formed but refused (unknown catalog version, a field too long, ...).
    #[error("{0}")]
    Unprocessable(String),
    /// The transition or revision conflicts with the quote's state.
    #[error("{0}")]
    Conflict(String),
    /// A request axum's extractors refused (body too large, not JSON, bad query), with their
    /// status and reason.
    #[error("{1}")]
    Rejected(axum::http::StatusCode, String),
    /// The database failed.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// Anything else that should not happen.
    #[error("{0}")]
    Internal(String),
}

fn places(list: &[configurator_engine::quote::Difference]) -> String {
    let names: Vec<&str> = list.iter().map(|d| d.place.as_str()).collect();
    names.join(", ")
}

/// A handler's result.
pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    fn code(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::Unauthenticated => (StatusCode::UNAUTHORIZED, "unauthenticated"),
            ApiError::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
            ApiError::Csrf(_) => (StatusCode::FORBIDDEN, "csrf"),
            ApiError::BadCredentials => (StatusCode::UNAUTHORIZED, "bad_credentials"),
            ApiError::TooManyAttempts(_) => (StatusCode::TOO_MANY_REQUESTS, "too_many_attempts"),
            ApiError::WeakPassword(w) => (StatusCode::UNPROCESSABLE_ENTITY, w.code()),
            ApiError::WrongPassword => (StatusCode::FORBIDDEN, "wrong_password"),
            ApiError::Disabled => (StatusCode::FORBIDDEN, "account_disabled"),
            ApiError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            ApiError::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            ApiError::Mismatch(_) => (StatusCode::UNPROCESSABLE_ENTITY, "price_mismatch"),
            ApiError::Unprocessable(_) => (StatusCode::UNPROCESSABLE_ENTITY, "unprocessable"),
            ApiError::Conflict(_) => (StatusCode::CONFLICT, "conflict"),
            ApiError::Rejected(status, _) => (*status, "bad_request"),
            ApiError::Database(_) | ApiError::Internal(_) => {
                (StatusCode::INTERNAL_SERVER_ERROR, "internal")
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.code();
        let message = match &self {
            // Database details stay in the server's log.
            ApiError::Database(e) => {
                eprintln!("configurator-server: database error: {e}");
                "the quote desk's database failed; nothing was changed".to_owned()
            }
            ApiError::Internal(e) => {
                eprintln!("configurator-server: internal error: {e}");
                "the quote desk failed; nothing was changed".to_owned()
            }
            other => other.to_string(),
        };
        let details = match &self {
            ApiError::Mismatch(list) => list
                .iter()
                .map(|d| configurator_api::error::Difference {
                    place: d.place.clone(),
                    quoted: d.quoted.clone(),
                    recomputed: d.recomputed.clone(),
                })
                .collect(),
            _ => Vec::new(),
        };
        let body = configurator_api::error::ErrorBody {
            error: code.to_owned(),
            message,
            details,
        };
        let mut response = (status, axum::Json(body)).into_response();
        if let ApiError::TooManyAttempts(seconds) = self {
            if let Ok(v) = seconds.to_string().parse() {
                response.headers_mut().insert("retry-after", v);
            }
        }
        response
    }
}
