//! The quote desk's HTTP API from the browser (through gloo-net): JSON in and out, the
//! session's CSRF token on every state-changing call, and every failure as an [`ApiProblem`] the pages can show (the
//! desk unreachable is one of them, never a panic).

use configurator_api::error::ErrorBody;
use gloo_net::http::{Method, RequestBuilder};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Why a call did not succeed.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiProblem {
    /// The HTTP status; 0 when the desk could not be reached.
    pub status: u16,
    /// The desk's error code (`forbidden`, `conflict`, ...; empty when it sent none).
    pub code: String,
    /// The desk's message (or the network's).
    pub message: String,
    /// Where a refused quote differs from the catalog: `place: quoted → recomputed`.
    pub details: Vec<String>,
}

impl ApiProblem {
    /// Whether the desk could not be reached at all.
    pub fn unreachable(&self) -> bool {
        self.status == 0
    }
}

thread_local! {
    /// The session's CSRF token, once signed in (sent on every state-changing call).
    static CSRF: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Keeps the session's CSRF token for the calls to come.
pub fn set_csrf(token: &str) {
    CSRF.with(|c| *c.borrow_mut() = token.to_owned());
}

fn problem(status: u16, message: impl Into<String>) -> ApiProblem {
    ApiProblem {
        status,
        code: String::new(),
        message: message.into(),
        details: Vec::new(),
    }
}

/// Calls `method path` with an optional JSON body (already text); the answer's text.
async fn call_text(method: &str, path: &str, body: Option<String>) -> Result<String, ApiProblem> {
    let verb = Method::from_bytes(method.as_bytes()).map_err(|e| problem(0, e.to_string()))?;
    let mut request = RequestBuilder::new(path).method(verb);
    if method != "GET" {
        let token = CSRF.with(|c| c.borrow().clone());
        request = request.header("x-csrf-token", &token);
    }
    let request = match body {
        Some(b) => request.header("content-type", "application/json").body(b),
        None => request.build(),
    }
    .map_err(|e| problem(0, e.to_string()))?;
    let unreachable = |_| {
        problem(
            0,
            "The quote desk cannot be reached. Your drafts stay in this browser; try again when \
             the connection is back.",
        )
    };
    let response = request.send().await.map_err(unreachable)?;
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    if response.ok() {
        return Ok(text);
    }
    Err(match serde_json::from_str::<ErrorBody>(&text) {
        Ok(body) => ApiProblem {
            status,
            code: body.error,
            message: body.message,
            details: body
                .details
                .iter()
                .map(|d| format!("{}: {} → {}", d.place, d.quoted, d.recomputed))
                .collect(),
        },
        Err(_) => problem(status, format!("HTTP {status}")),
    })
}

/// Calls `method path` with an optional typed body and reads a typed answer (the contract's
/// types in `configurator_api`): a field the server no longer sends is a problem here, never
/// an empty text on the page.
pub async fn typed<B: Serialize, T: DeserializeOwned>(
    method: &str,
    path: &str,
    body: Option<&B>,
) -> Result<T, ApiProblem> {
    let body = match body {
        Some(b) => Some(serde_json::to_string(b).map_err(|e| problem(0, e.to_string()))?),
        None => None,
    };
    read(&call_text(method, path, body).await?)
}

/// A typed answer read from its text.
fn read<T: DeserializeOwned>(text: &str) -> Result<T, ApiProblem> {
    serde_json::from_str(text).map_err(|e| {
        problem(
            0,
            format!("the quote desk answered in an unknown form: {e}"),
        )
    })
}

/// Calls `method path` with a body already written as JSON (a quote in the engine's canonical
/// form) and reads a typed answer.
pub async fn send_text<T: DeserializeOwned>(
    method: &str,
    path: &str,
    body: String,
) -> Result<T, ApiProblem> {
    read(&call_text(method, path, Some(body)).await?)
}

/// POST a typed body, a typed answer.
pub async fn post_typed<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
) -> Result<T, ApiProblem> {
    typed("POST", path, Some(body)).await
}

/// Calls `method path` without a body, for an answer without one (`204 No Content`).
pub async fn call_empty(method: &str, path: &str) -> Result<(), ApiProblem> {
    call_text(method, path, None).await.map(|_| ())
}

/// GET a typed answer.
pub async fn get_typed<T: DeserializeOwned>(path: &str) -> Result<T, ApiProblem> {
    typed::<(), T>("GET", path, None).await
}

/// Percent-encodes a query value.
pub fn encode(s: &str) -> String {
    js_sys::encode_uri_component(s)
        .as_string()
        .unwrap_or_default()
}

/// Calls `method path` with a typed body, whatever the answer's body (none, or one the page
/// does not need).
pub async fn send_ignoring<B: Serialize>(
    method: &str,
    path: &str,
    body: &B,
) -> Result<(), ApiProblem> {
    let text = serde_json::to_string(body).map_err(|e| problem(0, e.to_string()))?;
    call_text(method, path, Some(text)).await.map(|_| ())
}
