//! Users and sessions: adding users, signing in (throttled: `throttle.rs`) and out.

use sqlx::Row;

use crate::audit;
use crate::auth::{self, Role, Signed, User};
use crate::error::{ApiError, ApiResult};
use crate::{password, throttle, Desk};

/// The longest name accepted.
const MAX_NAME: usize = 64;

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
    password::check(name, password).map_err(ApiError::WeakPassword)
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
    let hash = password::hash(password).await?;
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
    rows.iter().map(crate::auth::user_from_row).collect()
}

/// How many users there are.
pub async fn count(desk: &Desk) -> ApiResult<i64> {
    Ok(sqlx::query("SELECT COUNT(*) AS n FROM users")
        .fetch_one(&desk.db.pool)
        .await?
        .try_get("n")?)
}

/// Signs in from the address `client`: the new session's cookie token and CSRF token. A try
/// the throttle holds back is refused before the password is checked (`throttle.rs`); a
/// disabled user is refused once their password is right.
pub async fn sign_in(
    desk: &Desk,
    client: &str,
    name: &str,
    password: &str,
) -> ApiResult<(String, Signed)> {
    if name.len() > MAX_NAME || password.len() > password::MAX_BYTES {
        return Err(ApiError::BadCredentials);
    }
    throttle::check(desk, client, name).await?;
    let row = sqlx::query(
        "SELECT id, name, role, team, password_hash, disabled_at FROM users WHERE name = $1",
    )
    .bind(name)
    .fetch_optional(&desk.db.pool)
    .await?;
    // An unknown name costs the same hashing time as a wrong password.
    let stored = match &row {
        Some(r) => r.try_get::<String, _>("password_hash")?,
        None => desk.decoy_hash.clone(),
    };
    let matches = password::matches(password, &stored).await?;
    let (Some(row), true) = (row, matches) else {
        throttle::failed(desk, client, name).await?;
        return Err(ApiError::BadCredentials);
    };
    if row.try_get::<Option<i64>, _>("disabled_at")?.is_some() {
        return Err(ApiError::Disabled);
    }
    let user = crate::auth::user_from_row(&row)?;
    let (token, csrf) = start_session(desk, client, &user).await?;
    Ok((token, Signed { user, csrf }))
}

/// A new session of `user` (signed in from `client`): its cookie token and CSRF token.
async fn start_session(desk: &Desk, client: &str, user: &User) -> ApiResult<(String, String)> {
    let now = desk.clock.now();
    let token = auth::random_hex(32)?;
    let csrf = auth::random_hex(32)?;
    let _w = desk.db.writing().await;
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
    sqlx::query("UPDATE users SET last_sign_in = $1 WHERE id = $2")
        .bind(now)
        .bind(user.id)
        .execute(&mut *tx)
        .await?;
    throttle::succeeded(&mut tx, client, &user.name).await?;
    audit::record(&mut tx, now, &user.name, "session.sign_in", None, client).await?;
    tx.commit().await?;
    Ok((token, csrf))
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
