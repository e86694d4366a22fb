//! The portal's messages, in English and German, written into the outbox inside the change's
//! transaction: the invitation to a buyer, and what buyers are told of their orders' steps
//! (each buyer by their own choices; see [`super::alerts`]).

use configurator_engine::locale::Locale;
use sqlx::{Any, Transaction};

use crate::error::ApiResult;
use crate::mail::outbox::{enqueue, Message};
use crate::Desk;

/// What an invitation says.
pub struct Invite<'a> {
    /// The invitee's name.
    pub name: &'a str,
    /// The account they will buy for.
    pub account: &'a str,
    /// Who invited them.
    pub inviter: &'a str,
    /// The one-time link (absolute).
    pub link: &'a str,
    /// When it closes (UTC).
    pub closes: &'a str,
}

/// The invitation's subject and body in `l`.
pub fn invitation_text(l: Locale, seller: &str, i: &Invite) -> (String, String) {
    let subject = l.pick(
        format!("Your access to the {seller} customer portal"),
        format!("Ihr Zugang zum Kundenportal von {seller}"),
    );
    let body = l.pick(
        format!(
            "Hello {},\n\n{} invites you to the customer portal of {seller} for {}: your \
             quotes, orders and deliveries in one place.\n\nSet your password here (the link \
             works once, until {} UTC): {}\n\nKind regards\n{seller}",
            i.name, i.inviter, i.account, i.closes, i.link
        ),
        format!(
            "Guten Tag {},\n\n{} lädt Sie in das Kundenportal von {seller} für {} ein: Ihre \
             Angebote, Bestellungen und Lieferungen an einem Ort.\n\nLegen Sie hier Ihr \
             Passwort fest (der Link gilt einmal, bis {} UTC): {}\n\nMit freundlichen Grüßen\n\
             {seller}",
            i.name, i.inviter, i.account, i.closes, i.link
        ),
    );
    (subject, body)
}

/// Writes the invitation to `email` into the outbox.
pub async fn invitation(
    tx: &mut Transaction<'_, Any>,
    desk: &Desk,
    email: &str,
    l: Locale,
    i: &Invite<'_>,
) -> ApiResult<()> {
    let (subject, body) = invitation_text(l, &desk.seller.name, i);
    let message = Message {
        recipient: email.to_owned(),
        subject,
        body,
        kind: "portal.invitation",
        quote_id: None,
    };
    enqueue(tx, desk.clock.now(), &message).await
}

/// What an order step tells a buyer.
pub struct OrderNews<'a> {
    /// The order's number.
    pub order: &'a str,
    /// What happened.
    pub kind: configurator_api::orders::OrderEventKind,
    /// The step's data in words (ship date, carrier and tracking, reason).
    pub detail: &'a str,
    /// The order's page in the portal (absolute).
    pub link: &'a str,
}

/// An order step's subject and body for a buyer, in `l`.
pub fn order_text(l: Locale, seller: &str, n: &OrderNews) -> (String, String) {
    use configurator_api::orders::OrderEventKind as K;
    let o = n.order;
    let (subject, what) = match n.kind {
        K::Placed => (
            l.pick(
                format!("Order {o} received"),
                format!("Bestellung {o} eingegangen"),
            ),
            l.pick(
                "We received your order.",
                "Wir haben Ihre Bestellung erhalten.",
            ),
        ),
        K::Confirmed => (
            l.pick(
                format!("Order {o} confirmed"),
                format!("Bestellung {o} bestätigt"),
            ),
            l.pick("Your order is confirmed.", "Ihre Bestellung ist bestätigt."),
        ),
        K::Shipped => (
            l.pick(
                format!("Order {o}: a shipment is on its way"),
                format!("Bestellung {o}: eine Sendung ist unterwegs"),
            ),
            l.pick(
                "A shipment of your order left our warehouse.",
                "Eine Sendung Ihrer Bestellung hat unser Lager verlassen.",
            ),
        ),
        K::Delivered => (
            l.pick(
                format!("Order {o} delivered"),
                format!("Bestellung {o} geliefert"),
            ),
            l.pick(
                "Your order was delivered.",
                "Ihre Bestellung wurde geliefert.",
            ),
        ),
        K::Cancelled => (
            l.pick(
                format!("Order {o} cancelled"),
                format!("Bestellung {o} storniert"),
            ),
            l.pick(
                "Your order was cancelled.",
                "Ihre Bestellung wurde storniert.",
            ),
        ),
    };
    let detail = if n.detail.trim().is_empty() {
        String::new()
    } else {
        format!("\n{}", n.detail)
    };
    let body = l.pick(
        format!(
            "Hello,\n\n{what}{detail}\n\nSee the order in the portal: {}\n\nKind regards\n{seller}",
            n.link
        ),
        format!(
            "Guten Tag,\n\n{what}{detail}\n\nDie Bestellung im Portal: {}\n\nMit freundlichen \
             Grüßen\n{seller}",
            n.link
        ),
    );
    (subject, body)
}

/// Writes an order step's message to one buyer into the outbox.
pub async fn order_step(
    tx: &mut Transaction<'_, Any>,
    desk: &Desk,
    email: &str,
    l: Locale,
    n: &OrderNews<'_>,
) -> ApiResult<()> {
    let (subject, body) = order_text(l, &desk.seller.name, n);
    let message = Message {
        recipient: email.to_owned(),
        subject,
        body,
        kind: "portal.order",
        quote_id: None,
    };
    enqueue(tx, desk.clock.now(), &message).await
}
