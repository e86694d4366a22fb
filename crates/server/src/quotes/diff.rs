//! What changed between two revisions of a quote, as data: lines matched by item, with
//! quantities and net prices compared, and the totals.

use configurator_api::quotes::{self as api, ChangeKind as Kind};
use configurator_engine::quote::Quote;

/// One change from a revision to the next (the contract's, as tools read it).
pub use configurator_api::quotes::RevisionChange as Change;

/// The changes from `old` to `new`, lines in `new`'s order then the removed ones.
pub fn changes(old: &Quote, new: &Quote) -> Vec<Change> {
    let mut out = Vec::new();
    let field = |out: &mut Vec<Change>, field: &str, a: String, b: String| {
        if a != b {
            out.push(Change::Field {
                field: field.to_owned(),
                before: a,
                after: b,
            });
        }
    };
    field(
        &mut out,
        "customer",
        old.meta.customer.clone(),
        new.meta.customer.clone(),
    );
    field(
        &mut out,
        "valid_until",
        old.meta.valid_until.clone().unwrap_or_default(),
        new.meta.valid_until.clone().unwrap_or_default(),
    );
    field(
        &mut out,
        "notes",
        old.meta.notes.clone(),
        new.meta.notes.clone(),
    );
    field(
        &mut out,
        "context",
        serde_json::to_string(&old.context).unwrap_or_default(),
        serde_json::to_string(&new.context).unwrap_or_default(),
    );
    let (oc, nc) = (&old.totals.currency, &new.totals.currency);
    for l in &new.lines {
        match old.lines.iter().find(|o| o.item == l.item) {
            None => out.push(Change::Added {
                item: l.item.clone(),
                name: l.name.clone(),
                quantity: l.quantity,
                net: l.net.to_plain_string(nc),
            }),
            Some(o) => {
                if o.quantity != l.quantity {
                    out.push(Change::Quantity {
                        item: l.item.clone(),
                        before: o.quantity,
                        after: l.quantity,
                    });
                }
                let (a, b) = (o.net.to_plain_string(oc), l.net.to_plain_string(nc));
                if a != b {
                    out.push(Change::Net {
                        item: l.item.clone(),
                        before: a,
                        after: b,
                    });
                }
            }
        }
    }
    for o in &old.lines {
        if !new.lines.iter().any(|l| l.item == o.item) {
            out.push(Change::Removed {
                item: o.item.clone(),
                name: o.name.clone(),
            });
        }
    }
    let (a, b) = (&old.totals, &new.totals);
    for (total, x, y) in [
        ("one_time", a.one_time, b.one_time),
        ("monthly", a.monthly, b.monthly),
        ("yearly", a.yearly, b.yearly),
        ("contract_value", a.contract_value, b.contract_value),
    ] {
        let (x, y) = (x.to_plain_string(oc), y.to_plain_string(nc));
        if x != y {
            out.push(Change::Total {
                total: total.to_owned(),
                before: x,
                after: y,
            });
        }
    }
    out
}

/// The changes from `old` to `new` as the API's typed data: line changes by the item's name,
/// totals by kind, amounts plain in the new revision's currency.
pub fn typed(old: &Quote, new: &Quote) -> Vec<api::Change> {
    let name = |key: &str| {
        new.lines
            .iter()
            .chain(&old.lines)
            .find(|l| l.item == key)
            .map_or_else(|| key.to_owned(), |l| l.name.clone())
    };
    let currency = new.totals.currency.code().to_owned();
    let change =
        |kind, item: Option<String>, before: Option<String>, after: Option<String>| api::Change {
            kind,
            item,
            quantity: None,
            before,
            after,
            currency: currency.clone(),
        };
    changes(old, new)
        .into_iter()
        .map(|c| match c {
            Change::Added {
                name,
                quantity,
                net,
                ..
            } => api::Change {
                quantity: Some(quantity),
                ..change(Kind::LineAdded, Some(name), None, Some(net))
            },
            Change::Removed { name, .. } => change(Kind::LineRemoved, Some(name), None, None),
            Change::Quantity {
                item,
                before,
                after,
            } => change(
                Kind::Quantity,
                Some(name(&item)),
                Some(before.to_string()),
                Some(after.to_string()),
            ),
            Change::Net {
                item,
                before,
                after,
            } => change(Kind::Net, Some(name(&item)), Some(before), Some(after)),
            Change::Total {
                total,
                before,
                after,
            } => {
                let kind = match total.as_str() {
                    "one_time" => Kind::OneTime,
                    "monthly" => Kind::Monthly,
                    "yearly" => Kind::Yearly,
                    _ => Kind::ContractValue,
                };
                change(kind, None, Some(before), Some(after))
            }
            Change::Field {
                field,
                before,
                after,
            } => {
                let kind = match field.as_str() {
                    "customer" => Kind::Customer,
                    "valid_until" => Kind::ValidUntil,
                    "notes" => Kind::Notes,
                    _ => Kind::Context,
                };
                let some = |s: String| Some(s).filter(|s| !s.is_empty());
                change(kind, None, some(before), some(after))
            }
        })
        .collect()
}
