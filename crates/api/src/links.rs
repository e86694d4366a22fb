//! Customer links: a sent quote's owner makes and revokes them (`/api/quotes/{number}/links`);
//! the customer opens one and accepts or declines through it (`/api/customer/{token}`).

use serde::{Deserialize, Serialize};

use crate::quotes::{QuoteDocument, QuoteStatus};

/// A link as its owner sees it (the token only once, when made).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Link {
    /// Its id (to revoke it).
    pub id: i64,
    /// The revision it shows.
    pub revision: i64,
    /// Made (UTC).
    pub created_at: String,
    /// Closes (UTC).
    pub expires_at: String,
    /// Revoked (UTC), if it was.
    pub revoked_at: Option<String>,
    /// The token: only in the answer that made the link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

/// `GET /api/quotes/{number}/links`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkList {
    /// Every link of the quote, newest first.
    pub links: Vec<Link>,
}

/// `POST /api/quotes/{number}/links`: the link made, with its token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkAnswer {
    /// The link.
    pub link: Link,
}

/// `POST /api/quotes/{number}/links`: a new link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewLink {
    /// For how many days it stays open (1 to 90).
    pub days: i64,
    /// The customer's contact: the quote and its link go there by mail (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// `en` or `de`: the language of that message and of the link's PDF.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

/// What a customer sees.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerView {
    /// Quote number.
    pub number: String,
    /// Its status now.
    pub status: QuoteStatus,
    /// The revision shown.
    pub revision: i64,
    /// Whether that revision is still the quote's latest (an older one cannot be accepted).
    pub current: bool,
    /// The quote, typed.
    pub quote: QuoteDocument,
    /// The link closes (UTC).
    pub expires_at: String,
    /// Who accepted or declined, and when, once one did.
    pub decided: Option<String>,
}

/// `GET /api/customer/{token}`, and the answer of accepting or declining.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerAnswer {
    /// What the customer sees.
    pub view: CustomerView,
}

/// `POST /api/customer/{token}/accept|decline`: the customer's name as signature.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Signature {
    /// The name the customer signs with.
    pub name: String,
}
