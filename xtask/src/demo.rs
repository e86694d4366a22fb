//! The partner demo page (`partner-demo/`) served on a second origin while `cargo xtask serve`
//! runs: http://localhost:8091/partner-demo/ frames the app from http://127.0.0.1:8080, so the
//! embed is cross-origin as on a real partner's extranet. A plain static server on loopback:
//! GET only, files under `partner-demo/` only.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};

/// The demo's port (its origin, `http://localhost:8091`, is allowed by the built-in catalogs).
pub const PORT: u16 = 8091;

/// Starts serving `partner-demo/` on 127.0.0.1:[`PORT`] in a background thread.
pub fn start(root: PathBuf) -> std::io::Result<()> {
    let listener = TcpListener::bind(("127.0.0.1", PORT))?;
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let _ = answer(&root, stream);
        }
    });
    Ok(())
}

/// The file a request path names under `root`, if it is one (no `..`, no absolute parts).
fn file_for(root: &Path, path: &str) -> Option<PathBuf> {
    let rel = path.strip_prefix("/partner-demo")?.trim_start_matches('/');
    let rel = if rel.is_empty() { "index.html" } else { rel };
    let rel = Path::new(rel);
    rel.components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then(|| root.join(rel))
}

fn answer(root: &Path, mut stream: TcpStream) -> std::io::Result<()> {
    let mut line = String::new();
    BufReader::new(&stream).read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let path = target.split('?').next().unwrap_or("/");
    let found = (method == "GET")
        .then(|| file_for(root, path))
        .flatten()
        .and_then(|f| std::fs::read(&f).ok().map(|b| (f, b)));
    match found {
        Some((file, body)) => {
            let kind = match file.extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("json") => "application/json",
                Some("css") => "text/css",
                Some("js") => "text/javascript",
                _ => "application/octet-stream",
            };
            write!(
                stream,
                "HTTP/1.1 200 OK\r\ncontent-type: {kind}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            )?;
            stream.write_all(&body)
        }
        None => stream.write_all(
            b"HTTP/1.1 404 Not Found\r\ncontent-length: 9\r\nconnection: close\r\n\r\nnot found",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_under_the_demo_are_served() {
        let root = Path::new("/srv/demo");
        assert_eq!(
            file_for(root, "/partner-demo/"),
            Some(root.join("index.html"))
        );
        assert_eq!(
            file_for(root, "/partner-demo/a.css"),
            Some(root.join("a.css"))
        );
        assert_eq!(file_for(root, "/partner-demo/../secret"), None);
        assert_eq!(
            file_for(root, "/partner-demo//etc/passwd"),
            Some(root.join("etc/passwd"))
        );
        assert_eq!(file_for(root, "/other"), None);
    }
}
