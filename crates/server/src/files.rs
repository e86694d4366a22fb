//! What the desk serves besides the API: the app's pages (from memory, each with its
//! Content-Security-Policy, `headers.rs`), the catalogs' public forms and diagrams at
//! `/catalogs/` (never the files as written: they hold internal pricing), their images, and
//! every other file of `dist/`, compressed (gzip or brotli, as the browser accepts).
//!
//! Compression is for these files only: the API's answers carry secrets (the CSRF token)
//! beside text a request chooses, which compression would leak to a watcher of sizes
//! (BREACH).

use std::sync::Arc;

use axum::extract::{Path as At, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tower::ServiceExt as _;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::headers::Pages;
use crate::{Config, Desk, DESK_META};

/// The files' router: pages, catalogs, the rest of `dist/`.
pub fn router(desk: &Arc<Desk>, config: &Config) -> anyhow::Result<Router> {
    let mut files = Router::new();
    let catalogs = desk.clone();
    files = files.route(
        "/catalogs/{file}",
        get(move |At(file): At<String>| async move { catalog_file(&catalogs, &file) }),
    );
    if let Some(dir) = &config.catalogs {
        files = files.nest_service("/catalogs/images", ServeDir::new(dir.join("images")));
    }
    if let Some(dist) = &config.dist {
        let pages = Pages::load(dist, &frame_ancestors(desk, config), desk_meta)
            .map_err(|e| anyhow::anyhow!("--dist {}: {e}", dist.display()))?;
        for (path, page) in pages.iter() {
            let page = page.clone();
            files = files.route(
                path,
                get(move || async move { page.as_ref().into_response() }),
            );
        }
        let dir = ServeDir::new(dist);
        files = files.fallback(move |request: Request| async move {
            // The copies of the catalogs trunk puts in dist/ are the files as written.
            if under_catalogs(request.uri().path()) {
                return StatusCode::NOT_FOUND.into_response();
            }
            match dir.oneshot(request).await {
                Ok(r) => r.into_response(),
                Err(never) => match never {},
            }
        });
    }
    // Partner pages of other origins load the app's files (docs/embedding.md); the API is
    // same-origin only: it sends no CORS header, so other sites cannot read it.
    Ok(files
        .layer(CompressionLayer::new())
        .layer(SetResponseHeaderLayer::overriding(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        )))
}

/// The app's page says that a quote desk serves it (the app offers "Save to quote desk"
/// then), with a `<meta>` tag rather than a request the app would have to make.
fn desk_meta(file: &str, text: String) -> String {
    if file == "index.html" {
        text.replacen("</head>", DESK_META, 1)
    } else {
        text
    }
}

/// Who may frame the embed page: every catalog's `embed.origins` and the `--embed-origin`s
/// (normalised, each once).
fn frame_ancestors(desk: &Desk, config: &Config) -> Vec<String> {
    let mut out: Vec<String> = desk
        .catalogs
        .list()
        .iter()
        .flat_map(|l| l.engine.catalog().embed_origins.clone())
        .chain(config.embed_origins.iter().cloned())
        .filter_map(|o| crate::origin::Origin::parse(&o).ok())
        .map(|o| o.to_string())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// A catalog file as browsers get it.
fn catalog_file(desk: &Desk, file: &str) -> Response {
    let Some(bytes) = desk.catalogs.public_file(file) else {
        return (StatusCode::NOT_FOUND, "no such catalog file").into_response();
    };
    let kind = if file.ends_with(".json") {
        "application/json"
    } else {
        "application/octet-stream"
    };
    let mut r = bytes.to_vec().into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    r
}

/// Whether a request path names something under `catalogs/` once decoded (`%2F`, `//`, `./`
/// and `..` as a file server reads them).
fn under_catalogs(path: &str) -> bool {
    let decoded = percent_decoded(path);
    let mut parts: Vec<&str> = Vec::new();
    for part in decoded.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts
        .first()
        .is_some_and(|p| p.eq_ignore_ascii_case("catalogs"))
}

/// `%XX` escapes decoded (others kept as they are).
fn percent_decoded(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let hex = |at: usize| bytes.get(at).and_then(|&c| (c as char).to_digit(16));
    let mut k = 0;
    while k < bytes.len() {
        if bytes[k] == b'%' {
            if let (Some(a), Some(b)) = (hex(k + 1), hex(k + 2)) {
                out.push((a * 16 + b) as u8);
                k += 3;
                continue;
            }
        }
        out.push(bytes[k]);
        k += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::under_catalogs;

    #[test]
    fn catalog_copies_are_found_however_written() {
        for yes in [
            "/catalogs/nx-3400-switch.json",
            "//catalogs/x.json",
            "/catalogs%2Fx.json",
            "/%63atalogs/x.json",
            "/./catalogs/x.json",
            "/desk/../catalogs/x.json",
            "/Catalogs/x.json",
        ] {
            assert!(under_catalogs(yes), "{yes}");
        }
        for no in ["/", "/index.html", "/desk/", "/embed/catalogs.js"] {
            assert!(!under_catalogs(no), "{no}");
        }
    }
}
