//! Users and sessions: adding users, signing in (rate-limited) and out.

use sqlx::Row;

use crate::audit;
use crate::auth::{self, Role, Signed, User};
use crate::error::{ApiError, ApiResult};
use crate::Desk;

/// The longest name and password accepted.
const MAX_NAME: usize = 64;
const MAX_PASSWORD: usize = 256;
const MIN_PASSWORD: usize = 10;

/// Checks a new user's name and password.
fn check_new(name: &str, password: &str) -> ApiResult<()> {
    let ok_name = !name.is_empty()
        && name.len() <= MAX_NAME
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '@'));
    if !ok_name {
        return Err(ApiError::Unprocessable(format!(
            "a user name is 1 to {MAX_NAME} letters, digits and . - _ @"
        )));
    }
    if password.chars().count() < MIN_PASSWORD || password.len() > MAX_PASSWORD {
        return Err(ApiError::Unprocessable(format!(
            "a password has {MIN_PASSWORD} to {MAX_PASSWORD} characters"
        )));
    }
    Ok(())
}

/// Adds a user; `actor` is who did it, for the audit log.
pub async fn add(
    desk: &Desk,
    actor: &str,
    name: &str,
    role: Role,
    team: &str,
    password: &str,
) -> ApiResult<User> {
    check_new(name, password)?;
    if team.is_empty() || team.len() > MAX_NAME {
        return Err(ApiError::Unprocessable(format!(
            "a team name has 1 to {MAX_NAME} characters"
        )));
    }
    let hash = {
        let password = password.to_owned();
        tokio::task::spawn_blocking(move || auth::hash_password(&password))
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))??
    };
    let _w = desk.db.writing().await;
    let mut tx = desk.db.pool.begin().await?;
    let taken = sqlx::query("SELECT id FROM users WHERE name = $1")
        .bind(name)
        .fetch_optional(&mut *tx)
        .await?;
    if taken.is_some() {
        return Err(ApiError::Conflict(format!(
            "there is already a user `{name}`"
        )));
    }
    let id: i64 = sqlx::query(
        "INSERT INTO users (name, role, team, password_hash, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(name)
    .bind(role.name())
    .bind(team)
    .bind(&hash)
    .bind(desk.clock.now())
    .fetch_one(&mut *tx)
    .await?
    .try_get("id")?;
    audit::record(
        &mut tx,
        desk.clock.now(),
        actor,
        "user.add",
        None,
        &format!("{name} ({}, team {team})", role.name()),
    )
    .await?;
    tx.commit().await?;
    Ok(User {
        id,
        name: name.to_owned(),
        role,
        team: team.to_owned(),
    })
}

/// Every user (admins' view).
pub async fn list(desk: &Desk) -> ApiResult<Vec<User>> {
    let rows = sqlx::query("SELECT id, name, role, team FROM users ORDER BY name")
        .fetch_all(&desk.db.pool)
        .await?;
    rows.iter()
        .map(|r| {
            let role: String = r.try_get("role")?;
            Ok(User {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                role: Role::stored(&role)?,
                team: r.try_get("team")?,
            })
        })
        .collect()
}

/// How many users there are.
pub async fn count(desk: &Desk) -> ApiResult<i64> {
    Ok(sqlx::query("SELECT COUNT(*) AS n FROM users")
        .fetch_one(&desk.db.pool)
        .await?
        .try_get("n")?)
}

/// Signs in: the new session's cookie token and CSRF token. After [`auth::MAX_FAILURES`]
/// failures of one name within [`auth::FAILURE_WINDOW`], refuses without checking.
pub async fn sign_in(desk: &Desk, name: &str, password: &str) -> ApiResult<(String, Signed)> {
    let now = desk.clock.now();
    if name.len() > MAX_NAME || password.len() > MAX_PASSWORD {
        return Err(ApiError::BadCredentials);
    }
    let failures = sqlx::query(
        "SELECT COUNT(*) AS n, MIN(at) AS first FROM signin_failures WHERE name = $1 AND at > $2",
    )
    .bind(name)
    .bind(now - auth::FAILURE_WINDOW)
    .fetch_one(&desk.db.pool)
    .await?;
    let n: i64 = failures.try_get("n")?;
    if n >= auth::MAX_FAILURES {
        let first: Option<i64> = failures.try_get("first")?;
        let wait = first.map_or(auth::FAILURE_WINDOW, |f| f + auth::FAILURE_WINDOW - now);
        return Err(ApiError::TooManyAttempts(wait.max(1)));
    }
    let row = sqlx::query("SELECT id, name, role, team, password_hash FROM users WHERE name = $1")
        .bind(name)
        .fetch_optional(&desk.db.pool)
        .await?;
    // An unknown name costs the same hashing time as a wrong password.
    let stored = match &row {
        Some(r) => r.try_get::<String, _>("password_hash")?,
        None => desk.decoy_hash.clone(),
    };
    let matches = {
        let password = password.to_owned();
        tokio::task::spawn_blocking(move || auth::password_matches(&password, &stored))
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))?
    };
    let _w = desk.db.writing().await;
    let (Some(row), true) = (row, matches) else {
        sqlx::query("INSERT INTO signin_failures (name, at) VALUES ($1, $2)")
            .bind(name)
            .bind(now)
            .execute(&desk.db.pool)
            .await?;
        return Err(ApiError::BadCredentials);
    };
    let role: String = row.try_get("role")?;
    let user = User {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        role: Role::stored(&role)?,
        team: row.try_get("team")?,
    };
    let token = auth::random_hex(32)?;
    let csrf = auth::random_hex(32)?;
    let mut tx = desk.db.pool.begin().await?;
    sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(now)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(auth::token_hash(&token))
    .bind(user.id)
    .bind(&csrf)
    .bind(now)
    .bind(now + auth::SESSION_SECONDS)
    .execute(&mut *tx)
    .await?;
    audit::record(&mut tx, now, &user.name, "session.sign_in", None, "").await?;
    tx.commit().await?;
    Ok((token, Signed { user, csrf }))
}

/// Ends the session of a cookie's token.
pub async fn sign_out(desk: &Desk, token: &str) -> ApiResult<()> {
    let _w = desk.db.writing().await;
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(auth::token_hash(token))
        .execute(&desk.db.pool)
        .await?;
    Ok(())
}
