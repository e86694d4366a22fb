//! Quotes: their summaries and workflow, one quote with what the user may do next, what a
//! revision changed and the audit log, as data the pages word in the reader's language.

use configurator_engine::quote::Quote;
use serde::{Deserialize, Serialize};

use crate::accounts::QuoteApproval;

/// What kind of change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevisionEntry {
    /// Its number, from 1.
    pub revision: i64,
    /// Who saved it.
    pub author: String,
    /// When (UTC, ISO 8601).
    pub created_at: String,
    /// The catalog version it was priced with.
    pub catalog_version: String,
    /// What changed from the revision before, as tools read it (empty for the first).
    pub changes: Vec<RevisionChange>,
    /// What changed from the revision before, typed (empty for the first).
    pub changed: Vec<Change>,
}

/// `GET /api/quotes/{number}/revisions`, the part the pages read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Revisions {
    /// Oldest first.
    pub revisions: Vec<RevisionEntry>,
}

/// One entry of the audit log (`GET /api/quotes/{number}/audit`, `GET /api/audit`): who did
/// what, when, with the parts of its detail the pages word.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    pub to: Option<QuoteStatus>,
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditLog {
    /// The entries.
    pub entries: Vec<AuditEntry>,
}

/// One change from a revision to the next as tools read it (`changes`; the pages read the
/// typed [`Change`]s): tagged by `change`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum RevisionChange {
    /// A line is new.
    Added {
        /// `group.item`.
        item: String,
        /// Its name.
        name: String,
        /// Units.
        quantity: u32,
        /// Net price.
        net: String,
    },
    /// A line is gone.
    Removed {
        /// `group.item`.
        item: String,
        /// Its name.
        name: String,
    },
    /// A line's units changed.
    Quantity {
        /// `group.item`.
        item: String,
        /// Before.
        before: u32,
        /// After.
        after: u32,
    },
    /// A line's net price changed.
    Net {
        /// `group.item`.
        item: String,
        /// Before.
        before: String,
        /// After.
        after: String,
    },
    /// A total changed (`one_time`, `monthly`, `yearly`, `contract_value`).
    Total {
        /// Which.
        total: String,
        /// Before.
        before: String,
        /// After.
        after: String,
    },
    /// A field of the quote's details or pricing context changed.
    Field {
        /// `customer`, `valid_until`, `notes`, `context`.
        field: String,
        /// Before.
        before: String,
        /// After.
        after: String,
    },
}

/// A quote's place in the workflow: a closed set, written in lower case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum QuoteStatus {
    /// Being written; the only status a revision may start from or return to.
    Draft,
    /// Waiting for a manager's approval of its deal discount.
    Submitted,
    /// Within limits, or approved: ready to send.
    Approved,
    /// With the customer.
    Sent,
    /// The customer accepted it.
    Accepted,
    /// The customer declined it.
    Rejected,
    /// Sent, and past its `valid_until` date.
    Expired,
}

impl QuoteStatus {
    /// Every status.
    pub const ALL: [QuoteStatus; 7] = [
        QuoteStatus::Draft,
        QuoteStatus::Submitted,
        QuoteStatus::Approved,
        QuoteStatus::Sent,
        QuoteStatus::Accepted,
        QuoteStatus::Rejected,
        QuoteStatus::Expired,
    ];

    /// As stored and written.
    pub fn name(self) -> &'static str {
        match self {
            QuoteStatus::Draft => "draft",
            QuoteStatus::Submitted => "submitted",
            QuoteStatus::Approved => "approved",
            QuoteStatus::Sent => "sent",
            QuoteStatus::Accepted => "accepted",
            QuoteStatus::Rejected => "rejected",
            QuoteStatus::Expired => "expired",
        }
    }

    /// The status named `name`.
    pub fn from_name(name: &str) -> Option<QuoteStatus> {
        QuoteStatus::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// What a user can ask of a quote (`POST /api/quotes/{number}/actions/{action}`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Ask for approval (or approve within limits).
    Submit,
    /// A manager approves the deal discount.
    Approve,
    /// A manager sends it back to draft.
    Reject,
    /// Mark it sent to the customer.
    Send,
    /// Record that the customer declined.
    Decline,
}

impl Action {
    /// Every action.
    pub const ALL: [Action; 5] = [
        Action::Submit,
        Action::Approve,
        Action::Reject,
        Action::Send,
        Action::Decline,
    ];

    /// As written in the API.
    pub fn name(self) -> &'static str {
        match self {
            Action::Submit => "submit",
            Action::Approve => "approve",
            Action::Reject => "reject",
            Action::Send => "send",
            Action::Decline => "decline",
        }
    }
}

/// A quote as lists show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuoteSummary {
    /// `Q-2026-000042`.
    pub number: String,
    /// Workflow status.
    pub status: QuoteStatus,
    /// The latest revision.
    pub revision: i64,
    /// Customer.
    pub customer: String,
    /// The rep who owns it.
    pub owner: String,
    /// The owner's team.
    pub team: String,
    /// Catalog id.
    pub catalog: String,
    /// Currency code.
    pub currency: String,
    /// Contract value (decimal text).
    pub total: String,
    /// Valid until (`YYYY-MM-DD`).
    pub valid_until: Option<String>,
    /// Whether its discount below the entitled price is above its owner's limit.
    pub needs_approval: bool,
    /// The customer account it is for (`None`: older quotes, clients that name none).
    pub account: Option<i64>,
    /// Percent below the account's entitled price (decimal text), as of its last save or
    /// submission.
    pub depth: String,
    /// The approval level that must approve it (`manager`, `director`, `admin`; empty when
    /// none must).
    pub approver: String,
    /// Created (UTC).
    pub created_at: String,
    /// Last changed (UTC).
    pub updated_at: String,
}

/// `GET /api/quotes` (and the file `GET /api/quotes/export.json`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuoteList {
    /// The quotes the user may see that match, newest first.
    pub quotes: Vec<QuoteSummary>,
}

/// `POST /api/quotes`, `POST /api/quotes/{number}/revisions`: the quote as saved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuoteAnswer {
    /// Its summary.
    pub quote: QuoteSummary,
}

/// `POST /api/quotes/{number}/actions/{action}`: the quote after the step, and what the user
/// may do next.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActionAnswer {
    /// Its summary.
    pub quote: QuoteSummary,
    /// The steps the user may take now.
    pub actions: Vec<Action>,
}

/// The body of a workflow step: the comment given with it (optional).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct Comment {
    /// The comment (a rejection needs one).
    pub comment: String,
}

/// A quote in an answer: the engine's typed [`Quote`], written as its canonical JSON
/// (`configurator-quote/1`) and read with the engine's own reader (amounts checked against the
/// currency). Reading goes through a `serde_json::Value` first: capturing the text as it came
/// (`RawValue`) needs serde_json's `raw_value` feature, which every bundle of the app package
/// would then carry, and it cost the customer's page 2.2 KB gzipped (measured 2026-12-07).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuoteDocument(pub Quote);

impl Serialize for QuoteDocument {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for QuoteDocument {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = serde_json::Value::deserialize(deserializer)?;
        Quote::from_json(&raw.to_string())
            .map(QuoteDocument)
            .map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for QuoteDocument {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some(
                "A quote as the engine writes it (`configurator-quote/1`: catalog, \
                 configuration, context, meta, status, lines, totals); its JSON Schema is the \
                 engine's quote format.",
            ))
            .property(
                "format",
                ObjectBuilder::new().schema_type(Type::String).build(),
            )
            .required("format")
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for QuoteDocument {
    fn name() -> std::borrow::Cow<'static, str> {
        "QuoteDocument".into()
    }
}

/// `GET /api/quotes/{number}`: one quote, what the user may do with it, and where it stands.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuoteDetail {
    /// Its summary.
    pub summary: QuoteSummary,
    /// The steps the user may take now.
    pub actions: Vec<Action>,
    /// Whether the user owns it (only the owner revises it).
    pub owner: bool,
    /// The latest revision, typed.
    pub quote: QuoteDocument,
    /// What opening it under the newest version of its catalog would change, when that
    /// version is another.
    pub catalog_update: Option<CatalogUpdate>,
    /// Where it stands against its account's entitlement.
    pub approval: QuoteApproval,
}

/// The status a configuration has under a catalog: a closed set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum ConfigurationStatus {
    /// Every rule holds and nothing is missing.
    Complete,
    /// Something must still be chosen.
    Incomplete,
    /// A rule is broken (or the configuration cannot be read under the catalog).
    Conflict,
}

/// What a newer version of a quote's catalog would change in it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CatalogUpdate {
    /// The newer version.
    pub version: String,
    /// Its content hash.
    pub hash: String,
    /// The choices it no longer offers (`group.item`).
    pub no_longer_offered: Vec<String>,
    /// The status the configuration would have.
    pub status: ConfigurationStatus,
    /// The line and total changes of the quote repriced with it, as tools read them.
    pub changes: Vec<RevisionChange>,
    /// The same, typed (what the pages word).
    pub changed: Vec<Change>,
    /// Why it cannot be repriced, if it cannot.
    pub problem: Option<String>,
}

/// `?account=ID` of `POST /api/quotes`: the customer account a new quote is for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(default, deny_unknown_fields)]
pub struct ForAccount {
    /// The account's id.
    pub account: Option<i64>,
}

/// `?base=N&account=ID` of `POST /api/quotes/{number}/revisions`: the revision the new one
/// was edited from (a conflict when another was saved since), and its account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct Base {
    /// The revision it was edited from.
    pub base: i64,
    /// The account's id.
    #[serde(default)]
    pub account: Option<i64>,
}

/// The search of `GET /api/quotes` and its exports; empty fields match everything.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(default, deny_unknown_fields)]
pub struct Filter {
    /// Part of the customer's name (case-insensitive).
    pub customer: String,
    /// A status name.
    pub status: String,
    /// The start of a quote number.
    pub number: String,
    /// Created on or after (`YYYY-MM-DD`).
    pub from: String,
    /// Created on or before (`YYYY-MM-DD`).
    pub to: String,
    /// Contract value at least (decimal).
    pub min: String,
    /// Contract value at most (decimal).
    pub max: String,
    /// `mine` for the user's own quotes only; otherwise all the user may see.
    pub scope: String,
    /// At most this many (default and maximum 500).
    pub limit: Option<i64>,
    /// Skip this many.
    pub offset: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary() -> serde_json::Value {
        serde_json::json!({
            "number": "Q-2026-000001", "status": "draft", "revision": 1, "customer": "Acme",
            "owner": "rita", "team": "north", "catalog": "network", "currency": "USD",
            "total": "100.00", "valid_until": null, "needs_approval": false, "account": null,
            "depth": "0", "approver": "", "created_at": "2026-12-07T17:00:00Z",
            "updated_at": "2026-12-07T17:00:00Z"
        })
    }

    #[test]
    fn a_summary_reads_and_writes_the_same_fields() {
        let s: QuoteSummary = serde_json::from_value(summary()).unwrap();
        assert_eq!(s.customer, "Acme");
        assert_eq!(s.status, QuoteStatus::Draft);
        assert_eq!(serde_json::to_value(&s).unwrap(), summary());
    }

    #[test]
    fn an_answer_with_a_renamed_field_is_refused_not_read_as_empty() {
        let mut v = summary();
        let customer = v
            .as_object_mut()
            .and_then(|o| o.remove("customer"))
            .unwrap();
        v["customer_name"] = customer;
        let e = serde_json::from_value::<QuoteSummary>(v).unwrap_err();
        assert!(e.to_string().contains("missing field `customer`"), "{e}");
    }

    #[test]
    fn statuses_and_actions_keep_their_wire_names() {
        for s in QuoteStatus::ALL {
            assert_eq!(
                serde_json::to_value(s).unwrap(),
                serde_json::Value::String(s.name().to_owned())
            );
            assert_eq!(QuoteStatus::from_name(s.name()), Some(s));
        }
        for a in Action::ALL {
            assert_eq!(
                serde_json::to_value(a).unwrap(),
                serde_json::Value::String(a.name().to_owned())
            );
        }
        assert!(serde_json::from_str::<QuoteStatus>("\"lost\"").is_err());
    }

    #[test]
    fn a_quote_document_is_the_engines_quote_written_and_read_as_is() {
        use configurator_engine::quote::{build, choices_from_json, resolve, QuoteMeta};
        use configurator_engine::{Catalog, Engine};
        let engine = Engine::new(
            Catalog::from_json(
                configurator_engine::DEMO_CATALOG_FILE,
                configurator_engine::DEMO_CATALOG,
            )
            .unwrap(),
        );
        let config = r#"[["chassis","48p"],["power","1100ac",2],["uplink","8x10g"],["licence","advantage"],["support","smartcare-nbd"]]"#;
        let choices = resolve(engine.catalog(), &choices_from_json(config).unwrap()).unwrap();
        let meta = QuoteMeta {
            customer: "Acme".to_owned(),
            ..QuoteMeta::default()
        };
        let quote = build(&engine, &choices, &Default::default(), meta).unwrap();
        // Inside an answer, the quote is written as the engine writes it on its own...
        let text = serde_json::to_string(&serde_json::json!({
            "quote": serde_json::to_value(QuoteDocument(quote.clone())).unwrap()
        }))
        .unwrap();
        let inner: serde_json::Value = serde_json::from_str(&quote.to_json()).unwrap();
        let outer: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(outer["quote"], inner);
        // ...and read back by the engine's reader into the same quote.
        #[derive(Deserialize)]
        struct Answer {
            quote: QuoteDocument,
        }
        let read: Answer = serde_json::from_str(&text).unwrap();
        assert_eq!(read.quote.0, quote);
        // A quote whose amount has more decimals than its currency is refused, as the engine
        // refuses it.
        let at = text.find("\"net\":\"").unwrap() + "\"net\":\"".len();
        let end = at + text[at..].find('"').unwrap();
        let bad = format!("{}1{}", &text[..end], &text[end..]);
        assert!(text[at..end].contains('.'), "{}", &text[at..end]);
        assert!(serde_json::from_str::<Answer>(&bad).is_err());
    }
}

/// `POST /api/quotes/{number}/renew` (no body): a new draft for the same customer account from
/// the latest revision of quote `number`, priced again with the newest version of its catalog
/// (the desk recomputes it with the engine, like every quote it stores), with what changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DealPreview {
    /// Percent below the account's entitled price (the deepest line; decimal text).
    pub depth: String,
    /// The quote owner's role (whose limit applies).
    pub owner_role: crate::session::Role,
    /// The owner's limit (percent, decimal text).
    pub owner_limit: String,
    /// The approval level that must approve (`manager`, `director`, `admin`); `None` when
    /// the depth is within the owner's limit, or above every limit.
    pub needs: Option<crate::session::Role>,
    /// Above every approval limit: nobody may approve it (the admin's limit is `admin_limit`).
    pub beyond_every_limit: bool,
    /// The admin's limit, when `beyond_every_limit`.
    pub admin_limit: Option<String>,
    /// The contract value with these discounts (decimal text in `currency`).
    pub contract_value: String,
    /// The currency code.
    pub currency: String,
}
