//! People and access: the users an admin manages, a user's own account, one-time password
//! reset links.

use serde::{Deserialize, Serialize};

/// One user as an admin sees them (`GET /api/users`, and the answer of every change to a
/// user). Never a password or its hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserInfo {
    /// Database id (the `{id}` of `/api/users/{id}/...`).
    pub id: i64,
    /// Sign-in name.
    pub name: String,
    /// Role.
    pub role: crate::session::Role,
    /// Team.
    pub team: String,
    /// Whether an admin disabled the user (they cannot sign in).
    pub disabled: bool,
    /// When they last signed in (UTC, `YYYY-MM-DDTHH:MM:SSZ`), if ever.
    pub last_sign_in: Option<String>,
    /// How many live sessions they have.
    pub sessions: i64,
}

/// `GET /api/users`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserList {
    /// Every user, by name.
    pub users: Vec<UserInfo>,
}

/// `POST /api/users`: a new user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    /// Sign-in name (letters, digits and `. - _ @`).
    pub name: String,
    /// `rep`, `manager`, `director` or `admin`.
    pub role: String,
    /// Team.
    pub team: String,
    /// The first password (the password policy applies).
    pub password: String,
    /// Where the desk's messages to this user go (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// `en` (the default) or `de`: the language of those messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// The answer of `POST /api/users` and of disabling or enabling a user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserAnswer {
    /// The user as they are now.
    pub user: UserInfo,
}

/// The body of `POST /api/users/{id}/disable`, `/enable` and `/reset`: nothing (a JSON
/// object, so that only the desk's own pages can send it).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NoFields {}

/// `POST /api/users/{id}/reset`: a one-time link, shown once (the desk keeps only its
/// SHA-256).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResetLink {
    /// The token (64 hex digits).
    pub token: String,
    /// The page's address relative to the desk: `/desk/#reset=TOKEN`.
    pub path: String,
    /// Until when it may be used (UTC).
    pub expires_at: String,
}

/// How many sessions ended (`DELETE /api/users/{id}/sessions`,
/// `DELETE /api/account/sessions`, `POST /api/account/password`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionsEnded {
    /// Sessions ended.
    pub ended: i64,
}

/// `POST /api/account/password`: a user changes their own password.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    /// The password now.
    pub current: String,
    /// The new one (the password policy applies).
    pub new: String,
}

/// `GET /api/password-reset/{token}`: whose link it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResetInfo {
    /// The user's sign-in name.
    pub name: String,
    /// Until when the link may be used (UTC).
    pub expires_at: String,
}

/// `POST /api/password-reset`: sets a new password with a link's token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasswordReset {
    /// The link's token.
    pub token: String,
    /// The new password (the password policy applies).
    pub password: String,
}

/// The answer of `POST /api/password-reset`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResetDone {
    /// Whose password it was: they sign in with it now.
    pub name: String,
}

/// The error codes of people and access (in [`crate::error::ErrorBody::error`]), for the
/// pages to word.
pub mod codes {
    /// A password under 12 characters (or over 256 bytes).
    pub const PASSWORD_LENGTH: &str = "password_length";
    /// A common password or an easily guessed pattern.
    pub const PASSWORD_COMMON: &str = "password_common";
    /// A password that is, or contains, the user's name.
    pub const PASSWORD_NAME: &str = "password_name";
    /// The current password given to change it is wrong.
    pub const WRONG_PASSWORD: &str = "wrong_password";
    /// The user is disabled.
    pub const DISABLED: &str = "account_disabled";
    /// A sign-in waits (HTTP 429 with `Retry-After`).
    pub const TOO_MANY: &str = "too_many_attempts";
}
