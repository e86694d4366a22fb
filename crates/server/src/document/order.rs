//! The order as a PDF document for the customer, in their language: the seller, the order's
//! number, the customer's purchase-order number, the quote and revision it was placed from,
//! the dates (placed, requested, estimated and confirmed ship dates), the bill-to and ship-to
//! addresses, its lines (SKU, description, quantity, shipped, unit net, net), the total, the
//! shipments with carrier and tracking number, and the terms; page numbers on every page.
//! Nothing internal: no owner, team, events' actors or catalog hash.

use configurator_api::orders::{OrderDetail, OrderLine};
use configurator_engine::locale::{self, Locale};

use super::layout::{Canvas, Op, CONTENT, MARGIN, SMALL};
use super::seller::Seller;
use crate::mail::events::total;

const BODY: f32 = 9.5;

const POS: f32 = 0.0;
const SKU: f32 = 28.0;
const DESCRIPTION: f32 = 120.0;
const DESCRIPTION_WIDTH: f32 = 150.0;
const QTY_RIGHT: f32 = 300.0;
const SHIPPED_RIGHT: f32 = 350.0;
const UNIT_RIGHT: f32 = 420.0;
const NET_RIGHT: f32 = CONTENT;

/// The order as a PDF, in `l`; `today` (`YYYY-MM-DD`) is the document's date.
pub fn pdf(seller: &Seller, o: &OrderDetail, l: Locale, today: &str) -> Result<Vec<u8>, String> {
    let mut w = Writer {
        c: Canvas::new()?,
        l,
        currency: o.summary.currency.clone(),
    };
    w.header(seller, o, today);
    w.addresses(o);
    w.table_header();
    for line in &o.lines {
        w.line(line);
    }
    w.total(o);
    w.shipments(o);
    w.terms(seller, o);
    let footer = format!(
        "{} · {} {} · {} {}",
        seller.name,
        l.pick("Order", "Bestellung"),
        o.summary.number,
        l.pick("PO", "Bestellnr."),
        o.summary.purchase_order
    );
    let title = format!("{} {}", l.pick("Order", "Bestellung"), o.summary.number);
    w.c.finish(&footer, l, &title)
}

struct Writer {
    c: Canvas,
    l: Locale,
    currency: String,
}

impl Writer {
    fn money(&self, amount: &str) -> String {
        total(&self.currency, amount, self.l)
    }

    fn date(&self, d: &str) -> String {
        locale::date(d, self.l)
    }

    fn header(&mut self, seller: &Seller, o: &OrderDetail, today: &str) {
        let l = self.l;
        let s = &o.summary;
        self.c.at(0.0, self.c.y + 14.0, 16.0, &seller.name);
        self.c.y += 30.0;
        for line in seller.address.clone() {
            self.c.at(0.0, self.c.y, BODY, &line);
            self.c.y += 12.0;
        }
        self.c.y += 24.0;
        let title = format!("{} {}", l.pick("Order", "Bestellung"), s.number);
        self.c.at(0.0, self.c.y, 18.0, &title);
        self.c.y += 26.0;
        let top = self.c.y;
        self.c.at(0.0, self.c.y, SMALL, l.pick("Customer", "Kunde"));
        for line in self.c.m.wrap(&s.customer, 250.0, 11.0) {
            self.c.y += 14.0;
            self.c.at(0.0, self.c.y, 11.0, &line);
        }
        let placed = self.date(s.created_at.get(..10).unwrap_or_default());
        let mut facts = vec![
            (l.pick("Order number", "Bestellnummer"), s.number.clone()),
            (
                l.pick("Your purchase order", "Ihre Bestellnummer"),
                s.purchase_order.clone(),
            ),
            (
                l.pick("Quote", "Angebot"),
                format!(
                    "{} ({} {})",
                    s.quote,
                    l.pick("rev.", "Rev."),
                    s.quote_revision
                ),
            ),
            (l.pick("Order date", "Bestelldatum"), placed),
            (l.pick("Date", "Datum"), self.date(today)),
        ];
        if let Some(d) = &s.requested_date {
            facts.push((l.pick("Requested delivery", "Wunschtermin"), self.date(d)));
        }
        facts.push((
            l.pick("Estimated ship date", "Voraussichtlicher Versand"),
            self.date(&s.estimated_ship_date),
        ));
        if let Some(d) = &s.confirmed_ship_date {
            facts.push((
                l.pick("Confirmed ship date", "Bestätigter Versand"),
                self.date(d),
            ));
        }
        facts.push((
            l.pick("Status", "Status"),
            status_words(l, s.status).to_owned(),
        ));
        let mut y = top;
        for (label, value) in facts {
            self.c.at(270.0, y, BODY, label);
            self.c.right(CONTENT, y, BODY, &value);
            y += 13.0;
        }
        self.c.y = self.c.y.max(y) + 20.0;
    }

    fn addresses(&mut self, o: &OrderDetail) {
        let l = self.l;
        let top = self.c.y;
        let mut bottom = top;
        for (x, label, address) in [
            (0.0, l.pick("Bill to", "Rechnungsadresse"), &o.bill_to),
            (270.0, l.pick("Ship to", "Lieferadresse"), &o.ship_to),
        ] {
            let mut y = top;
            self.c.at(x, y, SMALL, label);
            for line in address.lines() {
                for part in self.c.m.wrap(line, 240.0, BODY) {
                    y += 12.0;
                    self.c.at(x, y, BODY, &part);
                }
            }
            bottom = bottom.max(y);
        }
        self.c.y = bottom + 24.0;
    }

    fn table_header(&mut self) {
        let l = self.l;
        let y = self.c.y;
        self.c.at(POS, y, SMALL, "Pos.");
        self.c.at(SKU, y, SMALL, l.pick("SKU", "Artikelnr."));
        self.c
            .at(DESCRIPTION, y, SMALL, l.pick("Description", "Beschreibung"));
        self.c.right(QTY_RIGHT, y, SMALL, l.pick("Qty", "Menge"));
        self.c
            .right(SHIPPED_RIGHT, y, SMALL, l.pick("Shipped", "Versandt"));
        self.c.right(
            UNIT_RIGHT,
            y,
            SMALL,
            l.pick("Unit net", "Einzelpreis netto"),
        );
        self.c.right(NET_RIGHT, y, SMALL, l.pick("Net", "Netto"));
        self.c.put(Op::Rule {
            x: MARGIN,
            y: y + 4.0,
            width: CONTENT,
        });
        self.c.y += 16.0;
    }

    fn line(&mut self, line: &OrderLine) {
        let description = self.c.m.wrap(&line.name, DESCRIPTION_WIDTH, SMALL);
        let sku = self.c.m.wrap(&line.sku, DESCRIPTION - SKU - 6.0, SMALL);
        let height = description.len().max(sku.len()) as f32 * 10.5 + 4.0;
        if self.c.room(height) {
            self.table_header();
        }
        let y = self.c.y;
        self.c.at(POS, y, SMALL, &line.line.to_string());
        for (k, part) in sku.iter().enumerate() {
            self.c.at(SKU, y + k as f32 * 10.5, SMALL, part);
        }
        for (k, part) in description.iter().enumerate() {
            self.c.at(DESCRIPTION, y + k as f32 * 10.5, SMALL, part);
        }
        self.c
            .right(QTY_RIGHT, y, SMALL, &line.quantity.to_string());
        self.c
            .right(SHIPPED_RIGHT, y, SMALL, &line.shipped.to_string());
        let unit = self.money(&line.unit_net);
        self.c.right(UNIT_RIGHT, y, SMALL, &unit);
        let net = self.money(&line.net);
        self.c.right(NET_RIGHT, y, SMALL, &net);
        self.c.y += height;
    }

    fn total(&mut self, o: &OrderDetail) {
        let l = self.l;
        self.c.room(40.0);
        self.c.put(Op::Rule {
            x: MARGIN + 250.0,
            y: self.c.y - 6.0,
            width: CONTENT - 250.0,
        });
        self.c.y += 8.0;
        self.c
            .at(250.0, self.c.y, BODY, l.pick("Order total", "Bestellsumme"));
        let t = self.money(&o.summary.total);
        self.c.right(NET_RIGHT, self.c.y, BODY, &t);
        self.c.y += 28.0;
    }

    fn shipments(&mut self, o: &OrderDetail) {
        let l = self.l;
        if o.shipments.is_empty() {
            return;
        }
        self.c.room(40.0);
        self.c
            .at(0.0, self.c.y, 11.0, l.pick("Shipments", "Sendungen"));
        self.c.y += 16.0;
        for s in &o.shipments {
            let lines: Vec<String> = s
                .lines
                .iter()
                .map(|x| format!("{} {} × {}", l.pick("line", "Pos."), x.line, x.quantity))
                .collect();
            let mut head = format!(
                "{} {} · {} · {}: {} · {}: {}",
                l.pick("Shipment", "Sendung"),
                s.number,
                self.date(s.at.get(..10).unwrap_or_default()),
                l.pick("Carrier", "Versanddienst"),
                s.carrier,
                l.pick("Tracking", "Sendungsnummer"),
                s.tracking
            );
            if let Some(d) = &s.delivered_at {
                head.push_str(&format!(
                    " · {} {}",
                    l.pick("delivered", "zugestellt"),
                    self.date(d.get(..10).unwrap_or_default())
                ));
            }
            for part in self.c.m.wrap(&head, CONTENT, BODY) {
                self.c.room(12.0);
                self.c.at(0.0, self.c.y, BODY, &part);
                self.c.y += 12.0;
            }
            for part in self.c.m.wrap(&lines.join(", "), CONTENT - 12.0, SMALL) {
                self.c.room(11.0);
                self.c.at(12.0, self.c.y, SMALL, &part);
                self.c.y += 11.0;
            }
            self.c.y += 6.0;
        }
        self.c.y += 14.0;
    }

    fn terms(&mut self, seller: &Seller, o: &OrderDetail) {
        let l = self.l;
        let mut text = seller.terms(l).to_owned();
        if let Some(months) = o
            .terms
            .strip_suffix(" months")
            .and_then(|m| m.parse::<u32>().ok())
        {
            text = l.pick(
                format!("Subscription term: {months} months. {text}"),
                format!("Laufzeit: {months} Monate. {text}"),
            );
        }
        let lines = self.c.m.wrap(&text, CONTENT, BODY);
        self.c.room(20.0 + 12.0 * lines.len().min(6) as f32);
        self.c
            .at(0.0, self.c.y, 11.0, l.pick("Terms", "Bedingungen"));
        self.c.y += 16.0;
        for line in lines {
            self.c.room(12.0);
            self.c.at(0.0, self.c.y, BODY, &line);
            self.c.y += 12.0;
        }
    }
}

/// An order's status in the reader's words.
pub fn status_words(l: Locale, s: configurator_api::orders::OrderStatus) -> &'static str {
    use configurator_api::orders::OrderStatus as S;
    match s {
        S::Received => l.pick("received", "eingegangen"),
        S::Confirmed => l.pick("confirmed", "bestätigt"),
        S::PartlyShipped => l.pick("partly shipped", "teilweise versandt"),
        S::Shipped => l.pick("shipped", "versandt"),
        S::Delivered => l.pick("delivered", "zugestellt"),
        S::Cancelled => l.pick("cancelled", "storniert"),
    }
}
