use configurator_engine::Engine;
use leptos::prelude::*;

use super::group_step::GroupStep;
use super::step_list::StepList;
use super::summary::Summary;
use crate::state::provide_configurator;

/// The configuration page: steps on the left, the current step's options in the middle, the
/// summary with the running total on the right.
#[component]
pub fn Configurator(engine: Engine) -> impl IntoView {
    let (engine, ..) = provide_configurator(engine);
    let catalog = engine.0.catalog();
    let name = catalog.name.clone();
    let description = catalog.description.clone();
    view! {
        <div class="app">
            <header class="app-header">
                <div class="brand" aria-hidden="true">"◆"</div>
                <div>
                    <h1>{name}</h1>
                    <p class="tagline">{description}</p>
                </div>
            </header>
            <main class="configurator">
                <StepList />
                <GroupStep />
                <Summary />
            </main>
        </div>
    }
}
