//! Typed context shared by the components of one configurator page.

use std::sync::Arc;

use configurator_engine::{Choice, Engine, Evaluation, GroupId};
use leptos::prelude::*;

/// The compiled catalog, shared read-only.
#[derive(Clone)]
pub struct EngineCtx(pub Arc<Engine>);

/// The user's choices (items, and the quantities they set), in the order they were made: the
/// only state the user edits, with its undo and redo history.
#[derive(Clone, Copy)]
pub struct Choices {
    current: RwSignal<Vec<Choice>>,
    past: RwSignal<Vec<Vec<Choice>>>,
    future: RwSignal<Vec<Vec<Choice>>>,
}

impl Choices {
    fn new() -> Self {
        Choices {
            current: RwSignal::new(Vec::new()),
            past: RwSignal::new(Vec::new()),
            future: RwSignal::new(Vec::new()),
        }
    }

    /// Reads the choices (tracked).
    pub fn with<R>(&self, f: impl FnOnce(&Vec<Choice>) -> R) -> R {
        self.current.with(f)
    }

    /// The choices now (untracked).
    pub fn get_untracked(&self) -> Vec<Choice> {
        self.current.get_untracked()
    }

    /// A change the user made: recorded for undo (the redo history is dropped). Nothing
    /// happens when the choices stay the same.
    pub fn set(&self, next: Vec<Choice>) {
        let before = self.current.get_untracked();
        if before == next {
            return;
        }
        self.past.update(|p| p.push(before));
        self.future.update(Vec::clear);
        self.current.set(next);
    }

    /// Edits the choices in place, as [`Choices::set`].
    pub fn update(&self, f: impl FnOnce(&mut Vec<Choice>)) {
        let mut next = self.current.get_untracked();
        f(&mut next);
        self.set(next);
    }

    /// Restores choices from elsewhere (the address bar) without touching the history.
    pub fn restore(&self, choices: Vec<Choice>) {
        if self.current.get_untracked() != choices {
            self.current.set(choices);
        }
    }

    /// Goes back one change; false when there is none.
    pub fn undo(&self) -> bool {
        let Some(before) = self.past.try_update(Vec::pop).flatten() else {
            return false;
        };
        let now = self.current.get_untracked();
        self.future.update(|f| f.push(now));
        self.current.set(before);
        true
    }

    /// Goes forward one undone change; false when there is none.
    pub fn redo(&self) -> bool {
        let Some(after) = self.future.try_update(Vec::pop).flatten() else {
            return false;
        };
        let now = self.current.get_untracked();
        self.past.update(|p| p.push(now));
        self.current.set(after);
        true
    }

    /// Whether there is a change to undo (tracked).
    pub fn can_undo(&self) -> bool {
        self.past.with(|p| !p.is_empty())
    }

    /// Whether there is an undone change to redo (tracked).
    pub fn can_redo(&self) -> bool {
        self.future.with(|f| !f.is_empty())
    }
}

/// The engine's answer for the current choices, derived from [`Choices`].
#[derive(Clone, Copy)]
pub struct CurrentEvaluation(pub Memo<Arc<Evaluation>>);

/// The current configuration priced at list (the catalog's own book, no partner context):
/// one-time and recurring totals kept apart. `None` if the catalog cannot price it.
#[derive(Clone, Copy)]
pub struct CurrentPriced(pub Memo<Option<Arc<configurator_engine::pricing::Priced>>>);

/// Which page of the configurator is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppView {
    /// Steps, options and summary.
    Configure,
    /// The quote for the current configuration.
    Quote,
    /// The saved quotes.
    Saved,
}

/// The page shown.
#[derive(Clone, Copy)]
pub struct CurrentView(pub RwSignal<AppView>);

/// The quote's pricing context and metadata, edited on the quote page.
#[derive(Clone, Copy)]
pub struct QuoteSettings {
    /// Price book, partner tier and term.
    pub context: RwSignal<configurator_engine::pricing::PricingContext>,
    /// Quote number, customer, prepared by, valid until, notes.
    pub meta: RwSignal<configurator_engine::quote::QuoteMeta>,
}

/// The step (group) shown in the middle pane.
#[derive(Clone, Copy)]
pub struct CurrentStep(pub RwSignal<GroupId>);

/// Provides the configurator context for `engine` and returns it.
pub fn provide_configurator(
    engine: Engine,
) -> (EngineCtx, Choices, CurrentEvaluation, CurrentStep) {
    let engine = EngineCtx(Arc::new(engine));
    let choices = Choices::new();
    let eval_engine = engine.0.clone();
    let evaluation = CurrentEvaluation(Memo::new(move |_| {
        Arc::new(choices.with(|c| eval_engine.evaluate(c)))
    }));
    let priced_engine = engine.0.clone();
    let priced = CurrentPriced(Memo::new(move |_| {
        evaluation.0.with(|e| {
            configurator_engine::pricing::price(priced_engine.catalog(), e, &Default::default())
                .ok()
                .map(Arc::new)
        })
    }));
    provide_context(priced);
    // Explanations need a solver of their own: build it once the browser is idle.
    let idle_engine = engine.0.clone();
    request_idle_callback(move || idle_engine.prepare_explanations());
    let first = engine.0.catalog().groups()[0].id;
    let step = CurrentStep(RwSignal::new(first));
    provide_context(engine.clone());
    provide_context(choices);
    provide_context(evaluation);
    provide_context(step);
    provide_context(CurrentView(RwSignal::new(AppView::Configure)));
    provide_context(QuoteSettings {
        context: RwSignal::new(Default::default()),
        meta: RwSignal::new(Default::default()),
    });
    (engine, choices, evaluation, step)
}
