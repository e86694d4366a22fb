//! Where browsers reach the desk: its public origins (`--public-origin`), checked against every
//! request's `Host` and every state-changing request's `Origin`, and whether its cookies are
//! `Secure`.
//!
//! A request whose `Host` is not a public origin's is refused (421): a page of another site
//! that points its own name at the desk (DNS rebinding) cannot read the desk's answers. A
//! state-changing request whose `Origin` is not a public origin is refused (403, `csrf`).

use std::net::SocketAddr;

use axum::http::{header, HeaderMap, Uri};

/// An origin as browsers write it: scheme, host and port (the scheme's default when omitted).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// `http` or `https`.
    pub scheme: String,
    /// The host, lower case (an IPv6 address in brackets).
    pub host: String,
    /// The port.
    pub port: u16,
}

/// Why an origin given on the command line cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum OriginError {
    /// Not an absolute http or https address with a host.
    #[error("`{0}` is not an origin: expected http://HOST[:PORT] or https://HOST[:PORT]")]
    NotAnOrigin(String),
    /// An address with a path, query or user.
    #[error("`{0}` is not an origin: no path, query or user (e.g. `https://desk.example`)")]
    HasPath(String),
    /// The desk listens on every interface and nobody said which address browsers use.
    #[error(
        "--listen {0} listens on every interface: say which address browsers use with \
         --public-origin (e.g. --public-origin https://desk.example)"
    )]
    Unspecified(SocketAddr),
}

impl Origin {
    /// Reads `http[s]://HOST[:PORT]` (a trailing `/` is allowed).
    pub fn parse(text: &str) -> Result<Origin, OriginError> {
        let bad = || OriginError::NotAnOrigin(text.to_owned());
        let uri: Uri = text.parse().map_err(|_| bad())?;
        let scheme = uri.scheme_str().ok_or_else(bad)?.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Err(bad());
        }
        let authority = uri.authority().ok_or_else(bad)?;
        if authority.as_str().contains('@') || uri.query().is_some() || uri.path() != "/" {
            return Err(OriginError::HasPath(text.to_owned()));
        }
        if authority.host().is_empty() {
            return Err(bad());
        }
        let port = authority
            .port_u16()
            .unwrap_or(if scheme == "https" { 443 } else { 80 });
        Ok(Origin {
            host: authority.host().to_ascii_lowercase(),
            scheme,
            port,
        })
    }

    /// Whether this is the scheme's default port (then browsers leave it out).
    fn default_port(&self) -> bool {
        self.port == if self.scheme == "https" { 443 } else { 80 }
    }

    /// Whether a `Host` header (`host[:port]`) names this origin.
    pub fn serves_host(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        let (name, port) = match host.rsplit_once(':') {
            // An IPv6 address without a port ends with `]`.
            Some((name, port)) if !port.ends_with(']') => match port.parse::<u16>() {
                Ok(p) => (name.to_owned(), p),
                Err(_) => return false,
            },
            _ => (host.clone(), if self.scheme == "https" { 443 } else { 80 }),
        };
        name == self.host && port == self.port
    }
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.default_port() {
            write!(f, "{}://{}", self.scheme, self.host)
        } else {
            write!(f, "{}://{}:{}", self.scheme, self.host, self.port)
        }
    }
}

/// The desk's public origins.
#[derive(Clone, Debug)]
pub struct Public {
    origins: Vec<Origin>,
}

impl Public {
    /// The origins named by `--public-origin`, or, when none is, the listen address's (and for
    /// loopback `http://localhost:PORT` and `http://127.0.0.1:PORT` too). `listen` is the
    /// address actually bound (port 0 already replaced).
    pub fn new(named: &[String], listen: SocketAddr) -> Result<Public, OriginError> {
        let mut origins = Vec::new();
        for text in named {
            origins.push(Origin::parse(text)?);
        }
        if origins.is_empty() {
            if listen.ip().is_unspecified() {
                return Err(OriginError::Unspecified(listen));
            }
            let port = listen.port();
            let mut hosts = vec![match listen {
                SocketAddr::V4(a) => a.ip().to_string(),
                SocketAddr::V6(a) => format!("[{}]", a.ip()),
            }];
            if listen.ip().is_loopback() {
                hosts.extend(["localhost".to_owned(), "127.0.0.1".to_owned()]);
            }
            hosts.dedup();
            origins.extend(hosts.into_iter().map(|host| Origin {
                scheme: "http".into(),
                host,
                port,
            }));
        }
        Ok(Public { origins })
    }

    /// The origins, in the order given.
    pub fn origins(&self) -> &[Origin] {
        &self.origins
    }

    /// Whether cookies need not be `Secure`: the desk listens on loopback and every public
    /// origin is plain http (a developer's machine). Anywhere else a session cookie sent over
    /// plain http could be read on the way.
    pub fn insecure_cookies_allowed(&self, listen: SocketAddr) -> bool {
        listen.ip().is_loopback() && self.origins.iter().all(|o| o.scheme == "http")
    }

    /// Whether a `Host` header names a public origin.
    pub fn serves_host(&self, host: &str) -> bool {
        self.origins.iter().any(|o| o.serves_host(host))
    }

    /// Whether an `Origin` header is a public origin.
    pub fn is_public(&self, origin: &str) -> bool {
        Origin::parse(origin).is_ok_and(|o| self.origins.contains(&o))
    }

    /// The request's host (`Host`, or the authority of an absolute request target).
    pub fn host_of<'a>(uri: &'a Uri, headers: &'a HeaderMap) -> Option<&'a str> {
        uri.authority()
            .map(|a| a.as_str())
            .or_else(|| headers.get(header::HOST).and_then(|h| h.to_str().ok()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_read_strictly() {
        let o = Origin::parse("https://Desk.Example").unwrap();
        assert_eq!((o.host.as_str(), o.port), ("desk.example", 443));
        assert_eq!(o.to_string(), "https://desk.example");
        assert_eq!(
            Origin::parse("http://127.0.0.1:8080/").unwrap().to_string(),
            "http://127.0.0.1:8080"
        );
        for bad in [
            "desk.example",
            "ftp://desk.example",
            "https://desk.example/desk/",
            "https://user@desk.example",
            "https://desk.example?x=1",
            "",
        ] {
            assert!(Origin::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn hosts_match_with_default_ports() {
        let p = Public::new(
            &["https://desk.example".into()],
            "0.0.0.0:8080".parse().unwrap(),
        )
        .unwrap();
        assert!(p.serves_host("desk.example"));
        assert!(p.serves_host("DESK.example:443"));
        assert!(!p.serves_host("desk.example:8080"));
        assert!(!p.serves_host("evil.example"));
        assert!(!p.serves_host("desk.example:x"));
        assert!(p.is_public("https://desk.example"));
        assert!(!p.is_public("http://desk.example"));
        assert!(!p.is_public("null"));
        assert!(!p.insecure_cookies_allowed("127.0.0.1:8080".parse().unwrap()));
    }

    #[test]
    fn loopback_defaults_to_its_names() {
        let listen = "127.0.0.1:4000".parse().unwrap();
        let p = Public::new(&[], listen).unwrap();
        for host in ["127.0.0.1:4000", "localhost:4000"] {
            assert!(p.serves_host(host), "{host}");
        }
        assert!(!p.serves_host("127.0.0.1:4001"));
        assert!(p.insecure_cookies_allowed(listen));
        let v6 = Public::new(&[], "[::1]:4000".parse().unwrap()).unwrap();
        assert!(v6.serves_host("[::1]:4000"));
        assert!(Public::new(&[], "0.0.0.0:80".parse().unwrap()).is_err());
        let lan = "192.0.2.7:80".parse().unwrap();
        let p = Public::new(&[], lan).unwrap();
        assert!(p.serves_host("192.0.2.7"));
        assert!(!p.insecure_cookies_allowed(lan), "not loopback: Secure");
    }
}
