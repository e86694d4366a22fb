//! Asynchronous plumbing: the latest answer of a question that depends on signals, and
//! yielding to the browser's event loop.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;

/// The latest answer of an asynchronous question that depends on signals: `ask` runs
/// (tracked) whenever what it reads changes and returns the future to await; an answer is
/// kept only if no newer question was asked meanwhile, so a slow answer never overwrites a
/// newer one. `initial` until the first answer. (Plain effects and tasks rather than
/// resources: each resource type costs several KB of wasm, and a resource under a
/// `<Suspense>` sends the page back to its fallback on every change.)
pub fn latest<T, F>(
    initial: Option<T>,
    ask: impl Fn() -> F + 'static,
) -> ReadSignal<Option<T>, LocalStorage>
where
    T: 'static,
    F: Future<Output = T> + 'static,
{
    // The question's future boxed: the task that awaits it is built once per answer type,
    // not once per question (each copy was a few KB of wasm).
    latest_boxed(initial, Box::new(move || Box::pin(ask()) as Question<T>))
}

/// A question's answer to come.
type Question<T> = Pin<Box<dyn Future<Output = T>>>;

fn latest_boxed<T: 'static>(
    initial: Option<T>,
    ask: Box<dyn Fn() -> Question<T>>,
) -> ReadSignal<Option<T>, LocalStorage> {
    let answer = RwSignal::new_local(initial);
    let asked = StoredValue::new(0u64);
    Effect::new(move |_| {
        let question = ask();
        let Some(n) = asked.try_update_value(|n| {
            *n += 1;
            *n
        }) else {
            return;
        };
        leptos::task::spawn_local(async move {
            let value = question.await;
            if asked.try_get_value() == Some(n) {
                let _ = answer.try_set(Some(value));
            }
        });
    });
    answer.read_only()
}

/// Resolves in a later task of the browser's event loop (a zero-delay timeout), so that work
/// awaiting it runs after the browser has had the chance to paint and to handle input.
pub async fn next_task() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}
