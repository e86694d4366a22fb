//! The messages an order's steps send, written into the outbox inside the step's transaction
//! (sent later by the desk's sender, retried until sent).
//!
//! | step | kind |
//! | --- | --- |
//! | placed | `order.placed` |
//! | confirmed (with the ship date) | `order.confirmed` |
//! | a shipment left (what, carrier, tracking) | `order.shipped` |
//! | delivered | `order.delivered` |
//! | cancelled (with the reason) | `order.cancelled` |
//!
//! Who receives them is decided in one place, [`recipients`].

use configurator_engine::locale::Locale;
use sqlx::{Any, Transaction};

use super::texts;
use super::Order;
use crate::error::ApiResult;
use crate::mail::contacts::{self, Given, Recipient};
use crate::mail::outbox::{enqueue, Message};
use crate::Desk;

/// A step of an order's life, with what its message says.
#[derive(Clone, Debug)]
pub enum Step {
    /// Placed.
    Placed,
    /// Confirmed to ship on this date (`YYYY-MM-DD`).
    Confirmed(String),
    /// A shipment left: its lines in words (`2 × Switch 48 ports (SW-48)`), carrier, tracking.
    Shipped {
        /// What shipped, one line each.
        what: Vec<String>,
        /// The carrier.
        carrier: String,
        /// The tracking number.
        tracking: String,
        /// Whether every unit has shipped now.
        complete: bool,
    },
    /// Delivered.
    Delivered,
    /// Cancelled, with the reason.
    Cancelled(String),
}

impl Step {
    /// The outbox's kind of the step's messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Step::Placed => "order.placed",
            Step::Confirmed(_) => "order.confirmed",
            Step::Shipped { .. } => "order.shipped",
            Step::Delivered => "order.delivered",
            Step::Cancelled(_) => "order.cancelled",
        }
    }
}

/// Whom an order's message is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    /// The customer: the account's contact (their words, the portal's link).
    Customer,
    /// The rep who owns the quote (the desk's link).
    Rep,
}

/// Who hears of a step of order `o`, each in their language: the customer's contact (the
/// first contact of the quote's account, else the address its customer link was sent to:
/// `contacts::customer`, the one place that decides it) and the rep who owns the quote (when
/// they gave an address). Every step goes to both; and to the account's buyers who chose to
/// hear of it in the portal (`portal::alerts::buyers_to_tell`), each address once.
///
/// This is the one place that decides an order's recipients: the portal extends it with the
/// account's buyers who chose to hear of the step (and its in-portal alerts).
pub async fn recipients(
    tx: &mut Transaction<'_, Any>,
    o: &Order,
    step: &Step,
) -> ApiResult<Vec<(Recipient, Audience)>> {
    let mut out = Vec::new();
    let (email, locale) = contacts::customer(tx, o.quote_id, &Given::default()).await?;
    if let Some(email) = email {
        out.push((Recipient { email, locale }, Audience::Customer));
    }
    if let Some(rep) = contacts::user(tx, o.owner_id).await? {
        if !out.iter().any(|(r, _)| r.email == rep.email) {
            out.push((rep, Audience::Rep));
        }
    }
    // The account's buyers who chose to hear of this step (the portal's choices).
    for b in crate::portal::alerts::buyers_to_tell(tx, o, step).await? {
        let known = |r: &Recipient| r.email.eq_ignore_ascii_case(&b.email);
        if !out.iter().any(|(r, _)| known(r)) {
            out.push((b, Audience::Customer));
        }
    }
    Ok(out)
}

/// Writes the messages of `step` on order `o` into the outbox (inside the step's transaction).
pub async fn notify(
    tx: &mut Transaction<'_, Any>,
    desk: &Desk,
    o: &Order,
    step: &Step,
) -> ApiResult<()> {
    let now = desk.clock.now();
    for (r, audience) in recipients(tx, o, step).await? {
        let link = match audience {
            Audience::Customer => {
                format!("{}/portal/#/order/{}", desk.mail.public_url(), o.number)
            }
            Audience::Rep => format!("{}/desk/#/order/{}", desk.mail.public_url(), o.number),
        };
        let (subject, body) = texts::text(r.locale, o, step, &link, &desk.seller.name);
        let message = Message {
            recipient: r.email,
            subject,
            body,
            kind: step.kind(),
            quote_id: Some(o.quote_id),
        };
        enqueue(tx, now, &message).await?;
    }
    // Every buyer of the account sees the step in the portal.
    crate::portal::alerts::write_alerts(tx, desk, o).await
}

/// The language of order `o`'s customer (its documents' default).
pub async fn customer_locale(desk: &Desk, o: &Order) -> ApiResult<Locale> {
    let mut conn = desk.db.pool.acquire().await?;
    Ok(contacts::customer(&mut conn, o.quote_id, &Given::default())
        .await?
        .1)
}
