//! What changed between two versions of a catalog, as data: `configurator diff` renders it.
//! Items and rules are matched by key (ids differ between versions); rules compare by what
//! they say, with tables and counts as sets.

use crate::catalog::{Catalog, Rule};
use crate::ids::ItemId;
use crate::money::{Currency, Money};

/// One difference between an old and a new catalog. Items are named `group.item`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// An item of the old catalog is gone.
    ItemRemoved {
        /// `group.item`.
        key: String,
        /// Its old name.
        name: String,
    },
    /// An item's SKU changed.
    Sku {
        /// `group.item`.
        key: String,
        /// Before.
        before: String,
        /// After.
        after: String,
    },
    /// An item's name changed.
    Name {
        /// `group.item`.
        key: String,
        /// Before.
        before: String,
        /// After.
        after: String,
    },
    /// An item's price in a book of the new catalog changed (or appeared or disappeared).
    Price {
        /// `group.item`.
        key: String,
        /// The book's id.
        book: String,
        /// The book's currency.
        currency: Currency,
        /// Before (`None`: no price).
        before: Option<Money>,
        /// After (`None`: no price).
        after: Option<Money>,
    },
    /// An item's quantity range changed.
    Quantity {
        /// `group.item`.
        key: String,
        /// The quantities it was sold in ("1 to 4", "1, 2 or 4").
        before: String,
        /// The quantities it is sold in now.
        after: String,
    },
    /// An item is new.
    ItemAdded {
        /// `group.item`.
        key: String,
        /// Its name.
        name: String,
    },
    /// A rule is gone.
    RuleRemoved {
        /// The rule's key.
        key: String,
        /// Its old message.
        message: String,
    },
    /// What a rule says changed.
    RuleChanged {
        /// The rule's key.
        key: String,
        /// Its new message.
        message: String,
    },
    /// Only a rule's message changed.
    RuleMessage {
        /// The rule's key.
        key: String,
        /// Before.
        before: String,
        /// After.
        after: String,
    },
    /// A rule is new.
    RuleAdded {
        /// The rule's key.
        key: String,
        /// Its message.
        message: String,
    },
}

/// Every change from `a` to `b`: items (removed or changed, in `a`'s order; then added), then
/// rules (removed or changed; then added).
pub fn diff(a: &Catalog, b: &Catalog) -> Vec<Change> {
    let mut out = Vec::new();
    for it in a.items() {
        let key = a.item_key(it.id);
        match b.item_by_key(&a.group(it.group).key, &it.key) {
            None => out.push(Change::ItemRemoved {
                key,
                name: it.name.clone(),
            }),
            Some(j) => item_changes(a, b, it.id, j, &mut out),
        }
    }
    for it in b.items() {
        if a.item_by_key(&b.group(it.group).key, &it.key).is_none() {
            out.push(Change::ItemAdded {
                key: b.item_key(it.id),
                name: it.name.clone(),
            });
        }
    }
    for r in a.rules() {
        match b.rules().iter().find(|x| x.key == r.key) {
            None => out.push(Change::RuleRemoved {
                key: r.key.clone(),
                message: r.message.clone(),
            }),
            Some(x) if rule_text(a, r) != rule_text(b, x) => out.push(Change::RuleChanged {
                key: r.key.clone(),
                message: x.message.clone(),
            }),
            Some(x) if x.message != r.message => out.push(Change::RuleMessage {
                key: r.key.clone(),
                before: r.message.clone(),
                after: x.message.clone(),
            }),
            _ => {}
        }
    }
    for r in b.rules() {
        if !a.rules().iter().any(|x| x.key == r.key) {
            out.push(Change::RuleAdded {
                key: r.key.clone(),
                message: r.message.clone(),
            });
        }
    }
    out
}

/// How item `i` of `a` became item `j` of `b`.
fn item_changes(a: &Catalog, b: &Catalog, i: ItemId, j: ItemId, out: &mut Vec<Change>) {
    let (it, jt) = (a.item(i), b.item(j));
    let key = a.item_key(i);
    if it.sku != jt.sku {
        out.push(Change::Sku {
            key: key.clone(),
            before: it.sku.clone(),
            after: jt.sku.clone(),
        });
    }
    if it.name != jt.name {
        out.push(Change::Name {
            key: key.clone(),
            before: it.name.clone(),
            after: jt.name.clone(),
        });
    }
    for (bi, book) in b.pricing.books.iter().enumerate() {
        let before = a.pricing.book(&book.id).and_then(|x| it.pricing.prices[x]);
        let after = jt.pricing.prices[bi];
        if before != after {
            out.push(Change::Price {
                key: key.clone(),
                book: book.id.clone(),
                currency: book.currency.clone(),
                before,
                after,
            });
        }
    }
    if it.quantity != jt.quantity || it.allowed_quantities != jt.allowed_quantities {
        out.push(Change::Quantity {
            key,
            before: it.quantities_text(),
            after: jt.quantities_text(),
        });
    }
}

/// What a rule says, with items and groups by key (ids differ between catalog versions): two
/// versions of a rule render alike exactly when they say the same. Rows of a table and members
/// of a count compare as sets, so reordering them, or the items of a group, is no change (each
/// kind's text is its file's, see `constraint/`).
fn rule_text(c: &Catalog, r: &Rule) -> String {
    r.describe(c)
}
