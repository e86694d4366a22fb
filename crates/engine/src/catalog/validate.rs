//! Checks a raw catalog (`raw.rs`) and builds the validated one (`model.rs`), one function per
//! section of the file: currency, pricing (`pricing.rs`), groups and their items, group
//! conditions, rules (each kind's checks are in `crate::constraint`), the header. Every
//! problem is reported with its place; nothing is built from a catalog that has one.

use super::diagnostic::{CatalogError, Diagnostic, Reporter};
use super::expr;
use super::hash::{content_hash, legacy_hash};
use super::locate::{JsonPath, Position};
use super::model::{Catalog, ChoiceKind, Date, Group, Item, Rule, MAX_LEAD_DAYS, MAX_QUANTITY};
use super::pricing::{ItemPricing, RawItemPricing, MAX_VALIDITY_DAYS};
use super::raw::{RawCatalog, RawGroup, RawItem, RawQuantity, RawRule};
use super::read;
use crate::constraint::{group_bounds, validate_rule, Scope};
use crate::fx::FxMap;
use crate::ids::{GroupId, ItemId, RuleId};
use crate::money::{Currency, Money};

impl Catalog {
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
        let mut rep = Reporter::new(file, text);
        let mut catalog = validate(&mut rep, raw);
        rep.finish()?;
        catalog.debug_check_invariants();
        catalog.hash = content_hash(text.as_bytes());
        catalog.legacy_hash = legacy_hash(text.as_bytes());
        Ok(catalog)
    }
}

/// The catalog `raw` describes; meaningful only when `rep` has no problem afterwards.
fn validate(rep: &mut Reporter<'_>, raw: RawCatalog<'_>) -> Catalog {
    let root = JsonPath::root();
    let currency = currency(rep, &root, &raw.currency);
    let mut pricing = rep.pricing(
        &root,
        &currency,
        raw.price_books,
        raw.partner_tiers,
        raw.terms,
        raw.deal_limits,
    );
    pricing.validity_days = raw.quote_validity_days;
    if let Some(days) = raw.quote_validity_days {
        if !(1..=MAX_VALIDITY_DAYS).contains(&days) {
            rep.error(
                &root.key("quote_validity_days"),
                format!(
                    "a quote's validity must be from 1 to {MAX_VALIDITY_DAYS} days, not {days}"
                ),
            );
        }
    }
    let mut built = groups(rep, &root, raw.groups);
    conditions(rep, &root, &mut built);
    replacements(rep, &mut built);
    let mut include_paths = Vec::new();
    for (k, (path, key, raw)) in built.raw_pricing.drain(..).enumerate() {
        let own = ItemId::from_index(k);
        let group = &built.groups[built.items[k].group.index()];
        if group.question.is_some() {
            // An answer: no price (checked with its group).
            built.items[k].pricing.prices = vec![None; pricing.books.len()];
            include_paths.push(path.key("includes"));
            continue;
        }
        let (p, list) = rep.item_pricing(&path, &key, own, raw, &pricing, &built.item_keys);
        built.items[k].pricing = p;
        built.items[k].price = list;
        include_paths.push(path.key("includes"));
    }
    bundle_cycles(rep, &built.items, &include_paths);
    let scope = Scope {
        groups: &built.groups,
        items: &built.items,
        group_keys: &built.group_keys,
        item_keys: &built.item_keys,
    };
    let rules = rules(rep, &root, raw.rules, &scope);
    for (field, value) in [
        ("id", &raw.id),
        ("version", &raw.version),
        ("name", &raw.name),
    ] {
        if value.trim().is_empty() {
            rep.error(
                &root.key(field),
                format!("catalog `{field}` must not be empty"),
            );
        }
    }
    Catalog {
        id: raw.id,
        name: raw.name,
        description: raw.description,
        version: raw.version,
        currency,
        hash: String::new(),
        legacy_hash: String::new(),
        pricing,
        embed_origins: raw.embed_origins,
        unspsc: raw.unspsc,
        unit: raw.unit,
        groups: built.groups,
        items: built.items,
        rules,
    }
}

/// Bundles may not go round: an item that includes, directly or through others, an item that
/// includes it would make all of them free. Reported at the `includes` of each item on a cycle.
fn bundle_cycles(rep: &mut Reporter<'_>, items: &[Item], paths: &[JsonPath]) {
    // Depth-first search; 0 unvisited, 1 on the stack, 2 done.
    let mut state = vec![0u8; items.len()];
    for start in 0..items.len() {
        if state[start] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        state[start] = 1;
        while let Some(&mut (u, ref mut next)) = stack.last_mut() {
            let includes = &items[u].pricing.includes;
            if *next == includes.len() {
                state[u] = 2;
                stack.pop();
                continue;
            }
            let v = includes[*next].index();
            *next += 1;
            match state[v] {
                0 => {
                    state[v] = 1;
                    stack.push((v, 0));
                }
                1 => {
                    let at = stack.iter().position(|&(w, _)| w == v).unwrap_or(0);
                    let names: Vec<&str> = stack[at..]
                        .iter()
                        .map(|&(w, _)| items[w].key.as_str())
                        .collect();
                    rep.error(
                        &paths[u],
                        format!(
                            "bundles go round ({} includes `{}` again): each would make the others free",
                            names.join(" includes "),
                            items[v].key
                        ),
                    );
                }
                _ => {}
            }
        }
    }
}

/// The catalog currency (an ISO 4217 code).
fn currency(rep: &mut Reporter<'_>, root: &JsonPath, code: &str) -> Currency {
    Currency::from_code(code).unwrap_or_else(|| {
        rep.error(
            &root.key("currency"),
            format!("unknown currency `{code}`; use an ISO 4217 code such as \"USD\" or \"EUR\""),
        );
        Currency::from_code("USD").expect("USD is known")
    })
}

/// Groups and items as validated so far, with what later sections need.
#[derive(Default)]
struct Built {
    groups: Vec<Group>,
    items: Vec<Item>,
    group_keys: FxMap<String, GroupId>,
    item_keys: FxMap<(String, String), ItemId>,
    /// SKU to the `group.item` that has it.
    skus: FxMap<String, String>,
    /// Each group's condition as written, checked once every item is known.
    whens: Vec<(usize, String)>,
    /// Each `replaced_by` as written (item index, its path), resolved once every item is known.
    replacements: Vec<(usize, JsonPath, String)>,
    /// Each item's prices as written, checked once every item is known (bundles name others).
    raw_pricing: Vec<(JsonPath, String, RawItemPricing)>,
}

/// The largest magnitude of an item attribute: sums of attribute × quantity (at most 999)
/// over any catalog stay exact in 64 bits.
pub const MAX_ATTRIBUTE: u64 = 1_000_000_000;

/// Checks the groups and their items: ids, bounds, SKUs, dates, quantities.
fn groups(rep: &mut Reporter<'_>, root: &JsonPath, raw: Vec<RawGroup>) -> Built {
    let mut built = Built::default();
    if raw.is_empty() {
        rep.error(
            &root.key("groups"),
            "a catalog needs at least one group".into(),
        );
    }
    for (gi, mut rg) in raw.into_iter().enumerate() {
        let gpath = root.key("groups").index(gi);
        let gid = GroupId::from_index(gi);
        rep.check_id(&gpath.key("id"), "group", &rg.id);
        if built.group_keys.insert(rg.id.clone(), gid).is_some() {
            rep.error(&gpath.key("id"), format!("duplicate group id `{}`", rg.id));
        }
        let n = u32::try_from(rg.items.len()).unwrap_or(u32::MAX);
        if n == 0 {
            rep.error(
                &gpath.key("items"),
                format!("group `{}` has no items", rg.id),
            );
        }
        let (min, max) = match group_bounds(&rg) {
            Ok(b) => b,
            Err((field, msg)) => {
                rep.error(&gpath.key(field), msg);
                (0, n)
            }
        };
        if max > n && rg.choice == ChoiceKind::Multiple && rg.max.is_some() {
            rep.error(
                &gpath.key("max"),
                format!("`max` is {max} but group `{}` has only {n} items", rg.id),
            );
        }
        let mut member_ids = Vec::new();
        let answers = rg.question.is_some();
        for (ii, ri) in std::mem::take(&mut rg.items).into_iter().enumerate() {
            let ipath = gpath.key("items").index(ii);
            member_ids.push(item(rep, &ipath, gid, &rg.id, ri, &mut built, answers));
        }
        let defaults = member_ids
            .iter()
            .filter(|i| built.items[i.index()].default)
            .count();
        if rg.choice == ChoiceKind::Single && defaults > 1 {
            rep.error(
                &gpath.key("items"),
                format!(
                    "group `{}` is single choice but {defaults} of its items are defaults",
                    rg.id
                ),
            );
        }
        if let Some(w) = &rg.when {
            built.whens.push((gi, w.clone()));
        }
        built.groups.push(Group {
            id: gid,
            key: rg.id,
            name: rg.name,
            description: rg.description,
            kind: rg.choice,
            min,
            max: max.min(n),
            items: member_ids,
            when: None,
            question: rg.question,
        });
    }
    built
}

/// Checks one item of group `gid` (key `group`) and adds it; prices come later.
fn item(
    rep: &mut Reporter<'_>,
    ipath: &JsonPath,
    gid: GroupId,
    group: &str,
    ri: RawItem,
    built: &mut Built,
    answer: bool,
) -> ItemId {
    let iid = ItemId::from_index(built.items.len());
    rep.check_id(&ipath.key("id"), "item", &ri.id);
    if built
        .item_keys
        .insert((group.to_owned(), ri.id.clone()), iid)
        .is_some()
    {
        rep.error(
            &ipath.key("id"),
            format!("duplicate item id `{}` in group `{group}`", ri.id),
        );
    }
    if answer {
        if !ri.sku.is_empty() || ri.quantity.is_some() || ri.pricing.priced() {
            rep.error(
                ipath,
                format!(
                    "item `{}` answers the question of group `{group}`: answers are not \
                     ordered, so they have no SKU, price or quantity",
                    ri.id
                ),
            );
        }
    } else if ri.sku.trim().is_empty() {
        rep.error(&ipath.key("sku"), format!("item `{}` has no SKU", ri.id));
    } else if let Some(other) = built
        .skus
        .insert(ri.sku.clone(), format!("{group}.{}", ri.id))
    {
        rep.error(
            &ipath.key("sku"),
            format!("SKU `{}` is already used by item `{other}`", ri.sku),
        );
    }
    built
        .raw_pricing
        .push((ipath.clone(), ri.id.clone(), ri.pricing));
    if let Some(r) = ri.replaced_by {
        built
            .replacements
            .push((iid.index(), ipath.key("replaced_by"), r));
    }
    let end_of_sale = ri.end_of_sale.as_deref().and_then(|d| {
        let parsed = Date::parse(d);
        if parsed.is_none() {
            rep.error(
                &ipath.key("end_of_sale"),
                format!(
                    "end_of_sale of item `{}`: `{d}` is not a date like \"2026-12-31\"",
                    ri.id
                ),
            );
        }
        parsed
    });
    let lead_days = lead_days(rep, ipath, &ri.id, ri.lead_days, answer);
    for (name, &value) in &ri.attributes {
        if value.unsigned_abs() > MAX_ATTRIBUTE {
            rep.error(
                &ipath.key("attributes").key(name),
                format!(
                    "attribute `{name}` of item `{}` is {value}: attributes are between -{MAX_ATTRIBUTE} and {MAX_ATTRIBUTE}",
                    ri.id
                ),
            );
        }
    }
    let (quantity, allowed_quantities) = quantity(rep, ipath, &ri.id, ri.quantity);
    let image = ri.image.filter(|src| {
        let ok = image_ok(src);
        if !ok {
            rep.error(
                &ipath.key("image"),
                format!(
                    "image of item `{}`: a picture beside the catalog (images/x.svg) or a \
                     data:image/…;base64 URL",
                    ri.id
                ),
            );
        }
        ok
    });
    built.items.push(Item {
        id: iid,
        group: gid,
        key: ri.id,
        sku: ri.sku,
        name: ri.name,
        description: ri.description,
        price: Money::ZERO,
        default: ri.default,
        end_of_sale,
        replaced_by: None,
        image,
        lead_days,
        unspsc: ri.unspsc,
        attributes: ri.attributes,
        quantity,
        allowed_quantities,
        pricing: ItemPricing::default(),
    });
    iid
}

/// An item's lead time, checked: at most [`MAX_LEAD_DAYS`], and none on an answer (answers are
/// not ordered).
fn lead_days(
    rep: &mut Reporter<'_>,
    ipath: &JsonPath,
    id: &str,
    days: Option<u32>,
    answer: bool,
) -> u32 {
    let Some(days) = days else { return 0 };
    let at = ipath.key("lead_days");
    if answer {
        rep.error(
            &at,
            format!("lead_days of item `{id}`: an answer is not ordered, so it has no lead time"),
        );
        0
    } else if days > MAX_LEAD_DAYS {
        rep.error(
            &at,
            format!("lead_days of item `{id}` is {days}: lead times are 0 to {MAX_LEAD_DAYS} days"),
        );
        0
    } else {
        days
    }
}

/// An item's quantity range and the quantities it is sold in, checked.
fn quantity(
    rep: &mut Reporter<'_>,
    ipath: &JsonPath,
    id: &str,
    raw: Option<RawQuantity>,
) -> (std::ops::RangeInclusive<u32>, Option<Vec<u32>>) {
    let mut allowed_quantities = None;
    let quantity = match raw {
        None => 1..=1,
        Some(q) if 1 <= q.min && q.min <= q.max && q.max <= MAX_QUANTITY => match q.allowed {
            None => q.min..=q.max,
            Some(a) => match allowed(&a, q.min..=q.max) {
                Some(range) => {
                    allowed_quantities = Some(a);
                    range
                }
                None => {
                    rep.error(
                        &ipath.key("quantity").key("allowed"),
                        format!(
                            "allowed quantities of item `{}`: {a:?} must list each quantity \
                             once, increasing, between min {} and max {}",
                            id, q.min, q.max
                        ),
                    );
                    q.min..=q.max
                }
            },
        },
        Some(q) => {
            rep.error(
                &ipath.key("quantity"),
                format!(
                    "quantity of item `{}`: min {} and max {} must satisfy \
                     1 <= min <= max <= {MAX_QUANTITY}",
                    id, q.min, q.max
                ),
            );
            1..=1
        }
    };
    (quantity, allowed_quantities)
}

/// Whether an item's image is a relative path to a picture (no scheme, no `..`, not absolute)
/// or a base64 `data:` URL of a picture.
fn image_ok(src: &str) -> bool {
    if let Some(data) = src.strip_prefix("data:image/") {
        return [
            "png;base64,",
            "jpeg;base64,",
            "webp;base64,",
            "svg+xml;base64,",
        ]
        .iter()
        .any(|kind| {
            data.strip_prefix(kind).is_some_and(|b| {
                b.bytes()
                    .all(|c| c.is_ascii_alphanumeric() || b"+/=".contains(&c))
            })
        });
    }
    let picture = [".svg", ".png", ".jpg", ".jpeg", ".webp"]
        .iter()
        .any(|e| src.ends_with(e));
    picture
        && !src.starts_with('/')
        && !src.split('/').any(|part| part.is_empty() || part == "..")
        && src
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || b"-_./".contains(&c))
}

/// Resolves each `replaced_by` (`group.item`): another item, of an item with an end of sale.
fn replacements(rep: &mut Reporter<'_>, built: &mut Built) {
    for (k, path, key) in std::mem::take(&mut built.replacements) {
        let found = key
            .split_once('.')
            .and_then(|(g, i)| built.item_keys.get(&(g.to_owned(), i.to_owned())))
            .copied();
        let it = &built.items[k];
        let problem = match found {
            None => Some(format!("`{key}` is not an item (write `group.item`)")),
            Some(r) if r.index() == k => Some("an item cannot replace itself".to_owned()),
            Some(_) if it.end_of_sale.is_none() => {
                Some("only an item with an `end_of_sale` is replaced".to_owned())
            }
            Some(_) => None,
        };
        match problem {
            Some(p) => rep.error(&path, format!("replaced_by of item `{}`: {p}", it.key)),
            None => built.items[k].replaced_by = found,
        }
    }
}

/// The range of allowed quantities `a`: from the first to the last, when they are listed
/// once each, increasing, within `range`.
fn allowed(
    a: &[u32],
    range: std::ops::RangeInclusive<u32>,
) -> Option<std::ops::RangeInclusive<u32>> {
    let ok = a.windows(2).all(|w| w[0] < w[1]) && a.iter().all(|q| range.contains(q));
    Some(*a.first().filter(|_| ok)?..=*a.last()?)
}

/// Parses each group's condition (`when`): it names items of other groups only.
fn conditions(rep: &mut Reporter<'_>, root: &JsonPath, built: &mut Built) {
    for (gi, src) in std::mem::take(&mut built.whens) {
        let wpath = root.key("groups").index(gi).key("when");
        let scope = Scope {
            groups: &built.groups,
            items: &built.items,
            group_keys: &built.group_keys,
            item_keys: &built.item_keys,
        };
        match expr::parse(&src, &|g: &str, i: &str| scope.resolve(g, i)) {
            Ok(e) => {
                let mut mentioned = Vec::new();
                e.items(&mut mentioned);
                if mentioned
                    .iter()
                    .any(|i| built.items[i.index()].group == GroupId::from_index(gi))
                {
                    rep.error(
                        &wpath,
                        format!(
                            "the condition of group `{}` cannot mention its own items",
                            built.groups[gi].key
                        ),
                    );
                }
                built.groups[gi].when = Some((e, src));
            }
            Err(e) => rep.error_in_string(
                &wpath,
                e.offset,
                format!("group `{}`, `when`: {}", built.groups[gi].key, e.message),
            ),
        }
    }
}

/// Checks every rule: id, message, the fields its kind takes, and what it says.
fn rules(
    rep: &mut Reporter<'_>,
    root: &JsonPath,
    raw: Vec<RawRule<'_>>,
    scope: &Scope<'_>,
) -> Vec<Rule> {
    let mut rules = Vec::new();
    let mut rule_keys: FxMap<String, usize> = FxMap::default();
    for (ri, rr) in raw.into_iter().enumerate() {
        let rpath = root.key("rules").index(ri);
        rep.check_id(&rpath.key("id"), "rule", &rr.id);
        if rule_keys.insert(rr.id.clone(), ri).is_some() {
            rep.error(&rpath.key("id"), format!("duplicate rule id `{}`", rr.id));
        }
        if rr.message.trim().is_empty() {
            rep.error(
                &rpath.key("message"),
                format!(
                    "rule `{}` needs a message: customers see it when the rule bites",
                    rr.id
                ),
            );
        }
        let body = validate_rule(rep, &rpath, &rr, scope);
        rules.push(Rule {
            id: RuleId::from_index(ri),
            label: rr.text("label").cloned(),
            key: rr.id,
            kind: rr.kind,
            body,
            message: rr.message,
        });
    }
    rules
}
