//! Documents and messages a customer sees: the outbox (`GET /api/outbox`) and the optional
//! contact fields of requests that cause mail. The quote as PDF (`GET
//! /api/quotes/{number}/quote.pdf?lang=`, `GET /api/customer/{token}/quote.pdf?lang=`) answers
//! a file, so it has no JSON type; [`PdfQuery`] is its query.

use serde::{Deserialize, Serialize};

/// `GET /api/outbox`: the messages a manager or admin may read, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Outbox {
    /// Whether the desk sends mail (`--smtp`); without it, messages only wait here.
    pub smtp: bool,
    /// The messages.
    pub messages: Vec<OutboxMessage>,
}

/// One message of the outbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutboxMessage {
    /// Its id.
    pub id: i64,
    /// The address.
    pub recipient: String,
    /// Subject line.
    pub subject: String,
    /// Plain text.
    pub body: String,
    /// `approval.requested`, `quote.approved`, `quote.rejected`, `quote.sent`,
    /// `customer.accepted`, `customer.declined`.
    pub kind: String,
    /// The quote's number, when about one.
    pub quote: Option<String>,
    /// Written (UTC).
    pub created_at: String,
    /// Attempts to send it so far.
    pub attempts: i64,
    /// The next attempt (UTC), while it waits.
    pub next_attempt: Option<String>,
    /// Sent (UTC): the SMTP server accepted it.
    pub sent_at: Option<String>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// `waiting`, `sent` or `failed` (given up after many attempts).
    pub state: String,
}

/// The query of the PDF routes: the document's language (`en` or `de`); by default the
/// customer's.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(default, deny_unknown_fields)]
pub struct PdfQuery {
    /// `en` or `de`.
    pub lang: Option<String>,
}
