//! HTTP hardening: the headers on every answer (CSP with the pages' inline scripts hashed,
//! framing, referrer, caching), the `Host` checked against the public origin, `Origin` against
//! it too, `Secure` cookies off loopback, compressed and immutably cached app files, and
//! catalogs handed to browsers without their internal pricing.

use crate::common;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use configurator_engine::catalog::public::{public_json, INTERNAL_KEYS};
use configurator_engine::quote::{build, choices_from_json, resolve, QuoteMeta};
use configurator_engine::{Catalog, Engine};
use configurator_server::auth::Role;
use configurator_server::{users, Config, Desk};
use serde_json::Value;
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const WASM: &str = "configurator-app-0123456789abcdef_bg.wasm";
const JS: &str = "configurator-app-0123456789abcdef.js";

/// The inline script trunk writes into a page.
fn trunk_script(prefix: &str) -> String {
    format!(
        "\nimport init, * as bindings from '{prefix}{JS}';\nconst wasm = await init({{ module_or_path: '{prefix}{WASM}' }});\n\nwindow.wasmBindings = bindings;\n"
    )
}

/// A page as trunk builds it.
fn trunk_page(prefix: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><title>x</title>\n<link rel=\"modulepreload\" href=\"{prefix}{JS}\" crossorigin=\"anonymous\">\n</head><body><script type=\"module\">{}</script></body></html>",
        trunk_script(prefix)
    )
}

/// The CSP source of a script's text.
fn sha(script: &str) -> String {
    let digest = Sha256::digest(script.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// A built app as trunk lays it out, with a copy of the catalogs as trunk's copy-dir makes it.
fn fake_dist() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("desk-headers-{}", common::random()));
    for sub in ["desk", "embed", "catalogs"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    std::fs::write(dir.join("index.html"), trunk_page("/")).unwrap();
    std::fs::write(dir.join("desk/index.html"), trunk_page("/desk/")).unwrap();
    std::fs::write(dir.join("embed/index.html"), trunk_page("/embed/")).unwrap();
    std::fs::write(dir.join("embed.html"), trunk_page("/embed/")).unwrap();
    std::fs::write(dir.join(WASM), "wasm ".repeat(4000)).unwrap();
    std::fs::write(
        dir.join(JS),
        "export default function init() {}\n".repeat(200),
    )
    .unwrap();
    std::fs::write(dir.join("embed.js"), "customElements;\n".repeat(100)).unwrap();
    let full = std::fs::read(common::catalogs_dir().join("nx-9500-switches.json")).unwrap();
    std::fs::write(dir.join("catalogs/nx-9500-switches.json"), full).unwrap();
    dir
}

/// A desk serving `dist` on loopback with `edit` applied to its configuration.
async fn start(
    dist: Option<&Path>,
    edit: impl FnOnce(&mut Config),
) -> (SocketAddr, std::sync::Arc<Desk>) {
    start_on(&common::Db::Sqlite, dist, edit).await
}

/// [`start`] on a database of `db`'s kind.
async fn start_on(
    db: &common::Db,
    dist: Option<&Path>,
    edit: impl FnOnce(&mut Config),
) -> (SocketAddr, std::sync::Arc<Desk>) {
    let mut config = Config {
        database: db.fresh().await,
        dist: dist.map(Path::to_path_buf),
        catalogs: Some(common::catalogs_dir()),
        ..Config::default()
    };
    edit(&mut config);
    let desk = Desk::open(&config).await.unwrap();
    users::add(&desk, "test", "rita", Role::Rep, "north", common::PASSWORD)
        .await
        .unwrap();
    let (ready, addr) = tokio::sync::oneshot::channel();
    tokio::spawn(configurator_server::serve(
        config,
        desk.clone(),
        ready,
        std::future::pending(),
    ));
    (addr.await.unwrap(), desk)
}

/// An answer read off the wire.
#[derive(Debug)]
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    /// The value of a header (the first), or "".
    fn header(&self, name: &str) -> &str {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map_or("", |(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends one HTTP/1.1 request as written (any `Host`), reads the whole answer.
async fn raw(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Answer {
    let mut request = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        request.push_str(&format!("Host: {addr}\r\n"));
    }
    for (k, v) in headers {
        request.push_str(&format!("{k}: {v}\r\n"));
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).await.unwrap();
    let end = bytes.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8(bytes[..end].to_vec()).unwrap();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(": "))
        .map(|(k, v)| (k.to_ascii_lowercase(), v.to_owned()))
        .collect();
    let mut body = bytes[end + 4..].to_vec();
    if headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v == "chunked")
    {
        body = dechunk(&body);
    }
    Answer {
        status,
        headers,
        body,
    }
}

/// A chunked body's bytes.
fn dechunk(mut rest: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line = rest.windows(2).position(|w| w == b"\r\n").unwrap();
        let size =
            usize::from_str_radix(std::str::from_utf8(&rest[..line]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&rest[line + 2..line + 2 + size]);
        rest = &rest[line + 2 + size + 2..];
    }
}

/// The headers every answer carries.
fn assert_common(a: &Answer, what: &str) {
    assert_eq!(a.header("x-content-type-options"), "nosniff", "{what}");
    assert_eq!(a.header("referrer-policy"), "no-referrer", "{what}");
    assert!(
        a.header("content-security-policy")
            .contains("default-src 'none'"),
        "{what}: {a:?}"
    );
    assert!(
        !a.header("content-security-policy")
            .contains("unsafe-inline"),
        "{what}"
    );
}

#[tokio::test]
async fn every_answer_carries_the_headers_and_pages_their_script_hashes() {
    let dist = fake_dist();
    let (addr, _) = start(Some(&dist), |c| {
        c.embed_origins = vec!["https://partner.example/".into()]
    })
    .await;
    // The app's page, the desk's pages (the customer's page is /desk/#customer=TOKEN), and the
    // saved, tools, embed pages: each allows its own inline script by hash, nothing inline else.
    for (path, prefix) in [
        ("/", "/"),
        ("/index.html", "/"),
        ("/desk/", "/desk/"),
        ("/desk/index.html", "/desk/"),
    ] {
        let a = raw(addr, "GET", path, &[], "").await;
        assert_eq!(a.status, 200, "{path}");
        assert_common(&a, path);
        let csp = a.header("content-security-policy");
        assert!(csp.contains(&sha(&trunk_script(prefix))), "{path}: {csp}");
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
            "{csp}"
        );
        assert!(csp.contains("worker-src 'self' blob:"), "{csp}");
        assert!(csp.contains("connect-src 'self';"), "{csp}");
        assert!(csp.contains("style-src 'self';"), "{csp}");
        assert!(csp.ends_with("frame-ancestors 'none'"), "{path}: {csp}");
        assert_eq!(a.header("x-frame-options"), "DENY", "{path}");
        assert_eq!(a.header("cache-control"), "no-cache", "{path}");
    }
    let app = raw(addr, "GET", "/", &[], "").await.text();
    assert!(app.contains("<meta name=\"quote-desk\""), "{app}");
    // The embed page: framed by the catalogs' partners and the --embed-origin ones only.
    for path in ["/embed.html", "/embed/", "/embed/index.html"] {
        let a = raw(addr, "GET", path, &[], "").await;
        assert_eq!(a.status, 200, "{path}");
        let csp = a.header("content-security-policy");
        assert!(
            csp.ends_with("frame-ancestors http://localhost:8091 https://partner.example"),
            "{path}: {csp}"
        );
        assert!(csp.contains(&sha(&trunk_script("/embed/"))), "{csp}");
        assert_eq!(a.header("x-frame-options"), "", "{path}: partners frame it");
    }
    // The API, its errors too, and files: nothing runs in them, nothing frames them.
    for (method, path, status) in [
        ("GET", "/api/desk", 200),
        ("GET", "/api/quotes", 401),
        ("GET", "/api/customer/00", 404),
        ("PUT", "/api/desk", 405),
        ("POST", "/api/session", 415),
        ("GET", "/api/nothing-here", 404),
    ] {
        let a = raw(addr, method, path, &[], "").await;
        assert_eq!(a.status, status, "{method} {path}: {}", a.text());
        assert_common(&a, path);
        assert_eq!(a.header("cache-control"), "no-store", "{method} {path}");
        assert_eq!(a.header("x-frame-options"), "DENY", "{path}");
        assert!(a
            .header("content-security-policy")
            .contains("frame-ancestors 'none'"));
    }
    for path in [
        "/catalogs/nx-9500-switches.json",
        "/embed.js",
        &format!("/{WASM}"),
    ] {
        let a = raw(addr, "GET", path, &[], "").await;
        assert_eq!(a.status, 200, "{path}");
        assert_common(&a, path);
        assert_eq!(a.header("access-control-allow-origin"), "*", "{path}");
    }
}

#[tokio::test]
async fn a_wrong_host_is_refused() {
    let (addr, _) = start(None, |_| {}).await;
    let port = addr.port();
    for host in [format!("127.0.0.1:{port}"), format!("localhost:{port}")] {
        let a = raw(addr, "GET", "/api/desk", &[("Host", &host)], "").await;
        assert_eq!(a.status, 200, "{host}");
    }
    for host in [
        "evil.example",
        &format!("evil.example:{port}"),
        &format!("127.0.0.1:{}", port + 1),
    ] {
        let a = raw(addr, "GET", "/api/desk", &[("Host", host)], "").await;
        assert_eq!(a.status, 421, "{host}");
        let body: Value = serde_json::from_slice(&a.body).unwrap();
        let message = body["message"].as_str().unwrap();
        assert!(
            message.contains(&format!("http://127.0.0.1:{port}")),
            "{message}"
        );
        assert!(message.contains(host), "{message}");
        assert_common(&a, host);
        assert_eq!(a.header("cache-control"), "no-store");
    }
    // Behind a proxy: the public origin's host only.
    let (addr, _) = start(None, |c| {
        c.public_origins = vec!["https://desk.example".into()]
    })
    .await;
    assert_eq!(
        raw(addr, "GET", "/api/desk", &[("Host", "desk.example")], "")
            .await
            .status,
        200
    );
    assert_eq!(raw(addr, "GET", "/api/desk", &[], "").await.status, 421);
}

#[tokio::test]
async fn state_changes_from_another_origin_are_refused() {
    let (addr, _) = start(None, |c| {
        c.public_origins = vec!["https://desk.example".into()]
    })
    .await;
    let sign_in = format!(
        "{{\"name\":\"rita\",\"password\":\"{}\"}}",
        common::PASSWORD
    );
    let send = |origin: &'static str| {
        let sign_in = sign_in.clone();
        async move {
            let mut headers = vec![
                ("Host", "desk.example"),
                ("Content-Type", "application/json"),
            ];
            if !origin.is_empty() {
                headers.push(("Origin", origin));
            }
            raw(addr, "POST", "/api/session", &headers, &sign_in).await
        }
    };
    // Same host, other scheme: another origin (the old check compared Origin with Host).
    for origin in [
        "http://desk.example",
        "https://evil.example",
        "null",
        "https://desk.example:8443",
    ] {
        let a = send(origin).await;
        assert_eq!(a.status, 403, "{origin}: {}", a.text());
        assert!(a.text().contains("\"csrf\""), "{}", a.text());
    }
    let a = send("https://desk.example").await;
    assert_eq!(a.status, 200, "{}", a.text());
    // Behind HTTPS the session cookie is Secure, even though the desk listens on loopback.
    let cookie = a.header("set-cookie");
    assert!(
        cookie.starts_with("desk_session=") && cookie.ends_with("; Secure"),
        "{cookie}"
    );
    assert_eq!(
        send("").await.status,
        200,
        "no Origin: not a browser's cross-site request"
    );
}

#[tokio::test]
async fn cookies_are_secure_unless_on_loopback_over_http() {
    // A developer's desk: loopback, plain http.
    let (addr, desk) = start(None, |_| {}).await;
    assert!(!desk.secure_cookies);
    let body = format!(
        "{{\"name\":\"rita\",\"password\":\"{}\"}}",
        common::PASSWORD
    );
    let a = raw(
        addr,
        "POST",
        "/api/session",
        &[("Content-Type", "application/json")],
        &body,
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text());
    assert!(!a.header("set-cookie").contains("Secure"), "{a:?}");
    // Forced.
    let (_, desk) = start(None, |c| c.secure_cookies = true).await;
    assert!(desk.secure_cookies);
    // Any other interface: Secure (opened, not listened on: tests listen on loopback only).
    for (listen, origins) in [
        ("192.0.2.7:8080", vec![]),
        ("0.0.0.0:8080", vec!["http://desk.internal".to_owned()]),
        ("127.0.0.1:8080", vec!["https://desk.example".to_owned()]),
    ] {
        let config = Config {
            listen: listen.parse().unwrap(),
            database: common::Db::Sqlite.fresh().await,
            public_origins: origins,
            ..Config::default()
        };
        assert!(
            Desk::open(&config).await.unwrap().secure_cookies,
            "{listen}"
        );
    }
    // Every interface without a public origin: refused at start, with the reason.
    let config = Config {
        listen: "0.0.0.0:8080".parse().unwrap(),
        database: common::Db::Sqlite.fresh().await,
        ..Config::default()
    };
    let e = Desk::open(&config).await.err().unwrap().to_string();
    assert!(e.contains("--public-origin"), "{e}");
    let config = Config {
        public_origins: vec!["https://desk.example/desk/".into()],
        ..Config::default()
    };
    assert!(
        Desk::open(&config).await.is_err(),
        "a path is not an origin"
    );
}

#[tokio::test]
async fn app_files_are_compressed_and_hashed_ones_cached_for_good() {
    let dist = fake_dist();
    let (addr, _) = start(Some(&dist), |_| {}).await;
    let wasm = std::fs::read(dist.join(WASM)).unwrap();
    let js = std::fs::read(dist.join(JS)).unwrap();
    for (path, size) in [
        (format!("/{WASM}"), wasm.len()),
        (format!("/{JS}"), js.len()),
    ] {
        for encoding in ["br", "gzip"] {
            let a = raw(addr, "GET", &path, &[("Accept-Encoding", encoding)], "").await;
            assert_eq!(a.status, 200, "{path}");
            assert_eq!(a.header("content-encoding"), encoding, "{path}");
            assert!(
                a.body.len() * 4 < size,
                "{path} {encoding}: {} bytes",
                a.body.len()
            );
            assert_eq!(
                a.header("cache-control"),
                "public, max-age=31536000, immutable"
            );
        }
        let plain = raw(addr, "GET", &path, &[], "").await;
        assert_eq!(plain.header("content-encoding"), "", "{path}");
    }
    assert_eq!(
        raw(addr, "GET", &format!("/{WASM}"), &[], "").await.body,
        wasm
    );
    // Catalogs are compressed too; the API is not (its answers carry the CSRF token: BREACH).
    let a = raw(
        addr,
        "GET",
        "/catalogs/nx-9500-switches.json",
        &[("Accept-Encoding", "br")],
        "",
    )
    .await;
    assert_eq!(a.header("content-encoding"), "br");
    assert_eq!(a.header("cache-control"), "no-cache");
    let a = raw(
        addr,
        "GET",
        "/api/desk",
        &[("Accept-Encoding", "gzip, br")],
        "",
    )
    .await;
    assert_eq!(a.header("content-encoding"), "");
    // Names without trunk's hash, and a hashed name that is not there, are revalidated.
    assert_eq!(
        raw(addr, "GET", "/embed.js", &[], "")
            .await
            .header("cache-control"),
        "no-cache"
    );
    let missing = raw(
        addr,
        "GET",
        "/configurator-app-fedcba9876543210_bg.wasm",
        &[],
        "",
    )
    .await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.header("cache-control"), "no-cache");
}

// The only test here that stores anything: on both databases.
both!(browsers_get_catalogs_without_internal_pricing);

async fn browsers_get_catalogs_without_internal_pricing(db: common::Db) {
    let dist = fake_dist();
    let (addr, desk) = start_on(&db, Some(&dist), |_| {}).await;
    let full_text =
        std::fs::read_to_string(common::catalogs_dir().join("nx-9500-switches.json")).unwrap();
    let a = raw(addr, "GET", "/catalogs/nx-9500-switches.json", &[], "").await;
    assert_eq!(a.status, 200);
    assert_eq!(a.header("content-type"), "application/json");
    let text = a.text();
    let served: Value = serde_json::from_str(&text).unwrap();
    let full: Value = serde_json::from_str(&full_text).unwrap();
    for key in INTERNAL_KEYS {
        assert!(full.get(key).is_some(), "the file has {key}");
        assert!(served.get(key).is_none(), "{key} served: {text}");
    }
    assert!(!text.contains("discounts") && !text.contains("deal_limits"));
    assert_eq!(served["groups"], full["groups"]);
    let public = Catalog::from_json("served.json", &text).expect("the served catalog loads");
    // Its diagram compiled off-line, named for what was served (the app compares the hash).
    let a = raw(addr, "GET", "/catalogs/nx-9500-switches.diagram", &[], "").await;
    assert_eq!(a.status, 200);
    Engine::with_artifact(public.clone(), &a.body)
        .expect("the served diagram fits the served catalog");
    // The copy in dist/ is never served, however the path is written; nor anything else there.
    for path in [
        "//catalogs/nx-9500-switches.json",
        "/catalogs%2Fnx-9500-switches.json",
        "/desk/..%2Fcatalogs/nx-9500-switches.json",
        "/catalogs/cases/nx-9500-switches.json",
        "/catalogs/../catalogs/nx-9500-switches.json",
    ] {
        let a = raw(addr, "GET", path, &[], "").await;
        assert!(
            a.status == 404 || (a.status == 200 && !a.text().contains("deal_limits")),
            "{path}: {} {}",
            a.status,
            a.text().len()
        );
    }
    // Images beside the catalogs still load.
    let image = std::fs::read_dir(common::catalogs_dir().join("images"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .file_name();
    let a = raw(
        addr,
        "GET",
        &format!("/catalogs/images/{}", image.to_string_lossy()),
        &[],
        "",
    )
    .await;
    assert_eq!(a.status, 200);
    // A quote made in the app on the public form is the full catalog's to the desk.
    let demo_public = public_json(configurator_engine::DEMO_CATALOG).unwrap();
    let engine = Engine::new(Catalog::from_json("p.json", &demo_public).unwrap());
    let choices = resolve(engine.catalog(), &choices_from_json(common::FULL).unwrap()).unwrap();
    let meta = QuoteMeta {
        customer: "Public".into(),
        valid_until: Some("2099-12-31".into()),
        ..QuoteMeta::default()
    };
    let quote = build(&engine, &choices, &Default::default(), meta)
        .unwrap()
        .to_json();
    let mut rita = common::Client {
        http: reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .unwrap(),
        base: format!("http://{addr}"),
        csrf: None,
    };
    let (status, body) = rita
        .post(
            "/api/session",
            serde_json::json!({"name": "rita", "password": common::PASSWORD}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    rita.csrf = body["csrf"].as_str().map(str::to_owned);
    let number = rita.save(&quote).await;
    let (_, q) = rita.get(&format!("/api/quotes/{number}")).await;
    // Kept as made (the desk's pages price it again with the form they fetch), the current
    // version: no "newer catalog" notice.
    assert_eq!(
        q["quote"]["catalog"]["hash"],
        engine.catalog().hash.as_str(),
        "{q}"
    );
    assert_eq!(q["catalog_update"], Value::Null, "{q}");
    let demo_hash = Catalog::from_json("d.json", configurator_engine::DEMO_CATALOG)
        .unwrap()
        .hash;
    // The desk's own list still names the full catalogs.
    let (_, list) = rita.get("/api/catalogs").await;
    assert!(list.to_string().contains(&demo_hash), "{list}");
    // The deal limits the public form lacks still apply: 15 % is above a rep's 10 %.
    let context = configurator_engine::pricing::PricingContext {
        deal: Some("15".into()),
        ..Default::default()
    };
    let meta = QuoteMeta {
        customer: "Deal".into(),
        valid_until: Some("2099-12-31".into()),
        ..QuoteMeta::default()
    };
    let deal = build(&engine, &choices, &context, meta).unwrap().to_json();
    let number = rita.save(&deal).await;
    let (_, q) = rita.get(&format!("/api/quotes/{number}")).await;
    assert_eq!(q["summary"]["needs_approval"], true, "{q}");
    assert!(desk
        .catalogs
        .find("nx-3400", &engine.catalog().hash)
        .is_some());
}
