//! Authentication of documents from outside behind the desk's throttle (`throttle.rs`):
//! failed tries count per client address and per credential tried
//! (`cxml:<domain>:<identity>`, lower case; `oci:<user name>`); a try that must wait is
//! refused with a cXML 429 and the seconds to wait, before any secret is checked; a success
//! forgets the client's failures for that credential. As for sign-ins, a third party failing
//! for a credential never slows its owner's system at another address. Both functions are
//! re-exported by `orgs.rs`, where the unthrottled checks live.

use super::envelope::{Credential, Status};
use super::orgs::{by_oci_username, check, failed, named, Org, Refused};
use crate::error::ApiError;
use crate::throttle::{self, Client};
use crate::Desk;

/// The refusal of a try that must wait `seconds` (HTTP 429 and cXML 429).
pub fn throttled(seconds: i64, org: Option<i64>) -> Refused {
    Refused {
        status: Status::new(
            429,
            format!(
                "too many failed authentications from this address or for this credential: \
                 try again in {seconds} seconds"
            ),
        ),
        org,
        retry_after: Some(seconds),
    }
}

/// [`check`] behind the throttle: a try of `name` from `client` that must wait is refused
/// (429) before the secret is checked; a wrong secret is counted; a right one forgets the
/// client's failures for `name`.
async fn check_throttled(
    desk: &Desk,
    client: &Client,
    name: &str,
    found: Option<Org>,
    secret: Option<&str>,
) -> Result<Org, Refused> {
    let log = |e: ApiError| {
        eprintln!("configurator-server: procurement authentication: {e}");
        failed()
    };
    match throttle::check(desk, &client.0, name).await {
        Ok(()) => {}
        Err(ApiError::TooManyAttempts(seconds)) => {
            return Err(throttled(seconds, found.map(|o| o.id)))
        }
        Err(e) => return Err(log(e)),
    }
    match check(desk, found, secret).await {
        Ok(org) => {
            let _w = desk.db.writing().await;
            let mut tx = desk.db.pool.begin().await.map_err(|e| log(e.into()))?;
            throttle::succeeded(&mut tx, &client.0, name)
                .await
                .map_err(log)?;
            tx.commit().await.map_err(|e| log(e.into()))?;
            Ok(org)
        }
        Err(r) if r.status.code == 401 => {
            throttle::failed_as(desk, &client.0, name, throttle::PROCUREMENT)
                .await
                .map_err(log)?;
            Err(r)
        }
        Err(r) => Err(r),
    }
}

/// The throttle's name of a cXML credential: `cxml:<domain>:<identity>`, lower case.
pub fn throttle_name(c: &Credential) -> String {
    format!(
        "cxml:{}:{}",
        c.domain.trim().to_lowercase(),
        c.identity.trim().to_lowercase()
    )
}

/// [`authenticate`](super::orgs::authenticate) for a document from `client`, behind the desk's throttle: the cXML 429
/// (with [`Refused::retry_after`], to answer HTTP 429 with `Retry-After`) when the client must
/// wait, before any secret is checked; a 401 is counted against the client and the
/// credential; a success forgets the client's failures for the credential.
pub async fn authenticate_throttled(
    desk: &Desk,
    client: &Client,
    from: &[Credential],
    sender: &[Credential],
) -> Result<Org, Refused> {
    let (found, name) = named(desk, from).await?;
    let secret = sender.iter().find_map(|c| c.secret.as_deref());
    check_throttled(desk, client, &name, found, secret).await
}

/// [`authenticate_oci`](super::orgs::authenticate_oci) for a setup from `client`, behind the throttle as
/// [`authenticate_throttled`] (the name: `oci:<user name>`).
pub async fn authenticate_oci_throttled(
    desk: &Desk,
    client: &Client,
    username: &str,
    password: &str,
) -> Result<Org, Refused> {
    let found = by_oci_username(desk, username).await?;
    let name = format!("oci:{}", username.trim());
    check_throttled(desk, client, &name, found, Some(password)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_credential_is_one_name_whatever_its_case() {
        let c = |domain: &str, identity: &str| Credential {
            domain: domain.into(),
            identity: identity.into(),
            secret: Some("never part of the name".into()),
        };
        assert_eq!(
            throttle_name(&c("NetworkID", " AN01000000001 ")),
            "cxml:networkid:an01000000001"
        );
        assert_eq!(
            throttle_name(&c("networkid", "an01000000001")),
            throttle_name(&c("NETWORKID", "AN01000000001"))
        );
        assert_ne!(
            throttle_name(&c("DUNS", "123")),
            throttle_name(&c("NetworkID", "123"))
        );
        let r = throttled(8, Some(3));
        assert_eq!((r.status.code, r.status.name()), (429, "Too Many Requests"));
        assert_eq!(r.retry_after, Some(8));
        assert!(r.status.text.contains("8 seconds"));
    }
}
