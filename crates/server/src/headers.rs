//! The headers every answer carries, and the pages of the built app served from memory with
//! their Content-Security-Policy.
//!
//! Each HTML page of `dist/` is read once at start; its CSP allows exactly what trunk's output
//! needs: the inline `<script type="module">` that imports the JS glue and starts the wasm (by
//! the SHA-256 of its text, computed here, never `'unsafe-inline'`), scripts and the wasm from
//! the desk's own origin (`'wasm-unsafe-eval'` to compile WebAssembly), the engine's web worker
//! (a `blob:` module worker, `src/worker.rs`), fetches of catalogs and the API from the same
//! origin, style sheets from the same origin (no inline styles: the app sets widths through
//! the CSSOM, `style:width=`, which CSP allows), images from the same origin or `data:`
//! (a catalog's images may be `data:` URLs). The pages cannot be framed (`frame-ancestors
//! 'none'`, `X-Frame-Options: DENY`) except the embed page, which partners frame: its
//! `frame-ancestors` lists the catalogs' `embed.origins` and the `--embed-origin`s. A PunchOut
//! session's page (`procurement/pages.rs`) gets [`punchout_policy`]: forms post only to the
//! session's `BrowserFormPost` origin, and the buyer organisation's origins may frame it.
//!
//! Every other answer gets `default-src 'none'` (a JSON or wasm file rendered as a page runs
//! nothing), and every answer `nosniff` and `Referrer-Policy: no-referrer` (customer links
//! carry their token in the address). Caching: the API and the procurement paths (`/punchout/`,
//! `/cxml/`) never (`no-store`, errors included);
//! trunk's hashed file names for a year (`immutable`); pages, catalogs and other files
//! revalidated each time (`no-cache`).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use sha2::{Digest, Sha256};

use crate::error::ApiError;
use crate::origin::Public;

/// The policy of everything that is not a page: nothing runs, nothing frames it.
const NOT_A_PAGE: &str =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// The page files (relative to `dist/`) of the embed, which partners frame.
const EMBED_PAGES: &[&str] = &["embed.html", "embed/index.html"];

/// Pages shown at a second address: the buyer's portal (`/portal/`, the address of its
/// invitations and order messages) is the desk's bundle, which shows the portal when served
/// there (its assets are under `/desk/`).
const ALSO_AT: &[(&str, &str)] = &[("desk/index.html", "/portal/")];

/// An HTML page of the app, with its headers.
#[derive(Debug)]
pub struct Page {
    /// The page's text.
    pub body: Arc<str>,
    /// Its Content-Security-Policy.
    pub csp: HeaderValue,
    /// Whether partner pages may frame it (the embed page).
    pub embed: bool,
}

impl IntoResponse for &Page {
    fn into_response(self) -> Response {
        let mut r = axum::response::Html(self.body.to_string()).into_response();
        let h = r.headers_mut();
        h.insert(header::CONTENT_SECURITY_POLICY, self.csp.clone());
        if !self.embed {
            h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        }
        r
    }
}

/// Why the pages cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    /// A page or folder of `dist/` cannot be read.
    #[error("{0}: {1}")]
    Read(String, std::io::Error),
    /// An origin that cannot go into a header.
    #[error("--embed-origin `{0}` cannot go into a header")]
    Header(String),
}

/// The SHA-256 sources (`'sha256-…'`) of a page's inline scripts, in the order they appear.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(start) = lower[at..].find("<script").map(|k| k + at) {
        let Some(tag_end) = lower[start..].find('>').map(|k| k + start) else {
            break;
        };
        let Some(close) = lower[tag_end..].find("</script").map(|k| k + tag_end) else {
            break;
        };
        let tag = &lower[start..tag_end];
        if !tag.contains(" src=") && !tag.contains("\nsrc=") {
            let text = &html[tag_end + 1..close];
            let digest = Sha256::digest(text.as_bytes());
            out.push(format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            ));
        }
        at = close;
    }
    out
}

/// The Content-Security-Policy of a page whose inline scripts hash to `scripts`, framed by
/// `ancestors` (`'none'` or a list of origins).
pub fn page_policy(scripts: &[String], ancestors: &str) -> String {
    policy(scripts, "'self'", ancestors)
}

/// The policy of the app's page in a PunchOut session: forms may be posted only to
/// `form_action` (the origin of the session's `BrowserFormPost` or `HOOK_URL`; `'none'` when
/// there is none) and the page may be framed by `ancestors` (the organisation's form-post
/// origins, so that its procurement system can frame the configurator).
pub fn punchout_policy(scripts: &[String], form_action: &str, ancestors: &str) -> String {
    policy(scripts, form_action, ancestors)
}

fn policy(scripts: &[String], form_action: &str, ancestors: &str) -> String {
    let mut script = String::from("'self' 'wasm-unsafe-eval'");
    for s in scripts {
        script.push(' ');
        script.push_str(s);
    }
    format!(
        "default-src 'none'; script-src {script}; worker-src 'self' blob:; connect-src 'self'; \
         img-src 'self' data:; style-src 'self'; manifest-src 'self'; base-uri 'none'; \
         form-action {form_action}; frame-ancestors {ancestors}"
    )
}

/// The app's pages, by the request paths that show them.
#[derive(Debug, Default)]
pub struct Pages {
    by_path: BTreeMap<String, Arc<Page>>,
}

impl Pages {
    /// Reads every `*.html` of `dist` (two folders deep). `frame` is the embed page's
    /// `frame-ancestors` origins; `edit` changes a page's text before it is hashed (the desk's
    /// `<meta>` on the app's page).
    pub fn load(
        dist: &Path,
        frame: &[String],
        edit: impl Fn(&str, String) -> String,
    ) -> Result<Pages, PageError> {
        let ancestors = if frame.is_empty() {
            "'none'".to_owned()
        } else {
            frame.join(" ")
        };
        let mut pages = Pages::default();
        for file in html_files(dist)? {
            let text = std::fs::read_to_string(dist.join(&file))
                .map_err(|e| PageError::Read(file.clone(), e))?;
            let text = edit(&file, text);
            let embed = EMBED_PAGES.contains(&file.as_str());
            let policy = page_policy(
                &inline_script_hashes(&text),
                if embed { &ancestors } else { "'none'" },
            );
            let page = Arc::new(Page {
                body: text.into(),
                csp: HeaderValue::from_str(&policy)
                    .map_err(|_| PageError::Header(ancestors.clone()))?,
                embed,
            });
            if let Some(folder) = file.strip_suffix("index.html") {
                pages.by_path.insert(format!("/{folder}"), page.clone());
            }
            for (_, path) in ALSO_AT.iter().filter(|(f, _)| *f == file) {
                pages.by_path.insert((*path).to_owned(), page.clone());
            }
            pages.by_path.insert(format!("/{file}"), page);
        }
        Ok(pages)
    }

    /// Every page with the request paths that show it.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Arc<Page>)> {
        self.by_path.iter().map(|(p, page)| (p.as_str(), page))
    }
}

/// The `*.html` files of `dist` and of its folders (one level down), relative, with `/`.
fn html_files(dist: &Path) -> Result<Vec<String>, PageError> {
    let read = |dir: &Path| {
        std::fs::read_dir(dir)
            .map_err(|e| PageError::Read(dir.display().to_string(), e))
            .map(|r| {
                r.filter_map(|e| e.ok())
                    .map(|e| e.path())
                    .collect::<Vec<_>>()
            })
    };
    let is_html = |p: &Path| p.is_file() && p.extension().is_some_and(|x| x == "html");
    let name = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned());
    let mut out = Vec::new();
    for path in read(dist)? {
        if is_html(&path) {
            out.extend(name(&path));
        } else if path.is_dir() {
            let Some(folder) = name(&path) else { continue };
            for inner in read(&path)? {
                if is_html(&inner) {
                    out.extend(name(&inner).map(|n| format!("{folder}/{n}")));
                }
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Whether a file name carries trunk's content hash (`configurator-app-1a2b…_bg.wasm`,
/// `main-1a2b….css`): then its content never changes under that name.
pub fn hashed_name(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or(path);
    let stem = file.split('.').next().unwrap_or(file);
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        (12..=64).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

/// What the guard needs: the public origins.
#[derive(Clone, Debug)]
pub struct Guard {
    /// Where browsers reach the desk.
    pub public: Arc<Public>,
}

/// The middleware around every route: refuses a request whose `Host` is not the desk's
/// (421), then sets the headers every answer carries (refusals included).
pub async fn guard(State(g): State<Guard>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let host = Public::host_of(request.uri(), request.headers()).map(str::to_owned);
    let method = request.method().clone();
    let mut response = match host {
        Some(h) if g.public.serves_host(&h) => next.run(request).await,
        other => misdirected(&g.public, other.as_deref()),
    };
    let status = response.status();
    decorate(&path, &method, response.headers_mut(), status);
    response
}

/// The refusal of a request for another host.
fn misdirected(public: &Public, host: Option<&str>) -> Response {
    let names: Vec<String> = public.origins().iter().map(|o| o.to_string()).collect();
    let asked = match host {
        Some(h) => format!("`{h}`"),
        None => "no host".to_owned(),
    };
    ApiError::Rejected(
        StatusCode::MISDIRECTED_REQUEST,
        format!(
            "this quote desk answers at {} only; the request named {asked}",
            names.join(", ")
        ),
    )
    .into_response()
}

/// The headers every answer carries.
fn decorate(path: &str, method: &Method, h: &mut HeaderMap, status: StatusCode) {
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(NOT_A_PAGE),
        );
        h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    let cache = if path.starts_with("/api/")
        || path.starts_with("/punchout/")
        || path.starts_with("/cxml/")
        || status == StatusCode::MISDIRECTED_REQUEST
        || (method != Method::GET && method != Method::HEAD)
    {
        "no-store"
    } else if hashed_name(path)
        && !path.starts_with("/catalogs/")
        && (status.is_success() || status == StatusCode::NOT_MODIFIED)
    {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_hashed_and_others_not() {
        let html = "<html><head><script type=\"module\" src=\"/a.js\"></script></head><body>\
                    <SCRIPT type=\"module\">import init from '/x.js';</SCRIPT></body></html>";
        let hashes = inline_script_hashes(html);
        let expected = base64::engine::general_purpose::STANDARD
            .encode(Sha256::digest(b"import init from '/x.js';"));
        assert_eq!(hashes, vec![format!("'sha256-{expected}'")]);
        assert!(inline_script_hashes("<p>no script</p>").is_empty());
        assert!(inline_script_hashes("<script>cut short").is_empty());
    }

    #[test]
    fn trunks_names_are_hashed() {
        for yes in [
            "/configurator-app-8f3a2b1c4d5e6f70_bg.wasm",
            "/embed/configurator-embed-8f3a2b1c4d5e6f70.js",
            "/main-0123456789abcdef.css",
        ] {
            assert!(hashed_name(yes), "{yes}");
        }
        for no in [
            "/embed.js",
            "/catalogs/nx-9500-switches.json",
            "/index.html",
            "/desk/",
            "/catalogs/images/nx-3400-48p.svg",
        ] {
            assert!(!hashed_name(no), "{no}");
        }
    }
}
