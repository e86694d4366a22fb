//! The words of an order's messages, in English and German: the subject and the plain-text
//! body of each step.

use configurator_engine::locale::{self, Locale};

use super::notify::Step;
use super::Order;
use crate::mail::events::total;

/// Subject and body of the message of `step` on order `o`, for a reader of `l`; `link` opens
/// the order, `seller` signs.
pub fn text(l: Locale, o: &Order, step: &Step, link: &str, seller: &str) -> (String, String) {
    let n = &o.number;
    let po = &o.purchase_order;
    let subject = match step {
        Step::Placed => l.pick(
            format!("Order {n} received (your PO {po})"),
            format!("Bestellung {n} eingegangen (Ihre Bestellnr. {po})"),
        ),
        Step::Confirmed(_) => l.pick(
            format!("Order {n} confirmed (your PO {po})"),
            format!("Bestellung {n} bestätigt (Ihre Bestellnr. {po})"),
        ),
        Step::Shipped { .. } => l.pick(
            format!("Order {n} shipped (your PO {po})"),
            format!("Bestellung {n} versandt (Ihre Bestellnr. {po})"),
        ),
        Step::Delivered => l.pick(
            format!("Order {n} delivered (your PO {po})"),
            format!("Bestellung {n} zugestellt (Ihre Bestellnr. {po})"),
        ),
        Step::Cancelled(_) => l.pick(
            format!("Order {n} cancelled (your PO {po})"),
            format!("Bestellung {n} storniert (Ihre Bestellnr. {po})"),
        ),
    };
    let what = match step {
        Step::Placed => l.pick(
            format!(
                "We received order {n} for {}, total {}, from quote {}.\nEstimated ship date: {}.",
                o.customer,
                total(&o.currency, &o.total, l),
                o.quote,
                locale::date(&o.estimated_ship_date, l)
            ),
            format!(
                "wir haben Bestellung {n} für {} über {} aus Angebot {} erhalten.\n\
                 Voraussichtliches Versanddatum: {}.",
                o.customer,
                total(&o.currency, &o.total, l),
                o.quote,
                locale::date(&o.estimated_ship_date, l)
            ),
        ),
        Step::Confirmed(date) => l.pick(
            format!(
                "Order {n} is confirmed. It ships on {}.",
                locale::date(date, l)
            ),
            format!(
                "Bestellung {n} ist bestätigt. Sie wird am {} versandt.",
                locale::date(date, l)
            ),
        ),
        Step::Shipped {
            what,
            carrier,
            tracking,
            complete,
        } => {
            let rest = if *complete {
                l.pick(
                    "This completes the order.",
                    "Damit ist die Bestellung vollständig.",
                )
            } else {
                l.pick(
                    "The rest follows in another shipment.",
                    "Der Rest folgt in einer weiteren Sendung.",
                )
            };
            l.pick(
                format!(
                    "A shipment of order {n} left:\n{}\n\nCarrier: {carrier}\nTracking number: \
                     {tracking}\n{rest}",
                    what.join("\n")
                ),
                format!(
                    "eine Sendung der Bestellung {n} ist unterwegs:\n{}\n\nVersanddienst: \
                     {carrier}\nSendungsnummer: {tracking}\n{rest}",
                    what.join("\n")
                ),
            )
        }
        Step::Delivered => l.pick(
            format!("Order {n} was delivered to:\n{}", o.ship_to),
            format!("Bestellung {n} wurde zugestellt an:\n{}", o.ship_to),
        ),
        Step::Cancelled(reason) => l.pick(
            format!("Order {n} is cancelled.\nReason: {reason}"),
            format!("Bestellung {n} ist storniert.\nGrund: {reason}"),
        ),
    };
    let body = l.pick(
        format!("Hello,\n\n{what}\n\nOpen the order: {link}\n\nKind regards\n{seller}"),
        format!(
            "Guten Tag,\n\n{what}\n\nZur Bestellung: {link}\n\nMit freundlichen Grüßen\n{seller}"
        ),
    );
    (subject, body)
}
