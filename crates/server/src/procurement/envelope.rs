//! The cXML envelope: `cXML@payloadID`, `@timestamp`, `@xml:lang`, the `Header`'s `From`, `To`
//! and `Sender` credentials, and which request the document carries; writing a document's
//! prolog and envelope (cXML 1.2.014), and the `Response/Status` answer.
//!
//! Every answer to a cXML request is HTTP 200 with the outcome in `Status@code` (as the cXML
//! specification and every procurement system read it); only a body over the size limit is
//! refused at the HTTP level too (413).

use super::xml::{self, Document, Element, XmlError};

/// The cXML version the documents we write announce.
pub const VERSION: &str = "1.2.014";
/// The `DOCTYPE` of the documents we write (the DTD is named, never fetched by us).
pub const DOCTYPE: &str = "cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.014/cXML.dtd\"";

/// A `Credential` of `From`, `To` or `Sender`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credential {
    /// `@domain` (`NetworkID`, `DUNS`, …).
    pub domain: String,
    /// `Identity`'s text.
    pub identity: String,
    /// `SharedSecret`'s text (only `Sender`'s is read for authentication).
    pub secret: Option<String>,
}

/// A cXML document's envelope as read.
#[derive(Clone, Debug)]
pub struct Envelope {
    /// `cXML@payloadID`.
    pub payload_id: String,
    /// `cXML@timestamp`.
    pub timestamp: String,
    /// `cXML@xml:lang`, if given.
    pub lang: Option<String>,
    /// `Header/From/Credential`s.
    pub from: Vec<Credential>,
    /// `Header/To/Credential`s.
    pub to: Vec<Credential>,
    /// `Header/Sender/Credential`s.
    pub sender: Vec<Credential>,
    /// `Header/Sender/UserAgent`.
    pub user_agent: String,
    /// `Request@deploymentMode` (`production` when absent).
    pub deployment_mode: String,
    /// The request's element name (`PunchOutSetupRequest`, `OrderRequest`, …).
    pub kind: String,
}

/// A cXML status answered: code and text (the `Status` element's `text` attribute and
/// content).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    /// The cXML status code (200, 400, 401, 403, 409, 500…).
    pub code: u16,
    /// The reason, in English (what the procurement system shows its admin).
    pub text: String,
}

impl Status {
    /// A status with its code and text.
    pub fn new(code: u16, text: impl Into<String>) -> Status {
        Status {
            code,
            text: text.into(),
        }
    }

    /// `Status@text`: the code's standard name.
    pub fn name(&self) -> &'static str {
        match self.code {
            200 => "OK",
            201 => "Accepted",
            204 => "No Content",
            400 => "Bad Request",
            401 => "Unauthorized",
            402 => "Payment Required",
            403 => "Forbidden",
            404 => "Not Found",
            406 => "Not Acceptable",
            409 => "Conflict",
            412 => "Precondition Failed",
            413 => "Request Entity Too Large",
            417 => "Expectation Failed",
            475 => "Signature Required",
            500 => "Internal Server Error",
            _ => "Error",
        }
    }
}

impl From<XmlError> for Status {
    fn from(e: XmlError) -> Status {
        Status::new(400, format!("the document cannot be read: {e}"))
    }
}

/// The credentials of a `From`, `To` or `Sender` element.
fn credentials(parent: Option<&Element>) -> Vec<Credential> {
    parent
        .map(|p| {
            p.all("Credential")
                .map(|c| Credential {
                    domain: c.get("domain").unwrap_or_default().trim().to_owned(),
                    identity: c.text_at("Identity").unwrap_or_default(),
                    secret: c.find("SharedSecret").map(Element::text_content),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Reads the envelope of a document and gives the request's element (the child of
/// `Request`). Refused: another root than `cXML`, no `payloadID`, no `Header`, no `Request`.
pub fn read(doc: &Document) -> Result<(Envelope, &Element), XmlError> {
    let root = &doc.root;
    let content = |path: &str, reason: &str| XmlError::Content {
        path: path.to_owned(),
        reason: reason.to_owned(),
    };
    if root.name != "cXML" {
        return Err(content(&root.name, "the root element must be cXML"));
    }
    let payload_id = root
        .get("payloadID")
        .map(str::trim)
        .filter(|p| !p.is_empty() && p.len() <= 250)
        .ok_or_else(|| content("cXML", "payloadID is required (at most 250 characters)"))?
        .to_owned();
    let header = root
        .first("Header")
        .ok_or_else(|| content("cXML/Header", "required"))?;
    let request = root
        .first("Request")
        .ok_or_else(|| content("cXML/Request", "this address reads cXML requests only"))?;
    let body = request
        .elements()
        .next()
        .ok_or_else(|| content("cXML/Request", "empty"))?;
    let sender = header.first("Sender");
    let envelope = Envelope {
        payload_id,
        timestamp: root.get("timestamp").unwrap_or_default().to_owned(),
        lang: root.get("xml:lang").map(str::to_owned),
        from: credentials(header.first("From")),
        to: credentials(header.first("To")),
        sender: credentials(sender),
        user_agent: sender
            .and_then(|s| s.text_at("UserAgent"))
            .unwrap_or_default(),
        deployment_mode: request
            .get("deploymentMode")
            .unwrap_or("production")
            .to_owned(),
        kind: body.name.clone(),
    };
    Ok((envelope, body))
}

/// A fresh `payloadID`: `<epoch>.<pid>.<random>@<host>` as the specification recommends.
pub fn payload_id(now: i64, host: &str) -> String {
    let random = crate::auth::random_hex(8).unwrap_or_else(|_| "0".repeat(16));
    format!("{now}.{}.{random}@{host}", std::process::id())
}

/// ISO 8601 with the offset (UTC): `2026-12-08T01:30:00+00:00`.
pub fn timestamp(now: i64) -> String {
    let t = crate::clock::timestamp(now);
    format!("{}+00:00", t.trim_end_matches('Z'))
}

/// The `cXML` root element of a document we write, around `children`.
pub fn root(now: i64, host: &str, lang: &str, children: Vec<Element>) -> Element {
    Element::new("cXML")
        .attr("payloadID", payload_id(now, host))
        .attr("timestamp", timestamp(now))
        .attr("version", VERSION)
        .attr("xml:lang", lang)
        .children(children)
}

/// A whole document we write: prolog, `DOCTYPE` and `root`.
pub fn document(root: &Element) -> String {
    xml::write(Some(DOCTYPE), root)
}

/// The `Status` element of an answer.
pub fn status_element(status: &Status) -> Element {
    Element::new("Status")
        .attr("code", status.code.to_string())
        .attr("text", status.name())
        .text(status.text.clone())
}

/// An answer holding only a `Response/Status`.
pub fn status_answer(now: i64, host: &str, status: &Status) -> String {
    let response = Element::new("Response").child(status_element(status));
    document(&root(now, host, "en", vec![response]))
}

/// A `Credential` element (with a `SharedSecret` when `secret` is some).
pub fn credential(domain: &str, identity: &str, secret: Option<&str>) -> Element {
    let c = Element::new("Credential")
        .attr("domain", domain)
        .child(Element::with_text("Identity", identity));
    match secret {
        Some(s) => c.child(Element::with_text("SharedSecret", s)),
        None => c,
    }
}

/// Reads a `Response/Status` answer back (tests and the outbox read answers this way): its
/// code and its text.
pub fn read_status(text: &str) -> Result<Status, XmlError> {
    let doc = xml::read(text)?;
    let status = doc
        .root
        .find("Response/Status")
        .ok_or_else(|| XmlError::Content {
            path: "cXML/Response/Status".into(),
            reason: "required".into(),
        })?;
    let code = status
        .get("code")
        .and_then(|c| c.trim().parse().ok())
        .ok_or_else(|| XmlError::Content {
            path: "cXML/Response/Status".into(),
            reason: "code must be a number".into(),
        })?;
    Ok(Status::new(code, status.text_content()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_an_envelope() {
        let text = "<cXML payloadID=\"1@b\" timestamp=\"t\" xml:lang=\"de-DE\"><Header>\
            <From><Credential domain=\"NetworkID\"><Identity>AN1</Identity></Credential></From>\
            <To><Credential domain=\"DUNS\"><Identity>9</Identity></Credential></To>\
            <Sender><Credential domain=\"NetworkID\"><Identity>AN1</Identity><SharedSecret>s3</SharedSecret>\
            </Credential><UserAgent>Buyer 1</UserAgent></Sender></Header>\
            <Request deploymentMode=\"test\"><PunchOutSetupRequest operation=\"create\"/></Request></cXML>";
        let doc = xml::read(text).unwrap();
        let (e, body) = read(&doc).unwrap();
        assert_eq!(e.payload_id, "1@b");
        assert_eq!(e.lang.as_deref(), Some("de-DE"));
        assert_eq!(e.from[0].identity, "AN1");
        assert_eq!(e.sender[0].secret.as_deref(), Some("s3"));
        assert_eq!(e.to[0].domain, "DUNS");
        assert_eq!(e.deployment_mode, "test");
        assert_eq!(body.name, "PunchOutSetupRequest");
        assert_eq!(e.kind, "PunchOutSetupRequest");
    }

    #[test]
    fn a_status_answer_reads_back() {
        let text = status_answer(1_800_000_000, "desk.example", &Status::new(401, "who?"));
        assert!(text.contains(
            "<!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.014/cXML.dtd\">"
        ));
        assert!(text.contains("timestamp=\"2027-01-15T08:00:00+00:00\""));
        assert_eq!(read_status(&text).unwrap(), Status::new(401, "who?"));
    }
}
