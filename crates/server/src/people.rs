//! People and access: admins disable and enable users, end their sessions and make one-time
//! password reset links; every user changes their own password and signs out everywhere.
//! Each change is one transaction with its audit entry.

use configurator_api::access::{ResetDone, ResetInfo, ResetLink, UserInfo};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use crate::auth::{self, Signed, User};
use crate::error::{ApiError, ApiResult};
use crate::{audit, clock, password, throttle, Desk};

/// How long a reset link may be used, in seconds (24 hours).
pub const RESET_SECONDS: i64 = 24 * 3600;

/// The users' query, with its end (static SQL: `concat!` of literals).
macro_rules! users_query {
    ($end:literal) => {
        concat!(
            "SELECT u.id, u.name, u.role, u.team, u.disabled_at, u.last_sign_in, ",
            "(SELECT COUNT(*) FROM sessions s WHERE s.user_id = u.id AND s.expires_at > $1) ",
            "AS live FROM users u ",
            $end
        )
    };
}

fn info_of(r: &AnyRow) -> ApiResult<UserInfo> {
    Ok(UserInfo {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        role: crate::auth::stored_role(&r.try_get::<String, _>("role")?)?,
        team: r.try_get("team")?,
        disabled: r.try_get::<Option<i64>, _>("disabled_at")?.is_some(),
        last_sign_in: r
            .try_get::<Option<i64>, _>("last_sign_in")?
            .map(clock::timestamp),
        sessions: r.try_get("live")?,
    })
}

/// Every user, by name (admins' view).
pub async fn list(desk: &Desk) -> ApiResult<Vec<UserInfo>> {
    let rows = sqlx::query(users_query!("ORDER BY u.name"))
        .bind(desk.clock.now())
        .fetch_all(&desk.db.pool)
        .await?;
    rows.iter().map(info_of).collect()
}

/// One user, by id.
pub async fn info(desk: &Desk, id: i64) -> ApiResult<UserInfo> {
    let row = sqlx::query(users_query!("WHERE u.id = $2"))
        .bind(desk.clock.now())
        .bind(id)
        .fetch_optional(&desk.db.pool)
        .await?;
    row.as_ref()
        .map(info_of)
        .unwrap_or_else(|| Err(no_user(id)))
}

fn no_user(id: i64) -> ApiError {
    ApiError::NotFound(format!("no user {id}"))
}

/// The name of user `id`, in a transaction.
async fn name_of(tx: &mut Transaction<'_, Any>, id: i64) -> ApiResult<String> {
    let row = sqlx::query("SELECT name FROM users WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(row.ok_or_else(|| no_user(id))?.try_get("name")?)
}

/// Ends the sessions of user `id` but the one whose token hashes to `keep`: how many.
async fn end_all(tx: &mut Transaction<'_, Any>, id: i64, keep: Option<&str>) -> ApiResult<i64> {
    let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
        .bind(id)
        .bind(keep.unwrap_or_default())
        .execute(&mut **tx)
        .await?;
    Ok(i64::try_from(done.rows_affected()).unwrap_or(i64::MAX))
}

/// Disables (their sessions end at once) or enables user `id`. An admin cannot disable
/// themselves, nor the last admin who is not disabled.
pub async fn set_disabled(
    desk: &Desk,
    actor: &User,
    id: i64,
    disabled: bool,
) -> ApiResult<UserInfo> {
    if disabled && actor.id == id {
        return Err(ApiError::Conflict(
            "an admin cannot disable themselves".into(),
        ));
    }
    let now = desk.clock.now();
    let _w = desk.db.writing().await;
    let mut tx = desk.db.pool.begin().await?;
    let name = name_of(&mut tx, id).await?;
    if disabled {
        // Locks the admins' rows, so that two admins disabling each other at once cannot
        // leave none: the second waits for the first and then counts what it left.
        sqlx::query("UPDATE users SET role = role WHERE role = 'admin'")
            .execute(&mut *tx)
            .await?;
        let changed =
            sqlx::query("UPDATE users SET disabled_at = $1 WHERE id = $2 AND disabled_at IS NULL")
                .bind(now)
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        let admins: i64 = sqlx::query(
            "SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND disabled_at IS NULL",
        )
        .fetch_one(&mut *tx)
        .await?
        .try_get("n")?;
        if admins == 0 {
            return Err(ApiError::Conflict(
                "the last admin cannot be disabled".into(),
            ));
        }
        if changed > 0 {
            let ended = end_all(&mut tx, id, None).await?;
            let detail = format!("{name} ({ended} sessions ended)");
            audit::record(&mut tx, now, &actor.name, "user.disable", None, &detail).await?;
        }
    } else {
        let changed = sqlx::query(
            "UPDATE users SET disabled_at = NULL WHERE id = $1 AND disabled_at IS NOT NULL",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed > 0 {
            audit::record(&mut tx, now, &actor.name, "user.enable", None, &name).await?;
        }
    }
    tx.commit().await?;
    info(desk, id).await
}

/// Ends every session of user `id` (an admin's action): how many.
pub async fn end_sessions(desk: &Desk, actor: &User, id: i64) -> ApiResult<i64> {
    let now = desk.clock.now();
    let _w = desk.db.writing().await;
    let mut tx = desk.db.pool.begin().await?;
    let name = name_of(&mut tx, id).await?;
    let ended = end_all(&mut tx, id, None).await?;
    let detail = format!("{name} ({ended} sessions ended)");
    audit::record(
        &mut tx,
        now,
        &actor.name,
        "user.end_sessions",
        None,
        &detail,
    )
    .await?;
    tx.commit().await?;
    Ok(ended)
}

/// A one-time link that lets user `id` set a new password, valid [`RESET_SECONDS`]; it
/// replaces any earlier unused link of theirs. The token is shown once: the desk keeps its
/// SHA-256.
pub async fn reset_link(desk: &Desk, actor: &User, id: i64) -> ApiResult<ResetLink> {
    let now = desk.clock.now();
    let token = auth::random_hex(32)?;
    let expires = now + RESET_SECONDS;
    let _w = desk.db.writing().await;
    let mut tx = desk.db.pool.begin().await?;
    let name = name_of(&mut tx, id).await?;
    sqlx::query("DELETE FROM password_resets WHERE user_id = $1 AND used_at IS NULL")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO password_resets (token_hash, user_id, created_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(auth::token_hash(&token))
    .bind(id)
    .bind(actor.id)
    .bind(now)
    .bind(expires)
    .execute(&mut *tx)
    .await?;
    let detail = format!("{name} (valid until {})", clock::timestamp(expires));
    audit::record(&mut tx, now, &actor.name, "user.reset_link", None, &detail).await?;
    tx.commit().await?;
    Ok(ResetLink {
        path: format!("/desk/#reset={token}"),
        token,
        expires_at: clock::timestamp(expires),
    })
}

/// The user and expiry of a live (unused, unexpired) reset link.
async fn live_reset(desk: &Desk, token: &str) -> ApiResult<(i64, String, i64)> {
    let row = sqlx::query(
        "SELECT u.id, u.name, r.expires_at FROM password_resets r \
         JOIN users u ON u.id = r.user_id \
         WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > $2",
    )
    .bind(auth::token_hash(token))
    .bind(desk.clock.now())
    .fetch_optional(&desk.db.pool)
    .await?
    .ok_or_else(|| ApiError::NotFound("this link was used, replaced or has expired".into()))?;
    Ok((
        row.try_get("id")?,
        row.try_get("name")?,
        row.try_get("expires_at")?,
    ))
}

/// Whose a reset link is.
pub async fn reset_info(desk: &Desk, token: &str) -> ApiResult<ResetInfo> {
    let (_, name, expires) = live_reset(desk, token).await?;
    Ok(ResetInfo {
        name,
        expires_at: clock::timestamp(expires),
    })
}

/// Sets a new password with a reset link (once): the user's sessions end.
pub async fn use_reset(desk: &Desk, token: &str, new: &str) -> ApiResult<ResetDone> {
    let (id, name, _) = live_reset(desk, token).await?;
    password::checked(&name, new).await?;
    let hash = password::hash(new).await?;
    let now = desk.clock.now();
    let _w = desk.db.writing().await;
    let mut tx = desk.db.pool.begin().await?;
    // Only one use, even of two at once: the second finds it used.
    let used = sqlx::query(
        "UPDATE password_resets SET used_at = $1 \
         WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $3",
    )
    .bind(now)
    .bind(auth::token_hash(token))
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if used == 0 {
        return Err(ApiError::NotFound(
            "this link was used, replaced or has expired".into(),
        ));
    }
    set_hash(&mut tx, id, &hash).await?;
    let ended = end_all(&mut tx, id, None).await?;
    let detail = format!("with a reset link ({ended} sessions ended)");
    audit::record(&mut tx, now, &name, "user.password_reset", None, &detail).await?;
    tx.commit().await?;
    Ok(ResetDone { name })
}

async fn set_hash(tx: &mut Transaction<'_, Any>, id: i64, hash: &str) -> ApiResult<()> {
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A user changes their own password: the current one is needed (a wrong one counts as a
/// failed sign-in from `client`, and the throttle applies); their other sessions end, the one
/// of `session_token` stays. How many ended.
pub async fn change_password(
    desk: &Desk,
    signed: &Signed,
    session_token: &str,
    client: &str,
    current: &str,
    new: &str,
) -> ApiResult<i64> {
    let user = &signed.user;
    throttle::check(desk, client, &user.name).await?;
    let stored: String = sqlx::query("SELECT password_hash FROM users WHERE id = $1")
        .bind(user.id)
        .fetch_one(&desk.db.pool)
        .await?
        .try_get("password_hash")?;
    if current.len() > password::MAX_BYTES || !password::matches(current, &stored).await? {
        throttle::failed(desk, client, &user.name).await?;
        return Err(ApiError::WrongPassword);
    }
    password::checked(&user.name, new).await?;
    let hash = password::hash(new).await?;
    let now = desk.clock.now();
    let _w = desk.db.writing().await;
    let mut tx = desk.db.pool.begin().await?;
    set_hash(&mut tx, user.id, &hash).await?;
    let keep = auth::token_hash(session_token);
    let ended = end_all(&mut tx, user.id, Some(&keep)).await?;
    let detail = format!("{ended} other sessions ended");
    audit::record(
        &mut tx,
        now,
        &user.name,
        "user.password_change",
        None,
        &detail,
    )
    .await?;
    tx.commit().await?;
    Ok(ended)
}

/// Ends every session of the user, this one too: how many.
pub async fn sign_out_everywhere(desk: &Desk, user: &User) -> ApiResult<i64> {
    let now = desk.clock.now();
    let _w = desk.db.writing().await;
    let mut tx = desk.db.pool.begin().await?;
    let ended = end_all(&mut tx, user.id, None).await?;
    let detail = format!("{ended} sessions ended");
    audit::record(
        &mut tx,
        now,
        &user.name,
        "session.sign_out_everywhere",
        None,
        &detail,
    )
    .await?;
    tx.commit().await?;
    Ok(ended)
}
