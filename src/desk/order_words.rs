//! Orders in the reader's words: statuses, the order desk's actions, the events of an order's
//! life and the buyer's alerts, in English and German. Pure functions, tested natively.

use configurator_api::orders::{
    OrderAction, OrderDetail, OrderEvent, OrderEventKind, OrderStatus, Shipment,
};

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

/// What event `index` of `order` did, in the reader's words from the order's typed data: the
/// PO number and quote of the placing, the confirmed ship date, the shipment (its units,
/// carrier and tracking number: the n-th shipping event is the n-th shipment); a
/// cancellation's reason as its author wrote it. `None` where the data says nothing more (the
/// desk's English detail is then shown).
fn event_data(order: &OrderDetail, index: usize, l: Lang) -> Option<String> {
    let e = order.events.get(index)?;
    let s = &order.summary;
    match e.kind {
        OrderEventKind::Placed => Some(match l {
            Lang::En => format!(
                "purchase order {}, quote {} revision {}",
                s.purchase_order, s.quote, s.quote_revision
            ),
            Lang::De => format!(
                "Bestellnummer {}, Angebot {} Revision {}",
                s.purchase_order, s.quote, s.quote_revision
            ),
        }),
        OrderEventKind::Confirmed => s.confirmed_ship_date.as_deref().map(|d| {
            let d = crate::format::date(d, l);
            l.pick(format!("ship date {d}"), format!("Versanddatum {d}"))
        }),
        OrderEventKind::Shipped => {
            let n = order.events[..index]
                .iter()
                .filter(|x| x.kind == OrderEventKind::Shipped)
                .count();
            order.shipments.get(n).map(|sh| shipment_words(sh, l))
        }
        OrderEventKind::Delivered => Some(String::new()),
        OrderEventKind::Cancelled => Some(e.detail.clone()),
    }
}

/// A shipment in a few words: `3 units, DHL 00340434161094`.
fn shipment_words(sh: &Shipment, l: Lang) -> String {
    let units: i64 = sh.lines.iter().map(|x| x.quantity).sum();
    let what = match (units, l) {
        (1, Lang::En) => "1 unit".to_owned(),
        (n, Lang::En) => format!("{n} units"),
        (n, Lang::De) => format!("{n} Stück"),
    };
    format!("{what}, {} {}", sh.carrier, sh.tracking)
}

/// Event `index` of `order` in words: who did what, with its data in the reader's language
/// where the order's typed data has it (see [`event_data`]), and the status after it.
pub fn order_event_text(order: &OrderDetail, index: usize, l: Lang) -> String {
    let Some(e) = order.events.get(index) else {
        return String::new();
    };
    match event_data(order, index, l) {
        Some(detail) => event_text(
            &OrderEvent {
                detail,
                ..e.clone()
            },
            l,
        ),
        None => event_text(e, l),
    }
}

/// What happened, in words: `Confirmed by olga: ship date 2026-12-20` (the detail, as data,
/// after the colon).
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

    #[test]
    fn an_orders_events_are_worded_from_its_data_in_both_languages() {
        use configurator_api::orders::{OrderSummary, ShipmentLine};
        let summary = OrderSummary {
            number: "O-2026-000001".into(),
            status: OrderStatus::PartlyShipped,
            quote: "Q-2026-000007".into(),
            quote_revision: 2,
            account: Some(1),
            customer: "ACME".into(),
            purchase_order: "PO-42".into(),
            catalog: "nx-3400".into(),
            catalog_version: "2026.11".into(),
            currency: "USD".into(),
            total: "100.00".into(),
            owner: "rita".into(),
            team: "north".into(),
            requested_date: None,
            estimated_ship_date: "2026-12-17".into(),
            confirmed_ship_date: Some("2026-12-21".into()),
            created_at: "2026-12-07T18:00:00Z".into(),
            updated_at: "2026-12-07T18:00:00Z".into(),
        };
        let shipment = |n: i64, units: &[i64], tracking: &str| Shipment {
            number: n,
            lines: units
                .iter()
                .enumerate()
                .map(|(k, &quantity)| ShipmentLine {
                    line: k as i64 + 1,
                    quantity,
                })
                .collect(),
            carrier: "DHL".into(),
            tracking: tracking.into(),
            at: "2026-12-07T18:05:00Z".into(),
            delivered_at: None,
        };
        let order = OrderDetail {
            summary,
            bill_to: String::new(),
            ship_to: String::new(),
            terms: String::new(),
            term_months: None,
            lines: Vec::new(),
            shipments: vec![shipment(1, &[1], "T-1"), shipment(2, &[2, 8], "T-2")],
            events: vec![
                event(
                    OrderEventKind::Placed,
                    "purchase order PO-42, …",
                    OrderStatus::Received,
                ),
                event(
                    OrderEventKind::Confirmed,
                    "ship date 2026-12-21",
                    OrderStatus::Confirmed,
                ),
                event(
                    OrderEventKind::Shipped,
                    "line 1 × 1; DHL T-1",
                    OrderStatus::PartlyShipped,
                ),
                event(
                    OrderEventKind::Shipped,
                    "line 1 × 2, …",
                    OrderStatus::Shipped,
                ),
                event(
                    OrderEventKind::Cancelled,
                    "Kunde storniert",
                    OrderStatus::Cancelled,
                ),
            ],
            actions: Vec::new(),
        };
        let de: Vec<String> = (0..5)
            .map(|i| order_event_text(&order, i, Lang::De))
            .collect();
        assert_eq!(
            de[0],
            "Aufgegeben von olga: Bestellnummer PO-42, Angebot Q-2026-000007 Revision 2 (jetzt Eingegangen)"
        );
        assert_eq!(
            de[1],
            "Bestätigt von olga: Versanddatum 21.12.2026 (jetzt Bestätigt)"
        );
        assert_eq!(
            de[2],
            "Sendung verschickt von olga: 1 Stück, DHL T-1 (jetzt Teilweise versandt)"
        );
        assert_eq!(
            de[3],
            "Sendung verschickt von olga: 10 Stück, DHL T-2 (jetzt Versandt)"
        );
        assert_eq!(
            de[4],
            "Storniert von olga: Kunde storniert (jetzt Storniert)"
        );
        assert_eq!(
            order_event_text(&order, 1, Lang::En),
            "Confirmed by olga: ship date Dec 21, 2026 (now Confirmed)"
        );
        assert_eq!(
            order_event_text(&order, 2, Lang::En),
            "Shipment sent by olga: 1 unit, DHL T-1 (now Partly shipped)"
        );
    }
}
