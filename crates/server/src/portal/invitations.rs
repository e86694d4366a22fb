//! Invitations: a desk user invites one of a customer account's contacts to the portal. The
//! one-time link (a random 256-bit token; only its SHA-256 is stored) is open for
//! [`DAYS`] days and mailed through the outbox in the same transaction, in the invitee's
//! language. Inviting an address that already has a buyer of the account sends a fresh link
//! and closes the old ones. Accepting sets the buyer's first password (the desk's password
//! rules), closes the link and signs the buyer in.

use configurator_api::portal::{Invitation, InvitationInfo, NewInvitation};
use sqlx::Row;

use super::session::{self, email_key, Buyer, BUYER};
use crate::auth::{self, Role, User};
use crate::error::{ApiError, ApiResult};
use crate::mail::contacts;
use crate::{audit, clock, password, Desk};

/// How long an invitation stays open, in days.
pub const DAYS: i64 = 7;

/// The longest name of a buyer.
const MAX_NAME: usize = 200;

/// The link's path for `token` (the portal's welcome page).
pub fn link(token: &str) -> String {
    format!("/portal/#/welcome/{token}")
}

/// Invites `new` to account `account` for `user` (any desk user but the order desk). Only one
/// of the account's contacts (kept by managers) is invited, and the link is mailed to them
/// only, never answered: an inviter holding the link could sign in as the customer, read the
/// account's quotes and orders and accept quotes in its name.
pub async fn invite(
    desk: &Desk,
    user: &User,
    account: i64,
    new: &NewInvitation,
) -> ApiResult<Invitation> {
    if user.role == Role::OrderDesk {
        return Err(ApiError::Forbidden(
            "the order desk does not invite customers".into(),
        ));
    }
    let name = new.name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME || name.chars().any(char::is_control) {
        return Err(ApiError::Unprocessable(format!(
            "`name`: 1 to {MAX_NAME} characters, no control characters"
        )));
    }
    let email = contacts::email(&new.email)?;
    let locale = contacts::language(&new.language)?;
    let account_name: String = sqlx::query("SELECT name FROM accounts WHERE id = $1")
        .bind(account)
        .fetch_optional(&desk.db.pool)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no account {account}")))?
        .try_get("name")?;
    let contact = sqlx::query(
        "SELECT 1 AS one FROM account_contacts WHERE account_id = $1 AND lower(email) = $2",
    )
    .bind(account)
    .bind(email_key(&email))
    .fetch_optional(&desk.db.pool)
    .await?;
    if contact.is_none() {
        return Err(ApiError::Unprocessable(format!(
            "{email} is not a contact of account `{account_name}`: a manager adds contacts \
             before they are invited"
        )));
    }
    let token = auth::random_hex(32)?;
    let now = desk.clock.now();
    let expires = now + DAYS * 86_400;
    let _w = desk.db.writing().await;
    let mut tx = desk.db.pool.begin().await?;
    let existing = sqlx::query("SELECT id, account_id FROM buyers WHERE email_key = $1")
        .bind(email_key(&email))
        .fetch_optional(&mut *tx)
        .await?;
    let id: i64 = match existing {
        Some(r) if r.try_get::<i64, _>("account_id")? != account => {
            return Err(ApiError::Conflict(format!(
                "{email} already buys for another account: a buyer belongs to one account"
            )))
        }
        Some(r) => {
            let id: i64 = r.try_get("id")?;
            sqlx::query(
                "UPDATE invitations SET closed_at = $1 WHERE buyer_id = $2 AND closed_at IS NULL",
            )
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            id
        }
        None => sqlx::query(
            "INSERT INTO buyers (account_id, name, email, email_key, language, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(account)
        .bind(name)
        .bind(&email)
        .bind(email_key(&email))
        .bind(locale.tag())
        .bind(now)
        .fetch_one(&mut *tx)
        .await?
        .try_get("id")?,
    };
    sqlx::query(
        "INSERT INTO invitations (token_hash, buyer_id, created_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(auth::token_hash(&token))
    .bind(id)
    .bind(user.id)
    .bind(now)
    .bind(expires)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        now,
        &user.name,
        "portal.invite",
        None,
        &format!("{email} (buyer {id}) to account {account} `{account_name}`, {DAYS} days"),
    )
    .await?;
    let url = format!("{}{}", desk.mail.public_url(), link(&token));
    let closes = clock::timestamp(expires);
    let invite = super::mail::Invite {
        name,
        account: &account_name,
        inviter: &user.name,
        link: &url,
        closes: &closes,
    };
    super::mail::invitation(&mut tx, desk, &email, locale, &invite).await?;
    tx.commit().await?;
    drop(_w);
    desk.mail.wake();
    Ok(Invitation {
        email,
        expires_at: closes,
    })
}

/// The buyer of an open link's token, with the account's name.
async fn open(desk: &Desk, token: &str) -> ApiResult<super::session::BuyerInfo> {
    let gone = || {
        ApiError::NotFound("this invitation is not valid: it may have expired or been used".into())
    };
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(gone());
    }
    let row = sqlx::query(&format!(
        "SELECT {BUYER} JOIN invitations i ON i.buyer_id = b.id \
         WHERE i.token_hash = $1 AND i.closed_at IS NULL AND i.expires_at > $2 \
         AND b.disabled_at IS NULL"
    ))
    .bind(auth::token_hash(token))
    .bind(desk.clock.now())
    .fetch_optional(&desk.db.pool)
    .await?
    .ok_or_else(gone)?;
    session::buyer_info(&row)
}

/// Who an open link is for.
pub async fn info(desk: &Desk, token: &str) -> ApiResult<InvitationInfo> {
    let b = open(desk, token).await?;
    Ok(InvitationInfo {
        name: b.name,
        email: b.email,
        account_name: b.account_name,
        language: b.language,
    })
}

/// Accepts the link `token` with the buyer's password: sets it, closes the link (and any other
/// of the buyer's), signs the buyer in. The new session's cookie token and the buyer.
pub async fn accept(desk: &Desk, token: &str, pass: &str) -> ApiResult<(String, Buyer)> {
    let b = open(desk, token).await?;
    password::checked(&b.email, pass).await?;
    let hash = password::hash(pass).await?;
    let now = desk.clock.now();
    let _w = desk.db.writing().await;
    let mut tx = desk.db.pool.begin().await?;
    // Closed only if still open: two tries at once set one password.
    let closed = sqlx::query(
        "UPDATE invitations SET closed_at = $1 WHERE token_hash = $2 AND closed_at IS NULL \
         AND expires_at > $3",
    )
    .bind(now)
    .bind(auth::token_hash(token))
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if closed != 1 {
        return Err(ApiError::NotFound(
            "this invitation is not valid: it may have expired or been used".into(),
        ));
    }
    sqlx::query("UPDATE invitations SET closed_at = $1 WHERE buyer_id = $2 AND closed_at IS NULL")
        .bind(now)
        .bind(b.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE buyers SET password_hash = $1 WHERE id = $2")
        .bind(&hash)
        .bind(b.id)
        .execute(&mut *tx)
        .await?;
    // Sessions of an earlier password end.
    sqlx::query("DELETE FROM buyer_sessions WHERE buyer_id = $1")
        .bind(b.id)
        .execute(&mut *tx)
        .await?;
    let (cookie, csrf) = session::start(&mut tx, desk, b.id).await?;
    audit::record(
        &mut tx,
        now,
        &format!("buyer: {}", b.email),
        "portal.invitation_accepted",
        None,
        &format!("buyer {} of account {}", b.id, b.account),
    )
    .await?;
    tx.commit().await?;
    Ok((cookie, Buyer { buyer: b, csrf }))
}
