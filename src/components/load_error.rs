use configurator_engine::CatalogError;
use leptos::prelude::*;

/// A clear error page for a catalog that does not load: every problem with its place.
#[component]
pub fn LoadError(error: CatalogError) -> impl IntoView {
    let lines: Vec<String> = error.diagnostics.iter().map(ToString::to_string).collect();
    view! {
        <main class="load-error" role="alert">
            <h1>"This catalog could not be loaded"</h1>
            <p>"Fix the problems below and reload the page."</p>
            <ul>{lines.into_iter().map(|l| view! { <li><code>{l}</code></li> }).collect_view()}</ul>
        </main>
    }
}
