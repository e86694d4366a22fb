//! Reading a cXML `OrderRequest` (a buyer's purchase order): what of it the desk reads, into
//! [`OrderRequest`]. Placing it is `purchase.rs`'s.
//!
//! | read | from |
//! | --- | --- |
//! | the document's id | `cXML@payloadID` |
//! | who sends it | `Header/From/Credential` (domain, `Identity`), `Header/Sender/Credential/SharedSecret` |
//! | the buyer's order | `OrderRequestHeader@orderID`, `@orderDate`, `@type` (`new`, `update`, `delete`) |
//! | its total | `OrderRequestHeader/Total/Money` (and `@currency`) |
//! | addresses | `OrderRequestHeader/ShipTo/Address`, `BillTo/Address` (name, `PostalAddress`) |
//! | each line | `ItemOut@lineNumber`, `@quantity`, `@parentLineNumber`, `@itemType`, `ItemID/SupplierPartID`, `ItemID/SupplierPartAuxiliaryID`, `ItemDetail/UnitPrice/Money` |
//!
//! Everything else is ignored. The text is read by [`super::xml`] (bounded, no DTD, no
//! entities) and its envelope by [`super::envelope`].

use super::envelope::{self, Credential};
use super::xml::{self, Element};

/// The most lines one document may have.
pub const MAX_ITEMS: usize = 500;

/// What the buyer asks with the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrderType {
    /// A new order.
    New,
    /// A change: the order as it is now (replaces the earlier one).
    Update,
    /// The order is withdrawn.
    Delete,
}

impl OrderType {
    /// Its name in the document.
    pub fn name(self) -> &'static str {
        match self {
            OrderType::New => "new",
            OrderType::Update => "update",
            OrderType::Delete => "delete",
        }
    }
}

/// An amount: the currency's code and the decimal text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Amount {
    /// ISO 4217 code.
    pub currency: String,
    /// The amount as written.
    pub value: String,
}

/// One `ItemOut`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemOut {
    /// `lineNumber`.
    pub line_number: i64,
    /// `quantity`, as written (cXML quantities are decimals).
    pub quantity: String,
    /// `parentLineNumber`: a sub-item of that line.
    pub parent: Option<i64>,
    /// `itemType` (`composite`, `item`), if given.
    pub item_type: Option<String>,
    /// `ItemID/SupplierPartID`.
    pub supplier_part_id: String,
    /// `ItemID/SupplierPartAuxiliaryID`.
    pub aux_id: String,
    /// `ItemDetail/UnitPrice/Money`.
    pub unit_price: Option<Amount>,
}

/// The parts of an `OrderRequest` the desk reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderRequest {
    /// `cXML@payloadID`.
    pub payload_id: String,
    /// `Header/From` credentials.
    pub from: Vec<Credential>,
    /// `Header/Sender` credentials (with their `SharedSecret`).
    pub sender: Vec<Credential>,
    /// `OrderRequestHeader@orderID`.
    pub order_id: String,
    /// `@orderDate`.
    pub order_date: Option<String>,
    /// `@type`.
    pub kind: OrderType,
    /// `Total/Money`.
    pub total: Option<Amount>,
    /// The ship-to address as text lines.
    pub ship_to: String,
    /// The bill-to address as text lines.
    pub bill_to: String,
    /// The lines, in document order.
    pub items: Vec<ItemOut>,
}

/// Why a document cannot be read: its cXML status code (400) and the reason.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Unreadable(pub String);

/// An address as text lines: the name, `DeliverTo`s, streets, `PostalCode City`, state,
/// country.
fn address(node: Option<&Element>) -> String {
    let Some(a) = node.and_then(|n| n.first("Address")) else {
        return String::new();
    };
    let mut lines: Vec<String> = Vec::new();
    let mut push = |t: &str| {
        let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
        if !t.is_empty() {
            lines.push(t);
        }
    };
    if let Some(n) = a.first("Name") {
        push(&n.text_content());
    }
    if let Some(p) = a.first("PostalAddress") {
        for d in p.all("DeliverTo") {
            push(&d.text_content());
        }
        for s in p.all("Street") {
            push(&s.text_content());
        }
        let text = |name: &str| p.first(name).map(Element::text_content);
        let city = [text("PostalCode"), text("City")]
            .into_iter()
            .flatten()
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        push(&city);
        if let Some(s) = text("State") {
            push(&s);
        }
        if let Some(c) = p.first("Country") {
            let name = c.text_content();
            push(if name.is_empty() {
                c.get("isoCountryCode").unwrap_or_default()
            } else {
                &name
            });
        }
    }
    lines.join("\n")
}

fn money(node: Option<&Element>) -> Option<Amount> {
    node.map(|m| Amount {
        currency: m.get("currency").unwrap_or_default().trim().to_owned(),
        value: m.text_content(),
    })
}

fn number(item: &Element, name: &str) -> Result<Option<i64>, Unreadable> {
    match item.get(name) {
        None => Ok(None),
        Some(t) => t
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 1)
            .map(Some)
            .ok_or_else(|| {
                Unreadable(format!(
                    "ItemOut {name} `{}` is not a line number",
                    short(t)
                ))
            }),
    }
}

/// At most 40 characters of a text, for messages.
pub fn short(text: &str) -> String {
    text.chars().take(40).collect()
}

fn item(node: &Element) -> Result<ItemOut, Unreadable> {
    let line_number = number(node, "lineNumber")?
        .ok_or_else(|| Unreadable("an ItemOut has no lineNumber".into()))?;
    let text = |path: &str| node.text_at(path).unwrap_or_default();
    Ok(ItemOut {
        line_number,
        quantity: node.get("quantity").unwrap_or_default().trim().to_owned(),
        parent: number(node, "parentLineNumber")?,
        item_type: node.get("itemType").map(str::to_owned),
        supplier_part_id: text("ItemID/SupplierPartID"),
        aux_id: text("ItemID/SupplierPartAuxiliaryID"),
        unit_price: money(node.find("ItemDetail/UnitPrice/Money")),
    })
}

/// Reads an `OrderRequest` document.
pub fn read(text: &str) -> Result<OrderRequest, Unreadable> {
    let doc = xml::read(text).map_err(|e| Unreadable(e.to_string()))?;
    let (env, request) = envelope::read(&doc).map_err(|e| Unreadable(e.to_string()))?;
    if request.name != "OrderRequest" {
        return Err(Unreadable(format!(
            "the document is a {}, not an OrderRequest",
            short(&request.name)
        )));
    }
    let head = request
        .first("OrderRequestHeader")
        .ok_or_else(|| Unreadable("the OrderRequest has no OrderRequestHeader".into()))?;
    let order_id = head.get("orderID").unwrap_or_default().trim().to_owned();
    if order_id.is_empty() || order_id.chars().count() > 64 {
        return Err(Unreadable(
            "OrderRequestHeader@orderID is missing or longer than 64 characters".into(),
        ));
    }
    let kind = match head.get("type").map(str::trim) {
        None | Some("new") => OrderType::New,
        Some("update") => OrderType::Update,
        Some("delete") => OrderType::Delete,
        Some(other) => {
            return Err(Unreadable(format!(
                "OrderRequestHeader@type `{}` is not new, update or delete",
                short(other)
            )))
        }
    };
    let items = request
        .all("ItemOut")
        .map(item)
        .collect::<Result<Vec<_>, _>>()?;
    if items.len() > MAX_ITEMS {
        return Err(Unreadable(format!("more than {MAX_ITEMS} ItemOut lines")));
    }
    let mut seen = std::collections::BTreeSet::new();
    for i in &items {
        if !seen.insert(i.line_number) {
            return Err(Unreadable(format!("line {} appears twice", i.line_number)));
        }
    }
    Ok(OrderRequest {
        payload_id: env.payload_id,
        from: env.from,
        sender: env.sender,
        order_id,
        order_date: head.get("orderDate").map(|d| d.trim().to_owned()),
        kind,
        total: money(head.find("Total/Money")),
        ship_to: address(head.first("ShipTo")),
        bill_to: address(head.first("BillTo")),
        items,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.014/cXML.dtd">
<cXML payloadID="1.2.3@buyer.example" timestamp="2026-12-08T10:00:00+01:00">
  <Header>
    <From><Credential domain="NetworkID"><Identity>AN-BUYER</Identity></Credential></From>
    <To><Credential domain="NetworkID"><Identity>AN-SELLER</Identity></Credential></To>
    <Sender><Credential domain="NetworkID"><Identity>AN-BUYER</Identity>
      <SharedSecret>s&amp;cret</SharedSecret></Credential><UserAgent>Buyer 1</UserAgent></Sender>
  </Header>
  <Request>
    <OrderRequest>
      <OrderRequestHeader orderID="PO-77" orderDate="2026-12-08" type="new">
        <Total><Money currency="EUR">100.50</Money></Total>
        <ShipTo><Address><Name xml:lang="en">ACME Dock 4</Name><PostalAddress>
          <DeliverTo>Jane Roe</DeliverTo><Street>Hafenstr. 1</Street><City>Hamburg</City>
          <PostalCode>20457</PostalCode><Country isoCountryCode="DE">Germany</Country>
        </PostalAddress></Address></ShipTo>
      </OrderRequestHeader>
      <ItemOut quantity="1" lineNumber="1" itemType="composite">
        <ItemID><SupplierPartID>switches</SupplierPartID>
          <SupplierPartAuxiliaryID>v1.Q-1.1.mac</SupplierPartAuxiliaryID></ItemID>
        <ItemDetail><UnitPrice><Money currency="EUR">100.50</Money></UnitPrice></ItemDetail>
      </ItemOut>
      <ItemOut quantity="2" lineNumber="2" parentLineNumber="1" itemType="item">
        <ItemID><SupplierPartID>SW-48</SupplierPartID></ItemID>
      </ItemOut>
    </OrderRequest>
  </Request>
</cXML>"#;

    #[test]
    fn an_order_request_is_read() {
        let r = read(DOC).unwrap();
        assert_eq!(r.payload_id, "1.2.3@buyer.example");
        assert_eq!(r.sender[0].secret.as_deref(), Some("s&cret"));
        assert_eq!(r.from[0].identity, "AN-BUYER");
        assert_eq!(r.order_id, "PO-77");
        assert_eq!(r.kind, OrderType::New);
        assert_eq!(
            r.ship_to,
            "ACME Dock 4\nJane Roe\nHafenstr. 1\n20457 Hamburg\nGermany"
        );
        assert_eq!(r.bill_to, "");
        assert_eq!(r.items.len(), 2);
        assert_eq!(r.items[0].aux_id, "v1.Q-1.1.mac");
        assert_eq!(r.items[0].unit_price.as_ref().unwrap().value, "100.50");
        assert_eq!(r.items[1].parent, Some(1));
    }

    #[test]
    fn a_wrong_type_or_a_repeated_line_is_unreadable() {
        let e = read(&DOC.replace("type=\"new\"", "type=\"maybe\"")).unwrap_err();
        assert!(e.0.contains("maybe"), "{e}");
        let e = read(&DOC.replace("lineNumber=\"2\"", "lineNumber=\"1\"")).unwrap_err();
        assert!(e.0.contains("line 1 appears twice"), "{e}");
    }
}
