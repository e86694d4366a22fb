//! Typed context shared by the components of one configurator page.

use std::rc::Rc;
use std::sync::Arc;

use configurator_engine::wire::{self, Request};
use configurator_engine::{Choice, Engine, Evaluation, Explanation, GroupId, ItemId, Natural};
use leptos::prelude::*;

use crate::worker::Remote;

/// The compiled catalog, shared read-only. It lives as long as the page (a page opens one
/// catalog, and a new catalog is a new page load), so the context is a plain `'static`
/// reference: `Copy`, closures take it without cloning, and reading it costs nothing (a
/// reactive store around it cost about 1 KB of wasm per reading site).
#[derive(Clone, Copy)]
pub struct EngineCtx(&'static Engine);

impl EngineCtx {
    /// The context of an engine, kept for the rest of the page's life.
    pub fn new(engine: Arc<Engine>) -> EngineCtx {
        let kept: &'static Arc<Engine> = Box::leak(Box::new(engine));
        EngineCtx(kept)
    }

    /// The engine.
    pub fn get(self) -> &'static Engine {
        self.0
    }

    /// Reads the engine.
    pub fn with<R>(self, f: impl FnOnce(&'static Engine) -> R) -> R {
        f(self.0)
    }
}

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

/// The engine's answer for the current choices, derived from [`Choices`]: computed on the
/// page, or for a large catalog answered by the worker (the previous answer stays until the
/// new one arrives).
#[derive(Clone, Copy)]
pub struct CurrentEvaluation(pub Signal<Arc<Evaluation>>);

/// A catalog ready to configure: its engine on the page and, for a catalog too large to
/// answer within a frame, the worker that answers for it, with its first evaluation (of no
/// choices). The page's engine then has no diagram and is asked only if the worker fails.
#[derive(Clone)]
pub struct Loaded {
    /// The engine on the page (the catalog, cheap answers, and the fallback).
    pub engine: Arc<Engine>,
    /// The worker and its first answer, for a large catalog.
    pub remote: Option<(Rc<Remote>, Arc<Evaluation>)>,
}

impl Loaded {
    /// A catalog answered on the page.
    pub fn here(engine: Engine) -> Loaded {
        Loaded {
            engine: Arc::new(engine),
            remote: None,
        }
    }
}

/// Where the engine's slower answers come from: the worker when there is one, else (or when
/// it fails) the page's engine. Each answer is awaited, so a component never blocks on it.
#[derive(Clone, Copy)]
pub struct Compute {
    engine: EngineCtx,
    remote: StoredValue<Option<Rc<Remote>>, LocalStorage>,
}

impl Compute {
    /// Whether a worker answers.
    pub fn in_worker(&self) -> bool {
        self.remote.with_value(Option::is_some)
    }

    /// The worker's answer to `request`, read by `decode`; the page's engine (`here`) when
    /// there is no worker, it failed, or its answer cannot be read.
    async fn answer<T>(
        self,
        request: Request,
        decode: impl FnOnce(&[u32], &Engine) -> Result<T, wire::Malformed>,
        here: impl FnOnce(&Engine) -> T,
    ) -> T {
        let engine = self.engine.get();
        if let Some(remote) = self.remote.with_value(Option::clone) {
            if let Some(words) = remote.call(&request.encode()).await {
                if let Ok(value) = decode(&words, engine) {
                    return value;
                }
            }
        }
        here(engine)
    }

    /// [`Engine::evaluate`].
    pub async fn evaluate(self, choices: Vec<Choice>) -> Evaluation {
        let request = Request::Evaluate(choices.clone());
        self.answer(request, wire::decode_evaluation, |e| e.evaluate(&choices))
            .await
    }

    /// [`Engine::explain`].
    pub async fn explain(self, choices: Vec<Choice>, item: ItemId) -> Option<Explanation> {
        let request = Request::Explain(choices.clone(), item);
        self.answer(request, wire::decode_explanation, |e| {
            e.explain(&choices, item)
        })
        .await
    }

    /// [`Engine::choose_anyway`].
    pub async fn choose_anyway(
        self,
        choices: Vec<Choice>,
        item: ItemId,
    ) -> Option<configurator_engine::Repair<Choice>> {
        let request = Request::ChooseAnyway(choices.clone(), item);
        self.answer(request, wire::decode_repair, |e| {
            e.choose_anyway(&choices, item)
        })
        .await
    }

    /// [`Engine::count_within`].
    pub async fn count(self, choices: Vec<Choice>, budget: u64) -> Option<Natural> {
        let request = Request::Count(choices.clone(), budget);
        self.answer(
            request,
            |words, _| wire::decode_count(words),
            |e| e.count_within(&choices, budget),
        )
        .await
    }

    /// [`Engine::complete_with_defaults`].
    pub async fn defaults(self, choices: Vec<Choice>) -> Vec<Choice> {
        let request = Request::Defaults(choices.clone());
        self.answer(request, wire::decode_choices, |e| {
            e.complete_with_defaults(&choices)
        })
        .await
    }

    /// [`Engine::cheapest_completion`].
    pub async fn cheapest(self, choices: Vec<Choice>) -> Option<Vec<Choice>> {
        let request = Request::Cheapest(choices.clone());
        self.answer(request, wire::decode_cheapest, |e| {
            e.cheapest_completion(&choices)
        })
        .await
    }
}

/// The current configuration priced at list (the catalog's own book, no partner context; in
/// PunchOut mode at the buyer's contract):
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

/// Provides the configurator context for a loaded catalog and returns it.
pub fn provide_configurator(
    loaded: Loaded,
) -> (EngineCtx, Choices, CurrentEvaluation, CurrentStep) {
    let engine = EngineCtx::new(loaded.engine.clone());
    let choices = Choices::new();
    let compute = Compute {
        engine,
        remote: StoredValue::new_local(loaded.remote.as_ref().map(|(r, _)| r.clone())),
    };
    let evaluation = CurrentEvaluation(match loaded.remote {
        None => {
            Memo::new(move |_| Arc::new(choices.with(|c| engine.with(|e| e.evaluate(c))))).into()
        }
        Some((_, first)) => {
            // Each change asks the worker; only the answer to the latest question is kept.
            let answered = crate::task::latest(Some(first.clone()), move || {
                let now = choices.with(Vec::clone);
                async move { Arc::new(compute.evaluate(now).await) }
            });
            Signal::derive(move || answered.get().unwrap_or_else(|| first.clone()))
        }
    });
    // At list, but in PunchOut mode at the buyer's contract (the address's book and tier).
    let running = StoredValue::new(if crate::mode::punchout() {
        engine.with(|e| address_context(e.catalog()))
    } else {
        Default::default()
    });
    let priced = CurrentPriced(Memo::new(move |_| {
        evaluation.0.with(|e| {
            engine.with(|en| {
                running
                    .with_value(|context| {
                        configurator_engine::pricing::price(en.catalog(), e, context)
                    })
                    .ok()
                    .map(Arc::new)
            })
        })
    }));
    provide_context(priced);
    if !compute.in_worker() {
        // Explanations need a solver of their own: build it once the browser is idle.
        request_idle_callback(move || engine.with(Engine::prepare_explanations));
    }
    let first = engine.with(|e| e.catalog().groups()[0].id);
    let step = CurrentStep(RwSignal::new(first));
    provide_context(engine);
    provide_context(compute);
    provide_context(choices);
    provide_context(evaluation);
    provide_context(step);
    provide_context(CurrentView(RwSignal::new(AppView::Configure)));
    provide_context(QuoteSettings {
        context: RwSignal::new(engine.with(|e| address_context(e.catalog()))),
        meta: RwSignal::new(Default::default()),
    });
    (engine, choices, evaluation, step)
}

/// The pricing context the address asks for (`?book=ID&tier=ID`: the portal opens its buyers'
/// configurations so, at their account's contract prices), keeping only a book and a tier the
/// catalog has.
fn address_context(
    catalog: &configurator_engine::Catalog,
) -> configurator_engine::pricing::PricingContext {
    let pricing = &catalog.pricing;
    let book = crate::url::param("book").filter(|b| pricing.books.iter().any(|x| &x.id == b));
    let tier = crate::url::param("tier").filter(|t| pricing.tiers.iter().any(|x| &x.id == t));
    configurator_engine::pricing::PricingContext {
        price_book: book,
        partner_tier: tier,
        ..Default::default()
    }
}

/// The embed's host, when there is one: the iframe's allowed parent page or the custom
/// element (for the quote's "send to this page"); given as context by the configurator.
#[derive(Clone)]
pub struct EmbedLink(pub Option<crate::embed::Link>);
