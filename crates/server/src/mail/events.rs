//! The messages each change causes, written into the outbox inside the change's transaction:
//!
//! | change | to | kind |
//! | --- | --- | --- |
//! | submit, needing approval | who approves at the level needed: the team's managers, or every director or admin (not the owner) | `approval.requested` |
//! | approve / reject | the quote's owner, with the comment | `quote.approved` / `quote.rejected` |
//! | a customer link made | the customer's contact (`contacts::customer`), with the link and the PDF | `quote.sent` |
//! | the customer accepts / declines | the quote's owner | `customer.accepted` / `customer.declined` |
//!
//! People without an address get no message.

use configurator_engine::locale::{self, Locale};
use configurator_engine::{Currency, Money};
use sqlx::{Any, Row, Transaction};

use super::contacts::{self, Given};
use super::outbox::{enqueue, Message};
use super::texts::{self, About};
use crate::auth::User;
use crate::error::ApiResult;
use crate::quotes::workflow::Action;
use crate::quotes::{Status, Summary};
use crate::Desk;

/// A quote's total (decimal text in `currency`) for a reader of `l`.
pub fn total(currency: &str, total: &str, l: Locale) -> String {
    match Currency::from_code(currency).and_then(|c| Some((Money::parse(total, &c).ok()?, c))) {
        Some((m, c)) => locale::money(m, &c, l),
        None => format!("{total} {currency}"),
    }
}

fn desk_link(desk: &Desk, number: &str) -> String {
    format!("{}/desk/#/quote/{number}", desk.mail.public_url())
}

/// A workflow step: the action taken, the status it moved the quote to, the approval level
/// the quote now needs (`manager`, `director`, `admin`; empty when none) and the comment.
pub struct Step<'a> {
    /// The action.
    pub action: Action,
    /// The status after it.
    pub to: Status,
    /// The level that must approve.
    pub approver: &'a str,
    /// The actor's comment.
    pub comment: &'a str,
}

/// After a workflow step on `s` by `user`.
pub async fn transition(
    tx: &mut Transaction<'_, Any>,
    desk: &Desk,
    s: &Summary,
    user: &User,
    step: Step<'_>,
) -> ApiResult<()> {
    let Step {
        action,
        to,
        approver,
        comment,
    } = step;
    let now = desk.clock.now();
    let about = |l: Locale| About {
        number: &s.number,
        revision: s.revision,
        customer: &s.customer,
        actor: &user.name,
        total: total(&s.currency, &s.total, l),
        link: desk_link(desk, &s.number),
    };
    let (recipients, kind) = match (action, to) {
        (Action::Submit, Status::Submitted) => (
            contacts::approvers(tx, &s.team, approver, s.owner_id()).await?,
            "approval.requested",
        ),
        (Action::Approve, _) => (
            contacts::user(tx, s.owner_id())
                .await?
                .into_iter()
                .collect(),
            "quote.approved",
        ),
        (Action::Reject, _) => (
            contacts::user(tx, s.owner_id())
                .await?
                .into_iter()
                .collect(),
            "quote.rejected",
        ),
        _ => return Ok(()),
    };
    for r in recipients {
        let a = about(r.locale);
        let (subject, body) = match kind {
            "approval.requested" => texts::approval_requested(
                r.locale,
                &a,
                r.locale.pick(
                    "Its deal discount is above the rep's limit.",
                    "Der Projektrabatt liegt über dem Limit des Vertriebs.",
                ),
            ),
            _ => texts::decided_by_manager(r.locale, &a, action == Action::Approve, comment),
        };
        let message = Message {
            recipient: r.email,
            subject,
            body,
            kind,
            quote_id: Some(s.id()),
        };
        enqueue(tx, now, &message).await?;
    }
    Ok(())
}

/// After a customer link to `s` was made by `user`: the quote to the customer's contact.
pub async fn link_made(
    tx: &mut Transaction<'_, Any>,
    desk: &Desk,
    s: &Summary,
    user: &User,
    token: &str,
    expires: &str,
    given: &Given,
) -> ApiResult<()> {
    let (Some(email), l) = contacts::customer(tx, s.id(), given).await? else {
        return Ok(());
    };
    let public = desk.mail.public_url();
    let a = About {
        number: &s.number,
        revision: s.revision,
        customer: &s.customer,
        actor: &user.name,
        total: total(&s.currency, &s.total, l),
        link: format!("{public}/desk/#customer={token}"),
    };
    let pdf = format!("{public}/api/customer/{token}/quote.pdf");
    let (subject, body) =
        texts::quote_sent(l, &a, &desk.seller.name, &pdf, &locale::date(expires, l));
    let message = Message {
        recipient: email,
        subject,
        body,
        kind: "quote.sent",
        quote_id: Some(s.id()),
    };
    enqueue(tx, desk.clock.now(), &message).await
}

/// After the customer, signing as `name`, accepted or declined revision `revision` of quote
/// `quote_id`: to its owner.
pub async fn customer_decided(
    tx: &mut Transaction<'_, Any>,
    desk: &Desk,
    quote_id: i64,
    revision: i64,
    name: &str,
    accepted: bool,
) -> ApiResult<()> {
    let q =
        sqlx::query("SELECT number, owner_id, customer, currency, total FROM quotes WHERE id = $1")
            .bind(quote_id)
            .fetch_one(&mut **tx)
            .await?;
    let Some(r) = contacts::user(tx, q.try_get("owner_id")?).await? else {
        return Ok(());
    };
    let number: String = q.try_get("number")?;
    let currency: String = q.try_get("currency")?;
    let amount: String = q.try_get("total")?;
    let customer: String = q.try_get("customer")?;
    let a = About {
        number: &number,
        revision,
        customer: &customer,
        actor: name,
        total: total(&currency, &amount, r.locale),
        link: desk_link(desk, &number),
    };
    let (subject, body) = texts::decided_by_customer(r.locale, &a, accepted);
    let message = Message {
        recipient: r.email,
        subject,
        body,
        kind: if accepted {
            "customer.accepted"
        } else {
            "customer.declined"
        },
        quote_id: Some(quote_id),
    };
    enqueue(tx, desk.clock.now(), &message).await
}
