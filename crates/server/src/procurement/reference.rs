//! The `SupplierPartAuxiliaryID` of a configured product in a procurement system's cart (and
//! OCI's `NEW_ITEM-EXT_PRODUCT_ID`): a signed reference to the desk quote the transfer made,
//! `v1.<quote number>.<revision>.<mac>`, the MAC being HMAC-SHA256 over `v1.<number>.<revision>`
//! with the desk's procurement key (`procurement_key`, made on first use), base64url without
//! padding. It names the configuration and its prices without carrying them; any change to it
//! is refused (the MAC is compared in constant time).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use sqlx::{AnyConnection, Row};

use crate::error::{ApiError, ApiResult};

/// The version prefix of the references written now.
const PREFIX: &str = "v1";
/// The longest reference read (cXML's `SupplierPartAuxiliaryID` is free text; OCI fields are
/// short).
const MAX_LEN: usize = 200;

/// A quote revision a reference names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    /// The quote's number.
    pub quote: String,
    /// Its revision.
    pub revision: i64,
}

/// Why a reference is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReferenceError {
    /// Not of the form `v1.<number>.<revision>.<mac>`.
    #[error("the reference is not one this supplier wrote")]
    Malformed,
    /// The MAC does not match: changed or forged.
    #[error("the reference was changed or forged: its signature does not match")]
    Forged,
}

/// The desk's signing key, made (32 random bytes) the first time it is needed.
pub async fn key(conn: &mut AnyConnection, now: i64) -> ApiResult<Vec<u8>> {
    let fresh = crate::auth::random_hex(32)?;
    sqlx::query(
        "INSERT INTO procurement_key (id, key, created_at) VALUES (1, $1, $2) \
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(&fresh)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    let key: String = sqlx::query("SELECT key FROM procurement_key WHERE id = 1")
        .fetch_one(&mut *conn)
        .await?
        .try_get("key")?;
    Ok(key.into_bytes())
}

/// [`key`] outside any transaction: on a connection of its own, as the desk's one writer.
pub async fn key_alone(desk: &crate::Desk) -> ApiResult<Vec<u8>> {
    let _w = desk.db.writing().await;
    let mut conn = desk.db.pool.acquire().await?;
    key(&mut conn, desk.clock.now()).await
}

fn mac(key: &[u8], signed: &str) -> Hmac<Sha256> {
    // HMAC takes keys of any length: this cannot fail.
    let mut m = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC accepts any key length");
    m.update(signed.as_bytes());
    m
}

/// The signed reference to revision `revision` of quote `quote`.
pub fn sign(key: &[u8], r: &Reference) -> String {
    let signed = format!("{PREFIX}.{}.{}", r.quote, r.revision);
    let tag = mac(key, &signed).finalize().into_bytes();
    format!("{signed}.{}", URL_SAFE_NO_PAD.encode(tag))
}

/// The quote revision a reference names, if its signature holds.
pub fn verify(key: &[u8], text: &str) -> Result<Reference, ReferenceError> {
    let text = text.trim();
    if text.len() > MAX_LEN {
        return Err(ReferenceError::Malformed);
    }
    let (signed, tag) = text.rsplit_once('.').ok_or(ReferenceError::Malformed)?;
    let (head, revision) = signed.rsplit_once('.').ok_or(ReferenceError::Malformed)?;
    let quote = head
        .strip_prefix(PREFIX)
        .and_then(|q| q.strip_prefix('.'))
        .ok_or(ReferenceError::Malformed)?;
    let tag = URL_SAFE_NO_PAD
        .decode(tag)
        .map_err(|_| ReferenceError::Malformed)?;
    mac(key, signed)
        .verify_slice(&tag)
        .map_err(|_| ReferenceError::Forged)?;
    let revision: i64 = revision.parse().map_err(|_| ReferenceError::Malformed)?;
    if quote.is_empty() || revision < 1 {
        return Err(ReferenceError::Malformed);
    }
    Ok(Reference {
        quote: quote.to_owned(),
        revision,
    })
}

/// [`verify`] with the desk's key, as an [`ApiError`] (unprocessable).
pub async fn verify_in(conn: &mut AnyConnection, now: i64, text: &str) -> ApiResult<Reference> {
    let key = key(conn, now).await?;
    verify(&key, text).map_err(|e| ApiError::Unprocessable(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_and_refuses_any_change() {
        let key = b"0123456789abcdef0123456789abcdef";
        let r = Reference {
            quote: "Q-2026-000042".into(),
            revision: 3,
        };
        let s = sign(key, &r);
        assert!(s.starts_with("v1.Q-2026-000042.3."));
        assert_eq!(verify(key, &s), Ok(r));
        assert_eq!(verify(b"another key", &s), Err(ReferenceError::Forged));
        let other = s.replace(".3.", ".4.");
        assert_eq!(verify(key, &other), Err(ReferenceError::Forged));
        let other = s.replace("000042", "000043");
        assert_eq!(verify(key, &other), Err(ReferenceError::Forged));
        let mut cut = s.clone();
        cut.pop();
        assert!(verify(key, &cut).is_err());
        assert_eq!(verify(key, "Q-1"), Err(ReferenceError::Malformed));
        assert_eq!(verify(key, "v2.Q.1.AAAA"), Err(ReferenceError::Malformed));
    }
}
