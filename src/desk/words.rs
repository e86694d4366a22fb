//! The desk in the reader's words: amounts the desk sends as plain decimals (`8503.40` and
//! `USD`) as locale money, its UTC times in the reader's time zone and language. Pure
//! functions (the browser's clock and locale only behind `wasm32`), tested natively.

use configurator_api::accounts::ApprovalRecord;
use configurator_api::quotes::{AuditEntry, Change, ChangeKind, QuoteStatus};
use configurator_engine::pricing::PricingContext;
use configurator_engine::{Currency, Money};

use super::approval_badge::record_text;
use crate::format;
use crate::i18n::Lang;

/// Status names in the UI language.
pub fn status_name(status: QuoteStatus, lang: crate::i18n::Lang) -> String {
    let (en, de) = match status {
        QuoteStatus::Draft => ("Draft", "Entwurf"),
        QuoteStatus::Submitted => ("Waiting for approval", "Wartet auf Freigabe"),
        QuoteStatus::Approved => ("Approved", "Freigegeben"),
        QuoteStatus::Sent => ("Sent", "Versendet"),
        QuoteStatus::Accepted => ("Accepted", "Angenommen"),
        QuoteStatus::Rejected => ("Declined", "Abgelehnt"),
        QuoteStatus::Expired => ("Expired", "Abgelaufen"),
    };
    lang.pick(en, de).to_owned()
}

/// A plain decimal amount in a currency as the reader writes money: `$8,503.40` in English,
/// `8.503,40 €` in German; text that is no amount stays as the desk sent it.
pub fn amount(plain: &str, currency: &str, lang: Lang) -> String {
    let parsed = Currency::from_code(currency)
        .and_then(|c| Money::parse(plain.trim(), &c).ok().map(|m| (m, c)));
    match parsed {
        Some((m, c)) => format::money(m, &c, lang),
        None if currency.is_empty() => plain.to_owned(),
        None => format!("{plain} {currency}"),
    }
}

pub use crate::format::local_time as time;

/// A pricing context's change, field by field: `deal: – → 15%`. The context is the engine's
/// [`PricingContext`] as JSON text; text that is no context reads as an empty one.
pub fn context_change(before: &str, after: &str, lang: Lang) -> String {
    let read = |text: &str| serde_json::from_str::<PricingContext>(text).unwrap_or_default();
    let (a, b) = (read(before), read(after));
    let name = |field: Field| {
        match (field, lang) {
            (Field::Deal, Lang::En) => "deal discount",
            (Field::Deal, Lang::De) => "Sonderrabatt",
            (Field::DealLines, Lang::En) => "deal discounts per line",
            (Field::DealLines, Lang::De) => "Sonderrabatte je Zeile",
            (Field::PartnerTier, Lang::En) => "partner tier",
            (Field::PartnerTier, Lang::De) => "Partnerstufe",
            (Field::PriceBook, Lang::En) => "price book",
            (Field::PriceBook, Lang::De) => "Preisliste",
            (Field::TermMonths, Lang::En) => "term (months)",
            (Field::TermMonths, Lang::De) => "Laufzeit (Monate)",
        }
        .to_owned()
    };
    [
        Field::PriceBook,
        Field::PartnerTier,
        Field::TermMonths,
        Field::Deal,
        Field::DealLines,
    ]
    .into_iter()
    .filter_map(|f| {
        let (x, y) = (f.show(&a), f.show(&b));
        (x != y).then(|| format!("{}: {x} → {y}", name(f)))
    })
    .collect::<Vec<_>>()
    .join(", ")
}

/// A field of a pricing context.
#[derive(Clone, Copy)]
enum Field {
    PriceBook,
    PartnerTier,
    TermMonths,
    Deal,
    DealLines,
}

impl Field {
    /// Its value as the reader sees it (`–` when unset).
    fn show(self, c: &PricingContext) -> String {
        let value = match self {
            Field::PriceBook => c.price_book.clone(),
            Field::PartnerTier => c.partner_tier.clone(),
            Field::TermMonths => c.term_months.map(|m| m.to_string()),
            Field::Deal => c.deal.as_ref().map(|d| format!("{d}%")),
            Field::DealLines => (!c.deal_lines.is_empty()).then(|| {
                c.deal_lines
                    .iter()
                    .map(|(line, d)| format!("{line} {d}%"))
                    .collect::<Vec<_>>()
                    .join(", ")
            }),
        };
        value.unwrap_or_else(|| "–".to_owned())
    }
}

/// A plain amount of a change in its currency, or `–` for none.
fn money_or_dash(v: &Option<String>, currency: &str, lang: Lang) -> String {
    v.as_deref()
        .map_or_else(|| "–".to_owned(), |v| amount(v, currency, lang))
}

/// What a revision changed, in words: `24-port switch: net $5,995.00 → $4,915.90`,
/// `Contract value: $8,503.40 → $7,200.00`, `added 1 × Stacking kit ($120.00)`.
pub fn change(c: &Change, lang: Lang) -> String {
    let item = c.item.clone().unwrap_or_default();
    let text = |v: &Option<String>| v.clone().unwrap_or_else(|| "–".to_owned());
    let money = |v: &Option<String>| money_or_dash(v, &c.currency, lang);
    let total = |en: &str, de: &str| {
        format!(
            "{}: {} → {}",
            lang.pick(en, de),
            money(&c.before),
            money(&c.after)
        )
    };
    match c.kind {
        ChangeKind::LineAdded => {
            let q = c.quantity.unwrap_or(1);
            let net = money(&c.after);
            lang.pick(
                format!("added {q} × {item} ({net})"),
                format!("hinzugefügt: {q} × {item} ({net})"),
            )
        }
        ChangeKind::LineRemoved => {
            lang.pick(format!("removed {item}"), format!("entfernt: {item}"))
        }
        ChangeKind::Quantity => format!(
            "{item}: {} {} → {}",
            lang.pick("quantity", "Menge"),
            text(&c.before),
            text(&c.after)
        ),
        ChangeKind::Net => format!(
            "{item}: {} {} → {}",
            lang.pick("net", "netto"),
            money(&c.before),
            money(&c.after)
        ),
        ChangeKind::OneTime => total("One-time total", "Einmalig gesamt"),
        ChangeKind::Monthly => total("Monthly total", "Monatlich gesamt"),
        ChangeKind::Yearly => total("Yearly total", "Jährlich gesamt"),
        ChangeKind::ContractValue => total("Contract value", "Vertragswert"),
        ChangeKind::Customer => format!(
            "{}: {} → {}",
            lang.pick("Customer", "Kunde"),
            text(&c.before),
            text(&c.after)
        ),
        ChangeKind::ValidUntil => {
            let d = |v: &Option<String>| {
                v.as_deref()
                    .map_or("–".to_owned(), |v| format::date(v, lang))
            };
            format!(
                "{}: {} → {}",
                lang.pick("Valid until", "Gültig bis"),
                d(&c.before),
                d(&c.after)
            )
        }
        ChangeKind::Notes => format!(
            "{}: {} → {}",
            lang.pick("Notes", "Notizen"),
            text(&c.before),
            text(&c.after)
        ),
        ChangeKind::Context => context_change(
            c.before.as_deref().unwrap_or("{}"),
            c.after.as_deref().unwrap_or("{}"),
            lang,
        ),
    }
}

/// An audit entry's action as a verb phrase after the actor: `approved it`, `hat es
/// freigegeben`; an action it does not know stays as the desk names it.
pub fn action(action: &str, lang: Lang) -> String {
    let (en, de) = match action {
        "quote.create" => ("created the quote", "hat das Angebot erstellt"),
        "quote.revise" => ("saved a new revision", "hat eine neue Revision gespeichert"),
        "quote.renew" => (
            "made it at today's prices from",
            "hat es zu heutigen Preisen erstellt aus",
        ),
        "quote.renewed" => (
            "renewed it at today's prices as",
            "hat es zu heutigen Preisen erneuert als",
        ),
        "quote.submit" => (
            "submitted it for approval",
            "hat es zur Freigabe eingereicht",
        ),
        "quote.approve" => ("approved it", "hat es freigegeben"),
        "quote.reject" => ("rejected it", "hat es zurückgewiesen"),
        "quote.send" => ("marked it as sent", "hat es als versendet markiert"),
        "quote.decline" => (
            "recorded that the customer declined",
            "hat die Ablehnung des Kunden erfasst",
        ),
        "customer.accept" => ("accepted the quote", "hat das Angebot angenommen"),
        "customer.decline" => ("declined the quote", "hat das Angebot abgelehnt"),
        "link.create" => ("made a customer link", "hat einen Kundenlink erstellt"),
        "link.revoke" => ("revoked a customer link", "hat einen Kundenlink widerrufen"),
        "user.add" => ("added a person", "hat eine Person hinzugefügt"),
        "user.disable" => ("disabled a person", "hat eine Person gesperrt"),
        "user.enable" => (
            "enabled a person again",
            "hat eine Person wieder freigeschaltet",
        ),
        "user.end_sessions" => (
            "ended a person's sessions",
            "hat die Sitzungen einer Person beendet",
        ),
        "user.password_change" => ("changed their password", "hat das eigene Passwort geändert"),
        "user.password_reset" => ("reset a password", "hat ein Passwort zurückgesetzt"),
        "user.reset_link" => (
            "made a password reset link",
            "hat einen Link zum Zurücksetzen des Passworts erstellt",
        ),
        "session.sign_in" => ("signed in", "hat sich angemeldet"),
        "session.sign_out_everywhere" => ("signed out everywhere", "hat sich überall abgemeldet"),
        "signin.throttle" => (
            "was paused after failed sign-ins",
            "wurde nach fehlgeschlagenen Anmeldungen pausiert",
        ),
        "procurement.throttle" => (
            "was paused after failed procurement authentications",
            "wurde nach fehlgeschlagenen Anmeldungen eines Beschaffungssystems pausiert",
        ),
        "account.create" => ("created a customer account", "hat ein Kundenkonto angelegt"),
        "account.update" => ("changed a customer account", "hat ein Kundenkonto geändert"),
        other => (other, other),
    };
    lang.pick(en, de).to_owned()
}

/// Who did it: a user's name, or `customer Alice Buyer` / `Kunde Alice Buyer`.
fn actor(actor: &str, lang: Lang) -> String {
    match actor.strip_prefix("customer: ") {
        Some(name) => format!("{} {name}", lang.pick("customer", "Kunde")),
        None => actor.to_owned(),
    }
}

/// One audit entry in words, with the reader's local time: `Dec 7, 2026, 6:02 PM · maria
/// approved it (revision 3 → Approved): “Strategic account”`. An approval or rejection the
/// quote's approval records hold is worded as the approval badge words it (who, their role,
/// how deep, above which limit, why).
pub fn audit_line(e: &AuditEntry, records: &[ApprovalRecord], lang: Lang) -> String {
    let when = time(&e.at, lang);
    let decision = matches!(e.action.as_str(), "quote.approve" | "quote.reject");
    let record = records
        .iter()
        .find(|r| decision && r.at == e.at && r.approver == e.actor);
    if let Some(r) = record {
        return format!("{when} · {}", record_text(r, lang));
    }
    if let Some(other) = &e.other {
        let revision = e
            .revision
            .map(|n| format!(" ({} {n})", lang.pick("revision", "Revision")))
            .unwrap_or_default();
        return format!(
            "{when} · {} {} {other}{revision}",
            actor(&e.actor, lang),
            action(&e.action, lang)
        );
    }
    let mut parts = Vec::new();
    if let Some(link) = e.link {
        parts.push(format!("{} {link}", lang.pick("link", "Link")));
    }
    if let Some(n) = e.revision {
        let to =
            e.to.map(|s| format!(" → {}", status_name(s, lang)))
                .unwrap_or_default();
        parts.push(format!("{} {n}{to}", lang.pick("revision", "Revision")));
    }
    if let Some(d) = e.days {
        parts.push(lang.pick(format!("open {d} days"), format!("{d} Tage offen")));
    }
    let typed = e.link.is_some() || e.revision.is_some();
    let mut line = format!(
        "{when} · {} {}",
        actor(&e.actor, lang),
        action(&e.action, lang)
    );
    if !parts.is_empty() {
        line.push_str(&format!(" ({})", parts.join(", ")));
    }
    match &e.comment {
        Some(c) => line.push_str(&format!(": {c}")),
        None if !typed && !e.detail.is_empty() => line.push_str(&format!(": {}", e.detail)),
        None => {}
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_as_money_in_both_languages() {
        assert_eq!(amount("8503.40", "USD", Lang::En), "$8,503.40");
        assert_eq!(amount("8503.40", "EUR", Lang::De), "8.503,40\u{a0}€");
        assert_eq!(amount("n/a", "USD", Lang::En), "n/a USD");
        assert_eq!(amount("12", "", Lang::En), "12");
    }

    #[test]
    fn times_keep_text_that_is_no_time() {
        assert_eq!(
            time("2026-11-23T10:00:00Z", Lang::De),
            "23.11.2026, 10:00 UTC"
        );
        assert_eq!(time("soon", Lang::En), "soon");
    }

    fn c(
        kind: ChangeKind,
        item: Option<&str>,
        before: Option<&str>,
        after: Option<&str>,
    ) -> Change {
        Change {
            kind,
            item: item.map(str::to_owned),
            quantity: None,
            before: before.map(str::to_owned),
            after: after.map(str::to_owned),
            currency: "USD".to_owned(),
        }
    }

    #[test]
    fn changes_read_as_sentences() {
        let net = c(
            ChangeKind::Net,
            Some("24-port switch"),
            Some("5995.00"),
            Some("4915.90"),
        );
        assert_eq!(
            change(&net, Lang::En),
            "24-port switch: net $5,995.00 → $4,915.90"
        );
        assert_eq!(
            change(&net, Lang::De),
            "24-port switch: netto 5.995,00\u{a0}$ → 4.915,90\u{a0}$"
        );
        let total = c(
            ChangeKind::ContractValue,
            None,
            Some("8503.40"),
            Some("7200"),
        );
        assert_eq!(
            change(&total, Lang::En),
            "Contract value: $8,503.40 → $7,200.00"
        );
        let added = Change {
            quantity: Some(1),
            ..c(
                ChangeKind::LineAdded,
                Some("Stacking kit"),
                None,
                Some("120.00"),
            )
        };
        assert_eq!(change(&added, Lang::En), "added 1 × Stacking kit ($120.00)");
        let ctx = c(
            ChangeKind::Context,
            None,
            Some("{}"),
            Some(r#"{"deal":"15"}"#),
        );
        assert_eq!(change(&ctx, Lang::En), "deal discount: – → 15%");
        assert_eq!(change(&ctx, Lang::De), "Sonderrabatt: – → 15%");
    }

    fn entry(actor: &str, action: &str, detail: &str) -> AuditEntry {
        AuditEntry {
            at: "2026-12-07T17:00:00Z".to_owned(),
            actor: actor.to_owned(),
            action: action.to_owned(),
            quote: Some("Q-2026-0001".to_owned()),
            detail: detail.to_owned(),
            revision: None,
            to: None,
            comment: None,
            link: None,
            days: None,
            other: None,
        }
    }

    #[test]
    fn audit_entries_read_as_sentences() {
        let submit = AuditEntry {
            revision: Some(3),
            to: Some(QuoteStatus::Submitted),
            ..entry("rita", "quote.submit", "revision 3 → submitted")
        };
        assert_eq!(
            audit_line(&submit, &[], Lang::En),
            "Dec 7, 2026, 17:00 UTC · rita submitted it for approval (revision 3 → Waiting for approval)"
        );
        assert_eq!(
            audit_line(&submit, &[], Lang::De),
            "07.12.2026, 17:00 UTC · rita hat es zur Freigabe eingereicht (Revision 3 → Wartet auf Freigabe)"
        );
        let accept = entry("customer: Alice Buyer", "customer.accept", "");
        assert!(
            audit_line(&accept, &[], Lang::En).ends_with("customer Alice Buyer accepted the quote")
        );
        let other = entry("admin", "user.disable", "rita");
        assert!(audit_line(&other, &[], Lang::De).ends_with("admin hat eine Person gesperrt: rita"));
        let approve = entry("maria", "quote.approve", "revision 3 → approved: ok");
        let record = ApprovalRecord {
            decision: configurator_api::accounts::Decision::Approved,
            approver: "maria".to_owned(),
            approver_role: configurator_api::session::Role::Manager,
            at: approve.at.clone(),
            revision: 3,
            depth: "18".to_owned(),
            above_role: configurator_api::session::Role::Rep,
            above_limit: "10".to_owned(),
            comment: "Strategic account".to_owned(),
        };
        assert!(audit_line(&approve, &[record], Lang::En).ends_with(
            "Approved by maria (manager), 18% below the entitled price, above the rep limit of 10%: Strategic account"
        ));
    }

    #[test]
    fn renewals_name_the_other_quote() {
        let mut from = entry("rita", "quote.renew", "from Q-2026-000003 revision 2");
        from.other = Some("Q-2026-000003".to_owned());
        from.revision = Some(2);
        assert!(audit_line(&from, &[], Lang::En)
            .ends_with("rita made it at today's prices from Q-2026-000003 (revision 2)"));
        assert!(audit_line(&from, &[], Lang::De)
            .ends_with("rita hat es zu heutigen Preisen erstellt aus Q-2026-000003 (Revision 2)"));
        let mut to = entry("rita", "quote.renewed", "as Q-2026-000007");
        to.other = Some("Q-2026-000007".to_owned());
        assert!(audit_line(&to, &[], Lang::En)
            .ends_with("rita renewed it at today's prices as Q-2026-000007"));
    }
}
