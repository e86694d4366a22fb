//! The validated catalog: groups of items, rules, prices. Every id is a typed dense index,
//! every reference is resolved, every price is exact; only the validator (`validate.rs`)
//! builds one.

use std::fmt;

use super::expr::Expr;
use super::pricing::{ItemPricing, Pricing};
use crate::ids::{GroupId, ItemId, RuleId};
use crate::money::{Currency, Money};

/// How many items of a group may be chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChoiceKind {
    /// Exactly one (required) or at most one (optional).
    Single,
    /// Any number between the group's `min` and `max`.
    Multiple,
}

/// The kinds of rule authors can write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleKind {
    /// `if` holds ⇒ `then` must hold (without `if`, `then` always holds).
    Requires,
    /// `if` and `then` never hold together (without `if`, `then` never holds).
    Excludes,
    /// A compatibility table over groups: `allowed` or `forbidden` combinations of items.
    Table,
    /// Cardinality: at least `min` and at most `max` of a set of items.
    Count,
    /// A resource: what the chosen items use of an attribute is at most what they provide.
    Resource,
}

/// A rule's content: one variant per kind's data, each kind's behaviour in its own file of
/// `constraint/` (see the dispatch there).
#[derive(Clone, Debug)]
pub enum RuleBody {
    /// `requires` / `excludes` over boolean expressions.
    Logic(Logic),
    /// A compatibility table.
    Table(Table),
    /// The sum of attribute `uses` over chosen items is at most the sum of `provides`.
    Resource(Resource),
    /// Between `min` and `max` of `items` are chosen.
    Count(Count),
}

/// A `requires` or `excludes` rule's content.
#[derive(Clone, Debug)]
pub struct Logic {
    /// Whether `if` and `then` must never hold together (`excludes`), else `if` ⇒ `then`.
    pub excludes: bool,
    /// The `if` expression (`true` when absent).
    pub condition: Expr,
    /// The `then` expression.
    pub consequence: Expr,
}

/// A `resource` rule's content: the sum of `uses` over the chosen items, times their
/// quantities, is at most the sum of `provides`.
#[derive(Clone, Debug)]
pub struct Resource {
    /// Attribute consumed (e.g. `poe_watts`).
    pub uses: String,
    /// Attribute supplied (e.g. `poe_budget`).
    pub provides: String,
}

/// A `count` rule's content: between `min` and `max` of `items` are chosen.
#[derive(Clone, Debug)]
pub struct Count {
    /// The set, without duplicates.
    pub items: Vec<ItemId>,
    /// Fewest chosen.
    pub min: u32,
    /// Most chosen.
    pub max: u32,
}

/// A compatibility table: combinations of items across groups, one item per group.
///
/// Semantics (the checker [`Table::holds`] and the engine's encoding agree on it): it only
/// constrains when every group in its scope has a choice. Then, for `forbidden`, no listed
/// combination is fully chosen; for `allowed` (single-choice groups only), every chosen item
/// of a scope group belongs to a listed combination that is fully chosen (with one item per
/// group, as single-choice groups ensure: the chosen combination is listed).
#[derive(Clone, Debug)]
pub struct Table {
    /// The scope, in column order.
    pub groups: Vec<GroupId>,
    /// The listed combinations, sorted, each with one item per scope group.
    pub tuples: Rows,
    /// Whether the combinations are the allowed ones (else the forbidden ones).
    pub allowed: bool,
}

/// A table's combinations: rows of `width` item ids, kept in one array (tables can have
/// hundreds of thousands of rows). Built sorted and without duplicates.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rows {
    width: usize,
    cells: Vec<ItemId>,
}

impl Rows {
    /// Rows from `width` ids each (`cells.len()` a multiple of it), sorted, duplicates removed.
    pub fn new(width: usize, cells: Vec<ItemId>) -> Rows {
        debug_assert!(width > 0 || cells.is_empty());
        debug_assert_eq!(cells.len() % width.max(1), 0);
        let w = width.max(1);
        let sorted = cells
            .chunks_exact(w)
            .zip(cells.chunks_exact(w).skip(1))
            .all(|(a, b)| a < b);
        if sorted {
            return Rows { width, cells };
        }
        let mut order: Vec<usize> = (0..cells.len() / w).collect();
        order.sort_unstable_by(|&a, &b| cells[a * w..(a + 1) * w].cmp(&cells[b * w..(b + 1) * w]));
        order.dedup_by(|a, b| cells[*a * w..(*a + 1) * w] == cells[*b * w..(*b + 1) * w]);
        let cells = order
            .iter()
            .flat_map(|&r| &cells[r * w..(r + 1) * w])
            .copied()
            .collect();
        Rows { width, cells }
    }

    /// Entries per row.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.cells.len() / self.width.max(1)
    }

    /// Whether there is no row.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// The rows in order.
    pub fn iter(&self) -> std::slice::ChunksExact<'_, ItemId> {
        self.cells.chunks_exact(self.width.max(1))
    }

    /// Every row's entries, one row after another.
    pub fn cells(&self) -> &[ItemId] {
        &self.cells
    }
}

impl<'a> IntoIterator for &'a Rows {
    type Item = &'a [ItemId];
    type IntoIter = std::slice::ChunksExact<'a, ItemId>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// An option group: one step of the configurator.
#[derive(Clone, Debug)]
pub struct Group {
    /// Typed id.
    pub id: GroupId,
    /// The author's id, as used in rules (`chassis`).
    pub key: String,
    /// Display name.
    pub name: String,
    /// Longer help text.
    pub description: String,
    /// Single or multiple choice.
    pub kind: ChoiceKind,
    /// Fewest items that must be chosen (0 for an optional group).
    pub min: u32,
    /// Most items that may be chosen.
    pub max: u32,
    /// The group's items, in the author's order.
    pub items: Vec<ItemId>,
    /// A condition under which the group applies (with its source text); when it does not
    /// hold, no item of the group may be chosen.
    pub when: Option<(Expr, String)>,
    /// The question the group asks the customer ("Gas or electric?"), when it is one: its
    /// items are answers that narrow the choices through rules; they have no SKU or price
    /// and are never lines of a bill of materials.
    pub question: Option<String>,
}

/// The largest quantity of one item a catalog may allow.
pub const MAX_QUANTITY: u32 = 999;

/// The longest lead time an item may have, in days (ten years).
pub const MAX_LEAD_DAYS: u32 = 3650;

/// A selectable item of a group.
#[derive(Clone, Debug)]
pub struct Item {
    /// Typed id.
    pub id: ItemId,
    /// The group it belongs to.
    pub group: GroupId,
    /// The author's id within its group (`nx-48p`).
    pub key: String,
    /// Stock-keeping unit.
    pub sku: String,
    /// Display name.
    pub name: String,
    /// Short description.
    pub description: String,
    /// List price in the catalog currency.
    pub price: Money,
    /// An authored default: preferred when completing a configuration, where consistent.
    pub default: bool,
    /// Last day the item is sold, if announced (shown to customers; `configurator check
    /// --today` warns about items past it).
    pub end_of_sale: Option<Date>,
    /// The item that replaces it after its end of sale (shown to customers with the date).
    pub replaced_by: Option<ItemId>,
    /// A picture: a path relative to the catalog file (`images/nr220.svg`) or a `data:image/…`
    /// URL; shown through `<img>`, never as markup.
    pub image: Option<String>,
    /// Days from an order to the item's shipping (0 to [`MAX_LEAD_DAYS`]; 0 when the catalog
    /// says none: from stock). An order ships when its slowest line can: see
    /// [`crate::quote::Quote::lead_days`].
    pub lead_days: u32,
    /// The item's own UNSPSC code, if it has one (a procurement system's sub-item); see
    /// [`Catalog::item_unspsc`].
    pub unspsc: Option<String>,
    /// Numeric attributes (watts drawn or supplied, slots, ports, rack units...).
    pub attributes: std::collections::BTreeMap<String, i64>,
    /// How many units may be ordered when the item is chosen: `min..=max` (1..=1 for an item
    /// without a quantity). Resource rules count attributes times quantity.
    pub quantity: std::ops::RangeInclusive<u32>,
    /// When only some quantities of the range are sold (DIMMs in the counts a processor takes,
    /// licences in packs): those, increasing, from the range's first to its last. `None`:
    /// every quantity of the range.
    pub allowed_quantities: Option<Vec<u32>>,
    /// Prices per book, family, billing, tiers, bundle (see [`crate::pricing`]).
    pub pricing: ItemPricing,
}

impl Item {
    /// The value of a numeric attribute (0 when the item does not have it).
    pub fn attribute(&self, name: &str) -> i64 {
        self.attributes.get(name).copied().unwrap_or(0)
    }

    /// Whether the customer picks a quantity for this item (more than one unit is possible).
    pub fn has_quantity(&self) -> bool {
        *self.quantity.end() > 1
    }

    /// Whether `q` units of this item may be ordered.
    pub fn allows_quantity(&self, q: u32) -> bool {
        self.quantity.contains(&q)
            && self
                .allowed_quantities
                .as_ref()
                .is_none_or(|a| a.binary_search(&q).is_ok())
    }

    /// The quantities it is sold in, as text: "1 to 16", or "1, 2, 4 or 8" when only some
    /// of the range are.
    pub fn quantities_text(&self) -> String {
        let Some(a) = &self.allowed_quantities else {
            return format!("{} to {}", self.quantity.start(), self.quantity.end());
        };
        let mut text = String::new();
        for (k, q) in a.iter().enumerate() {
            if k > 0 {
                text.push_str(if k + 1 == a.len() { " or " } else { ", " });
            }
            text.push_str(&q.to_string());
        }
        text
    }

    /// The quantities that may be ordered, increasing.
    pub fn quantities(&self) -> impl Iterator<Item = u32> + '_ {
        self.quantity.clone().filter(|&q| self.allows_quantity(q))
    }
}

/// A calendar date (proleptic Gregorian), as `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year.
    pub year: u16,
    /// Month, 1 to 12.
    pub month: u8,
    /// Day of the month, 1 to 31.
    pub day: u8,
}

impl Date {
    /// Days since 1970-01-01 (negative before), by the proleptic Gregorian calendar
    /// (Howard Hinnant's `days_from_civil`).
    pub fn days_since_epoch(self) -> i64 {
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01 (`None` outside the years 0 to 9999).
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Some(Date {
            year: u16::try_from(year).ok().filter(|&y| y <= 9999)?,
            month: u8::try_from(month).ok()?,
            day: u8::try_from(day).ok()?,
        })
    }

    /// The date `days` calendar days later (`None` past the year 9999).
    pub fn plus_days(self, days: u32) -> Option<Date> {
        Date::from_days_since_epoch(self.days_since_epoch() + i64::from(days))
    }

    /// Parses `YYYY-MM-DD`, checking the day exists in that month.
    pub fn parse(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| text.get(r)?.parse::<u16>().ok();
        let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days).contains(&day).then_some(Date {
            year,
            month: month as u8,
            day: day as u8,
        })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// An author-written rule.
#[derive(Clone, Debug)]
pub struct Rule {
    /// Typed id.
    pub id: RuleId,
    /// The author's id.
    pub key: String,
    /// The kind the author wrote.
    pub kind: RuleKind,
    /// What the rule says.
    pub body: RuleBody,
    /// The author's message, shown to customers when the rule bites.
    pub message: String,
    /// A short name of what a resource rule measures ("SFP ports"), for meters.
    pub label: Option<String>,
}

/// A validated catalog.
#[derive(Clone, Debug)]
pub struct Catalog {
    /// The catalog's id (`nx-3400`).
    pub id: String,
    /// Product line name.
    pub name: String,
    /// Product line description.
    pub description: String,
    /// The author's version label.
    pub version: String,
    /// Currency of list prices.
    pub currency: Currency,
    /// Content hash of the catalog file (SHA-256, 64 hex digits, see [`content_hash`]):
    /// which version of the catalog a quote or a share link was made with.
    pub hash: String,
    /// The earlier, non-cryptographic hash of the same file (see [`legacy_hash`]), to
    /// recognise quotes of format 1 and share links of versions 1 and 2.
    pub legacy_hash: String,
    /// Price books, partner tiers and subscription terms.
    pub pricing: Pricing,
    /// The origins (`https://partner.example`) whose pages may embed this catalog's
    /// configurator in a frame and talk to it (`embed.origins`; see docs/embedding.md).
    pub embed_origins: Vec<String>,
    /// The product line's UNSPSC code (`procurement.unspsc`), for procurement systems.
    pub unspsc: Option<String>,
    /// Its unit of measure as written (`procurement.unit`); see [`Catalog::unit_of_measure`].
    pub unit: Option<String>,
    pub(super) groups: Vec<Group>,
    pub(super) items: Vec<Item>,
    pub(super) rules: Vec<Rule>,
}

impl Catalog {
    /// The product line's UNSPSC code (how procurement systems classify a configured product).
    pub fn unspsc(&self) -> Option<&str> {
        self.unspsc.as_deref()
    }

    /// The UNSPSC code of one item: its own, else the product line's.
    pub fn item_unspsc(&self, id: ItemId) -> Option<&str> {
        self.item(id).unspsc.as_deref().or(self.unspsc())
    }

    /// The unit a configured product is counted in (UN/CEFACT code): `procurement.unit`, else
    /// `EA` (each).
    pub fn unit_of_measure(&self) -> &str {
        self.unit.as_deref().unwrap_or("EA")
    }

    /// All groups, in the author's order.
    pub fn groups(&self) -> &[Group] {
        &self.groups
    }

    /// All items, grouped by group in the author's order.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// All rules.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// One group.
    pub fn group(&self, id: GroupId) -> &Group {
        &self.groups[id.index()]
    }

    /// One item.
    pub fn item(&self, id: ItemId) -> &Item {
        &self.items[id.index()]
    }

    /// Whether an item answers a question (its group asks one): not ordered, never a line.
    pub fn is_answer(&self, id: ItemId) -> bool {
        self.group(self.item(id).group).question.is_some()
    }

    /// One rule.
    pub fn rule(&self, id: RuleId) -> &Rule {
        &self.rules[id.index()]
    }

    /// The longest lead time of `items`, in days: a configuration of them ships that many
    /// calendar days after it is ordered (0: every one from stock).
    pub fn lead_days(&self, items: impl IntoIterator<Item = ItemId>) -> u32 {
        items
            .into_iter()
            .map(|i| self.item(i).lead_days)
            .max()
            .unwrap_or(0)
    }

    /// An item's reference as authors write it: `group.item`.
    pub fn item_key(&self, id: ItemId) -> String {
        let it = self.item(id);
        format!("{}.{}", self.group(it.group).key, it.key)
    }

    /// Finds a group by the author's id.
    pub fn group_by_key(&self, key: &str) -> Option<GroupId> {
        self.groups.iter().find(|g| g.key == key).map(|g| g.id)
    }

    /// Finds an item by its SKU (as written, else ignoring ASCII case); answers have none.
    pub fn item_by_sku(&self, sku: &str) -> Option<ItemId> {
        let sku = sku.trim();
        let find = |same: &dyn Fn(&str) -> bool| {
            self.items
                .iter()
                .find(|it| !it.sku.is_empty() && same(&it.sku))
                .map(|it| it.id)
        };
        find(&|s| s == sku).or_else(|| find(&|s| s.eq_ignore_ascii_case(sku)))
    }

    /// Finds an item by `group` and item key.
    pub fn item_by_key(&self, group: &str, item: &str) -> Option<ItemId> {
        let g = self.group_by_key(group)?;
        self.groups[g.index()]
            .items
            .iter()
            .copied()
            .find(|&i| self.items[i.index()].key == item)
    }

    /// The lowest list price among items that are required in every group with a minimum: a
    /// naive "from" price for start pages.
    pub fn starting_price(&self) -> Money {
        self.groups
            .iter()
            .filter(|g| g.min > 0)
            .map(|g| {
                let mut prices: Vec<Money> = g.items.iter().map(|&i| self.item(i).price).collect();
                prices.sort();
                prices.into_iter().take(g.min as usize).sum::<Money>()
            })
            .sum()
    }
}

impl Catalog {
    /// Checks the structural invariants that the engine relies on (debug builds only).
    pub(super) fn debug_check_invariants(&self) {
        if cfg!(debug_assertions) {
            for (gi, g) in self.groups.iter().enumerate() {
                debug_assert_eq!(g.id.index(), gi);
                debug_assert!(g.min <= g.max && g.max as usize <= g.items.len());
                for &i in &g.items {
                    debug_assert_eq!(self.items[i.index()].group, g.id);
                }
            }
            for (ii, it) in self.items.iter().enumerate() {
                debug_assert_eq!(it.id.index(), ii);
            }
        }
    }
}

/// Whether `s` is a web origin as a browser writes one: `http` or `https`, `://`, a host of
/// lower-case letters, digits, dots and hyphens (or a bracketed IPv6 address), and an optional
/// port from 1 to 65535. Nothing else: no path, no trailing slash, no user.
pub fn is_origin(s: &str) -> bool {
    let Some(rest) = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
    else {
        return false;
    };
    let (host_ok, port) = match rest.strip_prefix('[') {
        Some(v6) => match v6.split_once(']') {
            Some((addr, after)) => (
                !addr.is_empty() && addr.chars().all(|c| c.is_ascii_hexdigit() || c == ':'),
                after,
            ),
            None => return false,
        },
        None => {
            let (host, after) = rest.find(':').map_or((rest, ""), |k| rest.split_at(k));
            let ok = !host.is_empty()
                && host
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-');
            (ok, after)
        }
    };
    let port_ok = match port.strip_prefix(':') {
        None => port.is_empty(),
        Some(p) => {
            p.len() <= 5
                && p.chars().all(|c| c.is_ascii_digit())
                && p.parse::<u32>().is_ok_and(|n| (1..=65_535).contains(&n))
        }
    };
    host_ok && port_ok
}
