//! Configurations side by side: the rows a comparison shows (status, answers to guided
//! questions, bill-of-materials lines, the resources in play, prices), one cell per
//! configuration, and whether the cells differ. The configurations may come from different
//! catalogs: lines meet by SKU, answers by question, resources by label. Data only: the caller
//! renders it.

use crate::answer::{Evaluation, ResourceUse, Status};
use crate::catalog::Catalog;
use crate::choice::AsChoice;
use crate::engine::Engine;
use crate::ids::ItemId;
use crate::money::{Currency, Money};
use crate::pricing::{price, Priced, PricingContext, PricingError};

/// One configuration evaluated and priced, owned: what a [`Side`] borrows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evaluated {
    /// The engine's evaluation.
    pub evaluation: Evaluation,
    /// The resources with what the configuration uses and provides.
    pub resources: Vec<ResourceUse>,
    /// Its prices under the context, or why it cannot be priced.
    pub priced: Result<Priced, PricingError>,
}

impl Evaluated {
    /// Evaluates `choices` with `engine` and prices them under `context`.
    pub fn new<C: AsChoice>(engine: &Engine, choices: &[C], context: &PricingContext) -> Self {
        let evaluation = engine.evaluate(choices);
        let resources = engine.resources(&evaluation);
        let priced = price(engine.catalog(), &evaluation, context);
        Evaluated {
            evaluation,
            resources,
            priced,
        }
    }

    /// The side this is of a comparison (`catalog`: the engine's).
    pub fn side<'a>(&'a self, catalog: &'a Catalog) -> Side<'a> {
        Side {
            catalog,
            evaluation: &self.evaluation,
            resources: &self.resources,
            priced: self.priced.as_ref().ok(),
        }
    }
}

/// One configuration to compare: what the engine and pricing said about it.
#[derive(Clone, Copy, Debug)]
pub struct Side<'a> {
    /// Its catalog.
    pub catalog: &'a Catalog,
    /// Its evaluation.
    pub evaluation: &'a Evaluation,
    /// The resources of its catalog with what it uses and provides ([`crate::Engine::resources`]).
    pub resources: &'a [ResourceUse],
    /// Its prices, or `None` when it could not be priced (the status says why elsewhere).
    pub priced: Option<&'a Priced>,
}

/// Where a configuration stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Valid and complete.
    Complete,
    /// Valid; this many groups still need a choice.
    Incomplete(usize),
    /// The choices contradict each other.
    Conflict,
}

/// What a row holds in one configuration's column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    /// Nothing: the line, answer, resource or price is not in this configuration.
    Empty,
    /// The configuration's status.
    Status(Verdict),
    /// An answer to a guided question (its name).
    Answer(String),
    /// A line's quantity.
    Quantity(u32),
    /// A resource: what the configuration uses of what it provides.
    Meter {
        /// Σ uses.
        used: i64,
        /// Σ provides.
        provided: i64,
    },
    /// An amount in a currency.
    Money(Money, Currency),
}

/// What a row is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowKind {
    /// Valid and complete, or not.
    Status,
    /// The answer to a guided question (the label is the group's name).
    Answer,
    /// A bill-of-materials line (the label is the item's name).
    Line {
        /// The SKU the columns meet on.
        sku: String,
    },
    /// A resource in play (the label is the rule's label, or its key).
    Resource,
    /// The one-time net total.
    OneTime,
    /// The monthly net total.
    Monthly,
    /// The yearly net total.
    Yearly,
}

/// One row of the comparison.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// What it is about.
    pub kind: RowKind,
    /// Its label (from the first configuration that has it).
    pub label: String,
    /// One cell per configuration, in the order given.
    pub cells: Vec<Cell>,
    /// Whether the cells are not all the same.
    pub differs: bool,
}

/// The verdict of an evaluation.
pub fn verdict(evaluation: &Evaluation) -> Verdict {
    match &evaluation.status {
        Status::Complete => Verdict::Complete,
        Status::Incomplete { missing } => Verdict::Incomplete(missing.len()),
        Status::Conflict(_) => Verdict::Conflict,
    }
}

/// The models of a product line: the items of its first group that is not a question (the
/// chassis, the server, the range), which every comparison of a line's models starts from.
pub fn models(catalog: &Catalog) -> Vec<ItemId> {
    catalog
        .groups()
        .iter()
        .find(|g| g.question.is_none())
        .map(|g| g.items.clone())
        .unwrap_or_default()
}

/// Where a row goes: its catalog (by first appearance among the sides), then its place in
/// that catalog (group, then item; or rule).
type Place = (usize, usize, usize);

/// Rows keyed by a string, each with one cell per side and its place.
struct Keyed {
    rows: Vec<(String, Place, Row)>,
    sides: usize,
}

impl Keyed {
    fn new(sides: usize) -> Keyed {
        Keyed {
            rows: Vec::new(),
            sides,
        }
    }

    /// Puts `cell` in column `side` of the row keyed `key` (made with `kind`, `label` and
    /// `place` if new).
    fn put(
        &mut self,
        key: &str,
        (kind, label, place): (RowKind, &str, Place),
        side: usize,
        cell: Cell,
    ) {
        let at = match self.rows.iter().position(|(k, ..)| k == key) {
            Some(at) => at,
            None => {
                self.rows.push((
                    key.to_owned(),
                    place,
                    Row {
                        kind,
                        label: label.to_owned(),
                        cells: vec![Cell::Empty; self.sides],
                        differs: false,
                    },
                ));
                self.rows.len() - 1
            }
        };
        self.rows[at].2.cells[side] = cell;
    }

    /// The rows by place (rows of the same place, from different catalogs that share a key,
    /// in order of first appearance).
    fn into_rows(mut self) -> impl Iterator<Item = Row> {
        crate::sort::by_key(&mut self.rows, |(_, (c, g, i), _)| {
            ((*c as u64) << 42) | ((*g as u64) << 21) | (*i as u64)
        });
        self.rows.into_iter().map(|(.., r)| r)
    }
}

/// The items in a configuration, in bill-of-materials order (the priced lines; the items in
/// the configuration in catalog order when it could not be priced), without answers.
fn line_items(side: &Side<'_>) -> Vec<(ItemId, u32)> {
    match side.priced {
        Some(p) => p.lines.iter().map(|l| (l.item, l.quantity)).collect(),
        None => side
            .catalog
            .items()
            .iter()
            .filter(|it| side.evaluation.item(it.id).is_in() && !side.catalog.is_answer(it.id))
            .map(|it| (it.id, side.evaluation.quantity(it.id)))
            .collect(),
    }
}

/// The comparison of `sides`: a status row, the answers, the lines, the resources in play
/// (each kind in catalog order: the first configuration's catalog first, groups and items as
/// the catalog lists them) and the totals (the monthly and yearly ones only when some side
/// has them). Every row has one cell per side; `differs` is set when its cells are not all
/// equal.
pub fn compare(sides: &[Side<'_>]) -> Vec<Row> {
    let n = sides.len();
    let mut rows = vec![Row {
        kind: RowKind::Status,
        label: String::new(),
        cells: sides
            .iter()
            .map(|s| Cell::Status(verdict(s.evaluation)))
            .collect(),
        differs: false,
    }];
    let (mut answers, mut lines, mut resources) = (Keyed::new(n), Keyed::new(n), Keyed::new(n));
    let mut catalogs: Vec<&str> = Vec::new();
    for (k, side) in sides.iter().enumerate() {
        let c = side.catalog;
        let nth = catalogs
            .iter()
            .position(|id| *id == c.id)
            .unwrap_or_else(|| {
                catalogs.push(&c.id);
                catalogs.len() - 1
            });
        for g in c.groups().iter().filter(|g| g.question.is_some()) {
            if let Some(&a) = g.items.iter().find(|&&i| side.evaluation.item(i).is_in()) {
                let cell = Cell::Answer(c.item(a).name.clone());
                let row = (RowKind::Answer, g.name.as_str(), (nth, g.id.index(), 0));
                answers.put(&g.name, row, k, cell);
            }
        }
        for (item, quantity) in line_items(side) {
            let it = c.item(item);
            let at = c.group(it.group).items.iter().position(|&i| i == item);
            let kind = RowKind::Line {
                sku: it.sku.clone(),
            };
            let row = (
                kind,
                it.name.as_str(),
                (nth, it.group.index(), at.unwrap_or(0)),
            );
            lines.put(&it.sku, row, k, Cell::Quantity(quantity));
        }
        for r in side
            .resources
            .iter()
            .filter(|r| r.used > 0 || r.provided > 0)
        {
            let rule = c.rule(r.rule);
            let label = rule.label.as_deref().unwrap_or(&rule.key);
            let cell = Cell::Meter {
                used: r.used,
                provided: r.provided,
            };
            let row = (RowKind::Resource, label, (nth, r.rule.index(), 0));
            resources.put(label, row, k, cell);
        }
    }
    rows.extend(answers.into_rows());
    rows.extend(lines.into_rows());
    rows.extend(resources.into_rows());
    type Total = fn(&crate::pricing::Totals) -> Money;
    let totals: [(RowKind, Total, bool); 3] = [
        (RowKind::OneTime, |t| t.one_time, true),
        (RowKind::Monthly, |t| t.monthly, false),
        (RowKind::Yearly, |t| t.yearly, false),
    ];
    for (kind, total, always) in totals {
        let cells: Vec<Cell> = sides
            .iter()
            .map(|s| match s.priced {
                Some(p) => Cell::Money(total(&p.totals), p.currency.clone()),
                None => Cell::Empty,
            })
            .collect();
        let some = cells
            .iter()
            .any(|c| matches!(c, Cell::Money(m, _) if !m.amount().is_zero()));
        if always || some {
            rows.push(Row {
                kind,
                label: String::new(),
                cells,
                differs: false,
            });
        }
    }
    for row in &mut rows {
        row.differs = row.cells.windows(2).any(|w| w[0] != w[1]);
    }
    rows
}
