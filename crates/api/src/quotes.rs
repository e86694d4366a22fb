//! Quotes: what a revision changed and the audit log, as data the pages word in the reader's
//! language.

use serde::{Deserialize, Serialize};

/// What kind of change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A line is new (`quantity`, `after` = its net price).
    LineAdded,
    /// A line is gone.
    LineRemoved,
    /// A line's units changed (`before` → `after`, whole numbers).
    Quantity,
    /// A line's net price changed.
    Net,
    /// The one-time total changed.
    OneTime,
    /// The monthly total changed.
    Monthly,
    /// The yearly total changed.
    Yearly,
    /// The contract value changed.
    ContractValue,
    /// The customer's name changed.
    Customer,
    /// The date the quote is valid until changed (ISO dates).
    ValidUntil,
    /// The notes changed.
    Notes,
    /// The pricing context changed (`before`/`after` are the context as JSON).
    Context,
}

/// One change from a revision to the next. Amounts are plain decimals (`4915.90`) in
/// `currency`; the pages format them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// What changed.
    pub kind: ChangeKind,
    /// The line's item by its catalog name (`24-port switch`), for line changes.
    pub item: Option<String>,
    /// The line's units, for an added line.
    pub quantity: Option<u32>,
    /// Before (`None` when there was nothing, or for an added line).
    pub before: Option<String>,
    /// After (`None` for a removed line).
    pub after: Option<String>,
    /// The currency code of the amounts (`USD`).
    pub currency: String,
}

/// One revision of a quote as `GET /api/quotes/{number}/revisions` lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RevisionEntry {
    /// Its number, from 1.
    pub revision: i64,
    /// Who saved it.
    pub author: String,
    /// When (UTC, ISO 8601).
    pub created_at: String,
    /// What changed from the revision before, typed (empty for the first).
    pub changed: Vec<Change>,
}

/// `GET /api/quotes/{number}/revisions`, the part the pages read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Revisions {
    /// Oldest first.
    pub revisions: Vec<RevisionEntry>,
}

/// One entry of the audit log (`GET /api/quotes/{number}/audit`, `GET /api/audit`): who did
/// what, when, with the parts of its detail the pages word.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// When (UTC, ISO 8601).
    pub at: String,
    /// Who: a user name, or `customer: NAME` for a customer link.
    pub actor: String,
    /// What: `quote.create`, `quote.revise`, `quote.submit`, `user.disable`, ...
    pub action: String,
    /// The quote's number, if about a quote.
    pub quote: Option<String>,
    /// The detail as the desk wrote it (a comment, a revision number, ...), for tools.
    pub detail: String,
    /// The revision it is about, if any.
    #[serde(default)]
    pub revision: Option<i64>,
    /// The status the quote moved to (`approved`, ...), for a workflow step.
    #[serde(default)]
    pub to: Option<String>,
    /// The comment given with a workflow step.
    #[serde(default)]
    pub comment: Option<String>,
    /// The customer link it is about.
    #[serde(default)]
    pub link: Option<i64>,
    /// For how many days a customer link is open.
    #[serde(default)]
    pub days: Option<i64>,
}

/// The audit log, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLog {
    /// The entries.
    pub entries: Vec<AuditEntry>,
}
