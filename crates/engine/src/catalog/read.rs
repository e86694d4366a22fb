//! Reads a catalog file into its raw (as written) form with [`crate::json::Reader`]: the
//! fields each object may have, which are required, and their types. What the values mean is
//! checked afterwards by the validator, which names the place of each problem by its path.

use std::borrow::Cow;
use std::sync::OnceLock;

use super::model::ChoiceKind;
use super::pricing::{Period, RawItemPricing, RawPercentOf, RawPriceBook, RawTier, RawVolume};
use super::raw::{
    Form, Key, RawCatalog, RawGroup, RawItem, RawQuantity, RawRows, RawRule, RawValue,
};
use crate::constraint::{kind_at, kind_names, rule_fields};
use crate::json::{Reader, Result};

/// `embed`: `{"origins": ["https://partner.example", ...]}`, each an origin (scheme, host and
/// port; no path), checked here so that the error points at it.
fn embed(r: &mut Reader<'_>) -> Result<Vec<String>> {
    let mut origins = Vec::new();
    r.object(
        "embedding settings (an object)",
        &["origins"],
        &mut |r, _| {
            r.array("a list of origins", &mut |r| {
                let at = r.offset();
                let o = r.owned()?;
                if !crate::catalog::is_origin(&o) {
                    return r.error(
                        at,
                        format!(
                            "`{}` is not an origin: write the scheme, host and port only, as in \
                         `https://partner.example` or `http://localhost:8091`",
                            crate::json::shown(&o)
                        ),
                    );
                }
                origins.push(o);
                Ok(())
            })
        },
    )?;
    Ok(origins)
}

/// A UNSPSC code: eight digits (a segment, family or class is written with trailing zeros).
fn unspsc(r: &mut Reader<'_>) -> Result<String> {
    let at = r.offset();
    let code = r.owned()?;
    if code.len() != 8 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return r.error(
            at,
            format!(
                "`{}` is not a UNSPSC code: write its eight digits, as in `43222600`",
                crate::json::shown(&code)
            ),
        );
    }
    Ok(code)
}

/// `procurement`: `{"unspsc": "43222600", "unit": "EA"}`: how procurement systems classify and
/// count a configured product of this line (both optional).
fn procurement(r: &mut Reader<'_>, c: &mut RawCatalog<'_>) -> Result<()> {
    r.object(
        "procurement settings (an object)",
        &["unspsc", "unit"],
        &mut |r, k| {
            if k == 0 {
                c.unspsc = Some(unspsc(r)?);
                return Ok(());
            }
            let at = r.offset();
            let unit = r.owned()?;
            let ok = (2..=3).contains(&unit.len())
                && unit
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
            if !ok {
                return r.error(
                    at,
                    format!(
                        "`{}` is not a unit of measure: write its UN/CEFACT code (two or three \
                         capital letters or digits), as in `EA` or `C62`",
                        crate::json::shown(&unit)
                    ),
                );
            }
            c.unit = Some(unit);
            Ok(())
        },
    )?;
    Ok(())
}

/// The whole document.
pub(super) fn catalog(text: &str) -> Result<RawCatalog<'_>> {
    let mut r = Reader::new(text);
    const F: &[&str] = &[
        "id",
        "name",
        "description",
        "version",
        "currency",
        "price_books",
        "partner_tiers",
        "terms",
        "groups",
        "rules",
        "embed",
        "deal_limits",
        "quote_validity_days",
        "procurement",
        "$schema",
    ];
    let mut c = RawCatalog {
        id: String::new(),
        name: String::new(),
        description: String::new(),
        version: String::new(),
        currency: String::new(),
        price_books: Vec::new(),
        partner_tiers: Vec::new(),
        terms: Vec::new(),
        deal_limits: Default::default(),
        quote_validity_days: None,
        groups: Vec::new(),
        rules: Vec::new(),
        embed_origins: Vec::new(),
        unspsc: None,
        unit: None,
    };
    r.object("a catalog (an object)", F, &mut |r, k| {
        match k {
            0 => c.id = r.owned()?,
            1 => c.name = r.owned()?,
            2 => c.description = r.owned()?,
            3 => c.version = r.owned()?,
            4 => c.currency = r.owned()?,
            5 => r.array("a list of price books", &mut |r| {
                c.price_books.push(RawPriceBook::read(r)?);
                Ok(())
            })?,
            6 => r.array("a list of partner tiers", &mut |r| {
                c.partner_tiers.push(RawTier::read(r)?);
                Ok(())
            })?,
            7 => c.terms = r.u32s()?,
            8 => r.array("a list of groups", &mut |r| {
                c.groups.push(group(r)?);
                Ok(())
            })?,
            9 => r.array("a list of rules", &mut |r| {
                c.rules.push(rule(r)?);
                Ok(())
            })?,
            10 => c.embed_origins = embed(r)?,
            11 => c.deal_limits = r.string_map()?,
            12 => c.quote_validity_days = Some(r.u32()?),
            13 => procurement(r, &mut c)?,
            // For editors only: the JSON Schema the file follows.
            _ => drop(r.owned()?),
        }
        Ok(())
    })?
    .require(F, &[0, 1, 3, 4, 8])?;
    r.finish()?;
    Ok(c)
}

fn group(r: &mut Reader<'_>) -> Result<RawGroup> {
    const F: &[&str] = &[
        "id",
        "name",
        "description",
        "choice",
        "required",
        "min",
        "max",
        "when",
        "items",
        "question",
    ];
    let mut g = RawGroup {
        id: String::new(),
        name: String::new(),
        description: String::new(),
        choice: ChoiceKind::Single,
        required: false,
        min: None,
        max: None,
        when: None,
        question: None,
        items: Vec::new(),
    };
    r.object("a group (an object)", F, &mut |r, k| {
        match k {
            0 => g.id = r.owned()?,
            1 => g.name = r.owned()?,
            2 => g.description = r.owned()?,
            3 => {
                g.choice = [ChoiceKind::Single, ChoiceKind::Multiple]
                    [r.variant(&["single", "multiple"])?]
            }
            4 => g.required = r.bool()?,
            5 => g.min = Some(r.u32()?),
            6 => g.max = Some(r.u32()?),
            7 => g.when = Some(r.owned()?),
            9 => g.question = Some(r.owned()?),
            _ => r.array("a list of items", &mut |r| {
                g.items.push(item(r)?);
                Ok(())
            })?,
        }
        Ok(())
    })?
    .require(F, &[0, 1, 3, 8])?;
    Ok(g)
}

fn item(r: &mut Reader<'_>) -> Result<RawItem> {
    const F: &[&str] = &[
        "id",
        "sku",
        "name",
        "description",
        "price",
        "prices",
        "family",
        "recurring",
        "volume",
        "percent_of",
        "includes",
        "default",
        "end_of_sale",
        "attributes",
        "quantity",
        "replaced_by",
        "image",
        "lead_days",
        "unspsc",
    ];
    let mut i = RawItem {
        id: String::new(),
        sku: String::new(),
        name: String::new(),
        description: String::new(),
        pricing: RawItemPricing::default(),
        default: false,
        end_of_sale: None,
        replaced_by: None,
        image: None,
        lead_days: None,
        unspsc: None,
        attributes: Default::default(),
        quantity: None,
    };
    r.object("an item (an object)", F, &mut |r, k| {
        let p = &mut i.pricing;
        match k {
            0 => i.id = r.owned()?,
            1 => i.sku = r.owned()?,
            2 => i.name = r.owned()?,
            3 => i.description = r.owned()?,
            4 => p.price = Some(r.owned()?),
            5 => p.prices = r.string_map()?,
            6 => p.family = Some(r.owned()?),
            7 => p.recurring = Some(Period::read(r)?),
            8 => r.array("a list of volume tiers", &mut |r| {
                p.volume.push(RawVolume::read(r)?);
                Ok(())
            })?,
            9 => p.percent_of = Some(RawPercentOf::read(r)?),
            10 => p.includes = r.strings()?,
            11 => i.default = r.bool()?,
            12 => i.end_of_sale = Some(r.owned()?),
            13 => i.attributes = r.i64_map()?,
            15 => i.replaced_by = Some(r.owned()?),
            16 => i.image = Some(r.owned()?),
            14 => i.quantity = Some(quantity(r)?),
            17 => i.lead_days = Some(r.u32()?),
            _ => i.unspsc = Some(unspsc(r)?),
        }
        Ok(())
    })?
    .require(F, &[0, 2])?;
    Ok(i)
}

fn quantity(r: &mut Reader<'_>) -> Result<RawQuantity> {
    const F: &[&str] = &["min", "max", "allowed"];
    let mut q = RawQuantity {
        min: 1,
        max: 0,
        allowed: None,
    };
    r.object("a quantity range (an object)", F, &mut |r, k| {
        if k == 2 {
            let mut values = Vec::new();
            r.array("a list of quantities", &mut |r| {
                values.push(r.u32()?);
                Ok(())
            })?;
            q.allowed = Some(values);
            return Ok(());
        }
        *[&mut q.min, &mut q.max][k] = r.u32()?;
        Ok(())
    })?
    .require(F, &[1])?;
    Ok(q)
}

/// A rule's fields as the reader lists them: `id`, `kind`, the fields the kinds take (see
/// [`rule_fields`]), `message`.
fn rule_keys() -> &'static [&'static str] {
    static KEYS: OnceLock<Vec<&'static str>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys = vec!["id", "kind"];
        keys.extend(rule_fields().iter().map(|&(name, _)| name));
        keys.push("message");
        keys
    })
}

/// A rule: `id`, `kind` (one of [`kind_names`]), `message`, and the fields of the kinds, each
/// in its form (which fields its kind takes is checked by the validator).
fn rule<'a>(r: &mut Reader<'a>) -> Result<RawRule<'a>> {
    let (keys, fields) = (rule_keys(), rule_fields());
    let message = keys.len() - 1;
    let mut u = RawRule {
        id: String::new(),
        kind: kind_at(0),
        message: String::new(),
        fields: Vec::new(),
    };
    r.object("a rule (an object)", keys, &mut |r, k| {
        match k {
            0 => u.id = r.owned()?,
            1 => u.kind = kind_at(r.variant(kind_names())?),
            k if k == message => u.message = r.owned()?,
            k => {
                let (name, form) = fields[k - 2];
                let value = match form {
                    Form::Text => RawValue::Text(r.owned()?),
                    Form::Texts => RawValue::Texts(r.strings()?),
                    Form::Rows => RawValue::Rows(rows(r)?),
                    Form::Number => RawValue::Number(r.u32()?),
                };
                u.fields.push((name, value));
            }
        }
        Ok(())
    })?
    .require(keys, &[0, 1, message])?;
    Ok(u)
}

/// A table's rows into one flat array of keys (tables can have hundreds of thousands of
/// cells: no allocation per row, keys borrowed from the text).
fn rows<'a>(r: &mut Reader<'a>) -> Result<RawRows<'a>> {
    let mut rows = RawRows::default();
    r.array("a list of combinations (lists of item ids)", &mut |r| {
        let mut n = 0u32;
        r.array("a combination: a list of item ids", &mut |r| {
            let key: Cow<'a, str> = r.string()?;
            rows.keys.push(Key(key));
            n += 1;
            Ok(())
        })?;
        rows.lens.push(n);
        Ok(())
    })?;
    Ok(rows)
}
