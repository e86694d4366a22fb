//! Who receives what, in which language: users (their `email` and `language`; English unless
//! set) and the customer's contact ([`customer`], the one place that decides it).

use configurator_engine::locale::Locale;
use sqlx::{Any, AnyConnection, Row, Transaction};

use crate::error::{ApiError, ApiResult};
use crate::Desk;

/// Someone to write to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recipient {
    /// The address.
    pub email: String,
    /// The language to write in.
    pub locale: Locale,
}

/// What a request says about the customer's contact (the rep gives it with a link).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Given {
    /// An address, checked ([`email`]).
    pub email: Option<String>,
    /// A language.
    pub locale: Option<Locale>,
}

/// The customer's contact for quote `quote_id`: whom its messages go to and the language of
/// its messages and documents: what the request gives, else the first contact of the quote's
/// customer account (in the contact's language), else what the quote's latest link was given,
/// else English with no address.
pub async fn customer(
    conn: &mut AnyConnection,
    quote_id: i64,
    given: &Given,
) -> ApiResult<(Option<String>, Locale)> {
    let last = sqlx::query(
        "SELECT email, language FROM customer_links WHERE quote_id = $1 \
         AND (email IS NOT NULL OR language IS NOT NULL) ORDER BY id DESC LIMIT 1",
    )
    .bind(quote_id)
    .fetch_optional(&mut *conn)
    .await?;
    let (email, language) = match &last {
        Some(r) => (
            r.try_get::<Option<String>, _>("email")?,
            r.try_get::<Option<String>, _>("language")?,
        ),
        None => (None, None),
    };
    // The quote's customer account: its first contact, in their language.
    let account = sqlx::query(
        "SELECT c.email, c.language FROM quotes q \
         JOIN account_contacts c ON c.account_id = q.account_id \
         WHERE q.id = $1 ORDER BY c.position LIMIT 1",
    )
    .bind(quote_id)
    .fetch_optional(&mut *conn)
    .await?;
    let (account_email, account_language) = match &account {
        Some(r) => (
            Some(r.try_get::<String, _>("email")?),
            r.try_get::<Option<String>, _>("language")?,
        ),
        None => (None, None),
    };
    let locale = given
        .locale
        .or_else(|| account_language.as_deref().and_then(Locale::from_tag))
        .or_else(|| language.as_deref().and_then(Locale::from_tag))
        .unwrap_or_default();
    Ok((given.email.clone().or(account_email).or(email), locale))
}

/// A user's address and language, if they gave an address.
pub async fn user(tx: &mut Transaction<'_, Any>, user_id: i64) -> ApiResult<Option<Recipient>> {
    let row = sqlx::query("SELECT email, language FROM users WHERE id = $1 AND email IS NOT NULL")
        .bind(user_id)
        .fetch_optional(&mut **tx)
        .await?;
    row.map(|r| recipient(&r)).transpose()
}

/// Who is asked to approve a quote of `team` that needs `level` (`manager`, `director` or
/// `admin`, the approval ladder's level): the team's managers, or every director or admin
/// (those levels are organisation-wide); never the owner (`except`).
pub async fn approvers(
    tx: &mut Transaction<'_, Any>,
    team: &str,
    level: &str,
    except: i64,
) -> ApiResult<Vec<Recipient>> {
    if level == "manager" {
        return managers(tx, team, except).await;
    }
    let rows = sqlx::query(
        "SELECT email, language FROM users WHERE role = $1 AND id <> $2 \
         AND email IS NOT NULL AND disabled_at IS NULL ORDER BY name",
    )
    .bind(level)
    .bind(except)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter().map(recipient).collect()
}

/// The managers of `team` with an address, but `except` (the quote's owner).
pub async fn managers(
    tx: &mut Transaction<'_, Any>,
    team: &str,
    except: i64,
) -> ApiResult<Vec<Recipient>> {
    let rows = sqlx::query(
        "SELECT email, language FROM users WHERE role = 'manager' AND team = $1 AND id <> $2 \
         AND disabled_at IS NULL \
         AND email IS NOT NULL ORDER BY name",
    )
    .bind(team)
    .bind(except)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter().map(recipient).collect()
}

fn recipient(r: &sqlx::any::AnyRow) -> ApiResult<Recipient> {
    let language: Option<String> = r.try_get("language")?;
    Ok(Recipient {
        email: r.try_get("email")?,
        locale: language
            .as_deref()
            .and_then(Locale::from_tag)
            .unwrap_or_default(),
    })
}

/// An e-mail address as given, checked: one mailbox, no display name, at most 254 bytes.
pub fn email(text: &str) -> ApiResult<String> {
    let text = text.trim();
    if text.len() > 254 || text.parse::<lettre::Address>().is_err() {
        return Err(ApiError::Unprocessable(format!(
            "`{}` is not an e-mail address",
            text.chars().take(80).collect::<String>()
        )));
    }
    Ok(text.to_owned())
}

/// A language tag as given (`en`, `de`), checked.
pub fn language(tag: &str) -> ApiResult<Locale> {
    Locale::from_tag(tag).ok_or_else(|| {
        ApiError::Unprocessable(format!(
            "the language is `en` or `de`, not `{}`",
            tag.chars().take(20).collect::<String>()
        ))
    })
}

/// Sets user `name`'s address and language (when given); both checked first.
pub async fn set_user(
    desk: &Desk,
    name: &str,
    email: Option<&str>,
    language: Option<&str>,
) -> ApiResult<()> {
    let email = email.map(self::email).transpose()?;
    let locale = language.map(self::language).transpose()?;
    let _w = desk.db.writing().await;
    sqlx::query(
        "UPDATE users SET email = COALESCE($1, email), language = COALESCE($2, language) \
         WHERE name = $3",
    )
    .bind(email)
    .bind(locale.map(Locale::tag))
    .bind(name)
    .execute(&desk.db.pool)
    .await?;
    Ok(())
}
