//! Customer accounts, their entitlements, and the approvals of quotes priced below them
//! (`/api/accounts`, and the approval part of `GET /api/quotes/{number}`).

use serde::{Deserialize, Serialize};

use crate::session::Role;

/// A person to send quotes to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Full name.
    pub name: String,
    /// E-mail address.
    pub email: String,
    /// `en` or `de`: the language of what they are sent.
    pub language: String,
}

/// An account as written by a manager (`POST /api/accounts`, `PUT /api/accounts/{id}`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AccountInput {
    /// The organisation's name.
    pub name: String,
    /// Bill-to address (lines separated by newlines).
    pub bill_to: String,
    /// Ship-to address (empty: the bill-to address).
    #[serde(default)]
    pub ship_to: String,
    /// `en` or `de`.
    pub language: String,
    /// The price book it buys from (`list` when empty).
    #[serde(default)]
    pub price_book: String,
    /// Its partner tier, if it is a partner.
    #[serde(default)]
    pub partner_tier: Option<String>,
    /// Its contacts, the first being the main one.
    #[serde(default)]
    pub contacts: Vec<Contact>,
}

/// An account as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Account {
    /// Its id.
    pub id: i64,
    /// What was written.
    #[serde(flatten)]
    pub input: AccountInput,
    /// Last changed (UTC).
    pub updated_at: String,
}

/// `GET /api/accounts`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountList {
    /// Every account, by name.
    pub accounts: Vec<Account>,
    /// Whether the user may add and edit accounts.
    pub can_edit: bool,
}

/// `GET/POST/PUT /api/accounts/{id}`: one account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountAnswer {
    /// The account.
    pub account: Account,
}

/// Where a quote stands against its account's entitlement (part of `GET /api/quotes/{number}`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuoteApproval {
    /// The quote's account (id and name), if it names one; without, it is entitled to its
    /// price book's prices with no partner tier.
    pub account: Option<AccountRef>,
    /// Percent below the entitled price (the deepest line), decimal text.
    pub depth: String,
    /// The owner's role (whose limit applies).
    pub owner_role: Role,
    /// The owner's limit, decimal text.
    pub owner_limit: String,
    /// The level that must approve (`manager`, `director`, `admin`), when above the owner's
    /// limit; `None` within it.
    pub needs: Option<Role>,
    /// Above every level's limit: nobody may approve it; what to change is in `problem`.
    pub problem: Option<String>,
    /// The decisions taken on the quote, oldest first.
    pub records: Vec<ApprovalRecord>,
}

/// An account named by a quote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountRef {
    /// Its id.
    pub id: i64,
    /// Its name.
    pub name: String,
}

/// One approval or rejection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApprovalRecord {
    /// Approved or rejected.
    pub decision: Decision,
    /// Who decided.
    pub approver: String,
    /// Their role then.
    pub approver_role: Role,
    /// When (UTC).
    pub at: String,
    /// The revision decided on.
    pub revision: i64,
    /// Percent below the entitled price then.
    pub depth: String,
    /// The owner's role whose limit it was above.
    pub above_role: Role,
    /// That limit.
    pub above_limit: String,
    /// The approver's comment.
    pub comment: String,
}

/// An approver's decision: a closed set, written `approved` or `rejected`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    /// The deal discount is approved.
    Approved,
    /// Sent back to draft.
    Rejected,
}

impl Decision {
    /// As stored and written.
    pub fn name(self) -> &'static str {
        match self {
            Decision::Approved => "approved",
            Decision::Rejected => "rejected",
        }
    }

    /// The decision named `name`.
    pub fn from_name(name: &str) -> Option<Decision> {
        [Decision::Approved, Decision::Rejected]
            .into_iter()
            .find(|d| d.name() == name)
    }
}
