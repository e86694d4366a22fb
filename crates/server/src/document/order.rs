//! The order as a PDF document for the customer, in their language: the seller, the order's
//! number, the customer's purchase-order number, the quote and revision it was placed from,
//! the dates (placed, requested, estimated and confirmed ship dates), the bill-to and ship-to
//! addresses, its lines (SKU, description, quantity, shipped, unit net, net), the total, the
//! shipments with carrier and tracking number, and the terms; page numbers on every page.
//! Nothing internal: no owner, team, events' actors or catalog hash.

use configurator_api::orders::{OrderDetail, OrderLine};
use configurator_engine::locale::{self, Locale};

use super::layout::{self, Measure, Op, BOTTOM, MARGIN, WIDTH};
use super::seller::Seller;
use crate::mail::events::total;

const SMALL: f32 = 8.0;
const BODY: f32 = 9.5;
const CONTENT: f32 = WIDTH - 2.0 * MARGIN;

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
        m: Measure::new().ok_or("the embedded font has no metrics")?,
        l,
        pages: vec![Vec::new()],
        y: MARGIN,
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
    let count = w.pages.len();
    let footer = format!(
        "{} · {} {} · {} {}",
        seller.name,
        l.pick("Order", "Bestellung"),
        o.summary.number,
        l.pick("PO", "Bestellnr."),
        o.summary.purchase_order
    );
    for (k, page) in w.pages.iter_mut().enumerate() {
        let y = BOTTOM + 24.0;
        page.push(Op::Rule {
            x: MARGIN,
            y: y - 10.0,
            width: CONTENT,
        });
        page.push(text(MARGIN, y, SMALL, &footer));
        let n = l.pick(
            format!("Page {} of {count}", k + 1),
            format!("Seite {} von {count}", k + 1),
        );
        let x = WIDTH - MARGIN - w.m.width(&n, SMALL);
        page.push(text(x, y, SMALL, &n));
    }
    let title = format!("{} {}", l.pick("Order", "Bestellung"), o.summary.number);
    layout::draw(&w.pages, &title, l.tag())
}

fn text(x: f32, y: f32, size: f32, t: &str) -> Op {
    Op::Text {
        x,
        y,
        size,
        text: t.to_owned(),
    }
}

struct Writer {
    m: Measure<'static>,
    l: Locale,
    pages: Vec<Vec<Op>>,
    y: f32,
    currency: String,
}

impl Writer {
    fn put(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    fn at(&mut self, x: f32, y: f32, size: f32, t: &str) {
        self.put(text(MARGIN + x, y, size, t));
    }

    fn right(&mut self, right: f32, y: f32, size: f32, t: &str) {
        let x = right - self.m.width(t, size);
        self.at(x, y, size, t);
    }

    fn money(&self, amount: &str) -> String {
        total(&self.currency, amount, self.l)
    }

    fn date(&self, d: &str) -> String {
        locale::date(d, self.l)
    }

    /// Starts a new page unless `height` still fits on this one.
    fn room(&mut self, height: f32) -> bool {
        if self.y + height <= BOTTOM {
            return false;
        }
        self.pages.push(Vec::new());
        self.y = MARGIN;
        true
    }

    fn header(&mut self, seller: &Seller, o: &OrderDetail, today: &str) {
        let l = self.l;
        let s = &o.summary;
        self.at(0.0, self.y + 14.0, 16.0, &seller.name);
        self.y += 30.0;
        for line in seller.address.clone() {
            self.at(0.0, self.y, BODY, &line);
            self.y += 12.0;
        }
        self.y += 24.0;
        let title = format!("{} {}", l.pick("Order", "Bestellung"), s.number);
        self.at(0.0, self.y, 18.0, &title);
        self.y += 26.0;
        let top = self.y;
        self.at(0.0, self.y, SMALL, l.pick("Customer", "Kunde"));
        for line in self.m.wrap(&s.customer, 250.0, 11.0) {
            self.y += 14.0;
            self.at(0.0, self.y, 11.0, &line);
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
            self.at(270.0, y, BODY, label);
            self.right(CONTENT, y, BODY, &value);
            y += 13.0;
        }
        self.y = self.y.max(y) + 20.0;
    }

    fn addresses(&mut self, o: &OrderDetail) {
        let l = self.l;
        let top = self.y;
        let mut bottom = top;
        for (x, label, address) in [
            (0.0, l.pick("Bill to", "Rechnungsadresse"), &o.bill_to),
            (270.0, l.pick("Ship to", "Lieferadresse"), &o.ship_to),
        ] {
            let mut y = top;
            self.at(x, y, SMALL, label);
            for line in address.lines() {
                for part in self.m.wrap(line, 240.0, BODY) {
                    y += 12.0;
                    self.at(x, y, BODY, &part);
                }
            }
            bottom = bottom.max(y);
        }
        self.y = bottom + 24.0;
    }

    fn table_header(&mut self) {
        let l = self.l;
        let y = self.y;
        self.at(POS, y, SMALL, "Pos.");
        self.at(SKU, y, SMALL, l.pick("SKU", "Artikelnr."));
        self.at(DESCRIPTION, y, SMALL, l.pick("Description", "Beschreibung"));
        self.right(QTY_RIGHT, y, SMALL, l.pick("Qty", "Menge"));
        self.right(SHIPPED_RIGHT, y, SMALL, l.pick("Shipped", "Versandt"));
        self.right(
            UNIT_RIGHT,
            y,
            SMALL,
            l.pick("Unit net", "Einzelpreis netto"),
        );
        self.right(NET_RIGHT, y, SMALL, l.pick("Net", "Netto"));
        self.put(Op::Rule {
            x: MARGIN,
            y: y + 4.0,
            width: CONTENT,
        });
        self.y += 16.0;
    }

    fn line(&mut self, line: &OrderLine) {
        let description = self.m.wrap(&line.name, DESCRIPTION_WIDTH, SMALL);
        let sku = self.m.wrap(&line.sku, DESCRIPTION - SKU - 6.0, SMALL);
        let height = description.len().max(sku.len()) as f32 * 10.5 + 4.0;
        if self.room(height) {
            self.table_header();
        }
        let y = self.y;
        self.at(POS, y, SMALL, &line.line.to_string());
        for (k, part) in sku.iter().enumerate() {
            self.at(SKU, y + k as f32 * 10.5, SMALL, part);
        }
        for (k, part) in description.iter().enumerate() {
            self.at(DESCRIPTION, y + k as f32 * 10.5, SMALL, part);
        }
        self.right(QTY_RIGHT, y, SMALL, &line.quantity.to_string());
        self.right(SHIPPED_RIGHT, y, SMALL, &line.shipped.to_string());
        let unit = self.money(&line.unit_net);
        self.right(UNIT_RIGHT, y, SMALL, &unit);
        let net = self.money(&line.net);
        self.right(NET_RIGHT, y, SMALL, &net);
        self.y += height;
    }

    fn total(&mut self, o: &OrderDetail) {
        let l = self.l;
        self.room(40.0);
        self.put(Op::Rule {
            x: MARGIN + 250.0,
            y: self.y - 6.0,
            width: CONTENT - 250.0,
        });
        self.y += 8.0;
        self.at(250.0, self.y, BODY, l.pick("Order total", "Bestellsumme"));
        let t = self.money(&o.summary.total);
        self.right(NET_RIGHT, self.y, BODY, &t);
        self.y += 28.0;
    }

    fn shipments(&mut self, o: &OrderDetail) {
        let l = self.l;
        if o.shipments.is_empty() {
            return;
        }
        self.room(40.0);
        self.at(0.0, self.y, 11.0, l.pick("Shipments", "Sendungen"));
        self.y += 16.0;
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
            for part in self.m.wrap(&head, CONTENT, BODY) {
                self.room(12.0);
                self.at(0.0, self.y, BODY, &part);
                self.y += 12.0;
            }
            for part in self.m.wrap(&lines.join(", "), CONTENT - 12.0, SMALL) {
                self.room(11.0);
                self.at(12.0, self.y, SMALL, &part);
                self.y += 11.0;
            }
            self.y += 6.0;
        }
        self.y += 14.0;
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
        let lines = self.m.wrap(&text, CONTENT, BODY);
        self.room(20.0 + 12.0 * lines.len().min(6) as f32);
        self.at(0.0, self.y, 11.0, l.pick("Terms", "Bedingungen"));
        self.y += 16.0;
        for line in lines {
            self.room(12.0);
            self.at(0.0, self.y, BODY, &line);
            self.y += 12.0;
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
