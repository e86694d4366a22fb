//! Buyer organisations: the procurement systems that may punch out and order, each linked to a
//! customer account (price book, partner tier, currency, language) and to the desk user who
//! owns the quotes its carts make.
//!
//! Authentication ([`authenticate`], [`authenticate_oci`]): the organisation is found by a
//! `From` credential (domain and identity, case-insensitive) or its OCI user name, and the
//! `Sender`'s `SharedSecret` (OCI `PASSWORD`) is checked with argon2id against its hash. An
//! unknown identity, a disabled organisation and a wrong secret all answer 401 after the same
//! work (the desk's decoy hash is checked when there is no real one).
//!
//! Administration ([`create`], [`update`], [`rotate`]): validated with clear errors; a secret
//! is 32 random bytes, base64url, shown once.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use configurator_api::procurement::{
    Identity, NewSecret, Organisation, OrganisationInput, Organisations,
};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use super::envelope::{Credential, Status};
use crate::auth::{Role, User};
use crate::error::{ApiError, ApiResult};
use crate::origin::Origin;
use crate::{audit, password, Desk};

/// The most identities and origins an organisation has.
const MAX_LIST: usize = 20;

/// An organisation as the PunchOut and order services use it.
#[derive(Clone, Debug)]
pub struct Org {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Customer account.
    pub account: i64,
    /// The account's name.
    pub account_name: String,
    /// The account's language (`en`, `de`).
    pub language: String,
    /// The account's price book.
    pub price_book: String,
    /// The account's partner tier.
    pub partner_tier: Option<String>,
    /// The owning desk user.
    pub owner: i64,
    /// Allowed `BrowserFormPost` / `HOOK_URL` origins.
    pub form_post_origins: Vec<Origin>,
    /// Its order-response URL.
    pub order_url: Option<String>,
    /// Bill of materials as sub-items.
    pub sub_items: bool,
    /// Whether it is disabled.
    pub disabled: bool,
    /// Its first identity (domain, identity): the `To` of the documents we send it.
    pub identity: (String, String),
    secret_hash: String,
}

impl Org {
    /// Whether `url`'s origin is one the organisation's carts may be posted to.
    pub fn allows(&self, url: &str) -> bool {
        url_origin(url).is_some_and(|o| self.form_post_origins.contains(&o))
    }
}

/// The origin of an absolute `http(s)` URL.
pub fn url_origin(url: &str) -> Option<Origin> {
    let uri: axum::http::Uri = url.trim().parse().ok()?;
    let authority = uri.authority()?;
    if authority.as_str().contains('@') {
        return None;
    }
    Origin::parse(&format!("{}://{}", uri.scheme_str()?, authority)).ok()
}

/// Whether a host is a loopback name or address (plain `http` is allowed only there).
fn loopback(host: &str) -> bool {
    let h = host.trim_start_matches('[').trim_end_matches(']');
    h == "localhost"
        || h.parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// An origin an admin entered: `https://host[:port]` (no path), `http` only on loopback.
pub fn valid_origin(text: &str) -> ApiResult<Origin> {
    let o = Origin::parse(text.trim()).map_err(|e| ApiError::Unprocessable(e.to_string()))?;
    if o.scheme == "http" && !loopback(&o.host) {
        return Err(ApiError::Unprocessable(format!(
            "`{text}`: an origin must be https (plain http only on a loopback address)"
        )));
    }
    Ok(o)
}

/// A URL an admin entered (the order-response URL): absolute, https (http only on loopback).
fn valid_url(field: &str, text: &str) -> ApiResult<String> {
    let text = text.trim();
    let o = url_origin(text)
        .ok_or_else(|| ApiError::Unprocessable(format!("`{field}` must be an absolute URL")))?;
    if text.len() > 2000 || (o.scheme == "http" && !loopback(&o.host)) {
        return Err(ApiError::Unprocessable(format!(
            "`{field}` must be an https URL of at most 2000 characters (plain http only on a \
             loopback address)"
        )));
    }
    Ok(text.to_owned())
}

const ORG: &str = "o.id, o.name, o.account_id, a.name AS account_name, a.language, \
    a.price_book, a.partner_tier, o.owner_id, u.name AS owner_name, o.form_post_origins, \
    o.order_url, o.outbound_secret, o.oci_username, o.sub_items, o.secret_hash, \
    o.secret_set_at, o.disabled_at, \
    (SELECT i.domain FROM buyer_org_identities i WHERE i.org_id = o.id \
     ORDER BY i.position LIMIT 1) AS first_domain, \
    (SELECT i.identity FROM buyer_org_identities i WHERE i.org_id = o.id \
     ORDER BY i.position LIMIT 1) AS first_identity \
    FROM buyer_orgs o JOIN accounts a ON a.id = o.account_id \
    JOIN users u ON u.id = o.owner_id";

fn org(r: &AnyRow) -> ApiResult<Org> {
    let origins: String = r.try_get("form_post_origins")?;
    Ok(Org {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        account: r.try_get("account_id")?,
        account_name: r.try_get("account_name")?,
        language: r.try_get("language")?,
        price_book: r.try_get("price_book")?,
        partner_tier: r.try_get("partner_tier")?,
        owner: r.try_get("owner_id")?,
        form_post_origins: origins
            .lines()
            .filter_map(|l| Origin::parse(l).ok())
            .collect(),
        order_url: r.try_get("order_url")?,
        sub_items: r.try_get::<i64, _>("sub_items")? != 0,
        disabled: r.try_get::<Option<i64>, _>("disabled_at")?.is_some(),
        identity: (
            r.try_get::<Option<String>, _>("first_domain")?
                .unwrap_or_default(),
            r.try_get::<Option<String>, _>("first_identity")?
                .unwrap_or_default(),
        ),
        secret_hash: r.try_get("secret_hash")?,
    })
}

/// The organisation `id`.
pub async fn find(desk: &Desk, id: i64) -> ApiResult<Option<Org>> {
    let row = sqlx::query(&format!("SELECT {ORG} WHERE o.id = $1"))
        .bind(id)
        .fetch_optional(&desk.db.pool)
        .await?;
    row.as_ref().map(org).transpose()
}

/// The organisation a credential names (case-insensitive), if any.
pub async fn by_credential(desk: &Desk, c: &Credential) -> ApiResult<Option<Org>> {
    let row = sqlx::query(&format!(
        "SELECT {ORG} JOIN buyer_org_identities bi ON bi.org_id = o.id \
         WHERE bi.domain_key = $1 AND bi.identity_key = $2"
    ))
    .bind(c.domain.trim().to_lowercase())
    .bind(c.identity.trim().to_lowercase())
    .fetch_optional(&desk.db.pool)
    .await?;
    row.as_ref().map(org).transpose()
}

/// The refusal of every failed authentication (the same whatever failed).
pub fn unauthorized() -> Status {
    Status::new(
        401,
        "the From credential and the Sender's shared secret do not name an enabled buyer \
         organisation of this supplier",
    )
}

/// A failed authentication: the status (always the same 401, or 500) and, for the log
/// only, the organisation the credential named if it named one.
#[derive(Clone, Debug)]
pub struct Refused {
    /// What is answered.
    pub status: Status,
    /// The organisation named, if any (never told to the caller).
    pub org: Option<i64>,
}

fn failed() -> Refused {
    Refused {
        status: Status::new(500, "the supplier failed; try again"),
        org: None,
    }
}

/// Checks a secret against the organisation's hash, or against the decoy when there is none;
/// the organisation when it is found, enabled and the secret matches.
async fn check(desk: &Desk, found: Option<Org>, secret: Option<&str>) -> Result<Org, Refused> {
    let hash = found
        .as_ref()
        .map_or(desk.decoy_hash.as_str(), |o| o.secret_hash.as_str());
    let secret = secret.unwrap_or("");
    // Too long a secret is checked like any other (argon2 bounds its own work by the hash).
    let secret = &secret[..secret.len().min(password::MAX_BYTES)];
    let ok = password::matches(secret, hash)
        .await
        .map_err(|_| failed())?;
    match found {
        Some(o) if ok && !o.disabled => Ok(o),
        other => Err(Refused {
            status: unauthorized(),
            org: other.map(|o| o.id),
        }),
    }
}

/// The organisation a cXML header names (`From`) and authenticates (`Sender`'s
/// `SharedSecret`), or the cXML 401.
pub async fn authenticate(
    desk: &Desk,
    from: &[Credential],
    sender: &[Credential],
) -> Result<Org, Refused> {
    let mut found = None;
    for c in from.iter().take(MAX_LIST) {
        if let Some(o) = by_credential(desk, c).await.map_err(|_| failed())? {
            found = Some(o);
            break;
        }
    }
    let secret = sender.iter().find_map(|c| c.secret.as_deref());
    check(desk, found, secret).await
}

/// The organisation an OCI `USERNAME` names and `PASSWORD` authenticates, or the 401.
pub async fn authenticate_oci(desk: &Desk, username: &str, password: &str) -> Result<Org, Refused> {
    let row = sqlx::query(&format!("SELECT {ORG} WHERE o.oci_username = $1"))
        .bind(username.trim())
        .fetch_optional(&desk.db.pool)
        .await
        .map_err(|_| failed())?;
    let found = row.as_ref().map(org).transpose().map_err(|_| failed())?;
    check(desk, found, Some(password)).await
}

/// A new shared secret: 32 random bytes, base64url.
pub fn new_secret() -> ApiResult<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| ApiError::Internal(format!("random: {e}")))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// Only admins administer procurement settings.
pub fn admin_only(user: &User) -> ApiResult<()> {
    if user.role == Role::Admin {
        Ok(())
    } else {
        Err(ApiError::Forbidden(
            "only admins manage buyer organisations".into(),
        ))
    }
}

/// Every organisation, by name.
pub async fn list(desk: &Desk) -> ApiResult<Organisations> {
    let rows = sqlx::query(&format!("SELECT {ORG} ORDER BY o.name, o.id"))
        .fetch_all(&desk.db.pool)
        .await?;
    let mut organisations = Vec::with_capacity(rows.len());
    for r in &rows {
        organisations.push(contract(desk, r).await?);
    }
    Ok(Organisations { organisations })
}

/// One organisation as the contract shows it.
pub async fn get(desk: &Desk, id: i64) -> ApiResult<Organisation> {
    let row = sqlx::query(&format!("SELECT {ORG} WHERE o.id = $1"))
        .bind(id)
        .fetch_optional(&desk.db.pool)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no buyer organisation {id}")))?;
    contract(desk, &row).await
}

async fn contract(desk: &Desk, r: &AnyRow) -> ApiResult<Organisation> {
    let o = org(r)?;
    let ids = sqlx::query(
        "SELECT domain, identity FROM buyer_org_identities WHERE org_id = $1 ORDER BY position",
    )
    .bind(o.id)
    .fetch_all(&desk.db.pool)
    .await?;
    let identities = ids
        .iter()
        .map(|i| {
            Ok(Identity {
                domain: i.try_get("domain")?,
                identity: i.try_get("identity")?,
            })
        })
        .collect::<ApiResult<_>>()?;
    Ok(Organisation {
        id: o.id,
        name: o.name.clone(),
        account: o.account,
        account_name: o.account_name.clone(),
        owner: o.owner,
        owner_name: r.try_get("owner_name")?,
        identities,
        form_post_origins: o.form_post_origins.iter().map(|x| x.to_string()).collect(),
        order_url: o.order_url.clone(),
        oci_username: r.try_get("oci_username")?,
        sub_items: o.sub_items,
        secret_set_at: r.try_get("secret_set_at")?,
        outbound_secret_set: r.try_get::<Option<String>, _>("outbound_secret")?.is_some(),
        disabled: o.disabled,
    })
}

/// An input, checked.
struct Clean {
    name: String,
    identities: Vec<Identity>,
    origins: String,
    order_url: Option<String>,
    oci_username: Option<String>,
}

fn text(field: &str, value: &str, max: usize) -> ApiResult<String> {
    let v = value.trim();
    if v.is_empty() || v.chars().count() > max || v.chars().any(char::is_control) {
        return Err(ApiError::Unprocessable(format!(
            "`{field}` must be 1 to {max} characters without control characters"
        )));
    }
    Ok(v.to_owned())
}

async fn validate(
    tx: &mut Transaction<'_, Any>,
    id: Option<i64>,
    input: &OrganisationInput,
) -> ApiResult<Clean> {
    let name = text("name", &input.name, 200)?;
    if input.identities.is_empty() || input.identities.len() > MAX_LIST {
        return Err(ApiError::Unprocessable(format!(
            "an organisation has 1 to {MAX_LIST} identities"
        )));
    }
    let mut identities: Vec<Identity> = Vec::new();
    for i in &input.identities {
        let clean = Identity {
            domain: text("identities.domain", &i.domain, 100)?,
            identity: text("identities.identity", &i.identity, 200)?,
        };
        let key = |x: &Identity| (x.domain.to_lowercase(), x.identity.to_lowercase());
        if identities.iter().any(|x| key(x) == key(&clean)) {
            return Err(ApiError::Unprocessable(format!(
                "the identity {}/{} is given twice",
                clean.domain, clean.identity
            )));
        }
        let taken = sqlx::query(
            "SELECT o.name FROM buyer_org_identities i JOIN buyer_orgs o ON o.id = i.org_id \
             WHERE i.domain_key = $1 AND i.identity_key = $2 AND i.org_id <> $3",
        )
        .bind(clean.domain.to_lowercase())
        .bind(clean.identity.to_lowercase())
        .bind(id.unwrap_or(0))
        .fetch_optional(&mut **tx)
        .await?;
        if let Some(r) = taken {
            return Err(ApiError::Conflict(format!(
                "the identity {}/{} already names the organisation {}",
                clean.domain,
                clean.identity,
                r.try_get::<String, _>("name")?
            )));
        }
        identities.push(clean);
    }
    if input.form_post_origins.is_empty() || input.form_post_origins.len() > MAX_LIST {
        return Err(ApiError::Unprocessable(format!(
            "an organisation has 1 to {MAX_LIST} form-post origins"
        )));
    }
    let mut origins: Vec<String> = Vec::new();
    for o in &input.form_post_origins {
        let o = valid_origin(o)?.to_string();
        if !origins.contains(&o) {
            origins.push(o);
        }
    }
    let order_url = match input.order_url.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(u) => Some(valid_url("order_url", u)?),
    };
    let oci_username = match input.oci_username.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(u) => {
            let u = text("oci_username", u, 100)?;
            let taken =
                sqlx::query("SELECT id FROM buyer_orgs WHERE oci_username = $1 AND id <> $2")
                    .bind(&u)
                    .bind(id.unwrap_or(0))
                    .fetch_optional(&mut **tx)
                    .await?;
            if taken.is_some() {
                return Err(ApiError::Conflict(format!(
                    "the OCI user name `{u}` is another organisation's"
                )));
            }
            Some(u)
        }
    };
    references(tx, input).await?;
    Ok(Clean {
        name,
        identities,
        origins: origins.join("\n"),
        order_url,
        oci_username,
    })
}

/// The account must exist; the owner must be an enabled desk user who may own quotes.
async fn references(tx: &mut Transaction<'_, Any>, input: &OrganisationInput) -> ApiResult<()> {
    let account = sqlx::query("SELECT id FROM accounts WHERE id = $1")
        .bind(input.account)
        .fetch_optional(&mut **tx)
        .await?;
    if account.is_none() {
        return Err(ApiError::Unprocessable(format!(
            "there is no customer account {}",
            input.account
        )));
    }
    let owner = sqlx::query("SELECT role, disabled_at FROM users WHERE id = $1")
        .bind(input.owner)
        .fetch_optional(&mut **tx)
        .await?;
    let ok = match owner {
        Some(r) => {
            let role: String = r.try_get("role")?;
            r.try_get::<Option<i64>, _>("disabled_at")?.is_none()
                && Role::from_name(&role).is_some_and(|r| r != Role::OrderDesk)
        }
        None => false,
    };
    if !ok {
        return Err(ApiError::Unprocessable(format!(
            "user {} cannot own the organisation's quotes: the owner must be an enabled rep, \
             manager, director or admin",
            input.owner
        )));
    }
    Ok(())
}

async fn write_identities(
    tx: &mut Transaction<'_, Any>,
    id: i64,
    identities: &[Identity],
) -> ApiResult<()> {
    sqlx::query("DELETE FROM buyer_org_identities WHERE org_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    for (k, i) in identities.iter().enumerate() {
        sqlx::query(
            "INSERT INTO buyer_org_identities (org_id, position, domain, identity, domain_key, \
             identity_key) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(k as i64)
        .bind(&i.domain)
        .bind(&i.identity)
        .bind(i.domain.to_lowercase())
        .bind(i.identity.to_lowercase())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// The outbound secret an input sets: `None` keeps, empty clears.
fn outbound(input: &OrganisationInput) -> ApiResult<Option<Option<String>>> {
    Ok(match input.outbound_secret.as_deref() {
        None => None,
        Some(s) if s.trim().is_empty() => Some(None),
        Some(s) => Some(Some(text("outbound_secret", s, 256)?)),
    })
}

/// Creates an organisation with a new shared secret (shown this once).
pub async fn create(desk: &Desk, by: &User, input: &OrganisationInput) -> ApiResult<NewSecret> {
    admin_only(by)?;
    let secret = new_secret()?;
    let hash = password::hash(&secret).await?;
    let now = desk.clock.now();
    let w = desk.db.writing().await;
    let mut tx = desk.db.pool.begin().await?;
    let c = validate(&mut tx, None, input).await?;
    let out = outbound(input)?.flatten();
    let id: i64 = sqlx::query(
        "INSERT INTO buyer_orgs (name, account_id, owner_id, form_post_origins, order_url, \
         outbound_secret, oci_username, sub_items, secret_hash, secret_set_at, disabled_at, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $10, $10) \
         RETURNING id",
    )
    .bind(&c.name)
    .bind(input.account)
    .bind(input.owner)
    .bind(&c.origins)
    .bind(&c.order_url)
    .bind(out)
    .bind(&c.oci_username)
    .bind(i64::from(input.sub_items))
    .bind(&hash)
    .bind(now)
    .bind(input.disabled.then_some(now))
    .fetch_one(&mut *tx)
    .await?
    .try_get("id")?;
    write_identities(&mut tx, id, &c.identities).await?;
    audit::record(
        &mut tx,
        now,
        &by.name,
        "procurement.org.create",
        None,
        &c.name,
    )
    .await?;
    tx.commit().await?;
    drop(w);
    Ok(NewSecret {
        organisation: get(desk, id).await?,
        shared_secret: secret,
    })
}

/// Changes an organisation's settings (not its shared secret: [`rotate`]).
pub async fn update(
    desk: &Desk,
    by: &User,
    id: i64,
    input: &OrganisationInput,
) -> ApiResult<Organisation> {
    admin_only(by)?;
    let now = desk.clock.now();
    let w = desk.db.writing().await;
    let mut tx = desk.db.pool.begin().await?;
    let was = sqlx::query("SELECT disabled_at, outbound_secret FROM buyer_orgs WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no buyer organisation {id}")))?;
    let c = validate(&mut tx, Some(id), input).await?;
    let disabled_at: Option<i64> = match (
        input.disabled,
        was.try_get::<Option<i64>, _>("disabled_at")?,
    ) {
        (true, Some(t)) => Some(t),
        (true, None) => Some(now),
        (false, _) => None,
    };
    let out = match outbound(input)? {
        Some(v) => v,
        None => was.try_get("outbound_secret")?,
    };
    sqlx::query(
        "UPDATE buyer_orgs SET name = $1, account_id = $2, owner_id = $3, form_post_origins = $4, \
         order_url = $5, outbound_secret = $6, oci_username = $7, sub_items = $8, \
         disabled_at = $9, updated_at = $10 WHERE id = $11",
    )
    .bind(&c.name)
    .bind(input.account)
    .bind(input.owner)
    .bind(&c.origins)
    .bind(&c.order_url)
    .bind(out)
    .bind(&c.oci_username)
    .bind(i64::from(input.sub_items))
    .bind(disabled_at)
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    write_identities(&mut tx, id, &c.identities).await?;
    audit::record(
        &mut tx,
        now,
        &by.name,
        "procurement.org.update",
        None,
        &c.name,
    )
    .await?;
    tx.commit().await?;
    drop(w);
    get(desk, id).await
}

/// A new shared secret for organisation `id`; the old one stops working at once.
pub async fn rotate(desk: &Desk, by: &User, id: i64) -> ApiResult<NewSecret> {
    admin_only(by)?;
    let secret = new_secret()?;
    let hash = password::hash(&secret).await?;
    let now = desk.clock.now();
    let w = desk.db.writing().await;
    let mut tx = desk.db.pool.begin().await?;
    let row = sqlx::query(
        "UPDATE buyer_orgs SET secret_hash = $1, secret_set_at = $2, updated_at = $2 \
         WHERE id = $3 RETURNING name",
    )
    .bind(&hash)
    .bind(now)
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| ApiError::NotFound(format!("no buyer organisation {id}")))?;
    let name: String = row.try_get("name")?;
    audit::record(
        &mut tx,
        now,
        &by.name,
        "procurement.org.secret",
        None,
        &name,
    )
    .await?;
    tx.commit().await?;
    drop(w);
    Ok(NewSecret {
        organisation: get(desk, id).await?,
        shared_secret: secret,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_and_urls() {
        assert_eq!(
            valid_origin("https://buyer.example:8443")
                .unwrap()
                .to_string(),
            "https://buyer.example:8443"
        );
        assert!(valid_origin("http://127.0.0.1:9000").is_ok());
        assert!(valid_origin("http://localhost:9000").is_ok());
        assert!(valid_origin("http://buyer.example").is_err());
        assert!(valid_origin("https://buyer.example/path").is_err());
        assert!(valid_origin("ftp://buyer.example").is_err());
        assert_eq!(
            url_origin("https://Buyer.example/cart?x=1")
                .unwrap()
                .to_string(),
            "https://buyer.example"
        );
        assert!(url_origin("https://user@buyer.example/").is_none());
        assert!(url_origin("/relative").is_none());
        assert!(valid_url("order_url", "http://evil.example/x").is_err());
        assert!(valid_url("order_url", "https://buyer.example/cxml").is_ok());
    }

    #[test]
    fn secrets_are_32_random_bytes() {
        let a = new_secret().unwrap();
        assert_eq!(URL_SAFE_NO_PAD.decode(&a).unwrap().len(), 32);
        assert_ne!(a, new_secret().unwrap());
    }
}
