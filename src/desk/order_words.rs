//! Orders in the reader's words: statuses, the order desk's actions, the events of an order's
//! life and the buyer's alerts, in English and German. Pure functions, tested natively.

use configurator_api::orders::{OrderAction, OrderEvent, OrderEventKind, OrderStatus};

use crate::i18n::Lang;

/// An order status in the UI language.
pub fn order_status_name(status: OrderStatus, l: Lang) -> String {
    let (en, de) = match status {
        OrderStatus::Received => ("Received", "Eingegangen"),
        OrderStatus::Confirmed => ("Confirmed", "Bestätigt"),
        OrderStatus::PartlyShipped => ("Partly shipped", "Teilweise versandt"),
        OrderStatus::Shipped => ("Shipped", "Versandt"),
        OrderStatus::Delivered => ("Delivered", "Geliefert"),
        OrderStatus::Cancelled => ("Cancelled", "Storniert"),
    };
    l.pick(en, de).to_owned()
}

/// The button of an order desk action.
pub fn order_action_label(action: OrderAction, l: Lang) -> String {
    let (en, de) = match action {
        OrderAction::Confirm => ("Confirm", "Bestätigen"),
        OrderAction::Ship => ("Ship", "Versenden"),
        OrderAction::Deliver => ("Mark as delivered", "Als geliefert markieren"),
        OrderAction::Cancel => ("Cancel the order", "Auftrag stornieren"),
    };
    l.pick(en, de).to_owned()
}

/// What happened, in words: `Confirmed by olga: ship date 2026-12-20` (the desk's detail, as
/// data, after the colon).
pub fn event_text(e: &OrderEvent, l: Lang) -> String {
    let what = match (e.kind, l) {
        (OrderEventKind::Placed, Lang::En) => "Placed",
        (OrderEventKind::Placed, Lang::De) => "Aufgegeben",
        (OrderEventKind::Confirmed, Lang::En) => "Confirmed",
        (OrderEventKind::Confirmed, Lang::De) => "Bestätigt",
        (OrderEventKind::Shipped, Lang::En) => "Shipment sent",
        (OrderEventKind::Shipped, Lang::De) => "Sendung verschickt",
        (OrderEventKind::Delivered, Lang::En) => "Delivered",
        (OrderEventKind::Delivered, Lang::De) => "Geliefert",
        (OrderEventKind::Cancelled, Lang::En) => "Cancelled",
        (OrderEventKind::Cancelled, Lang::De) => "Storniert",
    };
    let by = l.pick("by", "von");
    let status = order_status_name(e.status, l);
    let now = l.pick("now", "jetzt");
    if e.detail.trim().is_empty() {
        format!("{what} {by} {} ({now} {status})", e.actor)
    } else {
        format!("{what} {by} {}: {} ({now} {status})", e.actor, e.detail)
    }
}

/// The buyer's alert: `O-2026-000001 is now Shipped`.
pub fn alert_text(subject: &str, status: OrderStatus, l: Lang) -> String {
    let s = order_status_name(status, l);
    match l {
        Lang::En => format!("{subject} is now {}", s.to_lowercase()),
        Lang::De => format!("{subject} ist jetzt {s}"),
    }
}

/// The steps of the buyer's progress line and how far the order is: each step's name and
/// whether it is reached; a cancelled order reaches none after `received`.
pub fn progress(status: OrderStatus, l: Lang) -> Vec<(String, bool)> {
    let reached = match status {
        OrderStatus::Received | OrderStatus::Cancelled => 1,
        OrderStatus::Confirmed => 2,
        OrderStatus::PartlyShipped | OrderStatus::Shipped => 3,
        OrderStatus::Delivered => 4,
    };
    [
        OrderStatus::Received,
        OrderStatus::Confirmed,
        OrderStatus::Shipped,
        OrderStatus::Delivered,
    ]
    .into_iter()
    .enumerate()
    .map(|(i, s)| {
        let mut name = order_status_name(s, l);
        if s == OrderStatus::Shipped && status == OrderStatus::PartlyShipped {
            name = order_status_name(OrderStatus::PartlyShipped, l);
        }
        (name, i < reached)
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(kind: OrderEventKind, detail: &str, status: OrderStatus) -> OrderEvent {
        OrderEvent {
            at: "2026-12-07T18:02:00Z".into(),
            actor: "olga".into(),
            kind,
            detail: detail.into(),
            status,
        }
    }

    #[test]
    fn every_status_has_words_in_both_languages() {
        for s in OrderStatus::ALL {
            let (en, de) = (
                order_status_name(s, Lang::En),
                order_status_name(s, Lang::De),
            );
            assert!(!en.is_empty() && !de.is_empty());
            assert_ne!(en, de, "{s:?}");
        }
    }

    #[test]
    fn events_say_who_what_and_the_status_after() {
        let e = event(
            OrderEventKind::Confirmed,
            "ship date 2026-12-20",
            OrderStatus::Confirmed,
        );
        assert_eq!(
            event_text(&e, Lang::En),
            "Confirmed by olga: ship date 2026-12-20 (now Confirmed)"
        );
        assert_eq!(
            event_text(&e, Lang::De),
            "Bestätigt von olga: ship date 2026-12-20 (jetzt Bestätigt)"
        );
        let placed = event(OrderEventKind::Placed, "", OrderStatus::Received);
        assert_eq!(
            event_text(&placed, Lang::En),
            "Placed by olga (now Received)"
        );
    }

    #[test]
    fn the_progress_line_follows_the_status() {
        let reached =
            |s| -> Vec<bool> { progress(s, Lang::En).into_iter().map(|(_, r)| r).collect() };
        assert_eq!(reached(OrderStatus::Received), [true, false, false, false]);
        assert_eq!(
            reached(OrderStatus::PartlyShipped),
            [true, true, true, false]
        );
        assert_eq!(reached(OrderStatus::Delivered), [true, true, true, true]);
        assert_eq!(reached(OrderStatus::Cancelled), [true, false, false, false]);
        assert_eq!(
            progress(OrderStatus::PartlyShipped, Lang::En)[2].0,
            "Partly shipped"
        );
        assert_eq!(
            alert_text("O-2026-000001", OrderStatus::Shipped, Lang::En),
            "O-2026-000001 is now shipped"
        );
    }
}
