//! The messages' words, in English and German: one function per kind, each giving the subject
//! and the plain-text body (an order's in `orders/texts.rs`).

use configurator_engine::locale::Locale;

/// Every kind of message.
pub const KINDS: [&str; 12] = [
    "approval.requested",
    "quote.approved",
    "quote.rejected",
    "quote.sent",
    "customer.accepted",
    "customer.declined",
    "order.placed",
    "order.confirmed",
    "order.shipped",
    "order.delivered",
    "order.cancelled",
    "portal.invitation",
];

/// What a message is about.
#[derive(Clone, Debug)]
pub struct About<'a> {
    /// Quote number.
    pub number: &'a str,
    /// Its revision.
    pub revision: i64,
    /// Customer.
    pub customer: &'a str,
    /// Who did it (a user's name, or the customer's signature).
    pub actor: &'a str,
    /// The quote's total, formatted for the reader.
    pub total: String,
    /// The page to open (the desk's quote page, or the customer's link).
    pub link: String,
}

/// Subject and body.
pub type Text = (String, String);

fn signed(l: Locale) -> &'static str {
    l.pick("\n\n-- \nThe quote desk", "\n\n-- \nDer Angebotsdesk")
}

/// To the team's managers: a quote waits for their approval.
pub fn approval_requested(l: Locale, a: &About, reason: &str) -> Text {
    let subject = l.pick(
        format!("Quote {} waits for your approval", a.number),
        format!("Angebot {} wartet auf Ihre Freigabe", a.number),
    );
    let body = l.pick(
        format!(
            "{} asks for approval of quote {} (revision {}) for {}, total {}.\n{}\n\nOpen it: {}",
            a.actor, a.number, a.revision, a.customer, a.total, reason, a.link
        ),
        format!(
            "{} bittet um Freigabe von Angebot {} (Revision {}) für {}, Summe {}.\n{}\n\nÖffnen: {}",
            a.actor, a.number, a.revision, a.customer, a.total, reason, a.link
        ),
    );
    (subject, body + signed(l))
}

/// To the rep: a manager approved or rejected their quote, with the comment.
pub fn decided_by_manager(l: Locale, a: &About, approved: bool, comment: &str) -> Text {
    let subject = if approved {
        l.pick(
            format!("Quote {} is approved", a.number),
            format!("Angebot {} ist freigegeben", a.number),
        )
    } else {
        l.pick(
            format!("Quote {} is rejected", a.number),
            format!("Angebot {} ist abgelehnt", a.number),
        )
    };
    let what = if approved {
        l.pick("approved", "freigegeben")
    } else {
        l.pick(
            "rejected (it is a draft again)",
            "abgelehnt (es ist wieder ein Entwurf)",
        )
    };
    let mut body = l.pick(
        format!("{} {what} quote {} for {}.", a.actor, a.number, a.customer),
        format!(
            "{} hat Angebot {} für {} {what}.",
            a.actor, a.number, a.customer
        ),
    );
    if !comment.trim().is_empty() {
        body.push_str(&l.pick(
            format!("\n\nComment: {comment}"),
            format!("\n\nKommentar: {comment}"),
        ));
    }
    body.push_str(&l.pick(
        format!("\n\nOpen it: {}", a.link),
        format!("\n\nÖffnen: {}", a.link),
    ));
    (subject, body + signed(l))
}

/// To the customer's contact: the quote, with its link and its PDF.
pub fn quote_sent(l: Locale, a: &About, seller: &str, pdf: &str, expires: &str) -> Text {
    let subject = l.pick(
        format!("Your quote {} from {seller}", a.number),
        format!("Ihr Angebot {} von {seller}", a.number),
    );
    let body = l.pick(
        format!(
            "Hello,\n\nhere is quote {} for {}, total {}.\n\nView, accept or decline it \
             online: {}\nThe quote as PDF: {pdf}\n\nThe link is open until {expires}.\n\n\
             Kind regards\n{}, {seller}",
            a.number, a.customer, a.total, a.link, a.actor
        ),
        format!(
            "Guten Tag,\n\nanbei Angebot {} für {}, Summe {}.\n\nAnsehen, annehmen oder \
             ablehnen: {}\nDas Angebot als PDF: {pdf}\n\nDer Link ist bis {expires} \
             geöffnet.\n\nMit freundlichen Grüßen\n{}, {seller}",
            a.number, a.customer, a.total, a.link, a.actor
        ),
    );
    (subject, body)
}

/// To the rep: the customer accepted or declined.
pub fn decided_by_customer(l: Locale, a: &About, accepted: bool) -> Text {
    let subject = if accepted {
        l.pick(
            format!("Quote {} is accepted", a.number),
            format!("Angebot {} ist angenommen", a.number),
        )
    } else {
        l.pick(
            format!("Quote {} is declined", a.number),
            format!("Angebot {} ist abgelehnt", a.number),
        )
    };
    let what = if accepted {
        l.pick("accepted", "angenommen")
    } else {
        l.pick("declined", "abgelehnt")
    };
    let body = l.pick(
        format!(
            "{} {what} quote {} (revision {}) for {}, signed by {}.\n\nOpen it: {}",
            a.customer, a.number, a.revision, a.total, a.actor, a.link
        ),
        format!(
            "{} hat Angebot {} (Revision {}) über {} {what}, unterschrieben von {}.\n\nÖffnen: {}",
            a.customer, a.number, a.revision, a.total, a.actor, a.link
        ),
    );
    (subject, body + signed(l))
}
