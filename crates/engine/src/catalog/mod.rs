//! The catalog model: what authors write (a JSON file) and the validated form the engine uses.
//!
//! Parsing happens once, at the boundary: [`Catalog::from_json`] turns text into a [`Catalog`]
//! whose ids are typed, whose references are resolved and whose prices are exact, or into a
//! [`CatalogError`] listing every problem with its file, line and column.

pub mod expr;
pub mod locate;
mod pricing;
mod read;

use std::fmt;

pub use expr::Expr;
use locate::{JsonPath, Position};

use crate::fx::FxMap;
use crate::ids::{GroupId, ItemId, RuleId};
use crate::money::{Currency, Money};
pub use pricing::{
    ItemPricing, PartnerTier, PercentOf, Period, PriceBook, Pricing, VolumeTier, LIST_BOOK,
};

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

/// A rule's content.
#[derive(Clone, Debug)]
pub enum RuleBody {
    /// `requires` / `excludes` over boolean expressions.
    Logic {
        /// The `if` expression (`true` when absent).
        condition: Expr,
        /// The `then` expression.
        consequence: Expr,
    },
    /// A compatibility table.
    Table(Table),
    /// The sum of attribute `uses` over chosen items is at most the sum of `provides`.
    Resource {
        /// Attribute consumed (e.g. `poe_watts`).
        uses: String,
        /// Attribute supplied (e.g. `poe_budget`).
        provides: String,
    },
    /// Between `min` and `max` of `items` are chosen.
    Count {
        /// The set, without duplicates.
        items: Vec<ItemId>,
        /// Fewest chosen.
        min: u32,
        /// Most chosen.
        max: u32,
    },
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

/// A catalog as written (read by `read`, checked by the validator).
struct RawCatalog<'a> {
    id: String,
    name: String,
    description: String,
    version: String,
    currency: String,
    price_books: Vec<pricing::RawPriceBook>,
    partner_tiers: Vec<pricing::RawTier>,
    terms: Vec<u32>,
    groups: Vec<RawGroup>,
    rules: Vec<RawRule<'a>>,
}

struct RawGroup {
    id: String,
    name: String,
    description: String,
    choice: ChoiceKind,
    required: bool,
    min: Option<u32>,
    max: Option<u32>,
    when: Option<String>,
    items: Vec<RawItem>,
}

struct RawItem {
    id: String,
    sku: String,
    name: String,
    description: String,
    pricing: pricing::RawItemPricing,
    default: bool,
    end_of_sale: Option<String>,
    attributes: std::collections::BTreeMap<String, i64>,
    quantity: Option<RawQuantity>,
}

struct RawQuantity {
    min: u32,
    max: u32,
}

struct RawRule<'a> {
    id: String,
    kind: RuleKind,
    condition: Option<String>,
    then: Option<String>,
    groups: Option<Vec<String>>,
    allowed: Option<RawRows<'a>>,
    forbidden: Option<RawRows<'a>>,
    items: Option<Vec<String>>,
    min: Option<u32>,
    max: Option<u32>,
    uses: Option<String>,
    provides: Option<String>,
    label: Option<String>,
    message: String,
}

/// An item key in a table row, borrowed from the text when it has no escapes (tables can
/// have hundreds of thousands of entries).
struct Key<'a>(std::borrow::Cow<'a, str>);

/// A table's rows as written (a list of lists of item keys), kept as one array of keys and
/// each row's length: no allocation per row.
#[derive(Default)]
struct RawRows<'a> {
    keys: Vec<Key<'a>>,
    lens: Vec<u32>,
}

impl<'a> RawRows<'a> {
    /// The rows in order.
    fn iter(&self) -> impl Iterator<Item = &[Key<'a>]> {
        self.lens.iter().scan(0usize, |at, &n| {
            let row = &self.keys[*at..*at + n as usize];
            *at += n as usize;
            Some(row)
        })
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
}

/// The largest quantity of one item a catalog may allow.
pub const MAX_QUANTITY: u32 = 999;

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
    /// Numeric attributes (watts drawn or supplied, slots, ports, rack units...).
    pub attributes: std::collections::BTreeMap<String, i64>,
    /// How many units may be ordered when the item is chosen: `min..=max` (1..=1 for an item
    /// without a quantity). Resource rules count attributes times quantity.
    pub quantity: std::ops::RangeInclusive<u32>,
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
    /// Requires, excludes or table.
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
    /// Content hash of the catalog file (32 hex digits, see [`content_hash`]): which
    /// version of the catalog a quote or a share link was made with.
    pub hash: String,
    /// Price books, partner tiers and subscription terms.
    pub pricing: Pricing,
    groups: Vec<Group>,
    items: Vec<Item>,
    rules: Vec<Rule>,
}

impl Catalog {
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

    /// One rule.
    pub fn rule(&self, id: RuleId) -> &Rule {
        &self.rules[id.index()]
    }

    /// Finds a group by the author's id.
    pub fn group_by_key(&self, key: &str) -> Option<GroupId> {
        self.groups.iter().find(|g| g.key == key).map(|g| g.id)
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

    /// Loads a catalog from JSON text. `file` is only used to name the place in errors.
    pub fn from_json(file: &str, text: &str) -> Result<Catalog, CatalogError> {
        let raw = read::catalog(text).map_err(|e| {
            let at = Position::of_offset(text, e.offset);
            CatalogError {
                diagnostics: vec![Diagnostic {
                    file: file.to_owned(),
                    line: at.line,
                    column: at.column,
                    path: None,
                    message: e.message,
                }],
            }
        })?;
        let mut catalog = Validator {
            file,
            text,
            diagnostics: Vec::new(),
        }
        .validate(raw)?;
        catalog.hash = content_hash(text.as_bytes());
        Ok(catalog)
    }
}

/// A 128-bit content hash of `bytes`, as 32 hex digits: two independent 64-bit lanes of
/// multiply-rotate mixing over 8-byte words, then the length, finalised with the MurmurHash3
/// mix. It names a catalog version (quotes and share links carry it) and reads multi-megabyte
/// catalogs in about a millisecond; it is not a signature: `verify` recomputes every price from
/// the catalog itself.
pub fn content_hash(bytes: &[u8]) -> String {
    fn fmix(mut h: u64) -> u64 {
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
    let (mut a, mut b) = (0x9e37_79b9_7f4a_7c15u64, 0x6c62_272e_07bb_0142u64);
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let w = u64::from_le_bytes(w.try_into().expect("chunks of eight"));
        a = (a ^ w).wrapping_mul(0x87c3_7b91_1142_53d5).rotate_left(31);
        b = (b ^ w.rotate_left(29))
            .wrapping_mul(0x4cf5_ad43_2745_937f)
            .rotate_left(27);
    }
    let mut tail = [0u8; 8];
    tail[..words.remainder().len()].copy_from_slice(words.remainder());
    let w = u64::from_le_bytes(tail) ^ (bytes.len() as u64);
    a = fmix(a ^ w);
    b = fmix(b ^ w.rotate_left(32) ^ a);
    format!("{a:016x}{b:016x}")
}

/// One problem in a catalog file, with its place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file name given to the loader.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (characters).
    pub column: usize,
    /// The JSON pointer of the offending value, for semantic errors.
    pub path: Option<String>,
    /// What is wrong and what was expected.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )?;
        if let Some(p) = &self.path {
            write!(f, " (at {p})")?;
        }
        Ok(())
    }
}

/// A catalog that could not be loaded: every problem found, in file order.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct CatalogError {
    /// The problems, at least one.
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "error: {d}")?;
        }
        Ok(())
    }
}

struct Validator<'a> {
    file: &'a str,
    text: &'a str,
    diagnostics: Vec<Diagnostic>,
}

impl Validator<'_> {
    fn error_at_offset(&mut self, offset: usize, path: &JsonPath, message: String) {
        let Position { line, column } = Position::of_offset(self.text, offset);
        self.diagnostics.push(Diagnostic {
            file: self.file.to_owned(),
            line,
            column,
            path: Some(path.to_string()),
            message,
        });
    }

    fn error(&mut self, path: &JsonPath, message: String) {
        let offset = locate::locate(self.text, path);
        self.error_at_offset(offset, path, message);
    }

    fn check_id(&mut self, path: &JsonPath, what: &str, id: &str) {
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        {
            self.error(
                path,
                format!(
                    "{what} id `{id}` must be non-empty and use only letters, digits, `_` and `-`"
                ),
            );
        }
    }

    fn validate(mut self, raw: RawCatalog<'_>) -> Result<Catalog, CatalogError> {
        let root = JsonPath::root();
        let currency = Currency::from_code(&raw.currency).unwrap_or_else(|| {
            self.error(
                &root.key("currency"),
                format!(
                    "unknown currency `{}`; use an ISO 4217 code such as \"USD\" or \"EUR\"",
                    raw.currency
                ),
            );
            Currency::from_code("USD").expect("USD is known")
        });
        let mut groups = Vec::new();
        let mut items = Vec::new();
        let mut group_keys: FxMap<String, GroupId> = FxMap::default();
        let mut item_keys: FxMap<(String, String), ItemId> = FxMap::default();
        let mut skus: FxMap<String, String> = FxMap::default();
        let mut whens: Vec<(usize, String)> = Vec::new();
        let pricing = self.pricing(
            &root,
            &currency,
            raw.price_books,
            raw.partner_tiers,
            raw.terms,
        );
        let mut raw_pricing = Vec::new();
        if raw.groups.is_empty() {
            self.error(
                &root.key("groups"),
                "a catalog needs at least one group".into(),
            );
        }
        for (gi, rg) in raw.groups.into_iter().enumerate() {
            let gpath = root.key("groups").index(gi);
            let gid = GroupId::from_index(gi);
            self.check_id(&gpath.key("id"), "group", &rg.id);
            if group_keys.insert(rg.id.clone(), gid).is_some() {
                self.error(&gpath.key("id"), format!("duplicate group id `{}`", rg.id));
            }
            let n = u32::try_from(rg.items.len()).unwrap_or(u32::MAX);
            if n == 0 {
                self.error(
                    &gpath.key("items"),
                    format!("group `{}` has no items", rg.id),
                );
            }
            let (min, max) = match rg.kind_bounds() {
                Ok(b) => b,
                Err((field, msg)) => {
                    self.error(&gpath.key(field), msg);
                    (0, n)
                }
            };
            if max > n && rg.choice == ChoiceKind::Multiple && rg.max.is_some() {
                self.error(
                    &gpath.key("max"),
                    format!("`max` is {max} but group `{}` has only {n} items", rg.id),
                );
            }
            let mut member_ids = Vec::new();
            for (ii, ri) in rg.items.into_iter().enumerate() {
                let ipath = gpath.key("items").index(ii);
                let iid = ItemId::from_index(items.len());
                self.check_id(&ipath.key("id"), "item", &ri.id);
                if item_keys
                    .insert((rg.id.clone(), ri.id.clone()), iid)
                    .is_some()
                {
                    self.error(
                        &ipath.key("id"),
                        format!("duplicate item id `{}` in group `{}`", ri.id, rg.id),
                    );
                }
                if ri.sku.trim().is_empty() {
                    self.error(
                        &ipath.key("sku"),
                        format!("item `{}` has an empty SKU", ri.id),
                    );
                } else if let Some(other) =
                    skus.insert(ri.sku.clone(), format!("{}.{}", rg.id, ri.id))
                {
                    self.error(
                        &ipath.key("sku"),
                        format!("SKU `{}` is already used by item `{other}`", ri.sku),
                    );
                }
                // Prices are validated once every item is known (bundles name other items).
                raw_pricing.push((ipath.clone(), ri.id.clone(), ri.pricing));
                let end_of_sale = ri.end_of_sale.as_deref().and_then(|d| {
                    let parsed = Date::parse(d);
                    if parsed.is_none() {
                        self.error(
                            &ipath.key("end_of_sale"),
                            format!(
                                "end_of_sale of item `{}`: `{d}` is not a date like \"2026-12-31\"",
                                ri.id
                            ),
                        );
                    }
                    parsed
                });
                let quantity = match ri.quantity {
                    None => 1..=1,
                    Some(q) if 1 <= q.min && q.min <= q.max && q.max <= MAX_QUANTITY => {
                        q.min..=q.max
                    }
                    Some(q) => {
                        self.error(
                            &ipath.key("quantity"),
                            format!(
                                "quantity of item `{}`: min {} and max {} must satisfy \
                                 1 <= min <= max <= {MAX_QUANTITY}",
                                ri.id, q.min, q.max
                            ),
                        );
                        1..=1
                    }
                };
                member_ids.push(iid);
                items.push(Item {
                    id: iid,
                    group: gid,
                    key: ri.id,
                    sku: ri.sku,
                    name: ri.name,
                    description: ri.description,
                    price: Money::ZERO,
                    default: ri.default,
                    end_of_sale,
                    attributes: ri.attributes,
                    quantity,
                    pricing: ItemPricing::default(),
                });
            }
            if let Some(w) = &rg.when {
                whens.push((gi, w.clone()));
            }
            groups.push(Group {
                id: gid,
                key: rg.id,
                name: rg.name,
                description: rg.description,
                kind: rg.choice,
                min,
                max: max.min(n),
                items: member_ids,
                when: None,
            });
        }

        let resolve = |g: &str, i: &str| -> Result<ItemId, String> {
            if let Some(&id) = item_keys.get(&(g.to_owned(), i.to_owned())) {
                return Ok(id);
            }
            if group_keys.contains_key(g) {
                Err(format!("group `{g}` has no item `{i}`"))
            } else {
                Err(format!("unknown group `{g}` in `{g}.{i}`"))
            }
        };
        for (gi, src) in whens {
            let wpath = root.key("groups").index(gi).key("when");
            match expr::parse(&src, &resolve) {
                Ok(e) => {
                    let mut mentioned = Vec::new();
                    e.items(&mut mentioned);
                    if mentioned
                        .iter()
                        .any(|i| items[i.index()].group == GroupId::from_index(gi))
                    {
                        self.error(
                            &wpath,
                            format!(
                                "the condition of group `{}` cannot mention its own items",
                                groups[gi].key
                            ),
                        );
                    }
                    groups[gi].when = Some((e, src));
                }
                Err(e) => {
                    let start = locate::locate(self.text, &wpath);
                    let at = locate::offset_in_string(self.text, start, e.offset);
                    self.error_at_offset(
                        at,
                        &wpath,
                        format!("group `{}`, `when`: {}", groups[gi].key, e.message),
                    );
                }
            }
        }
        for (k, (path, key, raw)) in raw_pricing.into_iter().enumerate() {
            let (p, list) = self.item_pricing(&path, &key, raw, &pricing, &item_keys);
            items[k].pricing = p;
            items[k].price = list;
        }
        let mut rules = Vec::new();
        let mut rule_keys: FxMap<String, usize> = FxMap::default();
        for (ri, rr) in raw.rules.into_iter().enumerate() {
            let rpath = root.key("rules").index(ri);
            self.check_id(&rpath.key("id"), "rule", &rr.id);
            if rule_keys.insert(rr.id.clone(), ri).is_some() {
                self.error(&rpath.key("id"), format!("duplicate rule id `{}`", rr.id));
            }
            if rr.message.trim().is_empty() {
                self.error(
                    &rpath.key("message"),
                    format!(
                        "rule `{}` needs a message: customers see it when the rule bites",
                        rr.id
                    ),
                );
            }
            self.foreign_fields(&rpath, &rr);
            let body = match rr.kind {
                RuleKind::Requires | RuleKind::Excludes => {
                    let mut parse_field = |field: &str, src: &str| -> Expr {
                        expr::parse(src, &resolve).unwrap_or_else(|e| {
                            let fpath = rpath.key(field);
                            let start = locate::locate(self.text, &fpath);
                            let at = locate::offset_in_string(self.text, start, e.offset);
                            self.error_at_offset(
                                at,
                                &fpath,
                                format!("rule `{}`, `{field}`: {}", rr.id, e.message),
                            );
                            Expr::Const(false)
                        })
                    };
                    let condition = match &rr.condition {
                        Some(src) => parse_field("if", src),
                        None => Expr::Const(true),
                    };
                    let consequence = match &rr.then {
                        Some(src) => parse_field("then", src),
                        None => {
                            self.error(
                                &rpath,
                                format!("rule `{}` needs a `then` expression", rr.id),
                            );
                            Expr::Const(true)
                        }
                    };
                    RuleBody::Logic {
                        condition,
                        consequence,
                    }
                }
                RuleKind::Table => {
                    RuleBody::Table(self.table(&rpath, &rr, &groups, &items, &group_keys))
                }
                RuleKind::Resource => {
                    let mut name = |field: &str, v: &Option<String>| -> String {
                        match v {
                            Some(a) if !a.trim().is_empty() => a.clone(),
                            _ => {
                                self.error(&rpath, format!("resource rule `{}` needs `{field}`: the name of an item attribute", rr.id));
                                String::new()
                            }
                        }
                    };
                    let uses = name("uses", &rr.uses);
                    let provides = name("provides", &rr.provides);
                    RuleBody::Resource { uses, provides }
                }
                RuleKind::Count => {
                    let refs = rr.items.clone().unwrap_or_default();
                    if refs.is_empty() {
                        self.error(
                            &rpath.key("items"),
                            format!(
                                "count rule `{}` needs a non-empty `items` list of `group.item`",
                                rr.id
                            ),
                        );
                    }
                    let mut set = Vec::new();
                    for (k, r) in refs.iter().enumerate() {
                        let found = match r.split_once('.') {
                            Some((g, i)) => resolve(g, i),
                            None => Err(format!("`{r}` is not `group.item`")),
                        };
                        match found {
                            Ok(id) if set.contains(&id) => self.error(
                                &rpath.key("items").index(k),
                                format!("`{r}` appears twice"),
                            ),
                            Ok(id) => set.push(id),
                            Err(m) => self.error(&rpath.key("items").index(k), m),
                        }
                    }
                    let n = set.len() as u32;
                    let (min, max) = (rr.min.unwrap_or(0), rr.max.unwrap_or(n));
                    if rr.min.is_none() && rr.max.is_none() {
                        self.error(
                            &rpath,
                            format!("count rule `{}` needs `min`, `max` or both", rr.id),
                        );
                    } else if min > max {
                        self.error(
                            &rpath.key("min"),
                            format!(
                                "count rule `{}`: `min` ({min}) is greater than `max` ({max})",
                                rr.id
                            ),
                        );
                    }
                    RuleBody::Count {
                        items: set,
                        min,
                        max: max.max(min),
                    }
                }
            };
            rules.push(Rule {
                id: RuleId::from_index(ri),
                key: rr.id,
                kind: rr.kind,
                body,
                message: rr.message,
                label: rr.label,
            });
        }
        for (field, value) in [
            ("id", &raw.id),
            ("version", &raw.version),
            ("name", &raw.name),
        ] {
            if value.trim().is_empty() {
                self.error(
                    &root.key(field),
                    format!("catalog `{field}` must not be empty"),
                );
            }
        }
        if !self.diagnostics.is_empty() {
            crate::sort::by_key(&mut self.diagnostics, |d| {
                (d.line.min(u32::MAX as usize) as u64) << 32
                    | d.column.min(u32::MAX as usize) as u64
            });
            return Err(CatalogError {
                diagnostics: self.diagnostics,
            });
        }
        let catalog = Catalog {
            id: raw.id,
            name: raw.name,
            description: raw.description,
            version: raw.version,
            currency,
            hash: String::new(),
            pricing,
            groups,
            items,
            rules,
        };
        catalog.debug_check_invariants();
        Ok(catalog)
    }
}

impl Validator<'_> {
    /// Reports every field a rule has that its kind does not take (one check for all kinds).
    fn foreign_fields(&mut self, rpath: &JsonPath, rr: &RawRule<'_>) {
        let (kind, takes): (&str, &[&str]) = match rr.kind {
            RuleKind::Requires => ("requires", &["if", "then"]),
            RuleKind::Excludes => ("excludes", &["if", "then"]),
            RuleKind::Table => ("table", &["groups", "allowed", "forbidden"]),
            RuleKind::Count => ("count", &["items", "min", "max"]),
            RuleKind::Resource => ("resource", &["uses", "provides", "label"]),
        };
        let present = [
            ("if", rr.condition.is_some()),
            ("then", rr.then.is_some()),
            ("groups", rr.groups.is_some()),
            ("allowed", rr.allowed.is_some()),
            ("forbidden", rr.forbidden.is_some()),
            ("items", rr.items.is_some()),
            ("min", rr.min.is_some()),
            ("max", rr.max.is_some()),
            ("uses", rr.uses.is_some()),
            ("provides", rr.provides.is_some()),
            ("label", rr.label.is_some()),
        ];
        for (field, here) in present {
            if here && !takes.contains(&field) {
                let wanted: Vec<String> = takes.iter().map(|t| format!("`{t}`")).collect();
                self.error(
                    &rpath.key(field),
                    format!(
                        "rule `{}`: a `{kind}` rule does not take `{field}`; it has {}",
                        rr.id,
                        wanted.join(", ")
                    ),
                );
            }
        }
    }

    /// Validates a table rule's scope and combinations.
    // Not inlined: a browser optimises a function only for its later calls, so the per-row
    // loops must not sit inside a function that runs once per catalog.
    #[inline(never)]
    fn table(
        &mut self,
        rpath: &JsonPath,
        rr: &RawRule<'_>,
        groups: &[Group],
        items: &[Item],
        group_keys: &FxMap<String, GroupId>,
    ) -> Table {
        let (field, rows, allowed) = match (&rr.allowed, &rr.forbidden) {
            (Some(a), None) => ("allowed", a, true),
            (None, Some(f)) => ("forbidden", f, false),
            _ => {
                self.error(
                    rpath,
                    format!(
                        "table rule `{}` needs exactly one of `allowed` and `forbidden`",
                        rr.id
                    ),
                );
                ("allowed", &RawRows::default(), true)
            }
        };
        let scope: Vec<String> = rr.groups.clone().unwrap_or_default();
        if scope.is_empty() {
            self.error(
                &rpath.key("groups"),
                format!("table rule `{}` needs a non-empty `groups` list", rr.id),
            );
        }
        let mut ids = Vec::new();
        for (k, g) in scope.iter().enumerate() {
            match group_keys.get(g) {
                Some(&gid) => {
                    if ids.contains(&gid) {
                        self.error(
                            &rpath.key("groups").index(k),
                            format!("group `{g}` appears twice in the table"),
                        );
                    }
                    if allowed && groups[gid.index()].kind != ChoiceKind::Single {
                        self.error(
                            &rpath.key("groups").index(k),
                            format!("an `allowed` table needs single-choice groups; `{g}` is multiple choice (use `forbidden`)"),
                        );
                    }
                    ids.push(gid);
                }
                None => self.error(
                    &rpath.key("groups").index(k),
                    format!("unknown group `{g}`"),
                ),
            }
        }
        let mut cells = Vec::with_capacity(rows.keys.len());
        if ids.len() == scope.len() {
            // Per column, the group's items by key (no allocation per lookup: tables can be big).
            let columns: Vec<crate::fx::FxMap<&str, ItemId>> = ids
                .iter()
                .map(|&g| {
                    groups[g.index()]
                        .items
                        .iter()
                        .map(|&i| (items[i.index()].key.as_str(), i))
                        .collect()
                })
                .collect();
            for (t, row) in rows.iter().enumerate() {
                let tpath = || rpath.key(field).index(t);
                if row.len() != scope.len() {
                    self.error(
                        &tpath(),
                        format!(
                            "combination has {} entries but the table has {} groups",
                            row.len(),
                            scope.len()
                        ),
                    );
                    continue;
                }
                let start = cells.len();
                for (k, key) in row.iter().enumerate() {
                    match columns[k].get(key.0.as_ref()) {
                        Some(&i) => cells.push(i),
                        None => self.error(
                            &tpath().index(k),
                            format!("group `{}` has no item `{}`", scope[k], key.0),
                        ),
                    }
                }
                if cells.len() - start != row.len() {
                    cells.truncate(start);
                }
            }
        }
        Table {
            tuples: Rows::new(ids.len(), cells),
            groups: ids,
            allowed,
        }
    }
}

impl RawGroup {
    /// The group's cardinality bounds, or the field at fault and why.
    fn kind_bounds(&self) -> Result<(u32, u32), (&'static str, String)> {
        let n = u32::try_from(self.items.len()).unwrap_or(u32::MAX);
        match self.choice {
            ChoiceKind::Single => {
                if self.min.is_some() || self.max.is_some() {
                    return Err((
                        if self.min.is_some() { "min" } else { "max" },
                        format!(
                            "group `{}` is single choice: use `required` instead of `min`/`max`",
                            self.id
                        ),
                    ));
                }
                Ok((u32::from(self.required), 1))
            }
            ChoiceKind::Multiple => {
                let min = self.min.unwrap_or(u32::from(self.required));
                let max = self.max.unwrap_or(n);
                if self.required && min == 0 {
                    return Err((
                        "min",
                        format!(
                            "group `{}` is required, so `min` must be at least 1",
                            self.id
                        ),
                    ));
                }
                if min > max {
                    return Err((
                        "min",
                        format!(
                            "group `{}`: `min` ({min}) is greater than `max` ({max})",
                            self.id
                        ),
                    ));
                }
                Ok((min, max))
            }
        }
    }
}

impl Catalog {
    /// Checks the structural invariants that the engine relies on (debug builds only).
    fn debug_check_invariants(&self) {
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

#[cfg(test)]
mod tests;
