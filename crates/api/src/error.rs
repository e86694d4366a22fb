//! The body of every error answer.

use serde::{Deserialize, Serialize};

/// `{"error": code, "message": text, "details": [...]}` with the HTTP status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// A stable code (`unauthenticated`, `forbidden`, `csrf`, `bad_credentials`,
    /// `too_many_attempts`, `not_found`, `bad_request`, `price_mismatch`, `unprocessable`,
    /// `conflict`, `internal`, ...): what the pages word.
    pub error: String,
    /// The server's English text (for logs, tools and pages that know no better wording).
    pub message: String,
    /// Where a refused quote differs from the catalog.
    #[serde(default)]
    pub details: Vec<Difference>,
}

/// One place where a quote differs from what the catalog gives.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Difference {
    /// The place (`total`, `switch.24p net`, ...).
    pub place: String,
    /// What the quote said.
    pub quoted: String,
    /// What the engine computed.
    pub recomputed: String,
}
