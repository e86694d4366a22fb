//! `configurator count`: the exact count of configurations, with choices.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context};
use configurator_engine::{Catalog, ItemId};

use crate::diagram::{engine_on, EnginePath};
use crate::load;
use crate::out::out;

/// Resolves `GROUP=ITEM` choices.
pub fn parse_choices(catalog: &Catalog, select: &[String]) -> anyhow::Result<Vec<ItemId>> {
    select
        .iter()
        .map(|s| {
            let Some((g, i)) = s.split_once('=') else {
                bail!("`{s}` is not GROUP=ITEM");
            };
            resolve(catalog, g, i)
        })
        .collect()
}

pub fn resolve(catalog: &Catalog, group: &str, item: &str) -> anyhow::Result<ItemId> {
    if catalog.group_by_key(group).is_none() {
        bail!("unknown group `{group}`");
    }
    catalog
        .item_by_key(group, item)
        .with_context(|| format!("group `{group}` has no item `{item}`"))
}

pub fn count(path: &Path, select: &[String], on: EnginePath) -> anyhow::Result<ExitCode> {
    let Some(catalog) = load(path)? else {
        return Ok(ExitCode::from(1));
    };
    let choices = parse_choices(&catalog, select)?;
    let engine = engine_on(catalog, path, on)?;
    // Asked for explicitly, so the model counter may work longer than the engine's default
    // (about a minute natively) before it gives up.
    match engine.count_within(&choices, 20 * configurator_engine::COUNT_BUDGET) {
        Some(n) => {
            out!("{n}");
            Ok(ExitCode::SUCCESS)
        }
        None => bail!(
            "this catalog is too large for an exact count: its decision diagram exceeds {} nodes, \
             and the model counter either gave up after about a minute or cannot count it (a \
             resource rule over many items with wide quantities is too large to write out)",
            configurator_engine::DIAGRAM_BUDGET
        ),
    }
}
