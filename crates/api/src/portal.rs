//! The customer's front office (`/api/portal/…`): buyers, who belong to one customer account,
//! sign in to see their organisation's quotes and orders, accept and place, reorder, save
//! configurations and choose their notifications. A buyer is not a desk user: their sessions
//! are their own (the `portal_session` cookie) and open no desk route; every portal answer is
//! about the buyer's own account only.

use serde::{Deserialize, Serialize};

use crate::orders::{OrderStatus, PlaceOrder};
use crate::quotes::{QuoteDocument, QuoteStatus};

/// A signed-in buyer as the portal's pages know them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Buyer {
    /// Database id.
    pub id: i64,
    /// Their name.
    pub name: String,
    /// Their e-mail address (they sign in with it).
    pub email: String,
    /// `en` or `de`.
    pub language: String,
    /// The customer account they buy for.
    pub account: i64,
    /// That account's name.
    pub account_name: String,
}

/// `GET /api/portal/session` and `POST /api/portal/session`: the signed-in buyer and the
/// session's CSRF token (`{"buyer": null}` when nobody is).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortalSession {
    /// The buyer, if signed in.
    pub buyer: Option<Buyer>,
    /// The CSRF token every state-changing portal call sends (`x-csrf-token`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csrf: Option<String>,
}

/// `POST /api/portal/session`: signing in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BuyerCredentials {
    /// E-mail address.
    pub email: String,
    /// Password.
    pub password: String,
}

/// `POST /api/accounts/{id}/invitations`: a rep invites one of the account's contacts (only an
/// address among the account's contacts, which managers keep, is invited).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewInvitation {
    /// Their name.
    pub name: String,
    /// Their e-mail address (the link goes there by mail).
    pub email: String,
    /// `en` or `de`.
    pub language: String,
}

/// The invitation made. The one-time link goes to the contact's mailbox only: whoever holds it
/// buys for the account, so the inviter never sees it (a rep could otherwise sign in as any
/// customer).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Invitation {
    /// The contact invited (the link was mailed there).
    pub email: String,
    /// The link closes (UTC).
    pub expires_at: String,
}

/// `GET /api/portal/invitations/{token}`: who the link is for (before they set a password).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationInfo {
    /// Their name.
    pub name: String,
    /// Their e-mail address.
    pub email: String,
    /// The account they will buy for.
    pub account_name: String,
    /// `en` or `de`.
    pub language: String,
}

/// `POST /api/portal/invitations/{token}`: the buyer's first password (the link then closes).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AcceptInvitation {
    /// The password (the desk's password rules).
    pub password: String,
}

/// A quote as the buyer's list shows it (only sent, accepted and expired quotes of their
/// account; never drafts, approvals or the rep's limits).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortalQuote {
    /// Number.
    pub number: String,
    /// Status.
    pub status: QuoteStatus,
    /// Latest revision.
    pub revision: i64,
    /// Catalog id.
    pub catalog: String,
    /// Currency code.
    pub currency: String,
    /// Net total (decimal text).
    pub total: String,
    /// Valid until (`YYYY-MM-DD`).
    pub valid_until: Option<String>,
    /// The order placed from it, if any.
    pub order: Option<String>,
    /// Last changed (UTC).
    pub updated_at: String,
}

/// `GET /api/portal/quotes`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortalQuotes {
    /// Newest first.
    pub quotes: Vec<PortalQuote>,
}

/// `GET /api/portal/quotes/{number}`: one quote of the buyer's account, typed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortalQuoteDetail {
    /// Its summary.
    pub summary: PortalQuote,
    /// The latest revision.
    pub quote: QuoteDocument,
    /// Whether the buyer may accept it and place the order now (sent, valid, latest).
    pub can_order: bool,
    /// The account's addresses, to prefill the order form.
    pub bill_to: String,
    /// Ship-to.
    pub ship_to: String,
    /// Estimated ship date if ordered today (`YYYY-MM-DD`).
    pub estimated_ship_date: String,
}

/// `POST /api/portal/orders`: accept the quote's revision (signed by the buyer) and place it,
/// in one step (one transaction).
pub type AcceptAndPlace = PlaceOrder;

/// An order as the buyer's list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortalOrder {
    /// Number.
    pub number: String,
    /// Status.
    pub status: OrderStatus,
    /// Purchase-order number.
    pub purchase_order: String,
    /// Currency code.
    pub currency: String,
    /// Net total.
    pub total: String,
    /// Estimated ship date.
    pub estimated_ship_date: String,
    /// Confirmed ship date.
    pub confirmed_ship_date: Option<String>,
    /// Tracking numbers of its shipments.
    pub tracking: Vec<String>,
    /// Placed (UTC).
    pub created_at: String,
}

/// `GET /api/portal/orders`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortalOrders {
    /// Newest first.
    pub orders: Vec<PortalOrder>,
}

/// The e-mails a buyer chooses to receive (`GET/PUT /api/portal/notifications`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Notifications {
    /// When an order is confirmed.
    pub confirmed: bool,
    /// When a shipment leaves.
    pub shipped: bool,
    /// When an order is delivered.
    pub delivered: bool,
}

impl Default for Notifications {
    fn default() -> Self {
        Notifications {
            confirmed: true,
            shipped: true,
            delivered: true,
        }
    }
}

/// An in-portal alert: something changed on one of the account's orders or quotes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Alert {
    /// Its id.
    pub id: i64,
    /// When (UTC).
    pub at: String,
    /// The order (or quote) number it is about.
    pub subject: String,
    /// What happened (the order's status after it; the pages word it).
    pub status: OrderStatus,
    /// Read by the buyer.
    pub read: bool,
}

/// `GET /api/portal/alerts`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Alerts {
    /// Newest first.
    pub alerts: Vec<Alert>,
    /// How many are unread.
    pub unread: i64,
}

/// A configuration a buyer saved (`POST /api/portal/configurations`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewConfiguration {
    /// A name the buyer gives it.
    pub name: String,
    /// The product line's catalog id.
    pub catalog: String,
    /// The configuration as choices JSON (`[["group","item",qty], …]`), checked by the engine.
    pub choices: String,
}

/// A saved configuration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SavedConfiguration {
    /// Its id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Catalog id.
    pub catalog: String,
    /// Choices JSON.
    pub choices: String,
    /// Its net total at the account's contract prices today (decimal text).
    pub total: String,
    /// Currency code.
    pub currency: String,
    /// Saved (UTC).
    pub saved_at: String,
}

/// `GET /api/portal/configurations`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SavedConfigurations {
    /// Newest first.
    pub configurations: Vec<SavedConfiguration>,
}

/// `GET /api/portal/pricing`: the buyer's contract pricing context, for the configurator to
/// price with (their account's price book and partner tier; the tier's discounts are sent to
/// this buyer only, never in the public catalog).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContractPricing {
    /// The price book.
    pub price_book: String,
    /// The partner tier, if any.
    pub partner_tier: Option<String>,
}
