//! A catalog as written: what the reader (`read.rs`) produces and the validator
//! (`validate.rs`) checks. Nothing here is validated yet.

use super::model::{ChoiceKind, RuleKind};
use super::pricing::{RawItemPricing, RawPriceBook, RawTier};

/// A catalog as written (read by `read`, checked by the validator).
pub(crate) struct RawCatalog<'a> {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) description: String,
    pub(crate) version: String,
    pub(crate) currency: String,
    pub(crate) price_books: Vec<RawPriceBook>,
    pub(crate) partner_tiers: Vec<RawTier>,
    pub(crate) terms: Vec<u32>,
    /// `deal_limits`: role → percentage, as written.
    pub(crate) deal_limits: std::collections::BTreeMap<String, String>,
    /// `quote_validity_days`: how long a new quote is valid, as written.
    pub(crate) quote_validity_days: Option<u32>,
    pub(crate) groups: Vec<RawGroup>,
    pub(crate) rules: Vec<RawRule<'a>>,
    /// `embed.origins`: the pages (origins) that may embed the configurator in a frame.
    pub(crate) embed_origins: Vec<String>,
    /// `procurement.unspsc`: the product line's UNSPSC code (checked when read).
    pub(crate) unspsc: Option<String>,
    /// `procurement.unit`: its unit of measure (checked when read).
    pub(crate) unit: Option<String>,
}

pub(crate) struct RawGroup {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) description: String,
    pub(crate) choice: ChoiceKind,
    pub(crate) required: bool,
    pub(crate) min: Option<u32>,
    pub(crate) max: Option<u32>,
    pub(crate) when: Option<String>,
    pub(crate) question: Option<String>,
    pub(crate) items: Vec<RawItem>,
}

pub(crate) struct RawItem {
    pub(crate) id: String,
    pub(crate) sku: String,
    pub(crate) name: String,
    pub(crate) description: String,
    pub(crate) pricing: RawItemPricing,
    pub(crate) default: bool,
    pub(crate) end_of_sale: Option<String>,
    pub(crate) replaced_by: Option<String>,
    pub(crate) image: Option<String>,
    pub(crate) lead_days: Option<u32>,
    /// The item's own UNSPSC code (checked when read).
    pub(crate) unspsc: Option<String>,
    pub(crate) attributes: std::collections::BTreeMap<String, i64>,
    pub(crate) quantity: Option<RawQuantity>,
}

pub(crate) struct RawQuantity {
    pub(crate) min: u32,
    pub(crate) max: u32,
    pub(crate) allowed: Option<Vec<u32>>,
}

/// A rule as written: what every rule has, and the fields of its kind by name (each kind
/// names its fields and their forms in its file of `constraint/`).
pub(crate) struct RawRule<'a> {
    pub(crate) id: String,
    pub(crate) kind: RuleKind,
    pub(crate) message: String,
    /// The other fields, in the order written.
    pub(crate) fields: Vec<(&'static str, RawValue<'a>)>,
}

/// The form of a rule field's value (the reader reads each field in the form its name has).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Form {
    /// A string.
    Text,
    /// A list of strings.
    Texts,
    /// A list of combinations (lists of item keys).
    Rows,
    /// A non-negative integer.
    Number,
}

/// A rule field's value as written.
pub(crate) enum RawValue<'a> {
    Text(String),
    Texts(Vec<String>),
    Rows(RawRows<'a>),
    Number(u32),
}

impl<'a> RawRule<'a> {
    fn field(&self, name: &str) -> Option<&RawValue<'a>> {
        self.fields.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// Whether the rule has the field.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.field(name).is_some()
    }

    /// The string field `name`, if written.
    pub(crate) fn text(&self, name: &str) -> Option<&String> {
        match self.field(name) {
            Some(RawValue::Text(t)) => Some(t),
            _ => None,
        }
    }

    /// The list of strings `name`, if written.
    pub(crate) fn texts(&self, name: &str) -> Option<&[String]> {
        match self.field(name) {
            Some(RawValue::Texts(t)) => Some(t),
            _ => None,
        }
    }

    /// The combinations `name`, if written.
    pub(crate) fn rows(&self, name: &str) -> Option<&RawRows<'a>> {
        match self.field(name) {
            Some(RawValue::Rows(r)) => Some(r),
            _ => None,
        }
    }

    /// The integer `name`, if written.
    pub(crate) fn number(&self, name: &str) -> Option<u32> {
        match self.field(name) {
            Some(RawValue::Number(n)) => Some(*n),
            _ => None,
        }
    }
}

/// An item key in a table row, borrowed from the text when it has no escapes (tables can
/// have hundreds of thousands of entries).
pub(crate) struct Key<'a>(pub(crate) std::borrow::Cow<'a, str>);

/// A table's rows as written (a list of lists of item keys), kept as one array of keys and
/// each row's length: no allocation per row.
#[derive(Default)]
pub(crate) struct RawRows<'a> {
    pub(crate) keys: Vec<Key<'a>>,
    pub(crate) lens: Vec<u32>,
}

impl<'a> RawRows<'a> {
    /// The rows in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &[Key<'a>]> {
        self.lens.iter().scan(0usize, |at, &n| {
            let row = &self.keys[*at..*at + n as usize];
            *at += n as usize;
            Some(row)
        })
    }
}
