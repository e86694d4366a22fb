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
    /// The other quote of a renewal: the source of a new quote (`quote.renew`), or the new
    /// quote made from this one (`quote.renewed`).
    #[serde(default)]
    pub other: Option<String>,
}

/// The audit log, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLog {
    /// The entries.
    pub entries: Vec<AuditEntry>,
}

/// `POST /api/quotes/{number}/renew` (no body): a new draft for the same customer account from
/// the latest revision of quote `number`, priced again with the newest version of its catalog
/// (the desk recomputes it with the engine, like every quote it stores), with what changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Renewed {
    /// The new quote's number.
    pub number: String,
    /// The quote it was made from.
    pub source: String,
    /// The revision of the source it was made from.
    pub source_revision: i64,
    /// The catalog version the source was priced with.
    pub source_catalog_version: String,
    /// The catalog version the new quote is priced with.
    pub catalog_version: String,
    /// What changed from the source: lines whose price changed, added or gone, the totals
    /// (before → after), the validity. Amounts are plain decimals the pages format.
    pub changed: Vec<Change>,
    /// Items of the source the catalog no longer offers (by name), left out of the new quote.
    pub no_longer_offered: Vec<String>,
    /// The new configuration's state under today's catalog: `complete`, `incomplete` or
    /// `conflict` (choices that no longer go together).
    pub configuration: String,
    /// The new quote's date of validity (`YYYY-MM-DD`).
    pub valid_until: Option<String>,
}

/// `POST /api/quotes/{number}/deal-preview`: deal discounts being typed on the quote page, not
/// saved. The desk prices the quote's latest revision with them and measures it against the
/// account's entitlement (the engine's `quote::entitlement`), as saving would.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DealDraft {
    /// The deal discount of every line (percent, decimal text); `None` or empty: none.
    #[serde(default)]
    pub deal: Option<String>,
    /// Per line (`group.item` → percent), in place of `deal` on those lines.
    #[serde(default)]
    pub deal_lines: std::collections::BTreeMap<String, String>,
}

/// What a [`DealDraft`] would give: how far below the entitled price, and who must approve.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DealPreview {
    /// Percent below the account's entitled price (the deepest line; decimal text).
    pub depth: String,
    /// The quote owner's role (whose limit applies).
    pub owner_role: String,
    /// The owner's limit (percent, decimal text).
    pub owner_limit: String,
    /// The approval level that must approve (`manager`, `director`, `admin`); `None` when
    /// the depth is within the owner's limit, or above every limit.
    pub needs: Option<String>,
    /// Above every approval limit: nobody may approve it (the admin's limit is `admin_limit`).
    pub beyond_every_limit: bool,
    /// The admin's limit, when `beyond_every_limit`.
    pub admin_limit: Option<String>,
    /// The contract value with these discounts (decimal text in `currency`).
    pub contract_value: String,
    /// The currency code.
    pub currency: String,
}
