//! The portal's own message, in English and German, written into the outbox inside the
//! change's transaction: the invitation to a buyer. (What buyers are told of their orders'
//! steps is `orders::notify`'s, with the buyers [`super::alerts::buyers_to_tell`] adds.)

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
