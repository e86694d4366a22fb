//! Sign-in throttling: slows whoever guesses passwords without locking the owner of a name
//! out.
//!
//! Every failed sign-in is a row (name, client address, time) in the database, so all
//! instances count together. Two counters decide whether a try waits, both over the last
//! [`WINDOW`] seconds:
//!
//! - **per client address**: after [`CLIENT_FREE`] failures from one address (whatever names
//!   they tried: this slows spraying one password over many names), each further try from
//!   that address waits 2, 4, 8, ... seconds (at most [`MAX_WAIT`]) after its last failure;
//! - **per name**: after [`NAME_FREE`] failures for one name (from any addresses), a client
//!   that has itself failed for that name waits 2, 4, 8, ... seconds (at most [`MAX_WAIT`])
//!   after its own last failure for it before trying that name again.
//!
//! A client that has not failed for a name is never slowed by the name's counter, so no one
//! can lock the owner out by failing for their name from elsewhere: the owner signs in from
//! their own address at once. (An owner sharing an address with the attacker, behind one NAT,
//! waits at most [`MAX_WAIT`] seconds per try: slowed, never locked.) A throttled try is
//! answered 429 with `Retry-After` before any password is checked, and is not counted. The
//! failure that makes an address or a name wait is written to the audit log, with the
//! address.
//!
//! The same counters slow guessing procurement systems' shared secrets
//! (`procurement::orgs::authenticate_throttled`): there the name is the credential tried
//! (`cxml:<domain>:<identity>`, `oci:<user name>`), and the audit log says
//! `procurement.throttle` ([`Kind`]). An address's failures count together whatever they
//! tried, sign-ins and procurement documents alike.
//!
//! The address is the TCP peer's. Behind a reverse proxy, list the proxy with
//! `--trusted-proxy`: for requests from it, the address is the last one in
//! `X-Forwarded-For` that is not a trusted proxy. IPv6 addresses count by their /64 prefix
//! (one host usually holds a whole /64).

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use sqlx::Row;

use crate::error::{ApiError, ApiResult};
use crate::{audit, Desk};

/// The window failures are counted in, in seconds (15 minutes).
pub const WINDOW: i64 = 15 * 60;
/// Failures from one address within the window before its tries wait.
pub const CLIENT_FREE: i64 = 10;
/// Failures for one name within the window before the clients that failed for it wait.
pub const NAME_FREE: i64 = 5;
/// The longest wait, in seconds.
pub const MAX_WAIT: i64 = 5 * 60;

/// The client's address as the throttle counts it (`unknown` when the server was not given
/// the peer's address, as in a test calling the router directly).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Client(pub String);

impl FromRequestParts<Arc<Desk>> for Client {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, desk: &Arc<Desk>) -> ApiResult<Client> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        Ok(Client(address(peer, &parts.headers, &desk.trusted_proxies)))
    }
}

/// The address of a request from `peer`: the peer's own, or when the peer is a trusted proxy,
/// the last address of `X-Forwarded-For` that is not a trusted proxy.
pub fn address(peer: Option<IpAddr>, headers: &HeaderMap, trusted: &[IpAddr]) -> String {
    let Some(peer) = peer else {
        return "unknown".to_owned();
    };
    let mut ip = peer;
    if trusted.contains(&peer) {
        let hops: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect();
        for hop in hops.iter().rev() {
            // An address that does not parse ends the walk: what is left of it is not known.
            let Ok(hop) = hop.parse::<IpAddr>() else {
                break;
            };
            ip = hop;
            if !trusted.contains(&hop) {
                break;
            }
        }
    }
    key(ip)
}

/// An address as counted: IPv4 as is, IPv6 by its /64 prefix.
fn key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// The wait after `failures` failures when `free` are free: 0, else 2, 4, 8, ... seconds up
/// to [`MAX_WAIT`].
pub fn wait(failures: i64, free: i64) -> i64 {
    if failures < free {
        0
    } else {
        (1i64 << (failures - free + 1).min(20)).min(MAX_WAIT)
    }
}

/// The counts that decide a try of `name` from `client`.
struct Counts {
    /// Failures from the client (any name), and its last.
    client: (i64, Option<i64>),
    /// Failures for the name (any client), and the client's own last for it.
    name: (i64, Option<i64>),
}

async fn counts(
    db: &mut sqlx::AnyConnection,
    now: i64,
    client: &str,
    name: &str,
) -> ApiResult<Counts> {
    let c = sqlx::query(
        "SELECT COUNT(*) AS n, MAX(at) AS last FROM signin_failures \
         WHERE client = $1 AND at > $2",
    )
    .bind(client)
    .bind(now - WINDOW)
    .fetch_one(&mut *db)
    .await?;
    let n = sqlx::query(
        "SELECT COUNT(*) AS n, MAX(CASE WHEN client = $1 THEN at END) AS mine \
         FROM signin_failures WHERE name = $2 AND at > $3",
    )
    .bind(client)
    .bind(name)
    .bind(now - WINDOW)
    .fetch_one(&mut *db)
    .await?;
    Ok(Counts {
        client: (c.try_get("n")?, c.try_get("last")?),
        name: (n.try_get("n")?, n.try_get("mine")?),
    })
}

/// The seconds a try must still wait (0: none) given its counts.
fn remaining(c: &Counts, now: i64) -> i64 {
    let left = |(failures, last): (i64, Option<i64>), free| {
        last.map_or(0, |last| last + wait(failures, free) - now)
    };
    left(c.client, CLIENT_FREE)
        .max(left(c.name, NAME_FREE))
        .max(0)
}

/// Refuses (429, with the seconds to wait) a try of `name` from `client` that must wait.
pub async fn check(desk: &Desk, client: &str, name: &str) -> ApiResult<()> {
    let now = desk.clock.now();
    let mut conn = desk.db.pool.acquire().await?;
    let c = counts(&mut conn, now, client, name).await?;
    match remaining(&c, now) {
        0 => Ok(()),
        seconds => Err(ApiError::TooManyAttempts(seconds)),
    }
}

/// What failed, as the audit log names it.
#[derive(Clone, Copy, Debug)]
pub struct Kind {
    /// The audit log's action.
    pub action: &'static str,
    /// The failures, in the audit log's detail (plural).
    pub failures: &'static str,
}

/// Sign-ins to the desk and the portal.
pub const SIGN_IN: Kind = Kind {
    action: "signin.throttle",
    failures: "failed sign-ins",
};

/// Procurement systems' shared secrets (cXML, OCI).
pub const PROCUREMENT: Kind = Kind {
    action: "procurement.throttle",
    failures: "failed procurement authentications",
};

/// Counts a failed sign-in of `name` from `client`; when it makes the address or the name's
/// clients wait, says so in the audit log.
pub async fn failed(desk: &Desk, client: &str, name: &str) -> ApiResult<()> {
    failed_as(desk, client, name, SIGN_IN).await
}

/// Counts a failure of `kind` for `name` from `client`; when it makes the address or the
/// name's clients wait, says so in the audit log (as `kind`).
pub async fn failed_as(desk: &Desk, client: &str, name: &str, kind: Kind) -> ApiResult<()> {
    let now = desk.clock.now();
    let _w = desk.db.writing().await;
    let mut tx = desk.db.pool.begin().await?;
    sqlx::query("DELETE FROM signin_failures WHERE at <= $1")
        .bind(now - WINDOW)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO signin_failures (name, at, client) VALUES ($1, $2, $3)")
        .bind(name)
        .bind(now)
        .bind(client)
        .execute(&mut *tx)
        .await?;
    let c = counts(&mut tx, now, client, name).await?;
    let minutes = WINDOW / 60;
    if c.client.0 >= CLIENT_FREE {
        let detail = format!(
            "address {client}: {} {} in {minutes} minutes (the last for `{name}`); \
             its next try waits {} s",
            c.client.0,
            kind.failures,
            wait(c.client.0, CLIENT_FREE)
        );
        audit::record(&mut tx, now, client, kind.action, None, &detail).await?;
    }
    if c.name.0 >= NAME_FREE {
        let detail = format!(
            "name `{name}`: {} {} in {minutes} minutes; address {client} waits {} s \
             before trying it again (other addresses do not)",
            c.name.0,
            kind.failures,
            wait(c.name.0, NAME_FREE)
        );
        audit::record(&mut tx, now, client, kind.action, None, &detail).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// After a successful sign-in: the client's failures for that name are forgotten (its
/// failures for other names still count).
pub async fn succeeded(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    client: &str,
    name: &str,
) -> ApiResult<()> {
    sqlx::query("DELETE FROM signin_failures WHERE name = $1 AND client = $2")
        .bind(name)
        .bind(client)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_and_stop_growing() {
        assert_eq!(wait(4, 5), 0);
        assert_eq!(wait(5, 5), 2);
        assert_eq!(wait(6, 5), 4);
        assert_eq!(wait(9, 5), 32);
        assert_eq!(wait(500, 5), MAX_WAIT);
    }

    #[test]
    fn addresses_behind_trusted_proxies_only() {
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        let mut h = HeaderMap::new();
        h.insert(
            "x-forwarded-for",
            "203.0.113.9, 198.51.100.7".parse().unwrap(),
        );
        // Not trusted: the header is anyone's to write.
        assert_eq!(address(Some(proxy), &h, &[]), "10.0.0.1");
        // Trusted: the last address the proxy saw.
        assert_eq!(address(Some(proxy), &h, &[proxy]), "198.51.100.7");
        h.insert("x-forwarded-for", "198.51.100.7, 10.0.0.1".parse().unwrap());
        assert_eq!(address(Some(proxy), &h, &[proxy]), "198.51.100.7");
        h.insert("x-forwarded-for", "nonsense".parse().unwrap());
        assert_eq!(address(Some(proxy), &h, &[proxy]), "10.0.0.1");
        assert_eq!(address(None, &h, &[proxy]), "unknown");
        let v6: IpAddr = "2001:db8:1:2:3:4:5:6".parse().unwrap();
        assert_eq!(address(Some(v6), &h, &[]), "2001:db8:1:2::/64");
    }
}
