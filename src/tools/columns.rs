//! The configurations a comparison shows, as the address names them (`x=`, up to four):
//! `line:PRODUCT:SHARE` (a configuration of a built-in product line, as a share string) or
//! `saved:KEY` (a quote saved in this browser), and what the engine says about each.

use std::sync::Arc;

use configurator_engine::compare::Evaluated;
use configurator_engine::pricing::PricingContext;
use configurator_engine::{Choice, Engine};
use leptos::prelude::*;

use super::Lines;

/// The most configurations side by side.
pub const MOST: usize = 4;

/// Where a column's configuration comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A configuration of a built-in product line (catalog id), as a share string.
    Line(String, String),
    /// A quote saved in this browser, by storage key.
    Saved(String),
}

impl Source {
    /// Reads one `x=` value; `None` when it is neither form.
    pub fn parse(text: &str) -> Option<Source> {
        if let Some(key) = text.strip_prefix("saved:") {
            return (!key.is_empty()).then(|| Source::Saved(key.to_owned()));
        }
        // A share string has no colon (URL-safe base64); the product id comes before it.
        let (product, share) = text.strip_prefix("line:")?.rsplit_once(':')?;
        (!product.is_empty()).then(|| Source::Line(product.to_owned(), share.to_owned()))
    }

    /// The `x=` value.
    pub fn text(&self) -> String {
        match self {
            Source::Line(p, s) => format!("line:{p}:{s}"),
            Source::Saved(k) => format!("saved:{k}"),
        }
    }
}

/// The sources named by a query string's `x=` values, in order, at most [`MOST`], each once;
/// then the configuration of `from` (the configurator's own query: `product=…&c=…`) when
/// given and not there yet.
pub fn from_query(xs: &[String], from: Option<(String, String)>) -> Vec<Source> {
    let mut out: Vec<Source> = Vec::new();
    let extra = from.map(|(p, c)| Source::Line(p, c));
    for s in xs.iter().filter_map(|x| Source::parse(x)).chain(extra) {
        add(&mut out, s);
    }
    out
}

/// Adds `source` to the columns unless it is there already or there are [`MOST`]; whether
/// it was added.
pub fn add(columns: &mut Vec<Source>, source: Source) -> bool {
    let fits = !columns.contains(&source) && columns.len() < MOST;
    if fits {
        columns.push(source);
    }
    fits
}

/// One configuration, evaluated and priced.
#[derive(Clone, PartialEq)]
pub struct Column {
    /// Where it comes from.
    pub source: Source,
    /// The product line (index in the tools' lines).
    pub line: usize,
    /// Its heading: the saved quote's name, else the model in it, else the product line.
    pub title: String,
    /// The choices.
    pub choices: Vec<Choice>,
    /// Its evaluation, resources and prices (or why it cannot be priced).
    pub evaluated: Evaluated,
    /// The pricing context (the saved quote's; the list price book otherwise).
    pub context: PricingContext,
}

/// What a column needs from its source before the engine runs: the product line, the
/// choices, the context and a saved quote's name.
pub struct Resolved {
    /// The product line (index).
    pub line: usize,
    /// The choices.
    pub choices: Vec<Choice>,
    /// The pricing context.
    pub context: PricingContext,
    /// A saved quote's name.
    pub name: Option<String>,
}

/// Evaluates and prices a resolved source with the product line's engine.
pub fn column(source: Source, r: Resolved, engine: &Arc<Engine>) -> Column {
    let catalog = engine.catalog();
    let evaluated = Evaluated::new(engine, &r.choices, &r.context);
    let model = configurator_engine::compare::models(catalog)
        .into_iter()
        .find(|&m| evaluated.evaluation.item(m).is_in())
        .map(|m| catalog.item(m).name.clone());
    let title = r.name.or(model).unwrap_or_else(|| catalog.name.clone());
    Column {
        source,
        line: r.line,
        title,
        choices: r.choices,
        evaluated,
        context: r.context,
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn sources_read_back_what_they_write() {
        for s in [
            Source::Line("nx-3400".into(), "AwAB-_x".into()),
            Source::Line("nx-3400".into(), String::new()),
            Source::Saved("configurator.quote.17-4".into()),
            Source::Saved("a:b".into()),
        ] {
            assert_eq!(Source::parse(&s.text()), Some(s));
        }
        for bad in ["", "line:", "line::abc", "saved:", "nx-3400:abc", "other:x"] {
            assert_eq!(Source::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn at_most_four_each_once_and_the_configurators_last() {
        let xs: Vec<String> = ["line:a:1", "saved:k", "line:a:1", "junk", "line:b:2"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let got = from_query(&xs, Some(("c".into(), "3".into())));
        assert_eq!(
            got,
            [
                Source::Line("a".into(), "1".into()),
                Source::Saved("k".into()),
                Source::Line("b".into(), "2".into()),
                Source::Line("c".into(), "3".into()),
            ]
        );
        let more: Vec<String> = (0..6).map(|k| format!("line:p:{k}")).collect();
        assert_eq!(from_query(&more, None).len(), MOST);
        // The configurator's configuration is not added twice.
        let once = from_query(&["line:a:1".into()], Some(("a".into(), "1".into())));
        assert_eq!(once.len(), 1);
    }
}

/// The engines of the product lines, built when a column first needs one.
#[derive(Clone, Copy)]
pub struct Engines {
    lines: StoredValue<Lines>,
    built: StoredValue<Vec<Option<Arc<Engine>>>>,
}

impl Engines {
    pub fn new(lines: Lines) -> Engines {
        let n = lines.0.len();
        Engines {
            lines: StoredValue::new(lines),
            built: StoredValue::new(vec![None; n]),
        }
    }

    /// The engine of product line `k`.
    pub fn get(self, k: usize) -> Arc<Engine> {
        if let Some(e) = self.built.with_value(|b| b[k].clone()) {
            return e;
        }
        let lines = self.lines.get_value();
        let (catalog, diagram) = &lines.0[k];
        let budget = crate::catalog_engine::diagram_budget();
        let e = Arc::new(crate::catalog_engine::engine_from(
            catalog.clone(),
            budget,
            diagram.as_ref(),
        ));
        self.built.update_value(|b| b[k] = Some(e.clone()));
        e
    }

    /// The index of the product line with catalog id `id`.
    pub fn line(self, id: &str) -> Option<usize> {
        self.lines
            .with_value(|l| l.0.iter().position(|(c, _)| c.id == id))
    }

    /// Item `i` (index) of product line `k`, when it exists.
    pub fn item(self, k: usize, i: usize) -> Option<configurator_engine::ItemId> {
        self.lines.with_value(|l| {
            let (c, _) = l.0.get(k)?;
            c.items().get(i).map(|it| it.id)
        })
    }

    /// The product lines.
    pub fn lines(self) -> Lines {
        self.lines.get_value()
    }

    /// What a source names, evaluated and priced, or why it cannot be shown.
    pub fn column(self, source: &Source) -> Result<Column, String> {
        let resolved = match source {
            Source::Line(id, code) => {
                let k = self
                    .line(id)
                    .ok_or_else(|| format!("no product line `{id}` here"))?;
                let choices = if code.is_empty() {
                    Vec::new()
                } else {
                    let lines = self.lines.get_value();
                    configurator_engine::share::decode(&lines.0[k].0, code)
                        .map_err(|e| format!("the link's configuration cannot be read ({e})"))?
                        .choices
                };
                Resolved {
                    line: k,
                    choices,
                    context: Default::default(),
                    name: None,
                }
            }
            Source::Saved(key) => {
                let saved = crate::saved::get(key)?;
                let id = &saved.quote.catalog.id;
                let k = self
                    .line(id)
                    .ok_or_else(|| format!("made for `{id}`, which is not a product line here"))?;
                let lines = self.lines.get_value();
                let choices =
                    configurator_engine::quote::resolve(&lines.0[k].0, &saved.quote.configuration)
                        .map_err(|e| e.to_string())?;
                Resolved {
                    line: k,
                    choices,
                    context: saved.quote.context.clone(),
                    name: Some(saved.name),
                }
            }
        };
        let engine = self.get(resolved.line);
        Ok(column(source.clone(), resolved, &engine))
    }
}
