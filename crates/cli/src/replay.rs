//! `configurator replay`: recorded sessions clicked again, per-click figures and a summary.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context};
use configurator_engine::{Catalog, Constraint, Explanation, ItemId, ItemState};
use serde_json::{json, Value};

use crate::diagram::{engine_on, path_name, EnginePath};
use crate::out::out_json;
use crate::{load, read};

pub fn explanation_json(catalog: &Catalog, e: &Explanation) -> Value {
    let choices: Vec<String> = e.choices.iter().map(|&i| catalog.item_key(i)).collect();
    let constraints: Vec<Value> = e
        .constraints
        .iter()
        .map(|&c| match c {
            Constraint::Rule(r) => {
                json!({"rule": catalog.rule(r).key, "message": catalog.rule(r).message})
            }
            Constraint::Group(g) => json!({"group": catalog.group(g).key}),
        })
        .collect();
    json!({"choices": choices, "constraints": constraints})
}

pub fn percentile(sorted: &[u128], p: f64) -> u128 {
    if sorted.is_empty() {
        return 0;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

pub fn replay(path: &Path, sessions: &Path, on: EnginePath) -> anyhow::Result<ExitCode> {
    let Some(catalog) = load(path)? else {
        return Ok(ExitCode::from(1));
    };
    let text = read(sessions, "sessions file")?;
    let engine = engine_on(catalog, path, on)?;
    let catalog = engine.catalog();
    let mut times = Vec::new();
    let mut rejected = 0;
    for (s, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let place = || format!("{}:{}", sessions.display(), s + 1);
        let clicks: Vec<(String, String)> = configurator_engine::quote::choices_from_json(line)
            .map_err(|e| {
                anyhow::anyhow!(
                    "{}: {e} (a session is a JSON array of [group, item] pairs)",
                    place()
                )
            })?
            .into_iter()
            .enumerate()
            .map(|(k, c)| match c.quantity {
                None => Ok((c.group, c.item)),
                Some(q) => bail!(
                    "{}: click {} sets a quantity ({q}): replayed clicks are [group, item] pairs",
                    place(),
                    k + 1
                ),
            })
            .collect::<anyhow::Result<_>>()?;
        let mut choices: Vec<ItemId> = Vec::new();
        let mut eval = engine.evaluate(&choices);
        for (c, (group, item)) in clicks.iter().enumerate() {
            let id = crate::count::resolve(catalog, group, item)
                .with_context(|| format!("{}:{}: click {c}", sessions.display(), s + 1))?;
            if eval.item(id) == ItemState::Unavailable {
                rejected += 1;
                let why = engine
                    .explain(&choices, id)
                    .map(|e| explanation_json(catalog, &e));
                out_json!(
                    "{}\n",
                    json!({"session": s, "click": c, "unavailable": format!("{group}.{item}"), "explanation": why})
                );
                continue;
            }
            if choices.contains(&id) {
                continue;
            }
            choices = engine.toggle(&choices, id);
            let t = Instant::now();
            eval = engine.evaluate(&choices);
            let micros = t.elapsed().as_micros();
            times.push(micros);
            let available = eval
                .items
                .iter()
                .filter(|s| **s != ItemState::Unavailable)
                .count();
            out_json!(
                "{}\n",
                json!({"session": s, "click": c, "micros": micros, "available": available})
            );
        }
    }
    times.sort_unstable();
    out_json!(
        "{}\n",
        json!({
            "engine": path_name(&engine),
            "clicks": times.len(),
            "unavailable": rejected,
            "p50_micros": percentile(&times, 0.5),
            "p99_micros": percentile(&times, 0.99),
            "max_micros": times.last().copied().unwrap_or(0),
        })
    );
    Ok(ExitCode::SUCCESS)
}
