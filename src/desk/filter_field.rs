//! One labelled input of a list's search form.

use leptos::prelude::*;

/// A labelled input bound to one field of a list's filter (`get` reads it, `set` writes what
/// is typed): the quotes' and the orders' search forms.
pub fn filter_field<F: Send + Sync + 'static>(
    filter: RwSignal<F>,
    id: &'static str,
    label: Signal<&'static str>,
    kind: &'static str,
    get: fn(&F) -> String,
    set: fn(&mut F, String),
) -> impl IntoView {
    view! {
        <div class="desk-field">
            <label for=id>{label}</label>
            <input id=id type=kind prop:value=move || filter.with(get)
                on:input=move |e| filter.update(|f| set(f, event_target_value(&e))) />
        </div>
    }
}
