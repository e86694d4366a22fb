//! Orders: an accepted quote placed as an order, and its life to delivery (`/api/orders`, and
//! the buyer's side in `/api/portal/orders`, see [`crate::portal`]).
//!
//! An order is numbered `O-YYYY-NNNNNN`, tied to the exact quote revision and catalog version it
//! was placed from, and recomputed by the desk's engine when placed. Its life:
//! `received → confirmed → (partly shipped →) shipped → delivered`, or `cancelled` before any
//! line shipped; every step is an immutable [`OrderEvent`] with who and when.

use serde::{Deserialize, Serialize};

use crate::quotes::Change;

/// Where an order stands: a closed set, written in lower case (`partly_shipped` with an
/// underscore).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// Placed; waiting for the order desk.
    Received,
    /// The order desk confirmed it with a ship date.
    Confirmed,
    /// Some lines (or some units of a line) shipped, not all.
    PartlyShipped,
    /// Every unit of every line shipped.
    Shipped,
    /// Delivered to the ship-to address.
    Delivered,
    /// Cancelled before anything shipped.
    Cancelled,
}

impl OrderStatus {
    /// Every status, in the order of an order's life.
    pub const ALL: [OrderStatus; 6] = [
        OrderStatus::Received,
        OrderStatus::Confirmed,
        OrderStatus::PartlyShipped,
        OrderStatus::Shipped,
        OrderStatus::Delivered,
        OrderStatus::Cancelled,
    ];

    /// As stored and written.
    pub fn name(self) -> &'static str {
        match self {
            OrderStatus::Received => "received",
            OrderStatus::Confirmed => "confirmed",
            OrderStatus::PartlyShipped => "partly_shipped",
            OrderStatus::Shipped => "shipped",
            OrderStatus::Delivered => "delivered",
            OrderStatus::Cancelled => "cancelled",
        }
    }

    /// The status named `name`.
    pub fn from_name(name: &str) -> Option<OrderStatus> {
        OrderStatus::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// What the order desk can do to an order (`POST /api/orders/{number}/{action}`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum OrderAction {
    /// Confirm a received order with a ship date ([`Confirmation`]).
    Confirm,
    /// Ship some or all of what is left ([`NewShipment`]).
    Ship,
    /// Record delivery of a shipped order.
    Deliver,
    /// Cancel an order nothing of which shipped ([`Cancellation`]).
    Cancel,
}

impl OrderAction {
    /// Every action.
    pub const ALL: [OrderAction; 4] = [
        OrderAction::Confirm,
        OrderAction::Ship,
        OrderAction::Deliver,
        OrderAction::Cancel,
    ];

    /// As written in the API.
    pub fn name(self) -> &'static str {
        match self {
            OrderAction::Confirm => "confirm",
            OrderAction::Ship => "ship",
            OrderAction::Deliver => "deliver",
            OrderAction::Cancel => "cancel",
        }
    }
}

/// `POST /api/orders` (a rep placing the order a customer accepted) and
/// `POST /api/portal/orders` (the buyer): an accepted quote's revision as an order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PlaceOrder {
    /// The quote's number (`Q-2026-000042`).
    pub quote: String,
    /// The revision the customer accepted (placing refuses any other).
    pub revision: i64,
    /// The customer's purchase-order number (1 to 64 characters).
    pub purchase_order: String,
    /// Bill-to address (lines separated by newlines; empty: the account's).
    #[serde(default)]
    pub bill_to: String,
    /// Ship-to address (empty: the account's).
    #[serde(default)]
    pub ship_to: String,
    /// Requested delivery date (`YYYY-MM-DD`), if any; not before the estimated ship date.
    #[serde(default)]
    pub requested_date: Option<String>,
    /// The client's idempotency key (8 to 128 characters): a retried request with the same key
    /// returns the same order, never a second one.
    pub idempotency_key: String,
}

/// One line of an order: the quote's line as placed, its lead time and its shipping.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderLine {
    /// Position (1, 2, …), as in the quote.
    pub line: i64,
    /// `group.item`.
    pub item: String,
    /// SKU.
    pub sku: String,
    /// Name.
    pub name: String,
    /// Units ordered.
    pub quantity: i64,
    /// Net unit price (decimal text).
    pub unit_net: String,
    /// Net of the line (decimal text).
    pub net: String,
    /// The item's lead time in days (the catalog's `lead_days`).
    pub lead_days: i64,
    /// Units shipped so far.
    pub shipped: i64,
}

/// A line of a shipment: how many units of which order line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ShipmentLine {
    /// The order line's position.
    pub line: i64,
    /// Units.
    pub quantity: i64,
}

/// `POST /api/orders/{number}/ship`: a shipment (the order desk).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewShipment {
    /// What ships (at least one unit; never more than is left of a line).
    pub lines: Vec<ShipmentLine>,
    /// The carrier.
    pub carrier: String,
    /// The carrier's tracking number.
    pub tracking: String,
}

/// A shipment made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Shipment {
    /// 1, 2, … within the order.
    pub number: i64,
    /// What shipped.
    pub lines: Vec<ShipmentLine>,
    /// The carrier.
    pub carrier: String,
    /// Tracking number.
    pub tracking: String,
    /// When (UTC).
    pub at: String,
    /// Delivered (UTC), once it is.
    pub delivered_at: Option<String>,
}

/// `POST /api/orders/{number}/confirm`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Confirmation {
    /// The confirmed ship date (`YYYY-MM-DD`, not in the past).
    pub ship_date: String,
}

/// `POST /api/orders/{number}/cancel`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Cancellation {
    /// Why (required).
    pub reason: String,
}

/// What happened to an order: a closed set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum OrderEventKind {
    /// Placed.
    Placed,
    /// Confirmed with a ship date.
    Confirmed,
    /// A shipment left.
    Shipped,
    /// Delivered.
    Delivered,
    /// Cancelled.
    Cancelled,
}

/// One immutable step of an order's life.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderEvent {
    /// When (UTC).
    pub at: String,
    /// Who: a desk user's name, or a buyer's e-mail address.
    pub actor: String,
    /// What.
    pub kind: OrderEventKind,
    /// The step's data in words for tools (ship date, shipment and tracking, reason).
    pub detail: String,
    /// The status the order had after it.
    pub status: OrderStatus,
}

/// An order as lists show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderSummary {
    /// `O-2026-000001`.
    pub number: String,
    /// Where it stands.
    pub status: OrderStatus,
    /// The quote it was placed from.
    pub quote: String,
    /// That quote's revision.
    pub quote_revision: i64,
    /// The customer account.
    pub account: Option<i64>,
    /// The customer's name.
    pub customer: String,
    /// The customer's purchase-order number.
    pub purchase_order: String,
    /// Catalog id.
    pub catalog: String,
    /// The catalog version it was priced with.
    pub catalog_version: String,
    /// Currency code.
    pub currency: String,
    /// Net total (decimal text).
    pub total: String,
    /// The rep who owns the quote.
    pub owner: String,
    /// Their team.
    pub team: String,
    /// Requested delivery date (`YYYY-MM-DD`).
    pub requested_date: Option<String>,
    /// Estimated ship date (`YYYY-MM-DD`): the day placed plus the longest lead time.
    pub estimated_ship_date: String,
    /// The ship date the order desk confirmed.
    pub confirmed_ship_date: Option<String>,
    /// Placed (UTC).
    pub created_at: String,
    /// Last changed (UTC).
    pub updated_at: String,
}

/// `GET /api/orders/{number}` (and the buyer's `GET /api/portal/orders/{number}`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderDetail {
    /// Its summary.
    pub summary: OrderSummary,
    /// Bill-to address.
    pub bill_to: String,
    /// Ship-to address.
    pub ship_to: String,
    /// The contract term as priced, in English words for tools (`12 months`; empty when none).
    pub terms: String,
    /// The same term in months, for the pages to word in the reader's language.
    #[serde(default)]
    pub term_months: Option<i64>,
    /// Its lines.
    pub lines: Vec<OrderLine>,
    /// Its shipments, first first.
    pub shipments: Vec<Shipment>,
    /// Its life, first first.
    pub events: Vec<OrderEvent>,
    /// What the user may do now (empty for buyers, reps and managers).
    pub actions: Vec<OrderAction>,
}

/// `POST /api/orders`, `POST /api/portal/orders` and the order desk's steps: the order after it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderAnswer {
    /// The order.
    pub order: OrderDetail,
    /// Whether this answer is a retry's: the order was placed before with the same key.
    #[serde(default)]
    pub replayed: bool,
}

/// `GET /api/orders` (and `export.json`; `export.csv` has the same columns).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderList {
    /// The orders the user may see that match, newest first.
    pub orders: Vec<OrderSummary>,
}

/// The search of `GET /api/orders` and its exports; empty fields match everything.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(default, deny_unknown_fields)]
pub struct OrderFilter {
    /// A status name.
    pub status: String,
    /// Part of the customer's name, the order number or the purchase-order number.
    pub q: String,
    /// Placed on or after (`YYYY-MM-DD`).
    pub from: String,
    /// Placed on or before (`YYYY-MM-DD`).
    pub to: String,
    /// At most this many (default and maximum 500).
    pub limit: Option<i64>,
    /// Skip this many.
    pub offset: Option<i64>,
}

/// `POST /api/portal/orders/{number}/reorder`: a past order's configuration as a new quote for
/// the buyer's account, revalidated and priced with today's catalog at the account's contract
/// prices, sent to the buyer to accept and place, with what changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reorder {
    /// The new quote's number.
    pub quote: String,
    /// Its revision (1).
    pub revision: i64,
    /// The order it repeats.
    pub source: String,
    /// The catalog version the order was priced with.
    pub source_catalog_version: String,
    /// The catalog version the new quote is priced with.
    pub catalog_version: String,
    /// What changed: lines whose price changed, added or gone, the totals.
    pub changed: Vec<Change>,
    /// Items of the order the catalog no longer offers, left out.
    pub no_longer_offered: Vec<String>,
    /// `complete`, `incomplete` or `conflict` under today's catalog (only a complete one can be
    /// placed).
    pub configuration: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_actions_keep_their_wire_names() {
        for s in OrderStatus::ALL {
            assert_eq!(
                serde_json::to_value(s).unwrap(),
                serde_json::Value::String(s.name().to_owned())
            );
            assert_eq!(OrderStatus::from_name(s.name()), Some(s));
        }
        for a in OrderAction::ALL {
            assert_eq!(
                serde_json::to_value(a).unwrap(),
                serde_json::Value::String(a.name().to_owned())
            );
        }
        assert!(serde_json::from_str::<OrderStatus>("\"lost\"").is_err());
    }

    #[test]
    fn placing_refuses_fields_it_does_not_know() {
        let e = serde_json::from_str::<PlaceOrder>(
            r#"{"quote":"Q-2026-000001","revision":1,"purchase_order":"PO-1",
                "idempotency_key":"abcdefgh","total":"0.00"}"#,
        )
        .unwrap_err();
        assert!(e.to_string().contains("unknown field `total`"), "{e}");
    }
}
