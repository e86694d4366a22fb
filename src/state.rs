//! Typed context shared by the components of one configurator page.

use std::sync::Arc;

use configurator_engine::{Choice, Engine, Evaluation, GroupId};
use leptos::prelude::*;

/// The compiled catalog, shared read-only.
#[derive(Clone)]
pub struct EngineCtx(pub Arc<Engine>);

/// The user's choices (items, and the quantities they set), in the order they were made: the
/// only state the user edits.
#[derive(Clone, Copy)]
pub struct Choices(pub RwSignal<Vec<Choice>>);

/// The engine's answer for the current choices, derived from [`Choices`].
#[derive(Clone, Copy)]
pub struct CurrentEvaluation(pub Memo<Arc<Evaluation>>);

/// The step (group) shown in the middle pane.
#[derive(Clone, Copy)]
pub struct CurrentStep(pub RwSignal<GroupId>);

/// Provides the configurator context for `engine` and returns it.
pub fn provide_configurator(
    engine: Engine,
) -> (EngineCtx, Choices, CurrentEvaluation, CurrentStep) {
    let engine = EngineCtx(Arc::new(engine));
    let choices = Choices(RwSignal::new(Vec::new()));
    let eval_engine = engine.0.clone();
    let evaluation = CurrentEvaluation(Memo::new(move |_| {
        Arc::new(choices.0.with(|c| eval_engine.evaluate(c)))
    }));
    // Explanations need a solver of their own: build it once the browser is idle.
    let idle_engine = engine.0.clone();
    request_idle_callback(move || idle_engine.prepare_explanations());
    let first = engine.0.catalog().groups()[0].id;
    let step = CurrentStep(RwSignal::new(first));
    provide_context(engine.clone());
    provide_context(choices);
    provide_context(evaluation);
    provide_context(step);
    (engine, choices, evaluation, step)
}
